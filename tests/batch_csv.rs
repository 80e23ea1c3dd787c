//! Batch with CSV input and output: line numbers, formula escaping, the BSN as Excel shows it,
//! and the same decisions as JSONL.

use std::path::Path;

use avp_tests::{
    avp_in as cli, json_regels as regels_json, lees_tekst as lees, regels_map as rules,
    CSV_VOORBEELD as CSV,
};
use serde_json::Value;

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
