//! Household + compiled pack + beleidsregels → decision (berekening.md §1 and §6).
//!
//! The routes and the shape of the decision are fixed by the contract and live here; every
//! number, condition, text and formula comes from the pack (parameters, `redenen.toml`, rules).

pub mod inkomen;

use chrono::{Datelike, Months, NaiveDate};
use rhai::Dynamic;
use rust_decimal::Decimal;

use crate::decision::{
    Bedrag, Berekening, Beslissing, Herkomst, Kolom, Reden, TraceParameter, TraceRegel,
    KOLOM_GROOTHEDEN,
};
use crate::error::{Fout, Locatie};
use crate::pack::Regeling;
use crate::params::Waarde;
use crate::policy::GeladenBeleid;
use crate::record::{self, Soort};
use crate::script::types::{Beleid, Huishouden, PersoonData, SituatieData};
use crate::script::{self, GecompileerdPack};

/// First and last year of the regulation (berekening.md §1).
pub const EERSTE_JAAR: i32 = 2023;
/// From this year the fiscal solution applies.
pub const EINDE_JAAR: i32 = 2028;

/// Evaluation options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opties {
    /// Include the trace of every quantity.
    pub trace: bool,
}

/// Check that the regulation applies to `jaar` at all.
pub fn controleer_jaar(jaar: i32, record: &str) -> Result<(), Fout> {
    let loc = Locatie::Veld {
        record: record.to_string(),
        veld: "jaar".to_string(),
    };
    if jaar >= EINDE_JAAR {
        return Err(Fout::regel(
            "avp::jaar::na_regeling",
            format!(
                "de Wet tijdelijke regeling alleenverdienersproblematiek geldt niet voor {jaar}: de regeling loopt t/m 2027; vanaf 2028 geldt de fiscale oplossing"
            ),
        )
        .bij(loc)
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    if jaar < EERSTE_JAAR {
        return Err(Fout::regel(
            "avp::jaar::voor_regeling",
            format!("voor {jaar} bestaat geen regeling: het handelingsperspectief begon in 2023"),
        )
        .bij(loc)
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    Ok(())
}

fn als_decimaal(v: &Dynamic, naam: &str, pack: &GecompileerdPack) -> Result<Decimal, Fout> {
    if let Ok(d) = v.as_decimal() {
        Ok(d)
    } else if let Ok(i) = v.as_int() {
        Ok(Decimal::from(i))
    } else {
        Err(Fout::regel(
            "avp::regels::type",
            format!(
                "grootheid `{naam}` gaf {} in plaats van een bedrag",
                v.type_name()
            ),
        )
        .bij(Locatie::Pad(
            pack.functies
                .get(naam)
                .map(|f| format!("{}:{}", f.pad, f.info.regel))
                .unwrap_or_default(),
        )))
    }
}

/// A household-level amount that a regeling may not have: the rule returns `()`.
fn als_bedrag_of_geen(
    pack: &GecompileerdPack,
    obj: &Huishouden,
    naam: &str,
) -> Result<Option<Decimal>, Fout> {
    let w = pack.op_huishouden(obj, naam)?;
    if w.is_unit() {
        Ok(None)
    } else {
        als_decimaal(&w, naam, pack).map(Some)
    }
}

fn als_logisch(v: &Dynamic, naam: &str) -> Result<Option<bool>, Fout> {
    if v.is_unit() {
        Ok(None)
    } else if let Ok(b) = v.as_bool() {
        Ok(Some(b))
    } else {
        Err(Fout::regel(
            "avp::regels::type",
            format!(
                "regel `{naam}` gaf {} in plaats van true, false of ()",
                v.type_name()
            ),
        ))
    }
}

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

/// Evaluate one household.
pub fn beoordeel(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    hh: &record::Huishouden,
    record_naam: &str,
    opties: Opties,
) -> Result<Beslissing, Fout> {
    controleer_jaar(hh.jaar, record_naam)?;
    let obj = huishouden_object(pack, beleid, hh, record_naam)?;
    if opties.trace {
        script::trace_aan();
    }
    let uitkomst = beslis(pack, beleid, hh, &obj);
    let punten = if opties.trace {
        script::trace_uit()
    } else {
        Vec::new()
    };
    let mut b = uitkomst?;
    if opties.trace {
        b.trace = Some(trace_regels(pack, punten));
    }
    Ok(b)
}

/// The household as the rules see it (`hh` in Rhai): year incomes per person (§2), the actual
/// situation and the bijstand reference (§5), the beleidsregels' choices. Every quantity can
/// then be computed on it with `GecompileerdPack::op_huishouden`, `op_situatie` and
/// `op_persoon`, as `beoordeel` does and as the coverage test does for every quantity.
pub fn huishouden_object(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    hh: &record::Huishouden,
    record_naam: &str,
) -> Result<Huishouden, Fout> {
    let regels = &beleid.regels;
    let rp = regels.referteperiode();
    let opslag = soorten_lijst(pack, "inkomen.vakantietoeslag_soorten");

    // §2: year incomes per person
    let mut personen = Vec::with_capacity(hh.personen.len());
    for (i, p) in hh.personen.iter().enumerate() {
        let mut bedragen = [Decimal::ZERO; 15];
        for (j, ink) in p.inkomsten.iter().enumerate() {
            let veld = format!("personen[{i}].inkomsten[{j}]");
            let j = inkomen::jaarinkomen(ink, &rp, &opslag, record_naam, &veld)?;
            bedragen[ink.soort.index()] += j.bedrag;
        }
        personen.push(PersoonData {
            nummer: i as i64 + 1,
            geboortedatum: p.geboortedatum.0,
            overlijdensdatum: p.overlijdensdatum.map(|d| d.0),
            inkomen: bedragen,
        });
    }
    let slots = (pack.slots.1, pack.slots.2);
    let referentie = (personen.len() == 2).then(|| {
        let ref_personen = personen
            .iter()
            .map(|p| PersoonData {
                inkomen: [Decimal::ZERO; 15],
                ..p.clone()
            })
            .collect();
        let mut basis = hh.clone();
        basis.fiscaal_partner = true;
        basis.toeslagpartner = true;
        SituatieData::nieuw(true, hh.jaar, ref_personen, &basis, slots)
    });
    let werkelijk = SituatieData::nieuw(false, hh.jaar, personen, hh, slots);
    let (keuze, bedrag) = regels.vermogensgrens();
    Ok(script::nieuw_huishouden(
        pack,
        hh.jaar,
        werkelijk,
        referentie,
        Beleid {
            vermogensgrens_keuze: keuze.naam(),
            vermogensgrens_bedrag: bedrag.unwrap_or_default(),
            vermogensgrens_in_beleidsregels: regels.vermogen.is_some(),
        },
        hh.op_lijst_belastingdienst,
    ))
}

fn beslis(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    hh: &record::Huishouden,
    obj: &Huishouden,
) -> Result<Beslissing, Fout> {
    let regels = &beleid.regels;
    let regeling = pack.pack.manifest.regeling;
    let heeft_gegevens = hh.personen.iter().any(|p| !p.inkomsten.is_empty());
    let mut redenen: Vec<Reden> = Vec::new();
    let mut acties: Vec<String> = Vec::new();
    let reden = |code: &str| -> Result<Reden, Fout> { maak_reden(pack, obj, code) };

    // §2–§6: the calculation
    let berekening = if heeft_gegevens {
        Some(bereken(pack, obj)?)
    } else {
        None
    };

    // §1: route. The list and the ambtshalve grant to known households exist from 2025 (art.
    // 78gg lid 5 PW, VNG model art. 2 lid 1); a handelingsperspectief year is always `aanvraag`
    // (docs/decisions/002-handelingsperspectief.md).
    let (route, toets) = if regeling == Regeling::TijdelijkeRegeling && hh.op_lijst_belastingdienst
    {
        ("ambtshalve_lijst", !regels.lijst_ambtshalve())
    } else if regeling == Regeling::TijdelijkeRegeling
        && hh.bekend_uit_handelingsperspectief
        && !hh.omstandigheden_gewijzigd
        && regels.bekend_ambtshalve()
    {
        ("ambtshalve_bekend", false)
    } else {
        ("aanvraag", true)
    };

    let terugkijken = regels
        .terugwerkende_kracht
        .as_ref()
        .map(|t| t.jaren.contains(&hh.jaar))
        .unwrap_or(false);
    let mut doelgroep = None;
    let mut toegekend = false;
    let mut afgewezen_buiten_termijn = false;

    if regeling == Regeling::Handelingsperspectief && !terugkijken && route == "aanvraag" {
        redenen.push(reden("jaar_niet_in_terugwerkende_kracht")?);
    } else {
        // The aanvraagperiode belongs to the tijdelijke regeling; a looked-back year of the
        // handelingsperspectief is applied for later by nature (decision 002).
        if route == "aanvraag" && regeling == Regeling::TijdelijkeRegeling {
            if let (Some(datum), Some(a)) = (hh.aanvraagdatum, &regels.aanvraag) {
                let einde = NaiveDate::from_ymd_opt(hh.jaar, 12, 31)
                    .and_then(|d| {
                        d.checked_add_months(Months::new(a.uiterlijk_maanden_na_afloop_jaar))
                    })
                    .unwrap_or(NaiveDate::MAX);
                if datum.0 > einde || datum.0.year() < hh.jaar {
                    afgewezen_buiten_termijn = true;
                    redenen.push(reden("aanvraag_buiten_termijn")?);
                }
            }
        } else if route != "aanvraag" {
            redenen.push(reden(route)?);
        }
        if toets && !afgewezen_buiten_termijn {
            let mut alle = true;
            for v in &pack.pack.redenen.voorwaarde {
                let w = pack.op_huishouden(obj, &v.regel)?;
                if als_logisch(&w, &v.regel)? == Some(false) {
                    alle = false;
                    redenen.push(reden(&v.reden)?);
                }
            }
            doelgroep = Some(alle);
            if alle {
                redenen.push(reden("doelgroep")?);
            }
            if regels.vermogen.is_none() {
                redenen.push(reden("vermogensgrens_standaard")?);
            }
            toegekend = alle;
        } else if !afgewezen_buiten_termijn {
            toegekend = true;
        }
    }

    let mut tegemoetkoming = Decimal::ZERO;
    let mut eindheffing = Decimal::ZERO;
    let mut bijzondere_bijstand = Decimal::ZERO;
    if toegekend {
        // `()` from the rule: the regeling has no tegemoetkoming (handelingsperspectief);
        // CONTRACT §2 then reports 0.
        tegemoetkoming = als_bedrag_of_geen(pack, obj, "tegemoetkoming")?.unwrap_or_default();
        eindheffing = als_bedrag_of_geen(pack, obj, "eindheffing")?.unwrap_or_default();
        if berekening.as_ref().is_some_and(|b| b.referentie.is_some()) {
            bijzondere_bijstand = als_decimaal(
                &pack.op_huishouden(obj, "bijzondere_bijstand")?,
                "bijzondere_bijstand",
                pack,
            )?;
        }
        if tegemoetkoming > Decimal::ZERO {
            redenen.push(reden("tegemoetkoming_toegekend")?);
        }
        if bijzondere_bijstand > Decimal::ZERO {
            redenen.push(reden("bijzondere_bijstand_toegekend")?);
        }
        toegekend = tegemoetkoming > Decimal::ZERO || bijzondere_bijstand > Decimal::ZERO;
        if toegekend && hh.iban.is_none() {
            acties.push("iban_opvragen".to_string());
        }
    }
    if heeft_gegevens {
        for a in &pack.pack.redenen.actie {
            let w = pack.op_huishouden(obj, &a.regel)?;
            if als_logisch(&w, &a.regel)? == Some(true) {
                acties.push(a.code.clone());
                if let Some(r) = &a.reden {
                    redenen.push(reden(r)?);
                }
            }
        }
    }
    if heeft_gegevens {
        redenen.push(reden("berekening_beperkingen")?);
    } else {
        redenen.push(reden("geen_berekening")?);
    }

    Ok(Beslissing {
        jaar: hh.jaar,
        regeling: regeling.naam().to_string(),
        route: route.to_string(),
        doelgroep,
        toegekend,
        tegemoetkoming: Bedrag(tegemoetkoming),
        eindheffing: Bedrag(eindheffing),
        bijzondere_bijstand: Bedrag(bijzondere_bijstand),
        berekening,
        redenen,
        acties,
        herkomst: Herkomst {
            engine_versie: crate::herkomst::ENGINE_VERSIE.to_string(),
            regels_hash: pack.regels_hash.clone(),
            beleidsregels: beleid.naam.clone(),
            beleidsregels_hash: beleid.hash.clone(),
        },
        trace: None,
    })
}

fn bereken(pack: &GecompileerdPack, obj: &Huishouden) -> Result<Berekening, Fout> {
    let kolom = |s: &script::types::Situatie| -> Result<Kolom, Fout> {
        let mut w = [Decimal::ZERO; 7];
        for (i, naam) in KOLOM_GROOTHEDEN.iter().enumerate() {
            w[i] = als_decimaal(&pack.op_situatie(s, naam)?, naam, pack)?;
        }
        Ok(Kolom::uit(w))
    };
    let huishouden = kolom(&obj.0.werkelijk)?;
    let (referentie, tekort, gemist) = match &obj.0.referentie {
        Some(r) => {
            let k = kolom(r)?;
            let t = als_decimaal(&pack.op_huishouden(obj, "tekort")?, "tekort", pack)?;
            let g = als_decimaal(
                &pack.op_huishouden(obj, "gemiste_toeslagen")?,
                "gemiste_toeslagen",
                pack,
            )?;
            (Some(k), Some(Bedrag(t)), Some(Bedrag(g)))
        }
        None => (None, None, None),
    };
    Ok(Berekening {
        huishouden,
        referentie,
        tekort,
        gemiste_toeslagen: gemist,
    })
}

/// Build a reason from the pack's texts, filling `{naam}` placeholders with household-level
/// quantities.
fn maak_reden(pack: &GecompileerdPack, obj: &Huishouden, code: &str) -> Result<Reden, Fout> {
    let Some(t) = pack.pack.redenen.reden.get(code) else {
        return Err(Fout::regel(
            "avp::pack::reden_ontbreekt",
            format!(
                "redenen.toml van {} heeft geen tekst voor reden `{code}`",
                pack.pack.manifest.jaar
            ),
        )
        .hulp(format!(
            "voeg `[reden.{code}]` met `tekst` en `grondslag` toe"
        )));
    };
    let mut tekst = String::with_capacity(t.tekst.len() + 16);
    let mut rest = t.tekst.as_str();
    while let Some(open) = rest.find('{') {
        tekst.push_str(&rest[..open]);
        let Some(sluit) = rest[open..].find('}') else {
            tekst.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let naam = &rest[open + 1..open + sluit];
        let w = pack.op_huishouden(obj, naam)?;
        tekst.push_str(&toon_waarde(&w));
        rest = &rest[open + sluit + 1..];
    }
    tekst.push_str(rest);
    Ok(Reden {
        code: code.to_string(),
        tekst,
        grondslag: t.grondslag.clone(),
    })
}

fn toon_waarde(w: &Dynamic) -> String {
    if let Ok(d) = w.as_decimal() {
        crate::decision::euro(d)
    } else if let Ok(i) = w.as_int() {
        i.to_string()
    } else if let Ok(b) = w.as_bool() {
        if b { "ja" } else { "nee" }.to_string()
    } else {
        w.to_string()
    }
}

fn toon_exact(w: &Dynamic) -> String {
    if let Ok(d) = w.as_decimal() {
        d.normalize().to_string()
    } else if let Some(d) = w.read_lock::<crate::script::types::Datum>() {
        d.0.to_string()
    } else {
        w.to_string()
    }
}

fn trace_regels(pack: &GecompileerdPack, punten: Vec<script::TracePunt>) -> Vec<TraceRegel> {
    punten
        .into_iter()
        .map(|p| {
            let f = pack.functies.get(&p.naam);
            TraceRegel {
                naam: if p.onderwerp.is_empty() {
                    p.naam.clone()
                } else {
                    format!("{}.{}", p.onderwerp, p.naam)
                },
                waarde: toon_exact(&p.waarde),
                regel: f
                    .map(|f| format!("{}:{}", f.bestand, p.naam))
                    .unwrap_or_default(),
                omschrijving: f.map(|f| f.info.omschrijving.clone()).unwrap_or_default(),
                parameters: pack
                    .parameters_van(&p.naam)
                    .into_iter()
                    .map(|par| TraceParameter {
                        naam: par.rhai_naam(),
                        waarde: par.waarde.to_string(),
                        bron: par.bron.clone(),
                        jaar: par.jaar,
                    })
                    .collect(),
            }
        })
        .collect()
}
