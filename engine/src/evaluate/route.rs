//! The route of a decision (berekening.md §1): how the household comes to be assessed. The
//! routes are contract (CONTRACT §2, `route`); which one applies follows from the record and the
//! beleidsregels.

use serde::{Deserialize, Serialize};

use crate::pack::Regeling;
use crate::policy::Beleidsregels;
use crate::record;

/// How the household is assessed. Serialized as its [`Route::naam`]; the name is also the code
/// of the route's reason in `redenen.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Ambtshalve: the meestverdienende partner is on the Belastingdienst's list (art. 78gg
    /// lid 5 PW; VNG model art. 2 lid 1).
    AmbtshalveLijst,
    /// Ambtshalve: known from the handelingsperspectief with unchanged circumstances, where
    /// the beleidsregels grant that (art. 78gg PW; VNG model art. 2).
    AmbtshalveBekend,
    /// On application.
    Aanvraag,
}

impl Route {
    /// Every route, in the order of the batch summary.
    pub const ALLE: [Route; 3] = [
        Route::AmbtshalveLijst,
        Route::AmbtshalveBekend,
        Route::Aanvraag,
    ];

    /// The name in decisions, CSV rows and reason codes: `ambtshalve_lijst`,
    /// `ambtshalve_bekend`, `aanvraag`.
    pub const fn naam(self) -> &'static str {
        match self {
            Route::AmbtshalveLijst => "ambtshalve_lijst",
            Route::AmbtshalveBekend => "ambtshalve_bekend",
            Route::Aanvraag => "aanvraag",
        }
    }

    /// The route of `hh`. The list and the ambtshalve grant to known households exist from
    /// 2025 (art. 78gg lid 5 PW, VNG model art. 2 lid 1); a handelingsperspectief year is
    /// always `aanvraag` (docs/decisions/002-handelingsperspectief.md).
    pub(super) fn kies(
        regeling: Regeling,
        hh: &record::Huishouden,
        regels: &Beleidsregels,
    ) -> Route {
        if regeling != Regeling::TijdelijkeRegeling {
            Route::Aanvraag
        } else if hh.op_lijst_belastingdienst {
            Route::AmbtshalveLijst
        } else if hh.bekend_uit_handelingsperspectief
            && !hh.omstandigheden_gewijzigd
            && regels.bekend_ambtshalve()
        {
            Route::AmbtshalveBekend
        } else {
            Route::Aanvraag
        }
    }

    /// Whether the doelgroep conditions are tested before the grant: always on application;
    /// on the list route only when the beleidsregels do not grant it ambtshalve; never for a
    /// known household (on an ambtshalve route they then decide only the aanvullende
    /// bijzondere bijstand, decision 006).
    pub(super) fn toetst_vooraf(self, regels: &Beleidsregels) -> bool {
        match self {
            Route::AmbtshalveLijst => !regels.lijst_ambtshalve(),
            Route::AmbtshalveBekend => false,
            Route::Aanvraag => true,
        }
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.naam())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are the contract's strings, in JSON as everywhere else.
    #[test]
    fn namen_zijn_die_van_het_contract() {
        for (route, naam) in
            Route::ALLE
                .into_iter()
                .zip(["ambtshalve_lijst", "ambtshalve_bekend", "aanvraag"])
        {
            assert_eq!(route.naam(), naam);
            assert_eq!(route.to_string(), naam);
            let json = serde_json::to_string(&route).unwrap_or_default();
            assert_eq!(json, format!("\"{naam}\""));
            assert_eq!(serde_json::from_str::<Route>(&json).ok(), Some(route));
        }
        assert_eq!(format!("{:<20}|", Route::Aanvraag), "aanvraag            |");
        assert!(serde_json::from_str::<Route>("\"ambtshalve\"").is_err());
    }
}
