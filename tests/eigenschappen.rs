//! Property tests: invariants that must hold for every household.

use avp_engine::record::{Datum, Huishouden, Inkomen, Kind, Persoon, Soort};
use avp_engine::Regels;
use chrono_free::datum;
use proptest::prelude::*;
use rust_decimal::Decimal;

mod chrono_free {
    pub fn datum(j: i32, m: u32, d: u32) -> avp_engine::record::Datum {
        avp_engine::record::Datum(avp_engine_date(j, m, d))
    }
    fn avp_engine_date(j: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(j, m, d).unwrap_or_default()
    }
}

fn paar(ww: i64, huur: Option<i64>, kinderen: usize, vermogen: i64) -> Huishouden {
    Huishouden {
        jaar: 2025,
        gemeente: None,
        verhuisd_naar_gemeente: None,
        kenmerk: None,
        fiscaal_partner: true,
        toeslagpartner: true,
        op_lijst_belastingdienst: false,
        bekend_uit_handelingsperspectief: false,
        omstandigheden_gewijzigd: false,
        aanvraagdatum: None,
        hardheidsclausule_toegepast: false,
        betaaldatum: None,
        vermogen: Decimal::from(vermogen),
        vermogen_eigen_woning: None,
        kostendelende_medebewoners: None,
        medebewoners: Vec::new(),
        huur_per_maand: huur.map(Decimal::from),
        iban: Some("NL91ABNA0417164300".into()),
        personen: vec![
            Persoon {
                bsn: None,
                geboortedatum: datum(1970, 5, 1),
                overlijdensdatum: None,
                inkomsten: vec![Inkomen {
                    soort: Soort::Ww,
                    bruto_per_jaar: Some(Decimal::from(ww)),
                    bruto_per_maand: None,
                }],
            },
            Persoon {
                bsn: None,
                geboortedatum: datum(1972, 5, 1),
                overlijdensdatum: None,
                inkomsten: vec![],
            },
        ],
        kinderen: (0..kinderen)
            .map(|i| Kind {
                geboortedatum: datum(2010 + i as i32, 1, 15),
            })
            .collect(),
    }
}

fn regels() -> &'static Regels {
    static R: std::sync::OnceLock<Regels> = std::sync::OnceLock::new();
    R.get_or_init(avp_tests::regels)
}

fn beoordeel(hh: &Huishouden) -> avp_engine::Beslissing {
    let beleid = regels().beleidsregels("vng-model").expect("model");
    regels()
        .beoordeel(hh, &beleid, "prop", Default::default())
        .expect("beslissing")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Toeslagen are whole euros, never negative, and either 0 or at least € 24 (Awir art. 14).
    #[test]
    fn toeslagen_hele_euros(ww in 0i64..80_000, huur in proptest::option::of(300i64..950), k in 0usize..3, v in 0i64..200_000) {
        let b = beoordeel(&paar(ww, huur, k, v));
        let ber = b.berekening.expect("berekening");
        for kol in [Some(ber.huishouden), ber.referentie].into_iter().flatten() {
            for t in [kol.zorgtoeslag.0, kol.huurtoeslag.0, kol.kindgebonden_budget.0] {
                prop_assert!(t >= Decimal::ZERO);
                prop_assert_eq!(t, t.trunc());
                prop_assert!(t == Decimal::ZERO || t >= Decimal::from(24));
            }
        }
    }

    /// A higher income never gives more zorgtoeslag, and the besteedbaar inkomen never falls.
    #[test]
    fn meer_inkomen_minder_zorgtoeslag(ww in 0i64..60_000, extra in 1i64..5_000) {
        let a = beoordeel(&paar(ww, None, 0, 0)).berekening.expect("a");
        let b = beoordeel(&paar(ww + extra, None, 0, 0)).berekening.expect("b");
        prop_assert!(b.huishouden.zorgtoeslag.0 <= a.huishouden.zorgtoeslag.0);
    }

    /// The outcome follows the method: a granted aanvraag pays the fixed amount with 55.81%
    /// eindheffing, and bijzondere bijstand = max(0, min(tekort, gemiste toeslagen) − 1000).
    #[test]
    fn uitkomst_volgt_de_methode(ww in 15_000i64..45_000, huur in proptest::option::of(300i64..900), k in 0usize..3) {
        let b = beoordeel(&paar(ww, huur, k, 0));
        let ber = b.berekening.clone().expect("berekening");
        let tekort = ber.tekort.expect("tekort").0;
        let gemist = ber.gemiste_toeslagen.expect("gemist").0;
        prop_assert_eq!(b.doelgroep, Some(tekort > Decimal::ZERO && gemist > Decimal::ZERO));
        if b.doelgroep == Some(true) {
            prop_assert!(b.toegekend);
            prop_assert_eq!(b.tegemoetkoming.to_string(), "1000.00");
            prop_assert_eq!(b.eindheffing.to_string(), "558.10");
            let verwacht = (tekort.min(gemist) - Decimal::from(1000)).max(Decimal::ZERO);
            prop_assert!((b.bijzondere_bijstand.0 - verwacht).abs() <= Decimal::new(1, 2));
        } else {
            prop_assert!(!b.toegekend);
            prop_assert_eq!(b.tegemoetkoming.0, Decimal::ZERO);
        }
    }

    /// The reference couple's netto income is the gehuwdennorm, whatever the household earns.
    #[test]
    fn referentie_hangt_niet_af_van_inkomen(ww in 0i64..100_000) {
        let ber = beoordeel(&paar(ww, None, 0, 0)).berekening.expect("b");
        let r = ber.referentie.expect("referentie");
        prop_assert_eq!(r.netto_inkomen.to_string(), "23267.22");
        prop_assert!((r.toetsingsinkomen.centen() - r.inkomstenbelasting.centen() - r.netto_inkomen.centen()).abs() <= Decimal::new(1, 2));
    }
}

#[test]
fn datum_type_bruikbaar() {
    let d: Datum = datum(2025, 1, 1);
    assert_eq!(d.0.to_string(), "2025-01-01");
}
