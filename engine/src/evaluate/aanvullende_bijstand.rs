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

use super::berekening::{self, kolom};
use super::grootheden::als_decimaal;
use crate::decision::{Bedrag, Berekening, NaAanvullendeBijstand};
use crate::error::Fout;
use crate::model::objecten::{Huishouden, HuishoudenData, Situatie, SituatieData};
use crate::record::{self, Soort};
use crate::script::Sessie;

/// The calculation (§2–§5) with the outcome after aanvullende bijstand when the net income is
/// below the norm (§6), and the household variant that outcome was computed on.
pub(super) fn bereken(
    pack: &Sessie<'_>,
    obj: &Huishouden,
    hh: &record::Huishouden,
) -> Result<(Berekening, Option<Huishouden>), Fout> {
    let mut b = berekening::bereken(pack, obj)?;
    match na_aanvullende_bijstand(pack, obj, hh)? {
        Some((variant, uitkomst)) => {
            b.na_aanvullende_bijstand = Some(uitkomst);
            Ok((b, Some(variant)))
        }
        None => Ok((b, None)),
    }
}

/// The outcome after aanvullende bijstand and the household variant it was computed on, or
/// `None` when the household is not below the norm (or has no bijstand reference).
fn na_aanvullende_bijstand(
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
    let (bruto, situatie) = bruto_bij_netto(doel, netto_erbij, |g| {
        let s = met_bijstand(obj, hh, g);
        Ok((netto(&s)?, s))
    })?;
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

/// The gross amount in whole cents at which `netto(bruto)` first reaches `doel`, with the situation
/// it was evaluated on: secant steps on a function that is piecewise linear and increasing (the
/// tax brackets and credits), starting from bruto = 0 and bruto = the net amount wanted, each
/// step rounded up to whole cents; it stops when the net income is at the norm and one cent less
/// would fall below it.
fn bruto_bij_netto<S>(
    doel: Decimal,
    netto_erbij: Decimal,
    mut netto: impl FnMut(Decimal) -> Result<(Decimal, S), Fout>,
) -> Result<(Decimal, S), Fout> {
    let cent = Decimal::new(1, 2);
    let omhoog = |g: Decimal| {
        g.max(Decimal::ZERO)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity)
    };
    let (mut g0, mut f0) = (Decimal::ZERO, -netto_erbij);
    let mut g1 = omhoog(netto_erbij);
    let (n1, mut s1) = netto(g1)?;
    let mut f1 = n1 - doel;
    for _ in 0..40 {
        if f1 == f0 || g1 == g0 {
            break;
        }
        let helling = (f1 - f0) / (g1 - g0);
        // at the norm, and one cent less (on this slope) would not be
        if f1 >= Decimal::ZERO && f1 < helling * cent {
            break;
        }
        if helling <= Decimal::ZERO {
            break;
        }
        let g2 = omhoog(g1 - f1 / helling);
        let (n2, s2) = netto(g2)?;
        (g0, f0) = (g1, f1);
        (g1, f1, s1) = (g2, n2 - doel, s2);
    }
    Ok((g1, s1))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    /// A piecewise linear net income: 100% net up to 8,565.05 (own AHK), then 64.18% net
    /// (35.82% tax), as for the non-earning partner's half.
    fn netto(g: Decimal) -> Result<(Decimal, ()), Fout> {
        let knik = d("8565.05");
        let n = if g <= knik {
            g
        } else {
            knik + (g - knik) * d("0.6418")
        };
        Ok((n, ()))
    }

    #[test]
    fn bruto_op_hele_centen_naar_boven_binnen_een_segment() {
        // 0.8209 net per euro gross: 4,796.02 / 0.8209 = 5,842.3925… → 5,842.40
        let f = |g: Decimal| Ok::<_, Fout>((g * d("0.8209"), ()));
        let (g, _) = bruto_bij_netto(d("4796.02"), d("4796.02"), f).unwrap_or_default();
        assert_eq!(g, d("5842.40"));
    }

    #[test]
    fn bruto_over_een_knik() {
        // 9,000 net: 8,565.05 + (g − 8,565.05) × 0.6418 = 9,000 → g = 9,242.75… → 9,242.76
        let (g, _) = bruto_bij_netto(d("9000"), d("9000"), netto).unwrap_or_default();
        assert_eq!(g, d("9242.76"));
        let (n, _) = netto(g).unwrap_or_default();
        let (n_min, _) = netto(g - d("0.01")).unwrap_or_default();
        assert!(n >= d("9000") && n_min < d("9000"), "{n} {n_min}");
    }

    #[test]
    fn lineair_in_een_stap_vanaf_het_startpunt() {
        // Net = 300 + 0.7 × gross, doel 1,000 with 700 net wanted: the start (gross 700, net
        // 790, 210 short) and the line through (0, −700) give gross 1,000 at once; the secant
        // needs two evaluations of the net income, not more.
        let mut keer = 0;
        let f = |g: Decimal| {
            keer += 1;
            Ok::<_, Fout>((d("300") + g * d("0.7"), ()))
        };
        let (g, _) = bruto_bij_netto(d("1000"), d("700"), f).unwrap_or_default();
        assert_eq!(g, d("1000.00"));
        assert_eq!(keer, 2, "evaluaties van het netto-inkomen");
    }

    #[test]
    fn stopt_niet_boven_de_norm_als_een_cent_minder_ook_genoeg_is() {
        // Net = 0.5 × gross up to 1,000, then 500 + 0.501 × (gross − 1,000); 600 net wanted.
        // The secant lands at 1,200 (net 600.20, 0.20 above the norm) and must go on to the
        // least whole-cent gross: 500 + 0.501 × (g − 1,000) ≥ 600 → g ≥ 1,199.6008 → 1,199.61.
        let f = |g: Decimal| {
            let n = if g <= d("1000") {
                g * d("0.5")
            } else {
                d("500") + (g - d("1000")) * d("0.501")
            };
            Ok::<_, Fout>((n, ()))
        };
        let (g, _) = bruto_bij_netto(d("600"), d("600"), f).unwrap_or_default();
        assert_eq!(g, d("1199.61"));
    }
}
