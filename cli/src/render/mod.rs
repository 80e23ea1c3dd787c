//! Rendering decisions (text, markdown) and errors (miette, without colour so output is stable).
//!
//! `tekst`: the decision for a case worker; `brief`: the decision as a letter (beschikking);
//! `fouten`: errors with every possible BSN masked; `onderdelen`: what text and letter share;
//! `html`: escaping text for HTML.

mod brief;
mod fouten;
mod html;
mod onderdelen;
mod tekst;

pub use brief::markdown;
pub use fouten::{fouten, meld};
pub use html::html_tekst;
pub use tekst::tekst;
