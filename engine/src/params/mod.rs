//! Parameters of a rule pack: every number, list and text a rule reads, each with its `bron`
//! (legal source), unit and the year whose pack defined it.

mod bereik;
mod load;
mod parameter;

pub(crate) use load::laad_parameterbestand;
pub use load::toml_fout;
pub use load::vertaal_toml;
pub use parameter::{Parameter, Parameters, Waarde};
pub use parameter::{EENHEDEN, GEBOORTEDATUMGRENS};
