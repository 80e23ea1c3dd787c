//! Profiling aid: evaluate one 2025 household N times (default 20,000) with the compiled pack.
//! `CARGO_PROFILE_RELEASE_DEBUG=true cargo run --release -p avp-engine --example profiel -- 20000`
//! then `perf record -g target/release/examples/profiel` to see where time goes.
//! With `AVP_INTERPRETER=1` and `--features referentie` every rule runs in the reference
//! interpreter (Rhai's own evaluator; for comparison).

// The allocator of the `avp` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::MapBron;
use avp_engine::{Opties, Regels};

/// The household measured (shared with the benchmark and the profiling examples).
const HUISHOUDEN: &str = include_str!("../benches/huishouden.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    #[allow(unused_mut)]
    let mut regels = Regels::new(Box::new(MapBron::new(rules)));
    #[cfg(feature = "referentie")]
    if std::env::var_os("AVP_INTERPRETER").is_some() {
        regels = regels.met_interpreter();
    }
    let beleid = regels
        .beleidsregels("vng-model")
        .map_err(|e| e.to_string())?;
    let hh = lees_huishouden(HUISHOUDEN, Formaat::Json, "profiel").map_err(|e| e.to_string())?;
    let pack = regels.pack(2025).map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    for _ in 0..n {
        let b = avp_engine::evaluate::beoordeel(&pack, &beleid, &hh, "profiel", Opties::default())
            .map_err(|e| e.to_string())?;
        std::hint::black_box(b);
    }
    let t = start.elapsed();
    println!(
        "{n} huishoudens in {t:?}: {:.1} µs per huishouden",
        t.as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}
