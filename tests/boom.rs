//! The tree's budgets (ARCHITECTURE.md): no source file over 600 lines, no function over 80 (in
//! rustfmt's layout), and no import cycle
//! between the files of the engine or of the CLI (issue 7). For the cycles every `use` and every
//! `crate::`/`super::`/`self::` path outside `#[cfg(test)]` and comments is an edge from its file
//! to the file that defines the module it names; no two files may reach each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file under `map`.
fn rs_bestanden(map: &Path) -> Vec<PathBuf> {
    let mut uit = Vec::new();
    let mut mappen = vec![map.to_path_buf()];
    while let Some(m) = mappen.pop() {
        for e in std::fs::read_dir(&m).expect("map").flatten() {
            let p = e.path();
            if p.is_dir() {
                mappen.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                uit.push(p);
            }
        }
    }
    uit
}

/// Every `.rs` file under `src`, by its module path (`mod.rs`/`lib.rs`/`main.rs` name their
/// directory's module).
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut uit = BTreeMap::new();
    for p in rs_bestanden(src) {
        let rel = p.strip_prefix(src).expect("onder src").with_extension("");
        let mut m: Module = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if m.last()
            .is_some_and(|l| ["mod", "lib", "main"].contains(&l.as_str()))
        {
            m.pop();
        }
        uit.insert(m, p);
    }
    uit
}

/// The source without comments and without its test module (`#[cfg(test)]` before `mod`; a
/// `#[cfg(test)]` item elsewhere is kept, so its imports count too).
fn code(p: &Path) -> String {
    let s = std::fs::read_to_string(p).expect("bron");
    let s = s.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
    s.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a file names: `use` trees (one level of braces) and inline `crate::`/`super::`.
fn paden(code: &str) -> Vec<Vec<String>> {
    let mut uit = Vec::new();
    let woorden = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|w| {
                w.trim()
                    .split([' ', '(', ')', ',', '<', '>', '&', '.', ';', '!'])
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .take_while(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .collect()
    };
    for stuk in code.split("use ").skip(1) {
        let stuk = stuk.split(';').next().unwrap_or_default();
        match stuk.split_once("::{") {
            Some((kop, rest)) => {
                for item in rest.trim_end_matches('}').split(',') {
                    uit.push(woorden(&format!("{kop}::{}", item.trim())));
                }
            }
            None => uit.push(woorden(stuk)),
        }
    }
    for begin in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(begin) {
            uit.push(woorden(&code[i..]));
        }
    }
    uit
}

/// The file module that `pad`, named in module `m`, lands in (the longest known prefix).
fn doel(mods: &BTreeMap<Module, PathBuf>, m: &Module, pad: &[String]) -> Option<Module> {
    let (kop, rest) = pad.split_first()?;
    let mut volledig: Module = match kop.as_str() {
        "crate" => Vec::new(),
        "super" => m[..m.len().saturating_sub(1)].to_vec(),
        "self" => m.clone(),
        k if mods.contains_key(&[m.as_slice(), &[k.to_string()]].concat()) => {
            [m.as_slice(), &[k.to_string()]].concat()
        }
        _ => return None,
    };
    let mut rest = rest;
    while kop == "super" && rest.first().is_some_and(|w| w == "super") {
        volledig.pop();
        rest = &rest[1..];
    }
    volledig.extend(rest.iter().cloned());
    (0..=volledig.len())
        .rev()
        .map(|n| volledig[..n].to_vec())
        .find(|k| mods.contains_key(k))
}

/// The cycles (files that reach each other) under `src`, each as `a ⇄ b`.
fn cycli(src: &Path) -> Vec<String> {
    let mods = modules(src);
    let mut randen: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, p) in &mods {
        let naar = randen.entry(m.clone()).or_default();
        for pad in paden(&code(p)) {
            if let Some(d) = doel(&mods, m, &pad).filter(|d| d != m) {
                naar.insert(d);
            }
        }
    }
    let bereik = |van: &Module| -> BTreeSet<Module> {
        let mut gezien = BTreeSet::new();
        let mut rij = vec![van.clone()];
        while let Some(x) = rij.pop() {
            for y in randen.get(&x).into_iter().flatten() {
                if gezien.insert(y.clone()) {
                    rij.push(y.clone());
                }
            }
        }
        gezien
    };
    let mut uit = Vec::new();
    for m in mods.keys() {
        for d in randen.get(m).into_iter().flatten() {
            if bereik(d).contains(m) {
                uit.push(format!(
                    "{} → {} → … → {}",
                    m.join("/"),
                    d.join("/"),
                    m.join("/")
                ));
            }
        }
    }
    uit
}

#[test]
fn geen_importcyclus_in_engine_en_cli() {
    let wortel = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krat in ["engine/src", "cli/src"] {
        let c = cycli(&wortel.join(krat));
        assert!(c.is_empty(), "{krat}: importcycli:\n{}", c.join("\n"));
    }
}

#[test]
fn een_cyclus_wordt_gevonden() {
    let map = std::env::temp_dir().join(format!("avp-cyclus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&map);
    std::fs::create_dir_all(map.join("a")).expect("map");
    std::fs::write(map.join("lib.rs"), "mod a;\nmod b;\n").expect("lib");
    std::fs::write(map.join("a/mod.rs"), "mod c;\nuse crate::b::X;\n").expect("a");
    std::fs::write(map.join("a/c.rs"), "use super::super::b::Y; // crate::a\n").expect("c");
    std::fs::write(
        map.join("b.rs"),
        "pub struct X;\n#[cfg(test)]\nfn t() {}\nfn f() { crate::a::g(); }\n",
    )
    .expect("b");
    let c = cycli(&map);
    assert!(c.iter().any(|x| x.starts_with("a → b")), "{c:?}");
    assert!(!c.iter().any(|x| x.starts_with("a/c")), "{c:?}");
    let _ = std::fs::remove_dir_all(&map);
}

#[test]
fn geen_bronbestand_over_600_regels() {
    let wortel = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let te_lang: Vec<String> = ["engine/src", "cli/src", "tests"]
        .iter()
        .flat_map(|map| rs_bestanden(&wortel.join(map)))
        .filter_map(|p| {
            let n = std::fs::read_to_string(&p).expect("bron").lines().count();
            (n > 600).then(|| format!("{}: {n} regels", p.display()))
        })
        .collect();
    assert!(te_lang.is_empty(), "te lang:\n{}", te_lang.join("\n"));
}

/// Functions of `pad` longer than 80 lines: from a line that starts a `fn` (rustfmt's layout)
/// to the closing brace at the same indentation.
fn lange_functies(pad: &Path) -> Vec<String> {
    let tekst = std::fs::read_to_string(pad).expect("bron");
    let regels: Vec<&str> = tekst.lines().collect();
    let mut uit = Vec::new();
    for (i, r) in regels.iter().enumerate() {
        let inspringing = r.len() - r.trim_start().len();
        // `fn`, after any of its qualifiers: visibility, async, const, unsafe, extern "C"
        let kop = r.trim_start();
        let voor_fn = if kop.starts_with("fn ") {
            Some("")
        } else {
            kop.split_once(" fn ").map(|(v, _)| v)
        };
        let is_fn = voor_fn.is_some_and(|v| {
            v.split_whitespace().all(|w| {
                w.starts_with("pub")
                    || w.starts_with('"')
                    || ["async", "const", "unsafe", "extern"].contains(&w)
            })
        });
        if !is_fn || r.trim_end().ends_with(';') {
            continue;
        }
        let einde = format!("{}}}", &r[..inspringing]);
        if let Some(n) = regels[i + 1..].iter().position(|x| *x == einde) {
            if n + 2 > 80 {
                uit.push(format!("{}:{} ({} regels)", pad.display(), i + 1, n + 2));
            }
        }
    }
    uit
}

#[test]
fn geen_functie_over_80_regels() {
    let wortel = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let te_lang: Vec<String> = ["engine/src", "cli/src"]
        .iter()
        .flat_map(|map| rs_bestanden(&wortel.join(map)))
        .flat_map(|p| lange_functies(&p))
        .collect();
    assert!(
        te_lang.is_empty(),
        "functies te lang:\n{}",
        te_lang.join("\n")
    );
}
