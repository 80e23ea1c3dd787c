//! The workbench around the engine: what runs the engine over many households or over the rules
//! themselves, for the commands that a policy officer and a municipality's systems use. The
//! engine (`avp-engine`) decides one household; nothing here changes a decision.
//!
//! ```text
//! batch       many records in parallel, in order: readers, pipeline, record errors, writers;
//!             the Belastingdienst list; the population comparison
//! budget      the municipality's costs and DU components for a year (`avp budget`)
//! diff        year-to-year differences between two packs (`avp diff`)
//! functies    the rule functions of two packs compared by name, for `diff`
//! generate    synthetic households, seeded and deterministic (`avp generate`)
//! golden      golden test cases (`avp test`)
//! proefdraai  the trial run of `avp check`: golden cases and generated households
//! schema      the JSON Schemas of the files avp reads and writes (`avp schema`)
//! ```

// `Fout` carries its location, hint and source snippet inline, as in the engine: errors are the
// cold path and boxing every one would only add noise.
#![allow(clippy::result_large_err)]

pub mod batch;
pub mod budget;
pub mod diff;
pub mod functies;
pub mod generate;
pub mod golden;
pub mod proefdraai;
pub mod schema;
mod wijziging;
