//! `avp diff` as Dutch text for a policy officer.

use std::fmt::Write;

use crate::werkbank::diff::{Jaarverschil, ParameterStand, Wijziging};
use rust_decimal::Decimal;

/// One year's value of a parameter (a fraction also as a percentage, with its unit otherwise),
/// the pack it comes from when that is another year, and its source.
fn stand(s: &mut String, (jaar, label): (i32, &str), p: &ParameterStand) {
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
    let _ = writeln!(s, "      {label}: {waarde}{herkomst}");
    let _ = writeln!(s, "            bron: {}", p.bron);
}

/// The heading of a section with the number of its entries.
fn kop(s: &mut String, titel: &str, aantal: usize) {
    let _ = writeln!(s);
    let _ = writeln!(s, "{titel} ({aantal})");
}

/// The differences as text: parameters (old → new with both sources), added and removed
/// parameters, rule functions (where each stands), rule files (unified diff) and reason texts.
pub fn tekst(v: &Jaarverschil) -> String {
    let mut s = String::new();
    titel(&mut s, v);
    if v.is_leeg() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Geen verschillen: parameters, regels en redenen zijn in beide jaren gelijk."
        );
        return s;
    }
    gewijzigde_parameters(&mut s, v);
    parameters_in_een_jaar(&mut s, v);
    functies(&mut s, v);
    regelbestanden(&mut s, v);
    redenteksten(&mut s, v);
    s
}

/// How the two sides are labelled: by their years, or, for a variant on the same year, `A` and
/// `B` (the variant).
fn zijden(v: &Jaarverschil) -> (String, String) {
    if v.jaar_oud == v.jaar_nieuw {
        ("A".into(), "B".into())
    } else {
        (v.jaar_oud.to_string(), v.jaar_nieuw.to_string())
    }
}

/// The two years and the regeling of each (once when they are the same).
fn titel(s: &mut String, v: &Jaarverschil) {
    let (a, b) = (v.jaar_oud, v.jaar_nieuw);
    if a == b {
        let _ = writeln!(
            s,
            "Verschillen tussen A en B, beide rekenpakket {a} (B: de variant)"
        );
    } else {
        let _ = writeln!(s, "Verschillen tussen het rekenpakket {a} en {b}");
    }
    let regeling = |r: &str| r.replace('_', " ");
    if v.regeling_oud == v.regeling_nieuw {
        let beide = if a == b { "A en B" } else { "beide jaren" };
        let _ = writeln!(s, "Regeling: {} ({beide})", regeling(&v.regeling_oud));
    } else {
        let _ = writeln!(
            s,
            "Regeling: {a} {}, {b} {}",
            regeling(&v.regeling_oud),
            regeling(&v.regeling_nieuw)
        );
    }
}

/// Parameters in both years with another value: the old and the new one, each with its source.
fn gewijzigde_parameters(s: &mut String, v: &Jaarverschil) {
    if v.gewijzigd.is_empty() {
        return;
    }
    kop(s, "Gewijzigde parameters", v.gewijzigd.len());
    let (la, lb) = zijden(v);
    for p in &v.gewijzigd {
        let _ = writeln!(s, "  {}", p.naam);
        if let Some(o) = &p.oud {
            stand(s, (v.jaar_oud, &la), o);
        }
        if let Some(n) = &p.nieuw {
            stand(s, (v.jaar_nieuw, &lb), n);
        }
    }
}

/// Parameters of only one year: first those added in the new year, then those removed.
fn parameters_in_een_jaar(s: &mut String, v: &Jaarverschil) {
    let (a, b) = (v.jaar_oud, v.jaar_nieuw);
    let (la, lb) = zijden(v);
    for (titel, lijst, jaar, label) in [
        (format!("Parameters alleen in {lb}"), &v.toegevoegd, b, &lb),
        (format!("Parameters alleen in {la}"), &v.verwijderd, a, &la),
    ] {
        if lijst.is_empty() {
            continue;
        }
        kop(s, &titel, lijst.len());
        for p in lijst {
            let _ = writeln!(s, "  {}", p.naam);
            if let Some(st) = p.nieuw.as_ref().or(p.oud.as_ref()) {
                stand(s, (jaar, label), st);
            }
        }
    }
}

/// Rule functions that differ: where each stands in both years, and the reason a year gives for
/// replacing an inherited function on its own.
fn functies(s: &mut String, v: &Jaarverschil) {
    if v.functies.is_empty() {
        return;
    }
    kop(s, "Regelfuncties die verschillen", v.functies.len());
    for f in &v.functies {
        let _ = writeln!(s, "  {} ({})", f.naam, wijziging(f.wijziging));
        let (la, lb) = zijden(v);
        for (label, plaats) in [(la, &f.plaats_oud), (lb, &f.plaats_nieuw)] {
            if let Some(p) = plaats {
                let _ = writeln!(s, "      {label}: {p}");
            }
        }
        if let Some(r) = &f.vervangen {
            let _ = writeln!(
                s,
                "            vervangt de geërfde functie ([vervangen] in {}): {r}",
                v.jaar_nieuw
            );
        }
    }
}

/// Rule files that differ, each with its unified diff.
fn regelbestanden(s: &mut String, v: &Jaarverschil) {
    if v.regels.is_empty() {
        return;
    }
    kop(s, "Regelbestanden die verschillen", v.regels.len());
    for r in &v.regels {
        let _ = writeln!(s, "  {} ({})", r.bestand, wijziging(r.wijziging));
        for regel in r.diff.lines() {
            let _ = writeln!(s, "    {regel}");
        }
    }
}

/// Reason texts that differ: per year the text, its grondslag and its variants.
fn redenteksten(s: &mut String, v: &Jaarverschil) {
    if v.redenen.is_empty() {
        return;
    }
    kop(s, "Redenteksten die verschillen", v.redenen.len());
    for r in &v.redenen {
        let _ = writeln!(s, "  {} ({})", r.code, wijziging(r.wijziging));
        let (la, lb) = zijden(v);
        for (label, t) in [(la, &r.oud), (lb, &r.nieuw)] {
            let Some(t) = t else {
                continue;
            };
            let _ = writeln!(s, "      {label}: {}", t.tekst);
            let _ = writeln!(s, "            grondslag: {}", t.grondslag);
            for variant in &t.variant {
                let _ = writeln!(s, "            als {}: {}", variant.als, variant.tekst);
            }
        }
    }
}

/// A change in words.
fn wijziging(w: Wijziging) -> &'static str {
    match w {
        Wijziging::Gewijzigd => "gewijzigd",
        Wijziging::Toegevoegd => "nieuw",
        Wijziging::Verwijderd => "vervallen",
    }
}
