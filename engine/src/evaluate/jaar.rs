//! The years of the regulation (berekening.md §1) and the check that a record's year is one.

use crate::error::Code;
use crate::error::{Fout, Locatie};

/// First and last year of the regulation (berekening.md §1).
pub const EERSTE_JAAR: i32 = 2023;
/// From this year the fiscal solution applies.
pub const EINDE_JAAR: i32 = 2028;

/// Check that the regulation applies to `jaar` at all. A year outside 2023–2027 is bad input
/// (CONTRACT §1: `jaar` is 2023–2027; exit 2), not a rule error.
pub fn controleer_jaar(jaar: i32, record: &str) -> Result<(), Fout> {
    let loc = || Locatie::Veld {
        record: record.to_string(),
        veld: "jaar".to_string(),
    };
    if jaar >= EINDE_JAAR {
        return Err(Fout::invoer(
            Code::JaarNaRegeling,
            format!(
                "de Wet tijdelijke regeling alleenverdienersproblematiek geldt niet voor {jaar}: de regeling loopt t/m 2027; vanaf 2028 geldt de fiscale oplossing"
            ),
        )
        .bij(loc())
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    if jaar < EERSTE_JAAR {
        return Err(Fout::invoer(
            Code::JaarVoorRegeling,
            format!("voor {jaar} bestaat geen regeling: het handelingsperspectief begon in 2023"),
        )
        .bij(loc())
        .hulp("beoordeel een jaar van 2023 tot en met 2027"));
    }
    Ok(())
}
