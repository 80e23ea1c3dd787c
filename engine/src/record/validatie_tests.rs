//! Every check of `valideer` (validate.rs and plausibel.rs) on both sides of its boundary: a
//! record just outside is refused with the field and message named, one just inside is not.
//! Written so that cargo-mutants finds no check without a test (issue 11 item 10).

use serde_json::{json, Value};

use super::{valideer, Huishouden};

/// A valid couple in 2025; `wijzig` changes it.
fn huishouden(wijzig: impl FnOnce(&mut Value)) -> Huishouden {
    let mut v = json!({
        "jaar": 2025,
        "fiscaal_partner": true,
        "toeslagpartner": true,
        "personen": [
            {"bsn": "111222333", "geboortedatum": "1970-01-01",
             "inkomsten": [{"soort": "ww", "bruto_per_jaar": 30000}]},
            {"geboortedatum": "1972-05-01"}
        ]
    });
    wijzig(&mut v);
    serde_json::from_value(v).expect("huishouden")
}

/// The messages of `valideer`, each as `veld: bericht`.
fn meldingen(hh: &Huishouden) -> Vec<String> {
    match valideer(hh, "t") {
        Ok(()) => Vec::new(),
        Err(f) => f
            .0
            .iter()
            .map(|f| match &f.locatie {
                Some(crate::error::Locatie::Veld { veld, .. }) => format!("{veld}: {}", f.bericht),
                _ => f.bericht.clone(),
            })
            .collect(),
    }
}

/// `buiten` is refused with a message on `veld` containing `deel`; `binnen` has no such message.
fn grens(veld: &str, deel: &str, buiten: impl FnOnce(&mut Value), binnen: impl FnOnce(&mut Value)) {
    let fout = meldingen(&huishouden(buiten));
    let past = |m: &String| m.starts_with(&format!("{veld}: ")) && m.contains(deel);
    assert!(
        fout.iter().any(past),
        "{veld}: verwacht `{deel}`, kreeg {fout:?}"
    );
    let goed = meldingen(&huishouden(binnen));
    assert!(
        !goed.iter().any(past),
        "{veld}: binnen de grens toch `{deel}`: {goed:?}"
    );
}

#[test]
fn het_geldige_huishouden_is_geldig() {
    assert_eq!(meldingen(&huishouden(|_| {})), Vec::<String>::new());
}

#[test]
fn jaar_en_personen() {
    grens(
        "jaar",
        "geen geldig kalenderjaar",
        |v| v["jaar"] = json!(1899),
        |v| v["jaar"] = json!(2025),
    );
    grens(
        "jaar",
        "geen geldig kalenderjaar",
        |v| v["jaar"] = json!(2101),
        |v| v["jaar"] = json!(2100),
    );
    grens(
        "personen",
        "1 of 2 personen, niet 3",
        |v| {
            v["personen"]
                .as_array_mut()
                .into_iter()
                .for_each(|p| p.push(json!({"geboortedatum": "1980-01-01"})))
        },
        |_| {},
    );
    grens("personen", "niet 0", |v| v["personen"] = json!([]), |_| {});
    let alleen = |v: &mut Value| {
        v["personen"].as_array_mut().into_iter().for_each(|p| {
            p.pop();
        })
    };
    grens(
        "fiscaal_partner",
        "één persoon",
        |v| {
            alleen(v);
            v["toeslagpartner"] = json!(false);
        },
        |v| {
            alleen(v);
            v["fiscaal_partner"] = json!(false);
            v["toeslagpartner"] = json!(false);
        },
    );
    grens(
        "toeslagpartner",
        "één persoon",
        |v| {
            alleen(v);
            v["fiscaal_partner"] = json!(false);
        },
        |_| {},
    );
}

#[test]
fn bedragen_van_het_huishouden() {
    grens(
        "vermogen",
        "groter dan avp",
        |v| v["vermogen"] = json!("1000000000.01"),
        |v| v["vermogen"] = json!("1000000000.00"),
    );
    grens(
        "vermogen",
        "niet negatief",
        |v| v["vermogen"] = json!("-0.01"),
        |v| v["vermogen"] = json!(0),
    );
    grens(
        "huur_per_maand",
        "groter dan avp",
        |v| v["huur_per_maand"] = json!("1000000000.01"),
        |v| v["huur_per_maand"] = json!("1000000000"),
    );
    grens(
        "huur_per_maand",
        "niet negatief",
        |v| v["huur_per_maand"] = json!("-0.01"),
        |v| v["huur_per_maand"] = json!(0),
    );
}

#[test]
fn gemeente_datums_en_medebewoners() {
    grens(
        "gemeente",
        "geen CBS-gemeentecode",
        |v| v["gemeente"] = json!("344"),
        |v| v["gemeente"] = json!("0344"),
    );
    grens(
        "gemeente",
        "geen CBS-gemeentecode",
        |v| v["gemeente"] = json!("03a4"),
        |v| v["gemeente"] = json!("0344"),
    );
    grens(
        "verhuisd_naar_gemeente",
        "geen CBS-gemeentecode",
        |v| v["verhuisd_naar_gemeente"] = json!("03444"),
        |v| v["verhuisd_naar_gemeente"] = json!("0363"),
    );
    grens(
        "betaaldatum",
        "vóór het beoordeelde jaar",
        |v| v["betaaldatum"] = json!("2024-12-31"),
        |v| v["betaaldatum"] = json!("2025-01-01"),
    );
    grens(
        "aanvraagdatum",
        "vóór het jaar 2025",
        |v| v["aanvraagdatum"] = json!("2024-12-31"),
        |v| v["aanvraagdatum"] = json!("2025-01-01"),
    );
    // outside the regulation's years the year is the error, not the application date
    grens(
        "aanvraagdatum",
        "vóór het jaar",
        |v| v["aanvraagdatum"] = json!("2024-12-31"),
        |v| {
            v["jaar"] = json!(2028);
            v["aanvraagdatum"] = json!("2024-12-31");
        },
    );
    grens(
        "kostendelende_medebewoners",
        "als `medebewoners`",
        |v| {
            v["kostendelende_medebewoners"] = json!(1);
            v["medebewoners"] = json!([{"geboortedatum": "1990-01-01"}]);
        },
        |v| v["kostendelende_medebewoners"] = json!(1),
    );
}

#[test]
fn personen() {
    let p0 = "personen[0]";
    grens(
        &format!("{p0}.geboortedatum"),
        "ligt na het beoordeelde jaar",
        |v| v["personen"][0]["geboortedatum"] = json!("2026-01-01"),
        |v| v["personen"][0]["geboortedatum"] = json!("2025-12-31"),
    );
    grens(
        &format!("{p0}.overlijdensdatum"),
        "vóór de geboortedatum",
        |v| v["personen"][0]["overlijdensdatum"] = json!("1969-12-31"),
        |v| v["personen"][0]["overlijdensdatum"] = json!("1970-01-01"),
    );
    grens(
        &format!("{p0}.bsn"),
        "elfproef",
        |v| v["personen"][0]["bsn"] = json!("111222334"),
        |_| {},
    );
    grens(
        "kinderen[0].geboortedatum",
        "ligt na het beoordeelde jaar",
        |v| v["kinderen"] = json!([{"geboortedatum": "2026-01-01"}]),
        |v| v["kinderen"] = json!([{"geboortedatum": "2025-12-31"}]),
    );
}

#[test]
fn inkomsten() {
    let ink = "personen[0].inkomsten[0]";
    let zet = |i: Value| move |v: &mut Value| v["personen"][0]["inkomsten"] = json!([i]);
    grens(
        ink,
        "niet allebei",
        zet(json!({"soort": "ww", "bruto_per_jaar": 1, "bruto_per_maand": [1]})),
        zet(json!({"soort": "ww", "bruto_per_jaar": 1})),
    );
    grens(
        ink,
        "geef `bruto_per_jaar` of `bruto_per_maand`",
        zet(json!({"soort": "ww"})),
        zet(json!({"soort": "ww", "bruto_per_maand": [1]})),
    );
    grens(
        &format!("{ink}.bruto_per_jaar"),
        "niet negatief",
        zet(json!({"soort": "ww", "bruto_per_jaar": "-0.01"})),
        zet(json!({"soort": "ww", "bruto_per_jaar": 0})),
    );
    grens(
        &format!("{ink}.bruto_per_jaar"),
        "groter dan avp",
        zet(json!({"soort": "ww", "bruto_per_jaar": "1000000000.01"})),
        zet(json!({"soort": "ww", "bruto_per_jaar": "1000000000"})),
    );
    grens(
        &format!("{ink}.bruto_per_maand"),
        "is leeg",
        zet(json!({"soort": "ww", "bruto_per_maand": []})),
        zet(json!({"soort": "ww", "bruto_per_maand": [0]})),
    );
    grens(
        &format!("{ink}.bruto_per_maand[1]"),
        "groter dan avp",
        zet(json!({"soort": "ww", "bruto_per_maand": [1, "1000000000.01"]})),
        zet(json!({"soort": "ww", "bruto_per_maand": [1, "1000000000"]})),
    );
    grens(
        &format!("{ink}.bruto_per_maand[1]"),
        "niet negatief",
        zet(json!({"soort": "ww", "bruto_per_maand": [1, "-0.01"]})),
        zet(json!({"soort": "ww", "bruto_per_maand": [1, 0]})),
    );
}

/// The hint of the first message on `veld`.
fn hulp(hh: &Huishouden, veld: &str) -> String {
    let Err(f) = valideer(hh, "t") else {
        return String::new();
    };
    f.0.iter()
        .find(|f| matches!(&f.locatie, Some(crate::error::Locatie::Veld { veld: v, .. }) if v == veld))
        .and_then(|f| f.hulp.clone())
        .unwrap_or_default()
}

#[test]
fn plausibele_leeftijden_en_aantallen() {
    let p1 = "personen[1].geboortedatum";
    let geboren =
        |d: &'static str| move |v: &mut Value| v["personen"][1]["geboortedatum"] = json!(d);
    // 15 to 120 in the year assessed (2025)
    grens(
        p1,
        "wordt in 2025 14 jaar",
        geboren("2011-12-31"),
        geboren("2010-01-01"),
    );
    grens(
        p1,
        "wordt in 2025 121 jaar",
        geboren("1904-01-01"),
        geboren("1905-12-31"),
    );
    let jong = huishouden(geboren("2015-03-01"));
    assert!(
        hulp(&jong, p1).contains("een kind hoort bij de kinderen"),
        "{}",
        hulp(&jong, p1)
    );
    let oud = huishouden(geboren("1900-03-01"));
    assert!(!hulp(&oud, p1).contains("kind"), "{}", hulp(&oud, p1));
    // a medebewoner has no minimum age, only the maximum
    let m = "medebewoners[0].geboortedatum";
    grens(
        m,
        "avp beoordeelt personen tot en met 120 jaar",
        |v| v["medebewoners"] = json!([{"geboortedatum": "1904-06-01"}]),
        |v| v["medebewoners"] = json!([{"geboortedatum": "2025-06-01"}]),
    );
    grens(
        m,
        "ligt na het beoordeelde jaar",
        |v| v["medebewoners"] = json!([{"geboortedatum": "2026-01-01"}]),
        |v| v["medebewoners"] = json!([{"geboortedatum": "2025-12-31"}]),
    );
    // a child is younger than 30 at the end of the year, at most 20 children
    grens(
        "kinderen[0].geboortedatum",
        "jaar of ouder",
        |v| v["kinderen"] = json!([{"geboortedatum": "1995-12-31"}]),
        |v| v["kinderen"] = json!([{"geboortedatum": "1996-01-01"}]),
    );
    let kinderen = |n: usize| {
        move |v: &mut Value| v["kinderen"] = json!(vec![json!({"geboortedatum": "2010-01-01"}); n])
    };
    grens(
        "kinderen",
        "21 thuiswonende kinderen",
        kinderen(21),
        kinderen(20),
    );
    let mede = |n: usize| {
        move |v: &mut Value| {
            v["medebewoners"] = json!(vec![json!({"geboortedatum": "1990-01-01"}); n])
        }
    };
    grens("medebewoners", "21 medebewoners", mede(21), mede(20));
    grens(
        "kostendelende_medebewoners",
        "21 medebewoners",
        |v| v["kostendelende_medebewoners"] = json!(21),
        |v| v["kostendelende_medebewoners"] = json!(20),
    );
}

#[test]
fn bedragen_in_hele_centen() {
    grens(
        "vermogen",
        "meer dan twee decimalen",
        |v| v["vermogen"] = json!("100.001"),
        |v| v["vermogen"] = json!("100.010"),
    );
    grens(
        "huur_per_maand",
        "meer dan twee decimalen",
        |v| v["huur_per_maand"] = json!("700.005"),
        |v| v["huur_per_maand"] = json!("700.05"),
    );
    grens(
        "vermogen_eigen_woning",
        "meer dan twee decimalen",
        |v| v["vermogen_eigen_woning"] = json!("-5.001"),
        |v| v["vermogen_eigen_woning"] = json!("-5.00"),
    );
    grens(
        "vermogen_eigen_woning",
        "groter dan avp",
        |v| v["vermogen_eigen_woning"] = json!("-1000000000.01"),
        |v| v["vermogen_eigen_woning"] = json!("-1000000000"),
    );
    let ink = "personen[0].inkomsten[0]";
    let zet = |i: Value| move |v: &mut Value| v["personen"][0]["inkomsten"] = json!([i]);
    grens(
        &format!("{ink}.bruto_per_jaar"),
        "meer dan twee decimalen",
        zet(json!({"soort": "ww", "bruto_per_jaar": "1.001"})),
        zet(json!({"soort": "ww", "bruto_per_jaar": "1.01"})),
    );
    grens(
        &format!("{ink}.bruto_per_maand[1]"),
        "meer dan twee decimalen",
        zet(json!({"soort": "ww", "bruto_per_maand": [1, "1.001"]})),
        zet(json!({"soort": "ww", "bruto_per_maand": [1, "1.01"]})),
    );
}

#[test]
fn iban_lengte_op_de_grenzen() {
    let melding = |s: &str| super::iban_probleem(s).unwrap_or_default();
    // 14 and 35 characters: the length is the problem; 15 and 34: the length is possible, the
    // check digits are not
    assert!(
        melding("NL91ABNA041716").contains("14 tekens"),
        "{}",
        melding("NL91ABNA041716")
    );
    assert!(
        melding("NL91ABNA0417164").contains("controlecijfers"),
        "{}",
        melding("NL91ABNA0417164")
    );
    let lang = format!("NL91ABNA{}", "1".repeat(26));
    assert!(
        melding(&lang).contains("controlecijfers"),
        "34: {}",
        melding(&lang)
    );
    let te_lang = format!("NL91ABNA{}", "1".repeat(27));
    assert!(
        melding(&te_lang).contains("35 tekens"),
        "35: {}",
        melding(&te_lang)
    );
}
