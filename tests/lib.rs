//! Shared helpers for the avp integration tests.

pub mod invarianten;

use std::path::{Path, PathBuf};

use avp_engine::source::{GeheugenBron, MapBron};
use avp_engine::Regels;

/// The workspace root.
pub fn root() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    p.canonicalize().unwrap_or(p)
}

/// The shipped rules, from disk.
pub fn regels() -> Regels {
    Regels::new(Box::new(MapBron::new(root().join("rules"))))
}

/// The shipped 2025 pack and municipalities only, in memory: a fixture for other years that does
/// not depend on the shipped packs of those years.
pub fn regels_2025_in_geheugen() -> GeheugenBron {
    let mut bron = GeheugenBron::new("rules");
    for (pad, tekst) in alle_bestanden() {
        if !pad.starts_with("nl/") || pad.starts_with("nl/2025/") {
            bron.zet(pad, tekst);
        }
    }
    bron
}

/// The shipped rules copied into memory, so a test can change one file.
pub fn regels_in_geheugen() -> GeheugenBron {
    let mut bron = GeheugenBron::new("rules");
    for (pad, tekst) in alle_bestanden() {
        bron.zet(pad, tekst);
    }
    bron
}

fn alle_bestanden() -> Vec<(String, String)> {
    let mut uit = Vec::new();
    fn loop_door(basis: &Path, map: &Path, uit: &mut Vec<(String, String)>) {
        let Ok(rd) = std::fs::read_dir(map) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                loop_door(basis, &p, uit);
            } else if let (Ok(t), Ok(rel)) = (std::fs::read_to_string(&p), p.strip_prefix(basis)) {
                uit.push((rel.to_string_lossy().replace('\\', "/"), t));
            }
        }
    }
    let basis = root().join("rules");
    loop_door(&basis, &basis, &mut uit);
    uit
}

/// A `pack.toml` for a fixture year that extends `extends` and takes over the 2025 namespaces
/// `overgenomen` unchanged (a fixture, not a statement about the real year).
pub fn fixture_pack_toml(jaar: i32, regeling: &str, extends: i32, overgenomen: &[&str]) -> String {
    let mut s = format!(
        "jaar = {jaar}\nregeling = \"{regeling}\"\nnaam = \"testpakket {jaar}\"\nbron = \"testfixture\"\nextends = \"{extends}\"\n\n[overgenomen]\n"
    );
    for ns in overgenomen {
        s.push_str(&format!("\"{ns}\" = \"testfixture: ongewijzigd\"\n"));
    }
    s
}

/// Every parameter namespace of the shipped 2025 pack except `tegemoetkoming`.
pub const NAMESPACES_2025: &[&str] = &[
    "bijstand",
    "doelgroep",
    "heffingskortingen",
    "huurtoeslag",
    "inkomen",
    "inkomstenbelasting",
    "kindgebonden_budget",
    "toeslagen",
    "zorgtoeslag",
];

/// The 2025 pack in memory plus a fixture 2024 (handelingsperspectief) that reuses every 2025
/// number and the shipped 2024 rule and reason files (`tegemoetkoming.rhai`, `redenen.toml`), so
/// that the handelingsperspectief mechanism is tested apart from the 2024 data.
pub fn regels_handelingsperspectief_in_geheugen() -> GeheugenBron {
    let mut bron = regels_2025_in_geheugen();
    bron.zet(
        "nl/2024/pack.toml",
        fixture_pack_toml(2024, "handelingsperspectief", 2025, NAMESPACES_2025),
    );
    for f in ["tegemoetkoming.rhai", "redenen.toml"] {
        let tekst =
            std::fs::read_to_string(root().join("rules/nl/2024").join(f)).unwrap_or_default();
        bron.zet(format!("nl/2024/{f}"), tekst);
    }
    bron
}

/// `[overgenomen]` for a fixture year that only changes `tegemoetkoming::bedrag`: every other
/// namespace of 2025 holds unchanged (fixture, not a statement about the real year).
pub const OVERGENOMEN: &str = r#"
[overgenomen]
bijstand = "testfixture: ongewijzigd"
doelgroep = "testfixture: ongewijzigd"
heffingskortingen = "testfixture: ongewijzigd"
huurtoeslag = "testfixture: ongewijzigd"
inkomen = "testfixture: ongewijzigd"
inkomstenbelasting = "testfixture: ongewijzigd"
kindgebonden_budget = "testfixture: ongewijzigd"
"tegemoetkoming::eindheffing_percentage_per_betaaljaar" = "testfixture: ongewijzigd"
toeslagen = "testfixture: ongewijzigd"
zorgtoeslag = "testfixture: ongewijzigd"
"#;

/// The same households as CSV rows (every column, `,` as separator, one row per line).
pub fn als_csv(hhs: &[avp_engine::record::Huishouden]) -> String {
    use avp_engine::record::Soort;
    let mut kop: Vec<String> = [
        "jaar",
        "gemeente",
        "fiscaal_partner",
        "toeslagpartner",
        "op_lijst_belastingdienst",
        "bekend_uit_handelingsperspectief",
        "omstandigheden_gewijzigd",
        "aanvraagdatum",
        "vermogen",
        "huur_per_maand",
        "iban",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for p in 1..=2 {
        for v in ["bsn", "geboortedatum", "overlijdensdatum"] {
            kop.push(format!("persoon{p}_{v}"));
        }
        for s in Soort::ALLE {
            kop.push(format!("persoon{p}_{}", s.naam()));
        }
    }
    for k in 1..=3 {
        kop.push(format!("kind{k}_geboortedatum"));
    }
    let mut t = kop.join(",");
    t.push('\n');
    let jn = |b: bool| if b { "ja" } else { "nee" }.to_string();
    for h in hhs {
        let mut r: Vec<String> = vec![
            h.jaar.to_string(),
            h.gemeente.clone().unwrap_or_default(),
            jn(h.fiscaal_partner),
            jn(h.toeslagpartner),
            jn(h.op_lijst_belastingdienst),
            jn(h.bekend_uit_handelingsperspectief),
            jn(h.omstandigheden_gewijzigd),
            h.aanvraagdatum.map(|d| d.0.to_string()).unwrap_or_default(),
            h.vermogen.to_string(),
            h.huur_per_maand.map(|d| d.to_string()).unwrap_or_default(),
            h.iban.clone().unwrap_or_default(),
        ];
        for p in 0..2 {
            match h.personen.get(p) {
                Some(x) => {
                    r.push(x.bsn.clone().unwrap_or_default());
                    r.push(x.geboortedatum.0.to_string());
                    r.push(
                        x.overlijdensdatum
                            .map(|d| d.0.to_string())
                            .unwrap_or_default(),
                    );
                    for s in Soort::ALLE {
                        let som = x
                            .inkomsten
                            .iter()
                            .filter(|i| i.soort == s)
                            .filter_map(|i| i.bruto_per_jaar)
                            .reduce(|a, b| a + b);
                        r.push(som.map(|d| d.to_string()).unwrap_or_default());
                    }
                }
                None => r.extend(std::iter::repeat_n(String::new(), 3 + Soort::ALLE.len())),
            }
        }
        for k in 0..3 {
            r.push(
                h.kinderen
                    .get(k)
                    .map(|c| c.geboortedatum.0.to_string())
                    .unwrap_or_default(),
            );
        }
        t.push_str(&r.join(","));
        t.push('\n');
    }
    t
}

/// Copy the shipped rules to `naar` (a directory that a test may change).
pub fn kopieer_regels(naar: &Path) {
    fn kopieer(van: &Path, naar: &Path) {
        std::fs::create_dir_all(naar).expect("map");
        for e in std::fs::read_dir(van).expect("lees map").flatten() {
            let doel = naar.join(e.file_name());
            if e.path().is_dir() {
                kopieer(&e.path(), &doel);
            } else {
                std::fs::copy(e.path(), doel).expect("kopieer");
            }
        }
    }
    kopieer(&root().join("rules"), naar);
}

/// Run the `avp` command line in-process with `args` (without the program name): the exit code,
/// standard output and standard error.
pub fn avp<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (u8, String, String) {
    let mut argv: Vec<std::ffi::OsString> = vec!["avp".into()];
    argv.extend(args.iter().map(|a| a.as_ref().to_os_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = avp_cli::run(argv, &mut out, &mut err);
    let tekst = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (code, tekst(&out), tekst(&err))
}

/// The two example households on one line each.
pub fn voorbeeld_op_een_regel(naam: &str) -> String {
    let t = std::fs::read_to_string(root().join("examples").join(naam)).expect("voorbeeld");
    let v: serde_json::Value = serde_json::from_str(&t).expect("json");
    serde_json::to_string(&v).expect("json")
}

/// The shipped rules directory, as a command-line argument.
pub fn regels_map() -> String {
    root().join("rules").display().to_string()
}

/// Run the CLI; paths of `map` are shown as `<tmp>` so snapshots hold no absolute paths.
pub fn avp_in(args: &[&str], map: Option<&Path>) -> (u8, String, String) {
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
        s.replace(&root().display().to_string(), "<repo>")
    };
    (code, schoon(&out), schoon(&err))
}

/// A file's text, empty when it cannot be read.
pub fn lees_tekst(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Every line of `t` as JSON.
pub fn json_regels(t: &str) -> Vec<serde_json::Value> {
    t.lines()
        .map(|l| serde_json::from_str(l).expect("json-regel"))
        .collect()
}

/// A population with broken lines: bad JSON, a BSN failing the elfproef, an unknown field, a BSN
/// as a number, invalid UTF-8 — and a blank line that is skipped.
pub fn populatie_met_fouten() -> Vec<u8> {
    let wia = voorbeeld_op_een_regel("doelgroep-wia.json");
    let ww = voorbeeld_op_een_regel("paar-ww.json");
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

/// The shipped rules plus an `extends = "2025"` fixture year, on disk (the CLI reads `--rules`).
pub fn regels_met_jaar(tmp: &Path, jaar: i32, tegemoetkoming: &str) -> PathBuf {
    let map = tmp.join("rules");
    kopieer_regels(&map);
    let jaar_map = map.join(format!("nl/{jaar}"));
    let _ = std::fs::remove_dir_all(&jaar_map);
    let _ = std::fs::create_dir_all(&jaar_map);
    let _ = std::fs::write(
        jaar_map.join("pack.toml"),
        format!("jaar = {jaar}\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}", OVERGENOMEN),
    );
    let _ = std::fs::write(jaar_map.join("tegemoetkoming.toml"), tegemoetkoming);
    map
}

/// The 2026 tegemoetkoming of € 1.100 with its source, as a fixture parameter file.
pub const BEDRAG_2026: &str = "# art. 15ba onder b\nbedrag = { waarde = 1100.00, eenheid = \"euro_per_jaar\", bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ; Stcrt. 2025, 44064\" }\n";

/// A CSV input of a few households (columns as `avp batch` reads them).
pub const CSV_VOORBEELD: &str = "\
kenmerk;jaar;fiscaal_partner;toeslagpartner;aanvraagdatum;vermogen;huur_per_maand;iban;gemeente;persoon1_bsn;persoon1_geboortedatum;persoon1_wia;persoon2_geboortedatum;persoon2_loon;kind1_geboortedatum
D-1;2025;ja;ja;20-05-2025;8500;720,00;NL91ABNA0417164300;0344;111222333;08-03-1971;31000,00;1975-11-21;;2013-06-01
D-2;2025;nee;nee;;;;;;;1980-01-01;;;;
D-3;2025;ja;ja;;;;;;;1965-01-01;20000;1966-02-02;25000;
";

/// `avp diff --jaar 2025 --zet tegemoetkoming::bedrag=1200 --populatie POPULATIE` and `extra`:
/// the variant the workbench tests compare against.
pub fn diff_bedrag_1200(populatie: &std::path::Path, extra: &[&str]) -> (u8, String, String) {
    let p = populatie.to_str().expect("pad");
    let mut args = vec![
        "diff",
        "--jaar",
        "2025",
        "--zet",
        "tegemoetkoming::bedrag=1200",
        "--populatie",
        p,
    ];
    args.extend(extra);
    avp(&args)
}
