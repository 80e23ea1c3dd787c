//! The errors of a running rule: what went wrong, in Dutch, and where. `GecompileerdPack`
//! turns one into the engine's `Fout` with the rule file, line and column (`mod.rs`).

use super::ir::Pos;
use crate::notatie::getal;

/// The limits of one evaluation, as Rhai sets them for the rule language.
pub const MAX_OPERATIES: u64 = 500_000;
/// Maximum call depth (quantities and helpers).
pub const MAX_DIEPTE: u32 = 96;
/// The longest text a rule may build (bytes).
pub const MAX_TEKST: usize = 10_000;
/// The largest array a rule may build (elements, nested arrays counted in full). With
/// [`MAX_TEKST`], [`MAX_OPERATIES`] and [`MAX_DIEPTE`] this bounds the memory of one
/// evaluation: a rule can only keep values in its variables, in array literals and in the memo
/// of its quantities, and each of those is bounded.
pub const MAX_LIJST: usize = 10_000;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Soort {
    /// Division by zero (the operation as written, e.g. `5 / 0`).
    DelingDoorNul(String),
    /// A result outside the range of numbers (the operation as written).
    Overloop(String),
    /// An operator or helper applied to values it does not take (`+ (bool, decimal)`).
    NietVoorDezeWaarden(String),
    /// A condition (`if`, `while`, `&&`, `||`) that is not a boolean: the type it got.
    GeenWaarOfOnwaar(&'static str),
    /// A message of a helper or data field (already in Dutch).
    Gegeven(String),
    /// More than [`MAX_OPERATIES`] operations.
    TeVeelRekenstappen,
    /// Calls nested deeper than [`MAX_DIEPTE`].
    TeDiep,
    /// A text longer than [`MAX_TEKST`].
    TekstTeLang,
    /// An array larger than [`MAX_LIJST`].
    LijstTeGroot,
    /// `break` or `continue` outside a loop.
    BuitenLus,
    /// A parameter read that is not yet published for the year (dotted name).
    NogNietVastgesteld(String),
}

/// An error of a running rule, with the place where it happened and the functions it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegelFout {
    /// What went wrong.
    pub soort: Soort,
    /// Where, in the file of `functie`.
    pub pos: Pos,
    /// The innermost rule function it happened in (index into `Kern::functies`).
    pub functie: Option<usize>,
    /// The innermost named quantity that was running.
    pub grootheid: Option<usize>,
}

impl RegelFout {
    /// An error at `pos`, not yet attributed to a function.
    pub fn nieuw(soort: Soort, pos: Pos) -> Box<RegelFout> {
        Box::new(RegelFout {
            soort,
            pos,
            functie: None,
            grootheid: None,
        })
    }

    /// Whether the error stops the evaluation as a whole (a limit) rather than one operation:
    /// it is shown at the function, not at an operation.
    pub fn is_grens(&self) -> bool {
        matches!(self.soort, Soort::TeVeelRekenstappen | Soort::TeDiep)
    }

    /// The message, in Dutch.
    pub fn bericht(&self) -> String {
        match &self.soort {
            Soort::DelingDoorNul(s) => format!("deling door nul ({s})"),
            Soort::Overloop(s) => {
                format!("de uitkomst valt buiten het bereik van getallen ({s})")
            }
            Soort::NietVoorDezeWaarden(s) => format!("kan niet rekenen met deze waarden: {s}"),
            Soort::GeenWaarOfOnwaar(t) => {
                format!("een voorwaarde moet waar of onwaar zijn, maar is een {t}")
            }
            Soort::Gegeven(s) => s.clone(),
            Soort::TeVeelRekenstappen => "de regel is afgebroken: te veel rekenstappen".to_string(),
            Soort::TeDiep => "de regel is afgebroken: te diepe aanroepketen".to_string(),
            Soort::TekstTeLang => format!(
                "de regel is afgebroken: een tekst wordt langer dan {} tekens",
                getal(MAX_TEKST as u64)
            ),
            Soort::LijstTeGroot => format!(
                "de regel is afgebroken: een lijst wordt groter dan {} elementen",
                getal(MAX_LIJST as u64)
            ),
            Soort::BuitenLus => "`break` of `continue` buiten een lus".to_string(),
            Soort::NogNietVastgesteld(p) => format!("`{p}` is nog niet vastgesteld"),
        }
    }

    /// How to fix it, where there is something to say.
    pub fn hulp(&self) -> Option<String> {
        match self.soort {
            Soort::TeVeelRekenstappen => Some(format!(
                "de regel stopt niet (een lus zonder einde?) of doet veel te veel werk; het maximum is {} operaties",
                getal(MAX_OPERATIES)
            )),
            Soort::TeDiep => Some(
                "een grootheid roept zichzelf (indirect) aan; controleer de afhankelijkheden"
                    .to_string(),
            ),
            Soort::TekstTeLang | Soort::LijstTeGroot => Some(format!(
                "regels rekenen met bedragen; een tekst blijft onder {} tekens en een lijst onder \
                 {} elementen (zo blijft het geheugen van één beoordeling begrensd). Bouwt de regel \
                 in een lus een tekst of lijst op?",
                getal(MAX_TEKST as u64),
                getal(MAX_LIJST as u64)
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grenzen_tonen_de_functie() {
        assert!(RegelFout::nieuw(Soort::TeDiep, Pos::GEEN).is_grens());
        assert!(!RegelFout::nieuw(Soort::TekstTeLang, Pos::GEEN).is_grens());
        assert!(RegelFout::nieuw(Soort::TeVeelRekenstappen, Pos::GEEN)
            .hulp()
            .is_some_and(|h| h.contains("500.000 operaties")));
    }
}
