//! A year's pack as read: its manifest, parameters, rule files and texts.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::brief::Brief;
use super::redenen::Redenen;
use super::regeling::Regeling;
use super::scan::{scan, FunctieInfo};
use crate::params::Parameters;
use crate::policy::{Beleidsregels, Keuzes};

/// `pack.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "pack")]
pub struct Manifest {
    /// Het jaar waarvoor dit pakket geldt.
    pub jaar: i32,
    /// De regeling die in dit jaar geldt.
    pub regeling: Regeling,
    /// Naam van het pakket.
    pub naam: String,
    /// Wettelijke grondslag van het pakket.
    pub bron: String,
    /// Jaar waarvan dit pakket erft: parameters, regels en teksten die hier niet staan komen uit dat jaar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Geërfde parameters die ongewijzigd voor dit jaar gelden, met de reden en de bron daarvan.
    /// Sleutel: een volledige parameternaam (`"zorgtoeslag::standaardpremie"`) of een namespace
    /// (`"bijstand"`, `"heffingskortingen::arbeidskorting"`); waarde: waarom de waarde van het
    /// eerdere jaar ook nu geldt. Elke geërfde parameter die een regel leest moet in het eigen
    /// jaar zijn vastgesteld, `nog_niet_vastgesteld` zijn, of hier staan.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub overgenomen: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Geërfde functies die dit jaar vervangt, met de reden en de bron daarvan. Sleutel: de naam
    /// van de functie (`"basishuur"`); waarde: waarom zij dit jaar anders luidt. De nieuwe functie
    /// staat in een eigen regelbestand van het jaar met een andere naam dan de geërfde bestanden
    /// (bijvoorbeeld `wijzigingen.rhai`); de andere functies van het geërfde bestand blijven gelden.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub vervangen: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A rule file of a pack.
#[derive(Debug, Clone)]
pub struct RegelBestand {
    /// File name, e.g. `zorgtoeslag.rhai`.
    pub naam: String,
    /// Path shown to users, e.g. `rules/nl/2025/zorgtoeslag.rhai`.
    pub pad: String,
    /// Source text.
    pub tekst: Arc<str>,
    /// The year whose pack the file belongs to (an inherited file keeps its own year).
    pub jaar: i32,
    /// Functions of this file that a later year replaces (`[vervangen]` in its `pack.toml`),
    /// with that year: they are not part of the pack.
    pub vervangen: BTreeMap<String, i32>,
}

impl RegelBestand {
    /// The functions of the file that are part of the pack: every function found in the text,
    /// without those a later year replaces.
    pub fn functies(&self) -> Vec<FunctieInfo> {
        let mut functies = scan(&self.tekst);
        functies.retain(|f| !self.vervangen.contains_key(&f.naam));
        functies
    }
}

/// A pack read from disk, inheritance resolved, not yet compiled.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The manifest of the year itself.
    pub manifest: Manifest,
    /// All parameters, inherited ones overridden by name.
    pub parameters: Parameters,
    /// Rule files by file name, inherited ones overridden by name.
    pub regels: BTreeMap<String, RegelBestand>,
    /// Reason texts, conditions and actions.
    pub redenen: Redenen,
    /// The choices open to the municipality (`keuzes.toml`), with their defaults.
    pub keuzes: Option<Arc<Keuzes>>,
    /// The beleidsregels that hold where a municipality is silent (from `keuzes`).
    pub standaard_beleid: Option<Arc<Beleidsregels>>,
    /// The standard texts of a decision letter (`brief.toml`).
    pub brief: Option<Arc<Brief>>,
    /// Every file used, `(path inside the rules tree, text)`, for the `regels_hash`: the hash
    /// depends on the content and the tree layout only, not on where the tree was loaded from.
    pub bestanden: Vec<(String, Arc<str>)>,
}
