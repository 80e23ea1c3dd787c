//! The household as the rules see it (`hh`): year incomes per person from the record (with the
//! holiday-allowance uplift per soort), the actual situation and the bijstand reference, the
//! beleidsregels' choices and the payment years.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::inkomen;
use super::teksten::maandinkomen;
use crate::error::Fout;
use crate::model::geheugen;
use crate::model::objecten::{Beleid, Huishouden, PersoonData, SituatieData};
use crate::model::voorraad::{naar_voorraad, uit_voorraad};
use crate::params::Waarde;
use crate::policy::{Beleidsregels, GeladenBeleid};
use crate::record::{self, Soort};
use crate::script::GecompileerdPack;

fn soorten_lijst(pack: &GecompileerdPack, naam: &str) -> Vec<Soort> {
    match pack.pack.parameters.get(naam).map(|p| &p.waarde) {
        Some(Waarde::Lijst(l)) => l
            .iter()
            .filter_map(|w| match w {
                Waarde::Tekst(t) => Soort::van_naam(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The holiday-allowance surcharges per soort that the pack sets (`inkomen.vakantietoeslag_soorten`
/// and `inkomen.vakantietoeslag_in_bedrag.<soort>`).
fn opslagen(pack: &GecompileerdPack) -> inkomen::Opslagen {
    let aandeel_in_bedrag = Soort::ALLE
        .iter()
        .filter_map(|s| {
            let naam = format!("inkomen.vakantietoeslag_in_bedrag.{}", s.naam());
            match pack.pack.parameters.get(&naam).map(|p| &p.waarde) {
                Some(Waarde::Getal(a)) => Some((*s, *a)),
                _ => None,
            }
        })
        .collect();
    inkomen::Opslagen {
        volgens_beleidsregels: soorten_lijst(pack, "inkomen.vakantietoeslag_soorten"),
        aandeel_in_bedrag,
    }
}

/// The household as the rules see it (`hh` in Rhai): year incomes per person (§2), the actual
/// situation and the bijstand reference (§5), the beleidsregels' choices (completed with the
/// pack's defaults). Every quantity can then be computed on it with
/// `GecompileerdPack::op_huishouden`, `op_situatie` and `op_persoon`, as `beoordeel` does and as
/// the coverage test does for every quantity.
pub fn huishouden_object(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    hh: &record::Huishouden,
    record_naam: &str,
) -> Result<Huishouden, Fout> {
    let regels = beleid
        .regels
        .aangevuld(pack.pack.standaard_beleid.as_deref());
    maak_huishouden(pack, beleid, &regels, hh, record_naam).map(|(obj, _)| obj)
}

/// `huishouden_object`, plus how each income given in monthly amounts became a year income
/// (for the explanation).
pub(super) fn maak_huishouden(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    regels: &Beleidsregels,
    hh: &record::Huishouden,
    record_naam: &str,
) -> Result<(Huishouden, Vec<String>), Fout> {
    let (personen, uit_maanden) = personen(pack, regels, hh, record_naam)?;
    // one memo for the household, its situations and their persons (model/geheugen.rs), from
    // this thread's memos kept for reuse (model/voorraad.rs)
    let geheugen = geheugen::GeheugenPlaats::met(uit_voorraad(), Some(naar_voorraad));
    let referentie = (personen.len() == 2).then(|| {
        let ref_personen = personen
            .iter()
            .map(|p| PersoonData {
                inkomen: [Decimal::ZERO; Soort::AANTAL],
                ..p.clone()
            })
            .collect();
        // the reference couple are fiscal partners and toeslagpartners
        SituatieData::nieuw(true, hh.jaar, ref_personen, hh, (true, true), &geheugen)
    });
    // berekening.md §7: a partner who died before the year was no partner in it; a partner who
    // died during the year counts: the couple is assessed as it was while both lived.
    let werkelijk = if overleden_voor_jaar(hh).is_some() {
        SituatieData::nieuw(false, hh.jaar, personen, hh, (false, false), &geheugen)
    } else {
        let partners = (hh.fiscaal_partner, hh.toeslagpartner);
        SituatieData::nieuw(false, hh.jaar, personen, hh, partners, &geheugen)
    };
    let (keuze, bedrag) = regels.vermogensgrens();
    let obj = crate::model::objecten::nieuw_huishouden(
        hh.jaar,
        werkelijk,
        referentie,
        Beleid {
            vermogensgrens_keuze: keuze.naam(),
            vermogensgrens_bedrag: bedrag.unwrap_or_default(),
            vermogensgrens_in_beleidsregels: beleid.regels.vermogen.is_some(),
        },
        hh.op_lijst_belastingdienst,
        regels
            .betaaldatums(eerste_betaaldatum(hh))
            .iter()
            .map(|d| d.year())
            .collect(),
    );
    Ok((obj, uit_maanden))
}

/// The persons with their year incomes (§2), and how each income given in monthly amounts
/// became a year income (for the explanation).
fn personen(
    pack: &GecompileerdPack,
    regels: &Beleidsregels,
    hh: &record::Huishouden,
    record_naam: &str,
) -> Result<(Vec<PersoonData>, Vec<String>), Fout> {
    let rp = regels.referteperiode();
    // the surcharges are read only for a record with monthly amounts
    let maandbedragen = hh
        .personen
        .iter()
        .any(|p| p.inkomsten.iter().any(|i| i.bruto_per_maand.is_some()));
    let opslag = if maandbedragen {
        opslagen(pack)
    } else {
        inkomen::Opslagen::default()
    };
    let mut personen = Vec::with_capacity(hh.personen.len());
    let mut uit_maanden: Vec<String> = Vec::new();
    for (i, p) in hh.personen.iter().enumerate() {
        let mut bedragen = [Decimal::ZERO; Soort::AANTAL];
        for (j, ink) in p.inkomsten.iter().enumerate() {
            let veld = || format!("personen[{i}].inkomsten[{j}]");
            let j = inkomen::jaarinkomen(ink, &rp, &opslag, record_naam, veld)?;
            bedragen[ink.soort.index()] += j.bedrag;
            if j.maanden > 0 {
                uit_maanden.push(maandinkomen(ink.soort, i == 0, &j));
            }
        }
        personen.push(PersoonData {
            nummer: i as i64 + 1,
            geboortedatum: p.geboortedatum.0,
            overlijdensdatum: p.overlijdensdatum.map(|d| d.0),
            inkomen: bedragen,
        });
    }
    Ok((personen, uit_maanden))
}

/// The date of the first payment: `betaaldatum` when given, else the application date, else
/// 1 January of the year assessed (an ambtshalve grant is paid in that year).
pub(crate) fn eerste_betaaldatum(hh: &record::Huishouden) -> NaiveDate {
    hh.betaaldatum
        .or(hh.aanvraagdatum)
        .map(|d| d.0)
        .filter(|d| d.year() >= hh.jaar)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(hh.jaar, 1, 1).unwrap_or(NaiveDate::MIN))
}

/// The year of death of a person who died before `hh.jaar`, if any.
pub(super) fn overleden_voor_jaar(hh: &record::Huishouden) -> Option<NaiveDate> {
    hh.personen
        .iter()
        .filter_map(|p| p.overlijdensdatum.map(|d| d.0))
        .find(|d| d.year() < hh.jaar)
}

/// The date of death of a person who died during `hh.jaar`, if any.
pub(super) fn overleden_in_jaar(hh: &record::Huishouden) -> Option<NaiveDate> {
    hh.personen
        .iter()
        .filter_map(|p| p.overlijdensdatum.map(|d| d.0))
        .find(|d| d.year() == hh.jaar)
}
