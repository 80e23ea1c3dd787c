//! The population comparison (`avp diff A B --populatie`), the generator and the budget: end to
//! end through the CLI.

use avp_tests::{
    avp_in as cli, populatie_met_fouten, regels_map as rules, regels_met_jaar, BEDRAG_2026,
    CSV_VOORBEELD as CSV,
};
use serde_json::Value;

#[test]
fn diff_toont_ook_de_grootste_dalingen() {
    let mut gen = Vec::new();
    avp_cli::werkbank::generate::schrijf_jsonl(&mut gen, 3000, 5, 2025).expect("genereer");
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    std::fs::write(&invoer, &gen).expect("schrijf");
    let (code, out, err) = cli(
        &[
            "diff",
            "2025",
            "2026",
            "--population",
            invoer.to_str().unwrap_or_default(),
            "--format",
            "json",
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let centen = |x: &Value| -> i64 {
        let t = x.as_str().unwrap_or("0").replace('.', "");
        t.parse().unwrap_or(0)
    };
    let dalingen = v["grootste_dalingen"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let lager = v["bedrag"]["lager"].as_u64().unwrap_or(0);
    assert!(lager > 0, "deze populatie heeft dalers");
    // every fall in bedrag is a candidate (and so are equal bedragen with a higher tekort)
    assert!(dalingen.len() as u64 >= lager.min(10) && dalingen.len() <= 10);
    let sleutels: Vec<(i64, i64)> = dalingen
        .iter()
        .map(|d| {
            let dt = centen(&d["tekort_b"]) - centen(&d["tekort_a"]);
            (-centen(&d["verschil"]), dt)
        })
        .collect();
    for (k, d) in sleutels.iter().zip(&dalingen) {
        assert!(k.0 > 0 || (k.0 == 0 && k.1 > 0), "geen daling: {d}");
    }
    let mut gesorteerd = sleutels.clone();
    gesorteerd.sort_by(|a, b| b.cmp(a));
    assert_eq!(sleutels, gesorteerd, "grootste daling eerst");
    // the overall list ranks by the size of the change
    let grootste: Vec<i64> = v["grootste"]
        .as_array()
        .map(|a| a.iter().map(|d| centen(&d["verschil"]).abs()).collect())
        .unwrap_or_default();
    assert!(grootste.windows(2).all(|w| w[0] >= w[1]), "{grootste:?}");
    // and the text report shows both tables
    let (_, tekst, _) = cli(
        &[
            "diff",
            "2025",
            "2026",
            "--population",
            invoer.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert!(tekst.contains("Grootste veranderingen:"), "{tekst}");
    assert!(tekst.contains("Grootste dalingen"), "{tekst}");
}

#[test]
fn diff_leest_csv_met_invoer_formaat() {
    let tmp = tempfile::tempdir().expect("tmp");
    // CSV under a name without .csv (as from stdin): --invoer-formaat csv
    let invoer = tmp.path().join("populatie.txt");
    std::fs::write(&invoer, CSV).expect("schrijf");
    let p = invoer.to_str().unwrap_or_default();
    let r = rules();
    let zonder = ["diff", "2025", "2026", "--population", p, "--rules", &r];
    let (code, out, _) = cli(&zonder, None);
    assert_eq!(code, 2, "als JSONL gelezen: elke regel fout");
    assert!(out.contains("0 vergeleken"), "{out}");
    let mut met = zonder.to_vec();
    met.extend(["--invoer-formaat", "csv"]);
    let (code, out, err) = cli(&met, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Populatie: 3 vergeleken van 3 records"),
        "{out}"
    );
}

#[test]
fn generate_via_cli_zelfde_zaad_zelfde_bytes() {
    let a = cli(
        &["generate", "--count", "50", "--seed", "9", "--year", "2025"],
        None,
    );
    let b = cli(
        &["generate", "--count", "50", "--seed", "9", "--year", "2025"],
        None,
    );
    let c = cli(
        &[
            "generate", "--count", "50", "--seed", "10", "--year", "2025",
        ],
        None,
    );
    assert_eq!(a.0, 0);
    assert_eq!(a, b);
    assert_ne!(a.1, c.1);
    assert_eq!(a.1.lines().count(), 50);
}

#[test]
fn diff_populatie_2025_2026() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rules = regels_met_jaar(tmp.path(), 2026, BEDRAG_2026);
    let invoer = tmp.path().join("populatie.jsonl");
    std::fs::write(&invoer, populatie_met_fouten()).expect("schrijf");
    let args = |formaat: &'static str| {
        vec![
            "diff".to_string(),
            "2025".into(),
            "2026".into(),
            "--population".into(),
            invoer.display().to_string(),
            "--rules".into(),
            rules.display().to_string(),
            "--format".into(),
            formaat.into(),
        ]
    };
    let a = args("json");
    let (code, out, _) = cli(
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(tmp.path()),
    );
    assert_eq!(code, 2, "kapotte regels");
    let v: Value = serde_json::from_str(&out).expect("json");
    // hand-checked: the WIA couple (lines 1 and 9) gets € 1.000 + € 558,10 in 2025 and, paid in
    // 2026 at the 2026 rate of the eindheffing (issue 6), € 1.100 + 1.100 × 55,64% = € 1.712,04
    // in 2026: +€ 153,94 each
    assert_eq!(v["vergeleken"], 3);
    assert_eq!(v["fouten"], 5);
    assert_eq!(v["a"]["kosten"], "3116.20");
    assert_eq!(v["b"]["kosten"], "3424.08");
    assert_eq!(v["kosten_verschil"], "307.88");
    assert_eq!(v["grootste"][0]["regel"], 1);
    assert_eq!(v["grootste"][0]["verschil"], "100.00");
    assert_eq!(v["grootste"][0]["bsn"], "…333");
    let t = args("text");
    let (code, out, err) = cli(
        &t.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(tmp.path()),
    );
    assert_eq!(code, 2);
    insta::assert_snapshot!("diff_populatie_tekst", out);
    insta::assert_snapshot!("diff_populatie_fouten", err);
}

#[test]
fn budget_2025() {
    let (code, out, err) = cli(
        &[
            "budget",
            "--jaar",
            "2025",
            "--lijst-aantal",
            "100",
            "--rules",
            &rules(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    // hand-checked: 1.70 × 100 × (1000.00 + 558.10) = 264877.00
    assert_eq!(v["per_huishouden"]["totaal"], "1558.10");
    assert_eq!(v["totaal_bekend"], "264877.00");
    let (code, out, _) = cli(
        &[
            "budget",
            "--jaar",
            "2025",
            "--lijst-aantal",
            "100",
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("budget_2025_tekst", out);
}

#[test]
fn budget_niet_voor_het_handelingsperspectief() {
    for jaar in ["2023", "2024"] {
        let (code, out, err) = cli(
            &[
                "budget",
                "--jaar",
                jaar,
                "--lijst-aantal",
                "120",
                "--rules",
                &rules(),
            ],
            None,
        );
        assert_eq!(code, 2, "{jaar}");
        assert!(out.is_empty());
        assert!(err.contains("handelingsperspectief"), "{err}");
    }
}

#[test]
fn budget_onbekend_jaar_raadt_niet() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rules = regels_met_jaar(
        tmp.path(),
        2027,
        "# art. 15ba\nbedrag = { nog_niet_vastgesteld = true, eenheid = \"euro_per_jaar\", bron = \"art. 78gg lid 7 PW: voor 2027 nog niet gepubliceerd\" }\n",
    );
    let (code, out, err) = cli(
        &[
            "budget",
            "--jaar",
            "2027",
            "--lijst-aantal",
            "10",
            "--rules",
            rules.to_str().unwrap_or_default(),
            "--format",
            "json",
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(v["per_huishouden"].is_null());
    assert_eq!(v["totaal_bekend"], "0.00");
    assert!(v["componenten"]
        .as_array()
        .is_some_and(|c| c.iter().all(|c| c["bedrag"].is_null())));
}
