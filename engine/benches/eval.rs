//! Benchmark: one 2025 household (a doelgroep couple with rent and a child), trace off, single
//! thread, with the pack already compiled. Run: `cargo bench -p avp-engine`.

// The allocator of the `avp` binary, so the benchmark measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::MapBron;
use avp_engine::{Opties, Regels};

/// The household measured (shared with the benchmark and the profiling examples).
const HUISHOUDEN: &str = include_str!("huishouden.json");

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 200, sample_size = 20)]
fn beoordeel_een_huishouden(bencher: divan::Bencher) {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let regels = Regels::new(Box::new(MapBron::new(rules)));
    let beleid = regels.beleidsregels("vng-model").expect("beleidsregels");
    let hh = lees_huishouden(HUISHOUDEN, Formaat::Json, "bench").expect("record");
    let pack = regels.pack(2025).expect("pakket");
    bencher.bench_local(|| {
        avp_engine::evaluate::beoordeel(
            &pack,
            &beleid,
            divan::black_box(&hh),
            "bench",
            Opties::default(),
        )
        .expect("beslissing")
    });
}
