//! `avp diff`: snapshots on in-memory fixture packs (the shipped packs are still changing), and
//! one check on the shipped rules.

use avp_cli::werkbank::diff::{vergelijk, Wijziging};
use avp_engine::error::Code;
use avp_engine::Regels;

/// 2025 as shipped plus a fixture 2026 that changes the amount, adds a parameter, changes one
/// rule file and one reason text.
fn fixture() -> Regels {
    let mut bron = avp_tests::regels_2025_in_geheugen();
    let mut ns: Vec<&str> = avp_tests::NAMESPACES_2025.to_vec();
    ns.push("tegemoetkoming::eindheffing_percentage_per_betaaljaar");
    bron.zet(
        "nl/2026/pack.toml",
        avp_tests::fixture_pack_toml(2026, "tijdelijke_regeling", 2025, &ns),
    );
    bron.zet(
        "nl/2026/tegemoetkoming.toml",
        "# art. 15ba\nbron = \"fixture 2026\"\nbedrag = { waarde = 1100.00, eenheid = \"euro_per_jaar\", bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ (fixture)\" }\nnieuw_percentage = { waarde = 0.0725, eenheid = \"fractie\" }\nnog_open = { nog_niet_vastgesteld = true, eenheid = \"euro_per_jaar\", bron = \"fixture: nog niet gepubliceerd\" }\n",
    );
    bron.zet(
        "nl/2026/uitkomst.rhai",
        "// Participatiewet art. 78gg lid 1 onder b en c (fixture)\n\n/// Besteedbaar inkomen.\nfn besteedbaar_inkomen(s) {\n    s.netto_inkomen + s.toeslagen\n}\n\n/// Tekort.\nfn tekort(hh) {\n    positief(hh.referentie.besteedbaar_inkomen - hh.werkelijk.besteedbaar_inkomen)\n}\n\n/// Gemiste toeslagen.\nfn gemiste_toeslagen(hh) {\n    hh.referentie.toeslagen - hh.werkelijk.toeslagen\n}\n",
    );
    bron.zet(
        "nl/2026/redenen.toml",
        "# fixture\n[reden.geen_berekening]\ntekst = \"Het record bevat geen inkomen; er is niets berekend.\"\ngrondslag = \"art. 78gg Participatiewet\"\n",
    );
    Regels::new(Box::new(bron))
}

fn verschil(regels: &Regels, a: i32, b: i32) -> avp_cli::werkbank::diff::Jaarverschil {
    let (pa, pb) = (
        regels.pack(a).expect("pakket a"),
        regels.pack(b).expect("pakket b"),
    );
    vergelijk(&pa.pack, &pb.pack)
}

#[test]
fn verschil_als_tekst() {
    let v = verschil(&fixture(), 2025, 2026);
    assert_eq!(v.gewijzigd.len(), 1, "alleen het bedrag verandert");
    assert_eq!(v.toegevoegd.len(), 2);
    assert!(v.verwijderd.is_empty());
    assert_eq!(v.regels.len(), 1);
    assert_eq!(v.regels[0].wijziging, Wijziging::Gewijzigd);
    assert_eq!(v.redenen.len(), 1);
    insta::assert_snapshot!(avp_cli::verschil::tekst(&v));
}

#[test]
fn verschil_omgekeerd_als_json() {
    // 2026 → 2025: the fixture's new parameters are now removed.
    let v = verschil(&fixture(), 2026, 2025);
    assert_eq!(v.verwijderd.len(), 2);
    assert!(v.toegevoegd.is_empty());
    insta::assert_json_snapshot!(v);
}

#[test]
fn geen_verschil() {
    let v = verschil(&fixture(), 2025, 2025);
    assert!(v.is_leeg());
    insta::assert_snapshot!(avp_cli::verschil::tekst(&v));
}

fn cli(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut argv = vec!["avp".into()];
    argv.extend(args.iter().map(|a| std::ffi::OsString::from(*a)));
    let code = avp_cli::run(argv, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn meegeleverde_regels_2025_2026_tonen_het_nieuwe_bedrag() {
    let rules = avp_tests::root().join("rules");
    if !rules.join("nl/2026/pack.toml").exists() {
        return; // the 2026 pack is not there yet
    }
    let rules = rules.display().to_string();
    let (code, out, err) = cli(&["diff", "2025", "2026", "--rules", &rules]);
    assert_eq!(code, 0, "{err}");
    let i = out
        .find("  tegemoetkoming::bedrag\n")
        .expect("tegemoetkoming::bedrag staat in de verschillen");
    let blok: Vec<&str> = out[i..].lines().take(5).collect();
    assert!(blok[1].contains("2025: 1000.00"), "{blok:?}");
    assert!(blok[3].contains("2026: 1100.00"), "{blok:?}");

    let (code, out, err) = cli(&[
        "diff", "2025", "2026", "--rules", &rules, "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let bedrag = v["gewijzigd"]
        .as_array()
        .and_then(|l| l.iter().find(|p| p["naam"] == "tegemoetkoming::bedrag"))
        .expect("bedrag");
    assert_eq!(bedrag["oud"]["waarde"], "1000.00");
    assert_eq!(bedrag["nieuw"]["waarde"], "1100.00");
}

#[test]
fn onbekend_jaar_is_een_fout() {
    let rules = avp_tests::root().join("rules").display().to_string();
    // a year outside 2023–2027 is bad input (issue 11 item 8), before any pack is looked for
    let (code, _, err) = cli(&["diff", "2025", "2031", "--rules", &rules]);
    assert_eq!(code, 2);
    assert!(err.contains(Code::JaarNaRegeling.as_str()), "{err}");
    let (code, _, _) = cli(&["diff", "2025"]);
    assert_eq!(code, 2, "ontbrekend argument is een gebruiksfout");
}

/// Issue 11 item 8: a year outside 2023–2027 is bad input (exit 2), as in eval, batch and budget,
/// with the argument named; a year inside the range without a pack stays a rule error (exit 1).
#[test]
fn jaar_buiten_de_regeling_is_exit_2() {
    let (code, out, err) = cli(&["diff", "2025", "2028"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("JAAR_B = 2028") && err.contains("fiscale oplossing"),
        "{err}"
    );
    let (code, _, err) = cli(&["diff", "2021", "2025"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("JAAR_A = 2021"), "{err}");
    let (code, _, err) = cli(&["diff", "2025", "2026"]);
    assert_eq!(code, 0, "{err}");
}
