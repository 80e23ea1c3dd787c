//! `avp serve` (issue 20): every endpoint and every error class through the router itself (no
//! network): byte-identity with `avp eval` on every golden case, problem details with the
//! CLI's message, field and hint, the limits, the token, reloading.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

use avp_cli::serve::staat::{Gedeeld, Geladen, Limieten};

fn rules() -> PathBuf {
    avp_tests::root().join("rules")
}

fn limieten() -> Limieten {
    Limieten {
        max_body: 1024 * 1024,
        tijdslimiet: Duration::from_secs(30),
        gelijktijdig: 2,
    }
}

fn staat_met(rules: PathBuf, token: Option<&str>, l: Limieten) -> Arc<Gedeeld> {
    let g = Geladen::laad(Some(rules.clone()), "vng-model").expect("regels laden");
    Arc::new(Gedeeld::nieuw(
        g,
        Some(rules),
        "vng-model".into(),
        token.map(String::from),
        l,
    ))
}

fn staat() -> Arc<Gedeeld> {
    staat_met(rules(), None, limieten())
}

/// One request: status, content type and body.
fn vraag(
    s: &Arc<Gedeeld>,
    methode: &str,
    pad: &str,
    body: &str,
    token: Option<&str>,
) -> (u16, String, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut r = Request::builder().method(methode).uri(pad);
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        let antwoord = avp_cli::serve::app(s.clone())
            .oneshot(r.body(Body::from(body.to_string())).expect("verzoek"))
            .await
            .expect("antwoord");
        let status = antwoord.status().as_u16();
        let soort = antwoord
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = axum::body::to_bytes(antwoord.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, soort, String::from_utf8_lossy(&bytes).into_owned())
    })
}

fn cli(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec![std::ffi::OsString::from("avp")];
    argv.extend(args.iter().map(std::ffi::OsString::from));
    let code = avp_cli::run(argv, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn json(t: &str) -> serde_json::Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("geen JSON ({e}): {t}"))
}

const PAAR: &str = include_str!("../examples/paar-ww.json");

/// Every golden case: the API's answer is byte for byte what `avp eval --format json` writes,
/// for the same record and beleidsregels.
#[test]
fn elk_testgeval_byte_gelijk_aan_avp_eval() {
    let s = staat();
    let dir = std::env::temp_dir().join(format!("avp-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let gevallen =
        avp_cli::werkbank::golden::zoek_gevallen(&[avp_tests::root().join("tests/cases")]);
    assert!(gevallen.len() > 50, "{} gevallen", gevallen.len());
    let mut vergeleken = 0;
    for pad in &gevallen {
        let g = avp_cli::werkbank::golden::lees_geval(pad).expect("geval");
        let record = serde_json::to_string_pretty(&g.huishouden).expect("record");
        let bestand = dir.join("record.json");
        std::fs::write(&bestand, &record).expect("schrijven");
        let rules = rules();
        let (code, verwacht, err) = cli(&[
            "eval",
            bestand.to_str().expect("pad"),
            "--rules",
            rules.to_str().expect("pad"),
            "--beleidsregels",
            &g.beleidsregels,
        ]);
        let beleid = if g.beleidsregels.contains('/') {
            // a fixture's own beleidsregels file: not reachable by name over the API
            continue;
        } else {
            g.beleidsregels.clone()
        };
        let (status, soort, body) = vraag(
            &s,
            "POST",
            &format!("/v1/beoordeel?beleidsregels={beleid}"),
            &record,
            None,
        );
        if code == 0 {
            assert_eq!(status, 200, "{}: {body}", pad.display());
            assert_eq!(soort, "application/json");
            assert_eq!(body, verwacht, "{}", pad.display());
        } else {
            assert_ne!(status, 200, "{}: de CLI gaf {code}: {err}", pad.display());
        }
        vergeleken += 1;
    }
    assert!(vergeleken > 50, "{vergeleken} vergeleken");
}

#[test]
fn trace_en_beschikking() {
    let s = staat();
    let (st, _, b) = vraag(&s, "POST", "/v1/beoordeel?trace=true", PAAR, None);
    assert_eq!(st, 200);
    assert!(json(&b)["trace"].as_array().is_some_and(|t| !t.is_empty()));
    let (st, soort, b) = vraag(&s, "POST", "/v1/beoordeel?format=html", PAAR, None);
    assert_eq!((st, soort.as_str()), (200, "text/html; charset=utf-8"));
    assert!(b.starts_with("<!DOCTYPE html>") && b.contains("Besluit"));
    let (st, soort, b) = vraag(&s, "POST", "/v1/beoordeel?format=markdown", PAAR, None);
    assert_eq!((st, soort.as_str()), (200, "text/markdown; charset=utf-8"));
    assert!(b.contains("[naam gemeente]") && b.contains("€ "), "{b}");
    let (st, _, b) = vraag(&s, "POST", "/v1/beoordeel?format=pdf", PAAR, None);
    assert_eq!(st, 422);
    assert_eq!(json(&b)["code"], "avp::serve::formaat");
}

/// Every error class answers a problem (RFC 9457) with the CLI's message, field and hint.
#[test]
fn foutklassen_als_problem_json() {
    let s = staat();
    // not JSON
    let (st, soort, b) = vraag(&s, "POST", "/v1/beoordeel", "{\"jaar\": 2025,", None);
    assert_eq!((st, soort.as_str()), (400, "application/problem+json"));
    let p = json(&b);
    assert_eq!(p["status"], 400);
    assert_eq!(p["code"], "avp::record::json");
    assert_eq!(p["hulp"], "vul de waarde aan of verwijder de laatste komma");
    // a value that is not valid: the field path as the CLI gives it
    let fout = PAAR.replacen("\"1968-04-12\"", "\"1968-13-12\"", 1);
    let (st, _, b) = vraag(&s, "POST", "/v1/beoordeel", &fout, None);
    let p = json(&b);
    assert_eq!(st, 422, "{b}");
    assert!(
        p["veld"]
            .as_str()
            .is_some_and(|v| v.contains("geboortedatum")),
        "{b}"
    );
    // a year without a pack
    let (st, _, b) = vraag(
        &s,
        "POST",
        "/v1/beoordeel",
        &PAAR.replace("\"jaar\": 2025", "\"jaar\": 2031"),
        None,
    );
    assert_eq!(st, 422, "{b}");
    assert!(
        json(&b)["detail"]
            .as_str()
            .is_some_and(|d| d.contains("2031")),
        "{b}"
    );
    // unknown beleidsregels, and a path instead of a name
    let (st, _, b) = vraag(
        &s,
        "POST",
        "/v1/beoordeel?beleidsregels=nergenshuizen",
        PAAR,
        None,
    );
    assert_eq!(
        (st, json(&b)["code"].as_str()),
        (422, Some("avp::beleid::onbekend"))
    );
    let (st, _, b) = vraag(
        &s,
        "POST",
        "/v1/beoordeel?beleidsregels=..%2F..%2Fetc",
        PAAR,
        None,
    );
    assert_eq!(
        (st, json(&b)["code"].as_str()),
        (422, Some("avp::beleid::onbekend"))
    );
    // an unknown path, an unknown year's parameters
    let (st, _, b) = vraag(&s, "GET", "/v2/iets", "", None);
    assert_eq!(
        (st, json(&b)["code"].as_str()),
        (404, Some("avp::serve::onbekend_pad"))
    );
    let (st, _, b) = vraag(&s, "GET", "/v1/jaren/2031/parameters", "", None);
    assert_eq!(
        (st, json(&b)["code"].as_str()),
        (404, Some("avp::jaar::onbekend"))
    );
}

/// A BSN in a message or a field is masked as `avp batch` masks it.
#[test]
fn geen_bsn_in_een_probleem() {
    let s = staat();
    let record = PAAR.replacen(
        "\"geboortedatum\"",
        "\"bsn\": \"111222334\", \"geboortedatum\"",
        1,
    );
    let (st, _, b) = vraag(&s, "POST", "/v1/beoordeel", &record, None);
    assert_eq!(st, 422, "{b}");
    assert!(!b.contains("111222334") && !b.contains("11122233"), "{b}");
    let (_, _, b) = vraag(
        &s,
        "POST",
        "/v1/beoordeel",
        "{\"jaar\": 2025, \"bsn\": 123456782}",
        None,
    );
    assert!(!b.contains("123456782") && !b.contains("12345678"), "{b}");
}

#[test]
fn te_groot_verzoek_413() {
    let l = Limieten {
        max_body: 2000,
        ..limieten()
    };
    let s = staat_met(rules(), None, l);
    let groot = format!("{}{}", PAAR, " ".repeat(3000));
    let (st, soort, b) = vraag(&s, "POST", "/v1/beoordeel", &groot, None);
    assert_eq!((st, soort.as_str()), (413, "application/problem+json"));
    assert_eq!(json(&b)["code"], "avp::serve::te_groot");
}

#[test]
fn token_ontbreekt_of_klopt_niet() {
    let token = "een-lang-geheim-token-van-de-test";
    let s = staat_met(rules(), Some(token), limieten());
    let (st, _, b) = vraag(&s, "GET", "/v1/gezond", "", None);
    assert_eq!(
        (st, json(&b)["detail"].as_str()),
        (401, Some("dit verzoek heeft geen token"))
    );
    let (st, _, b) = vraag(&s, "GET", "/v1/gezond", "", Some("fout-token-fout-token"));
    assert_eq!(
        (st, json(&b)["detail"].as_str()),
        (401, Some("het token klopt niet"))
    );
    let (st, _, _) = vraag(&s, "GET", "/v1/gezond", "", Some(token));
    assert_eq!(st, 200);
    // the page and the documents need none (the page asks for it)
    assert_eq!(vraag(&s, "GET", "/", "", None).0, 200);
    assert_eq!(vraag(&s, "GET", "/openapi.json", "", None).0, 200);
    // beyond this machine only with a token
    let adres: std::net::SocketAddr = "0.0.0.0:8080".parse().expect("adres");
    assert!(avp_cli::serve::lees_token(None, adres).is_err());
}

#[test]
fn jaren_parameters_beleidsregels_gezond() {
    let s = staat();
    let (st, _, b) = vraag(&s, "GET", "/v1/jaren", "", None);
    assert_eq!(st, 200);
    let jaren: Vec<i64> = json(&b)
        .as_array()
        .expect("lijst")
        .iter()
        .filter_map(|j| j["jaar"].as_i64())
        .collect();
    assert_eq!(jaren, [2023, 2024, 2025, 2026, 2027]);
    let (st, _, b) = vraag(&s, "GET", "/v1/jaren/2025/parameters", "", None);
    assert_eq!(st, 200);
    let p = json(&b);
    let bedrag = p
        .as_array()
        .expect("lijst")
        .iter()
        .find(|x| x["naam"] == "tegemoetkoming::bedrag")
        .expect("tegemoetkoming");
    assert_eq!(bedrag["waarde"], "1000.00");
    assert!(p
        .as_array()
        .expect("lijst")
        .iter()
        .all(|x| x["bron"].as_str().is_some_and(|b| !b.is_empty())));
    let (st, _, b) = vraag(&s, "GET", "/v1/beleidsregels", "", None);
    assert_eq!(st, 200);
    let namen: Vec<String> = json(&b)
        .as_array()
        .expect("lijst")
        .iter()
        .filter_map(|x| x["naam"].as_str().map(String::from))
        .collect();
    assert!(
        namen.contains(&"vng-model".to_string()) && namen.contains(&"voorbeeldstad".to_string()),
        "{namen:?}"
    );
    let (st, _, b) = vraag(&s, "GET", "/v1/beleidsregels/voorbeeldstad", "", None);
    assert_eq!(st, 200);
    assert_eq!(json(&b)["naam"], "voorbeeldstad");
    let (st, _, b) = vraag(&s, "GET", "/v1/gezond", "", None);
    assert_eq!(st, 200);
    assert_eq!(json(&b)["jaren"].as_array().map(Vec::len), Some(5));
}

/// JSONL in, JSONL out in input order, a bad line answered with the error of `avp batch`.
#[test]
fn batch_met_een_foute_regel() {
    let s = staat();
    let regel = serde_json::to_string(&json(PAAR)).expect("regel");
    let invoer = format!("{regel}\n{{\"jaar\": 2025}}\n{regel}\n");
    let (st, soort, b) = vraag(&s, "POST", "/v1/batch", &invoer, None);
    assert_eq!((st, soort.as_str()), (200, "application/x-ndjson"));
    let regels: Vec<serde_json::Value> = b.lines().map(json).collect();
    assert_eq!(regels.len(), 3, "{b}");
    let besluiten = regels.iter().filter(|r| r.get("route").is_some()).count();
    let fouten: Vec<_> = regels.iter().filter(|r| r.get("code").is_some()).collect();
    assert_eq!((besluiten, fouten.len()), (2, 1), "{b}");
    assert_eq!(fouten[0]["regel"], 2);
}

/// A rules tree that does not load is refused and the old one stays in service.
#[test]
fn herladen_weigert_kapotte_regels() {
    let dir = std::env::temp_dir().join(format!("avp-serve-herladen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    avp_tests::kopieer_regels(&dir);
    let s = staat_met(dir.clone(), None, limieten());
    let voor = json(&vraag(&s, "GET", "/v1/gezond", "", None).2)["regels_hash"].clone();
    let (st, _, _) = vraag(&s, "POST", "/v1/herladen", "", None);
    assert_eq!(st, 200);
    let kapot: &Path = &dir.join("nl/2025/tegemoetkoming.rhai");
    std::fs::write(kapot, "fn tegemoetkoming(hh) { hh.bestaat_niet }").expect("schrijven");
    let (st, _, b) = vraag(&s, "POST", "/v1/herladen", "", None);
    assert_eq!(st, 422, "{b}");
    assert!(
        json(&b)["veld"]
            .as_str()
            .is_some_and(|v| v.contains("tegemoetkoming.rhai")),
        "{b}"
    );
    let na = json(&vraag(&s, "GET", "/v1/gezond", "", None).2)["regels_hash"].clone();
    assert_eq!(voor, na, "de oude regels blijven in gebruik");
    assert_eq!(vraag(&s, "POST", "/v1/beoordeel", PAAR, None).0, 200);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The OpenAPI document is OpenAPI 3.1 and names every endpoint the router has.
#[test]
fn openapi_document() {
    let s = staat();
    let (st, soort, b) = vraag(&s, "GET", "/openapi.json", "", None);
    assert_eq!((st, soort.as_str()), (200, "application/json"));
    let d = json(&b);
    assert!(d["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    for pad in [
        "/v1/beoordeel",
        "/v1/batch",
        "/v1/jaren",
        "/v1/jaren/{jaar}/parameters",
        "/v1/beleidsregels",
        "/v1/beleidsregels/{naam}",
        "/v1/gezond",
        "/v1/herladen",
    ] {
        assert!(d["paths"].get(pad).is_some(), "{pad} ontbreekt");
    }
    assert!(d.pointer("/components/schemas/Huishouden").is_some());
    assert!(d.pointer("/components/schemas/Beslissing").is_some());
    let (st, _, b) = vraag(&s, "GET", "/api", "", None);
    assert_eq!(st, 200);
    assert!(b.contains("/v1/beoordeel"));
    let (st, soort, b) = vraag(&s, "GET", "/", "", None);
    assert_eq!((st, soort.as_str()), (200, "text/html; charset=utf-8"));
    assert!(b.contains("<html lang=\"nl\">") && b.contains("/rekenhulp.js"));
    let (st, soort, b) = vraag(&s, "GET", "/rekenhulp.js", "", None);
    assert_eq!(
        (st, soort.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    assert!(b.contains("/v1/beoordeel"));
    let (st, soort, _) = vraag(&s, "GET", "/rekenhulp.css", "", None);
    assert_eq!((st, soort.as_str()), (200, "text/css; charset=utf-8"));
}

/// One request to `router` with extra headers: status, the response's headers, body.
fn vraag_router(
    router: axum::Router,
    methode: &str,
    pad: &str,
    koppen: &[(&str, &str)],
    body: &str,
) -> (u16, axum::http::HeaderMap, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut r = Request::builder().method(methode).uri(pad);
        for (k, v) in koppen {
            r = r.header(*k, *v);
        }
        let a = router
            .oneshot(r.body(Body::from(body.to_string())).expect("verzoek"))
            .await
            .expect("antwoord");
        let (status, koppen) = (a.status().as_u16(), a.headers().clone());
        let bytes = axum::body::to_bytes(a.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, koppen, String::from_utf8_lossy(&bytes).into_owned())
    })
}

/// No CORS headers unless configured; with `--cors` only for that origin.
#[test]
fn cors_alleen_als_ingesteld() {
    let s = staat();
    let herkomst = [("origin", "https://zaak.gemeente.nl")];
    let (_, koppen, _) = vraag_router(
        avp_cli::serve::app(s.clone()),
        "GET",
        "/v1/gezond",
        &herkomst,
        "",
    );
    assert!(koppen.get("access-control-allow-origin").is_none());
    let cors = avp_cli::serve::cors(&["https://zaak.gemeente.nl".into()])
        .expect("cors")
        .expect("laag");
    let router = avp_cli::serve::app(s.clone()).layer(cors.clone());
    let (st, koppen, _) = vraag_router(router, "GET", "/v1/gezond", &herkomst, "");
    assert_eq!(st, 200);
    assert_eq!(
        koppen
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap_or_default()),
        Some("https://zaak.gemeente.nl")
    );
    let router = avp_cli::serve::app(s).layer(cors);
    let (_, koppen, _) = vraag_router(
        router,
        "GET",
        "/v1/gezond",
        &[("origin", "https://kwaad.example")],
        "",
    );
    assert!(koppen.get("access-control-allow-origin").is_none());
    assert!(avp_cli::serve::cors(&["*".into()]).is_err());
    assert!(avp_cli::serve::cors(&["https://a.nl/pad/".into()]).is_err());
}

/// A request over the time limit gets 503 as a problem: every turn for an evaluation is taken
/// (the bound on concurrent evaluations), so the request waits until its time is up.
#[test]
fn tijdslimiet_503() {
    let l = Limieten {
        tijdslimiet: Duration::from_millis(200),
        gelijktijdig: 1,
        ..limieten()
    };
    let s = staat_met(rules(), None, l);
    let bezet = s
        .beurten
        .clone()
        .try_acquire_owned()
        .expect("de enige beurt");
    let begin = std::time::Instant::now();
    let (st, soort, b) = vraag(&s, "POST", "/v1/beoordeel", PAAR, None);
    assert_eq!(
        (st, soort.as_str()),
        (503, "application/problem+json"),
        "{b}"
    );
    assert_eq!(json(&b)["code"], "avp::serve::tijdslimiet");
    assert!(begin.elapsed() >= Duration::from_millis(200));
    drop(bezet);
    assert_eq!(vraag(&s, "POST", "/v1/beoordeel", PAAR, None).0, 200);
}
