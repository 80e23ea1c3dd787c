//! Rendering decisions (text, markdown) and errors (miette, without colour so output is stable).
//!
//! `tekst`: the decision for a case worker; `brief`: the decision as a letter (beschikking);
//! `fouten`: errors with every possible BSN masked; `onderdelen`: what text and letter share.

mod brief;
mod fouten;
mod onderdelen;
mod tekst;

pub use brief::markdown;
pub use fouten::{fouten, meld};
pub use tekst::tekst;
