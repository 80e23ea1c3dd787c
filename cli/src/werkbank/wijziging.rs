//! What happened to a rule file, a function, a parameter or a reason between two packs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What happened to a file or a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Wijziging {
    /// Alleen in het tweede jaar.
    Toegevoegd,
    /// Alleen in het eerste jaar.
    Verwijderd,
    /// In beide jaren, met een andere inhoud.
    Gewijzigd,
}

/// What happened between `a` (old) and `b` (new), present in at least one of them; `None`
/// when both are there and `gelijk`.
pub(super) fn wijziging<T>(
    a: Option<&T>,
    b: Option<&T>,
    gelijk: impl Fn(&T, &T) -> bool,
) -> Option<Wijziging> {
    match (a, b) {
        (Some(a), Some(b)) if gelijk(a, b) => None,
        (Some(_), Some(_)) => Some(Wijziging::Gewijzigd),
        (None, _) => Some(Wijziging::Toegevoegd),
        (_, None) => Some(Wijziging::Verwijderd),
    }
}
