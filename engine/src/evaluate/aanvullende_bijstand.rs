//! The outcome after aanvullende algemene bijstand (berekening.md §6; issue 6 item 6).
//!
//! A household whose net income is below the bijstand norm is entitled to aanvullende algemene
//! bijstand (art. 19 and 21 Participatiewet). That bijstand is taxable, so it raises the
//! toetsingsinkomen and changes the toeslagen. This module builds the household as it would be
//! with that bijstand: the net amount comes from the rule `aanvullende_bijstand_netto`; the
//! gross amount is found by evaluating the rules' own `netto_inkomen` on a copy of the actual
//! situation with the bijstand added (half to each partner, as the gehuwdennorm is the couple's
//! norm together), until the net income reaches the norm. Every quantity of the outcome then
//! comes from the same rules, on a household variant whose actual situation is that copy.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::{als_decimaal, kolom};
use crate::decision::{Bedrag, NaAanvullendeBijstand};
use crate::error::Fout;
use crate::record::{self, Soort};
use crate::script::types::{Huishouden, HuishoudenData, Situatie, SituatieData};
use crate::script::Sessie;

/// The outcome after aanvullende bijstand and the household variant it was computed on, or
/// `None` when the household is not below the norm (or has no bijstand reference).
pub(super) fn na_aanvullende_bijstand(
    pack: &Sessie<'_>,
    obj: &Huishouden,
    hh: &record::Huishouden,
) -> Result<Option<(Huishouden, NaAanvullendeBijstand)>, Fout> {
    if obj.0.referentie.is_none() {
        return Ok(None);
    }
    let bedrag = |o: &Huishouden, naam: &str| -> Result<Decimal, Fout> {
        als_decimaal(&pack.op_huishouden_w(o, naam)?, naam, pack)
    };
    let netto_erbij = bedrag(obj, "aanvullende_bijstand_netto")?;
    if netto_erbij <= Decimal::ZERO {
        return Ok(None);
    }
    let netto = |s: &Situatie| -> Result<Decimal, Fout> {
        als_decimaal(
            &pack.op_situatie_w(s, "netto_inkomen")?,
            "netto_inkomen",
            pack,
        )
    };
    let doel = netto(&obj.0.werkelijk)? + netto_erbij;
    let bruto = bruto_bij_netto(doel, netto_erbij, |g| netto(&met_bijstand(obj, hh, g)))?;
    let situatie = met_bijstand(obj, hh, bruto);
    let variant = met_werkelijk(obj, situatie.clone());
    let uitkomst = NaAanvullendeBijstand {
        aanvullende_bijstand_netto: Bedrag(netto_erbij),
        aanvullende_bijstand_bruto: Bedrag(bruto),
        huishouden: kolom(pack, &situatie)?,
        tekort: Bedrag(bedrag(&variant, "tekort")?),
        gemiste_toeslagen: Bedrag(bedrag(&variant, "gemiste_toeslagen")?),
        bijzondere_bijstand: Bedrag(bedrag(
            &variant,
            "bijzondere_bijstand_na_aanvullende_bijstand",
        )?),
    };
    Ok(Some((variant, uitkomst)))
}

/// The gross amount (in cents) at which `netto(bruto)` reaches `doel`: secant steps on a
/// function that is piecewise linear and increasing (the tax brackets and credits), starting
/// from bruto = 0 and bruto = the net amount wanted.
fn bruto_bij_netto(
    doel: Decimal,
    netto_erbij: Decimal,
    mut netto: impl FnMut(Decimal) -> Result<Decimal, Fout>,
) -> Result<Decimal, Fout> {
    let tolerantie = Decimal::new(1, 4);
    let (mut g0, mut f0) = (Decimal::ZERO, -netto_erbij);
    let mut g1 = netto_erbij;
    let mut f1 = netto(g1)? - doel;
    for _ in 0..40 {
        if f1.abs() < tolerantie || f1 == f0 {
            break;
        }
        let helling = (f1 - f0) / (g1 - g0);
        if helling <= Decimal::ZERO {
            break;
        }
        let g2 = (g1 - f1 / helling).max(Decimal::ZERO);
        (g0, f0) = (g1, f1);
        g1 = g2;
        f1 = netto(g1)? - doel;
    }
    // whole cents, rounded up: the net income is increasing in the gross amount, so it does not
    // fall below the norm
    Ok(g1.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity))
}

/// The actual situation with `bruto` aanvullende bijstand added, half to each partner.
fn met_bijstand(obj: &Huishouden, hh: &record::Huishouden, bruto: Decimal) -> Situatie {
    let w = &obj.0.werkelijk.0;
    let n = Decimal::from(w.personen.len().max(1) as u64);
    let personen = w
        .personen
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.inkomen[Soort::BijstandAanvullend.index()] += bruto / n;
            p
        })
        .collect();
    Situatie(Arc::new(SituatieData::nieuw(
        false,
        w.jaar,
        personen,
        hh,
        (w.fiscaal_partner, w.toeslagpartner),
        &obj.0.geheugen,
    )))
}

/// The same household with another actual situation (a new variant in the same memo).
fn met_werkelijk(obj: &Huishouden, werkelijk: Situatie) -> Huishouden {
    let h = &obj.0;
    Huishouden(Arc::new(HuishoudenData {
        jaar: h.jaar,
        werkelijk,
        referentie: h.referentie.clone(),
        beleid: h.beleid.clone(),
        op_lijst: h.op_lijst,
        betaaljaren: h.betaaljaren.clone(),
        geheugen: h.geheugen.clone(),
        variant: h.geheugen.nieuwe_variant(),
    }))
}
