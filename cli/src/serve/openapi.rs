//! The OpenAPI 3.1 document (`GET /openapi.json`), generated from the handlers (utoipa) and the
//! engine's own types (schemars: the record and the decision, as `schemas/` has them), and the
//! readable API page (`GET /api`) made from it.

use std::fmt::Write;
use std::sync::LazyLock;

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};
use utoipa::OpenApi;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::{beoordeel, gegevens, probleem};
use crate::render::html_tekst as html;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "avp: beoordeling alleenverdienersproblematiek",
        description = "Beoordeelt huishoudens volgens de Wet tijdelijke regeling alleenverdienersproblematiek (art. 78gg e.v. Participatiewet) en het handelingsperspectief 2023-2024, met dezelfde regels en uitkomsten als de opdrachtregel (`avp eval`, `avp batch`). Fouten zijn RFC 9457 problem details met de Nederlandse melding, het veld en een hint."
    ),
    paths(
        beoordeel::beoordeel,
        beoordeel::batch,
        gegevens::jaren,
        gegevens::parameters,
        gegevens::beleidsregels,
        gegevens::beleidsregels_naam,
        gegevens::gezond,
        gegevens::herladen,
    ),
    components(schemas(
        probleem::Probleem,
        probleem::ProbleemFout,
        gegevens::Jaar,
        gegevens::ParameterRegel,
        gegevens::BeleidsregelsKort,
        gegevens::BeleidsregelsVolledig,
        gegevens::Gezondheid,
    )),
    tags(
        (name = "beoordelen", description = "Een huishouden of een bestand vol huishoudens beoordelen."),
        (name = "regels", description = "De jaren, parameters en beleidsregels die de server kent."),
        (name = "server", description = "Gezondheid en herladen."),
    )
)]
struct ApiDocument;

/// The document as JSON text, made once.
pub static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| serde_json::to_string_pretty(&document()).unwrap_or_default());

/// The OpenAPI document: utoipa's paths, with the engine's record and decision schemas (and
/// what they refer to) as components, and `/v1/beoordeel`'s body and answer referring to them.
pub fn document() -> Value {
    let mut doc = serde_json::to_value(ApiDocument::openapi()).unwrap_or_default();
    let mut instellingen = SchemaSettings::draft2020_12();
    instellingen.definitions_path = "/components/schemas".into();
    let mut generator = instellingen.into_generator();
    generator.subschema_for::<avp_engine::record::Huishouden>();
    generator.subschema_for::<avp_engine::decision::Beslissing>();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (naam, schema) in generator.take_definitions(true) {
            schemas.insert(naam, schema);
        }
    }
    let beoordeel = "/paths/~1v1~1beoordeel/post";
    if let Some(v) = doc.pointer_mut(&format!(
        "{beoordeel}/requestBody/content/application~1json"
    )) {
        *v = json!({ "schema": { "$ref": "#/components/schemas/Huishouden" } });
    }
    if let Some(v) = doc.pointer_mut(&format!(
        "{beoordeel}/responses/200/content/application~1json"
    )) {
        *v = json!({ "schema": { "$ref": "#/components/schemas/Beslissing" } });
    }
    doc
}

/// The API page: every operation with its parameters and answers, in Dutch, from the document.
pub fn pagina() -> String {
    let doc = document();
    let mut s = String::new();
    let _ = write!(
        s,
        "<h1>avp API</h1>\n<p>{}</p>\n<p>Het volledige document: <a href=\"/openapi.json\">/openapi.json</a> (OpenAPI 3.1). De rekenhulp: <a href=\"/\">/</a>.</p>\n",
        html(doc.pointer("/info/description").and_then(Value::as_str).unwrap_or_default())
    );
    for (pad, item) in doc["paths"].as_object().into_iter().flatten() {
        for (methode, op) in item.as_object().into_iter().flatten() {
            operatie(&mut s, pad, methode, op);
        }
    }
    super::pagina::omhul("avp API", &s)
}

fn operatie(s: &mut String, pad: &str, methode: &str, op: &Value) {
    let tekst = |v: &Value| html(v.as_str().unwrap_or_default());
    let _ = write!(
        s,
        "<section>\n<h2><code>{} {}</code></h2>\n<p>{}</p>\n",
        methode.to_uppercase(),
        html(pad),
        tekst(&op["description"]).replace('\n', "<br>")
    );
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        s.push_str("<h3>Parameters</h3>\n<ul>\n");
        for p in params {
            let _ = writeln!(
                s,
                "<li><code>{}</code> ({}): {}</li>",
                tekst(&p["name"]),
                tekst(&p["in"]),
                tekst(&p["description"])
            );
        }
        s.push_str("</ul>\n");
    }
    if let Some(b) = op.get("requestBody") {
        let _ = writeln!(s, "<h3>Verzoek</h3>\n<p>{}</p>", tekst(&b["description"]));
    }
    s.push_str("<h3>Antwoorden</h3>\n<ul>\n");
    for (code, a) in op["responses"].as_object().into_iter().flatten() {
        let _ = writeln!(
            s,
            "<li><strong>{}</strong>: {}</li>",
            html(code),
            tekst(&a["description"])
        );
    }
    s.push_str("</ul>\n</section>\n");
}

/// `GET /api`: the API described for people.
pub async fn api() -> Html<String> {
    Html(pagina())
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
        .into_response()
}
