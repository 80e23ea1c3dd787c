//! `brief.toml`: the standard texts of a decision letter (beschikking): heading, the statements
//! that go with a grant, the bezwaar paragraph and the closing. Placeholders in square brackets
//! (`[naam gemeente]`) are for the municipality to fill in; `{jaar}` is the year assessed.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::Fouten;

/// A standard statement with its legal basis.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verklaring {
    /// De tekst.
    pub tekst: String,
    /// Artikel en regeling.
    pub grondslag: String,
}

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "brief")]
pub struct Brief {
    /// Bron van de standaardteksten.
    pub bron: String,
    /// Briefhoofd: afzender, adressering, datum, kenmerk (regels, met plaatshouders).
    pub briefhoofd: Vec<String>,
    /// Onderwerp; `{jaar}` wordt het beoordeelde jaar.
    pub onderwerp: String,
    /// Aanhef.
    pub aanhef: String,
    /// Inleiding bij een toekenning.
    pub inleiding_toekenning: String,
    /// Inleiding bij een afwijzing of niet-toekenning.
    pub inleiding_afwijzing: String,
    /// Wat de inwoner over een toekenning moet weten (beslag, terugvordering, bijstand, toeslagen).
    pub bij_toekenning: Vec<Verklaring>,
    /// Betaling als het rekeningnummer nog ontbreekt (actie `iban_opvragen`).
    pub betaling_zonder_iban: String,
    /// Uitleg bij de tabel werkelijk/referentie.
    pub uitleg_berekening: String,
    /// Uitleg bij "wat zou de uitkomst veranderen".
    pub uitleg_wat_zou_veranderen: String,
    /// De bezwaarclausule (art. 6:7 en 7:1 Awb).
    pub bezwaar: String,
    /// Afsluiting en ondertekening.
    pub slot: Vec<String>,
}

impl Brief {
    /// Read `brief.toml`.
    pub fn laad(pad: &str, tekst: &Arc<str>) -> Result<Brief, Fouten> {
        toml::from_str(tekst)
            .map_err(|e| Fouten::from(crate::params::toml_fout(pad, tekst, &e, "avp::pack::brief")))
    }
}
