//! One function per subcommand.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::werkbank::golden;
use avp_engine::record::{lees_huishouden, Formaat as InFormaat};
use avp_engine::{policy, Opties, Regels};

use crate::render;
use crate::{beleid, DocFormaat, Formaat};

use crate::render::meld;

/// Read a household record and evaluate it: `Err(exit code)` after reporting the error.
fn lees_en_beoordeel(
    bestand: &str,
    beleidsregels: &str,
    regels: &Regels,
    trace: bool,
    err: &mut dyn Write,
) -> Result<avp_engine::Beslissing, u8> {
    let (bytes, naam) = if bestand == "-" {
        let mut s = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut s) {
            let _ = writeln!(err, "fout: kan standaardinvoer niet lezen: {e}");
            return Err(2);
        }
        (s, "<stdin>".to_string())
    } else {
        match std::fs::read(bestand) {
            Ok(s) => (s, bestand.to_string()),
            Err(e) => {
                let _ = writeln!(err, "fout: kan {bestand} niet lezen: {e}");
                return Err(2);
            }
        }
    };
    let tekst = avp_engine::record::utf8_tekst(bytes, &naam).map_err(|f| meld(err, &f.into()))?;
    let hh =
        lees_huishouden(&tekst, InFormaat::van_pad(&naam), &naam).map_err(|f| meld(err, &f))?;
    let beleid = regels
        .beleidsregels(beleidsregels)
        .map_err(|f| meld(err, &f))?;
    regels
        .beoordeel(&hh, &beleid, &naam, Opties { trace })
        .map_err(|f| meld(err, &f))
}

/// `avp eval`.
pub fn eval(
    bestand: &str,
    keuze: crate::beleidsregels::Keuze,
    rules: Option<PathBuf>,
    formaat: Formaat,
    trace: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let regels = Regels::new(crate::rules::kies(rules));
    let beleidsregels = keuze.naam.as_str();
    let b = match lees_en_beoordeel(bestand, beleidsregels, &regels, trace, err) {
        Ok(b) => b,
        Err(c) => return c,
    };
    keuze.waarschuw(err);
    let gemeente = regels
        .beleidsregels(beleidsregels)
        .ok()
        .and_then(|g| g.regels.gemeentenaam);
    let tekst = beslissing_als(&b, formaat, &regels, gemeente.as_deref());
    if write!(out, "{tekst}").is_err() {
        return 1;
    }
    0
}

/// A decision as `avp eval --format …` writes it (and `avp serve` answers it): JSON for
/// systems, text for a case worker, the letter in Markdown or HTML. `gemeente` is the
/// municipality's name from its beleidsregels, which fills `[naam gemeente]` in the letter.
pub fn beslissing_als(
    b: &avp_engine::Beslissing,
    formaat: Formaat,
    regels: &Regels,
    gemeente: Option<&str>,
) -> String {
    let brief = || regels.pack(b.jaar).ok().and_then(|p| p.pack.brief.clone());
    match formaat {
        Formaat::Json => {
            let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
            s.push('\n');
            s
        }
        Formaat::Text => render::tekst(b),
        Formaat::Markdown => render::markdown(b, brief().as_deref(), gemeente),
        Formaat::Html => beleid::html(
            &format!("Besluit alleenverdienersproblematiek {}", b.jaar),
            &render::markdown(b, brief().as_deref(), gemeente),
        ),
    }
}

/// `avp test`.
pub fn test(
    paden: Vec<PathBuf>,
    rules: Option<PathBuf>,
    junit: Option<PathBuf>,
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
    let mut junit_gevallen = String::new();
    for pad in &gevallen {
        let u = golden::voer_uit(&regels, pad);
        let mut melding = String::new();
        if u.geslaagd() {
            goed += 1;
        } else {
            fout += 1;
            let _ = writeln!(out, "MISLUKT {} — {}", u.pad.display(), u.naam);
            if let Some(f) = &u.fout {
                melding.push_str(f);
                melding.push('\n');
            }
            for v in &u.verschillen {
                melding.push_str(&format!(
                    "{}: verwacht {}, kreeg {}\n",
                    v.veld, v.verwacht, v.werkelijk
                ));
            }
            for l in melding.lines() {
                let _ = writeln!(out, "    {l}");
            }
        }
        junit_gevallen.push_str(&crate::junit::geval(
            &u.pad.display().to_string(),
            &u.naam,
            &melding,
        ));
    }
    let _ = writeln!(out, "{goed} passed, {fout} failed");
    if let Some(pad) = junit {
        let xml = crate::junit::rapport(goed + fout, fout, &junit_gevallen);
        if let Err(e) = std::fs::write(&pad, xml) {
            let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", pad.display());
            return 2;
        }
    }
    if fout > 0 {
        1
    } else {
        0
    }
}

/// `avp diff`.
pub fn diff(
    vraag: &crate::vergelijking::Vraag,
    formaat: crate::DiffFormaat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let zijden = match crate::vergelijking::Zijden::uit(vraag, err) {
        Ok(z) => z,
        Err(c) => return c,
    };
    let (a, b) = match zijden.packs(err) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let v = crate::werkbank::diff::vergelijk(&a.pack, &b.pack);
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
    for (naam, s) in crate::werkbank::schema::alle() {
        let pad = dir.join(naam);
        if let Err(e) = std::fs::write(&pad, crate::werkbank::schema::als_tekst(&s)) {
            let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", pad.display());
            return 2;
        }
        let _ = writeln!(out, "{}", pad.display());
    }
    0
}

/// `avp eval FILE --verify-herkomst STORED`: evaluate again and compare with the stored decision.
pub fn verifieer(
    bestand: &str,
    beleidsregels: Option<&str>,
    rules: Option<PathBuf>,
    opgeslagen: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let oud: serde_json::Value = match std::fs::read_to_string(opgeslagen)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(
                err,
                "fout: {} is geen leesbare beslissing (JSON): {e}",
                opgeslagen.display()
            );
            return 2;
        }
    };
    let naam = beleidsregels
        .map(str::to_string)
        .or_else(|| {
            oud.pointer("/herkomst/beleidsregels")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "vng-model".to_string());
    let regels = Regels::new(crate::rules::kies(rules));
    let trace = oud.get("trace").is_some();
    let nieuw = match lees_en_beoordeel(bestand, &naam, &regels, trace, err) {
        Ok(b) => serde_json::to_value(&b).unwrap_or_default(),
        Err(c) => return c,
    };
    let mut verschillen = Vec::new();
    vergelijk("", &oud, &nieuw, &mut verschillen);
    if verschillen.is_empty() {
        let _ =
            writeln!(
            out,
            "gelijk: dezelfde regels ({}) en beleidsregels ({}) geven dezelfde beslissing als {}",
            oud.pointer("/herkomst/regels_hash").and_then(|v| v.as_str()).unwrap_or("?"),
            naam,
            opgeslagen.display()
        );
        0
    } else {
        let _ = writeln!(
            out,
            "verschillend: {} veld(en) wijken af van {}",
            verschillen.len(),
            opgeslagen.display()
        );
        for (pad, o, n) in &verschillen {
            let _ = writeln!(out, "  {pad}: opgeslagen {o}, nu {n}");
        }
        1
    }
}

/// Every leaf path where `oud` and `nieuw` differ.
fn vergelijk(
    pad: &str,
    oud: &serde_json::Value,
    nieuw: &serde_json::Value,
    uit: &mut Vec<(String, String, String)>,
) {
    use serde_json::Value;
    let kind = |k: &str| {
        if pad.is_empty() {
            k.to_string()
        } else {
            format!("{pad}.{k}")
        }
    };
    match (oud, nieuw) {
        (Value::Object(a), Value::Object(b)) => {
            let mut sleutels: Vec<&String> = a.keys().chain(b.keys()).collect();
            sleutels.sort();
            sleutels.dedup();
            for k in sleutels {
                let leeg = Value::Null;
                vergelijk(
                    &kind(k),
                    a.get(k).unwrap_or(&leeg),
                    b.get(k).unwrap_or(&leeg),
                    uit,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                vergelijk(&format!("{pad}[{i}]"), x, y, uit);
            }
        }
        _ if oud != nieuw => uit.push((pad.to_string(), kort(oud), kort(nieuw))),
        _ => {}
    }
}

fn kort(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

/// `avp init-gemeente`.
pub fn init_gemeente(
    naam: &str,
    code: &str,
    rules: &Path,
    jaar: i32,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if code.len() != 4 || !code.bytes().all(|c| c.is_ascii_digit()) {
        let _ = writeln!(
            err,
            "fout: `{code}` is geen CBS-gemeentecode\n  hulp: een CBS-gemeentecode heeft vier cijfers, bijvoorbeeld --code 0344"
        );
        return 2;
    }
    let map = beleid::mapnaam(naam);
    if !beleid::geldige_mapnaam(&map) {
        let _ = writeln!(
            err,
            "fout: `{naam}` bevat geen letters of cijfers voor de mapnaam\n  hulp: geef de naam van de gemeente, bijvoorbeeld \"Ander Dorp\" (map ander-dorp)"
        );
        return 2;
    }
    let regels = Regels::new(crate::rules::kies(
        Some(rules.to_path_buf()).filter(|r| r.join("nl").is_dir()),
    ));
    let keuzes = match regels.pack(jaar) {
        Ok(p) => match p.pack.keuzes.clone() {
            Some(k) => k,
            None => {
                let _ = writeln!(err, "fout: het rekenpakket {jaar} heeft geen keuzes.toml");
                return 1;
            }
        },
        Err(f) => return meld(err, &f),
    };
    let doel = rules
        .join("gemeenten")
        .join(&map)
        .join("beleidsregels.toml");
    if doel.exists() {
        let _ = writeln!(
            err,
            "fout: {} bestaat al; avp overschrijft geen beleidsregels\n  hulp: pas dat bestand zelf aan, of kies een andere naam",
            doel.display()
        );
        return 2;
    }
    let weergave = naam.trim();
    let tekst = beleid::nieuw_bestand(&keuzes, weergave, code);
    if let Err(f) = policy::lees_beleidsregels(&doel.display().to_string(), &tekst) {
        return meld(err, &f);
    }
    if let Some(m) = doel.parent() {
        if let Err(e) = std::fs::create_dir_all(m) {
            let _ = writeln!(err, "fout: kan {} niet maken: {e}", m.display());
            return 2;
        }
    }
    if let Err(e) = std::fs::write(&doel, tekst) {
        let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", doel.display());
        return 2;
    }
    let _ = writeln!(
        out,
        "{} geschreven (VNG-model). Pas de keuzes aan, controleer met `avp check` en maak het document met `avp beleidsregels render {map}`.",
        doel.display()
    );
    0
}

/// `avp beleidsregels render`.
pub fn render_beleid(
    beleidsregels: &str,
    formaat: DocFormaat,
    rules: Option<PathBuf>,
    jaar: i32,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let regels = Regels::new(crate::rules::kies(rules));
    let b = match regels.beleidsregels(beleidsregels) {
        Ok(b) => b,
        Err(f) => return meld(err, &f),
    };
    let pack = match regels.pack(jaar) {
        Ok(p) => p,
        Err(f) => return meld(err, &f),
    };
    let Some(keuzes) = pack.pack.keuzes.clone() else {
        let _ = writeln!(err, "fout: het rekenpakket {jaar} heeft geen keuzes.toml");
        return 1;
    };
    let md = beleid::document(&b.regels, &keuzes, pack.pack.standaard_beleid.as_deref());
    let tekst = match formaat {
        DocFormaat::Markdown => md,
        DocFormaat::Html => beleid::html(&b.regels.naam, &md),
    };
    if write!(out, "{tekst}").is_err() {
        return 1;
    }
    0
}
