//! A year's pack replaces single inherited functions (`[vervangen]` in `pack.toml`, issue 19 item
//! 6): the new definition in a file of the year's own, the inherited file's other functions still
//! holding, `avp diff` naming the override, and every mistake refused with its place and a hint.

use avp_engine::error::Code;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::GeheugenBron;
use avp_engine::Regels;

/// A list household of 2026, paid in 2026.
const LIJST: &str = r#"{"jaar":2026,"op_lijst_belastingdienst":true,"iban":"NL91ABNA0417164300",
  "personen":[{"geboortedatum":"1970-01-01"}]}"#;

/// A fixture 2026 that extends the shipped 2025 pack, takes over every 2025 number, and has
/// `vervangen` (TOML lines) under `[vervangen]`.
fn jaar_2026(vervangen: &str) -> GeheugenBron {
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(
        "nl/2026/pack.toml",
        format!(
            "jaar = 2026\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}\"tegemoetkoming::bedrag\" = \"testfixture: ongewijzigd\"\n\n[vervangen]\n{vervangen}",
            avp_tests::OVERGENOMEN
        ),
    );
    bron
}

/// The new `tegemoetkoming`: the 2025 amount plus 100.
const PLUS_HONDERD: &str = "// testfixture: art. 15ba Regeling PW, IOAW en IOAZ, een ander bedrag\n\n/// De vaste tegemoetkoming, 100 hoger.\nfn tegemoetkoming(hh) {\n    tegemoetkoming::bedrag + 100\n}\n";

const REDEN: &str = "tegemoetkoming = \"testfixture: 100 meer\"\n";

fn fouten(bron: GeheugenBron, jaar: i32) -> avp_engine::error::Fouten {
    match Regels::new(Box::new(bron)).pack(jaar) {
        Ok(_) => panic!("het pakket {jaar} had geweigerd moeten worden"),
        Err(f) => f,
    }
}

#[test]
fn een_functie_vervangen_de_rest_van_het_bestand_blijft() {
    let mut bron = jaar_2026(REDEN);
    bron.zet("nl/2026/wijzigingen.rhai", PLUS_HONDERD);
    let regels = Regels::new(Box::new(bron));
    let pack = regels.pack(2026).expect("pakket 2026");
    let f = &pack.functies["tegemoetkoming"];
    assert_eq!(f.pad, "rules/nl/2026/wijzigingen.rhai");
    // the inherited file stays, without the replaced function; its other functions hold
    let geerfd = &pack.pack.regels["tegemoetkoming.rhai"];
    assert_eq!(geerfd.jaar, 2025);
    assert_eq!(geerfd.vervangen.get("tegemoetkoming"), Some(&2026));
    assert_eq!(
        pack.functies["eindheffing"].pad,
        "rules/nl/2025/tegemoetkoming.rhai"
    );
    let hh = lees_huishouden(LIJST, Formaat::Json, "t").expect("record");
    let beleid = regels.beleidsregels("vng-model").expect("model");
    let b = regels
        .beoordeel(&hh, &beleid, "t", Default::default())
        .expect("beslissing");
    // 2025's bedrag € 1.000 (inherited) + 100 from the new function
    assert_eq!(b.tegemoetkoming.to_string(), "1100.00");
    // the inherited `eindheffing` reads the new amount: paid in 2026, 1100 × 55,64% = 612,04
    assert_eq!(b.eindheffing.to_string(), "612.04");
}

#[test]
fn zonder_vervangen_is_een_tweede_definitie_een_fout_met_hint() {
    let mut bron = jaar_2026("");
    bron.zet("nl/2026/wijzigingen.rhai", PLUS_HONDERD);
    let f = fouten(bron, 2026);
    let fout =
        f.0.iter()
            .find(|f| f.code == Code::RegelsDubbel)
            .expect("dubbel");
    assert!(
        fout.bericht.contains("`tegemoetkoming`"),
        "{}",
        fout.bericht
    );
    let hulp = fout.hulp.as_deref().unwrap_or_default();
    assert!(
        hulp.contains("[vervangen]") && hulp.contains("2026"),
        "{hulp}"
    );
}

#[test]
fn vervangen_van_een_functie_die_het_jaar_niet_definieert() {
    let mut bron = jaar_2026("tegemoetkomin = \"testfixture\"\n");
    bron.zet("nl/2026/wijzigingen.rhai", PLUS_HONDERD);
    let f = fouten(bron, 2026);
    let fout =
        f.0.iter()
            .find(|f| f.code == Code::PackVervangenOnbekend)
            .expect("onbekend");
    assert!(fout.bericht.contains("`tegemoetkomin`"), "{}", fout.bericht);
    assert_eq!(fout.hulp.as_deref(), Some("bedoelt u `tegemoetkoming`?"));
    let plek = fout
        .locatie
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(plek.starts_with("rules/nl/2026/pack.toml:"), "{plek}");
}

#[test]
fn een_nieuwe_functie_hoort_niet_in_vervangen() {
    let mut bron = jaar_2026("nieuwe_grootheid = \"testfixture\"\n");
    bron.zet(
        "nl/2026/wijzigingen.rhai",
        "// testfixture\n\n/// Nieuw.\nfn nieuwe_grootheid(hh) {\n    1.00\n}\n",
    );
    let f = fouten(bron, 2026);
    let fout =
        f.0.iter()
            .find(|f| f.code == Code::PackVervangenOnbekend)
            .expect("onbekend");
    assert!(
        fout.bericht.contains("erft geen functie"),
        "{}",
        fout.bericht
    );
    assert!(
        fout.hulp
            .as_deref()
            .unwrap_or_default()
            .contains("verwijder de regel"),
        "{:?}",
        fout.hulp
    );
}

#[test]
fn een_bestand_met_de_geerfde_naam_vervangt_het_geheel() {
    // the new function in `tegemoetkoming.rhai` of 2026: that file replaces 2025's as a whole,
    // so there is nothing left to replace, and the hint says how to do it instead
    let mut bron = jaar_2026(REDEN);
    bron.zet("nl/2026/tegemoetkoming.rhai", PLUS_HONDERD);
    let f = fouten(bron, 2026);
    let fout =
        f.0.iter()
            .find(|f| f.code == Code::PackVervangenOnbekend)
            .expect("onbekend");
    let hulp = fout.hulp.as_deref().unwrap_or_default();
    assert!(
        hulp.contains("rules/nl/2026/tegemoetkoming.rhai") && hulp.contains("als geheel"),
        "{hulp}"
    );
}

#[test]
fn vervangen_zonder_reden() {
    let mut bron = jaar_2026("tegemoetkoming = \" \"\n");
    bron.zet("nl/2026/wijzigingen.rhai", PLUS_HONDERD);
    let f = fouten(bron, 2026);
    assert!(
        f.0.iter().any(|f| f.code == Code::PackVervangenZonderReden),
        "{f:?}"
    );
}

#[test]
fn een_later_jaar_erft_de_vervanging() {
    let mut ns = avp_tests::NAMESPACES_2025.to_vec();
    ns.push("tegemoetkoming");
    // 2027 extends the fixture 2026 and changes nothing: the replaced function stays replaced
    let mut bron = jaar_2026(REDEN);
    bron.zet("nl/2026/wijzigingen.rhai", PLUS_HONDERD);
    bron.zet(
        "nl/2027/pack.toml",
        avp_tests::fixture_pack_toml(2027, "tijdelijke_regeling", 2026, &ns),
    );
    let pack = Regels::new(Box::new(bron)).pack(2027).expect("pakket 2027");
    assert_eq!(
        pack.functies["tegemoetkoming"].pad,
        "rules/nl/2026/wijzigingen.rhai"
    );
    assert_eq!(
        pack.functies["eindheffing"].pad,
        "rules/nl/2025/tegemoetkoming.rhai"
    );
}

#[test]
fn avp_diff_toont_de_vervanging() {
    let map = tempfile::tempdir().expect("tijdelijke map");
    avp_tests::kopieer_regels(map.path());
    let nl = map.path().join("nl/2026");
    let manifest = std::fs::read_to_string(nl.join("pack.toml")).expect("pack.toml");
    std::fs::write(
        nl.join("pack.toml"),
        format!("{manifest}\n[vervangen]\n{REDEN}"),
    )
    .expect("schrijven");
    std::fs::write(nl.join("wijzigingen.rhai"), PLUS_HONDERD).expect("schrijven");
    let rules = map.path().to_string_lossy().to_string();
    let (code, uit, fout) = avp_tests::avp(&["diff", "2025", "2026", "--rules", &rules]);
    assert_eq!(code, 0, "{fout}");
    let blok = uit
        .split("Regelfuncties die verschillen")
        .nth(1)
        .expect("sectie met functies");
    let regels: Vec<&str> = blok.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    let tegemoetkoming = regels
        .iter()
        .position(|l| l.trim() == "tegemoetkoming (gewijzigd)")
        .expect("tegemoetkoming genoemd");
    assert!(regels[tegemoetkoming + 1].ends_with("nl/2025/tegemoetkoming.rhai:8"));
    assert!(regels[tegemoetkoming + 2].ends_with("nl/2026/wijzigingen.rhai:4"));
    assert_eq!(
        regels[tegemoetkoming + 3].trim(),
        "vervangt de geërfde functie ([vervangen] in 2026): testfixture: 100 meer"
    );
    // the other functions of the inherited file are no change
    assert!(!blok.contains("eindheffing ("), "{blok}");
}
