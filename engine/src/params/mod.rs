//! Parameters of a rule pack: every number, list and text a rule reads, each with its `bron`
//! (legal source), unit and the year whose pack defined it.

mod bereik;
mod load;
mod parameter;

pub(crate) use load::laad_parameterbestand;
pub(crate) use load::{toml_fout, vertaal_toml as vertaal_toml_pub};
pub(crate) use parameter::EENHEDEN;
pub use parameter::{Parameter, Parameters, Waarde};
