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

pub(crate) use parse::serde_bericht as serde_bericht_pub;
pub use parse::{lees_huishouden, utf8_tekst, Formaat};
pub(crate) use parse::{ongeldige_byte, UTF8_HULP};
pub use validate::valideer;
pub(crate) use validate::{bsn_elfproef, iban_probleem, maskeer};

pub(crate) use datum::datum_jjjj_mm_dd;
pub use datum::Datum;
pub use huishouden::{Huishouden, Inkomen, Kind, Medebewoner, Persoon, Soort};
