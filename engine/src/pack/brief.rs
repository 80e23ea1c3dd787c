//! `brief.toml`: the standard texts of a decision letter (beschikking): heading, the statements
//! that go with a grant, the bezwaar paragraph and the closing. Placeholders in square brackets
//! (`[naam gemeente]`) are for the municipality to fill in; `{jaar}` is the year assessed.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Code, Fouten};

/// A standard statement with its legal basis.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verklaring {
    /// De tekst.
    pub tekst: String,
    /// Artikel en regeling.
    pub grondslag: String,
}

/// How the letter names what the regeling grants.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegelingTekst {
    /// In het onderwerp (`{regeling_onderwerp}`), zonder lidwoord.
    pub(crate) onderwerp: String,
    /// In de lopende tekst (`{regeling}`), met lidwoord waar dat hoort.
    pub(crate) omschrijving: String,
}

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "brief")]
pub struct Brief {
    /// Bron van de standaardteksten.
    pub(crate) bron: String,
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
    /// Inleiding bij een afwijzing die noemt wat de uitkomst zou veranderen (de beslissing heeft
    /// `wat_zou_veranderen`); zonder deze tekst geldt `inleiding_afwijzing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inleiding_afwijzing_met_veranderingen: Option<String>,
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
    /// Per regeling (`tijdelijke_regeling`, `handelingsperspectief`) hoe de brief haar noemt.
    pub(crate) regeling: BTreeMap<String, RegelingTekst>,
}

impl Brief {
    /// Fill `{jaar}`, `{regeling}` and `{regeling_onderwerp}` for a decision of `jaar` under
    /// `regeling`.
    pub fn vul(&self, tekst: &str, jaar: i32, regeling: &str) -> String {
        let r = self.regeling.get(regeling);
        tekst
            .replace("{jaar}", &jaar.to_string())
            .replace(
                "{regeling_onderwerp}",
                r.map(|r| r.onderwerp.as_str()).unwrap_or(regeling),
            )
            .replace(
                "{regeling}",
                r.map(|r| r.omschrijving.as_str()).unwrap_or(regeling),
            )
    }
}

impl Brief {
    /// Read `brief.toml`; every regeling must have its texts.
    pub(crate) fn laad(pad: &str, tekst: &Arc<str>) -> Result<Brief, Fouten> {
        let b: Brief = toml::from_str(tekst)
            .map_err(|e| Fouten::from(crate::params::toml_fout(pad, tekst, &e, Code::PackBrief)))?;
        for r in [
            super::regeling::Regeling::TijdelijkeRegeling,
            super::regeling::Regeling::Handelingsperspectief,
        ] {
            if !b.regeling.contains_key(r.naam()) {
                return Err(crate::error::Fout::regel(
                    Code::PackBrief,
                    format!(
                        "brief.toml noemt geen teksten voor de regeling `{}`",
                        r.naam()
                    ),
                )
                .bij(crate::error::Locatie::Pad(pad.to_string()))
                .hulp(format!(
                    "voeg `[regeling.{}]` met `onderwerp` en `omschrijving` toe",
                    r.naam()
                ))
                .into());
            }
        }
        Ok(b)
    }
}
