//! Rule packs: `extends` inheritance, exact decimals, missing parameters, and the check command.

use std::collections::HashSet;

use avp_engine::error::Code;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::Regels;

const LIJST: &str = r#"{"jaar":2026,"op_lijst_belastingdienst":true,"iban":"NL91ABNA0417164300",
  "personen":[{"geboortedatum":"1970-01-01"}]}"#;

#[test]
fn extends_erft_en_overschrijft() {
    // A fixture year 2026 that only changes the amount: everything else comes from 2025.
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(
        "nl/2026/pack.toml",
        format!("jaar = 2026\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}", avp_tests::OVERGENOMEN),
    );
    bron.zet(
        "nl/2026/tegemoetkoming.toml",
        "# art. 15ba onder b\nbedrag = { waarde = 1100.00, bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ; Stcrt. 2025, 44064\" }\n",
    );
    let regels = Regels::new(Box::new(bron));
    let pack = regels.pack(2026).expect("pakket 2026");
    let bedrag = pack
        .pack
        .parameters
        .get("tegemoetkoming.bedrag")
        .expect("bedrag");
    assert_eq!(bedrag.waarde.to_string(), "1100.00");
    assert_eq!(bedrag.jaar, 2026);
    let pct = pack
        .pack
        .parameters
        .get("tegemoetkoming.eindheffing_percentage_per_betaaljaar.j2025")
        .expect("geërfd");
    assert_eq!(pct.jaar, 2025);
    let hh = lees_huishouden(LIJST, Formaat::Json, "t").expect("record");
    let beleid = regels.beleidsregels("vng-model").expect("model");
    let b = regels
        .beoordeel(&hh, &beleid, "t", Default::default())
        .expect("beslissing");
    assert_eq!(b.tegemoetkoming.to_string(), "1100.00");
    // a list household of 2026 is paid in 2026: the inherited table's 2026 rate, 1100 × 0.5564
    // = 612.04 (issue 6: the eindheffing follows the year of payment)
    assert_eq!(b.eindheffing.to_string(), "612.04");
}

#[test]
fn nog_niet_vastgesteld_noemt_parameter_en_jaar() {
    // A fixture year 2027 whose amount is not yet published: the list route needs it and stops
    // with an error naming the parameter, the year and where to fill it in.
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(
        "nl/2027/pack.toml",
        format!("jaar = 2027\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}", avp_tests::OVERGENOMEN),
    );
    bron.zet(
        "nl/2027/tegemoetkoming.toml",
        "# art. 15ba\nbedrag = { nog_niet_vastgesteld = true, eenheid = \"euro_per_jaar\", bron = \"art. 78gg lid 7 PW: bij ministeriële regeling; voor 2027 nog niet gepubliceerd\" }\n",
    );
    let regels = Regels::new(Box::new(bron));
    let hh = lees_huishouden(&LIJST.replace("2026", "2027"), Formaat::Json, "t").expect("record");
    let beleid = regels.beleidsregels("vng-model").expect("model");
    let fout = regels
        .beoordeel(&hh, &beleid, "t", Default::default())
        .expect_err("2027 heeft nog geen bedrag");
    assert_eq!(fout.0[0].code, Code::RegelsNogNietVastgesteld);
    insta::assert_snapshot!(avp_cli::render::fouten(&fout));
}

#[test]
fn parameters_komen_exact_aan() {
    let pack = avp_tests::regels().pack(2025).expect("pakket");
    let w = |n: &str| {
        pack.pack
            .parameters
            .get(n)
            .map(|p| p.waarde.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        w("tegemoetkoming.eindheffing_percentage_per_betaaljaar.j2025"),
        "0.5581"
    );
    assert_eq!(w("tegemoetkoming.bedrag"), "1000.00");
    assert_eq!(
        w("heffingskortingen.algemene_heffingskorting.afbouw_percentage"),
        "0.06337"
    );
    assert_eq!(w("huurtoeslag.eenpersoons.factor_a"), "0.000000438698");
}

#[test]
fn elke_parameter_heeft_een_bron() {
    let pack = avp_tests::regels().pack(2025).expect("pakket");
    for p in pack.pack.parameters.iter() {
        assert!(
            p.bron.len() > 10,
            "{} heeft een te korte bron: {:?}",
            p.naam,
            p.bron
        );
    }
}

#[test]
fn check_keurt_de_meegeleverde_regels_goed() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let rules = avp_tests::root().join("rules");
    let code = avp_cli::run(
        vec!["avp".into(), "check".into(), rules.into_os_string()],
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8_lossy(&out).contains("alles in orde"));
}

#[test]
fn ingebouwde_regels_zijn_gelijk_aan_de_map() {
    let disk = avp_tests::regels()
        .pack(2025)
        .expect("schijf")
        .regels_hash
        .clone();
    let regels = Regels::new(Box::new(avp_cli_ingebouwd()));
    let ingebouwd = regels.pack(2025).expect("ingebouwd");
    assert_eq!(
        ingebouwd.pack.parameters.len(),
        avp_tests::regels()
            .pack(2025)
            .expect("p")
            .pack
            .parameters
            .len()
    );
    assert!(!disk.is_empty());
}

fn avp_cli_ingebouwd() -> avp_engine::source::GeheugenBron {
    avp_cli::ingebouwde_regels()
}

#[test]
fn geerfde_parameter_zonder_overname_is_een_fout() {
    // A fixture 2026 that forgets `zorgtoeslag`, misspells a key and gives an empty reason.
    let mut bron = avp_tests::regels_2025_in_geheugen();
    let overgenomen = avp_tests::OVERGENOMEN
        .replace("zorgtoeslag = \"testfixture: ongewijzigd\"\n", "")
        .replace(
            "toeslagen = \"testfixture: ongewijzigd\"",
            "toeslagen = \"  \"",
        )
        .replace("kindgebonden_budget =", "kindgebonden_budgett =");
    bron.zet(
        "nl/2026/pack.toml",
        format!("jaar = 2026\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{overgenomen}"),
    );
    bron.zet(
        "nl/2026/tegemoetkoming.toml",
        "# art. 15ba onder b\nbedrag = { waarde = 1100.00, bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ\" }\n",
    );
    let fout = Regels::new(Box::new(bron))
        .pack(2026)
        .expect_err("zorgtoeslag is niet overgenomen");
    let codes: HashSet<Code> = fout.0.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        HashSet::from([
            Code::PackNietOvergenomen,
            Code::PackOvergenomenOnbekend,
            Code::PackOvergenomenZonderReden
        ])
    );
    assert!(fout.0.iter().any(|f| f
        .bericht
        .contains("`zorgtoeslag::standaardpremie` (zorgtoeslag.rhai:zorgtoeslag_voor)")));
    insta::assert_snapshot!(avp_cli::render::fouten(&fout));
}

#[test]
fn overname_van_een_eigen_parameter_is_een_fout() {
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(
        "nl/2026/pack.toml",
        format!("jaar = 2026\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}\"tegemoetkoming::bedrag\" = \"al vastgesteld\"\n", avp_tests::OVERGENOMEN),
    );
    bron.zet(
        "nl/2026/tegemoetkoming.toml",
        "# art. 15ba onder b\nbedrag = { waarde = 1100.00, bron = \"art. 15ba onder b Regeling PW, IOAW en IOAZ\" }\n",
    );
    let fout = Regels::new(Box::new(bron))
        .pack(2026)
        .expect_err("bedrag is eigen");
    assert_eq!(fout.0.len(), 1);
    assert_eq!(fout.0[0].code, Code::PackOvergenomenOnbekend);
    assert!(fout.0[0]
        .hulp
        .as_deref()
        .unwrap_or("")
        .contains("zelf vastgesteld"));
}

#[test]
fn regels_hash_hangt_niet_af_van_de_vindplaats() {
    // The same rules from disk and from memory (as built into the binary) give the same hash;
    // a changed file gives another.
    let schijf = avp_tests::regels().pack(2025).expect("pakket");
    let geheugen = Regels::new(Box::new(avp_tests::regels_in_geheugen()))
        .pack(2025)
        .expect("pakket");
    assert_eq!(schijf.regels_hash, geheugen.regels_hash);
    let mut anders = avp_tests::regels_in_geheugen();
    anders.zet(
        "nl/2025/uitkomst.rhai",
        "// Participatiewet art. 78gg lid 1\nfn besteedbaar_inkomen(s) { s.netto_inkomen + s.toeslagen }\nfn tekort(hh) { hh.referentie.besteedbaar_inkomen - hh.werkelijk.besteedbaar_inkomen }\nfn gemiste_toeslagen(hh) { hh.referentie.toeslagen - hh.werkelijk.toeslagen }\n",
    );
    let gewijzigd = Regels::new(Box::new(anders)).pack(2025).expect("pakket");
    assert_ne!(schijf.regels_hash, gewijzigd.regels_hash);
}

/// The first line of each error of loading the 2025 pack with `bestand` replaced by `tekst`.
fn pack_2025_met(bestand: &str, tekst: &str) -> Vec<String> {
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(bestand, tekst);
    match Regels::new(Box::new(bron)).pack(2025) {
        Ok(_) => Vec::new(),
        Err(f) => f.0.iter().map(|f| f.to_string()).collect(),
    }
}

#[test]
fn onaannemelijke_parameter_geweigerd_op_zijn_regel() {
    // issue 11 item 6: a negative grant and a percentage written where a fraction is meant
    let origineel =
        std::fs::read_to_string(avp_tests::root().join("rules/nl/2025/tegemoetkoming.toml"))
            .expect("tegemoetkoming.toml");
    let fout = origineel
        .replace("bedrag = { waarde = 1000.00,", "bedrag = { waarde = -1000,")
        .replace("j2025 = { waarde = 0.5581,", "j2025 = { waarde = 55.81,");
    let e = pack_2025_met("nl/2025/tegemoetkoming.toml", &fout);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("rules/nl/2025/tegemoetkoming.toml:6:21: parameter `tegemoetkoming.bedrag` is een bedrag (euro_per_jaar) en mag niet negatief zijn: -1000"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("rules/nl/2025/tegemoetkoming.toml:12:20: parameter `tegemoetkoming.eindheffing_percentage_per_betaaljaar.j2025` is een fractie en moet tussen 0 en 1 liggen, niet 55.81"),
        "{e:?}"
    );
}

#[test]
fn eenheid_van_het_vorige_jaar_geldt_voor_een_waarde_zonder_eenheid() {
    // a later year that overrides the grant without naming the unit still gets its range
    let mut bron = avp_tests::regels_2025_in_geheugen();
    bron.zet(
        "nl/2026/pack.toml",
        format!("jaar = 2026\nregeling = \"tijdelijke_regeling\"\nnaam = \"test\"\nbron = \"test\"\nextends = \"2025\"\n{}", avp_tests::OVERGENOMEN),
    );
    bron.zet(
        "nl/2026/tegemoetkoming.toml",
        "# art. 15ba onder b\nbedrag = { waarde = -1100.00, bron = \"fixture\" }\n",
    );
    let e = Regels::new(Box::new(bron))
        .pack(2026)
        .err()
        .map(|f| f.to_string())
        .unwrap_or_default();
    assert!(e.contains("tegemoetkoming.toml:2:21: parameter `tegemoetkoming.bedrag` is een bedrag (euro_per_jaar) en mag niet negatief zijn"), "{e}");
}
