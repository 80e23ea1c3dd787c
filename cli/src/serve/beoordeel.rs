//! `POST /v1/beoordeel` and `POST /v1/batch`: a household record (or JSONL of them) in, the
//! decision out, exactly as `avp eval` and `avp batch` give it.

use std::io::{self, Write};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use avp_engine::policy::GeladenBeleid;
use avp_engine::record::{lees_huishouden, utf8_tekst, Formaat as InFormaat};
use avp_engine::Opties;

use super::probleem::Probleem;
use super::staat::{Gedeeld, Geladen};
use crate::werkbank::batch::{self, Instellingen, InvoerFormaat, Lezer, UitvoerFormaat};
use crate::Formaat;

/// The record's name in messages (a request has no file name).
const NAAM: &str = "verzoek";

/// Options of `POST /v1/beoordeel`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BeoordeelOpties {
    /// Add the trace: every quantity with its value and the parameters it read.
    #[serde(default)]
    pub trace: bool,
    /// `json` (the decision, as `avp eval --format json`), `markdown` or `html` (the
    /// beschikking), `text` (the case worker's summary).
    #[serde(default)]
    pub format: Option<String>,
    /// Beleidsregels by name (`GET /v1/beleidsregels`); default: the server's.
    #[serde(default)]
    pub beleidsregels: Option<String>,
}

/// Evaluate one household.
#[utoipa::path(
    post,
    path = "/v1/beoordeel",
    tag = "beoordelen",
    params(BeoordeelOpties),
    request_body(content = String, content_type = "application/json",
        description = "Het huishouden (schema Huishouden)."),
    responses(
        (status = 200, description = "Het besluit (schema Beslissing); bij format=markdown/html/text de beschikking of samenvatting.", content_type = "application/json"),
        (status = 400, description = "Geen huishouden: geen geldige JSON of UTF-8, een verplicht veld ontbreekt, een onbekend veld, een verkeerd type.", body = Probleem, content_type = "application/problem+json"),
        (status = 413, description = "Het verzoek is groter dan de limiet.", body = Probleem, content_type = "application/problem+json"),
        (status = 422, description = "Een waarde die niet kan (een datum, een BSN, een bedrag), een jaar zonder regelpakket, onbekende beleidsregels.", body = Probleem, content_type = "application/problem+json"),
        (status = 500, description = "Een fout in de regels.", body = Probleem, content_type = "application/problem+json"),
        (status = 503, description = "De tijdslimiet is overschreden.", body = Probleem, content_type = "application/problem+json"),
    )
)]
pub async fn beoordeel(
    State(gedeeld): State<Arc<Gedeeld>>,
    Query(opties): Query<BeoordeelOpties>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Probleem> {
    let body = lichaam(body)?;
    let formaat = formaat(opties.format.as_deref())?;
    let geladen = gedeeld.huidig();
    let beleid = beleid_van(&geladen, opties.beleidsregels.as_deref())?;
    let _beurt = gedeeld.beurten.acquire().await.map_err(|_| bezet())?;
    let trace = opties.trace;
    let (tekst, soort) = tokio::task::spawn_blocking(move || {
        let tekst = utf8_tekst(body.to_vec(), NAAM).map_err(|f| Probleem::van_fouten(&f.into()))?;
        let hh =
            lees_huishouden(&tekst, InFormaat::Json, NAAM).map_err(|f| Probleem::van_fouten(&f))?;
        let b = geladen
            .regels
            .beoordeel(&hh, &beleid, NAAM, Opties { trace })
            .map_err(|f| Probleem::van_fouten(&f))?;
        let gemeente = beleid.regels.gemeentenaam.as_deref();
        let tekst = crate::commands::beslissing_als(&b, formaat, &geladen.regels, gemeente);
        Ok::<_, Probleem>((tekst, inhoudstype(formaat)))
    })
    .await
    .map_err(|_| intern())??;
    Ok(([(header::CONTENT_TYPE, soort)], tekst).into_response())
}

/// Options of `POST /v1/batch`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchOpties {
    /// Add the trace to every decision.
    #[serde(default)]
    pub trace: bool,
    /// Beleidsregels by name; default: the server's.
    #[serde(default)]
    pub beleidsregels: Option<String>,
}

/// Evaluate many households: JSONL in, JSONL out in input order, streamed.
#[utoipa::path(
    post,
    path = "/v1/batch",
    tag = "beoordelen",
    params(BatchOpties),
    request_body(content = String, content_type = "application/x-ndjson",
        description = "Eén huishouden per regel (JSONL), zoals `avp batch` leest."),
    responses(
        (status = 200, description = "Eén regel per huishouden, in volgorde: het besluit, of voor een huishouden dat niet beoordeeld kon worden de fout zoals in het foutbestand van `avp batch` (met `regel`, `veld`, `code`, `bericht`, `hulp`, `soort`).", content_type = "application/x-ndjson"),
        (status = 413, description = "Het verzoek is groter dan de limiet.", body = Probleem, content_type = "application/problem+json"),
        (status = 422, description = "Onbekende beleidsregels.", body = Probleem, content_type = "application/problem+json"),
    )
)]
pub async fn batch(
    State(gedeeld): State<Arc<Gedeeld>>,
    Query(opties): Query<BatchOpties>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Probleem> {
    let body = lichaam(body)?;
    let geladen = gedeeld.huidig();
    let beleid = beleid_van(&geladen, opties.beleidsregels.as_deref())?;
    let beurt = gedeeld
        .beurten
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| bezet())?;
    let (zender, ontvanger) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(16);
    let trace = opties.trace;
    tokio::task::spawn_blocking(move || {
        let _beurt = beurt;
        let mut uit = Kanaal(zender.clone());
        if let Err(e) = draai_batch(&geladen, &beleid, body, trace, &mut uit) {
            let _ = zender.blocking_send(Err(e));
        }
    });
    let stroom = futures_util::stream::unfold(ontvanger, |mut o| async move {
        o.recv().await.map(|deel| (deel, o))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stroom),
    )
        .into_response())
}

/// The batch pipeline of `avp batch` over the request body, decisions and record errors into
/// `uit`.
fn draai_batch(
    geladen: &Geladen,
    beleid: &GeladenBeleid,
    body: Bytes,
    trace: bool,
    uit: &mut Kanaal,
) -> io::Result<()> {
    let mut lezer = Lezer::nieuw(Box::new(io::Cursor::new(body)), InvoerFormaat::Jsonl)
        .map_err(|f| io::Error::other(crate::render::fouten(&f)))?;
    let inst = Instellingen {
        opties: Opties { trace },
        uitvoer: UitvoerFormaat::Jsonl,
        lijst: None,
        blok: batch::STANDAARD_BLOK,
    };
    let mut fouten = Kanaal(uit.0.clone());
    batch::verwerk(
        &geladen.regels,
        beleid,
        &mut lezer,
        inst,
        uit,
        &mut |f| {
            let mut regel = serde_json::to_vec(f).map_err(io::Error::other)?;
            regel.push(b'\n');
            fouten.write_all(&regel)
        },
        &|_| {},
    )
    .map(|_| ())
    .map_err(|f| io::Error::other(crate::render::fouten(&f)))
}

/// A writer into the response stream.
struct Kanaal(tokio::sync::mpsc::Sender<io::Result<Bytes>>);

impl Write for Kanaal {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "de client is weg"))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The body, or 413 when it is over the limit.
fn lichaam(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Probleem> {
    body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Probleem::nieuw(
                StatusCode::PAYLOAD_TOO_LARGE,
                "avp::serve::te_groot",
                "het verzoek is groter dan de limiet van de server",
            )
            .hulp("stuur minder huishoudens per verzoek, of start de server met een hogere --max-verzoek")
        } else {
            Probleem::nieuw(r.status(), "avp::serve::verzoek", r.body_text())
        }
    })
}

/// The beleidsregels a request names (only a name under `rules/gemeenten/`, never a path), or
/// the server's.
pub(super) fn beleid_van(geladen: &Geladen, naam: Option<&str>) -> Result<GeladenBeleid, Probleem> {
    let Some(naam) = naam.filter(|n| !n.is_empty()) else {
        return Ok(geladen.standaard_beleid.clone());
    };
    if !naam
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Probleem::nieuw(
            StatusCode::UNPROCESSABLE_ENTITY,
            "avp::beleid::onbekend",
            format!("`{naam}` is geen naam van beleidsregels"),
        )
        .hulp(
            "een naam uit GET /v1/beleidsregels, zoals `vng-model` (kleine letters, cijfers en -)",
        ));
    }
    geladen
        .regels
        .beleidsregels(naam)
        .map_err(|f| Probleem::van_fouten(&f))
}

/// The output format a request asks for.
fn formaat(f: Option<&str>) -> Result<Formaat, Probleem> {
    Ok(match f.unwrap_or("json") {
        "json" => Formaat::Json,
        "markdown" => Formaat::Markdown,
        "html" => Formaat::Html,
        "text" => Formaat::Text,
        ander => {
            return Err(Probleem::nieuw(
                StatusCode::UNPROCESSABLE_ENTITY,
                "avp::serve::formaat",
                format!("onbekend formaat `{ander}`"),
            )
            .hulp("kies json, markdown, html of text"))
        }
    })
}

fn inhoudstype(f: Formaat) -> &'static str {
    match f {
        Formaat::Json => "application/json",
        Formaat::Markdown => "text/markdown; charset=utf-8",
        Formaat::Html => "text/html; charset=utf-8",
        Formaat::Text => "text/plain; charset=utf-8",
    }
}

fn bezet() -> Probleem {
    Probleem::nieuw(
        StatusCode::SERVICE_UNAVAILABLE,
        "avp::serve::bezet",
        "de server stopt en neemt geen beoordelingen meer aan",
    )
}

fn intern() -> Probleem {
    Probleem::nieuw(
        StatusCode::INTERNAL_SERVER_ERROR,
        "avp::serve::intern",
        "de beoordeling is onverwacht afgebroken",
    )
}
