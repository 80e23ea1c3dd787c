//! The amounts granted (CONTRACT §2): the vaste tegemoetkoming, the eindheffing the municipality
//! pays, and the aanvullende (2025+) or volledige (2023/2024) bijzondere bijstand; on an
//! ambtshalve route with the doelgroep test that decides the bijzondere bijstand (decision 006).

use rust_decimal::Decimal;

use super::doelgroep::niet_vervulde_voorwaarden;
use super::grootheden::{als_bedrag_of_geen, als_decimaal};
use super::teksten::Motivering;
use crate::decision::Reden;
use crate::error::Fout;

/// The amounts of a decision; zero when nothing is granted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Bedragen {
    /// The vaste tegemoetkoming, net (0 when the regeling has none).
    pub(super) tegemoetkoming: Decimal,
    /// The eindheffing the municipality pays over the tegemoetkoming.
    pub(super) eindheffing: Decimal,
    /// The bijzondere bijstand, untaxed.
    pub(super) bijzondere_bijstand: Decimal,
}

impl Bedragen {
    /// Whether something is paid to the household.
    pub(super) fn toegekend(&self) -> bool {
        self.tegemoetkoming > Decimal::ZERO || self.bijzondere_bijstand > Decimal::ZERO
    }

    /// What is paid to the household: tegemoetkoming plus bijzondere bijstand.
    pub(super) fn totaal(&self) -> Decimal {
        self.tegemoetkoming + self.bijzondere_bijstand
    }
}

/// The amounts of a household the route and the doelgroep test grant, with their reasons.
/// `getoetst`: the doelgroep was established before the grant; `met_referentie`: the
/// calculation has a bijstand reference (a couple), the condition of bijzondere bijstand.
pub(super) fn bepaal(
    m: &mut Motivering<'_, '_>,
    getoetst: bool,
    met_referentie: bool,
) -> Result<Bedragen, Fout> {
    // `()` from the rule: the regeling has no tegemoetkoming (handelingsperspectief);
    // CONTRACT §2 then reports 0.
    let tegemoetkoming = als_bedrag_of_geen(m.pack, m.obj, "tegemoetkoming")?.unwrap_or_default();
    let eindheffing = als_bedrag_of_geen(m.pack, m.obj, "eindheffing")?.unwrap_or_default();
    let (bijzondere_bijstand, mut na_toekenning) = if met_referentie {
        bijzondere_bijstand(m, getoetst)?
    } else {
        (Decimal::ZERO, Vec::new())
    };
    if tegemoetkoming > Decimal::ZERO {
        m.geef("tegemoetkoming_toegekend")?;
    }
    if bijzondere_bijstand > Decimal::ZERO {
        m.geef("bijzondere_bijstand_toegekend")?;
    }
    m.redenen.append(&mut na_toekenning);
    Ok(Bedragen {
        tegemoetkoming,
        eindheffing,
        bijzondere_bijstand,
    })
}

/// Aanvullende bijzondere bijstand only for a household that is found to belong to the
/// doelgroep (VNG-FAQ); on an ambtshalve route the conditions are tested here. The amount, and
/// the reasons of that test, given after those of the grant.
fn bijzondere_bijstand(
    m: &Motivering<'_, '_>,
    getoetst: bool,
) -> Result<(Decimal, Vec<Reden>), Fout> {
    let gefaald = if getoetst {
        Vec::new()
    } else {
        niet_vervulde_voorwaarden(m.pack, m.obj)?
    };
    let mut na_toekenning = Vec::new();
    if !gefaald.is_empty() {
        na_toekenning.push(m.reden("geen_aanvullende_bijzondere_bijstand")?);
        for code in &gefaald {
            na_toekenning.push(m.reden(code)?);
        }
        return Ok((Decimal::ZERO, na_toekenning));
    }
    let bedrag = als_decimaal(
        &m.pack.op_huishouden_w(m.obj, "bijzondere_bijstand")?,
        "bijzondere_bijstand",
        m.pack,
    )?;
    if !getoetst {
        na_toekenning.push(m.reden("doelgroep_ambtshalve_vastgesteld")?);
    }
    Ok((bedrag, na_toekenning))
}
