//! The household record (`huishouden`, CONTRACT §1): types, parsing with field paths, and
//! validation.

mod datum;
mod grenzen;
mod huishouden;
mod object;
mod parse;
mod plausibel;
mod validate;
#[cfg(test)]
mod validatie_tests;

pub use parse::serde_bericht as serde_bericht_pub;
pub use parse::{lees_huishouden, utf8_tekst, Formaat};
pub use parse::{ongeldige_byte, UTF8_HULP};
pub(crate) use validate::iban_probleem;
pub use validate::valideer;
pub use validate::{bsn_elfproef, maskeer};

pub use datum::datum_jjjj_mm_dd;
pub use datum::Datum;
pub use huishouden::{Huishouden, Inkomen, Kind, Medebewoner, Persoon, Soort};
