//! Every value check of the beleidsregels on both sides of its boundary: a value just outside is
//! refused at its place with a message, one just inside is accepted (issue 11 item 10: these
//! checks survived cargo-mutants). Also how the payment dates and the ambtshalve choices follow
//! from the file.

use avp_engine::policy::{lees_beleidsregels, Beleidsregels};

const KOP: &str = "naam = \"t\"\nbron = \"t\"\n";

fn lees(tabellen: &str) -> Result<Beleidsregels, String> {
    lees_beleidsregels("t.toml", &format!("{KOP}{tabellen}")).map_err(|f| f.to_string())
}

/// `buiten` is refused with a message containing `deel`; `binnen` is accepted.
fn grens(deel: &str, buiten: &str, binnen: &str) {
    match lees(buiten) {
        Err(f) => assert!(f.contains(deel), "{buiten}: verwacht `{deel}`, kreeg {f}"),
        Ok(_) => panic!("{buiten}: geaccepteerd, verwacht `{deel}`"),
    }
    if let Err(f) = lees(binnen) {
        panic!("{binnen}: geweigerd: {f}");
    }
}

#[test]
fn vermogensgrens() {
    grens(
        "vraagt ook `vermogen.bedrag`",
        "[vermogen]\ngrens = \"bedrag\"\n",
        "[vermogen]\ngrens = \"bedrag\"\nbedrag = 0\n",
    );
    grens(
        "mag niet negatief",
        "[vermogen]\ngrens = \"bedrag\"\nbedrag = -0.01\n",
        "[vermogen]\ngrens = \"bedrag\"\nbedrag = 0.00\n",
    );
    for keuze in ["zorgtoeslag", "participatiewet"] {
        grens(
            "geldt alleen bij `grens = \"bedrag\"`",
            &format!("[vermogen]\ngrens = \"{keuze}\"\nbedrag = 5000\n"),
            &format!("[vermogen]\ngrens = \"{keuze}\"\n"),
        );
    }
}

#[test]
fn referteperiode() {
    let inkomen = |m: i64, g: i64, o: &str| {
        format!("[inkomen]\nreferteperiode_maanden = {m}\nreferteperiode_gelijk_inkomen_maanden = {g}\nvakantietoeslag_opslag = {o}\n")
    };
    grens(
        "referteperiode van 0 maanden",
        &inkomen(0, 1, "0.08"),
        &inkomen(1, 1, "0.08"),
    );
    grens(
        "referteperiode van 13 maanden",
        &inkomen(13, 1, "0.08"),
        &inkomen(12, 1, "0.08"),
    );
    grens(
        "0 maanden bij gelijk inkomen",
        &inkomen(3, 0, "0.08"),
        &inkomen(3, 1, "0.08"),
    );
    grens(
        "4 maanden bij gelijk inkomen",
        &inkomen(3, 4, "0.08"),
        &inkomen(3, 3, "0.08"),
    );
    grens("geen fractie", &inkomen(3, 1, "-0.01"), &inkomen(3, 1, "0"));
    grens("geen fractie", &inkomen(3, 1, "1.01"), &inkomen(3, 1, "1"));
}

#[test]
fn betaling_terugwerkende_kracht_aanvraag_en_gemeente() {
    let betaling = |w: &str, n: u32| format!("[betaling]\nwijze = \"{w}\"\ntermijnen = {n}\n");
    grens(
        "0 termijnen",
        &betaling("termijnen", 0),
        &betaling("termijnen", 2),
    );
    grens(
        "13 termijnen",
        &betaling("termijnen", 13),
        &betaling("termijnen", 12),
    );
    grens("past niet", &betaling("ineens", 2), &betaling("ineens", 1));
    grens(
        "zonder `termijnen`",
        "[betaling]\nwijze = \"termijnen\"\n",
        &betaling("termijnen", 4),
    );
    grens(
        "geen jaar van het handelingsperspectief",
        "[terugwerkende_kracht]\njaren = [2022]\n",
        "[terugwerkende_kracht]\njaren = [2023, 2024]\n",
    );
    grens(
        "geen jaar van het handelingsperspectief",
        "[terugwerkende_kracht]\njaren = [2025]\n",
        "[terugwerkende_kracht]\njaren = [2024]\n",
    );
    grens(
        "niet aannemelijk",
        "[aanvraag]\nuiterlijk_maanden_na_afloop_jaar = 61\n",
        "[aanvraag]\nuiterlijk_maanden_na_afloop_jaar = 60\n",
    );
    grens(
        "geen CBS-gemeentecode",
        "gemeente = \"344\"\n",
        "gemeente = \"0344\"\n",
    );
    grens(
        "geen CBS-gemeentecode",
        "gemeente = \"03x4\"\n",
        "gemeente = \"0344\"\n",
    );
}

#[test]
fn betaaldatums_en_ambtshalve() {
    let datum = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("datum");
    let b = lees("[betaling]\nwijze = \"termijnen\"\ntermijnen = 3\ntermijn_maanden = 2\n")
        .expect("geldig");
    assert_eq!(
        b.betaaldatums(datum("2025-05-31")),
        [
            datum("2025-05-31"),
            datum("2025-07-31"),
            datum("2025-09-30")
        ]
    );
    let ineens = lees("").expect("geldig");
    assert_eq!(
        ineens.betaaldatums(datum("2025-05-31")),
        [datum("2025-05-31")]
    );
    // without [ambtshalve]: the list yes (art. 78gg lid 5), known households only on application
    assert!(ineens.lijst_ambtshalve());
    assert!(!ineens.bekend_ambtshalve());
    let a = lees(
        "[ambtshalve]\nlijst_belastingdienst = false\nbekend_uit_handelingsperspectief = true\n",
    )
    .expect("geldig");
    assert!(!a.lijst_ambtshalve());
    assert!(a.bekend_ambtshalve());
}

#[test]
fn ineens_zonder_termijnen_en_de_naam_van_een_bestand() {
    // `wijze = "ineens"` needs no `termijnen`; only `wijze = "termijnen"` does
    assert!(lees("[betaling]\nwijze = \"ineens\"\n").is_ok());
    // beleidsregels given by path are named after their directory (…/<naam>/beleidsregels.toml)
    // or, for any other file, after the file
    let bron = avp_engine::source::MapBron::new(avp_tests::root().join("rules"));
    let pad = avp_tests::root().join("rules/gemeenten/voorbeeldstad/beleidsregels.toml");
    let b = avp_engine::policy::laad_beleidsregels(&bron, &pad.display().to_string())
        .expect("voorbeeldstad");
    assert_eq!(b.naam, "voorbeeldstad");
    let tmp = tempfile::tempdir().expect("tmp");
    let eigen = tmp.path().join("eigen-regels.toml");
    std::fs::copy(&pad, &eigen).expect("kopieer");
    let b =
        avp_engine::policy::laad_beleidsregels(&bron, &eigen.display().to_string()).expect("eigen");
    assert_eq!(b.naam, "eigen-regels");
}
