//! Where rule files come from: a directory on disk or an in-memory set (the rules embedded in
//! the binary, test fixtures). Paths are `/`-separated and relative to the rules root, e.g.
//! `nl/2025/pack.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A read-only tree of rule files.
pub trait RegelBron: Send + Sync {
    /// The text of a file, or `None` when it does not exist.
    fn lees(&self, pad: &str) -> Option<String>;
    /// The names (not paths) of the files and directories directly inside `map`, sorted.
    fn inhoud(&self, map: &str) -> Vec<String>;
    /// How to name this tree to a user, e.g. `rules` or `ingebouwde regels`.
    fn naam(&self) -> String;
    /// The path to show for a file in messages.
    fn toon_pad(&self, pad: &str) -> String {
        format!("{}/{}", self.naam().trim_end_matches('/'), pad)
    }
}

/// Rule files in a directory on disk.
#[derive(Debug, Clone)]
pub struct MapBron {
    root: PathBuf,
}

impl MapBron {
    /// Use `root` (e.g. `./rules`) as the rules directory.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        MapBron { root: root.into() }
    }
}

impl RegelBron for MapBron {
    fn lees(&self, pad: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(pad)).ok()
    }
    fn inhoud(&self, map: &str) -> Vec<String> {
        let mut namen: Vec<String> = std::fs::read_dir(self.root.join(map))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        namen.sort();
        namen
    }
    fn naam(&self) -> String {
        self.root.display().to_string()
    }
}

/// Rule files held in memory (embedded rules, test fixtures).
#[derive(Debug, Clone, Default)]
pub struct GeheugenBron {
    naam: String,
    bestanden: BTreeMap<String, String>,
}

impl GeheugenBron {
    /// An empty set called `naam`.
    pub fn new(naam: impl Into<String>) -> Self {
        GeheugenBron {
            naam: naam.into(),
            bestanden: BTreeMap::new(),
        }
    }
    /// Add (or replace) a file.
    pub fn met(mut self, pad: impl Into<String>, tekst: impl Into<String>) -> Self {
        self.bestanden.insert(pad.into(), tekst.into());
        self
    }
    /// Add (or replace) a file in place.
    pub fn zet(&mut self, pad: impl Into<String>, tekst: impl Into<String>) {
        self.bestanden.insert(pad.into(), tekst.into());
    }
}

impl RegelBron for GeheugenBron {
    fn lees(&self, pad: &str) -> Option<String> {
        self.bestanden.get(pad).cloned()
    }
    fn inhoud(&self, map: &str) -> Vec<String> {
        let prefix = if map.is_empty() {
            String::new()
        } else {
            format!("{}/", map.trim_end_matches('/'))
        };
        let mut namen: Vec<String> = self
            .bestanden
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            .collect();
        namen.dedup();
        namen
    }
    fn naam(&self) -> String {
        self.naam.clone()
    }
}
