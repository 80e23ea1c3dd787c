//! Household + compiled pack + beleidsregels → decision (berekening.md §1 and §6).
//!
//! The routes and the shape of the decision are fixed by the contract and live here; every
//! number, condition, text and formula comes from the pack (parameters, `redenen.toml`, rules).

mod aanvullende_bijstand;
pub(crate) mod inkomen;
mod object;
mod teksten;
mod trace;
mod veranderingen;

pub(crate) use object::eerste_betaaldatum;
pub use object::huishouden_object;
use object::{maak_huishouden, overleden_in_jaar, overleden_voor_jaar};
pub(crate) use teksten::datum_nl;
use teksten::{maak_reden, maanden_tekst, standaard_redenen, termijnbedragen, verandering, vul_in};
use trace::trace_regels;
use veranderingen::wat_zou_veranderen;

use rust_decimal::Decimal;

use crate::decision::{
    Bedrag, Berekening, Beslissing, Betaling, Herkomst, Kolom, Reden, Verandering, Waarschuwing,
    KOLOM_GROOTHEDEN,
};
use crate::error::{Code, Fout, Locatie};
use crate::pack::Regeling;
use crate::policy::{Beleidsregels, GeladenBeleid};
use crate::record;
use crate::script::types::Huishouden;
use crate::script::waarde::W;
use crate::script::{self, GecompileerdPack};

/// First and last year of the regulation (berekening.md §1).
pub(crate) const EERSTE_JAAR: i32 = 2023;
/// From this year the fiscal solution applies.
pub(crate) const EINDE_JAAR: i32 = 2028;

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
            Code::JaarNaRegeling,
            format!(
                "de Wet tijdelijke regeling alleenverdienersproblematiek geldt niet voor {jaar}: de regeling loopt t/m 2027; vanaf 2028 geldt de fiscale oplossing"
            ),
        )
        .bij(loc())
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    if jaar < EERSTE_JAAR {
        return Err(Fout::invoer(
            Code::JaarVoorRegeling,
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
            Code::RegelsType,
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

pub(super) fn als_logisch(v: &W, naam: &str) -> Result<Option<bool>, Fout> {
    if let W::Unit = v {
        Ok(None)
    } else if let W::Bool(b) = v {
        Ok(Some(*b))
    } else {
        Err(Fout::regel(
            Code::RegelsType,
            format!(
                "regel `{naam}` gaf {} in plaats van true, false of ()",
                v.naar_dynamic().type_name()
            ),
        ))
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
                if datum.0 > einde && hh.hardheidsclausule_toegepast {
                    redenen.push(reden("hardheidsclausule_toegepast", &extra)?);
                } else if datum.0 > einde {
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
