//! Issue 11 item 5: `avp check` runs every pack (golden cases of its year and generated
//! households), so a pack that compiles but cannot decide is refused at the rule's location,
//! each error once even when later years inherit the file.

/// Run `avp check` on a copy of the shipped rules in which `bestand` has `van` replaced by `naar`.
fn check_met(bestand: &str, van: &str, naar: &str) -> (u8, String, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let regels = tmp.path().join("rules");
    avp_tests::kopieer_regels(&regels);
    let pad = regels.join(bestand);
    let tekst = std::fs::read_to_string(&pad).expect("lees");
    assert!(tekst.contains(van), "{van} niet in {bestand}");
    std::fs::write(&pad, tekst.replacen(van, naar, 1)).expect("schrijf");
    let (code, out, err) = avp_tests::avp(&[std::path::Path::new("check"), &regels]);
    let schoon = |t: String| t.replace(&tmp.path().display().to_string(), "<tmp>");
    (code, schoon(out), schoon(err))
}

const ZORGTOESLAG: &str = "nl/2025/zorgtoeslag.rhai";
const BEGIN: &str = "fn zorgtoeslag(s) {\n";

#[test]
fn de_geleverde_regels_zijn_in_orde_en_worden_doorgerekend() {
    let regels = avp_tests::root().join("rules");
    let (code, out, err) = avp_tests::avp(&[std::path::Path::new("check"), &regels]);
    assert_eq!(code, 0, "{err}");
    // the golden cases beside rules/ are run, with 300 generated households per pack
    let jaar_2025 = out
        .lines()
        .find(|l| l.starts_with("pakket 2025:"))
        .unwrap_or_default();
    assert!(
        jaar_2025.contains("gouden gevallen en 300 gegenereerde huishoudens"),
        "{out}"
    );
    assert!(!jaar_2025.contains(" 0 gouden"), "{out}");
    assert!(
        out.contains("pakket 2027:") && out.contains("nog niet is vastgesteld"),
        "{out}"
    );
    assert!(out.ends_with("alles in orde\n"), "{out}");
}

#[test]
fn een_regel_die_niet_stopt_wordt_een_keer_gemeld() {
    // 2026 and 2027 inherit zorgtoeslag.rhai from 2025: still one error
    let (code, _, err) = check_met(ZORGTOESLAG, BEGIN, "fn zorgtoeslag(s) {\n    loop { }\n");
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("<tmp>/rules/nl/2025/zorgtoeslag.rhai:6:1: in regel `zorgtoeslag`: de regel is afgebroken: te veel rekenstappen\n"), "{err}");
    assert!(err.ends_with("1 fout(en) gevonden\n"), "{err}");
}

#[test]
fn deling_door_nul_op_zijn_plaats() {
    let naar = "fn zorgtoeslag(s) {\n    let x = 1 / (s.aantal_personen - s.aantal_personen);\n";
    let (code, _, err) = check_met(ZORGTOESLAG, BEGIN, naar);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(
            "<tmp>/rules/nl/2025/zorgtoeslag.rhai:7:15: in regel `zorgtoeslag`: deling door nul"
        ),
        "{err}"
    );
    assert!(err.ends_with("1 fout(en) gevonden\n"), "{err}");
}

#[test]
fn import_is_niet_toegestaan() {
    let (code, _, err) = check_met(
        ZORGTOESLAG,
        BEGIN,
        "fn zorgtoeslag(s) {\n    import \"os\" as os;\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "zorgtoeslag.rhai:7:5: in regel `zorgtoeslag`: `import` hoort niet bij de regeltaal"
        ) && err.contains("regels laden geen modules"),
        "{err}"
    );
}

#[test]
fn een_fout_in_een_jaar_dat_niet_wordt_geerfd_noemt_dat_jaar() {
    // 2026 has its own huurtoeslag.rhai: an error there is 2026's alone
    let (code, _, err) = check_met(
        "nl/2026/huurtoeslag.rhai",
        "fn huurtoeslag(s) {\n",
        "fn huurtoeslag(s) {\n    let x = 1 / 0;\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("<tmp>/rules/nl/2026/huurtoeslag.rhai:"),
        "{err}"
    );
}

#[test]
fn een_parameter_van_het_verkeerde_type_op_zijn_toml_regel() {
    // with a unit (an amount) and without one (a factor of the huurtoeslag formula): each named
    // once, at the value, not at the rule that reads it
    for (bestand, van, naar, plek) in [
        (
            "nl/2025/tegemoetkoming.toml",
            "bedrag = { waarde = 1000.00,",
            "bedrag = { waarde = \"duizend\",",
            "<tmp>/rules/nl/2025/tegemoetkoming.toml:6:",
        ),
        (
            "nl/2025/huurtoeslag.toml",
            "factor_a = 0.000000438698",
            "factor_a = \"duizend\"",
            "<tmp>/rules/nl/2025/huurtoeslag.toml:21:12: parameter `huurtoeslag.eenpersoons.factor_a` is tekst (\"duizend\")",
        ),
    ] {
        let (code, _, err) = check_met(bestand, van, naar);
        assert_eq!(code, 1, "{err}");
        assert!(err.starts_with(plek), "{err}");
        assert!(err.ends_with("1 fout(en) gevonden\n"), "{err}");
    }
}

#[test]
fn een_regelbestand_dat_geen_utf8_is_wordt_niet_overgeslagen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let regels = tmp.path().join("rules");
    avp_tests::kopieer_regels(&regels);
    let pad = regels.join(ZORGTOESLAG);
    let mut bytes = std::fs::read(&pad).expect("lees");
    bytes.extend_from_slice(b"// caf\xe9\n");
    std::fs::write(&pad, bytes).expect("schrijf");
    let (code, _, err) = avp_tests::avp(&[std::path::Path::new("check"), &regels]);
    let err = err.replace(&tmp.path().display().to_string(), "<tmp>");
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("<tmp>/rules/nl/2025/zorgtoeslag.rhai: het bestand is onleesbaar: geen geldige UTF-8-tekst"), "{err}");
    assert!(err.ends_with("1 fout(en) gevonden\n"), "{err}");
}

/// Issue 7: the rule language is what the engine runs. A rule outside it, or one that reads a
/// quantity, data field or parameter that does not exist, is a check error at its place with a
/// hint, before any household is evaluated.
#[test]
fn een_verkeerd_gespelde_grootheid_op_zijn_plaats_met_suggestie() {
    let (code, _, err) = check_met(
        ZORGTOESLAG,
        "zorgtoeslag_voor(s.toetsingsinkomen,",
        "zorgtoeslag_voor(s.toetsingsinkomn,",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(
            "<tmp>/rules/nl/2025/zorgtoeslag.rhai:15:24: in regel `zorgtoeslag`: `toetsingsinkomn` is geen grootheid van het pakket en geen gegeven van het huishouden\n"
        ),
        "{err}"
    );
    assert!(err.contains("bedoelt u `toetsingsinkomen`?"), "{err}");
}

#[test]
fn switch_op_zijn_plaats_met_de_vorm_die_wel_kan() {
    let (code, _, err) = check_met(
        ZORGTOESLAG,
        BEGIN,
        "fn zorgtoeslag(s) {\n    let x = switch s.aantal_personen { 1 => 1, _ => 2 };\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(
            "<tmp>/rules/nl/2025/zorgtoeslag.rhai:7:13: in regel `zorgtoeslag`: `switch` hoort niet bij de regeltaal\n"
        ),
        "{err}"
    );
    assert!(err.contains("schrijf `if … else if … else`"), "{err}");
}

#[test]
fn een_onbekende_parameter_op_zijn_plaats_met_suggestie() {
    let (code, _, err) = check_met(
        ZORGTOESLAG,
        "zorgtoeslag::standaardpremie * 2",
        "zorgtoeslag::standaardpremi * 2",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(
            "<tmp>/rules/nl/2025/zorgtoeslag.rhai:21:31: regel `zorgtoeslag_voor` leest parameter `zorgtoeslag::standaardpremi`, maar die bestaat niet\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("bedoelt u `zorgtoeslag::standaardpremie`?"),
        "{err}"
    );
}
