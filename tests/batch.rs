//! Batch, Belastingdienst list, generator, population diff and budget: end to end through the
//! CLI (`avp_cli::run`) and through the engine API for the property tests.

use std::path::{Path, PathBuf};

use avp_cli::werkbank::batch::{self, Instellingen, InvoerFormaat, Lezer, UitvoerFormaat};
use avp_engine::{Opties, Regels};
use proptest::prelude::*;
use serde_json::Value;

/// The two example households on one line each.
fn voorbeeld(naam: &str) -> String {
    let t =
        std::fs::read_to_string(avp_tests::root().join("examples").join(naam)).expect("voorbeeld");
    let v: Value = serde_json::from_str(&t).expect("json");
    serde_json::to_string(&v).expect("json")
}

fn rules() -> String {
    avp_tests::root().join("rules").display().to_string()
}

/// Run the CLI; paths of `map` are shown as `<tmp>` so snapshots hold no absolute paths.
fn cli(args: &[&str], map: Option<&Path>) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec![std::ffi::OsString::from("avp")];
    argv.extend(args.iter().map(std::ffi::OsString::from));
    let code = avp_cli::run(argv, &mut out, &mut err);
    let schoon = |b: &[u8]| {
        let mut s = String::from_utf8_lossy(b).to_string();
        if let Some(m) = map {
            s = s.replace(&m.display().to_string(), "<tmp>");
        }
        s.replace(&avp_tests::root().display().to_string(), "<repo>")
    };
    (code, schoon(&out), schoon(&err))
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
}

fn lees(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

fn regels_json(t: &str) -> Vec<Value> {
    t.lines()
        .map(|l| serde_json::from_str(l).expect("json-regel"))
        .collect()
}

/// A population with broken lines: bad JSON, a BSN failing the elfproef, an unknown field, a BSN
/// as a number, invalid UTF-8 — and a blank line that is skipped.
fn populatie_met_fouten() -> Vec<u8> {
    let wia = voorbeeld("doelgroep-wia.json");
    let ww = voorbeeld("paar-ww.json");
    let mut v = Vec::new();
    for regel in [
        wia.clone(),                                // 1
        r#"{"jaar":2025,"personen":["#.to_string(), // 2
        ww.clone(),                                 // 3
        String::new(),                              // 4 blank
        wia.replace("111222333", "123456789"),      // 5
        ww.replace("\"vermogen\"", "\"vermogn\""),  // 6
        wia.replace("\"111222333\"", "111222334"),  // 7
    ] {
        v.extend_from_slice(regel.as_bytes());
        v.push(b'\n');
    }
    v.extend_from_slice(b"{\"jaar\":2025,\"gemeente\":\"\xff\xfe\"}\n"); // 8
    v.extend_from_slice(wia.as_bytes()); // 9, no final newline
    v
}

#[test]
fn kapotte_regels_naar_foutenbestand_de_rest_wordt_beoordeeld() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("populatie.jsonl");
    std::fs::write(&invoer, populatie_met_fouten()).expect("schrijf");
    let uit = tmp.path().join("uit.jsonl");
    let fouten = tmp.path().join("fouten.jsonl");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--out",
            uit.to_str().unwrap_or_default(),
            "--errors",
            fouten.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    let besl = regels_json(&lees(&uit));
    let nummers: Vec<u64> = besl.iter().filter_map(|b| b["regel"].as_u64()).collect();
    assert_eq!(nummers, vec![1, 3, 9]);
    // hand-checked: the WIA couple is in the doelgroep, € 1.000 + 55,81% eindheffing
    assert_eq!(besl[0]["tegemoetkoming"], "1000.00");
    assert_eq!(besl[0]["eindheffing"], "558.10");
    let fout_tekst = lees(&fouten);
    let gemeld: Vec<u64> = regels_json(&fout_tekst)
        .iter()
        .filter_map(|f| f["regel"].as_u64())
        .collect();
    let mut uniek = gemeld.clone();
    uniek.dedup();
    assert_eq!(uniek, vec![2, 5, 6, 7, 8]);
    for geheim in ["123456789", "111222334"] {
        assert!(
            !fout_tekst.contains(geheim),
            "BSN onversleuteld: {fout_tekst}"
        );
        assert!(!err.contains(geheim));
    }
    insta::assert_snapshot!("batch_foutenbestand", fout_tekst);
    insta::assert_snapshot!("batch_samenvatting", err);
    // no temporary file left behind
    let over: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("map")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".avp-"))
        .collect();
    assert!(over.is_empty(), "{over:?}");
}

#[test]
fn batch_beslissing_is_die_van_eval() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("twee.jsonl");
    std::fs::write(
        &invoer,
        format!(
            "{}\n{}\n",
            voorbeeld("doelgroep-wia.json"),
            voorbeeld("paar-ww.json")
        ),
    )
    .expect("schrijf");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let besl = regels_json(&out);
    for (i, naam) in ["doelgroep-wia.json", "paar-ww.json"].iter().enumerate() {
        let pad = avp_tests::root().join("examples").join(naam);
        let (c, e, _) = cli(
            &[
                "eval",
                pad.to_str().unwrap_or_default(),
                "--rules",
                &rules(),
            ],
            None,
        );
        assert_eq!(c, 0);
        let mut b = besl[i].clone();
        if let Some(m) = b.as_object_mut() {
            assert_eq!(m.remove("regel"), Some(Value::from(i as u64 + 1)));
        }
        let verwacht: Value = serde_json::from_str(&e).expect("eval json");
        assert_eq!(b, verwacht, "{naam}");
    }
}

#[test]
fn regelfout_gaat_naar_foutenbestand_exit_1() {
    let tmp = tempfile::tempdir().expect("tmp");
    // a 2027 pack whose tegemoetkoming is not yet published (independent of the real 2027
    // files, which will be filled in): the rules stop on it, a rule error
    let rules = regels_met_jaar(
        tmp.path(),
        2027,
        "# art. 15ba\nbedrag = { nog_niet_vastgesteld = true, eenheid = \"euro_per_jaar\", bron = \"art. 78gg lid 7 PW: voor 2027 nog niet gepubliceerd\" }\n",
    );
    let invoer = tmp.path().join("p.jsonl");
    let wia = voorbeeld("doelgroep-wia.json");
    // the doelgroep household of the example in 2027, so that the tegemoetkoming is asked for
    let mut v: Value = serde_json::from_str(&wia).expect("json");
    v["jaar"] = Value::from(2027);
    if let Some(o) = v.as_object_mut() {
        o.remove("aanvraagdatum");
    }
    std::fs::write(&invoer, format!("{wia}\n{v}\n")).expect("schrijf");
    let fouten = tmp.path().join("f.csv");
    let (code, out, _) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--errors",
            fouten.to_str().unwrap_or_default(),
            "--rules",
            rules.to_str().unwrap_or_default(),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1);
    // the hint names the rule file by its absolute path: shown as <tmp>
    let tekst = lees(&fouten).replace(&tmp.path().display().to_string(), "<tmp>");
    insta::assert_snapshot!("batch_regelfout_csv", tekst);
}

#[test]
fn jaar_buiten_de_regeling_is_een_invoerfout() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let wia = voorbeeld("doelgroep-wia.json");
    let jaar_2030 = wia.replace("\"jaar\":2025", "\"jaar\":2030");
    assert_ne!(wia, jaar_2030);
    std::fs::write(&invoer, format!("{wia}\n{jaar_2030}\n")).expect("schrijf");
    let fouten = tmp.path().join("f.jsonl");
    let (code, out, _) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--errors",
            fouten.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 2, "CONTRACT §1: jaar is 2023–2027");
    assert_eq!(out.lines().count(), 1);
    let f = lees(&fouten);
    assert!(
        f.contains("\"regel\":2") && f.contains("\"veld\":\"jaar\""),
        "{f}"
    );
    assert!(f.contains("\"soort\":\"invoer\""), "{f}");
    // and `avp generate` does not write records for such a year
    let (code, out, err) = cli(&["generate", "--count", "3", "--year", "2030"], None);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("2030"), "{err}");
}

#[test]
fn uitvoer_over_de_eigen_invoer_wordt_geweigerd() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let wia = voorbeeld("doelgroep-wia.json");
    std::fs::write(&invoer, format!("{wia}\n")).expect("schrijf");
    let p = invoer.to_str().unwrap_or_default();
    let ander = tmp.path().join("uit.jsonl");
    let a = ander.to_str().unwrap_or_default();
    // the input named differently (./ and ..) is still the input
    let omweg = tmp.path().join(".").join("p.jsonl");
    let r = rules();
    for args in [
        vec!["batch", p, "--out", omweg.to_str().unwrap_or_default()],
        vec!["batch", p, "--errors", p],
        vec!["batch", p, "--out", a, "--errors", a],
        vec!["diff", "2025", "2026", "--population", p, "--errors", p],
    ] {
        let mut args = args.clone();
        args.extend(["--rules", &r]);
        let (code, out, err) = cli(&args, Some(tmp.path()));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains("kies een ander bestand"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&invoer).unwrap_or_default(),
            format!("{wia}\n"),
            "de invoer is onaangeroerd"
        );
    }
    // /dev/null twice is fine
    let (code, _, err) = cli(
        &[
            "batch",
            p,
            "--out",
            "/dev/null",
            "--errors",
            "/dev/null",
            "--rules",
            &r,
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn json_fouten_in_het_nederlands() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let goed = r#"{"jaar":2025,"fiscaal_partner":false,"toeslagpartner":false,"personen":[{"geboortedatum":"1970-01-01"}]}"#;
    let dubbel = goed.replace("{\"jaar\":2025", "{\"jaar\":2025,\"jaar\":2026");
    // a struct can be read from an array of its fields; the contract wants an object
    let lijst = r#"[2025,null,null,false,false]"#;
    std::fs::write(&invoer, format!("{dubbel}\n{goed} x\n{lijst}\n{goed}\n")).expect("schrijf");
    let fouten = tmp.path().join("f.jsonl");
    let (code, out, _) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--errors",
            fouten.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert_eq!(out.lines().count(), 1, "alleen regel 4 is goed");
    let f = lees(&fouten);
    let regels: Vec<&str> = f.lines().collect();
    assert_eq!(regels.len(), 3, "{f}");
    assert!(regels[0].contains("veld `jaar` staat twee keer"), "{f}");
    assert!(
        regels[1].contains("na het huishouden staat nog tekst"),
        "{f}"
    );
    assert!(
        regels[2].contains("een huishouden is een JSON-object"),
        "{f}"
    );
    for w in ["duplicate", "trailing", "invalid", "expected"] {
        assert!(!f.contains(w), "Engels in {f}");
    }
}

#[test]
fn zonder_foutenbestand_hooguit_twintig_fouten_op_het_scherm() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let fout = r#"{"jaar":"x"}"#;
    std::fs::write(&invoer, format!("{fout}\n").repeat(35)).expect("schrijf");
    let (code, _, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("fout[")).count(),
        20,
        "{err}"
    );
    assert!(err.contains("… en nog 15 fout(en)"), "{err}");
    assert!(err.contains("35 records gelezen"), "{err}");
}

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
fn mislukte_run_laat_geen_halve_uitvoer_achter() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.csv");
    std::fs::write(&invoer, "jaar;persoon1_gebortedatum\n2025;1970-01-01\n").expect("schrijf");
    let uit = tmp.path().join("uit.jsonl");
    let (code, _, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--out",
            uit.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 2);
    assert!(!uit.exists());
    insta::assert_snapshot!("batch_csv_onbekende_kolom", err);
    let n = std::fs::read_dir(tmp.path())
        .map(|r| r.count())
        .unwrap_or(0);
    assert_eq!(n, 1, "alleen de invoer");
}

const CSV: &str = "\
kenmerk;jaar;fiscaal_partner;toeslagpartner;aanvraagdatum;vermogen;huur_per_maand;iban;gemeente;persoon1_bsn;persoon1_geboortedatum;persoon1_wia;persoon2_geboortedatum;persoon2_loon;kind1_geboortedatum
D-1;2025;ja;ja;20-05-2025;8500;720,00;NL91ABNA0417164300;0344;111222333;08-03-1971;31000,00;1975-11-21;;2013-06-01
D-2;2025;nee;nee;;;;;;;1980-01-01;;;;
D-3;2025;ja;ja;;;;;;;1965-01-01;20000;1966-02-02;25000;
";

#[test]
fn csv_regelnummers_bij_crlf_lege_regels_en_regeleinden_in_een_cel() {
    // Excel writes CRLF; blank lines and a quoted cell over two lines must not shift `regel`:
    // line 1 header, 2–3 a record with a two-line kenmerk, 4 blank, 5 a bad amount, 6 only
    // separators (skipped), 7 blank, 8 a good record
    let tekst = "kenmerk;jaar;persoon1_geboortedatum;persoon1_ww\r\n\
                 \"a\r\nb\";2025;1980-01-01;100\r\n\
                 \r\n\
                 c;2025;1980-01-01;x\r\n\
                 ;;;\r\n\
                 \r\n\
                 d;2025;1980-01-01;300\r\n";
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("excel.csv");
    std::fs::write(&invoer, tekst).expect("schrijf");
    let fouten = tmp.path().join("fouten.jsonl");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--errors",
            fouten.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    let regels: Vec<u64> = regels_json(&out)
        .iter()
        .filter_map(|b| b["regel"].as_u64())
        .collect();
    assert_eq!(regels, vec![2, 8]);
    let f = lees(&fouten);
    assert!(
        f.starts_with("{\"regel\":5,\"veld\":\"persoon1_ww\""),
        "{f}"
    );
}

/// A kenmerk that a spreadsheet would run as a formula is written with a leading `'` in the
/// CSV output; an ordinary kenmerk and the amounts (also negative ones) are written as they are.
#[test]
fn csv_uitvoer_kenmerk_geen_formule() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("lijst.csv");
    std::fs::write(
        &invoer,
        "kenmerk;jaar;persoon1_geboortedatum;persoon1_ww\n\
         =HYPERLINK(\"http://x\");2025;1980-01-01;100\n\
         D-7;2025;1980-01-01;100\n",
    )
    .expect("schrijf");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--format",
            "csv",
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let rijen: Vec<&str> = out.lines().collect();
    assert_eq!(rijen.len(), 3, "{out}");
    assert!(
        rijen[1].starts_with("2,\"'=HYPERLINK(\"\"http://x\"\")\",2025,"),
        "{}",
        rijen[1]
    );
    assert!(rijen[2].starts_with("3,D-7,2025,"), "{}", rijen[2]);
}

#[test]
fn csv_bsn_zonder_voorloopnul_zoals_excel_hem_toont() {
    // Excel shows BSN 011111112 as 11111112; the list reader pads it, the CSV reader too
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("excel.csv");
    std::fs::write(
        &invoer,
        "jaar;persoon1_bsn;persoon1_geboortedatum;persoon1_ww\n2025;11111112;1980-01-01;100\n",
    )
    .expect("schrijf");
    let lijst = tmp.path().join("lijst.txt");
    std::fs::write(&lijst, "11111112\n").expect("lijst");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--lijst",
            lijst.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(regels_json(&out)[0]["route"], "ambtshalve_lijst");
}

#[test]
fn csv_rij_gelijk_aan_json() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("gemeente.csv");
    std::fs::write(&invoer, CSV).expect("schrijf");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let besl = regels_json(&out);
    assert_eq!(besl.len(), 3);
    let pad = avp_tests::root().join("examples/doelgroep-wia.json");
    let (_, e, _) = cli(
        &[
            "eval",
            pad.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        None,
    );
    let verwacht: Value = serde_json::from_str(&e).expect("json");
    let mut b = besl[0].clone();
    if let Some(m) = b.as_object_mut() {
        assert_eq!(m.remove("regel"), Some(Value::from(2u64)));
    }
    assert_eq!(b, verwacht);
    let (code, out, _) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--format",
            "csv",
            "--rules",
            &rules(),
        ],
        None,
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("batch_csv_uitvoer", out);
}

#[test]
fn lijst_markeert_de_meestverdienende_partner() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let wia = voorbeeld("doelgroep-wia.json");
    // line 2: the same household, but the BSN on the list belongs to the partner without income
    let partner = wia.replace("\"bsn\":\"111222333\",", "").replace(
        "\"geboortedatum\":\"1975-11-21\"",
        "\"bsn\":\"111222333\",\"geboortedatum\":\"1975-11-21\"",
    );
    // line 3: both partners on the list: the partner's BSN counts as found in the input too
    let beiden = wia.replace(
        "\"geboortedatum\":\"1975-11-21\"",
        "\"bsn\":\"012345611\",\"geboortedatum\":\"1975-11-21\"",
    );
    std::fs::write(&invoer, format!("{wia}\n{partner}\n{beiden}\n")).expect("schrijf");
    let lijst = tmp.path().join("lijst.csv");
    std::fs::write(&lijst, "bsn;naam\n111222333;A\n123456789;B\n012345611;C\n").expect("lijst");
    let (code, out, err) = cli(
        &[
            "batch",
            invoer.to_str().unwrap_or_default(),
            "--lijst",
            lijst.to_str().unwrap_or_default(),
            "--rules",
            &rules(),
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 2, "een afgekeurde regel in de lijst: {err}");
    let besl = regels_json(&out);
    assert_eq!(besl[0]["route"], "ambtshalve_lijst");
    assert_eq!(besl[1]["route"], "aanvraag");
    assert_eq!(besl[2]["route"], "ambtshalve_lijst");
    assert!(!err.contains("123456789"));
    assert!(
        err.contains("0 BSN's niet in de invoer gevonden"),
        "012345611 staat bij de partner in regel 3: {err}"
    );
    insta::assert_snapshot!("batch_lijst_samenvatting", err);
}

#[test]
fn zelfde_uitvoer_bij_1_2_en_3_threads() {
    let mut gen = Vec::new();
    avp_cli::werkbank::generate::schrijf_jsonl(&mut gen, 150, 11, 2025).expect("genereer");
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    std::fs::write(&invoer, &gen).expect("schrijf");
    let run = |threads: usize, formaat: &str| {
        let invoer = invoer.clone();
        let formaat = formaat.to_string();
        in_pool(threads, move || {
            cli(
                &[
                    "batch",
                    invoer.to_str().unwrap_or_default(),
                    "--format",
                    &formaat,
                    "--blok",
                    "17",
                    "--rules",
                    &rules(),
                ],
                None,
            )
        })
    };
    for formaat in ["jsonl", "csv"] {
        let een = run(1, formaat);
        assert_eq!(een.0, 0, "{}", een.2);
        assert_eq!(een, run(2, formaat), "{formaat}: 1 vs 2 threads");
        assert_eq!(een, run(3, formaat), "{formaat}: 1 vs 3 threads");
    }
}

fn verwerk_in_geheugen(regels: &Regels, invoer: &[u8], blok: usize) -> (Vec<u8>, Vec<u64>) {
    let beleid = regels.beleidsregels("vng-model").expect("model");
    let mut lezer = Lezer::nieuw(
        Box::new(std::io::Cursor::new(invoer.to_vec())),
        InvoerFormaat::Jsonl,
    )
    .expect("lezer");
    let mut uit = Vec::new();
    let mut fouten = Vec::new();
    batch::verwerk(
        regels,
        &beleid,
        &mut lezer,
        Instellingen {
            opties: Opties::default(),
            uitvoer: UitvoerFormaat::Jsonl,
            lijst: None,
            blok,
        },
        &mut uit,
        &mut |f| {
            fouten.push(f.regel);
            Ok(())
        },
        &|_| {},
    )
    .expect("batch");
    (uit, fouten)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Output order = input order, whatever the thread count and block size; broken lines leave
    /// a gap in the numbering and nothing else changes.
    #[test]
    fn volgorde_is_invoervolgorde(threads in 1usize..5, blok in 1usize..40, kapot in proptest::collection::vec(0usize..30, 0..4)) {
        let regels = avp_tests::regels();
        let mut gen = Vec::new();
        avp_cli::werkbank::generate::schrijf_jsonl(&mut gen, 30, 5, 2025).expect("genereer");
        let mut regels_in: Vec<String> = String::from_utf8_lossy(&gen).lines().map(str::to_string).collect();
        for k in &kapot {
            regels_in[*k] = "{kapot".to_string();
        }
        let invoer = regels_in.join("\n");
        let (referentie, _) = verwerk_in_geheugen(&regels, invoer.as_bytes(), 1000);
        let (uit, fouten) = in_pool(threads, || verwerk_in_geheugen(&regels, invoer.as_bytes(), blok));
        prop_assert_eq!(&uit, &referentie);
        let nummers: Vec<u64> = String::from_utf8_lossy(&uit)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok()?["regel"].as_u64())
            .collect();
        let mut kapot_nrs: Vec<u64> = kapot.iter().map(|k| *k as u64 + 1).collect();
        kapot_nrs.sort_unstable();
        kapot_nrs.dedup();
        let verwacht: Vec<u64> = (1..=30).filter(|n| !kapot_nrs.contains(n)).collect();
        prop_assert_eq!(nummers, verwacht);
        prop_assert_eq!(fouten, kapot_nrs);
    }

    /// Same seed → same bytes; every generated record is valid.
    #[test]
    fn generator_is_deterministisch(seed in any::<u64>(), jaar in 2023i32..2028) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        avp_cli::werkbank::generate::schrijf_jsonl(&mut a, 40, seed, jaar).expect("a");
        avp_cli::werkbank::generate::schrijf_jsonl(&mut b, 40, seed, jaar).expect("b");
        prop_assert_eq!(&a, &b);
        for (i, l) in String::from_utf8_lossy(&a).lines().enumerate() {
            let r = avp_engine::record::lees_huishouden(l, avp_engine::record::Formaat::Json, "gen");
            prop_assert!(r.is_ok(), "record {}: {:?}", i, r.err().map(|f| f.to_string()));
        }
    }
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

/// The shipped rules plus an `extends = "2025"` fixture year, on disk (the CLI reads `--rules`).
fn regels_met_jaar(tmp: &Path, jaar: i32, tegemoetkoming: &str) -> PathBuf {
    fn kopieer(van: &Path, naar: &Path) {
        let _ = std::fs::create_dir_all(naar);
        for e in std::fs::read_dir(van).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                kopieer(&p, &naar.join(e.file_name()));
            } else {
                let _ = std::fs::copy(&p, naar.join(e.file_name()));
            }
        }
    }
    let map = tmp.join("rules");
    kopieer(&avp_tests::root().join("rules"), &map);
    let jaar_map = map.join(format!("nl/{jaar}"));
    let _ = std::fs::remove_dir_all(&jaar_map);
    let _ = std::fs::create_dir_all(&jaar_map);
    let _ = std::fs::write(
        jaar_map.join("pack.toml"),
        format!("jaar = {jaar}\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}", avp_tests::OVERGENOMEN),
    );
    let _ = std::fs::write(jaar_map.join("tegemoetkoming.toml"), tegemoetkoming);
    map
}

const BEDRAG_2026: &str = "# art. 15ba onder b\nbedrag = { waarde = 1100.00, eenheid = \"euro_per_jaar\", bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ; Stcrt. 2025, 44064\" }\n";

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

/// Differential test: generated households as JSONL and as CSV give the same decisions (the
/// CSV's line numbers are one higher because of its header).
#[test]
fn csv_en_jsonl_geven_dezelfde_beslissingen() {
    let mut gen = Vec::new();
    avp_cli::werkbank::generate::schrijf_jsonl(&mut gen, 120, 21, 2025).expect("genereer");
    let tekst = String::from_utf8_lossy(&gen).to_string();
    let hhs: Vec<avp_engine::record::Huishouden> = tekst
        .lines()
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect();
    let tmp = tempfile::tempdir().expect("tmp");
    let jsonl = tmp.path().join("p.jsonl");
    let csv = tmp.path().join("p.csv");
    std::fs::write(&jsonl, &tekst).expect("jsonl");
    std::fs::write(&csv, avp_tests::als_csv(&hhs)).expect("csv");
    let run = |p: &Path| {
        cli(
            &["batch", p.to_str().unwrap_or_default(), "--rules", &rules()],
            None,
        )
    };
    let (cj, oj, ej) = run(&jsonl);
    let (cc, oc, ec) = run(&csv);
    assert_eq!((cj, cc), (0, 0), "{ej}\n{ec}");
    let zonder_regel = |t: &str, plus: u64| -> Vec<Value> {
        regels_json(t)
            .into_iter()
            .enumerate()
            .map(|(i, mut v)| {
                if let Some(m) = v.as_object_mut() {
                    assert_eq!(m.remove("regel"), Some(Value::from(i as u64 + 1 + plus)));
                }
                v
            })
            .collect()
    };
    let a = zonder_regel(&oj, 0);
    let b = zonder_regel(&oc, 1);
    assert_eq!(a.len(), 120);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "huishouden {}", i + 1);
    }
    // the CSV summary also accounts for its header line
    let ec: String = ec
        .lines()
        .filter(|l| *l != "invoer: 121 regels: 120 met een record, 1 kopregel, 0 lege regels")
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(ej.replace("records", ""), ec.replace("records", ""));
}

/// The batch writes decisions with sonic-rs (SIMD string escaping, a quarter of the batch's
/// time with serde_json); every line must be exactly `{"regel":N,` + serde_json's text of the
/// decision: golden cases with and without trace, generated households, and texts with every
/// character JSON must escape.
#[test]
fn jsonl_regel_is_serde_json() {
    let regels = avp_tests::regels();
    let verwacht = |regel: u64, b: &avp_engine::Beslissing| {
        let json = serde_json::to_string(b).expect("json");
        format!("{{\"regel\":{regel},{}\n", &json[1..])
    };
    let geschreven = |regel: u64, b: &avp_engine::Beslissing| {
        let (mut uit, mut buffer) = (Vec::new(), Vec::new());
        batch::schrijf_jsonl(&mut uit, &mut buffer, regel, b);
        String::from_utf8(uit).expect("utf-8")
    };
    let mut beslissingen = Vec::new();
    for g in avp_cli::werkbank::golden::zoek_gevallen(&[avp_tests::root().join("tests/cases")]) {
        let geval = avp_cli::werkbank::golden::lees_geval(&g).expect("geval leesbaar");
        let beleid = regels.beleidsregels(&geval.beleidsregels).expect("beleid");
        for trace in [false, true] {
            if let Ok(b) = regels.beoordeel(&geval.huishouden, &beleid, "t", Opties { trace }) {
                beslissingen.push(b);
            }
        }
    }
    assert!(beslissingen.len() >= 200, "{}", beslissingen.len());
    let beleid = regels.beleidsregels("vng-model").expect("beleid");
    let mut gen = avp_cli::werkbank::generate::Generator::nieuw(7, 2025);
    for _ in 0..300 {
        let hh = gen.volgende();
        if let Ok(b) = regels.beoordeel(&hh, &beleid, "t", Opties::default()) {
            beslissingen.push(b);
        }
    }
    let mut raar = beslissingen[0].clone();
    let lastig: String = (0u32..0x80)
        .filter_map(char::from_u32)
        .chain("é€ “aanhalingstekens” \u{2028}\u{2029}\u{feff}😀 </script>".chars())
        .collect();
    raar.acties = vec![lastig.clone(), String::new(), "\\\"".into()];
    if let Some(r) = raar.redenen.first_mut() {
        r.tekst = lastig.clone();
        r.grondslag = lastig.repeat(3);
    }
    raar.herkomst.beleidsregels = lastig;
    beslissingen.push(raar);
    for (i, b) in beslissingen.iter().enumerate() {
        let regel = i as u64 + 1;
        assert_eq!(geschreven(regel, b), verwacht(regel, b), "beslissing {i}");
    }
}
