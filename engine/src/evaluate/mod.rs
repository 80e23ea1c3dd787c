//! Household + compiled pack + beleidsregels → decision (berekening.md §1 and §6).
//!
//! The routes and the shape of the decision are fixed by the contract and live here; every
//! number, condition, text and formula comes from the pack (parameters, `redenen.toml`, rules).

mod aanvullende_bijstand;
pub mod inkomen;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rhai::Dynamic;
use rust_decimal::Decimal;

use crate::decision::{
    Bedrag, Berekening, Beslissing, Betaling, Herkomst, Kolom, Reden, TraceParameter, TraceRegel,
    Verandering, Waarschuwing, KOLOM_GROOTHEDEN,
};
use crate::error::{Fout, Locatie};
use crate::pack::Regeling;
use crate::params::Waarde;
use crate::policy::{Beleidsregels, GeladenBeleid, VermogensgrensKeuze};
use crate::record::{self, Soort};
use crate::script::types::{Beleid, Huishouden, HuishoudenData, PersoonData, SituatieData};
use crate::script::waarde::W;
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

/// Check that the regulation applies to `jaar` at all. A year outside 2023–2027 is bad input
/// (CONTRACT §1: `jaar` is 2023–2027; exit 2), not a rule error.
pub fn controleer_jaar(jaar: i32, record: &str) -> Result<(), Fout> {
    let loc = || Locatie::Veld {
        record: record.to_string(),
        veld: "jaar".to_string(),
    };
    if jaar >= EINDE_JAAR {
        return Err(Fout::invoer(
            "avp::jaar::na_regeling",
            format!(
                "de Wet tijdelijke regeling alleenverdienersproblematiek geldt niet voor {jaar}: de regeling loopt t/m 2027; vanaf 2028 geldt de fiscale oplossing"
            ),
        )
        .bij(loc())
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    if jaar < EERSTE_JAAR {
        return Err(Fout::invoer(
            "avp::jaar::voor_regeling",
            format!("voor {jaar} bestaat geen regeling: het handelingsperspectief begon in 2023"),
        )
        .bij(loc())
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    Ok(())
}

fn als_decimaal(v: &W, naam: &str, pack: &GecompileerdPack) -> Result<Decimal, Fout> {
    if let W::Dec(d) = v {
        Ok(*d)
    } else if let W::Int(i) = v {
        Ok(Decimal::from(*i))
    } else {
        Err(Fout::regel(
            "avp::regels::type",
            format!(
                "grootheid `{naam}` gaf {} in plaats van een bedrag",
                v.naar_dynamic().type_name()
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
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    naam: &str,
) -> Result<Option<Decimal>, Fout> {
    let w = pack.op_huishouden_w(obj, naam)?;
    if let W::Unit = w {
        Ok(None)
    } else {
        als_decimaal(&w, naam, pack).map(Some)
    }
}

fn als_logisch(v: &W, naam: &str) -> Result<Option<bool>, Fout> {
    if let W::Unit = v {
        Ok(None)
    } else if let W::Bool(b) = v {
        Ok(Some(*b))
    } else {
        Err(Fout::regel(
            "avp::regels::type",
            format!(
                "regel `{naam}` gaf {} in plaats van true, false of ()",
                v.naar_dynamic().type_name()
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

/// Evaluate one household.
pub fn beoordeel(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    hh: &record::Huishouden,
    record_naam: &str,
    opties: Opties,
) -> Result<Beslissing, Fout> {
    controleer_jaar(hh.jaar, record_naam)?;
    // the municipality's choices completed with the pack's defaults (keuzes.toml)
    let regels = beleid
        .regels
        .aangevuld(pack.pack.standaard_beleid.as_deref());
    let (obj, uit_maanden) = maak_huishouden(pack, beleid, &regels, hh, record_naam)?;
    if opties.trace {
        script::trace_aan();
    }
    // one evaluation state for every quantity the decision asks (after `trace_aan`)
    let sessie = pack.sessie(&obj);
    let uitkomst = beslis(&sessie, beleid, &regels, hh, &obj, &uit_maanden);
    drop(sessie);
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
fn maak_huishouden(
    pack: &GecompileerdPack,
    beleid: &GeladenBeleid,
    regels: &Beleidsregels,
    hh: &record::Huishouden,
    record_naam: &str,
) -> Result<(Huishouden, Vec<String>), Fout> {
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

    // §2: year incomes per person; monthly amounts are explained in the decision
    let mut personen = Vec::with_capacity(hh.personen.len());
    let mut uit_maanden: Vec<String> = Vec::new();
    for (i, p) in hh.personen.iter().enumerate() {
        let mut bedragen = [Decimal::ZERO; Soort::AANTAL];
        for (j, ink) in p.inkomsten.iter().enumerate() {
            let veld = || format!("personen[{i}].inkomsten[{j}]");
            let j = inkomen::jaarinkomen(ink, &rp, &opslag, record_naam, veld)?;
            bedragen[ink.soort.index()] += j.bedrag;
            if j.maanden > 0 {
                uit_maanden.push(format!(
                    "{} van {}: gemiddeld {} per maand over {} × 12{} = {} per jaar",
                    soort_tekst(ink.soort),
                    if i == 0 { "de aanvrager" } else { "de partner" },
                    crate::decision::euro(j.gemiddelde),
                    if j.alle_gelijk {
                        format!("{} (elke maand gelijk)", maanden_tekst(j.maanden))
                    } else {
                        format!("de laatste {}", maanden_tekst(j.maanden))
                    },
                    if j.opslag > Decimal::ZERO {
                        format!(
                            " + {}% vakantietoeslag",
                            (j.opslag * Decimal::from(100)).round_dp(2).normalize()
                        )
                        .replace('.', ",")
                    } else {
                        String::new()
                    },
                    crate::decision::euro(j.bedrag)
                ));
            }
        }
        personen.push(PersoonData {
            nummer: i as i64 + 1,
            geboortedatum: p.geboortedatum.0,
            overlijdensdatum: p.overlijdensdatum.map(|d| d.0),
            inkomen: bedragen,
        });
    }
    // one memo for the household, its situations and their persons (script/geheugen.rs)
    let geheugen = script::geheugen::GeheugenPlaats::nieuw();
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
    let obj = script::nieuw_huishouden(
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

/// The date of the first payment: `betaaldatum` when given, else the application date, else
/// 1 January of the year assessed (an ambtshalve grant is paid in that year).
pub fn eerste_betaaldatum(hh: &record::Huishouden) -> NaiveDate {
    hh.betaaldatum
        .or(hh.aanvraagdatum)
        .map(|d| d.0)
        .filter(|d| d.year() >= hh.jaar)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(hh.jaar, 1, 1).unwrap_or(NaiveDate::MIN))
}

/// The year of death of a person who died before `hh.jaar`, if any.
fn overleden_voor_jaar(hh: &record::Huishouden) -> Option<NaiveDate> {
    hh.personen
        .iter()
        .filter_map(|p| p.overlijdensdatum.map(|d| d.0))
        .find(|d| d.year() < hh.jaar)
}

/// The date of death of a person who died during `hh.jaar`, if any.
fn overleden_in_jaar(hh: &record::Huishouden) -> Option<NaiveDate> {
    hh.personen
        .iter()
        .filter_map(|p| p.overlijdensdatum.map(|d| d.0))
        .find(|d| d.year() == hh.jaar)
}

fn beslis(
    pack: &script::Sessie<'_>,
    beleid: &GeladenBeleid,
    regels: &Beleidsregels,
    hh: &record::Huishouden,
    obj: &Huishouden,
    uit_maanden: &[String],
) -> Result<Beslissing, Fout> {
    let eigen = &beleid.regels;
    let regeling = pack.pack.manifest.regeling;
    let heeft_gegevens = hh.personen.iter().any(|p| !p.inkomsten.is_empty());
    let mut redenen: Vec<Reden> = Vec::new();
    let mut acties: Vec<String> = Vec::new();
    let mut veranderingen: Vec<Verandering> = Vec::new();
    let mut extra: Vec<(&str, String)> = vec![("jaar", hh.jaar.to_string())];
    if let Some(d) = regels.uiterste_aanvraagdatum(hh.jaar) {
        extra.push(("uiterste_aanvraagdatum", datum_nl(d)));
    }
    if let Some(g) = &hh.verhuisd_naar_gemeente {
        extra.push(("verhuisd_naar_gemeente", g.clone()));
    }
    if let Some(d) = overleden_in_jaar(hh).or_else(|| overleden_voor_jaar(hh)) {
        extra.push(("overlijdensdatum", datum_nl(d)));
    }
    // §2–§6: the calculation, and the outcome after aanvullende algemene bijstand when the net
    // income is below the norm; the beleidsregels may decide on that outcome (keuzes.toml)
    let mut berekening = if heeft_gegevens {
        Some(bereken(pack, obj)?)
    } else {
        None
    };
    let na = match &berekening {
        Some(_) => aanvullende_bijstand::na_aanvullende_bijstand(pack, obj, hh)?,
        None => None,
    };
    // actions look at the actual situation (the aanvullende bijstand is not granted yet)
    let werkelijk_obj = obj;
    let obj = match &na {
        Some((variant, _)) if regels.toekennen_na_aanvullende_bijstand() => variant,
        _ => obj,
    };
    if let (Some(b), Some((_, uitkomst))) = (berekening.as_mut(), &na) {
        b.na_aanvullende_bijstand = Some(uitkomst.clone());
    }
    let reden = |code: &str, extra: &[(&str, String)]| -> Result<Reden, Fout> {
        maak_reden(pack, obj, code, extra)
    };
    // an invalid IBAN does not block the decision: a warning and the action `iban_opvragen`
    let iban_fout = hh.iban.as_deref().and_then(record::iban_probleem);
    let waarschuwingen: Vec<Waarschuwing> = iban_fout
        .iter()
        .map(|bericht| Waarschuwing {
            veld: "iban".into(),
            bericht: bericht.clone(),
            hulp: "vraag het huishouden om een juist rekeningnummer (IBAN) voordat u betaalt"
                .into(),
        })
        .collect();

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

    let terugkijken = regels.kijkt_terug_naar(hh.jaar);
    let mut doelgroep = None;
    let mut toegekend = false;
    let mut afgewezen_buiten_termijn = false;
    // a late application under the hardheidsclausule: tested, not granted until the college decides
    let mut te_laat_hardheid = false;

    if regeling == Regeling::Handelingsperspectief && !terugkijken && route == "aanvraag" {
        redenen.push(reden("jaar_niet_in_terugwerkende_kracht", &extra)?);
        redenen.extend(standaard_redenen(
            pack, obj, eigen, hh, route, false, &extra,
        )?);
        veranderingen.push(verandering(
            pack,
            obj,
            "jaar_niet_in_terugwerkende_kracht",
            "terugkijken",
            &extra,
        )?);
    } else {
        // The aanvraagperiode belongs to the tijdelijke regeling; a looked-back year of the
        // handelingsperspectief is applied for later by nature (decision 002).
        if route == "aanvraag" && regeling == Regeling::TijdelijkeRegeling {
            if let (Some(datum), Some(einde)) =
                (hh.aanvraagdatum, regels.uiterste_aanvraagdatum(hh.jaar))
            {
                if datum.0 > einde {
                    // Awb 4:84: the aanvraagperiode of the beleidsregels cannot cut off the
                    // statutory right without the hardheidsclausule; with it the application
                    // is assessed and the college decides on the clause.
                    if regels.hardheidsclausule_bij_late_aanvraag() {
                        te_laat_hardheid = true;
                        redenen.push(reden("aanvraag_buiten_termijn_hardheidsclausule", &extra)?);
                        acties.push("hardheidsclausule_beoordelen".to_string());
                    } else {
                        afgewezen_buiten_termijn = true;
                        redenen.push(reden("aanvraag_buiten_termijn", &extra)?);
                    }
                    veranderingen.push(verandering(
                        pack,
                        obj,
                        if te_laat_hardheid {
                            "aanvraag_buiten_termijn_hardheidsclausule"
                        } else {
                            "aanvraag_buiten_termijn"
                        },
                        "aanvraag_op_tijd",
                        &extra,
                    )?);
                }
            }
        } else if route != "aanvraag" {
            redenen.push(reden(route, &extra)?);
            if route == "ambtshalve_lijst" && hh.verhuisd_naar_gemeente.is_some() {
                redenen.push(reden("verhuisd_lijstgemeente_betaalt", &extra)?);
            }
            if overleden_in_jaar(hh).is_some() {
                redenen.push(reden("partner_overleden", &extra)?);
            }
        }
        if route == "aanvraag" && !afgewezen_buiten_termijn && !uit_maanden.is_empty() {
            let rp = regels.referteperiode();
            let mut e = extra.clone();
            e.push(("inkomen_uit_maanden", uit_maanden.join("; ")));
            e.push(("referteperiode_maanden", maanden_tekst(rp.maanden)));
            e.push((
                "referteperiode_gelijk_inkomen_maanden",
                maanden_tekst(rp.gelijk_maanden),
            ));
            redenen.push(reden("inkomen_uit_maandbedragen", &e)?);
        }
        redenen.extend(standaard_redenen(
            pack,
            obj,
            eigen,
            hh,
            route,
            toets && !afgewezen_buiten_termijn,
            &extra,
        )?);
        if toets && !afgewezen_buiten_termijn {
            if route == "aanvraag" {
                if overleden_in_jaar(hh).is_some() {
                    redenen.push(reden("partner_overleden", &extra)?);
                } else if overleden_voor_jaar(hh).is_some() {
                    redenen.push(reden("partner_overleden_voor_jaar", &extra)?);
                }
            }
            let gefaald = niet_vervulde_voorwaarden(pack, obj)?;
            let alle = gefaald.is_empty();
            for code in &gefaald {
                redenen.push(reden(code, &extra)?);
                veranderingen.extend(wat_zou_veranderen(pack, obj, code, regels, &extra)?);
            }
            doelgroep = Some(alle);
            if alle {
                redenen.push(reden("doelgroep", &extra)?);
            }
            toegekend = alle && !te_laat_hardheid;
        } else if !afgewezen_buiten_termijn {
            toegekend = true;
        }
    }

    let mut tegemoetkoming = Decimal::ZERO;
    let mut eindheffing = Decimal::ZERO;
    let mut bijzondere_bijstand = Decimal::ZERO;
    // the doelgroep test on an ambtshalve route, explained after the grant
    let mut na_toekenning: Vec<Reden> = Vec::new();
    if toegekend {
        // `()` from the rule: the regeling has no tegemoetkoming (handelingsperspectief);
        // CONTRACT §2 then reports 0.
        tegemoetkoming = als_bedrag_of_geen(pack, obj, "tegemoetkoming")?.unwrap_or_default();
        eindheffing = als_bedrag_of_geen(pack, obj, "eindheffing")?.unwrap_or_default();
        if berekening.as_ref().is_some_and(|b| b.referentie.is_some()) {
            // Aanvullende bijzondere bijstand only for a household that is found to belong to
            // the doelgroep (VNG-FAQ); on an ambtshalve route the conditions are tested here.
            let gefaald = if toets {
                Vec::new()
            } else {
                niet_vervulde_voorwaarden(pack, obj)?
            };
            if gefaald.is_empty() {
                bijzondere_bijstand = als_decimaal(
                    &pack.op_huishouden_w(obj, "bijzondere_bijstand")?,
                    "bijzondere_bijstand",
                    pack,
                )?;
                if !toets {
                    na_toekenning.push(reden("doelgroep_ambtshalve_vastgesteld", &extra)?);
                }
            } else {
                na_toekenning.push(reden("geen_aanvullende_bijzondere_bijstand", &extra)?);
                for code in &gefaald {
                    na_toekenning.push(reden(code, &extra)?);
                }
            }
        }
        if tegemoetkoming > Decimal::ZERO {
            redenen.push(reden("tegemoetkoming_toegekend", &extra)?);
        }
        if bijzondere_bijstand > Decimal::ZERO {
            redenen.push(reden("bijzondere_bijstand_toegekend", &extra)?);
        }
        redenen.append(&mut na_toekenning);
        toegekend = tegemoetkoming > Decimal::ZERO || bijzondere_bijstand > Decimal::ZERO;
        if toegekend && (hh.iban.is_none() || iban_fout.is_some()) {
            acties.push("iban_opvragen".to_string());
        }
    }
    let betaling = if toegekend {
        let (wijze, n) = regels.betaalwijze();
        let mut b = Betaling::verdeel(wijze.naam(), tegemoetkoming + bijzondere_bijstand, n);
        for (t, d) in b
            .termijnen
            .iter_mut()
            .zip(regels.betaaldatums(eerste_betaaldatum(hh)))
        {
            t.datum = Some(d.format("%Y-%m-%d").to_string());
        }
        // the payment's values only for the payment's reasons
        let eerder = extra.len();
        extra.push(("betaling_totaal", crate::decision::euro(b.totaal.0)));
        extra.push(("betaling_termijnen", n.to_string()));
        extra.push(("betaling_termijnbedragen", termijnbedragen(&b)));
        let code = if n > 1 {
            "betaling_termijnen"
        } else {
            "betaling_ineens"
        };
        redenen.push(reden(code, &extra)?);
        if !eigen.noemt("betaling") {
            if let Some(k) = pack.pack.keuzes.as_ref().and_then(|k| k.keuze("betaling")) {
                redenen.push(Reden {
                    code: k.reden_code(),
                    tekst: vul_in(pack, obj, &k.zonder_beleidsregel, &extra)?,
                    grondslag: k.bron.clone(),
                });
            }
        }
        extra.truncate(eerder);
        Some(b)
    } else {
        None
    };
    if heeft_gegevens {
        for a in &pack.pack.redenen.actie {
            let w = pack.op_huishouden_w(werkelijk_obj, &a.regel)?;
            if als_logisch(&w, &a.regel)? == Some(true) {
                acties.push(a.code.clone());
                if let Some(r) = &a.reden {
                    redenen.push(reden(r, &extra)?);
                }
            }
        }
    }
    if heeft_gegevens {
        for u in &pack.pack.redenen.uitleg {
            let w = pack.op_huishouden_w(obj, &u.regel)?;
            if als_logisch(&w, &u.regel)? == Some(true) {
                redenen.push(reden(&u.reden, &extra)?);
            }
        }
        redenen.push(reden("berekening_beperkingen", &extra)?);
    } else {
        redenen.push(reden("geen_berekening", &extra)?);
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
        betaling,
        wat_zou_veranderen: veranderingen,
        waarschuwingen,
        herkomst: Herkomst {
            engine_versie: crate::herkomst::ENGINE_VERSIE.to_string(),
            regels_hash: pack.regels_hash.clone(),
            beleidsregels: beleid.naam.clone(),
            beleidsregels_hash: beleid.hash.clone(),
        },
        trace: None,
    })
}

/// The reason codes of the doelgroep conditions (`redenen.toml` `[[voorwaarde]]`, in order) that
/// do not hold; a condition that does not apply (`()`) is not a failure.
fn niet_vervulde_voorwaarden(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
) -> Result<Vec<String>, Fout> {
    let mut gefaald = Vec::new();
    for v in &pack.pack.redenen.voorwaarde {
        let w = pack.op_huishouden_w(obj, &v.regel)?;
        if als_logisch(&w, &v.regel)? == Some(false) {
            gefaald.push(v.reden.clone());
        }
    }
    Ok(gefaald)
}

/// One column of the calculation: the quantities of `KOLOM_GROOTHEDEN` of a situation.
fn kolom(pack: &script::Sessie<'_>, s: &script::types::Situatie) -> Result<Kolom, Fout> {
    let mut w = [Decimal::ZERO; 7];
    for (i, naam) in KOLOM_GROOTHEDEN.iter().enumerate() {
        w[i] = als_decimaal(&pack.op_kolom_w(s, i)?, naam, pack)?;
    }
    Ok(Kolom::uit(w))
}

fn bereken(pack: &script::Sessie<'_>, obj: &Huishouden) -> Result<Berekening, Fout> {
    let huishouden = kolom(pack, &obj.0.werkelijk)?;
    let (referentie, tekort, gemist) = match &obj.0.referentie {
        Some(r) => {
            let k = kolom(pack, r)?;
            let t = als_decimaal(&pack.op_huishouden_w(obj, "tekort")?, "tekort", pack)?;
            let g = als_decimaal(
                &pack.op_huishouden_w(obj, "gemiste_toeslagen")?,
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
        na_aanvullende_bijstand: None,
    })
}

/// For every choice the municipality's own beleidsregels (`eigen`) do not make, the reason that
/// names the default that applied — only where the choice mattered for this decision
/// (decision 003 §3). Payment is handled where the payment is decided.
fn standaard_redenen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    eigen: &Beleidsregels,
    hh: &record::Huishouden,
    route: &str,
    getoetst: bool,
    extra: &[(&str, String)],
) -> Result<Vec<Reden>, Fout> {
    let mut uit = Vec::new();
    let Some(keuzes) = &pack.pack.keuzes else {
        return Ok(uit);
    };
    for k in &keuzes.keuze {
        let telt = match k.tabel.as_str() {
            "ambtshalve" => route != "aanvraag" || hh.bekend_uit_handelingsperspectief,
            "terugwerkende_kracht" => {
                pack.pack.manifest.regeling == Regeling::Handelingsperspectief
            }
            "aanvraag" => route == "aanvraag" && hh.aanvraagdatum.is_some(),
            "inkomen" => {
                route == "aanvraag"
                    && hh
                        .personen
                        .iter()
                        .any(|p| p.inkomsten.iter().any(|i| i.bruto_per_maand.is_some()))
            }
            "vermogen" => getoetst,
            _ => false,
        };
        if telt && !eigen.noemt(&k.tabel) {
            uit.push(Reden {
                code: k.reden_code(),
                tekst: vul_in(pack, obj, &k.zonder_beleidsregel, extra)?,
                grondslag: k.bron.clone(),
            });
        }
    }
    Ok(uit)
}

/// Build a reason from the pack's texts, filling `{naam}` placeholders.
fn maak_reden(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    code: &str,
    extra: &[(&str, String)],
) -> Result<Reden, Fout> {
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
    Ok(Reden {
        code: code.to_string(),
        tekst: vul_in(pack, obj, &t.tekst, extra)?,
        grondslag: t.grondslag.clone(),
    })
}

/// Fill `{naam}` placeholders: first from `extra` (values the evaluation computed itself), else
/// with the household-level quantity `naam`.
fn vul_in(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    sjabloon: &str,
    extra: &[(&str, String)],
) -> Result<String, Fout> {
    let mut tekst = String::with_capacity(sjabloon.len() + 64);
    let mut rest = sjabloon;
    // ('{' and '}' are ASCII, so the byte positions are character boundaries)
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        tekst.push_str(&rest[..open]);
        let Some(sluit) = memchr::memchr(b'}', &rest.as_bytes()[open..]) else {
            tekst.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let naam = &rest[open + 1..open + sluit];
        match extra.iter().find(|(k, _)| *k == naam) {
            Some((_, w)) => tekst.push_str(w),
            None => match pack.op_huishouden_w(obj, naam)? {
                W::Dec(d) => crate::decision::schrijf_euro(&mut tekst, d),
                w => tekst.push_str(&toon_waarde(&w)),
            },
        }
        rest = &rest[open + sluit + 1..];
    }
    tekst.push_str(rest);
    Ok(tekst)
}

/// A change from `redenen.toml` `[verandering.<code>]` for the failed reason `reden`.
fn verandering(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    reden: &str,
    code: &str,
    extra: &[(&str, String)],
) -> Result<Verandering, Fout> {
    let Some(t) = pack.pack.redenen.verandering.get(code) else {
        return Err(Fout::regel(
            "avp::pack::verandering_ontbreekt",
            format!(
                "redenen.toml van {} heeft geen tekst voor verandering `{code}`",
                pack.pack.manifest.jaar
            ),
        )
        .hulp(format!("voeg `[verandering.{code}]` met `tekst` toe")));
    };
    Ok(Verandering {
        reden: reden.to_string(),
        code: code.to_string(),
        tekst: vul_in(pack, obj, &t.tekst, extra)?,
    })
}

/// The nearest changes that would meet the condition whose failure gave reason `reden`, where
/// one exists (berekening.md §6; issue 4). Each is computed for that condition alone.
fn wat_zou_veranderen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    reden: &str,
    regels: &Beleidsregels,
    extra: &[(&str, String)],
) -> Result<Vec<Verandering>, Fout> {
    let mut uit = Vec::new();
    let mut extra = extra.to_vec();
    let bedrag = |naam: &str| -> Result<Decimal, Fout> {
        als_decimaal(&pack.op_huishouden_w(obj, naam)?, naam, pack)
    };
    match reden {
        "vermogen_boven_grens" => {
            let vermogen = bedrag("getoetst_vermogen")?;
            let grens = bedrag("vermogensgrens")?;
            extra.push(("vermogen_te_veel", crate::decision::euro(vermogen - grens)));
            uit.push(verandering(pack, obj, reden, "vermogen_lager", &extra)?);
            let (huidig, _) = regels.vermogensgrens();
            for alt in [
                VermogensgrensKeuze::Zorgtoeslag,
                VermogensgrensKeuze::Participatiewet,
            ] {
                if alt == huidig {
                    continue;
                }
                // under another choice both the limit and the vermogen tested may differ (the
                // own home counts only under the Participatiewet's limit)
                let ander = met_vermogensgrens(obj, alt);
                let g = als_decimaal(
                    &pack.op_huishouden_w(&ander, "vermogensgrens")?,
                    "vermogensgrens",
                    pack,
                )?;
                let v = als_decimaal(
                    &pack.op_huishouden_w(&ander, "getoetst_vermogen")?,
                    "getoetst_vermogen",
                    pack,
                )?;
                if v <= g {
                    let mut e = extra.clone();
                    e.push(("andere_vermogensgrens", crate::decision::euro(g)));
                    uit.push(verandering(
                        pack,
                        obj,
                        reden,
                        &format!("vermogensgrens_{}", alt.naam()),
                        &e,
                    )?);
                }
            }
        }
        "geen_uitkering_als_hoofdinkomen" => {
            let uitkering = bedrag("inkomen_uit_uitkering")?;
            let ander = bedrag("ander_inkomen")?;
            let aandeel = match pack
                .pack
                .parameters
                .get("doelgroep.minimaal_aandeel_uitkering")
                .map(|p| &p.waarde)
            {
                Some(Waarde::Getal(a)) if *a > Decimal::ZERO && *a < Decimal::ONE => *a,
                _ => return Ok(uit),
            };
            if uitkering > Decimal::ZERO {
                // uitkering > aandeel × (uitkering + ander)  ⇔  ander < uitkering × (1 − aandeel) / aandeel
                let max = uitkering * (Decimal::ONE - aandeel) / aandeel;
                extra.push(("maximaal_ander_inkomen", crate::decision::euro(max)));
                extra.push(("ander_inkomen", crate::decision::euro(ander)));
                uit.push(verandering(
                    pack,
                    obj,
                    reden,
                    "uitkering_als_hoofdinkomen",
                    &extra,
                )?);
            }
        }
        _ => {}
    }
    Ok(uit)
}

/// The same household under another vermogensgrens choice (for "what would change it").
/// Shares the situations (and their computed quantities); household-level quantities are new.
fn met_vermogensgrens(obj: &Huishouden, keuze: VermogensgrensKeuze) -> Huishouden {
    let h = &obj.0;
    Huishouden(Arc::new(HuishoudenData {
        jaar: h.jaar,
        werkelijk: h.werkelijk.clone(),
        referentie: h.referentie.clone(),
        beleid: Beleid {
            vermogensgrens_keuze: keuze.naam(),
            vermogensgrens_bedrag: h.beleid.vermogensgrens_bedrag,
            vermogensgrens_in_beleidsregels: true,
        },
        op_lijst: h.op_lijst,
        betaaljaren: h.betaaljaren.clone(),
        geheugen: h.geheugen.clone(),
        variant: h.geheugen.nieuwe_variant(),
    }))
}

/// A date the Dutch way: `31 december 2026`.
pub fn datum_nl(d: NaiveDate) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

fn maanden_tekst(n: usize) -> String {
    if n == 1 {
        "1 maand".to_string()
    } else {
        format!("{n} maanden")
    }
}

/// An income kind as it reads in a letter: `WW`, `Wajong`, `loon`.
fn soort_tekst(s: Soort) -> String {
    match s.naam() {
        "wajong" => "Wajong".to_string(),
        n @ ("ww" | "zw" | "wia" | "wao" | "ioaw" | "ioaz" | "tw") => n.to_uppercase(),
        n => n.replace('_', " "),
    }
}

fn termijnbedragen(b: &Betaling) -> String {
    let eerste = b.termijnen.first().map(|t| t.bedrag);
    let laatste = b.termijnen.last().map(|t| t.bedrag);
    match (eerste, laatste) {
        (Some(e), Some(l)) if e == l => format!("elk {}", crate::decision::euro(e.0)),
        (Some(e), Some(l)) => format!(
            "{} × {} en een laatste termijn van {}",
            b.termijnen.len() - 1,
            crate::decision::euro(e.0),
            crate::decision::euro(l.0)
        ),
        _ => String::new(),
    }
}

fn toon_waarde(w: &W) -> String {
    match w {
        W::Dec(d) => crate::decision::euro(*d),
        W::Int(i) => i.to_string(),
        W::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        _ => w.naar_dynamic().to_string(),
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
