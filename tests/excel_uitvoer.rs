//! Issue 19: the Excel-facing details of every output: a workbook's name and format belong
//! together, the Dutch CSV style for the per-household export and the error file, and a
//! `kenmerk` kept as written in a workbook.

/// A name on `.xlsx` without `--format xlsx` is refused (exit 2, no file): JSONL or CSV under
/// that name would not open in Excel.
#[test]
fn batch_xlsx_naam_vraagt_format_xlsx() {
    let dir = tempfile::tempdir().expect("tmp");
    let invoer = dir.path().join("p.jsonl");
    let (_, gen, _) =
        avp_tests::avp(&["generate", "--count", "3", "--seed", "3", "--jaar", "2025"]);
    std::fs::write(&invoer, gen).expect("schrijven");
    let uit = dir.path().join("Uit.XLSX");
    for extra in [&[][..], &["--format", "csv"][..]] {
        let args = [
            &[
                "batch",
                invoer.to_str().expect("pad"),
                "--out",
                uit.to_str().expect("pad"),
            ][..],
            extra,
        ]
        .concat();
        let (code, _, err) = avp_tests::avp(&args);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("is de naam van een Excel-werkmap; geef --format xlsx"),
            "{err}"
        );
        assert!(!uit.exists());
    }
}

/// `--csv-stijl nl` also for the per-household export of a population comparison and for a CSV
/// error file: byte order mark, `;`, a decimal comma, `ja`/`nee`; a `kenmerk` that a
/// spreadsheet would run as a formula gets a leading `'`, as in the batch's CSV.
#[test]
fn nederlandse_stijl_ook_per_huishouden_en_fouten() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("p.jsonl");
    let (_, gen, _) = avp_tests::avp(&[
        "generate", "--count", "400", "--seed", "2", "--jaar", "2025",
    ]);
    let eerste = gen
        .lines()
        .next()
        .unwrap_or_default()
        .replacen('{', r#"{"kenmerk":"=1+1","#, 1);
    let rest: Vec<&str> = gen.lines().skip(1).collect();
    std::fs::write(
        &p,
        format!("{eerste}\n{}\n{{\"jaar\":2025}}\n", rest.join("\n")),
    )
    .expect("p");
    let (export, fouten) = (dir.path().join("ph.csv"), dir.path().join("f.csv"));
    let (code, _, err) = avp_tests::diff_bedrag_1200(
        &p,
        &[
            "--per-huishouden",
            export.to_str().expect("pad"),
            "--errors",
            fouten.to_str().expect("pad"),
            "--csv-stijl",
            "nl",
        ],
    );
    assert_eq!(code, 2, "one record is bad input: {err}");
    let t = std::fs::read_to_string(&export).expect("export");
    let t = t.strip_prefix('\u{feff}').expect("byte order mark");
    let mut regels = t.lines();
    assert!(regels
        .next()
        .is_some_and(|k| k.starts_with("regel;kenmerk;bsn;route_a")));
    let eerste = regels.next().unwrap_or_default();
    assert!(eerste.starts_with("1;'=1+1;"), "{eerste}");
    let toegekend = t.lines().find(|l| l.contains(";ja;ja;")).expect("a grant");
    assert!(
        toegekend.contains(";1000,00;1200,00;") && toegekend.ends_with(";200,00;0,00"),
        "{toegekend}"
    );
    let f = std::fs::read_to_string(&fouten).expect("fouten");
    assert!(
        f.starts_with("\u{feff}regel;veld;code;soort;bericht;hulp"),
        "{f}"
    );
}

/// In a workbook a text cell never runs as a formula, so a `kenmerk` that starts with `=` is
/// kept as written (the CSV puts a `'` before it against formula injection; the workbook not).
#[test]
fn kenmerk_in_werkmap_zoals_geschreven() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tmp");
    let (invoer, uit) = (dir.path().join("p.jsonl"), dir.path().join("u.xlsx"));
    let (_, gen, _) =
        avp_tests::avp(&["generate", "--count", "1", "--seed", "3", "--jaar", "2025"]);
    std::fs::write(&invoer, gen.replacen('{', r#"{"kenmerk":"=1+1","#, 1)).expect("p");
    let (code, _, err) = avp_tests::avp(&[
        "batch",
        invoer.to_str().expect("pad"),
        "--format",
        "xlsx",
        "--out",
        uit.to_str().expect("pad"),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut boek: Xlsx<_> = open_workbook(&uit).expect("werkmap");
    let blad = boek.worksheet_range("besluiten").expect("blad");
    let kop: Vec<String> = blad
        .rows()
        .next()
        .expect("kop")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let k = kop
        .iter()
        .position(|n| n == "kenmerk")
        .expect("kolom kenmerk");
    let cel = blad.rows().nth(1).expect("rij")[k].clone();
    assert_eq!(cel, Data::String("=1+1".into()));
}
