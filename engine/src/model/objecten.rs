//! The objects rules see: `hh` (the household and its two situations), `s` (a situation: the
//! actual one or the bijstand reference), `p` (a person in a situation) and `datum`.
//! Each knows its place in the household's memo (`geheugen.rs`), so that every quantity is
//! computed once per household.

use std::sync::Arc;

use super::geheugen::GeheugenPlaats;

use chrono::{Datelike, NaiveDate};

use super::waarde::W;
use rust_decimal::Decimal;

use crate::record::Soort;

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
    pub inkomen: [Decimal; Soort::AANTAL],
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
    /// Joint assets on 1 January (the own home excluded).
    pub vermogen: Decimal,
    /// Net value of the own home on 1 January (zero when not given).
    pub vermogen_eigen_woning: Decimal,
    /// The number of kostendelende medebewoners as given in the record, if given.
    pub kostendelende_medebewoners: Option<u32>,
    /// Birth dates of the other adults sharing the home.
    pub medebewoners: Vec<NaiveDate>,
    /// Toeslagpartners.
    pub toeslagpartner: bool,
    /// Fiscal partners.
    pub fiscaal_partner: bool,
    /// The household's memo.
    pub(crate) geheugen: Arc<GeheugenPlaats>,
    /// This situation's number in the memo.
    pub(crate) nr: usize,
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
    /// The year in which each payment instalment is made (one per instalment).
    pub betaaljaren: Vec<i32>,
    /// The household's memo (shared with its situations).
    pub(crate) geheugen: Arc<GeheugenPlaats>,
    /// This household variant's number in the memo.
    pub(crate) variant: usize,
}

/// `hh` in rules.
#[derive(Debug, Clone)]
pub struct Huishouden(pub Arc<HuishoudenData>);

impl SituatieData {
    /// A new situation of the household whose memo is `geheugen`: children, rent and assets
    /// from the record `basis`, the partnerships (fiscal, toeslagen) as given (they hold only
    /// for two persons).
    pub fn nieuw(
        is_referentie: bool,
        jaar: i32,
        personen: Vec<PersoonData>,
        basis: &crate::record::Huishouden,
        (fiscaal_partner, toeslagpartner): (bool, bool),
        geheugen: &Arc<GeheugenPlaats>,
    ) -> Self {
        let n = personen.len();
        SituatieData {
            is_referentie,
            jaar,
            kinderen: basis.kinderen.iter().map(|k| k.geboortedatum.0).collect(),
            huur_per_maand: basis.huur_per_maand,
            vermogen: basis.vermogen,
            vermogen_eigen_woning: basis.vermogen_eigen_woning.unwrap_or_default(),
            kostendelende_medebewoners: basis.kostendelende_medebewoners,
            medebewoners: basis
                .medebewoners
                .iter()
                .map(|m| m.geboortedatum.0)
                .collect(),
            toeslagpartner: toeslagpartner && n == 2,
            fiscaal_partner: fiscaal_partner && n == 2,
            personen,
            nr: geheugen.nieuwe_situatie(),
            geheugen: geheugen.clone(),
        }
    }
}

/// A data field of a rule object (`s.vermogen`, `p.geboortedatum`, `hh.werkelijk`, …): one
/// definition used by both the Rhai getters and the compiled rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eig {
    IsReferentie,
    Jaar,
    Maand,
    Dag,
    AantalPersonen,
    Personen,
    Kinderen,
    AantalKinderen,
    HeeftHuur,
    HuurPerMaand,
    Vermogen,
    VermogenEigenWoning,
    HeeftAantalKostendelers,
    KostendelendeMedebewoners,
    Medebewoners,
    Toeslagpartner,
    FiscaalPartner,
    Peildatum,
    Nummer,
    Geboortedatum,
    IsOverleden,
    Situatie,
    Partner,
    Werkelijk,
    HeeftReferentie,
    Referentie,
    OpLijst,
    Betaaljaren,
    AantalBetaaltermijnen,
    VermogensgrensKeuze,
    VermogensgrensBedrag,
    VermogensgrensInBeleidsregels,
}

/// Every field with its name and the object kinds that have it (`d` datum, `s` situatie,
/// `p` persoon, `h` huishouden).
pub(crate) const EIGENSCHAPPEN: &[(Eig, &str, &str)] = &[
    (Eig::IsReferentie, "is_referentie", "s"),
    (Eig::Jaar, "jaar", "dsh"),
    (Eig::Maand, "maand", "d"),
    (Eig::Dag, "dag", "d"),
    (Eig::AantalPersonen, "aantal_personen", "s"),
    (Eig::Personen, "personen", "s"),
    (Eig::Kinderen, "kinderen", "s"),
    (Eig::AantalKinderen, "aantal_kinderen", "s"),
    (Eig::HeeftHuur, "heeft_huur", "s"),
    (Eig::HuurPerMaand, "huur_per_maand", "s"),
    (Eig::Vermogen, "vermogen", "s"),
    (Eig::VermogenEigenWoning, "vermogen_eigen_woning", "s"),
    (
        Eig::HeeftAantalKostendelers,
        "heeft_aantal_kostendelers",
        "s",
    ),
    (
        Eig::KostendelendeMedebewoners,
        "kostendelende_medebewoners",
        "s",
    ),
    (Eig::Medebewoners, "medebewoners", "s"),
    (Eig::Toeslagpartner, "toeslagpartner", "s"),
    (Eig::FiscaalPartner, "fiscaal_partner", "s"),
    (Eig::Peildatum, "peildatum", "s"),
    (Eig::Nummer, "nummer", "p"),
    (Eig::Geboortedatum, "geboortedatum", "p"),
    (Eig::IsOverleden, "is_overleden", "p"),
    (Eig::Situatie, "situatie", "p"),
    (Eig::Partner, "partner", "p"),
    (Eig::Werkelijk, "werkelijk", "h"),
    (Eig::HeeftReferentie, "heeft_referentie", "h"),
    (Eig::Referentie, "referentie", "h"),
    (Eig::OpLijst, "op_lijst_belastingdienst", "h"),
    (Eig::Betaaljaren, "betaaljaren", "h"),
    (Eig::AantalBetaaltermijnen, "aantal_betaaltermijnen", "h"),
    (Eig::VermogensgrensKeuze, "vermogensgrens_keuze", "h"),
    (Eig::VermogensgrensBedrag, "vermogensgrens_bedrag", "h"),
    (
        Eig::VermogensgrensInBeleidsregels,
        "vermogensgrens_in_beleidsregels",
        "h",
    ),
];

impl Eig {
    /// The field of this name.
    pub fn van_naam(naam: &str) -> Option<Eig> {
        EIGENSCHAPPEN
            .iter()
            .find(|(_, n, _)| *n == naam)
            .map(|(e, ..)| *e)
    }

    /// Read the field of an object.
    pub fn lees(self, o: &W) -> Result<W, String> {
        let veld = match o {
            W::Datum(d) => self.van_datum(d),
            W::Sit(s) => self.van_situatie(s),
            W::Pers(p) => self.van_persoon(p),
            W::Hh(h) => self.van_huishouden(h),
            _ => Ok(None),
        }?;
        veld.ok_or_else(|| {
            let naam = EIGENSCHAPPEN
                .iter()
                .find(|(x, ..)| *x == self)
                .map(|(_, n, _)| *n)
                .unwrap_or("?");
            format!("een {} heeft geen eigenschap `{naam}`", o.type_naam())
        })
    }

    fn van_datum(self, d: &NaiveDate) -> Result<Option<W>, String> {
        Ok(Some(match self {
            Eig::Jaar => W::Int(d.year() as i64),
            Eig::Maand => W::Int(d.month() as i64),
            Eig::Dag => W::Int(d.day() as i64),
            _ => return Ok(None),
        }))
    }

    fn van_situatie(self, s: &Situatie) -> Result<Option<W>, String> {
        use rust_decimal::Decimal as D;
        Ok(Some(match self {
            Eig::IsReferentie => W::Bool(s.0.is_referentie),
            Eig::Jaar => W::Int(s.0.jaar as i64),
            Eig::AantalPersonen => W::Int(s.0.personen.len() as i64),
            Eig::Personen => W::Arr(Arc::new(
                (0..s.0.personen.len())
                    .map(|idx| {
                        W::Pers(Persoon {
                            sit: s.0.clone(),
                            idx,
                        })
                    })
                    .collect::<Vec<_>>()
                    .into(),
            )),
            Eig::Kinderen => W::Arr(Arc::new(
                s.0.kinderen
                    .iter()
                    .map(|d| W::Datum(*d))
                    .collect::<Vec<_>>()
                    .into(),
            )),
            Eig::AantalKinderen => W::Int(s.0.kinderen.len() as i64),
            Eig::HeeftHuur => W::Bool(s.0.huur_per_maand.is_some()),
            Eig::HuurPerMaand => W::Dec(s.0.huur_per_maand.unwrap_or(D::ZERO)),
            Eig::Vermogen => W::Dec(s.0.vermogen),
            Eig::VermogenEigenWoning => W::Dec(s.0.vermogen_eigen_woning),
            Eig::HeeftAantalKostendelers => W::Bool(s.0.kostendelende_medebewoners.is_some()),
            Eig::KostendelendeMedebewoners => {
                W::Int(i64::from(s.0.kostendelende_medebewoners.unwrap_or(0)))
            }
            Eig::Medebewoners => W::Arr(Arc::new(
                s.0.medebewoners
                    .iter()
                    .map(|d| W::Datum(*d))
                    .collect::<Vec<_>>()
                    .into(),
            )),
            Eig::Toeslagpartner => W::Bool(s.0.toeslagpartner),
            Eig::FiscaalPartner => W::Bool(s.0.fiscaal_partner),
            Eig::Peildatum => {
                W::Datum(NaiveDate::from_ymd_opt(s.0.jaar, 1, 1).unwrap_or(NaiveDate::MIN))
            }
            _ => return Ok(None),
        }))
    }

    fn van_persoon(self, p: &Persoon) -> Result<Option<W>, String> {
        Ok(Some(match self {
            Eig::Nummer => W::Int(p.data().nummer),
            Eig::Geboortedatum => W::Datum(p.data().geboortedatum),
            Eig::IsOverleden => W::Bool(p.data().overlijdensdatum.is_some()),
            Eig::Situatie => W::Sit(p.situatie()),
            Eig::Partner => {
                if p.sit.personen.len() == 2 {
                    W::Pers(Persoon {
                        sit: p.sit.clone(),
                        idx: 1 - p.idx,
                    })
                } else {
                    return Err("deze persoon heeft geen partner in het huishouden".into());
                }
            }
            _ => return Ok(None),
        }))
    }

    fn van_huishouden(self, h: &Huishouden) -> Result<Option<W>, String> {
        Ok(Some(match self {
            Eig::Jaar => W::Int(h.0.jaar as i64),
            Eig::Werkelijk => W::Sit(h.0.werkelijk.clone()),
            Eig::HeeftReferentie => W::Bool(h.0.referentie.is_some()),
            Eig::Referentie => match &h.0.referentie {
                Some(r) => W::Sit(r.clone()),
                None => return Err(
                    "de bijstandsreferentie bestaat alleen voor een huishouden van twee personen"
                        .into(),
                ),
            },
            Eig::OpLijst => W::Bool(h.0.op_lijst),
            Eig::Betaaljaren => W::Arr(Arc::new(
                h.0.betaaljaren
                    .iter()
                    .map(|j| W::Int(i64::from(*j)))
                    .collect::<Vec<_>>()
                    .into(),
            )),
            Eig::AantalBetaaltermijnen => W::Int(h.0.betaaljaren.len().max(1) as i64),
            Eig::VermogensgrensKeuze => W::Str(h.0.beleid.vermogensgrens_keuze.into()),
            Eig::VermogensgrensBedrag => W::Dec(h.0.beleid.vermogensgrens_bedrag),
            Eig::VermogensgrensInBeleidsregels => {
                W::Bool(h.0.beleid.vermogensgrens_in_beleidsregels)
            }
            _ => return Ok(None),
        }))
    }
}

/// The income of one soort of a person (by the soort's name).
pub fn inkomen_van(p: &Persoon, soort: &str) -> Result<Decimal, String> {
    Soort::van_naam(soort)
        .map(|s| p.data().inkomen[s.index()])
        .ok_or_else(|| format!("onbekende inkomenssoort `{soort}`"))
}

/// Whether `naam` is a data field of an object (or the method `inkomen`): a quantity may not
/// reuse it.
pub fn is_gegeven(naam: &str) -> bool {
    naam == "inkomen" || Eig::van_naam(naam).is_some()
}

/// Create the household object (its memo is that of its situations).
pub fn nieuw_huishouden(
    jaar: i32,
    werkelijk: SituatieData,
    referentie: Option<SituatieData>,
    beleid: Beleid,
    op_lijst: bool,
    betaaljaren: Vec<i32>,
) -> Huishouden {
    let geheugen = werkelijk.geheugen.clone();
    Huishouden(Arc::new(HuishoudenData {
        jaar,
        werkelijk: Situatie(Arc::new(werkelijk)),
        referentie: referentie.map(|r| Situatie(Arc::new(r))),
        beleid,
        op_lijst,
        betaaljaren,
        variant: geheugen.nieuwe_variant(),
        geheugen,
    }))
}
