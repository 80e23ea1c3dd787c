//! Shared helpers for the avp integration tests.

use std::path::{Path, PathBuf};

use avp_engine::source::{GeheugenBron, MapBron};
use avp_engine::Regels;

/// The workspace root.
pub fn root() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    p.canonicalize().unwrap_or(p)
}

/// The shipped rules, from disk.
pub fn regels() -> Regels {
    Regels::new(Box::new(MapBron::new(root().join("rules"))))
}

/// The shipped 2025 pack and municipalities only, in memory: a fixture for other years that does
/// not depend on the shipped packs of those years.
pub fn regels_2025_in_geheugen() -> GeheugenBron {
    let mut bron = GeheugenBron::new("rules");
    for (pad, tekst) in alle_bestanden() {
        if !pad.starts_with("nl/") || pad.starts_with("nl/2025/") {
            bron.zet(pad, tekst);
        }
    }
    bron
}

/// The shipped rules copied into memory, so a test can change one file.
pub fn regels_in_geheugen() -> GeheugenBron {
    let mut bron = GeheugenBron::new("rules");
    for (pad, tekst) in alle_bestanden() {
        bron.zet(pad, tekst);
    }
    bron
}

fn alle_bestanden() -> Vec<(String, String)> {
    let mut uit = Vec::new();
    fn loop_door(basis: &Path, map: &Path, uit: &mut Vec<(String, String)>) {
        let Ok(rd) = std::fs::read_dir(map) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                loop_door(basis, &p, uit);
            } else if let (Ok(t), Ok(rel)) = (std::fs::read_to_string(&p), p.strip_prefix(basis)) {
                uit.push((rel.to_string_lossy().replace('\\', "/"), t));
            }
        }
    }
    let basis = root().join("rules");
    loop_door(&basis, &basis, &mut uit);
    uit
}
