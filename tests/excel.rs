//! Issue 19 item 5: output that Excel opens as it should. The Dutch CSV style (`--csv-stijl nl`):
//! a UTF-8 byte order mark, `;` between the fields and a decimal comma, with the same values as
//! the standard style.

/// `avp batch` of 40 generated households with `extra` arguments, writing to `uit`.
fn batch(naam: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("avp-excel-{}-{naam}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let (code, gen, err) =
        avp_tests::avp(&["generate", "--count", "40", "--seed", "3", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
    let invoer = dir.join("p.jsonl");
    std::fs::write(&invoer, gen).expect("schrijven");
    let uit = dir.join(naam);
    let rules = avp_tests::root().join("rules");
    let mut args = vec![
        "batch",
        invoer.to_str().expect("pad"),
        "--rules",
        rules.to_str().expect("pad"),
        "--out",
        uit.to_str().expect("pad"),
    ];
    args.extend(extra);
    let (code, _, err) = avp_tests::avp(&args);
    assert_eq!(code, 0, "{err}");
    uit
}

/// `--format xlsx`: a workbook a standard reader (calamine) opens, with the CSV summary's header,
/// one row per household, the amounts as numbers equal to the CSV's.
#[test]
fn xlsx_opent_met_een_standaardlezer() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let pad = batch("uit.xlsx", &["--format", "xlsx"]);
    let mut boek: Xlsx<_> = open_workbook(&pad).expect("werkmap");
    assert_eq!(boek.sheet_names(), ["besluiten"]);
    let blad = boek.worksheet_range("besluiten").expect("blad");
    let rijen: Vec<_> = blad.rows().collect();
    let csv = std::fs::read_to_string(batch("uit.csv", &["--format", "csv"])).expect("csv");
    let csv: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("rij").iter().map(String::from).collect())
        .collect();
    assert_eq!(rijen.len(), 41);
    assert_eq!(rijen[0][0], Data::String("regel".into()));
    assert_eq!(rijen[0][7], Data::String("tegemoetkoming".into()));
    for (x, c) in rijen[1..].iter().zip(&csv) {
        assert_eq!(x[0], Data::Float(c[0].parse().expect("regel")));
        for k in 7..14 {
            match &x[k] {
                Data::Float(f) => assert_eq!(format!("{f:.2}"), c[k], "kolom {k}"),
                Data::Empty => assert_eq!(c[k], ""),
                ander => panic!("kolom {k}: {ander:?}"),
            }
        }
        assert_eq!(x[4], Data::String(c[4].clone()));
    }
    let (code, _, err) = avp_tests::avp(&["batch", "-", "--format", "xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--out BESTAND.xlsx"), "{err}");
}

fn csv(stijl: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("avp-excel-{}-{stijl}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let (code, gen, err) =
        avp_tests::avp(&["generate", "--count", "40", "--seed", "3", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
    let invoer = dir.join("p.jsonl");
    std::fs::write(&invoer, gen).expect("schrijven");
    let uit = dir.join("uit.csv");
    let rules = avp_tests::root().join("rules");
    let (code, _, err) = avp_tests::avp(&[
        "batch",
        invoer.to_str().expect("pad"),
        "--rules",
        rules.to_str().expect("pad"),
        "--format",
        "csv",
        "--csv-stijl",
        stijl,
        "--out",
        uit.to_str().expect("pad"),
    ]);
    assert_eq!(code, 0, "{err}");
    std::fs::read(&uit).expect("uitvoer")
}

#[test]
fn nederlandse_csv_stijl_bom_puntkomma_decimale_komma() {
    let nl = csv("nl");
    let standaard = csv("standaard");
    assert_eq!(&nl[..3], [0xEF, 0xBB, 0xBF], "UTF-8 BOM");
    assert_ne!(&standaard[..3], [0xEF, 0xBB, 0xBF]);
    let nl = String::from_utf8(nl[3..].to_vec()).expect("utf-8");
    let standaard = String::from_utf8(standaard).expect("utf-8");
    assert!(nl.starts_with("regel;kenmerk;jaar;"), "{}", &nl[..60]);
    let lees = |t: &str, scheiding: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(scheiding)
            .from_reader(t.as_bytes())
            .records()
            .map(|r| r.expect("rij").iter().map(String::from).collect())
            .collect()
    };
    let (a, b) = (lees(&nl, b';'), lees(&standaard, b','));
    assert_eq!(a.len(), 40);
    assert_eq!(a.len(), b.len());
    let mut bedragen = 0;
    for (x, y) in a.iter().zip(&b) {
        for (v, w) in x.iter().zip(y) {
            // an amount: the same digits with a comma; any other field the same
            if w.contains('.')
                && w.replace(['.', '-'], "")
                    .chars()
                    .all(|c| c.is_ascii_digit())
            {
                assert_eq!(v, &w.replace('.', ","));
                assert!(!v.contains('.'));
                bedragen += 1;
            } else {
                assert_eq!(v, w);
            }
        }
    }
    assert!(bedragen > 100, "{bedragen} bedragen vergeleken");
}

/// `.xlsx` input: the first sheet read with the CSV columns, numbers and dates as Excel keeps
/// them; the decisions equal those of the same rows as CSV.
#[test]
fn xlsx_invoer_gelijk_aan_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = std::env::temp_dir().join(format!("avp-xlsx-in-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let kop = [
        "kenmerk",
        "jaar",
        "fiscaal_partner",
        "toeslagpartner",
        "vermogen",
        "huur_per_maand",
        "persoon1_geboortedatum",
        "persoon1_wia",
        "persoon2_geboortedatum",
        "kind1_geboortedatum",
    ];
    let mut boek = Workbook::new();
    let blad = boek.add_worksheet();
    let datum = Format::new().set_num_format("dd-mm-yyyy");
    for (k, naam) in kop.iter().enumerate() {
        blad.write_string(0, k as u16, *naam).expect("kop");
    }
    blad.write_string(1, 0, "D-1").expect("cel");
    blad.write_number(1, 1, 2025).expect("cel");
    blad.write_string(1, 2, "ja").expect("cel");
    blad.write_string(1, 3, "ja").expect("cel");
    blad.write_number(1, 4, 8500).expect("cel");
    blad.write_number(1, 5, 720.5).expect("cel");
    let d = |j, m, dag| ExcelDateTime::from_ymd(j, m, dag).expect("datum");
    blad.write_datetime_with_format(1, 6, d(1971, 3, 8), &datum)
        .expect("cel");
    blad.write_number(1, 7, 31000.25).expect("cel");
    blad.write_string(1, 8, "1975-11-21").expect("cel");
    blad.write_datetime_with_format(1, 9, d(2013, 6, 1), &datum)
        .expect("cel");
    let xlsx = dir.join("in.xlsx");
    boek.save(&xlsx).expect("opslaan");
    let csv = dir.join("in.csv");
    std::fs::write(
        &csv,
        format!(
            "{}\nD-1,2025,ja,ja,8500,720.50,1971-03-08,31000.25,1975-11-21,2013-06-01\n",
            kop.join(",")
        ),
    )
    .expect("csv");
    let rules = avp_tests::root().join("rules");
    let r = rules.to_str().expect("pad");
    let (code, uit_xlsx, err) =
        avp_tests::avp(&["batch", xlsx.to_str().expect("pad"), "--rules", r]);
    assert_eq!(code, 0, "{err}");
    let (code, uit_csv, err) = avp_tests::avp(&["batch", csv.to_str().expect("pad"), "--rules", r]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(uit_xlsx, uit_csv);
    assert!(uit_xlsx.contains("\"jaar\":2025"));
    // not a workbook: a clear message, exit 2
    let kapot = dir.join("kapot.xlsx");
    std::fs::write(&kapot, "geen zip").expect("schrijven");
    let (code, _, err) = avp_tests::avp(&["batch", kapot.to_str().expect("pad"), "--rules", r]);
    assert_eq!(code, 2);
    assert!(err.contains("geen leesbare Excel-werkmap"), "{err}");
}

/// CSV input with monthly amounts (`persoon1_ww_per_maand`, `|` between the months, the oldest
/// first): the same decision as the JSON record with `bruto_per_maand`.
#[test]
fn csv_met_maandbedragen_gelijk_aan_json() {
    let dir = std::env::temp_dir().join(format!("avp-maanden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("map");
    let csv = dir.join("m.csv");
    std::fs::write(&csv, "kenmerk;jaar;fiscaal_partner;toeslagpartner;aanvraagdatum;huur_per_maand;persoon1_geboortedatum;persoon1_ww_per_maand;persoon2_geboortedatum\nM-1;2025;ja;ja;2025-09-01;700;1979-07-30;2400|2450|2500|2550|2600|2650,00;1983-01-15\n").expect("csv");
    let json = dir.join("m.jsonl");
    std::fs::write(&json, r#"{"kenmerk":"M-1","jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"aanvraagdatum":"2025-09-01","huur_per_maand":700,"personen":[{"geboortedatum":"1979-07-30","inkomsten":[{"soort":"ww","bruto_per_maand":[2400,2450,2500,2550,2600,2650]}]},{"geboortedatum":"1983-01-15"}]}
"#).expect("json");
    let r = avp_tests::root().join("rules");
    let r = r.to_str().expect("pad");
    let (code, a, err) = avp_tests::avp(&[
        "batch",
        csv.to_str().expect("pad"),
        "--rules",
        r,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, b, err) = avp_tests::avp(&[
        "batch",
        json.to_str().expect("pad"),
        "--rules",
        r,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    // the same row but for the input line number (2 in the CSV, 1 in the JSONL)
    let rij = |t: &str| {
        t.lines()
            .nth(1)
            .and_then(|l| l.split_once(',').map(|x| x.1.to_string()))
    };
    assert_eq!(rij(&a), rij(&b));
    assert!(a.contains("inkomen_uit_maandbedragen"), "{a}");
    // a month that is not an amount names the column
    std::fs::write(
        &csv,
        "jaar;persoon1_geboortedatum;persoon1_ww_per_maand\n2025;1979-07-30;2400|x\n",
    )
    .expect("csv");
    let (code, _, err) = avp_tests::avp(&["batch", csv.to_str().expect("pad"), "--rules", r]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("persoon1_ww_per_maand") && err.contains("`x` is geen bedrag"),
        "{err}"
    );
    // a year amount and monthly amounts of one soort: refused, as JSON refuses them (they were
    // added up)
    std::fs::write(
        &csv,
        "jaar;persoon1_geboortedatum;persoon1_ww;persoon1_ww_per_maand\n2025;1979-07-30;30000;2400|2450\n",
    )
    .expect("csv");
    let (code, _, err) = avp_tests::avp(&["batch", csv.to_str().expect("pad"), "--rules", r]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("persoon1_ww is ook ingevuld"), "{err}");
    // whatever the column order; a year amount of 0 is no income and goes with monthly amounts
    for (kop, rij, code_verwacht) in [
        (
            "persoon1_ww_per_maand;persoon1_ww",
            "2400|2450|2500;30000",
            2,
        ),
        ("persoon1_ww;persoon1_ww_per_maand", "0;2400|2450|2500", 0),
        ("persoon1_ww_per_maand;persoon1_ww", "2400|2450|2500;0", 0),
    ] {
        std::fs::write(
            &csv,
            format!("jaar;persoon1_geboortedatum;{kop}\n2025;1979-07-30;{rij}\n"),
        )
        .expect("csv");
        let (code, _, err) = avp_tests::avp(&["batch", csv.to_str().expect("pad"), "--rules", r]);
        assert_eq!(code, code_verwacht, "{kop}: {err}");
    }
}

/// The rows of the sheet `blad` of the workbook at `pad`, read by calamine.
fn blad(pad: &std::path::Path, blad: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut boek: Xlsx<_> = open_workbook(pad).expect("werkmap");
    let bereik = boek.worksheet_range(blad).expect("blad");
    bereik.rows().map(<[_]>::to_vec).collect()
}

/// An amount cell: the number calamine reads, with two decimals as avp writes it.
fn bedrag(c: &calamine::Data) -> String {
    match c {
        calamine::Data::Float(f) => format!("{f:.2}"),
        ander => panic!("geen bedrag: {ander:?}"),
    }
}

/// `avp diff --populatie … --per-huishouden FILE.xlsx`: the same columns and values as the CSV
/// export of the same run, cell for cell; the amounts as numbers, the rest as text.
#[test]
fn per_huishouden_xlsx_gelijk_aan_csv() {
    use calamine::Data;
    let dir = tempfile::tempdir().expect("tmp");
    let (code, gen, err) = avp_tests::avp(&[
        "generate", "--count", "400", "--seed", "5", "--jaar", "2025",
    ]);
    assert_eq!(code, 0, "{err}");
    let invoer = dir.path().join("p.jsonl");
    std::fs::write(&invoer, gen).expect("schrijven");
    let rules = avp_tests::root().join("rules");
    let export = |naam: &str| {
        let uit = dir.path().join(naam);
        let (code, _, err) = avp_tests::diff_bedrag_1200(
            &invoer,
            &[
                "--per-huishouden",
                uit.to_str().expect("pad"),
                "--rules",
                rules.to_str().expect("pad"),
                "--beleidsregels",
                "vng-model",
            ],
        );
        assert_eq!(code, 0, "{err}");
        uit
    };
    let csv = std::fs::read_to_string(export("h.csv")).expect("csv");
    let mut lezer = csv::Reader::from_reader(csv.as_bytes());
    let kop: Vec<String> = lezer
        .headers()
        .expect("kop")
        .iter()
        .map(String::from)
        .collect();
    let csv: Vec<csv::StringRecord> = lezer.records().map(|r| r.expect("rij")).collect();
    let rijen = blad(&export("h.xlsx"), "per huishouden");
    assert_eq!(rijen.len(), 401);
    let kop_xlsx: Vec<Data> = kop.iter().map(|k| Data::String(k.clone())).collect();
    assert_eq!(rijen[0], kop_xlsx);
    let (mut bedragen, mut verschillen) = (0, 0);
    for (x, c) in rijen[1..].iter().zip(&csv) {
        assert_eq!(x[0], Data::Float(c[0].parse().expect("regel")));
        for (k, naam) in kop.iter().enumerate().skip(1) {
            let cel = x.get(k).unwrap_or(&Data::Empty);
            if c[k].is_empty() {
                assert_eq!(cel, &Data::Empty, "{naam}");
            } else if ["tekort", "bedrag", "kosten", "verschil"]
                .iter()
                .any(|b| naam.starts_with(b))
            {
                assert_eq!(bedrag(cel), c[k], "{naam}");
                bedragen += 1;
                verschillen += usize::from(naam == "verschil_bedrag" && &c[k] != "0.00");
            } else {
                assert_eq!(cel, &Data::String(c[k].to_string()), "{naam}");
            }
        }
    }
    assert!(
        bedragen > 2000 && verschillen > 0,
        "{bedragen}, {verschillen}"
    );
    // written through a temporary file that is renamed: nothing else left in the directory
    let mut namen: Vec<String> = std::fs::read_dir(dir.path())
        .expect("map")
        .map(|e| {
            e.expect("bestand")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    namen.sort();
    assert_eq!(namen, ["h.csv", "h.xlsx", "p.jsonl"]);
}

/// A cell that holds an amount, a number or `onbekend`, as the JSON writes it (`null` for
/// `onbekend`); `decimalen` as the JSON has them.
fn getal_of_onbekend(c: &calamine::Data, json: &serde_json::Value, decimalen: bool) {
    match (c, json.as_str()) {
        (calamine::Data::String(t), None) => assert_eq!(t, "onbekend", "{json}"),
        (calamine::Data::Float(_), Some(j)) if decimalen => assert_eq!(bedrag(c), j),
        (calamine::Data::Float(f), Some(j)) => {
            assert_eq!(*f, j.parse::<f64>().expect("getal"), "{json}")
        }
        (calamine::Data::Empty, None) => {}
        (c, _) => panic!("{c:?} tegenover {json}"),
    }
}

/// `avp budget --format xlsx --out FILE.xlsx`: the sheet `budget` has every component of the
/// JSON of the same run, amount for amount (`onbekend` where the JSON has null), and the total;
/// the sheet `overzicht` the year, the list count and the cost per household.
#[test]
fn budget_xlsx_gelijk_aan_json() {
    use calamine::Data;
    let dir = tempfile::tempdir().expect("tmp");
    let rules = avp_tests::root().join("rules");
    let r = rules.to_str().expect("pad");
    for jaar in ["2025", "2027"] {
        let args = [
            "budget",
            "--jaar",
            jaar,
            "--lijst-aantal",
            "121",
            "--rules",
            r,
        ];
        let (code, json, err) = avp_tests::avp(&[&args[..], &["--format", "json"]].concat());
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let pad = dir.path().join(format!("budget-{jaar}.xlsx"));
        let uit = pad.to_str().expect("pad");
        let (code, out, err) =
            avp_tests::avp(&[&args[..], &["--format", "xlsx", "--out", uit]].concat());
        assert_eq!((code, out.as_str()), (0, ""), "{err}");
        let rijen = blad(&pad, "budget");
        let kop = [
            "component",
            "omschrijving",
            "opslag",
            "huishoudens",
            "bedrag",
            "bron",
        ];
        assert_eq!(rijen[0], kop.map(|k| Data::String(k.into())));
        let componenten = v["componenten"].as_array().expect("componenten");
        assert_eq!(rijen.len(), componenten.len() + 3, "{rijen:?}");
        for (x, c) in rijen[1..].iter().zip(componenten) {
            assert_eq!(x[0], Data::String(c["code"].as_str().expect("code").into()));
            assert_eq!(
                x[1],
                Data::String(c["omschrijving"].as_str().expect("oms").into())
            );
            getal_of_onbekend(&x[2], &c["opslag"], false);
            getal_of_onbekend(&x[3], &c["huishoudens"], false);
            getal_of_onbekend(&x[4], &c["bedrag"], true);
            assert_eq!(x[5], Data::String(c["bron"].as_str().expect("bron").into()));
        }
        let totaal = &rijen[componenten.len() + 2];
        assert_eq!(totaal[0], Data::String("totaal_bekend".into()));
        assert_eq!(bedrag(&totaal[4]), v["totaal_bekend"]);
        let overzicht = blad(&pad, "overzicht");
        assert_eq!(overzicht.len(), 2);
        let rij = &overzicht[1];
        assert_eq!(rij[0], Data::Float(jaar.parse().expect("jaar")));
        assert_eq!(rij[1], Data::Float(121.0));
        for (k, veld) in ["tegemoetkoming", "eindheffing", "totaal"]
            .iter()
            .enumerate()
        {
            let per = &v["per_huishouden"][veld];
            getal_of_onbekend(&rij[2 + k], per, true);
        }
        assert_eq!(bedrag(&rij[5]), v["totaal_bekend"]);
    }
    // 2025 is hand-checked in tests/batch.rs: € 1.558,10 per household
    let rijen = blad(&dir.path().join("budget-2025.xlsx"), "overzicht");
    assert_eq!(rijen[1][4], Data::Float(1558.1));
}

/// A workbook needs `--out FILE.xlsx`, and a name on `.xlsx` needs `--format xlsx`: a Dutch
/// message and exit 2, nothing written.
#[test]
fn budget_xlsx_vraagt_een_naam_op_xlsx() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("budget.csv");
    let xlsx = dir.path().join("budget.xlsx");
    let budget = ["budget", "--jaar", "2025", "--lijst-aantal", "10"];
    let gevallen: [(&[&str], &str); 3] = [
        (&["--format", "xlsx"], "geef --out BESTAND.xlsx"),
        (
            &["--format", "xlsx", "--out", csv.to_str().expect("pad")],
            "een Excel-werkmap krijgt een naam op .xlsx; geef --out BESTAND.xlsx",
        ),
        (
            &["--out", xlsx.to_str().expect("pad")],
            "is de naam van een Excel-werkmap; geef --format xlsx",
        ),
    ];
    for (extra, melding) in gevallen {
        let (code, out, err) = avp_tests::avp(&[&budget[..], extra].concat());
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(
            out.is_empty() && err.starts_with("fout: ") && err.contains(melding),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("map").count(), 0);
}
