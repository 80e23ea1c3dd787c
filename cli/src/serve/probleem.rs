//! Errors as RFC 9457 problem details (`application/problem+json`): the Dutch message, the
//! stable error code, the field and the hint that the CLI gives, with every possible BSN masked
//! as `avp batch` masks it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use avp_engine::error::{Code, Fout, Fouten, Locatie};

use crate::werkbank::batch::{maskeer_bsns, RecordFout};

/// A problem (RFC 9457) with avp's own members.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Probleem {
    /// `urn:avp:` and the error code of the first error.
    #[serde(rename = "type")]
    pub soort: String,
    /// A short title of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What is wrong, in Dutch (the first error).
    pub detail: String,
    /// The stable error code (`avp::record::veld`).
    pub code: String,
    /// The field of the record (`personen[0].inkomsten[1].soort`), when the error has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub veld: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
    /// Every error, when there are several (the first is the one above).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fouten: Vec<ProbleemFout>,
}

/// One error of a problem with several.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProbleemFout {
    /// The stable error code.
    pub code: String,
    /// What is wrong, in Dutch.
    pub bericht: String,
    /// The field or file position, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub veld: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
}

impl ProbleemFout {
    /// As `avp batch` reports it: the field taken out of a message "veld `x`: …", the column
    /// or the rule's position added, every possible BSN masked.
    fn van(f: &Fout) -> ProbleemFout {
        let r = RecordFout::van(0, f, &|v| v.to_string());
        let veld = if r.veld.is_empty() {
            f.locatie.as_ref().map(|l| maskeer_bsns(&plaats(l)))
        } else {
            Some(r.veld)
        };
        ProbleemFout {
            code: f.code.as_str().to_string(),
            bericht: r.bericht,
            veld,
            hulp: r.hulp,
        }
    }
}

/// Where an error is: a record's field, or a file position of the rules.
fn plaats(l: &Locatie) -> String {
    match l {
        Locatie::Veld { veld, .. } => veld.clone(),
        Locatie::Bestand { pad, regel, kolom } => format!("{pad}:{regel}:{kolom}"),
        Locatie::Pad(p) => p.clone(),
    }
}

impl Probleem {
    /// A problem with its own status, code and message (no engine error behind it).
    pub fn nieuw(status: StatusCode, code: &str, detail: impl Into<String>) -> Probleem {
        Probleem {
            soort: format!("urn:{code}"),
            title: titel(status).to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_string(),
            veld: None,
            hulp: None,
            fouten: Vec::new(),
        }
    }

    /// With a hint.
    pub fn hulp(mut self, hulp: impl Into<String>) -> Probleem {
        self.hulp = Some(hulp.into());
        self
    }

    /// The engine's errors: 400 for a body that is not a record at all (JSON syntax, UTF-8),
    /// 422 for any other input error, 500 for an error in the rules.
    pub fn van_fouten(f: &Fouten) -> Probleem {
        let status = if !f.is_invoer() {
            StatusCode::INTERNAL_SERVER_ERROR
        } else if f
            .0
            .first()
            .is_some_and(|e| matches!(e.code, Code::RecordJson | Code::RecordUtf8))
        {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let alle: Vec<ProbleemFout> = f.0.iter().map(ProbleemFout::van).collect();
        let Some(eerste) = alle.first().cloned() else {
            return Probleem::nieuw(status, "avp::onbekend", "onbekende fout");
        };
        Probleem {
            soort: format!("urn:{}", eerste.code),
            title: titel(status).to_string(),
            status: status.as_u16(),
            detail: eerste.bericht,
            code: eerste.code,
            veld: eerste.veld,
            hulp: eerste.hulp,
            fouten: if alle.len() > 1 { alle } else { Vec::new() },
        }
    }
}

/// The title of a status, in Dutch.
fn titel(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Het verzoek is geen geldig huishouden",
        401 => "Niet aangemeld",
        404 => "Niet gevonden",
        413 => "Het verzoek is te groot",
        415 => "Verkeerd inhoudstype",
        422 => "Ongeldige invoer",
        503 => "Tijdelijk niet beschikbaar",
        _ => "Fout in de regels of de server",
    }
}

impl IntoResponse for Probleem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string_pretty(&self).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}
