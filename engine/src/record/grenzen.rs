//! The plausibility bounds of a record (docs/huishouden.md "Bounds"), as numbers: the schema
//! states them (huishouden.rs) and `plausibel` and `validate` check them.

use rust_decimal::Decimal;

/// The largest amount a record may hold (one billion euros): far above any household in scope,
/// and low enough that no rule can overflow the decimal range (about 7.9 × 10^28) with it.
pub(crate) const MAXIMUM_BEDRAG: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// The hint for an amount above [`MAXIMUM_BEDRAG`].
pub(super) const TE_GROOT: &str = "bedragen tot € 1.000.000.000 worden beoordeeld; controleer het bedrag (een punt als decimaalteken, geen duizendtalscheiding)";

/// The youngest age of a person of the household (applicant or partner) in the assessed year.
pub(crate) const MINIMUM_LEEFTIJD: i32 = 15;
/// The oldest age of anyone in the record in the assessed year.
pub(crate) const MAXIMUM_LEEFTIJD: i32 = 120;
/// A child living at home is younger than this at the end of the assessed year.
pub(crate) const KIND_JONGER_DAN: i32 = 30;
/// The most children living at home.
pub(crate) const MAXIMUM_KINDEREN: usize = 20;
/// The most medebewoners (as a number or as a list).
pub(crate) const MAXIMUM_MEDEBEWONERS: usize = 20;
