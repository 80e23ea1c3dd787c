//! Issue 4: beleidsregels of municipalities, the decision as a letter, `avp init-gemeente`,
//! `avp beleidsregels render`, `avp check` on malformed beleidsregels and
//! `avp eval --verify-herkomst`. Snapshots (insta) pin the texts a case worker reads.

use std::path::{Path, PathBuf};

fn pad(rel: &str) -> String {
    avp_tests::root().join(rel).display().to_string()
}

/// Run the CLI; paths of the repository and of `tmp` are shown as `<repo>/` and `<tmp>/`.
fn cli_in(tmp: Option<&Path>, args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec!["avp".into()];
    argv.extend(args.iter().map(|a| std::ffi::OsString::from(*a)));
    let code = avp_cli::run(argv, &mut out, &mut err);
    let root = pad("");
    let relatief = |b: &[u8]| {
        let mut s = String::from_utf8_lossy(b).replace(root.as_str(), "<repo>/");
        if let Some(t) = tmp {
            s = s.replace(&t.display().to_string(), "<tmp>");
        }
        s
    };
    (code, relatief(&out), relatief(&err))
}

fn cli(args: &[&str]) -> (u8, String, String) {
    cli_in(None, args)
}

/// A fresh directory with a copy of the national packs (no municipalities).
fn tijdelijke_regels(naam: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("avp-{naam}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bron = avp_tests::regels_in_geheugen();
    for jaar in avp_engine::pack::beschikbare_jaren(&bron) {
        let map = format!("nl/{jaar}");
        for f in avp_engine::source::RegelBron::inhoud(&bron, &map) {
            let p = format!("{map}/{f}");
            if let Some(t) = avp_engine::source::RegelBron::lees(&bron, &p) {
                let doel = dir.join(&p);
                if let Some(m) = doel.parent() {
                    std::fs::create_dir_all(m).ok();
                }
                std::fs::write(doel, t).ok();
            }
        }
    }
    dir
}

fn hash_filter() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"regels [0-9a-f]{12}", "regels [hash]"),
        (r"\([0-9a-f]{12}\)", "([hash])"),
    ]
}

fn eval(beleid: &str, formaat: &str) -> String {
    let (code, out, err) = cli(&[
        "eval",
        &pad("examples/zelfmelder-ww-maanden.json"),
        "--rules",
        &pad("rules"),
        "--beleidsregels",
        beleid,
        "--format",
        formaat,
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn brief_toekenning_voorbeeldstad() {
    insta::with_settings!({ filters => hash_filter() }, {
        insta::assert_snapshot!(eval("voorbeeldstad", "markdown"));
    });
}

#[test]
fn brief_afwijzing_ander_dorp() {
    let md = eval("ander-dorp", "markdown");
    assert!(md.contains("## Wat zou de uitkomst veranderen"));
    insta::with_settings!({ filters => hash_filter() }, {
        insta::assert_snapshot!(md);
    });
}

#[test]
fn zelfde_huishouden_twee_gemeenten_als_tekst() {
    let vs = eval("voorbeeldstad", "text");
    let ad = eval("ander-dorp", "text");
    assert_ne!(vs, ad);
    insta::with_settings!({ filters => hash_filter() }, {
        insta::assert_snapshot!("tekst_voorbeeldstad", vs);
        insta::assert_snapshot!("tekst_ander_dorp", ad);
    });
}

#[test]
fn brief_als_html() {
    let html = eval("voorbeeldstad", "html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<table>"));
    assert!(html.contains("<h2>Bezwaar</h2>"));
    assert!(!html.contains("| termijn |"), "tables are converted");
}

#[test]
fn beleidsregels_als_document() {
    let (code, out, err) = cli(&[
        "beleidsregels",
        "render",
        "voorbeeldstad",
        "--rules",
        &pad("rules"),
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    let (code, html, _) = cli(&[
        "beleidsregels",
        "render",
        "ander-dorp",
        "--rules",
        &pad("rules"),
        "--format",
        "html",
    ]);
    assert_eq!(code, 0);
    assert!(html.contains("<h2>Artikel 5. Vermogensgrens</h2>"));
    assert!(html.contains("€ 50.000,00"));
}

#[test]
fn init_gemeente_schrijft_model_en_overschrijft_niet() {
    let dir = tijdelijke_regels("init");
    let d = dir.display().to_string();
    let (code, out, err) = cli_in(
        Some(&dir),
        &[
            "init-gemeente",
            "Nieuw Dorp",
            "--code",
            "0999",
            "--rules",
            &d,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<tmp>/gemeenten/nieuw-dorp/beleidsregels.toml geschreven"));
    let tekst = std::fs::read_to_string(dir.join("gemeenten/nieuw-dorp/beleidsregels.toml"))
        .unwrap_or_default();
    insta::assert_snapshot!("init_gemeente_bestand", tekst);
    // the file it writes passes `avp check`
    let (code, out, err) = cli_in(Some(&dir), &["check", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("beleidsregels nieuw-dorp: in orde"));
    // a second run refuses to overwrite
    let (code, _, err) = cli_in(
        Some(&dir),
        &[
            "init-gemeente",
            "Nieuw Dorp",
            "--code",
            "0999",
            "--rules",
            &d,
        ],
    );
    assert_eq!(code, 2);
    let (code2, _, err2) = cli_in(
        Some(&dir),
        &["init-gemeente", "Ander", "--code", "99A", "--rules", &d],
    );
    assert_eq!(code2, 2);
    insta::assert_snapshot!("init_gemeente_weigert", format!("{err}{err2}"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_meldt_fouten_in_beleidsregels() {
    let dir = tijdelijke_regels("check");
    let schrijf = |naam: &str, tekst: &str| {
        let p = dir.join("gemeenten").join(naam);
        std::fs::create_dir_all(&p).ok();
        std::fs::write(p.join("beleidsregels.toml"), tekst).ok();
    };
    schrijf(
        "typefout",
        "naam = \"x\"\nbron = \"y\"\n[aanvraag]\nuiterlijk_maanden_na_afloop_jaar = \"twaalf\"\n",
    );
    schrijf(
        "onbekende-tabel",
        "naam = \"x\"\nbron = \"y\"\n[vermogens]\ngrens = \"zorgtoeslag\"\n",
    );
    schrijf(
        "waarden",
        "naam = \"x\"\ngemeente = \"344\"\nbron = \"y\"\n\n[terugwerkende_kracht]\njaren = [2022, 2024]\n\n[vermogen]\ngrens = \"bedrag\"\n\n[betaling]\nwijze = \"ineens\"\ntermijnen = 4\n",
    );
    schrijf(
        "verkeerde-keuze",
        "naam = \"x\"\nbron = \"y\"\n[vermogen]\ngrens = \"toeslagen\"\n",
    );
    let (code, _, err) = cli_in(Some(&dir), &["check", &dir.display().to_string()]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_herkomst_gelijk_en_verschillend() {
    let dir = std::env::temp_dir().join(format!("avp-herkomst-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok();
    let json = eval("ander-dorp", "json");
    let opgeslagen = dir.join("beslissing.json");
    std::fs::write(&opgeslagen, &json).ok();
    let o = opgeslagen.display().to_string();
    let hh = pad("examples/zelfmelder-ww-maanden.json");
    let r = pad("rules");
    let (code, out, err) = cli_in(
        Some(&dir),
        &["eval", &hh, "--rules", &r, "--verify-herkomst", &o],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("gelijk:"), "{out}");
    // a decision made under other beleidsregels and later edited: every difference is listed
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    v["herkomst"]["beleidsregels_hash"] = "0".repeat(64).into();
    v["toegekend"] = true.into();
    std::fs::write(&opgeslagen, v.to_string()).ok();
    let (code, out, _) = cli_in(
        Some(&dir),
        &["eval", &hh, "--rules", &r, "--verify-herkomst", &o],
    );
    assert_eq!(code, 1);
    insta::with_settings!({ filters => vec![(r#""[0-9a-f]{64}""#, "\"[hash]\"")] }, {
        insta::assert_snapshot!(out);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn terugwerkende_kracht_per_jaar() {
    let regels = avp_tests::regels();
    let hh = avp_engine::record::lees_huishouden(
        r#"{"jaar":2024,"fiscaal_partner":true,"toeslagpartner":true,"aanvraagdatum":"2025-03-01",
            "personen":[{"geboortedatum":"1979-07-30","inkomsten":[{"soort":"wia","bruto_per_jaar":33000}]},
                        {"geboortedatum":"1983-01-15"}]}"#,
        avp_engine::record::Formaat::Json,
        "h.json",
    )
    .expect("geldig record");
    let beslis = |naam: &str| {
        let b = regels.beleidsregels(naam).expect("beleidsregels");
        regels
            .beoordeel(&hh, &b, "h.json", Default::default())
            .expect("beslissing")
    };
    let codes = |b: &avp_engine::Beslissing| -> Vec<String> {
        b.redenen.iter().map(|r| r.code.clone()).collect()
    };
    // Voorbeeldstad looks back on 2024: assessed
    let vs = beslis("voorbeeldstad");
    assert!(vs.doelgroep.is_some(), "{:?}", codes(&vs));
    assert!(!codes(&vs).contains(&"jaar_niet_in_terugwerkende_kracht".to_string()));
    // Ander Dorp does not: not assessed, and it says what would change that
    let ad = beslis("ander-dorp");
    assert_eq!(ad.doelgroep, None);
    assert!(!ad.toegekend);
    assert!(codes(&ad).contains(&"jaar_niet_in_terugwerkende_kracht".to_string()));
    let v: Vec<&str> = ad
        .wat_zou_veranderen
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(v, ["terugkijken"]);
    // beleidsregels without [terugwerkende_kracht]: the default (no years) and the decision says so
    let stil = beslis(&pad("tests/fixtures/beleidsregels-zonder-vermogen.toml"));
    assert!(codes(&stil).contains(&"standaard_terugwerkende_kracht".to_string()));
    assert!(!stil.toegekend);
}

#[test]
fn lijst_met_toets_als_de_gemeente_dat_kiest() {
    let mut bron = avp_tests::regels_in_geheugen();
    bron.zet(
        "gemeenten/strikt/beleidsregels.toml",
        "naam = \"strikt\"\nbron = \"test\"\n[ambtshalve]\nlijst_belastingdienst = false\nbekend_uit_handelingsperspectief = false\n[vermogen]\ngrens = \"zorgtoeslag\"\n",
    );
    let regels = avp_engine::Regels::new(Box::new(bron));
    // on the list, but a single earner on loon: not the doelgroep
    let hh = avp_engine::record::lees_huishouden(
        r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"op_lijst_belastingdienst":true,
            "personen":[{"geboortedatum":"1979-07-30","inkomsten":[{"soort":"loon","bruto_per_jaar":33000}]},
                        {"geboortedatum":"1983-01-15"}]}"#,
        avp_engine::record::Formaat::Json,
        "h.json",
    )
    .expect("geldig record");
    let model = regels.beleidsregels("vng-model").expect("model");
    let strikt = regels.beleidsregels("strikt").expect("strikt");
    let a = regels
        .beoordeel(&hh, &model, "h.json", Default::default())
        .expect("beslissing");
    let b = regels
        .beoordeel(&hh, &strikt, "h.json", Default::default())
        .expect("beslissing");
    assert_eq!(
        (a.route.naam(), a.doelgroep, a.toegekend),
        ("ambtshalve_lijst", None, true)
    );
    assert_eq!(
        (b.route.naam(), b.doelgroep, b.toegekend),
        ("ambtshalve_lijst", Some(false), false)
    );
    assert!(b.betaling.is_none());
}

/// Issue 11 item 4: text from beleidsregels, records or rules never becomes markup in the HTML
/// letter or the HTML beleidsregels document: the classic payloads come out escaped or inert.
#[test]
fn html_uitvoer_ontsnapt_alle_tekst() {
    let dir = std::env::temp_dir().join(format!("avp-html-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let pad = dir.join("kwaad.toml");
    let _ = std::fs::write(
        &pad,
        "naam = \"Beleidsregels <script>alert(1)</script>\"\n\
         gemeentenaam = \"<script>alert(2)</script> [klik](javascript:alert(3)) <img src=x onerror=alert(4)>\"\n\
         bron = \"<iframe src=javascript:alert(5)></iframe>\"\n",
    );
    let p = pad.display().to_string();
    let voorbeeld = pad_van("examples/doelgroep-wia.json");
    for args in [
        vec!["beleidsregels", "render", p.as_str(), "--format", "html"],
        vec![
            "eval",
            voorbeeld.as_str(),
            "--beleidsregels",
            p.as_str(),
            "--format",
            "html",
        ],
    ] {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let laag = out.to_ascii_lowercase();
        for kwaad in ["<script", "<img src=x", "<iframe", "href=\"javascript"] {
            assert!(!laag.contains(kwaad), "{args:?}: {kwaad} in\n{out}");
        }
        assert!(
            out.contains("&lt;script&gt;alert("),
            "{args:?}: de tekst blijft leesbaar\n{out}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn pad_van(rel: &str) -> String {
    avp_tests::root().join(rel).display().to_string()
}

/// The text of reason `code` in the decision of a 2025 couple with WW `ww`, rent 650 and `extra`.
fn reden_tekst(ww: u32, extra: &str, code: &str) -> String {
    let json = format!(
        r#"{{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"huur_per_maand":"650.00",{extra}
 "personen":[{{"geboortedatum":"1970-01-01","inkomsten":[{{"soort":"ww","bruto_per_jaar":{ww}}}]}},
             {{"geboortedatum":"1972-01-01"}}]}}"#
    );
    let regels = avp_tests::regels();
    let hh = avp_engine::record::lees_huishouden(&json, avp_engine::record::Formaat::Json, "t")
        .expect("record");
    let beleid = regels.beleidsregels("vng-model").expect("model");
    let b = regels
        .beoordeel(&hh, &beleid, "t", Default::default())
        .expect("beslissing");
    b.redenen
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.tekst.clone())
        .unwrap_or_default()
}

#[test]
fn geen_tekort_zegt_welke_voorwaarde_faalde() {
    // issue 11 item 9: not "mist geen toeslagen of heeft geen lager besteedbaar inkomen"
    // WW 27.000: a lower income, but no toeslagen missed
    let t = reden_tekst(27000, "", "geen_tekort");
    assert!(t.contains("mist het huishouden geen toeslagen"), "{t}");
    assert!(t.contains("wel € 2.870,62 lager"), "{t}");
    assert!(!t.contains(" of "), "{t}");
    // WW 40.000: toeslagen missed, but no lower income
    let t = reden_tekst(40000, "", "geen_tekort");
    assert!(
        t.contains("heeft het huishouden geen lager besteedbaar inkomen"),
        "{t}"
    );
    assert!(t.contains("mist wel € 3.837,00"), "{t}");
    assert!(!t.contains(" of "), "{t}");
    // assets above the toeslag limits: no toeslagen on either side, and a higher income
    let t = reden_tekst(60000, r#""vermogen":250000,"#, "geen_tekort");
    assert!(
        t.contains(
            "mist het huishouden geen toeslagen en heeft het geen lager besteedbaar inkomen"
        ),
        "{t}"
    );
}

#[test]
fn brief_belooft_alleen_veranderingen_die_er_zijn() {
    // issue 11 item 9: paar-ww is rejected with nothing listed in wat_zou_veranderen
    for formaat in ["markdown", "html"] {
        let (code, out, err) = cli(&[
            "eval",
            &pad("examples/paar-ww.json"),
            "--rules",
            &pad("rules"),
            "--format",
            formaat,
            "--beleidsregels",
            "vng-model",
        ]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.contains("In deze brief leest u waarom."), "{out}");
        assert!(!out.contains("uitkomst zou veranderen"), "{out}");
    }
    // a rejection that lists a change keeps the sentence and the section
    let (_, out, _) = cli(&[
        "eval",
        &pad("examples/zelfmelder-ww-maanden.json"),
        "--rules",
        &pad("rules"),
        "--beleidsregels",
        "ander-dorp",
        "--format",
        "markdown",
    ]);
    assert!(out.contains("In deze brief leest u waarom, en wat de uitkomst zou veranderen."));
    assert!(out.contains("## Wat zou de uitkomst veranderen"));
}

/// `noemt` tells a table the municipality wrote from one it left to the default (the decision
/// says which default applied): each table on its own, and none.
#[test]
fn noemt_elke_tabel_apart() {
    use avp_engine::policy::{Beleidsregels, TABELLEN};
    let model = std::fs::read_to_string(
        avp_tests::root().join("rules/gemeenten/vng-model/beleidsregels.toml"),
    )
    .expect("vng-model");
    let mut volledig: toml::Table = toml::from_str(&model).expect("toml");
    // the model leaves this one to its default
    volledig.entry("aanvullende_bijstand").or_insert_with(|| {
        toml::Value::Table(toml::from_str("toekennen_op = \"werkelijk_inkomen\"").expect("toml"))
    });
    let kop = "naam = \"t\"\nbron = \"t\"\n";
    let leeg: Beleidsregels = toml::from_str(kop).expect("zonder tabellen");
    for t in TABELLEN {
        assert!(!leeg.noemt(t), "{t} zonder tabel");
        let Some(tabel) = volledig.get(t) else {
            panic!("het VNG-model mist [{t}]");
        };
        let mut een = toml::Table::new();
        een.insert(t.to_string(), tabel.clone());
        let tekst = format!("{kop}{}", toml::to_string(&een).expect("toml"));
        let b: Beleidsregels = toml::from_str(&tekst).expect("een tabel");
        for ander in TABELLEN {
            assert_eq!(b.noemt(ander), ander == t, "[{t}] alleen: noemt({ander})");
        }
    }
    assert!(!leeg.noemt("onbekend"));
}

/// Issue 11 item 11 (the fuzz harness's beleidsregels target): `[betaling] termijn_maanden` was
/// not checked, and 3 termijnen of 4294967295 months overflowed in `betaaldatums` (a panic in a
/// debug build, wrapped payment dates in a release build). Now 1 to 12, at its TOML position.
#[test]
fn termijn_maanden_van_1_tot_12() {
    let basis = "naam = \"x\"\nbron = \"y\"\n[betaling]\nwijze = \"termijnen\"\ntermijnen = 3\n";
    for m in ["0", "13", "4294967295"] {
        let tekst = format!("{basis}termijn_maanden = {m}\n");
        // the fuzz target's checks: no panic, an error as a value
        avp_tests::invarianten::beleidsregels(&tekst);
        let f = match avp_engine::policy::lees_beleidsregels("b.toml", &tekst) {
            Ok(_) => panic!("termijn_maanden = {m} aanvaard"),
            Err(f) => f.to_string(),
        };
        let verwacht = format!("b.toml:6:19: {m} maanden tussen twee termijnen is niet mogelijk");
        assert_eq!(f, verwacht);
    }
    let tekst = format!("{basis}termijn_maanden = 3\n");
    avp_tests::invarianten::beleidsregels(&tekst);
    let b = avp_engine::policy::lees_beleidsregels("b.toml", &tekst).expect("3 maanden");
    let datum = |m| chrono::NaiveDate::from_ymd_opt(2025, m, 20).expect("datum");
    assert_eq!(
        b.betaaldatums(datum(5)),
        [datum(5), datum(8), datum(11)],
        "elke drie maanden"
    );
}
