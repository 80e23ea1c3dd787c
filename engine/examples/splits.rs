//! Where one household's time goes: building the household object, computing the quantities a
//! decision asks (columns, tekort, conditions, amounts), and the whole `beoordeel` with its texts.
//! `cargo run --release -p avp-engine --example splits` (ARCHITECTURE.md "Speed").

use avp_engine::decision::KOLOM_GROOTHEDEN;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::MapBron;
use avp_engine::{Opties, Regels};
/// The household measured (shared with the benchmark and the profiling examples).
const HUISHOUDEN: &str = include_str!("../benches/huishouden.json");
fn main() {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let regels = Regels::new(Box::new(MapBron::new(rules)));
    let beleid = regels.beleidsregels("vng-model").unwrap();
    let hh = lees_huishouden(HUISHOUDEN, Formaat::Json, "p").unwrap();
    let pack = regels.pack(2025).unwrap();
    let n = 20000;
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
                for nm in KOLOM_GROOTHEDEN {
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
