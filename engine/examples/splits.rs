//! Where one household's time goes: building the household object, computing the quantities a
//! decision asks (columns, tekort, conditions, amounts), and the whole `beoordeel` with its texts.
//! `cargo run --release -p avp-engine --example splits` (ARCHITECTURE.md "Speed").

use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::MapBron;
use avp_engine::{Opties, Regels};
const HUISHOUDEN: &str = r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"vermogen":8500,
 "huur_per_maand":"720.00","iban":"NL91ABNA0417164300",
 "personen":[{"geboortedatum":"1971-03-08","inkomsten":[{"soort":"wia","bruto_per_jaar":31000}]},
             {"geboortedatum":"1975-11-21","inkomsten":[]}],
 "kinderen":[{"geboortedatum":"2013-06-01"}]}"#;
fn main() {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let regels = Regels::new(Box::new(MapBron::new(rules)));
    let beleid = regels.beleidsregels("vng-model").unwrap();
    let hh = lees_huishouden(HUISHOUDEN, Formaat::Json, "p").unwrap();
    let pack = regels.pack(2025).unwrap();
    let n = 20000;
    let namen = [
        "toetsingsinkomen",
        "inkomstenbelasting",
        "netto_inkomen",
        "zorgtoeslag",
        "huurtoeslag",
        "kindgebonden_budget",
        "besteedbaar_inkomen",
    ];
    let hnamen = [
        "tekort",
        "gemiste_toeslagen",
        "voorwaarde_partners",
        "voorwaarde_uitkering",
        "voorwaarde_ahk_niet_uitbetaald",
        "voorwaarde_tekort",
        "voorwaarde_vermogen",
        "tegemoetkoming",
        "eindheffing",
        "bijzondere_bijstand",
    ];
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for _ in 0..n {
            let obj = avp_engine::evaluate::huishouden_object(&pack, &beleid, &hh, "p").unwrap();
            std::hint::black_box(&obj);
        }
        let t0 = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        let t = std::time::Instant::now();
        for _ in 0..n {
            let obj = avp_engine::evaluate::huishouden_object(&pack, &beleid, &hh, "p").unwrap();
            let s = pack.sessie(&obj, false);
            for sit in [&obj.0.werkelijk, obj.0.referentie.as_ref().unwrap()] {
                for nm in namen {
                    std::hint::black_box(s.op_situatie_w(sit, nm).unwrap());
                }
            }
            for nm in hnamen {
                std::hint::black_box(s.op_huishouden_w(&obj, nm).unwrap());
            }
        }
        let t1 = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(
                avp_engine::evaluate::beoordeel(&pack, &beleid, &hh, "p", Opties::default())
                    .unwrap(),
            );
        }
        let t2 = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        println!("object {t0:.1} µs; + quantities {t1:.1} µs; full beoordeel {t2:.1} µs");
    }
}
