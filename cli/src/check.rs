//! `avp check`: load and compile every pack and beleidsregels under a rules directory, then run
//! each pack on the golden cases of its year and on generated households, so that a pack that
//! compiles but cannot decide (a rule that loops, divides by zero, or reads a parameter of the
//! wrong type) is refused before any household meets it. Each error is reported once, also when
//! several years inherit the file it is in.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::werkbank::golden;
use crate::werkbank::proefdraai::{self, Proefgeval};
use avp_engine::error::Fouten;
use avp_engine::policy::GeladenBeleid;
use avp_engine::{pack, policy, Regels};

use crate::render;

/// Generated households per pack in the trial run.
pub const PROEFHUISHOUDENS: usize = 300;

/// `avp check [DIR] [--gevallen DIR]`.
pub fn check(
    dir: Option<PathBuf>,
    gevallen: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let dir = dir.unwrap_or_else(|| PathBuf::from("rules"));
    if !dir.is_dir() {
        let _ = writeln!(err, "fout: {} is geen map met regels", dir.display());
        return 2;
    }
    // the golden cases beside the rules (rules/ and tests/cases/ in one repository)
    let gevallen = gevallen.or_else(|| {
        let naast = dir.join("..").join("tests").join("cases");
        naast.is_dir().then_some(naast)
    });
    if let Some(g) = gevallen.as_ref().filter(|g| !g.exists()) {
        let _ = writeln!(err, "fout: {} bestaat niet", g.display());
        return 2;
    }
    let bron = avp_engine::source::MapBron::new(&dir);
    let regels = Regels::new(Box::new(bron.clone()));
    let mut alle = Fouten::default();
    let mut gecontroleerd = Vec::new();
    let (beleid, gouden) = gouden_gevallen(&regels, gevallen.as_deref());
    let vng = regels.beleidsregels("vng-model").ok();
    for jaar in pack::beschikbare_jaren(&bron) {
        let p = match regels.pack(jaar) {
            Ok(p) => p,
            Err(f) => {
                proefdraai::voeg_uniek_toe(&mut alle, f.0);
                continue;
            }
        };
        let mut proef: Vec<Proefgeval<'_>> = gouden
            .iter()
            .filter(|(_, hh, _)| hh.jaar == jaar)
            .map(|(pad, hh, b)| Proefgeval {
                huishouden: hh.clone(),
                beleid: &beleid[b],
                naam: pad.clone(),
            })
            .collect();
        let aantal_gouden = proef.len();
        if let Some(vng) = &vng {
            proef.extend(proefdraai::gegenereerd(jaar, PROEFHUISHOUDENS, vng));
        }
        let uitkomst = proefdraai::draai(&p, &proef);
        gecontroleerd.push(format!(
            "pakket {jaar}: {} parameters, {} regels; doorgerekend op {} en {}{}",
            p.pack.parameters.len(),
            p.functies.len(),
            telwoord(aantal_gouden, "gouden geval", "gouden gevallen"),
            telwoord(proef.len() - aantal_gouden, "gegenereerd huishouden", "gegenereerde huishoudens"),
            match uitkomst.nog_niet_vastgesteld {
                0 => String::new(),
                n => format!(
                    " ({n} stopten op een waarde die nog niet is vastgesteld; dat is te verwachten voor een jaar in voorbereiding)"
                ),
            }
        ));
        proefdraai::voeg_uniek_toe(&mut alle, uitkomst.fouten);
    }
    for naam in avp_engine::source::RegelBron::inhoud(&bron, "gemeenten") {
        match policy::laad_beleidsregels(&bron, &naam) {
            Ok(_) => gecontroleerd.push(format!("beleidsregels {naam}: in orde")),
            Err(f) => proefdraai::voeg_uniek_toe(&mut alle, f.0),
        }
    }
    meld_uitkomst(&alle, &gecontroleerd, out, err)
}

/// The golden cases under `map` that can be read, each with the name of its beleidsregels, and
/// those beleidsregels loaded. Cases that cannot be read are left to `avp test`.
type GoudenGevallen = (
    BTreeMap<String, GeladenBeleid>,
    Vec<(String, avp_engine::record::Huishouden, String)>,
);

fn gouden_gevallen(regels: &Regels, map: Option<&Path>) -> GoudenGevallen {
    let mut beleid = BTreeMap::new();
    let mut gevallen = Vec::new();
    let Some(map) = map else {
        return (beleid, gevallen);
    };
    for pad in golden::zoek_gevallen(&[map.to_path_buf()]) {
        let Ok(g) = golden::lees_geval(&pad) else {
            continue;
        };
        if !beleid.contains_key(&g.beleidsregels) {
            let Ok(b) = regels.beleidsregels(&g.beleidsregels) else {
                continue;
            };
            beleid.insert(g.beleidsregels.clone(), b);
        }
        gevallen.push((pad.display().to_string(), g.huishouden, g.beleidsregels));
    }
    (beleid, gevallen)
}

fn meld_uitkomst(
    alle: &Fouten,
    gecontroleerd: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if alle.0.is_empty() {
        for r in gecontroleerd {
            let _ = writeln!(out, "{r}");
        }
        let _ = writeln!(out, "alles in orde");
        return 0;
    }
    for f in &alle.0 {
        let _ = writeln!(err, "{}", f.to_string().lines().next().unwrap_or_default());
    }
    let _ = writeln!(err);
    let _ = write!(err, "{}", render::fouten(alle));
    let _ = writeln!(err, "{} fout(en) gevonden", alle.0.len());
    1
}

fn telwoord(n: usize, enkelvoud: &str, meervoud: &str) -> String {
    format!("{n} {}", if n == 1 { enkelvoud } else { meervoud })
}
