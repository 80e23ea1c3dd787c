//! Batch and the Belastingdienst list: end to end through the CLI (`avp_cli::run`) and through
//! the engine API for the property tests. CSV input and output: `batch_csv.rs`; the population
//! comparison, the generator and the budget: `populatie.rs`.

use avp_cli::werkbank::batch::{self, Instellingen, InvoerFormaat, Lezer, UitvoerFormaat};
use avp_engine::{Opties, Regels};
use avp_tests::{
    avp_in as cli, json_regels as regels_json, lees_tekst as lees, populatie_met_fouten,
    regels_map as rules, regels_met_jaar, voorbeeld_op_een_regel as voorbeeld,
};
use proptest::prelude::*;
use serde_json::Value;

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

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
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

/// The batch writes decisions field by field (`werkbank/batch/json.rs`; with a trace or
/// warnings through sonic-rs); every line must be exactly `{"regel":N,` + serde_json's text of
/// the decision: golden cases with and without trace, generated households of every year under
/// the three shipped beleidsregels (each kind of outcome counted), and texts with every
/// character JSON must escape.
#[test]
fn jsonl_regel_is_serde_json() {
    let regels = avp_tests::regels();
    let verwacht = |regel: u64, b: &avp_engine::Beslissing| {
        let json = serde_json::to_string(b).expect("json");
        format!("{{\"regel\":{regel},{}\n", &json[1..])
    };
    let geschreven = |regel: u64, b: &avp_engine::Beslissing| {
        let mut uit = b"eerder\n".to_vec();
        batch::schrijf_jsonl(&mut uit, regel, b);
        let uit = uit.split_off(b"eerder\n".len());
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
    // every year and the three shipped beleidsregels (payments in instalments with dates)
    for (k, naam) in ["vng-model", "voorbeeldstad", "ander-dorp"]
        .iter()
        .enumerate()
    {
        let beleid = regels.beleidsregels(naam).expect("beleid");
        for jaar in 2023..=2027 {
            let mut gen = avp_cli::werkbank::generate::Generator::nieuw(7 + k as u64, jaar);
            for _ in 0..120 {
                let hh = gen.volgende();
                if let Ok(b) = regels.beoordeel(&hh, &beleid, "t", Opties::default()) {
                    beslissingen.push(b);
                }
            }
        }
    }
    let dekking =
        |f: fn(&avp_engine::Beslissing) -> bool| beslissingen.iter().filter(|b| f(b)).count();
    assert!(
        dekking(|b| b.trace.is_some()) > 50,
        "met trace (de afgeleide schrijver)"
    );
    assert!(
        dekking(|b| b
            .berekening
            .as_ref()
            .is_some_and(|k| k.na_aanvullende_bijstand.is_some()))
            > 10
    );
    assert!(
        dekking(|b| b
            .berekening
            .as_ref()
            .is_some_and(|k| k.referentie.is_none()))
            > 10
    );
    assert!(
        dekking(|b| b
            .betaling
            .as_ref()
            .is_some_and(|p| p.termijnen.iter().any(|t| t.datum().is_some())))
            > 10
    );
    assert!(dekking(|b| !b.wat_zou_veranderen.is_empty()) > 10);
    assert!(dekking(|b| b.doelgroep.is_none()) > 10);
    assert!(
        dekking(|b| !b.waarschuwingen.is_empty()) > 0,
        "met waarschuwingen"
    );
    for route in avp_engine::decision::Route::ALLE {
        assert!(
            beslissingen.iter().any(|b| b.route == route),
            "route {route}"
        );
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
    raar.herkomst.beleidsregels = lastig.clone();
    raar.wat_zou_veranderen = vec![avp_engine::decision::Verandering {
        reden: lastig.clone(),
        code: "\u{0}".into(),
        tekst: lastig,
    }];
    beslissingen.push(raar);
    for (i, b) in beslissingen.iter().enumerate() {
        let regel = i as u64 + 1;
        assert_eq!(geschreven(regel, b), verwacht(regel, b), "beslissing {i}");
    }
}
