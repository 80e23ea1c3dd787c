//! `redenen.toml`: the Dutch texts of every reason a decision can give, with its grondslag;
//! the doelgroep conditions (each a rule that says whether it is met) and the actions.

use std::collections::BTreeMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Code, Fouten};

/// The text of one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedenTekst {
    /// De tekst voor de beschikking. `{naam}` wordt vervangen door de waarde van de grootheid
    /// `naam` van het huishouden (bedragen als € 1.234,56).
    pub tekst: String,
    /// Artikel en regeling waarop de reden berust.
    pub grondslag: String,
    /// Andere teksten voor dezelfde reden: de eerste variant waarvan de regel `true` geeft,
    /// vervangt `tekst` (bijvoorbeeld om te zeggen welk deel van een voorwaarde faalde).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variant: Vec<RedenVariant>,
}

/// A variant of a reason's text, chosen by a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedenVariant {
    /// De regel (een grootheid van het huishouden, `fn naam(hh)`) die `true` geeft als deze
    /// tekst geldt.
    pub als: String,
    /// De tekst, met dezelfde `{naam}`-plaatshouders als `tekst`.
    pub tekst: String,
}

/// A doelgroep condition of art. 78gg lid 1 PW.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Voorwaarde {
    /// De regel (een grootheid van het huishouden, `fn naam(hh)`) die `true` geeft als aan de voorwaarde is voldaan, `false` als niet, `()` als de voorwaarde niet van toepassing is.
    pub regel: String,
    /// De reden (code in `[reden]`) als niet aan de voorwaarde is voldaan.
    pub reden: String,
}

/// An action the municipality must take when a rule says so.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actie {
    /// De code van de actie, bijvoorbeeld `aanvullende_bijstand_onderzoeken`.
    pub code: String,
    /// De regel (`fn naam(hh)`) die `true` geeft als de actie nodig is.
    pub regel: String,
    /// Optioneel: de reden die de actie toelicht.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reden: Option<String>,
}

/// A reason that explains part of the calculation, given when a rule says so (e.g. which part of
/// the own home counted for the vermogensgrens).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Uitleg {
    /// De regel (`fn naam(hh)`) die `true` geeft als de uitleg in de beslissing hoort.
    pub regel: String,
    /// De reden (code in `[reden]`) met de uitleg.
    pub reden: String,
}

/// What would change the outcome of a failed condition: a text per kind of change, filled with
/// the household's quantities and the alternatives avp computed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verandering {
    /// De tekst; `{naam}` wordt een grootheid van het huishouden of een berekend alternatief.
    pub tekst: String,
}

/// The whole file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "redenen")]
pub struct Redenen {
    /// De voorwaarden van de doelgroep, in de volgorde van de wet.
    #[serde(default)]
    pub voorwaarde: Vec<Voorwaarde>,
    /// Acties die de gemeente moet ondernemen.
    #[serde(default)]
    pub actie: Vec<Actie>,
    /// Uitleg bij de berekening, gegeven als de regel dat zegt.
    #[serde(default)]
    pub uitleg: Vec<Uitleg>,
    /// Alle redenteksten per code.
    #[serde(default)]
    pub reden: BTreeMap<String, RedenTekst>,
    /// Teksten voor "wat zou de uitkomst veranderen", per code.
    #[serde(default)]
    pub verandering: BTreeMap<String, Verandering>,
}

impl Redenen {
    /// Read `redenen.toml`.
    pub fn laad(pad: &str, tekst: &Arc<str>) -> Result<Redenen, Fouten> {
        toml::from_str(tekst)
            .map_err(|e| Fouten::from(crate::params::toml_fout(pad, tekst, &e, Code::PackRedenen)))
    }

    /// Apply a later year's file: texts override by code; a non-empty condition or action list
    /// replaces the inherited one.
    pub fn overschrijf(&mut self, nieuw: Redenen) {
        if !nieuw.voorwaarde.is_empty() {
            self.voorwaarde = nieuw.voorwaarde;
        }
        if !nieuw.actie.is_empty() {
            self.actie = nieuw.actie;
        }
        if !nieuw.uitleg.is_empty() {
            self.uitleg = nieuw.uitleg;
        }
        self.reden.extend(nieuw.reden);
        self.verandering.extend(nieuw.verandering);
    }
}
