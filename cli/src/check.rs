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
    json: bool,
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
    if json {
        return als_json(&alle, &gecontroleerd, out);
    }
    meld_uitkomst(&alle, &gecontroleerd, out, err)
}

/// The outcome as JSON on `out`: `in_orde`, what was checked, every error with its code,
/// message, place and hint (BSNs masked). Exit code as in text.
fn als_json(alle: &Fouten, gecontroleerd: &[String], out: &mut dyn Write) -> u8 {
    let fouten: Vec<serde_json::Value> = alle
        .0
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f.code.as_str(),
                "bericht": crate::werkbank::batch::maskeer_bsns(&f.bericht),
                "plaats": f.locatie.as_ref().map(|l| l.to_string()),
                "hulp": f.hulp,
                "soort": if f.is_invoer() { "invoer" } else { "regel" },
            })
        })
        .collect();
    let v = serde_json::json!({
        "in_orde": alle.0.is_empty(),
        "gecontroleerd": gecontroleerd,
        "fouten": fouten,
    });
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&v).unwrap_or_default()
    );
    match (alle.0.is_empty(), alle.is_invoer()) {
        (true, _) => 0,
        (false, true) => 2,
        (false, false) => 1,
    }
}

/// `avp check --ontbrekend JAAR`: every parameter of the year's pack that is still
/// `nog_niet_vastgesteld`, with the file and line that declares it and the source to watch.
pub fn ontbrekend(
    dir: Option<PathBuf>,
    jaar: i32,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if let Err(mut f) = avp_engine::evaluate::controleer_jaar(jaar, "--ontbrekend") {
        f.locatie = None;
        f.bericht = format!("--ontbrekend {jaar}: {}", f.bericht);
        return render::meld(err, &f.into());
    }
    let regels = Regels::new(crate::rules::kies(dir));
    let pack = match regels.pack(jaar) {
        Ok(p) => p,
        Err(f) => return render::meld(err, &f),
    };
    let open: Vec<_> = pack
        .pack
        .parameters
        .iter()
        .filter(|p| p.waarde == avp_engine::params::Waarde::NogNietVastgesteld)
        .collect();
    if json {
        let lijst: Vec<serde_json::Value> = open
            .iter()
            .map(|p| {
                serde_json::json!({
                    "naam": p.naam.replace('.', "::"),
                    "bestand": p.pad,
                    "regel": p.regel,
                    "bron": p.bron,
                })
            })
            .collect();
        let v = serde_json::json!({ "jaar": jaar, "aantal": open.len(), "nog_niet_vastgesteld": lijst });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
        return 0;
    }
    let _ = writeln!(
        out,
        "{jaar}: {} nog niet vastgesteld",
        telwoord(open.len(), "waarde", "waarden")
    );
    for p in &open {
        let _ = writeln!(
            out,
            "\n{}  ({}:{})",
            p.naam.replace('.', "::"),
            p.pad,
            p.regel
        );
        let _ = writeln!(out, "    te volgen: {}", p.bron);
    }
    0
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
