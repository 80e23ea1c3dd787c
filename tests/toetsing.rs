//! The route and the doelgroep test of `evaluate/doelgroep.rs::toets` where the golden cases do
//! not reach (issue 11 item 10, the mutants it missed): which reasons an application, a late
//! application and an ambtshalve route get (art. 78gg PW; Awb 4:84; VNG-model art. 4 and 5).

use avp_engine::evaluate::Route;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::{Beslissing, Regels};

/// A couple on WW with monthly amounts, applying on time for 2025 (the VNG model's period ends
/// twelve months after the year).
const AANVRAAG: &str = r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,
 "aanvraagdatum":"2025-09-01","vermogen":8000,"huur_per_maand":700,"iban":"NL91ABNA0417164300",
 "personen":[{"geboortedatum":"1979-07-30","inkomsten":[{"soort":"ww",
   "bruto_per_maand":[2400,2450,2500,2550,2600,2650]}]},
  {"geboortedatum":"1983-01-15","inkomsten":[]}],
 "kinderen":[{"geboortedatum":"2017-09-01"}]}"#;

fn regels() -> Regels {
    Regels::new(Box::new(avp_tests::regels_in_geheugen()))
}

/// Beleidsregels with only the given tables (the rest is left to the pack's defaults), written to
/// a file of this test.
fn beleid_met(regels: &Regels, naam: &str, tabellen: &str) -> avp_engine::policy::GeladenBeleid {
    let dir = std::env::temp_dir().join(format!("avp-toetsing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tijdelijke map");
    let pad = dir.join(format!("{naam}.toml"));
    let tekst = format!("naam = \"{naam}\"\nbron = \"test\"\n{tabellen}");
    std::fs::write(&pad, tekst).expect("beleidsregels schrijven");
    regels
        .beleidsregels(&pad.display().to_string())
        .expect("beleidsregels")
}

fn beoordeel(
    regels: &Regels,
    record: &str,
    beleid: &avp_engine::policy::GeladenBeleid,
) -> Beslissing {
    let hh = lees_huishouden(record, Formaat::Json, "t.json").expect("record");
    regels
        .beoordeel(&hh, beleid, "t.json", Default::default())
        .expect("beslissing")
}

fn codes(b: &Beslissing) -> Vec<&str> {
    b.redenen.iter().map(|r| r.code.as_str()).collect()
}

const TE_LAAT: &str = "\"aanvraagdatum\":\"2027-03-01\"";
const STRIKT: &str =
    "[aanvraag]\nuiterlijk_maanden_na_afloop_jaar = 12\nhardheidsclausule = false\n";

/// Monthly amounts are explained (with the referteperiode) where they were assessed: on an
/// application within its period. Not on a late application that is rejected for being late,
/// and not on the list's ambtshalve grant, which takes the Belastingdienst's selection.
#[test]
fn maandbedragen_uitgelegd_alleen_bij_een_beoordeelde_aanvraag() {
    let regels = regels();
    let model = regels.beleidsregels("vng-model").expect("vng-model");
    let b = beoordeel(&regels, AANVRAAG, &model);
    assert_eq!(b.route, Route::Aanvraag);
    assert!(
        codes(&b).contains(&"inkomen_uit_maandbedragen"),
        "{:?}",
        codes(&b)
    );

    let strikt = beleid_met(&regels, "strikt", STRIKT);
    let laat = AANVRAAG.replace("\"aanvraagdatum\":\"2025-09-01\"", TE_LAAT);
    let b = beoordeel(&regels, &laat, &strikt);
    assert!(!b.toegekend);
    assert_eq!(
        b.doelgroep, None,
        "een te late aanvraag wordt niet getoetst"
    );
    assert!(
        codes(&b).contains(&"aanvraag_buiten_termijn"),
        "{:?}",
        codes(&b)
    );
    assert!(
        !codes(&b).contains(&"inkomen_uit_maandbedragen"),
        "{:?}",
        codes(&b)
    );

    let lijst = AANVRAAG.replace(
        "\"fiscaal_partner\"",
        "\"op_lijst_belastingdienst\":true,\"fiscaal_partner\"",
    );
    let b = beoordeel(&regels, &lijst, &model);
    assert_eq!(b.route, Route::AmbtshalveLijst);
    assert!(b.toegekend);
    assert!(
        !codes(&b).contains(&"inkomen_uit_maandbedragen"),
        "{:?}",
        codes(&b)
    );
}

/// Beleidsregels without `[vermogen]`: the decision names the default vermogensgrens only where
/// vermogen was tested, i.e. on an application within its period; not on a late application and
/// not on the list's grant without a test.
#[test]
fn standaard_vermogensgrens_alleen_genoemd_waar_getoetst() {
    let regels = regels();
    let strikt = beleid_met(&regels, "zonder-vermogen", STRIKT);
    let b = beoordeel(&regels, AANVRAAG, &strikt);
    assert_eq!(b.doelgroep, Some(true));
    assert!(
        codes(&b).contains(&"vermogensgrens_standaard"),
        "{:?}",
        codes(&b)
    );

    let laat = AANVRAAG.replace("\"aanvraagdatum\":\"2025-09-01\"", TE_LAAT);
    let b = beoordeel(&regels, &laat, &strikt);
    assert!(
        codes(&b).contains(&"aanvraag_buiten_termijn"),
        "{:?}",
        codes(&b)
    );
    assert!(
        !codes(&b).contains(&"vermogensgrens_standaard"),
        "{:?}",
        codes(&b)
    );

    let lijst = AANVRAAG
        .replace(
            "\"fiscaal_partner\"",
            "\"op_lijst_belastingdienst\":true,\"fiscaal_partner\"",
        )
        .replace("\"vermogen\":8000", "\"vermogen\":80000");
    let b = beoordeel(&regels, &lijst, &strikt);
    assert_eq!(b.route, Route::AmbtshalveLijst);
    assert_eq!(b.doelgroep, None, "de lijst wordt zonder toets toegekend");
    assert!(b.toegekend);
    assert!(
        !codes(&b).contains(&"vermogensgrens_standaard"),
        "{:?}",
        codes(&b)
    );
}

/// Partners with the same box-1 income: the second person is the minstverdienende partner
/// (art. 8.9 Wet IB 2001 names one; the rules take person 2, `heffingskortingen.rhai`), so
/// persons are numbered 1 and 2 in the order of the record.
#[test]
fn bij_gelijk_inkomen_is_de_tweede_de_minstverdienende() {
    let regels = regels();
    let pack = regels.pack(2025).expect("pakket");
    let beleid = regels.beleidsregels("vng-model").expect("beleid");
    let gelijk = r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,
     "personen":[{"geboortedatum":"1970-01-01","inkomsten":[{"soort":"ww","bruto_per_jaar":15000}]},
                 {"geboortedatum":"1972-05-01","inkomsten":[{"soort":"ww","bruto_per_jaar":15000}]}]}"#;
    let hh = lees_huishouden(gelijk, Formaat::Json, "t.json").expect("record");
    let obj = avp_engine::evaluate::huishouden_object(&pack, &beleid, &hh, "t").expect("object");
    let minst: Vec<String> = (0..2)
        .map(|i| {
            let p = pack.persoon(&obj.0.werkelijk, i);
            assert_eq!(p.data().nummer, i as i64 + 1);
            pack.op_persoon(&p, "is_minstverdienende_partner")
                .expect("grootheid")
                .to_string()
        })
        .collect();
    assert_eq!(minst, ["false", "true"]);
}

/// Beleidsregels that do not name a choice: the decision names the default that applied, where
/// it mattered (decision 003 §3): the aanvraagperiode for an application with a date, the
/// ambtshalve grant on the list route; not where the beleidsregels make the choice.
#[test]
fn standaard_keuzes_genoemd_waar_ze_golden() {
    let regels = regels();
    let leeg = beleid_met(&regels, "zonder-tabellen", "");
    let b = beoordeel(&regels, AANVRAAG, &leeg);
    assert!(codes(&b).contains(&"standaard_aanvraag"), "{:?}", codes(&b));
    // monthly amounts: the default referteperiode applied
    assert!(codes(&b).contains(&"standaard_inkomen"), "{:?}", codes(&b));
    assert!(
        !codes(&b).contains(&"standaard_ambtshalve"),
        "{:?}",
        codes(&b)
    );
    let lijst = AANVRAAG.replace(
        "\"fiscaal_partner\"",
        "\"op_lijst_belastingdienst\":true,\"fiscaal_partner\"",
    );
    let b = beoordeel(&regels, &lijst, &leeg);
    assert_eq!(b.route, Route::AmbtshalveLijst);
    assert!(
        codes(&b).contains(&"standaard_ambtshalve"),
        "{:?}",
        codes(&b)
    );
    // the list's grant has no application period and takes no income from monthly amounts,
    // even when the record carries a date and monthly amounts
    for c in ["standaard_aanvraag", "standaard_inkomen"] {
        assert!(!codes(&b).contains(&c), "{c}: {:?}", codes(&b));
    }
    let strikt = beleid_met(&regels, "met-aanvraag", STRIKT);
    let b = beoordeel(&regels, AANVRAAG, &strikt);
    assert!(
        !codes(&b).contains(&"standaard_aanvraag"),
        "{:?}",
        codes(&b)
    );
}

/// Payment in instalments (VNG model, betaling): equal instalments read "elk € 250,00"; when
/// the amount does not divide, the last instalment takes the cents that are left.
#[test]
fn termijnen_in_woorden() {
    let regels = regels();
    let tekst = |termijnen: u32| {
        let beleid = beleid_met(
            &regels,
            &format!("termijnen-{termijnen}"),
            &format!("[betaling]\nwijze = \"termijnen\"\ntermijnen = {termijnen}\n"),
        );
        let b = beoordeel(&regels, AANVRAAG, &beleid);
        assert!(b.toegekend);
        b.redenen
            .iter()
            .map(|r| r.tekst.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let vier = tekst(4);
    assert!(vier.contains("elk € 250,00"), "{vier}");
    let drie = tekst(3);
    assert!(
        drie.contains("2 × € 333,33 en een laatste termijn van € 333,34"),
        "{drie}"
    );
}

/// The trace of a decision names every quantity with its value, its rule and the parameters it
/// read with their sources: here the tegemoetkoming of 2025, € 1.000 (art. 15ba onder a
/// Regeling Participatiewet, IOAW en IOAZ).
#[test]
fn trace_noemt_waarde_regel_en_bron() {
    let regels = regels();
    let model = regels.beleidsregels("vng-model").expect("vng-model");
    let hh = lees_huishouden(AANVRAAG, Formaat::Json, "t.json").expect("record");
    let b = regels
        .beoordeel(&hh, &model, "t.json", avp_engine::Opties { trace: true })
        .expect("beslissing");
    let trace = b.trace.as_ref().expect("trace");
    let t = trace
        .iter()
        .find(|r| r.naam.ends_with("tegemoetkoming") && r.regel.contains("tegemoetkoming.rhai"))
        .expect("de regel tegemoetkoming in de trace");
    assert_eq!(t.waarde, "1000");
    let p = t
        .parameters
        .iter()
        .find(|p| p.naam == "tegemoetkoming::bedrag")
        .expect("parameter");
    assert!(p.bron.contains("15ba"), "{}", p.bron);
    assert!(trace.len() > 30, "{} regels", trace.len());
    // without asking, no trace
    assert!(beoordeel(&regels, AANVRAAG, &model).trace.is_none());
}

/// Income that is not mainly a benefit (art. 78gg lid 1 onder a PW: the benefits are more than
/// half of the income): WW € 10.000 and loon € 15.000. What would change it: other income below
/// 10.000 × (1 − ½) / ½ = € 10.000,00.
#[test]
fn uitkering_niet_het_hoofdinkomen_zegt_hoeveel_ander_inkomen_kan() {
    let regels = regels();
    let model = regels.beleidsregels("vng-model").expect("vng-model");
    let record = r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,
     "aanvraagdatum":"2025-09-01","vermogen":0,
     "personen":[{"geboortedatum":"1979-07-30","inkomsten":[{"soort":"ww","bruto_per_jaar":10000},
                                                         {"soort":"loon","bruto_per_jaar":15000}]},
                 {"geboortedatum":"1983-01-15"}]}"#;
    let b = beoordeel(&regels, record, &model);
    assert!(
        codes(&b).contains(&"geen_uitkering_als_hoofdinkomen"),
        "{:?}",
        codes(&b)
    );
    let v = b
        .wat_zou_veranderen
        .iter()
        .find(|v| v.code == "uitkering_als_hoofdinkomen")
        .expect("wat zou veranderen");
    assert_eq!(v.reden, "geen_uitkering_als_hoofdinkomen");
    assert!(
        v.tekst.contains("minder dan € 10.000,00 per jaar") && v.tekst.contains("(nu € 15.000,00)"),
        "{}",
        v.tekst
    );
}
