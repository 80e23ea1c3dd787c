//! The objects rules see: `hh` (the household and its two situations), `s` (a situation: the
//! actual one or the bijstand reference), `p` (a person in a situation) and `datum`.
//! Each holds memo slots for the named quantities computed on it, so that every quantity is
//! computed once per household.

use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};
use rhai::Dynamic;
use rust_decimal::Decimal;

use crate::record::Soort;

/// The value of a parameter that is not yet published (`nog_niet_vastgesteld = true`). A quantity
/// that reads one stops before it runs; a private helper that computes with it fails on the
/// type `nog_niet_vastgesteld`, which the error message explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NogNietVastgesteld;

/// A calendar date in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Datum(pub NaiveDate);

/// Per-person data of a situation.
#[derive(Debug, Clone)]
pub struct PersoonData {
    /// 1 or 2.
    pub nummer: i64,
    /// Date of birth.
    pub geboortedatum: NaiveDate,
    /// Date of death.
    pub overlijdensdatum: Option<NaiveDate>,
    /// Year income per soort (index = `Soort::index`).
    pub inkomen: [Decimal; 15],
}

/// A situation (actual or reference).
#[derive(Debug)]
pub struct SituatieData {
    /// The bijstand reference couple rather than the actual household.
    pub is_referentie: bool,
    /// Year assessed.
    pub jaar: i32,
    /// The persons.
    pub personen: Vec<PersoonData>,
    /// Birth dates of the children living at home.
    pub kinderen: Vec<NaiveDate>,
    /// Rekenhuur per month, if any.
    pub huur_per_maand: Option<Decimal>,
    /// Joint assets on 1 January.
    pub vermogen: Decimal,
    /// Toeslagpartners.
    pub toeslagpartner: bool,
    /// Fiscal partners.
    pub fiscaal_partner: bool,
    pub(crate) memo: Vec<OnceLock<Dynamic>>,
    pub(crate) persoon_memo: Vec<Vec<OnceLock<Dynamic>>>,
}

/// `s` in rules.
#[derive(Debug, Clone)]
pub struct Situatie(pub Arc<SituatieData>);

/// `p` in rules.
#[derive(Debug, Clone)]
pub struct Persoon {
    pub(crate) sit: Arc<SituatieData>,
    pub(crate) idx: usize,
}

impl Persoon {
    /// The person's data.
    pub fn data(&self) -> &PersoonData {
        &self.sit.personen[self.idx]
    }
    /// The situation this person belongs to.
    pub fn situatie(&self) -> Situatie {
        Situatie(self.sit.clone())
    }
    pub(crate) fn memo(&self) -> &[OnceLock<Dynamic>] {
        &self.sit.persoon_memo[self.idx]
    }
}

/// Choices of the beleidsregels that rules read.
#[derive(Debug, Clone)]
pub struct Beleid {
    /// `zorgtoeslag`, `participatiewet` or `bedrag`.
    pub vermogensgrens_keuze: &'static str,
    /// The amount with `bedrag`.
    pub vermogensgrens_bedrag: Decimal,
    /// Whether the beleidsregels name a vermogensgrens at all.
    pub vermogensgrens_in_beleidsregels: bool,
}

/// The household: input flags plus the situations.
#[derive(Debug)]
pub struct HuishoudenData {
    /// Year assessed.
    pub jaar: i32,
    /// The actual situation.
    pub werkelijk: Situatie,
    /// The bijstand reference (couples only).
    pub referentie: Option<Situatie>,
    /// The beleidsregels' choices.
    pub beleid: Beleid,
    /// On the Belastingdienst list.
    pub op_lijst: bool,
    pub(crate) memo: Vec<OnceLock<Dynamic>>,
}

/// `hh` in rules.
#[derive(Debug, Clone)]
pub struct Huishouden(pub Arc<HuishoudenData>);

impl SituatieData {
    /// A new situation with empty memo slots.
    pub fn nieuw(
        is_referentie: bool,
        jaar: i32,
        personen: Vec<PersoonData>,
        basis: &crate::record::Huishouden,
        slots: (usize, usize),
    ) -> Self {
        let n = personen.len();
        SituatieData {
            is_referentie,
            jaar,
            kinderen: basis.kinderen.iter().map(|k| k.geboortedatum.0).collect(),
            huur_per_maand: basis.huur_per_maand,
            vermogen: basis.vermogen,
            toeslagpartner: basis.toeslagpartner && n == 2,
            fiscaal_partner: basis.fiscaal_partner && n == 2,
            personen,
            memo: (0..slots.0).map(|_| OnceLock::new()).collect(),
            persoon_memo: (0..n)
                .map(|_| (0..slots.1).map(|_| OnceLock::new()).collect())
                .collect(),
        }
    }
}

/// Register the types and their data getters on an engine.
pub fn registreer(engine: &mut rhai::Engine) {
    engine
        .register_type_with_name::<NogNietVastgesteld>("nog_niet_vastgesteld")
        .register_type_with_name::<Datum>("datum")
        .register_get("jaar", |d: &mut Datum| d.0.year() as i64)
        .register_get("maand", |d: &mut Datum| d.0.month() as i64)
        .register_get("dag", |d: &mut Datum| d.0.day() as i64)
        .register_fn("to_string", |d: &mut Datum| {
            d.0.format("%Y-%m-%d").to_string()
        })
        .register_fn("==", |a: Datum, b: Datum| a == b)
        .register_fn("!=", |a: Datum, b: Datum| a != b)
        .register_fn("<", |a: Datum, b: Datum| a < b)
        .register_fn("<=", |a: Datum, b: Datum| a <= b)
        .register_fn(">", |a: Datum, b: Datum| a > b)
        .register_fn(">=", |a: Datum, b: Datum| a >= b);

    engine
        .register_type_with_name::<Situatie>("situatie")
        .register_get("is_referentie", |s: &mut Situatie| s.0.is_referentie)
        .register_get("jaar", |s: &mut Situatie| s.0.jaar as i64)
        .register_get("aantal_personen", |s: &mut Situatie| {
            s.0.personen.len() as i64
        })
        .register_get("personen", |s: &mut Situatie| -> rhai::Array {
            (0..s.0.personen.len())
                .map(|idx| {
                    Dynamic::from(Persoon {
                        sit: s.0.clone(),
                        idx,
                    })
                })
                .collect()
        })
        .register_get("kinderen", |s: &mut Situatie| -> rhai::Array {
            s.0.kinderen
                .iter()
                .map(|d| Dynamic::from(Datum(*d)))
                .collect()
        })
        .register_get("aantal_kinderen", |s: &mut Situatie| {
            s.0.kinderen.len() as i64
        })
        .register_get("heeft_huur", |s: &mut Situatie| {
            s.0.huur_per_maand.is_some()
        })
        .register_get("huur_per_maand", |s: &mut Situatie| {
            s.0.huur_per_maand.unwrap_or_default()
        })
        .register_get("vermogen", |s: &mut Situatie| s.0.vermogen)
        .register_get("toeslagpartner", |s: &mut Situatie| s.0.toeslagpartner)
        .register_get("fiscaal_partner", |s: &mut Situatie| s.0.fiscaal_partner)
        .register_get("peildatum", |s: &mut Situatie| {
            Datum(NaiveDate::from_ymd_opt(s.0.jaar, 1, 1).unwrap_or(NaiveDate::MIN))
        });

    engine
        .register_type_with_name::<Persoon>("persoon")
        .register_get("nummer", |p: &mut Persoon| p.data().nummer)
        .register_get("geboortedatum", |p: &mut Persoon| {
            Datum(p.data().geboortedatum)
        })
        .register_get("is_overleden", |p: &mut Persoon| {
            p.data().overlijdensdatum.is_some()
        })
        .register_get("situatie", |p: &mut Persoon| p.situatie())
        .register_get(
            "partner",
            |p: &mut Persoon| -> Result<Persoon, Box<rhai::EvalAltResult>> {
                if p.sit.personen.len() == 2 {
                    Ok(Persoon {
                        sit: p.sit.clone(),
                        idx: 1 - p.idx,
                    })
                } else {
                    Err("deze persoon heeft geen partner in het huishouden".into())
                }
            },
        )
        .register_fn(
            "inkomen",
            |p: &mut Persoon, soort: &str| -> Result<Decimal, Box<rhai::EvalAltResult>> {
                Soort::van_naam(soort)
                    .map(|s| p.data().inkomen[s.index()])
                    .ok_or_else(|| format!("onbekende inkomenssoort `{soort}`").into())
            },
        )
        .register_fn(
            "inkomen",
            |p: &mut Persoon, soorten: rhai::Array| -> Result<Decimal, Box<rhai::EvalAltResult>> {
                let mut som = Decimal::ZERO;
                for s in soorten {
                    let naam = s
                        .into_immutable_string()
                        .map_err(|t| format!("verwacht een inkomenssoort, kreeg {t}"))?;
                    let soort = Soort::van_naam(&naam)
                        .ok_or_else(|| format!("onbekende inkomenssoort `{naam}`"))?;
                    som += p.data().inkomen[soort.index()];
                }
                Ok(som)
            },
        )
        .register_fn("==", |a: Persoon, b: Persoon| {
            Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx
        })
        .register_fn("!=", |a: Persoon, b: Persoon| {
            !(Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx)
        });

    engine
        .register_type_with_name::<Huishouden>("huishouden")
        .register_get("jaar", |h: &mut Huishouden| h.0.jaar as i64)
        .register_get("werkelijk", |h: &mut Huishouden| h.0.werkelijk.clone())
        .register_get("heeft_referentie", |h: &mut Huishouden| h.0.referentie.is_some())
        .register_get("referentie", |h: &mut Huishouden| -> Result<Situatie, Box<rhai::EvalAltResult>> {
            h.0.referentie
                .clone()
                .ok_or_else(|| "de bijstandsreferentie bestaat alleen voor een huishouden van twee personen".into())
        })
        .register_get("op_lijst_belastingdienst", |h: &mut Huishouden| h.0.op_lijst)
        .register_get("vermogensgrens_keuze", |h: &mut Huishouden| h.0.beleid.vermogensgrens_keuze)
        .register_get("vermogensgrens_bedrag", |h: &mut Huishouden| h.0.beleid.vermogensgrens_bedrag)
        .register_get("vermogensgrens_in_beleidsregels", |h: &mut Huishouden| {
            h.0.beleid.vermogensgrens_in_beleidsregels
        });
}

/// Names of the data getters per object kind; a quantity may not reuse them.
pub const DATA_NAMEN: &[&str] = &[
    "is_referentie",
    "jaar",
    "aantal_personen",
    "personen",
    "kinderen",
    "aantal_kinderen",
    "heeft_huur",
    "huur_per_maand",
    "vermogen",
    "toeslagpartner",
    "fiscaal_partner",
    "peildatum",
    "nummer",
    "geboortedatum",
    "is_overleden",
    "situatie",
    "partner",
    "inkomen",
    "werkelijk",
    "heeft_referentie",
    "referentie",
    "op_lijst_belastingdienst",
    "vermogensgrens_keuze",
    "vermogensgrens_bedrag",
    "vermogensgrens_in_beleidsregels",
];
