//! `avp diff` as Dutch text for a policy officer.

use std::fmt::Write;

use avp_engine::diff::{Jaarverschil, ParameterStand, Wijziging};
use rust_decimal::Decimal;

fn stand(s: &mut String, jaar: i32, p: &ParameterStand) {
    let waarde = match p.eenheid.as_deref() {
        _ if !p.vastgesteld => p.waarde.clone(),
        Some("fractie") => match p.waarde.parse::<Decimal>() {
            Ok(d) => {
                // 0.0710 → 7,10%: the percentage keeps the digits written in the file.
                let mut pct = d * Decimal::ONE_HUNDRED;
                pct.rescale(d.scale().saturating_sub(2));
                format!("{} ({}%)", p.waarde, pct.to_string().replace('.', ","))
            }
            Err(_) => p.waarde.clone(),
        },
        Some(e) => format!("{} {}", p.waarde, e.replace('_', " ")),
        None => p.waarde.clone(),
    };
    let herkomst = if p.pakket == jaar {
        String::new()
    } else {
        format!(" (uit pakket {})", p.pakket)
    };
    let _ = writeln!(s, "      {jaar}: {waarde}{herkomst}");
    let _ = writeln!(s, "            bron: {}", p.bron);
}

fn kop(s: &mut String, titel: &str, aantal: usize) {
    let _ = writeln!(s);
    let _ = writeln!(s, "{titel} ({aantal})");
}

/// The differences as text: parameters (old → new with both sources), added and removed
/// parameters, rule files (unified diff) and reason texts.
pub fn tekst(v: &Jaarverschil) -> String {
    let (a, b) = (v.jaar_oud, v.jaar_nieuw);
    let mut s = String::new();
    let _ = writeln!(s, "Verschillen tussen het rekenpakket {a} en {b}");
    let regeling = |r: &str| r.replace('_', " ");
    if v.regeling_oud == v.regeling_nieuw {
        let _ = writeln!(s, "Regeling: {} (beide jaren)", regeling(&v.regeling_oud));
    } else {
        let _ = writeln!(
            s,
            "Regeling: {a} {}, {b} {}",
            regeling(&v.regeling_oud),
            regeling(&v.regeling_nieuw)
        );
    }
    if v.is_leeg() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Geen verschillen: parameters, regels en redenen zijn in beide jaren gelijk."
        );
        return s;
    }
    if !v.gewijzigd.is_empty() {
        kop(&mut s, "Gewijzigde parameters", v.gewijzigd.len());
        for p in &v.gewijzigd {
            let _ = writeln!(s, "  {}", p.naam);
            if let Some(o) = &p.oud {
                stand(&mut s, a, o);
            }
            if let Some(n) = &p.nieuw {
                stand(&mut s, b, n);
            }
        }
    }
    for (titel, lijst, jaar) in [
        (format!("Parameters alleen in {b}"), &v.toegevoegd, b),
        (format!("Parameters alleen in {a}"), &v.verwijderd, a),
    ] {
        if lijst.is_empty() {
            continue;
        }
        kop(&mut s, &titel, lijst.len());
        for p in lijst {
            let _ = writeln!(s, "  {}", p.naam);
            if let Some(st) = p.nieuw.as_ref().or(p.oud.as_ref()) {
                stand(&mut s, jaar, st);
            }
        }
    }
    if !v.regels.is_empty() {
        kop(&mut s, "Regelbestanden die verschillen", v.regels.len());
        for r in &v.regels {
            let wat = match r.wijziging {
                Wijziging::Gewijzigd => "gewijzigd",
                Wijziging::Toegevoegd => "nieuw",
                Wijziging::Verwijderd => "vervallen",
            };
            let _ = writeln!(s, "  {} ({wat})", r.bestand);
            for regel in r.diff.lines() {
                let _ = writeln!(s, "    {regel}");
            }
        }
    }
    if !v.redenen.is_empty() {
        kop(&mut s, "Redenteksten die verschillen", v.redenen.len());
        for r in &v.redenen {
            let wat = match r.wijziging {
                Wijziging::Gewijzigd => "gewijzigd",
                Wijziging::Toegevoegd => "nieuw",
                Wijziging::Verwijderd => "vervallen",
            };
            let _ = writeln!(s, "  {} ({wat})", r.code);
            for (jaar, t) in [(a, &r.oud), (b, &r.nieuw)] {
                if let Some(t) = t {
                    let _ = writeln!(s, "      {jaar}: {}", t.tekst);
                    let _ = writeln!(s, "            grondslag: {}", t.grondslag);
                    for v in &t.variant {
                        let _ = writeln!(s, "            als {}: {}", v.als, v.tekst);
                    }
                }
            }
        }
    }
    s
}
