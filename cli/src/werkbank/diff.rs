//! Year-to-year differences between two rule packs (`avp diff`): every parameter whose value
//! differs (with both `bron`s), parameters added or removed, every rule function that differs
//! (`functies.rs`), every rule file that differs (a unified diff of the Rhai text) and every
//! reason text that differs.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use avp_engine::pack::{Pack, RedenTekst, RegelBestand};
use avp_engine::params::Parameter;

use super::wijziging::wijziging;
pub use super::wijziging::Wijziging;

/// A parameter as it stands in one pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParameterStand {
    /// Waarde zoals in het parameterbestand (`nog niet vastgesteld` als die nog niet is gepubliceerd).
    pub waarde: String,
    /// Wettelijke bron van de waarde.
    pub bron: String,
    /// Eenheid, als die is opgegeven.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eenheid: Option<String>,
    /// False als de waarde voor dit jaar nog niet is vastgesteld (`nog_niet_vastgesteld = true`).
    pub vastgesteld: bool,
    /// Het jaar van het pakket dat de waarde vastlegt (kan eerder zijn dan het vergeleken jaar).
    pub pakket: i32,
}

impl ParameterStand {
    /// How `p` stands in its pack.
    pub fn van(p: &Parameter) -> Self {
        ParameterStand {
            waarde: p.waarde.to_string(),
            bron: p.bron.clone(),
            eenheid: p.eenheid.clone(),
            vastgesteld: p.waarde != avp_engine::params::Waarde::NogNietVastgesteld,
            pakket: p.jaar,
        }
    }
}

/// A parameter that differs between the two years, or exists in only one of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParameterVerschil {
    /// Naam zoals in de regels: `tegemoetkoming::bedrag`.
    pub naam: String,
    /// De stand in het eerste jaar; null als de parameter daar niet bestaat.
    pub oud: Option<ParameterStand>,
    /// De stand in het tweede jaar; null als de parameter daar niet bestaat.
    pub nieuw: Option<ParameterStand>,
}

/// A rule file that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegelVerschil {
    /// Bestandsnaam: `huurtoeslag.rhai`.
    pub bestand: String,
    /// Toegevoegd, verwijderd of gewijzigd.
    pub wijziging: Wijziging,
    /// Het bestand dat het eerste jaar gebruikt (pad), als dat er is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pad_oud: Option<String>,
    /// Het bestand dat het tweede jaar gebruikt (pad), als dat er is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pad_nieuw: Option<String>,
    /// Unified diff van de tekst (`---`/`+++`-kop, `@@`-blokken).
    pub diff: String,
}

/// A reason text that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RedenVerschil {
    /// Code van de reden.
    pub code: String,
    /// Toegevoegd, verwijderd of gewijzigd.
    pub wijziging: Wijziging,
    /// Tekst en grondslag in het eerste jaar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oud: Option<avp_engine::pack::RedenTekst>,
    /// Tekst en grondslag in het tweede jaar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nieuw: Option<avp_engine::pack::RedenTekst>,
}

/// Everything that differs between the packs of two years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "jaarverschil")]
pub struct Jaarverschil {
    /// Het eerste jaar.
    pub jaar_oud: i32,
    /// Het tweede jaar.
    pub jaar_nieuw: i32,
    /// De regeling van het eerste jaar.
    pub regeling_oud: String,
    /// De regeling van het tweede jaar.
    pub regeling_nieuw: String,
    /// Parameters met een andere waarde in beide jaren, op naam.
    pub gewijzigd: Vec<ParameterVerschil>,
    /// Parameters die alleen het tweede jaar heeft.
    pub toegevoegd: Vec<ParameterVerschil>,
    /// Parameters die alleen het eerste jaar heeft.
    pub verwijderd: Vec<ParameterVerschil>,
    /// Regelfuncties die verschillen, op naam (ook een functie die een jaar op zichzelf vervangt).
    #[serde(default)]
    pub functies: Vec<super::functies::FunctieVerschil>,
    /// Regelbestanden die verschillen.
    pub regels: Vec<RegelVerschil>,
    /// Redenteksten die verschillen.
    pub redenen: Vec<RedenVerschil>,
}

impl Jaarverschil {
    /// Whether the two packs compute the same (no parameter, rule or reason differs).
    pub fn is_leeg(&self) -> bool {
        self.gewijzigd.is_empty()
            && self.toegevoegd.is_empty()
            && self.verwijderd.is_empty()
            && self.functies.is_empty()
            && self.regels.is_empty()
            && self.redenen.is_empty()
    }
}

/// Compare the packs of two years (`oud` is usually the earlier year).
pub fn vergelijk(oud: &Pack, nieuw: &Pack) -> Jaarverschil {
    let (gewijzigd, toegevoegd, verwijderd) = parameters(oud, nieuw);
    Jaarverschil {
        jaar_oud: oud.manifest.jaar,
        jaar_nieuw: nieuw.manifest.jaar,
        regeling_oud: oud.manifest.regeling.naam().to_string(),
        regeling_nieuw: nieuw.manifest.regeling.naam().to_string(),
        gewijzigd,
        toegevoegd,
        verwijderd,
        functies: super::functies::vergelijk(oud, nieuw),
        regels: regelbestanden(oud, nieuw),
        redenen: redenteksten(oud, nieuw),
    }
}

/// The parameters, by name, whose value differs, that only `nieuw` has, and that only `oud`
/// has.
fn parameters(
    oud: &Pack,
    nieuw: &Pack,
) -> (
    Vec<ParameterVerschil>,
    Vec<ParameterVerschil>,
    Vec<ParameterVerschil>,
) {
    let mut gewijzigd = Vec::new();
    let mut toegevoegd = Vec::new();
    let mut verwijderd = Vec::new();
    let namen: BTreeSet<&str> = oud
        .parameters
        .iter()
        .chain(nieuw.parameters.iter())
        .map(|p| p.naam.as_str())
        .collect();
    for naam in namen {
        let (a, b) = (oud.parameters.get(naam), nieuw.parameters.get(naam));
        let v = ParameterVerschil {
            naam: naam.replace('.', "::"),
            oud: a.map(ParameterStand::van),
            nieuw: b.map(ParameterStand::van),
        };
        match (a, b) {
            (Some(a), Some(b)) if a.waarde != b.waarde => gewijzigd.push(v),
            (None, Some(_)) => toegevoegd.push(v),
            (Some(_), None) => verwijderd.push(v),
            _ => {}
        }
    }
    (gewijzigd, toegevoegd, verwijderd)
}

/// Every rule file, by name, whose text differs, with a unified diff.
fn regelbestanden(oud: &Pack, nieuw: &Pack) -> Vec<RegelVerschil> {
    let bestanden: BTreeSet<&String> = oud.regels.keys().chain(nieuw.regels.keys()).collect();
    let mut regels = Vec::new();
    for naam in bestanden {
        let (a, b) = (oud.regels.get(naam), nieuw.regels.get(naam));
        let Some(wijziging) = wijziging(a, b, |a, b| a.tekst == b.tekst) else {
            continue;
        };
        regels.push(RegelVerschil {
            bestand: naam.clone(),
            wijziging,
            pad_oud: a.map(|r| r.pad.clone()),
            pad_nieuw: b.map(|r| r.pad.clone()),
            diff: unified_diff(a, b),
        });
    }
    regels
}

/// The unified diff from rule file `a` to `b` (a missing file is `/dev/null`, empty).
fn unified_diff(a: Option<&RegelBestand>, b: Option<&RegelBestand>) -> String {
    let tekst_a = a.map(|r| &*r.tekst).unwrap_or("");
    let tekst_b = b.map(|r| &*r.tekst).unwrap_or("");
    let kop_a = a
        .map(|r| r.pad.clone())
        .unwrap_or_else(|| "/dev/null".to_string());
    let kop_b = b
        .map(|r| r.pad.clone())
        .unwrap_or_else(|| "/dev/null".to_string());
    similar::TextDiff::from_lines(tekst_a, tekst_b)
        .unified_diff()
        .context_radius(3)
        .header(&kop_a, &kop_b)
        .to_string()
}

/// Every reason, by code, whose text or grondslag differs.
fn redenteksten(oud: &Pack, nieuw: &Pack) -> Vec<RedenVerschil> {
    let codes: BTreeSet<&String> = oud
        .redenen
        .reden
        .keys()
        .chain(nieuw.redenen.reden.keys())
        .collect();
    let mut redenen = Vec::new();
    for code in codes {
        let (a, b) = (oud.redenen.reden.get(code), nieuw.redenen.reden.get(code));
        let gelijk =
            |a: &RedenTekst, b: &RedenTekst| a.tekst == b.tekst && a.grondslag == b.grondslag;
        let Some(wijziging) = wijziging(a, b, gelijk) else {
            continue;
        };
        redenen.push(RedenVerschil {
            code: code.clone(),
            wijziging,
            oud: a.cloned(),
            nieuw: b.cloned(),
        });
    }
    redenen
}
