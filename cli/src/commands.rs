//! One function per subcommand.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use avp_engine::error::Fouten;
use avp_engine::record::{lees_huishouden, Formaat as InFormaat};
use avp_engine::{golden, pack, policy, Opties, Regels};

use crate::render;
use crate::Formaat;

/// Exit code for a set of errors.
fn code(f: &Fouten) -> u8 {
    if f.is_invoer() {
        2
    } else {
        1
    }
}

fn meld(err: &mut dyn Write, f: &Fouten) -> u8 {
    let _ = write!(err, "{}", render::fouten(f));
    code(f)
}

/// `avp eval`.
pub fn eval(
    bestand: &str,
    beleidsregels: &str,
    rules: Option<PathBuf>,
    formaat: Formaat,
    trace: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (tekst, naam) = if bestand == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            let _ = writeln!(err, "fout: kan standaardinvoer niet lezen: {e}");
            return 2;
        }
        (s, "<stdin>".to_string())
    } else {
        match std::fs::read_to_string(bestand) {
            Ok(s) => (s, bestand.to_string()),
            Err(e) => {
                let _ = writeln!(err, "fout: kan {bestand} niet lezen: {e}");
                return 2;
            }
        }
    };
    let hh = match lees_huishouden(&tekst, InFormaat::van_pad(&naam), &naam) {
        Ok(h) => h,
        Err(f) => return meld(err, &f),
    };
    let regels = Regels::new(crate::rules::kies(rules));
    let beleid = match regels.beleidsregels(beleidsregels) {
        Ok(b) => b,
        Err(f) => return meld(err, &f),
    };
    let b = match regels.beoordeel(&hh, &beleid, &naam, Opties { trace }) {
        Ok(b) => b,
        Err(f) => return meld(err, &f),
    };
    let tekst = match formaat {
        Formaat::Json => {
            let mut s = serde_json::to_string_pretty(&b).unwrap_or_default();
            s.push('\n');
            s
        }
        Formaat::Text => render::tekst(&b),
        Formaat::Markdown => render::markdown(&b),
    };
    if write!(out, "{tekst}").is_err() {
        return 1;
    }
    0
}

/// `avp check`.
pub fn check(dir: Option<PathBuf>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let dir = dir.unwrap_or_else(|| PathBuf::from("rules"));
    if !dir.is_dir() {
        let _ = writeln!(err, "fout: {} is geen map met regels", dir.display());
        return 2;
    }
    let bron = avp_engine::source::MapBron::new(&dir);
    let regels = Regels::new(Box::new(bron.clone()));
    let mut alle = Fouten::default();
    let mut gecontroleerd = Vec::new();
    for jaar in pack::beschikbare_jaren(&bron) {
        match regels.pack(jaar) {
            Ok(p) => gecontroleerd.push(format!(
                "pakket {jaar}: {} parameters, {} regels",
                p.pack.parameters.len(),
                p.functies.len()
            )),
            Err(f) => alle.0.extend(f.0),
        }
    }
    for naam in avp_engine::source::RegelBron::inhoud(&bron, "gemeenten") {
        match policy::laad_beleidsregels(&bron, &naam) {
            Ok(_) => gecontroleerd.push(format!("beleidsregels {naam}: in orde")),
            Err(f) => alle.0.extend(f.0),
        }
    }
    if alle.0.is_empty() {
        for r in gecontroleerd {
            let _ = writeln!(out, "{r}");
        }
        let _ = writeln!(out, "alles in orde");
        0
    } else {
        for f in &alle.0 {
            let _ = writeln!(err, "{}", f.to_string().lines().next().unwrap_or_default());
        }
        let _ = writeln!(err);
        let _ = write!(err, "{}", render::fouten(&alle));
        let _ = writeln!(err, "{} fout(en) gevonden", alle.0.len());
        1
    }
}

/// `avp test`.
pub fn test(
    paden: Vec<PathBuf>,
    rules: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let paden = if paden.is_empty() {
        vec![PathBuf::from("tests/cases")]
    } else {
        paden
    };
    for p in &paden {
        if !p.exists() {
            let _ = writeln!(err, "fout: {} bestaat niet", p.display());
            return 2;
        }
    }
    let regels = Regels::new(crate::rules::kies(rules));
    let gevallen = golden::zoek_gevallen(&paden);
    let (mut goed, mut fout) = (0usize, 0usize);
    for pad in &gevallen {
        let u = golden::voer_uit(&regels, pad);
        if u.geslaagd() {
            goed += 1;
        } else {
            fout += 1;
            let _ = writeln!(out, "MISLUKT {} — {}", u.pad.display(), u.naam);
            if let Some(f) = &u.fout {
                for l in f.lines() {
                    let _ = writeln!(out, "    {l}");
                }
            }
            for v in &u.verschillen {
                let _ = writeln!(
                    out,
                    "    {}: verwacht {}, kreeg {}",
                    v.veld, v.verwacht, v.werkelijk
                );
            }
        }
    }
    let _ = writeln!(out, "{goed} passed, {fout} failed");
    if fout > 0 {
        1
    } else {
        0
    }
}

/// `avp diff`.
pub fn diff(
    jaar_a: i32,
    jaar_b: i32,
    rules: Option<PathBuf>,
    formaat: crate::DiffFormaat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let regels = Regels::new(crate::rules::kies(rules));
    let (a, b) = match (regels.pack(jaar_a), regels.pack(jaar_b)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut alle = Fouten::default();
            for f in [a.err(), b.err()].into_iter().flatten() {
                alle.0.extend(f.0);
            }
            return meld(err, &alle);
        }
    };
    let v = avp_engine::diff::vergelijk(&a.pack, &b.pack);
    let tekst = match formaat {
        crate::DiffFormaat::Json => {
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        crate::DiffFormaat::Text => crate::verschil::tekst(&v),
    };
    if write!(out, "{tekst}").is_err() {
        return 1;
    }
    0
}

/// `avp schema`.
pub fn schema(dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let _ = writeln!(err, "fout: kan {} niet maken: {e}", dir.display());
        return 2;
    }
    for (naam, s) in avp_engine::schema::alle() {
        let pad = dir.join(naam);
        if let Err(e) = std::fs::write(&pad, avp_engine::schema::als_tekst(&s)) {
            let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", pad.display());
            return 2;
        }
        let _ = writeln!(out, "{}", pad.display());
    }
    0
}
