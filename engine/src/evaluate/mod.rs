//! Household + compiled pack + beleidsregels → decision (berekening.md §1 and §6).
//!
//! The routes and the shape of the decision are fixed by the contract and live here; every
//! number, condition, text and formula comes from the pack (parameters, `redenen.toml`, rules).
//! A decision is made in steps, each in the module of its concern: the calculation
//! (`berekening`, `aanvullende_bijstand`), the route (`route`) and the doelgroep test
//! (`doelgroep`, `aanvraag`), the amounts (`bedragen`), the payment (`betaling`), the actions
//! and explanations (`acties`); the texts of the motivering are built in `teksten`.

mod aanvraag;
mod aanvullende_bijstand;
mod acties;
mod bedragen;
mod berekening;
mod betaling;
mod doelgroep;
mod grootheden;
pub mod inkomen;
pub(crate) mod jaar;
mod object;
pub(crate) mod route;
mod teksten;
mod trace;
mod veranderingen;

pub use jaar::{controleer_jaar, EERSTE_JAAR, EINDE_JAAR};
pub use object::huishouden_object;
use object::{maak_huishouden, overleden_in_jaar, overleden_voor_jaar};
pub use route::Route;
use teksten::Motivering;
use trace::trace_regels;

use crate::decision::{Bedrag, Beslissing, Herkomst};
use crate::error::Fout;
use crate::model::objecten::Huishouden;
use crate::notatie;
use crate::policy::{Beleidsregels, GeladenBeleid};
use crate::record;
use crate::script::{self, GecompileerdPack};

/// Evaluation options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opties {
    /// Include the trace of every quantity.
    pub trace: bool,
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
    // one evaluation state for every quantity the decision asks
    let sessie = pack.sessie(&obj, opties.trace);
    let uitkomst = beslis(&sessie, beleid, &regels, hh, &obj, &uit_maanden);
    let punten = sessie.trace();
    drop(sessie);
    let mut b = uitkomst?;
    if opties.trace {
        b.trace = Some(trace_regels(pack, punten));
    }
    Ok(b)
}

/// The decision on `hh` (`obj` as the rules see it), step by step.
fn beslis(
    pack: &script::Sessie<'_>,
    beleid: &GeladenBeleid,
    regels: &Beleidsregels,
    hh: &record::Huishouden,
    obj: &Huishouden,
    uit_maanden: &[String],
) -> Result<Beslissing, Fout> {
    let heeft_gegevens = hh.personen.iter().any(|p| !p.inkomsten.is_empty());
    // §2–§6: the calculation, and the outcome after aanvullende algemene bijstand when the net
    // income is below the norm; the beleidsregels may decide on that outcome (keuzes.toml)
    let (berekening, variant) = if heeft_gegevens {
        let (b, variant) = aanvullende_bijstand::bereken(pack, obj, hh)?;
        (Some(b), variant)
    } else {
        (None, None)
    };
    // actions look at the actual situation (the aanvullende bijstand is not granted yet)
    let werkelijk = obj;
    let obj = match &variant {
        Some(variant) if regels.toekennen_na_aanvullende_bijstand() => variant,
        _ => obj,
    };
    let eigen = &beleid.regels;
    let mut m = Motivering::nieuw(pack, obj, tekstwaarden(hh, regels));
    // §1: the route, and the doelgroep test where the route asks for it
    let route = Route::kies(pack.pack.manifest.regeling, hh, regels);
    let toetsing = doelgroep::toets(&mut m, hh, regels, eigen, route, uit_maanden)?;
    let bedragen = if toetsing.toegekend {
        let referentie = berekening.as_ref().is_some_and(|b| b.referentie.is_some());
        bedragen::bepaal(&mut m, toetsing.doelgroep.is_some(), referentie)?
    } else {
        bedragen::Bedragen::default()
    };
    // an invalid IBAN does not block the decision: a warning and the action `iban_opvragen`
    let iban_fout = hh.iban.as_deref().and_then(record::iban_probleem);
    let betaling = if bedragen.toegekend() {
        let opvragen = hh.iban.is_none() || iban_fout.is_some();
        let b = betaling::betaal(&mut m, regels, eigen, hh, bedragen.totaal(), opvragen)?;
        Some(b)
    } else {
        None
    };
    acties::acties_en_uitleg(&mut m, werkelijk, heeft_gegevens)?;
    let Motivering {
        redenen,
        acties,
        veranderingen,
        ..
    } = m;
    Ok(Beslissing {
        jaar: hh.jaar,
        regeling: pack.pack.manifest.regeling.naam().to_string(),
        route,
        doelgroep: toetsing.doelgroep,
        toegekend: bedragen.toegekend(),
        tegemoetkoming: Bedrag(bedragen.tegemoetkoming),
        eindheffing: Bedrag(bedragen.eindheffing),
        bijzondere_bijstand: Bedrag(bedragen.bijzondere_bijstand),
        berekening,
        redenen,
        acties,
        betaling,
        wat_zou_veranderen: veranderingen,
        waarschuwingen: betaling::waarschuwingen(iban_fout),
        herkomst: herkomst(pack, beleid),
        trace: None,
    })
}

/// The values the reason texts can name that the evaluation knows itself: `{jaar}`,
/// `{uiterste_aanvraagdatum}`, `{verhuisd_naar_gemeente}`, `{overlijdensdatum}`.
fn tekstwaarden(hh: &record::Huishouden, regels: &Beleidsregels) -> Vec<(&'static str, String)> {
    let mut extra = vec![("jaar", hh.jaar.to_string())];
    if let Some(d) = regels.uiterste_aanvraagdatum(hh.jaar) {
        extra.push(("uiterste_aanvraagdatum", notatie::datum(d)));
    }
    if let Some(g) = &hh.verhuisd_naar_gemeente {
        extra.push(("verhuisd_naar_gemeente", g.clone()));
    }
    if let Some(d) = overleden_in_jaar(hh).or_else(|| overleden_voor_jaar(hh)) {
        extra.push(("overlijdensdatum", notatie::datum(d)));
    }
    extra
}

/// Provenance: the engine, the rules and the beleidsregels the decision was made with.
fn herkomst(pack: &GecompileerdPack, beleid: &GeladenBeleid) -> Herkomst {
    Herkomst {
        engine_versie: crate::herkomst::ENGINE_VERSIE.to_string(),
        regels_hash: pack.regels_hash.clone(),
        beleidsregels: beleid.naam.clone(),
        beleidsregels_hash: beleid.hash.clone(),
    }
}
