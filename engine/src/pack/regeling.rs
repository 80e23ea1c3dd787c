//! Which regulation a year falls under.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which regulation a year falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Regeling {
    /// 2025–2027: Wet tijdelijke regeling alleenverdienersproblematiek (art. 78gg PW).
    TijdelijkeRegeling,
    /// 2023–2024: bijzondere bijstand (art. 35 PW) via the handelingsperspectief.
    Handelingsperspectief,
}

impl Regeling {
    /// The name used in decisions.
    pub fn naam(self) -> &'static str {
        match self {
            Regeling::TijdelijkeRegeling => "tijdelijke_regeling",
            Regeling::Handelingsperspectief => "handelingsperspectief",
        }
    }
}
