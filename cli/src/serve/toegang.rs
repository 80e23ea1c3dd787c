//! Who may ask, for how long, and what is written down: the bearer token (required when the
//! server listens beyond this machine), the time limit per request, the request log (method,
//! path, status, time; never a record's contents, every possible BSN masked), and the signals
//! (SIGTERM/Ctrl-C stop after the requests in flight, SIGHUP reloads the rules).

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::probleem::Probleem;
use super::staat::Gedeeld;
use crate::werkbank::batch::maskeer_bsns;

/// The token from `--token-bestand` (its first line); required when `adres` is not loopback.
pub fn lees_token(bestand: Option<&Path>, adres: SocketAddr) -> Result<Option<String>, String> {
    let Some(pad) = bestand else {
        if adres.ip().is_loopback() {
            return Ok(None);
        }
        return Err(format!(
            "luisteren op {adres} (buiten deze machine) kan alleen met een token; geef --token-bestand BESTAND met het token op de eerste regel"
        ));
    };
    let tekst = std::fs::read_to_string(pad)
        .map_err(|e| format!("kan het tokenbestand {} niet lezen: {e}", pad.display()))?;
    let token = tekst.lines().next().unwrap_or_default().trim().to_string();
    if token.len() < 16 {
        return Err(format!(
            "het token in {} is korter dan 16 tekens; kies een lang, willekeurig token",
            pad.display()
        ));
    }
    Ok(Some(token))
}

/// Every `/v1` request carries `Authorization: Bearer <token>` when the server has a token;
/// compared in constant time (over the sha256 of both, so the length does not show either).
pub async fn controleer_token(
    State(gedeeld): State<Arc<Gedeeld>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(token) = &gedeeld.token else {
        return next.run(req).await;
    };
    let gegeven = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let gelijk: bool = Sha256::digest(gegeven.as_bytes())
        .ct_eq(&Sha256::digest(token.as_bytes()))
        .into();
    if gelijk && !gegeven.is_empty() {
        return next.run(req).await;
    }
    let p = Probleem::nieuw(
        StatusCode::UNAUTHORIZED,
        "avp::serve::token",
        if gegeven.is_empty() {
            "dit verzoek heeft geen token"
        } else {
            "het token klopt niet"
        },
    )
    .hulp("stuur de kop `Authorization: Bearer <token>` met het token van de server");
    let mut r = p.into_response();
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    r
}

/// A request that takes longer than the limit gets 503 (the evaluation itself is bounded by
/// the rules' operation limit).
pub async fn tijdslimiet(
    State(gedeeld): State<Arc<Gedeeld>>,
    req: Request,
    next: Next,
) -> Response {
    let limiet = gedeeld.limieten.tijdslimiet;
    match tokio::time::timeout(limiet, next.run(req)).await {
        Ok(r) => r,
        Err(_) => Probleem::nieuw(
            StatusCode::SERVICE_UNAVAILABLE,
            "avp::serve::tijdslimiet",
            format!("het verzoek duurde langer dan {} ms", limiet.as_millis()),
        )
        .hulp("probeer het opnieuw; stuur bij een batch minder huishoudens per verzoek")
        .into_response(),
    }
}

/// One line per request on standard error: method, path, status, milliseconds. No query, no
/// body, every run of 8 or 9 digits masked.
pub async fn log(req: Request, next: Next) -> Response {
    let begin = Instant::now();
    let methode = req.method().clone();
    let pad = maskeer_bsns(req.uri().path());
    let r = next.run(req).await;
    eprintln!(
        "{methode} {pad} {} {} ms",
        r.status().as_u16(),
        begin.elapsed().as_millis()
    );
    r
}

/// The CORS layer for the given origins, or none (no CORS headers at all) when there are none.
pub fn cors(herkomsten: &[String]) -> Result<Option<tower_http::cors::CorsLayer>, String> {
    use axum::http::{HeaderValue, Method};
    if herkomsten.is_empty() {
        return Ok(None);
    }
    let mut waarden = Vec::new();
    for h in herkomsten {
        let geldig = (h.starts_with("https://") || h.starts_with("http://"))
            && !h.ends_with('/')
            && !h.contains('*');
        match HeaderValue::from_str(h) {
            Ok(v) if geldig => waarden.push(v),
            _ => {
                return Err(format!(
                    "`{h}` is geen herkomst voor --cors; schrijf schema en host zonder pad, zoals https://zaaksysteem.gemeente.nl"
                ))
            }
        }
    }
    Ok(Some(
        tower_http::cors::CorsLayer::new()
            .allow_origin(waarden)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
    ))
}

/// 404 as a problem.
pub async fn niet_gevonden() -> Probleem {
    Probleem::nieuw(
        StatusCode::NOT_FOUND,
        "avp::serve::onbekend_pad",
        "dit adres bestaat niet",
    )
    .hulp("de API staat onder /v1 (zie /api); de rekenhulp op /")
}

/// Resolves on SIGTERM or Ctrl-C: the server stops taking connections and lets the requests in
/// flight finish.
///
/// The signals are registered when this is called (before the server says it listens), so that
/// a signal that comes early is not lost.
pub fn stopsignaal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        eprintln!("avp serve: stoppen; lopende verzoeken worden afgemaakt");
    }
}

/// On SIGHUP: reload the rules (as `POST /v1/herladen`); a rules tree that does not load is
/// refused with its errors on standard error, and the old one stays in service.
/// Registered when called (in the runtime), before the server says it listens.
pub fn herlaad_bij_sighup(gedeeld: Arc<Gedeeld>) {
    #[cfg(unix)]
    {
        let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            return;
        };
        tokio::spawn(async move {
            while s.recv().await.is_some() {
                let g = gedeeld.clone();
                match tokio::task::spawn_blocking(move || g.herlaad()).await {
                    Ok(Ok(_)) => eprintln!("avp serve: regels herladen (SIGHUP)"),
                    Ok(Err(f)) => eprintln!(
                        "avp serve: herladen geweigerd, de oude regels blijven in gebruik:\n{}",
                        crate::render::fouten(&f)
                    ),
                    Err(_) => eprintln!("avp serve: herladen afgebroken"),
                }
            }
        });
    }
    #[cfg(not(unix))]
    drop(gedeeld);
}
