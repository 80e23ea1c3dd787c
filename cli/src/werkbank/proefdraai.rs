//! The trial run of `avp check`: a pack that compiles can still fail on every household (a rule
//! that loops forever, divides by zero, or reads a parameter of the wrong type). So `avp check`
//! also evaluates each pack on the golden cases of its year and on generated households, and
//! reports a rule error there as a check error at the rule's location. (A parameter that is
//! text where a number belongs is refused earlier, when the parameters load.)

use crate::werkbank::generate::Generator;
use avp_engine::error::{Code, Fout, FoutSoort, Fouten};
use avp_engine::policy::GeladenBeleid;
use avp_engine::record::Huishouden;
use avp_engine::script::GecompileerdPack;
use avp_engine::{evaluate, Opties};

/// What the trial run of one pack found.
#[derive(Debug, Default)]
pub struct Proefdraai {
    /// Households evaluated: golden cases and generated ones.
    pub(crate) huishoudens: usize,
    /// Of those, the ones that stopped on a value not yet published.
    pub nog_niet_vastgesteld: usize,
    /// Rule errors, each once.
    pub fouten: Vec<Fout>,
}

/// A household to run, with the beleidsregels it is to be decided under and its name in
/// messages.
pub struct Proefgeval<'a> {
    /// The household.
    pub huishouden: Huishouden,
    /// Its beleidsregels.
    pub beleid: &'a GeladenBeleid,
    /// `tests/cases/2025/x.toml` or `gegenereerd huishouden 12`.
    pub naam: String,
}

/// `aantal` generated households of `jaar` (seed 1, so every check runs the same ones).
pub fn gegenereerd(jaar: i32, aantal: usize, beleid: &GeladenBeleid) -> Vec<Proefgeval<'_>> {
    let mut g = Generator::nieuw(1, jaar);
    (1..=aantal)
        .map(|i| Proefgeval {
            huishouden: g.volgende(),
            beleid,
            naam: format!("gegenereerd huishouden {i}"),
        })
        .collect()
}

/// Evaluate every case on `pack`; collect the rule errors (each once).
pub fn draai(pack: &GecompileerdPack, gevallen: &[Proefgeval<'_>]) -> Proefdraai {
    let mut uit = Proefdraai::default();
    for geval in gevallen {
        uit.huishoudens += 1;
        let Err(f) = evaluate::beoordeel(
            pack,
            geval.beleid,
            &geval.huishouden,
            &geval.naam,
            Opties::default(),
        ) else {
            continue;
        };
        // a rule that reads a value not yet published: expected for a year in preparation,
        // so not a check error
        if f.code == Code::RegelsNogNietVastgesteld {
            uit.nog_niet_vastgesteld += 1;
            continue;
        }
        if f.soort != FoutSoort::Regel {
            continue;
        }
        if !uit.fouten.iter().any(|x| x.to_string() == f.to_string()) {
            uit.fouten.push(f);
        }
    }
    uit
}

/// Add `nieuw` to `alle` unless the same error (message and location) is already there: a rule
/// file inherited by several years gives the same error in each.
pub fn voeg_uniek_toe(alle: &mut Fouten, nieuw: Vec<Fout>) {
    for f in nieuw {
        let tekst = f.to_string();
        if !alle.0.iter().any(|x| x.to_string() == tekst) {
            alle.0.push(f);
        }
    }
}
