//! A function of a pack's rule files as the engine knows it: where it is, what it reads, and
//! for a named quantity its level and memo slot.

use crate::model::Niveau;
use crate::pack::scan::FunctieInfo;

/// What the engine knows of a function in the pack.
#[derive(Debug, Clone)]
pub struct Functie {
    /// Scan result.
    pub info: FunctieInfo,
    /// File shown to users.
    pub pad: String,
    /// File name (`zorgtoeslag.rhai`).
    pub bestand: String,
    /// Quantity level, `None` for private helpers.
    pub niveau: Option<Niveau>,
    /// Memo slot index within its level.
    pub slot: usize,
    /// Index of the function in the kernel (`Kern::functies`).
    pub uitvoer: usize,
    /// A parameter this function reads that is not yet published for the pack's year (dotted
    /// name): evaluating the quantity is an error.
    pub leest_nog_niet_vastgesteld: Option<String>,
}
