//! Where the rules come from: `--rules DIR`, else `./rules`, else the rules built into the
//! binary (so `avp` works from any directory).

use std::path::PathBuf;

use avp_engine::source::{GeheugenBron, MapBron, RegelBron};
use include_dir::{include_dir, Dir};

static INGEBOUWD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../rules");

/// The rules tree to use.
pub fn kies(rules: Option<PathBuf>) -> Box<dyn RegelBron> {
    match rules {
        Some(p) => Box::new(MapBron::new(p)),
        None if std::path::Path::new("rules/nl").is_dir() => Box::new(MapBron::new("rules")),
        None => Box::new(ingebouwd()),
    }
}

/// The rules built into the binary.
pub fn ingebouwd() -> GeheugenBron {
    let mut bron = GeheugenBron::new(format!(
        "<ingebouwde regels avp {}>",
        env!("CARGO_PKG_VERSION")
    ));
    fn voeg_toe(d: &Dir<'static>, bron: &mut GeheugenBron) {
        for f in d.files() {
            if let Some(t) = f.contents_utf8() {
                bron.zet(f.path().to_string_lossy().replace('\\', "/"), t);
            }
        }
        for sub in d.dirs() {
            voeg_toe(sub, bron);
        }
    }
    voeg_toe(&INGEBOUWD, &mut bron);
    bron
}
