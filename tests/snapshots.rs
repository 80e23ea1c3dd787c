//! Snapshot tests (insta) of the Dutch explanation and of every kind of error message.

use avp_cli::render;
use avp_engine::error::Fouten;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::Regels;

fn cli(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec!["avp".into()];
    argv.extend(args.iter().map(|a| std::ffi::OsString::from(*a)));
    let code = avp_cli::run(argv, &mut out, &mut err);
    // Paths differ per checkout (CI clones elsewhere): show them relative to the repository.
    let root = pad("");
    let relatief = |b: &[u8]| String::from_utf8_lossy(b).replace(root.as_str(), "<repo>/");
    (code, relatief(&out), relatief(&err))
}

fn pad(rel: &str) -> String {
    avp_tests::root().join(rel).display().to_string()
}

fn record_fout(naam: &str, tekst: &str) -> String {
    match lees_huishouden(tekst, Formaat::van_pad(naam), naam) {
        Ok(_) => "geen fout".to_string(),
        Err(f) => render::fouten(&f),
    }
}

fn pack_fout(bestand: &str, tekst: &str) -> String {
    let mut bron = avp_tests::regels_in_geheugen();
    bron.zet(bestand, tekst);
    match Regels::new(Box::new(bron)).pack(2025) {
        Ok(_) => "geen fout".to_string(),
        Err(f) => render::fouten(&f),
    }
}

fn evaluatie_fout(bestand: &str, tekst: &str, record: &str) -> (bool, String) {
    let mut bron = avp_tests::regels_in_geheugen();
    bron.zet(bestand, tekst);
    let regels = Regels::new(Box::new(bron));
    let hh = lees_huishouden(record, Formaat::Json, "huishouden.json").expect("geldig record");
    let beleid = regels.beleidsregels("vng-model").expect("model");
    match regels.beoordeel(&hh, &beleid, "huishouden.json", Default::default()) {
        Ok(_) => (false, "geen fout".to_string()),
        Err(f) => (f.is_invoer(), render::fouten(&f)),
    }
}

const PAAR: &str = r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,
 "personen":[{"geboortedatum":"1970-01-01","inkomsten":[{"soort":"ww","bruto_per_jaar":30000}]},
             {"geboortedatum":"1972-01-01"}]}"#;

#[test]
fn uitleg_als_tekst() {
    let (code, out, err) = cli(&[
        "eval",
        &pad("examples/paar-ww.json"),
        "--rules",
        &pad("rules"),
        "--format",
        "text",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::with_settings!({ filters => vec![(r"regels [0-9a-f]{12}", "regels [hash]"), (r"beleidsregels ([a-z-]+) \([0-9a-f]{12}\)", "beleidsregels $1 ([hash])")] }, {
        insta::assert_snapshot!("tekst_paar_ww", out);
    });
}

#[test]
fn uitleg_toegekend_als_tekst() {
    let (code, out, err) = cli(&[
        "eval",
        &pad("examples/doelgroep-wia.json"),
        "--rules",
        &pad("rules"),
        "--format",
        "text",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::with_settings!({ filters => vec![(r"regels [0-9a-f]{12}", "regels [hash]"), (r"beleidsregels ([a-z-]+) \([0-9a-f]{12}\)", "beleidsregels $1 ([hash])")] }, {
        insta::assert_snapshot!("tekst_doelgroep_wia", out);
    });
}

#[test]
fn fout_onbekend_veld_met_suggestie() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        r#"{"jaar":2025,"vermogn":1,"personen":[{"geboortedatum":"1970-01-01"}]}"#
    ));
}

#[test]
fn fout_onbekende_inkomenssoort() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        "{\"jaar\":2025,\n \"personen\":[{\"geboortedatum\":\"1970-01-01\",\n  \"inkomsten\":[{\"soort\":\"wwb\",\"bruto_per_jaar\":1}]}]}"
    ));
}

/// A person, income or child given as a list of its values (serde would read those by
/// position) is refused with the field path and position.
#[test]
fn fout_persoon_als_lijst() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        "{\"jaar\":2025,\n \"personen\":[[\"111222333\",\"1970-01-01\"]]}"
    ));
}

#[test]
fn fout_inkomen_en_kind_als_lijst() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        "{\"jaar\":2025,\n \"personen\":[{\"geboortedatum\":\"1970-01-01\",\n  \"inkomsten\":[[\"ww\",1000]]}]}"
    ));
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        "{\"jaar\":2025,\"personen\":[{\"geboortedatum\":\"1970-01-01\"}],\n \"kinderen\":[[\"2015-01-01\"]]}"
    ));
    insta::assert_snapshot!(record_fout(
        "huishouden.toml",
        "jaar = 2025\npersonen = [[1970-01-01]]\n"
    ));
}

#[test]
fn fout_toml_record_verkeerd_type() {
    insta::assert_snapshot!(record_fout(
        "huishouden.toml",
        "jaar = 2025\nvermogen = \"veel\"\n[[personen]]\ngeboortedatum = 1970-01-01\n"
    ));
}

#[test]
fn fout_validatie_alle_velden_tegelijk() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        r#"{"jaar":2025,"vermogen":-5,"iban":"NL00ABNA0417164300","toeslagpartner":true,
            "personen":[{"bsn":"123456789","geboortedatum":"1970-01-01",
              "inkomsten":[{"soort":"ww","bruto_per_jaar":1,"bruto_per_maand":[1]},{"soort":"loon"}]}]}"#
    ));
}

#[test]
fn fout_ongeldige_json() {
    insta::assert_snapshot!(record_fout(
        "huishouden.json",
        "{\"jaar\": 2025,\n \"personen\": [\n"
    ));
}

#[test]
fn fout_te_weinig_maanden() {
    let r = r#"{"jaar":2025,"personen":[{"geboortedatum":"1970-01-01",
        "inkomsten":[{"soort":"ww","bruto_per_maand":[1000,1100]}]}]}"#;
    let (invoer, s) = evaluatie_fout(
        "nl/2025/pack.toml",
        &std::fs::read_to_string(pad("rules/nl/2025/pack.toml")).unwrap_or_default(),
        r,
    );
    assert!(invoer);
    insta::assert_snapshot!(s);
}

#[test]
fn fout_jaar_buiten_regeling() {
    let (code, _, err) = cli(&[
        "eval",
        &pad("tests/fixtures/jaar-2028.json"),
        "--rules",
        &pad("rules"),
    ]);
    // CONTRACT §1: `jaar` is 2023–2027; another year is bad input
    assert_eq!(code, 2);
    insta::assert_snapshot!(err);
}

#[test]
fn fout_parameter_zonder_bron() {
    insta::assert_snapshot!(pack_fout(
        "nl/2025/tegemoetkoming.toml",
        "# art. 15ba\nbedrag = 1000.00\neindheffing_percentage = { waarde = 0.5581, bron = \"VNG\" }\n"
    ));
}

#[test]
fn fout_dubbele_sleutel_in_toml() {
    insta::assert_snapshot!(pack_fout(
        "nl/2025/tegemoetkoming.toml",
        "bron = \"x\"\nbedrag = 1000.00\nbedrag = 1100.00\neindheffing_percentage = 0.5581\n"
    ));
}

#[test]
fn fout_regel_leest_onbekende_parameter() {
    insta::assert_snapshot!(pack_fout(
        "nl/2025/tegemoetkoming.rhai",
        "// art. 15ba\nfn tegemoetkoming(hh) {\n    tegemoetkoming::bedrg\n}\nfn eindheffing(hh) { 0.00 }\nfn bijzondere_bijstand(hh) { 0.00 }\nfn netto_onder_bijstandsnorm(hh) { false }\n"
    ));
}

#[test]
fn fout_rhai_syntax() {
    insta::assert_snapshot!(pack_fout(
        "nl/2025/tegemoetkoming.rhai",
        "// art. 15ba\nfn tegemoetkoming(hh) {\n    tegemoetkoming::bedrag *\n}\n"
    ));
}

#[test]
fn fout_eval_uitgeschakeld_en_verkeerde_signatuur() {
    insta::assert_snapshot!(pack_fout(
        "nl/2025/extra.rhai",
        "// test\nfn hulp(a, b) { a + b }\nprivate fn x() { eval(\"1\") }\n"
    ));
}

#[test]
fn fout_regelbestand_zonder_artikel() {
    insta::assert_snapshot!(pack_fout("nl/2025/extra.rhai", "private fn x() { 1 }\n"));
}

#[test]
fn fout_regel_loopt_oneindig() {
    let (invoer, s) = evaluatie_fout(
        "nl/2025/tegemoetkoming.rhai",
        "// art. 15ba\nfn tegemoetkoming(hh) {\n    let x = 0;\n    loop { x += 1; }\n}\nfn eindheffing(hh) { 0.00 }\nfn bijzondere_bijstand(hh) { 0.00 }\nfn netto_onder_bijstandsnorm(hh) { false }\n",
        r#"{"jaar":2025,"op_lijst_belastingdienst":true,"personen":[{"geboortedatum":"1970-01-01"}]}"#,
    );
    assert!(!invoer);
    insta::assert_snapshot!(s);
}

#[test]
fn fout_deling_door_nul_noemt_bestand_en_regel() {
    let (_, s) = evaluatie_fout(
        "nl/2025/uitkomst.rhai",
        "// art. 78gg\nfn besteedbaar_inkomen(s) { s.netto_inkomen + s.toeslagen }\nfn tekort(hh) {\n    hh.referentie.besteedbaar_inkomen / 0\n}\nfn gemiste_toeslagen(hh) { 0.00 }\n",
        PAAR,
    );
    insta::assert_snapshot!(s);
}

#[test]
fn fout_ontbrekend_jaar() {
    // A rules tree with only 2025 (the shipped tree gains years over time).
    let regels = Regels::new(Box::new(avp_tests::regels_2025_in_geheugen()));
    let f: Fouten = regels.pack(2026).err().unwrap_or_default();
    insta::assert_snapshot!(
        render::fouten(&f).replace(&avp_tests::root().display().to_string(), "<root>")
    );
}

#[test]
fn fout_beleidsregels() {
    let tekst = "naam = \"x\"\nbron = \"y\"\n[vermogen]\ngrens = \"bedrag\"\n[inkomen]\nreferteperiode_maanden = 13\nreferteperiode_gelijk_inkomen_maanden = 1\nvakantietoeslag_opslag = 8\n";
    let f = avp_engine::policy::lees_beleidsregels("beleidsregels.toml", tekst)
        .err()
        .unwrap_or_default();
    insta::assert_snapshot!(render::fouten(&f));
}

#[test]
fn fout_beleidsregels_onbekende_sleutel() {
    let tekst = "naam = \"x\"\nbron = \"y\"\n[vermogen]\ngrenz = \"zorgtoeslag\"\n";
    let f = avp_engine::policy::lees_beleidsregels("beleidsregels.toml", tekst)
        .err()
        .unwrap_or_default();
    insta::assert_snapshot!(render::fouten(&f));
}

#[test]
fn gebruiksfout_geeft_exit_2() {
    let (code, _, err) = cli(&["eval"]);
    assert_eq!(code, 2);
    assert!(err.contains("\nGebruik: avp eval"), "{err}");
    let (code, _, _) = cli(&["eval", "/bestaat/niet.json"]);
    assert_eq!(code, 2);
}

/// Issue 11 item 3: no error of `avp eval` shows a full BSN, in its message or in the quoted
/// source line, whatever the mistake (a string BSN beside another error, a BSN as a number, an
/// invalid BSN, TOML and JSON).
#[test]
fn geen_volledig_bsn_in_foutmeldingen() {
    let dir = std::env::temp_dir().join(format!("avp-bsn-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let gevallen = [
        ("a.json", r#"{"jaar":2025,"personen":[{"bsn":"111222333","geboortedatum":"1970-01-01","inkomsten":[{"soort":"wiaa","bruto_per_jaar":1}]}]}"#, "111222333"),
        ("b.json", r#"{"jaar":2025,"personen":[{"bsn":77160525,"geboortedatum":"1970-01-01"}]}"#, "77160525"),
        ("c.json", r#"{"jaar":2025,"personen":[{"bsn":"123456789","geboortedatum":"1970-01-01"}]}"#, "123456789"),
        ("d.toml", "jaar = 2025\n[[personen]]\nbsn = \"111222333\"\ngeboortedatum = 1970-01-01\nonbekend = 1\n", "111222333"),
        ("e.json", r#"{"jaar":2025,"personen":[{"bsn":"111222333","geboortedatum":"1970-13-01"}]}"#, "111222333"),
    ];
    for (naam, tekst, bsn) in gevallen {
        let pad = dir.join(naam);
        let _ = std::fs::write(&pad, tekst);
        let (code, out, err) = cli(&["eval", &pad.display().to_string()]);
        assert_eq!(code, 2, "{naam}: {out}{err}");
        assert!(!err.contains(bsn) && !out.contains(bsn), "{naam}: {err}");
        if naam.ends_with(".json") {
            // the quoted (one-line) record keeps the last three digits, so it stays recognisable
            assert!(err.contains(&bsn[bsn.len() - 3..]), "{naam}: {err}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 11 item 11 (found while building the fuzz harness): miette wraps a long message at 100
/// columns and may break a word inside a run of digits. A BSN at the end of a long unknown field
/// name came out whole, in two halves on two lines (`…aaa12345` / `│ 6789`), because the
/// masking ran only after the layout.
#[test]
fn geen_bsn_verdeeld_over_twee_regels() {
    let dir = std::env::temp_dir().join(format!("avp-bsn-regels-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    // every place of the break inside the nine digits
    for n in 80..100 {
        let pad = dir.join("lang.json");
        let veld = format!("{}123456789", "a".repeat(n));
        let _ = std::fs::write(&pad, format!("{{\"jaar\": 2025, \"{veld}\": 1}}"));
        let (code, out, err) = cli(&["eval", &pad.display().to_string()]);
        assert_eq!(code, 2, "{out}{err}");
        // the lines joined again, without miette's frame in front of a continued line
        let samen: String = err
            .lines()
            .map(|l| l.trim_start_matches(|c: char| c.is_whitespace() || "│·╰╭─×".contains(c)))
            .collect();
        assert!(!samen.contains("123456789"), "{n}: {err}");
        assert!(!samen.contains("12345678"), "{n}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
