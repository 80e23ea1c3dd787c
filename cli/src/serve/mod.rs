//! `avp serve`: the web rekenhulp for case workers and the HTTP API for a municipality's
//! systems, in one process on the same engine as the CLI (every year compiled once, shared).
//!
//! ```text
//! staat       the rules in service, swapped whole on a reload; the limits
//! beoordeel   POST /v1/beoordeel, POST /v1/batch
//! gegevens    GET /v1/jaren, /v1/jaren/{jaar}/parameters, /v1/beleidsregels[/{naam}],
//!             /v1/gezond; POST /v1/herladen
//! probleem    errors as RFC 9457 problem details, BSNs masked
//! openapi     GET /openapi.json (generated) and the API page GET /api
//! pagina      the rekenhulp GET / with its script and style, all in the binary
//! toegang     bearer token, time limit, the request log without contents
//! ```

// A `Probleem` is the answer itself (about 180 bytes, the cold path); boxing it would only add
// noise.
#![allow(clippy::result_large_err)]

mod beoordeel;
mod gegevens;
pub mod openapi;
mod opties;
mod pagina;
pub mod probleem;
pub mod staat;
mod toegang;
pub use opties::{ServeArgs, ServeOpdracht};
pub use toegang::{cors, lees_token};

use std::io::Write;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Router};

use staat::{Gedeeld, Geladen};

/// The application: every route with its middleware, on shared state.
pub fn app(gedeeld: Arc<Gedeeld>) -> Router {
    let api = Router::new()
        .route("/v1/beoordeel", post(beoordeel::beoordeel))
        .route("/v1/batch", post(beoordeel::batch))
        .route("/v1/jaren", get(gegevens::jaren))
        .route("/v1/jaren/{jaar}/parameters", get(gegevens::parameters))
        .route("/v1/beleidsregels", get(gegevens::beleidsregels))
        .route(
            "/v1/beleidsregels/{naam}",
            get(gegevens::beleidsregels_naam),
        )
        .route("/v1/gezond", get(gegevens::gezond))
        .route("/v1/herladen", post(gegevens::herladen))
        .route_layer(middleware::from_fn_with_state(
            gedeeld.clone(),
            toegang::controleer_token,
        ));
    Router::new()
        .merge(api)
        .route("/", get(pagina::rekenhulp))
        .route("/rekenhulp.js", get(pagina::script))
        .route("/rekenhulp.css", get(pagina::stijl))
        .route("/api", get(openapi::api))
        .route("/openapi.json", get(openapi::openapi))
        .fallback(toegang::niet_gevonden)
        .layer(DefaultBodyLimit::max(gedeeld.limieten.max_body))
        .layer(middleware::from_fn_with_state(
            gedeeld.clone(),
            toegang::tijdslimiet,
        ))
        .layer(middleware::from_fn(toegang::log))
        .with_state(gedeeld)
}

/// `avp serve`: load the rules, listen, serve until SIGTERM or Ctrl-C (requests in flight
/// finish), reload on SIGHUP. Exit code 0 after a clean stop, 1 when the rules do not load, 2
/// for bad options.
pub fn serve(a: ServeArgs, err: &mut dyn Write) -> u8 {
    let token = match toegang::lees_token(a.token_bestand.as_deref(), a.adres) {
        Ok(t) => t,
        Err(melding) => {
            let _ = writeln!(err, "fout: {melding}");
            return 2;
        }
    };
    let geladen = match Geladen::laad(a.rules.clone(), &a.beleidsregels) {
        Ok(g) => g,
        Err(f) => return crate::render::meld(err, &f),
    };
    let cors = match toegang::cors(&a.cors) {
        Ok(c) => c,
        Err(melding) => {
            let _ = writeln!(err, "fout: {melding}");
            return 2;
        }
    };
    let jaren = geladen.jaren.clone();
    let gedeeld = Arc::new(Gedeeld::nieuw(
        geladen,
        a.rules,
        a.beleidsregels,
        token,
        a.limieten,
    ));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "fout: kan de server niet starten: {e}");
            return 1;
        }
    };
    runtime.block_on(async move {
        let luisteraar = match tokio::net::TcpListener::bind(a.adres).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("fout: kan niet luisteren op {}: {e}", a.adres);
                return 2;
            }
        };
        let adres = luisteraar.local_addr().unwrap_or(a.adres);
        // the signals first: one that comes as soon as the address is known is not lost
        let stop = toegang::stopsignaal();
        toegang::herlaad_bij_sighup(gedeeld.clone());
        eprintln!(
            "avp serve: rekenhulp op http://{adres}/ , API op http://{adres}/v1 (documentatie: /api); jaren {}",
            jaren.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
        );
        let app = match cors {
            Some(c) => app(gedeeld).layer(c),
            None => app(gedeeld),
        };
        match axum::serve(luisteraar, app)
            .with_graceful_shutdown(stop)
            .await
        {
            Ok(()) => {
                eprintln!("avp serve: gestopt");
                0
            }
            Err(e) => {
                eprintln!("fout: de server stopte onverwacht: {e}");
                1
            }
        }
    })
}
