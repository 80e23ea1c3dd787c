//! The handelingsperspectief years (berekening.md §1 and §6): only the route `aanvraag`, assessed
//! only when the beleidsregels look back to the year, no tegemoetkoming and no eindheffing, and
//! bijzondere bijstand = max(0, min(tekort, gemiste toeslagen)). Run on a fixture 2024 that reuses
//! the 2025 numbers, so the mechanism is tested apart from the 2024 data.

use avp_engine::evaluate::Route;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::{Beslissing, Regels};
use rust_decimal::Decimal;

const DOELGROEP: &str = r#"{"jaar":2024,"fiscaal_partner":true,"toeslagpartner":true,
 "aanvraagdatum":"2025-11-20","vermogen":8500,"huur_per_maand":720.00,"iban":"NL91ABNA0417164300",
 "personen":[{"geboortedatum":"1971-03-08","inkomsten":[{"soort":"wia","bruto_per_jaar":31000.00}]},
             {"geboortedatum":"1975-11-21"}],
 "kinderen":[{"geboortedatum":"2013-06-01"}]}"#;

fn beoordeel(regels: &Regels, record: &str, beleid: &str) -> Beslissing {
    let hh = lees_huishouden(record, Formaat::Json, "t.json").expect("record");
    let beleid = regels.beleidsregels(beleid).expect("beleidsregels");
    regels
        .beoordeel(&hh, &beleid, "t.json", Default::default())
        .expect("beslissing")
}

fn regels() -> Regels {
    let mut bron = avp_tests::regels_handelingsperspectief_in_geheugen();
    let model = avp_tests::regels_2025_in_geheugen();
    let tekst =
        avp_engine::source::RegelBron::lees(&model, "gemeenten/vng-model/beleidsregels.toml")
            .unwrap_or_default();
    bron.zet(
        "gemeenten/alleen-2023/beleidsregels.toml",
        tekst.replace("jaren = [2023, 2024]", "jaren = [2023]"),
    );
    Regels::new(Box::new(bron))
}

fn codes(b: &Beslissing) -> Vec<&str> {
    b.redenen.iter().map(|r| r.code.as_str()).collect()
}

#[test]
fn beoordeeld_jaar_geeft_het_hele_tekort_als_bijzondere_bijstand() {
    let regels = regels();
    let b = beoordeel(&regels, DOELGROEP, "vng-model");
    assert_eq!(b.regeling, "handelingsperspectief");
    assert_eq!(b.route, Route::Aanvraag);
    assert_eq!(b.doelgroep, Some(true));
    assert!(b.toegekend);
    assert_eq!(b.tegemoetkoming.to_string(), "0.00");
    assert_eq!(b.eindheffing.to_string(), "0.00");
    let ber = b.berekening.as_ref().expect("berekening");
    let (t, g) = (
        ber.tekort.expect("tekort").0,
        ber.gemiste_toeslagen.expect("gemist").0,
    );
    assert!(t > Decimal::ZERO && g > Decimal::ZERO);
    assert_eq!(b.bijzondere_bijstand.0, t.min(g).max(Decimal::ZERO));
    assert!(!codes(&b).contains(&"tegemoetkoming_toegekend"));
    let bb = b
        .redenen
        .iter()
        .find(|r| r.code == "bijzondere_bijstand_toegekend")
        .expect("reden bijzondere bijstand");
    assert!(
        bb.grondslag.starts_with("art. 35 Participatiewet"),
        "{}",
        bb.grondslag
    );
    assert!(bb.tekst.contains("geen eindheffing"));

    // The same household and numbers under the tijdelijke regeling (2025): the tegemoetkoming
    // comes first, the rest is bijzondere bijstand; together they equal the handelingsperspectief.
    let b25 = beoordeel(&regels, &DOELGROEP.replace("2024", "2025"), "vng-model");
    assert_eq!(b25.berekening.as_ref().map(|b| b.tekort), Some(ber.tekort));
    assert_eq!(
        b25.bijzondere_bijstand.0 + b25.tegemoetkoming.0.min(t.min(g)),
        b.bijzondere_bijstand.0
    );
}

#[test]
fn jaar_buiten_terugwerkende_kracht_wordt_niet_beoordeeld() {
    let b = beoordeel(&regels(), DOELGROEP, "alleen-2023");
    assert_eq!(b.route, Route::Aanvraag);
    assert_eq!(b.doelgroep, None);
    assert!(!b.toegekend);
    assert_eq!(b.bijzondere_bijstand.to_string(), "0.00");
    assert!(
        b.berekening.is_some(),
        "de berekening staat er ook zonder beoordeling"
    );
    let r = &b.redenen[0];
    assert_eq!(r.code, "jaar_niet_in_terugwerkende_kracht");
    assert!(r.grondslag.contains("art. 2 lid 2 en 3"), "{}", r.grondslag);
}

#[test]
fn alleen_de_route_aanvraag() {
    // The list and the ambtshalve grant to known households exist from 2025.
    let record = DOELGROEP
        .replace(
            "\"fiscaal_partner\"",
            "\"op_lijst_belastingdienst\":true,\"bekend_uit_handelingsperspectief\":true,\"fiscaal_partner\"",
        );
    let b = beoordeel(&regels(), &record, "vng-model");
    assert_eq!(b.route, Route::Aanvraag);
    assert_eq!(b.doelgroep, Some(true));
}

#[test]
fn terugkijken_kent_geen_aanvraagtermijn() {
    // Applying in 2026 for 2024 is more than 12 months after the year; the looking back of
    // art. 2 lid 3 is itself the permission (decision 002).
    let record = DOELGROEP.replace("2025-11-20", "2026-03-01");
    let b = beoordeel(&regels(), &record, "vng-model");
    assert!(
        !codes(&b)
            .iter()
            .any(|c| c.starts_with("aanvraag_buiten_termijn")),
        "{:?}",
        codes(&b)
    );
    assert!(
        !b.acties.iter().any(|a| a == "hardheidsclausule_beoordelen"),
        "{:?}",
        b.acties
    );
    assert_eq!(b.doelgroep, Some(true));
    assert!(b.toegekend, "geen hardheidsclausule nodig");
}

#[test]
fn niet_beoordeeld_als_tekst() {
    let b = beoordeel(&regels(), DOELGROEP, "alleen-2023");
    insta::with_settings!({ filters => vec![(r"regels [0-9a-f]{12}", "regels [hash]"), (r"\([0-9a-f]{12}\)", "([hash])")] }, {
        insta::assert_snapshot!(avp_cli::render::tekst(&b));
    });
}

#[test]
fn toegekend_als_tekst() {
    let b = beoordeel(&regels(), DOELGROEP, "vng-model");
    insta::with_settings!({ filters => vec![(r"regels [0-9a-f]{12}", "regels [hash]"), (r"\([0-9a-f]{12}\)", "([hash])")] }, {
        insta::assert_snapshot!(avp_cli::render::tekst(&b));
    });
}
