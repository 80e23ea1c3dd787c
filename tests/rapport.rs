//! Issue 19 item 4: the HTML reports are one self-contained file (no script, no link to
//! anything outside it), with their charts as SVG that a screen reader can name, and every text
//! escaped.

fn uitvoer(args: &[&str]) -> String {
    let (code, out, err) = avp_tests::avp(args);
    assert_eq!(code, 0, "avp {}: {err}", args.join(" "));
    out
}

fn zelfstandig(html: &str, grafieken: usize) {
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"nl\">"));
    assert_eq!(html.matches("<svg ").count(), grafieken);
    assert_eq!(
        html.matches("<svg role=\"img\" aria-label=\"").count(),
        grafieken
    );
    for verboden in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(verboden), "{verboden}");
    }
    // the only address is the SVG namespace
    let adressen = html.matches("http").count();
    assert_eq!(adressen, html.matches("http://www.w3.org/2000/svg").count());
}

#[test]
fn populatie_en_budget_als_html() {
    let r = avp_tests::root().join("rules").display().to_string();
    let (code, gen, err) = avp_tests::avp(&[
        "generate", "--count", "300", "--seed", "8", "--year", "2025",
    ]);
    assert_eq!(code, 0, "{err}");
    let pad = std::env::temp_dir().join(format!("avp-rapport-{}.jsonl", std::process::id()));
    std::fs::write(&pad, gen).expect("schrijven");
    let p = pad.to_str().expect("pad");
    let html = uitvoer(&[
        "diff",
        "--jaar",
        "2025",
        "--zet",
        "tegemoetkoming::bedrag=1200",
        "--population",
        p,
        "--rules",
        &r,
        "--format",
        "html",
    ]);
    zelfstandig(&html, 4);
    assert!(html.contains("Winnaars en verliezers per inkomensdeciel"));
    // the full text report is in it, escaped (the arrow and the minus are text, `<` is not raw)
    let tekst = uitvoer(&[
        "diff",
        "--jaar",
        "2025",
        "--zet",
        "tegemoetkoming::bedrag=1200",
        "--population",
        p,
        "--rules",
        &r,
    ]);
    let eerste = tekst.lines().next().expect("regel");
    assert!(html.contains(eerste), "{eerste}");
    let budget = uitvoer(&[
        "budget",
        "--jaar",
        "2025",
        "--lijst-aantal",
        "100",
        "--rules",
        &r,
        "--format",
        "html",
    ]);
    zelfstandig(&budget, 1);
    // without a population there is no HTML report
    let (code, _, err) =
        avp_tests::avp(&["diff", "2025", "2026", "--rules", &r, "--format", "html"]);
    assert_eq!(code, 2, "{err}");
}
