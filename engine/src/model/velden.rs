//! The data fields of the objects rules see (`s.vermogen`, `p.geboortedatum`, `hh.werkelijk`,
//! a date's `jaar`): one table of names and the objects that have them, and how each is read.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::objecten::{Huishouden, Persoon, Situatie, W};
use crate::record::Soort;

/// A data field of a rule object (`s.vermogen`, `p.geboortedatum`, `hh.werkelijk`, …): one
/// definition used by both the compiled rules and the test-only reference interpreter.
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

    /// Read the field of an object: one `match` on the field and the object together (the
    /// most frequent operation of the rules after quantity reads).
    #[inline(always)]
    pub fn lees(self, o: &W) -> Result<W, String> {
        use rust_decimal::Decimal as D;
        Ok(match (self, o) {
            (Eig::Jaar, W::Datum(d)) => W::Int(d.year() as i64),
            (Eig::Maand, W::Datum(d)) => W::Int(d.month() as i64),
            (Eig::Dag, W::Datum(d)) => W::Int(d.day() as i64),
            (Eig::IsReferentie, W::Sit(s)) => W::Bool(s.0.is_referentie),
            (Eig::Jaar, W::Sit(s)) => W::Int(s.0.jaar as i64),
            (Eig::AantalPersonen, W::Sit(s)) => W::Int(s.0.personen.len() as i64),
            (Eig::Personen, W::Sit(s)) => personen(s),
            (Eig::Kinderen, W::Sit(s)) => datums(&s.0.kinderen),
            (Eig::AantalKinderen, W::Sit(s)) => W::Int(s.0.kinderen.len() as i64),
            (Eig::HeeftHuur, W::Sit(s)) => W::Bool(s.0.huur_per_maand.is_some()),
            (Eig::HuurPerMaand, W::Sit(s)) => W::Dec(s.0.huur_per_maand.unwrap_or(D::ZERO)),
            (Eig::Vermogen, W::Sit(s)) => W::Dec(s.0.vermogen),
            (Eig::VermogenEigenWoning, W::Sit(s)) => W::Dec(s.0.vermogen_eigen_woning),
            (Eig::HeeftAantalKostendelers, W::Sit(s)) => {
                W::Bool(s.0.kostendelende_medebewoners.is_some())
            }
            (Eig::KostendelendeMedebewoners, W::Sit(s)) => {
                W::Int(i64::from(s.0.kostendelende_medebewoners.unwrap_or(0)))
            }
            (Eig::Medebewoners, W::Sit(s)) => datums(&s.0.medebewoners),
            (Eig::Toeslagpartner, W::Sit(s)) => W::Bool(s.0.toeslagpartner),
            (Eig::FiscaalPartner, W::Sit(s)) => W::Bool(s.0.fiscaal_partner),
            (Eig::Peildatum, W::Sit(s)) => {
                W::Datum(NaiveDate::from_ymd_opt(s.0.jaar, 1, 1).unwrap_or(NaiveDate::MIN))
            }
            (Eig::Nummer, W::Pers(p)) => W::Int(p.data().nummer),
            (Eig::Geboortedatum, W::Pers(p)) => W::Datum(p.data().geboortedatum),
            (Eig::IsOverleden, W::Pers(p)) => W::Bool(p.data().overlijdensdatum.is_some()),
            (Eig::Situatie, W::Pers(p)) => W::Sit(p.situatie()),
            (Eig::Partner, W::Pers(p)) => return partner(p),
            (Eig::Jaar, W::Hh(h)) => W::Int(h.0.jaar as i64),
            (Eig::Werkelijk, W::Hh(h)) => W::Sit(h.0.werkelijk.clone()),
            (Eig::HeeftReferentie, W::Hh(h)) => W::Bool(h.0.referentie.is_some()),
            (Eig::Referentie, W::Hh(h)) => return referentie(h),
            (Eig::OpLijst, W::Hh(h)) => W::Bool(h.0.op_lijst),
            (Eig::Betaaljaren, W::Hh(h)) => W::Arr(Arc::new(
                h.0.betaaljaren
                    .iter()
                    .map(|j| W::Int(i64::from(*j)))
                    .collect::<Vec<_>>()
                    .into(),
            )),
            (Eig::AantalBetaaltermijnen, W::Hh(h)) => W::Int(h.0.betaaljaren.len().max(1) as i64),
            (Eig::VermogensgrensKeuze, W::Hh(h)) => W::Str(h.0.beleid.vermogensgrens_keuze.into()),
            (Eig::VermogensgrensBedrag, W::Hh(h)) => W::Dec(h.0.beleid.vermogensgrens_bedrag),
            (Eig::VermogensgrensInBeleidsregels, W::Hh(h)) => {
                W::Bool(h.0.beleid.vermogensgrens_in_beleidsregels)
            }
            _ => return Err(self.geen_eigenschap(o)),
        })
    }

    /// The error for an object that does not have this field.
    #[cold]
    fn geen_eigenschap(self, o: &W) -> String {
        let naam = EIGENSCHAPPEN
            .iter()
            .find(|(x, ..)| *x == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("?");
        format!("een {} heeft geen eigenschap `{naam}`", o.type_naam())
    }
}

/// The persons of a situation, as an array.
fn personen(s: &Situatie) -> W {
    W::Arr(Arc::new(
        (0..s.0.personen.len())
            .map(|idx| {
                W::Pers(Persoon {
                    sit: s.0.clone(),
                    idx,
                })
            })
            .collect::<Vec<_>>()
            .into(),
    ))
}

/// Dates (children's or co-residents' birth dates) as an array.
fn datums(d: &[NaiveDate]) -> W {
    W::Arr(Arc::new(
        d.iter().map(|d| W::Datum(*d)).collect::<Vec<_>>().into(),
    ))
}

/// A person's partner: the other person of a situation of two.
fn partner(p: &Persoon) -> Result<W, String> {
    match partner_index(p) {
        Some(idx) => Ok(W::Pers(Persoon {
            sit: p.sit.clone(),
            idx,
        })),
        None => Err("deze persoon heeft geen partner in het huishouden".into()),
    }
}

/// The index of a person's partner in the situation: the other of two persons.
#[inline(always)]
pub(crate) fn partner_index(p: &Persoon) -> Option<usize> {
    (p.sit.personen.len() == 2).then_some(1 - p.idx)
}

/// The household's bijstand reference situation.
fn referentie(h: &Huishouden) -> Result<W, String> {
    match &h.0.referentie {
        Some(r) => Ok(W::Sit(r.clone())),
        None => Err(
            "de bijstandsreferentie bestaat alleen voor een huishouden van twee personen".into(),
        ),
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
