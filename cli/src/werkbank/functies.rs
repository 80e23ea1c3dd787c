//! The rule functions of two packs compared by name (`avp diff`): which function another year
//! defines differently, adds or drops, where each stands, and, for a function a year replaces
//! on its own (`[vervangen]` in its `pack.toml`), the reason it gives. A function that only
//! moved to another file, with the same text, is no change.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use avp_engine::pack::Pack;

use super::wijziging::{wijziging, Wijziging};

/// A rule function that differs between the two packs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FunctieVerschil {
    /// Naam van de functie: `basishuur`.
    pub naam: String,
    /// Toegevoegd, verwijderd of gewijzigd.
    pub wijziging: Wijziging,
    /// Waar de functie in het eerste pakket staat (`pad:regel`), als zij daar bestaat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaats_oud: Option<String>,
    /// Waar de functie in het tweede pakket staat (`pad:regel`), als zij daar bestaat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaats_nieuw: Option<String>,
    /// De reden uit `[vervangen]` van het tweede pakket, als dat jaar de geërfde functie op
    /// zichzelf vervangt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vervangen: Option<String>,
}

/// A function as it stands in a pack: where, and its code (from `fn` to the closing brace).
struct Stand {
    plaats: String,
    code: String,
}

/// Every function of `pack` that is part of it, by name.
fn functies(pack: &Pack) -> BTreeMap<String, Stand> {
    let mut uit = BTreeMap::new();
    for bestand in pack.regels.values() {
        let regels: Vec<&str> = bestand.tekst.lines().collect();
        for f in bestand.functies() {
            let eind = f.einde.min(regels.len());
            let code = regels
                .get(f.regel.saturating_sub(1)..eind)
                .unwrap_or_default()
                .join("\n");
            let plaats = format!("{}:{}", bestand.pad, f.regel);
            uit.insert(f.naam, Stand { plaats, code });
        }
    }
    uit
}

/// The functions, by name, whose code differs between `oud` and `nieuw`, that only one of them
/// has, with the reason when `nieuw` replaces an inherited function on its own.
pub fn vergelijk(oud: &Pack, nieuw: &Pack) -> Vec<FunctieVerschil> {
    let (a, b) = (functies(oud), functies(nieuw));
    let redenen: BTreeMap<&str, &str> = nieuw
        .manifest
        .vervangen
        .iter()
        .map(|(k, v)| (k.get_ref().as_str(), v.get_ref().as_str()))
        .collect();
    let namen: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut verschillen = Vec::new();
    for naam in namen {
        let (x, y) = (a.get(naam), b.get(naam));
        let Some(wijziging) = wijziging(x, y, |x, y| x.code == y.code) else {
            continue;
        };
        verschillen.push(FunctieVerschil {
            naam: naam.clone(),
            wijziging,
            plaats_oud: x.map(|s| s.plaats.clone()),
            plaats_nieuw: y.map(|s| s.plaats.clone()),
            vervangen: redenen.get(naam.as_str()).map(|r| r.to_string()),
        });
    }
    verschillen
}
