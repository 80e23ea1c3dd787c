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

    #[inline]
    fn van_datum(self, d: &NaiveDate) -> Result<Option<W>, String> {
        Ok(Some(match self {
            Eig::Jaar => W::Int(d.year() as i64),
            Eig::Maand => W::Int(d.month() as i64),
            Eig::Dag => W::Int(d.day() as i64),
            _ => return Ok(None),
        }))
    }

    #[inline]
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

    #[inline]
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

    #[inline]
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
