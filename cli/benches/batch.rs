//! Batch throughput: 10,000 generated 2025 households through the whole pipeline (read, parse,
//! validate, evaluate, serialize JSONL in input order), trace off, on every core (rayon); and the
//! pipeline alone — read, parse, validate and serialize a fixed decision, no evaluation — to show
//! what the batch machinery costs apart from the rules.
//!
//! Run: `cargo bench -p avp-cli --bench batch`. Throughput is reported as items (households)
//! per second.

// The allocator of the `avp` binary, so the benchmark measures what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Cursor;
use std::sync::LazyLock;

use avp_cli::werkbank::batch::{self, Instellingen, InvoerFormaat, Lezer, UitvoerFormaat};
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::source::MapBron;
use avp_engine::{Opties, Regels};
use divan::counter::ItemsCount;

const AANTAL: u64 = 10_000;

static INVOER: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut v = Vec::new();
    avp_cli::werkbank::generate::schrijf_jsonl(&mut v, AANTAL, 1, 2025).expect("genereer");
    v
});

fn main() {
    divan::main();
}

fn regels() -> Regels {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    Regels::new(Box::new(MapBron::new(rules)))
}

fn lezer() -> Lezer {
    Lezer::nieuw(
        Box::new(Cursor::new(INVOER.as_slice())),
        InvoerFormaat::Jsonl,
    )
    .expect("lezer")
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn volledig_10000_huishoudens(bencher: divan::Bencher) {
    let regels = regels();
    let beleid = regels.beleidsregels("vng-model").expect("beleidsregels");
    regels.pack(2025).expect("pakket");
    bencher.counter(ItemsCount::new(AANTAL)).bench_local(|| {
        let mut lezer = lezer();
        let mut uit = std::io::sink();
        batch::verwerk(
            &regels,
            &beleid,
            &mut lezer,
            Instellingen {
                opties: Opties::default(),
                uitvoer: UitvoerFormaat::Jsonl,
                lijst: None,
                blok: batch::STANDAARD_BLOK,
            },
            &mut uit,
            &mut |_| Ok(()),
            &|_| {},
        )
        .expect("batch")
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn pijplijn_zonder_evaluatie_10000(bencher: divan::Bencher) {
    let regels = regels();
    let beleid = regels.beleidsregels("vng-model").expect("beleidsregels");
    let pack = regels.pack(2025).expect("pakket");
    let eerste = INVOER.split(|b| *b == b'\n').next().unwrap_or_default();
    let hh = lees_huishouden(
        std::str::from_utf8(eerste).unwrap_or_default(),
        Formaat::Json,
        "b",
    )
    .expect("record");
    let beslissing =
        avp_engine::evaluate::beoordeel(&pack, &beleid, &hh, "b", Opties::default()).expect("b");
    let pool = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
    bencher.counter(ItemsCount::new(AANTAL)).bench_local(|| {
        let mut lezer = lezer();
        let mut totaal = 0usize;
        batch::parallel_geordend(
            &mut lezer,
            batch::STANDAARD_BLOK,
            String::new,
            |naam: &mut String, records| {
                let mut uit = pool
                    .lock()
                    .ok()
                    .and_then(|mut p| p.pop())
                    .unwrap_or_default();
                for r in records {
                    naam.clear();
                    naam.push_str("regel");
                    let t = std::str::from_utf8(&r.tekst).unwrap_or_default();
                    let hh = serde_json::from_str::<avp_engine::record::Huishouden>(t);
                    if hh.is_ok_and(|h| avp_engine::record::valideer(&h, naam).is_ok()) {
                        batch::schrijf_jsonl(&mut uit, r.regel, &beslissing);
                    }
                }
                uit
            },
            |mut uit: Vec<u8>| {
                totaal += divan::black_box(&uit).len();
                uit.clear();
                if let Ok(mut p) = pool.lock() {
                    p.push(uit);
                }
                Ok(())
            },
            &|_| {},
        )
        .expect("pijplijn");
        totaal
    });
}
