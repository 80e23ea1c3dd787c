//! Shared helpers for the avp integration tests.

pub mod invarianten;

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

/// A `pack.toml` for a fixture year that extends `extends` and takes over the 2025 namespaces
/// `overgenomen` unchanged (a fixture, not a statement about the real year).
pub fn fixture_pack_toml(jaar: i32, regeling: &str, extends: i32, overgenomen: &[&str]) -> String {
    let mut s = format!(
        "jaar = {jaar}\nregeling = \"{regeling}\"\nnaam = \"testpakket {jaar}\"\nbron = \"testfixture\"\nextends = \"{extends}\"\n\n[overgenomen]\n"
    );
    for ns in overgenomen {
        s.push_str(&format!("\"{ns}\" = \"testfixture: ongewijzigd\"\n"));
    }
    s
}

/// Every parameter namespace of the shipped 2025 pack except `tegemoetkoming`.
pub const NAMESPACES_2025: &[&str] = &[
    "bijstand",
    "doelgroep",
    "heffingskortingen",
    "huurtoeslag",
    "inkomen",
    "inkomstenbelasting",
    "kindgebonden_budget",
    "toeslagen",
    "zorgtoeslag",
];

/// The 2025 pack in memory plus a fixture 2024 (handelingsperspectief) that reuses every 2025
/// number and the shipped 2024 rule and reason files (`tegemoetkoming.rhai`, `redenen.toml`), so
/// that the handelingsperspectief mechanism is tested apart from the 2024 data.
pub fn regels_handelingsperspectief_in_geheugen() -> GeheugenBron {
    let mut bron = regels_2025_in_geheugen();
    bron.zet(
        "nl/2024/pack.toml",
        fixture_pack_toml(2024, "handelingsperspectief", 2025, NAMESPACES_2025),
    );
    for f in ["tegemoetkoming.rhai", "redenen.toml"] {
        let tekst =
            std::fs::read_to_string(root().join("rules/nl/2024").join(f)).unwrap_or_default();
        bron.zet(format!("nl/2024/{f}"), tekst);
    }
    bron
}

/// `[overgenomen]` for a fixture year that only changes `tegemoetkoming::bedrag`: every other
/// namespace of 2025 holds unchanged (fixture, not a statement about the real year).
pub const OVERGENOMEN: &str = r#"
[overgenomen]
bijstand = "testfixture: ongewijzigd"
doelgroep = "testfixture: ongewijzigd"
heffingskortingen = "testfixture: ongewijzigd"
huurtoeslag = "testfixture: ongewijzigd"
inkomen = "testfixture: ongewijzigd"
inkomstenbelasting = "testfixture: ongewijzigd"
kindgebonden_budget = "testfixture: ongewijzigd"
"tegemoetkoming::eindheffing_percentage_per_betaaljaar" = "testfixture: ongewijzigd"
toeslagen = "testfixture: ongewijzigd"
zorgtoeslag = "testfixture: ongewijzigd"
"#;
