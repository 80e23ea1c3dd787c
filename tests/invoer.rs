//! Issue 11 items 6 and 9 (hardening of the input): implausible records, amounts in cents, huge
//! numbers, a byte-order mark, invalid UTF-8, and the `kenmerk` of a JSONL record.

use std::path::Path;

use avp_engine::error::Locatie;
use avp_engine::record::{lees_huishouden, Formaat};

/// Every error of reading `json` as `(veld, bericht)`.
fn fouten(json: &str) -> Vec<(String, String)> {
    match lees_huishouden(json, Formaat::Json, "t.json") {
        Ok(_) => Vec::new(),
        Err(f) => {
            f.0.iter()
                .map(|f| {
                    let veld = match &f.locatie {
                        Some(Locatie::Veld { veld, .. }) => veld.clone(),
                        _ => String::new(),
                    };
                    (veld, f.bericht.clone())
                })
                .collect()
        }
    }
}

/// A couple of 2025 with `extra` fields and the partner's birth date.
fn paar(extra: &str, partner: &str) -> String {
    format!(
        r#"{{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,{extra}
 "personen":[{{"geboortedatum":"1970-01-01","inkomsten":[{{"soort":"ww","bruto_per_jaar":30000}}]}},
             {{"geboortedatum":"{partner}"}}]}}"#
    )
}

fn kinderen(data: &[&str]) -> String {
    let k: Vec<String> = data
        .iter()
        .map(|d| format!(r#"{{"geboortedatum":"{d}"}}"#))
        .collect();
    format!(r#""kinderen":[{}],"#, k.join(","))
}

/// Run the CLI; paths of `map` are shown as `<tmp>`.
fn cli(args: &[&str], map: &Path) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec![std::ffi::OsString::from("avp")];
    argv.extend(args.iter().map(std::ffi::OsString::from));
    let code = avp_cli::run(argv, &mut out, &mut err);
    let schoon = |b: &[u8]| String::from_utf8_lossy(b).replace(&map.display().to_string(), "<tmp>");
    (code, schoon(&out), schoon(&err))
}

#[test]
fn leeftijd_van_de_personen_15_tot_120() {
    // a partner born in 2015 is 10 in 2025
    let f = fouten(&paar("", "2015-03-01"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "personen[1].geboortedatum");
    assert!(f[0].1.contains("15 tot en met 120"), "{f:?}");
    // an applicant aged 125
    let f = fouten(&paar("", "1970-01-01").replacen("1970-01-01", "1900-06-01", 1));
    assert_eq!(f[0].0, "personen[0].geboortedatum", "{f:?}");
    assert!(f[0].1.contains("125"), "{f:?}");
    // the bounds themselves are plausible
    assert!(fouten(&paar("", "2010-12-31")).is_empty());
    assert!(fouten(&paar("", "1905-01-01")).is_empty());
}

#[test]
fn kinderen_jonger_dan_30_en_hooguit_20() {
    let f = fouten(&paar(
        &kinderen(&["2012-01-01", "1900-01-01"]),
        "1972-01-01",
    ));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "kinderen[1].geboortedatum");
    assert!(f[0].1.contains("30"), "{f:?}");
    // 30 on the last day of the year is too old; a day younger is not
    assert_eq!(
        fouten(&paar(&kinderen(&["1995-12-31"]), "1972-01-01")).len(),
        1
    );
    assert!(fouten(&paar(&kinderen(&["1996-01-01"]), "1972-01-01")).is_empty());
    let veel = vec!["2010-01-01"; 21];
    let f = fouten(&paar(&kinderen(&veel), "1972-01-01"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "kinderen");
    assert!(f[0].1.contains("20"), "{f:?}");
    assert!(fouten(&paar(&kinderen(&veel[..20]), "1972-01-01")).is_empty());
}

#[test]
fn medebewoners_hooguit_20() {
    let f = fouten(&paar(r#""kostendelende_medebewoners":21,"#, "1972-01-01"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "kostendelende_medebewoners");
    assert!(fouten(&paar(r#""kostendelende_medebewoners":20,"#, "1972-01-01")).is_empty());
    let m: Vec<String> = (0..21)
        .map(|_| r#"{"geboortedatum":"1990-01-01"}"#.to_string())
        .collect();
    let f = fouten(&paar(
        &format!(r#""medebewoners":[{}],"#, m.join(",")),
        "1972-01-01",
    ));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "medebewoners");
}

#[test]
fn bedragen_hooguit_twee_decimalen() {
    let f = fouten(&paar(
        r#""vermogen":"1000.005","huur_per_maand":650.555,"vermogen_eigen_woning":1.001,"#,
        "1972-01-01",
    ));
    let velden: Vec<&str> = f.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        velden,
        ["vermogen", "vermogen_eigen_woning", "huur_per_maand"],
        "{f:?}"
    );
    assert!(f[0].1.contains("twee decimalen"), "{f:?}");
    let f = fouten(&paar("", "1972-01-01").replace("30000", "30000.123"));
    assert_eq!(f[0].0, "personen[0].inkomsten[0].bruto_per_jaar", "{f:?}");
    let maanden = paar("", "1972-01-01").replace(
        r#""bruto_per_jaar":30000"#,
        r#""bruto_per_maand":[2500, 2500.0001]"#,
    );
    let f = fouten(&maanden);
    assert_eq!(
        f[0].0, "personen[0].inkomsten[0].bruto_per_maand[1]",
        "{f:?}"
    );
    // trailing zeros are not cents
    assert!(fouten(&paar(r#""vermogen":"1000.500","#, "1972-01-01")).is_empty());
}

#[test]
fn csv_noemt_de_kolom_van_een_onaannemelijke_waarde() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("in.csv");
    std::fs::write(
        &invoer,
        "jaar;persoon1_geboortedatum;persoon1_ww;persoon2_geboortedatum;kind1_geboortedatum;kind3_geboortedatum;vermogen\n\
         2025;1970-01-01;30000,125;2015-01-01;2010-01-01;1900-01-01;100,5\n",
    )
    .expect("schrijf");
    let fouten = tmp.path().join("fouten.jsonl");
    let (code, _, err) = cli(
        &[
            "batch",
            &invoer.display().to_string(),
            "--out",
            &tmp.path().join("uit.jsonl").display().to_string(),
            "--errors",
            &fouten.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 2, "{err}");
    let velden: Vec<String> = std::fs::read_to_string(&fouten)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            v["veld"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        velden,
        [
            "persoon1_ww",
            "persoon2_geboortedatum",
            "kind3_geboortedatum"
        ],
        "{err}"
    );
}

#[test]
fn groot_getal_krijgt_een_gewone_melding() {
    let vermogen = paar(r#""vermogen":1e30,"#, "1972-01-01");
    let inkomen = paar("", "1972-01-01").replace("30000", "1e-30");
    let maanden = paar("", "1972-01-01").replace(
        r#""bruto_per_jaar":30000"#,
        r#""bruto_per_maand":[2500, 123456789012345678901234567890123]"#,
    );
    for (json, veld) in [
        (vermogen, "veld `vermogen`: "),
        (inkomen, "veld `personen[0].inkomsten[0].bruto_per_jaar`: "),
        (
            maanden,
            "veld `personen[0].inkomsten[0].bruto_per_maand[1]`: ",
        ),
    ] {
        let f = lees_huishouden(&json, Formaat::Json, "t.json").expect_err("te groot");
        let bericht = &f.0[0].bericht;
        assert!(bericht.starts_with(veld), "{bericht}");
        assert!(bericht.contains("geen geldig bedrag"), "{bericht}");
        assert!(!bericht.contains("serde"), "{bericht}");
        assert!(
            !bericht.contains("Scale") && !bericht.contains("Failed"),
            "{bericht}"
        );
    }
}

#[test]
fn groot_getal_in_een_batch_noemt_het_veld() {
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("in.jsonl");
    let regel = paar(r#""vermogen":1e30,"#, "1972-01-01").replace('\n', "");
    std::fs::write(&invoer, format!("{regel}\n")).expect("schrijf");
    let fouten = tmp.path().join("fouten.jsonl");
    let (code, _, _) = cli(
        &[
            "batch",
            &invoer.display().to_string(),
            "--out",
            "/dev/null",
            "--errors",
            &fouten.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 2);
    let f: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&fouten).unwrap_or_default().trim())
            .expect("json");
    assert_eq!(f["veld"], "vermogen", "{f}");
    assert!(!f.to_string().contains("serde"), "{f}");
}

#[test]
fn bom_aan_het_begin_wordt_overgeslagen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let json = paar("", "1972-01-01").replace('\n', "");
    let zonder = tmp.path().join("zonder.json");
    std::fs::write(&zonder, &json).expect("schrijf");
    let met = tmp.path().join("met.json");
    std::fs::write(&met, format!("\u{feff}{json}")).expect("schrijf");
    let (code, uit_zonder, _) = cli(&["eval", &zonder.display().to_string()], tmp.path());
    assert_eq!(code, 0);
    let (code, uit_met, err) = cli(
        &[
            "eval",
            &met.display().to_string(),
            "--beleidsregels",
            "vng-model",
        ],
        tmp.path(),
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(uit_met, uit_zonder);
    // TOML as well
    let toml = tmp.path().join("met.toml");
    std::fs::write(
        &toml,
        "\u{feff}jaar = 2025\n[[personen]]\ngeboortedatum = 1970-01-01\n",
    )
    .expect("schrijf");
    let (code, _, err) = cli(
        &[
            "eval",
            &toml.display().to_string(),
            "--beleidsregels",
            "vng-model",
        ],
        tmp.path(),
    );
    assert_eq!((code, err.as_str()), (0, ""));
    // the first line of a JSONL batch
    let jsonl = tmp.path().join("in.jsonl");
    std::fs::write(&jsonl, format!("\u{feff}{json}\n{json}\n")).expect("schrijf");
    let uit = tmp.path().join("uit.jsonl");
    let (code, _, err) = cli(
        &[
            "batch",
            &jsonl.display().to_string(),
            "--out",
            &uit.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let regels = std::fs::read_to_string(&uit).unwrap_or_default();
    let regels: Vec<&str> = regels.lines().collect();
    assert_eq!(regels.len(), 2);
    assert_eq!(
        regels[0].replacen("\"regel\":1", "\"regel\":2", 1),
        regels[1]
    );
}

#[test]
fn ongeldige_utf8_noemt_de_byte_offset() {
    let tmp = tempfile::tempdir().expect("tmp");
    let bestand = tmp.path().join("latin1.json");
    // `é` in Latin-1 (0xE9) on line 2, after 16 bytes of that line (14 bytes on line 1)
    let mut inhoud = b"{\"jaar\":2025,\n \"gemeente\":\"Caf\xe9\",\"personen\":[]}\n".to_vec();
    std::fs::write(&bestand, &inhoud).expect("schrijf");
    let (code, _, err) = cli(&["eval", &bestand.display().to_string()], tmp.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("latin1.json:2:17: geen geldige UTF-8-tekst: byte 0xE9 op offset 30"),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
    // a JSONL line: the line and the offset in the line
    let jsonl = tmp.path().join("in.jsonl");
    let goed = paar("", "1972-01-01").replace('\n', "");
    inhoud.retain(|b| *b != b'\n');
    let mut regels = format!("{goed}\n").into_bytes();
    regels.extend_from_slice(&inhoud);
    regels.push(b'\n');
    std::fs::write(&jsonl, &regels).expect("schrijf");
    let fouten = tmp.path().join("fouten.jsonl");
    let (code, _, _) = cli(
        &[
            "batch",
            &jsonl.display().to_string(),
            "--out",
            "/dev/null",
            "--errors",
            &fouten.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 2);
    let f: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&fouten).unwrap_or_default().trim())
            .expect("json");
    assert_eq!(f["regel"], 2, "{f}");
    assert!(
        f["bericht"]
            .as_str()
            .unwrap_or_default()
            .contains("byte 0xE9 op offset 29 in de regel"),
        "{f}"
    );
}

#[test]
fn kenmerk_in_json_naar_de_csv_uitvoer_niet_in_de_beslissing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let zonder = paar("", "1972-01-01").replace('\n', "");
    let met = paar(r#""kenmerk":"D-17","#, "1972-01-01").replace('\n', "");
    let formule = paar(r#""kenmerk":"=1+1","#, "1972-01-01").replace('\n', "");
    // the JSON decision is the same with and without a kenmerk
    let eval = |naam: &str, json: &str| {
        let p = tmp.path().join(naam);
        std::fs::write(&p, json).expect("schrijf");
        cli(
            &[
                "eval",
                &p.display().to_string(),
                "--beleidsregels",
                "vng-model",
            ],
            tmp.path(),
        )
    };
    let (code, a, err) = eval("met.json", &met);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(a, eval("zonder.json", &zonder).1);
    let toml = "kenmerk = \"D-18\"\njaar = 2025\n[[personen]]\ngeboortedatum = 1970-01-01\n";
    let (code, _, err) = eval("met.toml", toml);
    assert_eq!((code, err.as_str()), (0, ""));
    // a JSONL batch with --format csv copies it to the kenmerk column
    let jsonl = tmp.path().join("in.jsonl");
    std::fs::write(&jsonl, format!("{met}\n{zonder}\n{formule}\n")).expect("schrijf");
    let uit = tmp.path().join("uit.csv");
    let (code, _, err) = cli(
        &[
            "batch",
            &jsonl.display().to_string(),
            "--format",
            "csv",
            "--out",
            &uit.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&uit).unwrap_or_default();
    let kenmerken: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|r| r.split(',').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(kenmerken, ["D-17", "", "'=1+1"], "{csv}");
    // the JSONL output (the decision) does not carry it
    let jsonl_uit = tmp.path().join("uit.jsonl");
    let (code, _, _) = cli(
        &[
            "batch",
            &jsonl.display().to_string(),
            "--out",
            &jsonl_uit.display().to_string(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 0);
    assert!(!std::fs::read_to_string(&jsonl_uit)
        .unwrap_or_default()
        .contains("D-17"));
}

/// A date given as a number is refused with what a date looks like.
#[test]
fn datum_als_getal_noemt_de_vorm() {
    let json = r#"{"jaar":2025,"fiscaal_partner":false,"toeslagpartner":false,"personen":[{"geboortedatum":19700101}]}"#;
    let fout = avp_engine::record::lees_huishouden(json, avp_engine::record::Formaat::Json, "t")
        .expect_err("een getal is geen datum");
    let tekst = fout.to_string();
    assert!(tekst.contains("verwacht een datum JJJJ-MM-DD"), "{tekst}");
    assert!(tekst.contains("personen[0].geboortedatum"), "{tekst}");
}

/// Issue 17 item 12 in a batch: a list household with an invalid IBAN (the ISO 13616 check
/// fails) is decided, with the warning on `iban` and the action `iban_opvragen`; it is not an
/// error record. A record whose date does not exist still is. JSONL and CSV alike.
#[test]
fn ongeldig_iban_in_een_batch_is_een_waarschuwing_geen_fout() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lijst = |iban: &str| {
        format!(
            r#"{{"jaar":2025,"op_lijst_belastingdienst":true,"iban":"{iban}","fiscaal_partner":true,"toeslagpartner":true,"personen":[{{"geboortedatum":"1970-01-01","inkomsten":[{{"soort":"ww","bruto_per_jaar":30000}}]}},{{"geboortedatum":"1972-01-01"}}]}}"#
        )
    };
    let kapot = lijst("NL91ABNA0417164300").replace("1972-01-01", "1975-02-31");
    let jsonl = tmp.path().join("in.jsonl");
    let inhoud = [
        lijst("NL91ABNA0417164301"),
        lijst("NL91ABNA0417164300"),
        kapot,
    ];
    std::fs::write(&jsonl, inhoud.join("\n") + "\n").expect("schrijf");
    let csv = tmp.path().join("in.csv");
    let kop = "jaar,op_lijst_belastingdienst,iban,fiscaal_partner,toeslagpartner,persoon1_geboortedatum,persoon1_ww,persoon2_geboortedatum";
    let rij = |iban: &str, geboren: &str| {
        format!("2025,true,{iban},true,true,1970-01-01,30000,{geboren}")
    };
    let rijen = [
        kop.to_string(),
        rij("NL91ABNA0417164301", "1972-01-01"),
        rij("NL91ABNA0417164300", "1972-01-01"),
        rij("NL91ABNA0417164300", "1975-02-31"),
    ];
    std::fs::write(&csv, rijen.join("\n") + "\n").expect("schrijf");
    for (invoer, foutregel) in [(&jsonl, 3), (&csv, 4)] {
        let uit = tmp.path().join("uit.jsonl");
        let fouten = tmp.path().join("fouten.jsonl");
        let (code, _, err) = cli(
            &[
                "batch",
                &invoer.display().to_string(),
                "--out",
                &uit.display().to_string(),
                "--errors",
                &fouten.display().to_string(),
            ],
            tmp.path(),
        );
        assert_eq!(code, 2, "{err}");
        let besluiten: Vec<serde_json::Value> = std::fs::read_to_string(&uit)
            .expect("uit")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(besluiten.len(), 2, "{invoer:?}");
        let eerste = &besluiten[0];
        assert_eq!(eerste["toegekend"], true, "{eerste}");
        assert_eq!(eerste["waarschuwingen"][0]["veld"], "iban", "{eerste}");
        assert!(
            eerste["acties"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == "iban_opvragen")),
            "{eerste}"
        );
        assert!(
            besluiten[1].get("waarschuwingen").is_none(),
            "{}",
            besluiten[1]
        );
        let fout = std::fs::read_to_string(&fouten).expect("fouten");
        assert_eq!(fout.lines().count(), 1, "{fout}");
        assert!(fout.contains(&format!("\"regel\":{foutregel}")), "{fout}");
        assert!(!fout.contains("iban"), "{fout}");
    }
}
