//! JSON Schemas (draft-07, so editors using taplo can validate TOML) for every file format:
//! `avp schema` writes them to `schemas/`, and a test fails when the committed ones drift.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;

fn schema_voor<T: JsonSchema>() -> serde_json::Value {
    let s = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(s).unwrap_or_default()
}

/// The parameter file format: a tree of namespaces and values, each value with a `bron`.
fn parameters_schema() -> serde_json::Value {
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "parameters",
        "description": "Parameterbestand van een rekenpakket (rules/nl/<jaar>/<naam>.toml). Elke waarde heeft een `bron`, op de waarde zelf of in een omringende tabel.",
        "$ref": "#/definitions/tabel",
        "definitions": {
            "meta": {
                "bron": { "type": "string", "minLength": 1, "description": "Wettelijke bron: regeling, artikel, publicatie, geldigheidsjaar" },
                "eenheid": { "enum": avp_engine::params::EENHEDEN, "description": "Eenheid van de waarde" },
                "toelichting": { "type": "string", "description": "Uitleg voor lezers" },
                "mag_negatief": { "type": "boolean", "description": "Een bedrag of fractie mag negatief zijn (een saldo, een korting); zonder deze sleutel is een bedrag 0 of meer en een fractie 0 tot en met 1" }
            },
            "tabel": {
                "type": "object",
                "properties": {
                    "bron": { "$ref": "#/definitions/meta/bron" },
                    "eenheid": { "$ref": "#/definitions/meta/eenheid" },
                    "toelichting": { "$ref": "#/definitions/meta/toelichting" },
                    "mag_negatief": { "$ref": "#/definitions/meta/mag_negatief" }
                },
                "propertyNames": { "pattern": "^[a-z][a-z0-9_]*$" },
                "additionalProperties": {
                    "anyOf": [
                        { "$ref": "#/definitions/met_waarde" },
                        { "$ref": "#/definitions/tabel" },
                        { "$ref": "#/definitions/kaal" }
                    ]
                }
            },
            "met_waarde": {
                "type": "object",
                "required": ["waarde"],
                "additionalProperties": false,
                "properties": {
                    "waarde": { "$ref": "#/definitions/kaal" },
                    "bron": { "$ref": "#/definitions/meta/bron" },
                    "eenheid": { "$ref": "#/definitions/meta/eenheid" },
                    "toelichting": { "$ref": "#/definitions/meta/toelichting" },
                    "mag_negatief": { "$ref": "#/definitions/meta/mag_negatief" }
                }
            },
            "kaal": {
                "anyOf": [
                    { "type": ["number", "string", "boolean"] },
                    { "type": "array", "items": { "anyOf": [
                        { "type": ["number", "string", "boolean"] },
                        { "type": "object", "additionalProperties": { "type": ["number", "string", "boolean"] } }
                    ] } }
                ]
            }
        }
    })
}

/// Every schema by file name.
pub fn alle() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        (
            "huishouden.schema.json",
            schema_voor::<avp_engine::record::Huishouden>(),
        ),
        (
            "beslissing.schema.json",
            schema_voor::<avp_engine::decision::Beslissing>(),
        ),
        ("parameters.schema.json", parameters_schema()),
        (
            "beleidsregels.schema.json",
            schema_voor::<avp_engine::policy::Beleidsregels>(),
        ),
        (
            "testgeval.schema.json",
            schema_voor::<crate::werkbank::golden::Testgeval>(),
        ),
        (
            "pack.schema.json",
            schema_voor::<avp_engine::pack::Manifest>(),
        ),
        (
            "redenen.schema.json",
            schema_voor::<avp_engine::pack::Redenen>(),
        ),
        (
            "keuzes.schema.json",
            schema_voor::<avp_engine::policy::Keuzes>(),
        ),
        (
            "brief.schema.json",
            schema_voor::<avp_engine::pack::Brief>(),
        ),
        (
            "jaarverschil.schema.json",
            schema_voor::<crate::werkbank::diff::Jaarverschil>(),
        ),
    ]
}

/// A schema as the text written to disk (pretty, trailing newline).
pub fn als_tekst(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
