//! Issue 19 items 1 and 2: a variant of the rules on the same year and households (`avp diff
//! --jaar J --zet NAAM=WAARDE`, `--variant DIR`), and two years compared without ageing (every
//! date moves with the year; `--echte-datums` keeps them).

use std::path::{Path, PathBuf};

fn json(args: &[&str]) -> serde_json::Value {
    json_met(args, 0)
}

/// The JSON report of a run that ends with exit code `verwacht` (2: some records failed).
fn json_met(args: &[&str], verwacht: u8) -> serde_json::Value {
    let (code, out, err) = avp_tests::avp(args);
    assert_eq!(code, verwacht, "avp {}: {err}", args.join(" "));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn rules() -> String {
    avp_tests::root().join("rules").display().to_string()
}

/// `n` generated households of `jaar` (seed `seed`) in a file of this test; lines for which
/// `weg` holds are left out.
fn populatie(naam: &str, n: u32, jaar: i32, seed: u32, weg: &dyn Fn(&str) -> bool) -> PathBuf {
    let (code, out, err) = avp_tests::avp(&[
        "generate",
        "--count",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--year",
        &jaar.to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let dir = std::env::temp_dir().join(format!("avp-variant-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let pad = dir.join(naam);
    let regels: Vec<&str> = out.lines().filter(|l| !weg(l)).collect();
    std::fs::write(&pad, regels.join("\n") + "\n").expect("schrijven");
    pad
}

fn getal(v: &serde_json::Value) -> rust_decimal::Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("geen bedrag: {v}"))
}

/// A tegemoetkoming of 1,200 instead of 1,000 (art. 15ba Regeling PW, IOAW en IOAZ): every
/// household that gets the tegemoetkoming gets 200 more, the eindheffing rises with it, and
/// nothing else changes: not the doelgroep, not who is granted, not a single tekort.
#[test]
fn zet_tegemoetkoming_1200_verandert_alleen_de_kosten() {
    let p = populatie("p2025.jsonl", 3000, 2025, 4, &|_| false);
    let p = p.to_str().expect("pad");
    let r = rules();
    let v = json(&[
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
        "json",
    ]);
    assert_eq!(v["variant"], true);
    assert_eq!(v["fouten"], 0);
    let (a, b) = (&v["a"], &v["b"]);
    assert_eq!(a["doelgroep"], b["doelgroep"]);
    assert_eq!(a["toegekend"], b["toegekend"]);
    for k in [
        "doelgroep_erbij",
        "doelgroep_eraf",
        "toegekend_erbij",
        "toegekend_eraf",
    ] {
        assert_eq!(v[k], 0, "{k}");
    }
    assert_eq!(
        (v["tekort"]["hoger"].as_u64(), v["tekort"]["lager"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        getal(&b["bijzondere_bijstand"]),
        getal(&a["bijzondere_bijstand"])
    );
    let met = getal(&a["tegemoetkoming"]) / rust_decimal::Decimal::from(1000);
    assert!(
        met > rust_decimal::Decimal::from(10),
        "te weinig toekenningen om iets te toetsen: {met}"
    );
    assert_eq!(
        getal(&b["tegemoetkoming"]) - getal(&a["tegemoetkoming"]),
        met * rust_decimal::Decimal::from(200)
    );
    assert_eq!(
        v["bedrag"]["hoger"]
            .as_u64()
            .map(rust_decimal::Decimal::from),
        Some(met)
    );
    assert_eq!(v["bedrag"]["lager"], 0);
    assert!(getal(&b["eindheffing"]) > getal(&a["eindheffing"]));
    // the report says what differs in the rules: this one parameter
    let gewijzigd = v["regels"]["gewijzigd"].as_array().expect("gewijzigd");
    assert_eq!(gewijzigd.len(), 1);
    assert_eq!(gewijzigd[0]["naam"], "tegemoetkoming::bedrag");
    assert!(v["regels"]["regels"].as_array().is_some_and(Vec::is_empty));

    // the same variant as a rules directory gives the same outcome
    let dir = std::env::temp_dir().join(format!("avp-variant-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    avp_tests::kopieer_regels(&dir);
    let bestand = dir.join("nl/2025/tegemoetkoming.toml");
    let tekst = std::fs::read_to_string(&bestand).expect("tegemoetkoming.toml");
    assert!(
        tekst.contains("waarde = 1000.00"),
        "het bedrag staat anders in het bestand"
    );
    std::fs::write(
        &bestand,
        tekst.replacen("waarde = 1000.00", "waarde = 1200.00", 1),
    )
    .expect("schrijven");
    let w = json(&[
        "diff",
        "--jaar",
        "2025",
        "--variant",
        dir.to_str().expect("pad"),
        "--population",
        p,
        "--rules",
        &r,
        "--format",
        "json",
    ]);
    assert_eq!(w["b"], v["b"]);
    assert_eq!(w["bedrag"], v["bedrag"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn zet_fouten_zijn_invoerfouten() {
    let r = rules();
    let gevallen = [
        (
            "tegemoetkoming::bedrg=1200",
            "bedoelt u `tegemoetkoming::bedrag`",
        ),
        (
            "tegemoetkoming::bedrag=duizend",
            "`duizend` is geen waarde zoals een parameterbestand die schrijft",
        ),
        (
            "tegemoetkoming::bedrag=1200,50",
            "een getal schrijft u met een punt als decimaalteken: 1200.50",
        ),
        ("tegemoetkoming::bedrag=-5", "tegemoetkoming"),
        (
            "tegemoetkoming::bedrag=1200 # x",
            "`1200 # x` is geen waarde zoals een parameterbestand die schrijft",
        ),
        (
            "tegemoetkoming::bedrag=[1, 2]",
            "is in het pakket een getal, de waarde `[1, 2]` is dat niet",
        ),
        ("bedrag", "NAAM=WAARDE"),
    ];
    for (zet, verwacht) in gevallen {
        let (code, _, err) =
            avp_tests::avp(&["diff", "--jaar", "2025", "--zet", zet, "--rules", &r]);
        assert_eq!(code, 2, "--zet {zet}: {err}");
        assert!(err.contains(verwacht), "--zet {zet}: {err}");
    }
    let (code, _, err) = avp_tests::avp(&["diff", "--jaar", "2025", "--rules", &r]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = avp_tests::avp(&[
        "diff",
        "2025",
        "2026",
        "--zet",
        "tegemoetkoming::bedrag=1",
        "--rules",
        &r,
    ]);
    assert_eq!(code, 2, "{err}");
    // without a population: the rules diff of the variant
    let (code, out, err) = avp_tests::avp(&[
        "diff",
        "--jaar",
        "2025",
        "--zet",
        "tegemoetkoming::bedrag=1200",
        "--rules",
        &r,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("tegemoetkoming::bedrag") && out.contains("--zet tegemoetkoming::bedrag=1200"),
        "{out}"
    );
}

/// A rules tree whose 2027 is 2026 unchanged (`extends`, every namespace taken over).
fn zelfde_regels_2027(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    avp_tests::kopieer_regels(dir);
    let map = dir.join("nl/2027");
    std::fs::remove_dir_all(&map).expect("2027 weg");
    std::fs::create_dir_all(&map).expect("map");
    let mut ns: Vec<&str> = avp_tests::NAMESPACES_2025.to_vec();
    ns.push("tegemoetkoming");
    std::fs::write(
        map.join("pack.toml"),
        avp_tests::fixture_pack_toml(2027, "tijdelijke_regeling", 2026, &ns),
    )
    .expect("pack.toml");
    // The eindheffing rate is a table per payment year, and a household moved to 2027 is paid
    // in 2027: identical rules in the sense of the comparison give 2027 the rate 2026 has
    // (otherwise every grant of 2027 is an error: the rate is not yet published).
    std::fs::write(
        map.join("tegemoetkoming.toml"),
        "[eindheffing_percentage_per_betaaljaar]\nj2027 = { waarde = 0.5564, eenheid = \"fractie\", bron = \"testfixture: het tarief voor betalingen in 2026, een jaar later\" }\n",
    )
    .expect("tegemoetkoming.toml");
}

/// Identical rules in 2026 and 2027: with the dates moved nothing changes, also for those born
/// in 1945 or 1962 (the birth-date boundaries of the law, 1946 and 1963, move with them). With
/// `--echte-datums` everyone is a year older and outcomes change.
#[test]
fn zelfde_regels_zonder_vergrijzing_geen_verandering() {
    let dir = std::env::temp_dir().join(format!("avp-zelfde-{}", std::process::id()));
    zelfde_regels_2027(&dir);
    let p = populatie("p2026.jsonl", 2000, 2026, 2, &|_| false);
    let (p, r) = (p.to_str().expect("pad"), dir.to_str().expect("pad"));
    let v = json_met(
        &[
            "diff",
            "2026",
            "2027",
            "--population",
            p,
            "--rules",
            r,
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(v["datums_verschoven"], true);
    // every household compared, the granted ones (paid in 2027) too
    assert_eq!(v["vergeleken"], v["records"]);
    assert_eq!(v["fouten"], 0);
    assert!(
        v["a"]["toegekend"].as_u64().is_some_and(|n| n > 0),
        "{}",
        v["a"]
    );
    for k in [
        "doelgroep",
        "toegekend",
        "tegemoetkoming",
        "eindheffing",
        "bijzondere_bijstand",
        "kosten",
    ] {
        assert_eq!(v["a"][k], v["b"][k], "{k}");
    }
    assert_eq!(v["kosten_verschil"], "0.00");
    for k in [
        "doelgroep_erbij",
        "doelgroep_eraf",
        "toegekend_erbij",
        "toegekend_eraf",
    ] {
        assert_eq!(v[k], 0, "{k}");
    }
    for m in ["tekort", "bedrag"] {
        assert_eq!(
            (v[m]["hoger"].as_u64(), v[m]["lager"].as_u64()),
            (Some(0), Some(0)),
            "{m}: {}",
            v["grootste"]
        );
    }
    let echt = json_met(
        &[
            "diff",
            "2026",
            "2027",
            "--population",
            p,
            "--rules",
            r,
            "--format",
            "json",
            "--errors",
            "/dev/null",
            "--echte-datums",
        ],
        0,
    );
    assert_eq!(echt["datums_verschoven"], false);
    let veranderd = echt["tekort"]["hoger"].as_u64().unwrap_or(0)
        + echt["tekort"]["lager"].as_u64().unwrap_or(0);
    assert!(veranderd > 0, "met echte datums is iedereen een jaar ouder");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The birth-date boundaries of the law move with the households: a partner born 21 September
/// 1962 is, moved to 2027, born in 1963, and the boundary of the AHK payout (born before 1963,
/// art. 8.9 Wet IB 2001) moves to 1964, so the household keeps the payout and nothing changes
/// under identical rules.
#[test]
fn een_geboortedatumgrens_in_de_wet_schuift_mee() {
    let dir = std::env::temp_dir().join(format!("avp-cohort-{}", std::process::id()));
    zelfde_regels_2027(&dir);
    let p = populatie("cohort.jsonl", 1, 2026, 1, &|_| false);
    let record = r#"{"jaar":2026,"fiscaal_partner":true,"toeslagpartner":true,"vermogen":500000,"personen":[{"geboortedatum":"1963-04-22","inkomsten":[{"soort":"ww","bruto_per_jaar":30000}]},{"geboortedatum":"1962-09-21","inkomsten":[]}]}"#;
    std::fs::write(&p, format!("{record}\n")).expect("schrijven");
    let v = json(&[
        "diff",
        "2026",
        "2027",
        "--population",
        p.to_str().expect("pad"),
        "--rules",
        dir.to_str().expect("pad"),
        "--format",
        "json",
    ]);
    assert_eq!(v["vergeleken"], 1, "{v}");
    assert_eq!(v["tekort"]["hoger"], 0, "{v}");
    assert_eq!(v["tekort"]["lager"], 0, "{v}");
    assert_eq!(v["tekort"]["gelijk"], 1, "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The per-household export and the breakdowns add up to the report: one row per compared
/// household, the rows' changes sum to the report's, every household in one decile and in one
/// of "met/zonder kinderen".
#[test]
fn per_huishouden_en_uitsplitsing_tellen_op() {
    let p = populatie("p-export.jsonl", 1500, 2025, 6, &|_| false);
    let csv = p.with_extension("csv");
    let r = rules();
    let v = json(&[
        "diff",
        "--jaar",
        "2025",
        "--zet",
        "tegemoetkoming::bedrag=1200",
        "--population",
        p.to_str().expect("pad"),
        "--rules",
        &r,
        "--format",
        "json",
        "--per-huishouden",
        csv.to_str().expect("pad"),
    ]);
    let tekst = std::fs::read_to_string(&csv).expect("export");
    let mut regels = tekst.lines();
    let kop: Vec<&str> = regels.next().expect("kop").split(',').collect();
    assert_eq!(&kop[..3], ["regel", "kenmerk", "bsn"]);
    let kolom = kop
        .iter()
        .position(|k| *k == "verschil_bedrag")
        .expect("kolom");
    let rijen: Vec<Vec<&str>> = regels.map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rijen.len() as u64,
        v["vergeleken"].as_u64().expect("aantal")
    );
    let som: rust_decimal::Decimal = rijen
        .iter()
        .map(|r| r[kolom].parse::<rust_decimal::Decimal>().expect("bedrag"))
        .sum();
    assert_eq!(som, getal(&v["bedrag"]["som"]));
    assert!(
        rijen
            .iter()
            .all(|r| r[2].is_empty() || r[2].starts_with('…')),
        "een BSN ongemaskeerd in de export"
    );
    let u = &v["uitsplitsing"];
    let tel = |lijst: &serde_json::Value, filter: &dyn Fn(&str) -> bool| -> u64 {
        lijst
            .as_array()
            .expect("groepen")
            .iter()
            .filter(|g| filter(g["groep"].as_str().unwrap_or_default()))
            .filter_map(|g| g["huishoudens"].as_u64())
            .sum()
    };
    assert_eq!(u["per_inkomensdeciel"].as_array().map(Vec::len), Some(10));
    assert_eq!(tel(&u["per_inkomensdeciel"], &|_| true), 1500);
    assert_eq!(tel(&u["per_soort"], &|g| g.ends_with("kinderen")), 1500);
    let deciel_som: rust_decimal::Decimal = u["per_inkomensdeciel"]
        .as_array()
        .expect("groepen")
        .iter()
        .map(|g| getal(&g["verschil_bedrag"]))
        .sum();
    assert_eq!(deciel_som, getal(&v["bedrag"]["som"]));
}

/// The report of a variant as a policy officer reads it (snapshot): the sides, the totals, the
/// breakdowns, what differs in the rules.
#[test]
fn variant_rapport_als_tekst() {
    let p = populatie("p-tekst.jsonl", 400, 2025, 9, &|_| false);
    let r = rules();
    let (code, out, err) = avp_tests::diff_bedrag_1200(&p, &["--rules", &r]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("variant_rapport", out);
}
