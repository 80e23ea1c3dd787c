//! Errors for humans (miette, without colour so output is stable), with every possible BSN
//! masked, and the exit code that goes with them.

use std::fmt::Write;

use avp_engine::error::Fouten;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// Report errors on `err` (as `fouten` renders them) and give the exit code: 2 for bad input,
/// 1 for an error in the rules.
pub fn meld(err: &mut dyn std::io::Write, f: &Fouten) -> u8 {
    let _ = write!(err, "{}", fouten(f));
    if f.is_invoer() {
        2
    } else {
        1
    }
}

/// Errors for humans: what, where, how to fix. Every run of 8 or 9 digits (a possible BSN) in the
/// messages and in the quoted source lines is masked (`…333`), as the batch error file does.
///
/// Masked before the layout as well as after: miette wraps a long message at 100 columns and
/// can break a word inside a run of digits (a BSN at the end of a long field name), and the
/// halves on two lines would no longer be recognised afterwards.
pub fn fouten(f: &Fouten) -> String {
    let gemaskeerd = Fouten(f.0.iter().map(gemaskeerde_tekst).collect());
    crate::werkbank::batch::maskeer_bsns(&fouten_ongemaskeerd(&gemaskeerd))
}

/// `f` with every possible BSN masked in its message, hint and location.
fn gemaskeerde_tekst(f: &avp_engine::error::Fout) -> avp_engine::error::Fout {
    use crate::werkbank::batch::maskeer_bsns;
    use avp_engine::error::Locatie;
    let mut f = f.clone();
    f.bericht = maskeer_bsns(&f.bericht);
    f.hulp = f.hulp.as_deref().map(maskeer_bsns);
    f.locatie = f.locatie.map(|l| match l {
        Locatie::Veld { record, veld } => Locatie::Veld {
            record: maskeer_bsns(&record),
            veld: maskeer_bsns(&veld),
        },
        Locatie::Bestand { pad, regel, kolom } => Locatie::Bestand {
            pad: maskeer_bsns(&pad),
            regel,
            kolom,
        },
        Locatie::Pad(p) => Locatie::Pad(maskeer_bsns(&p)),
    });
    f
}

/// The errors laid out by miette (with a source fragment) or as `fout[code]: …` with its hint.
fn fouten_ongemaskeerd(f: &Fouten) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut s = String::new();
    for fout in &f.0 {
        if let Some(fragment) = &fout.fragment {
            // the quoted source with every possible BSN masked to the same length, so that the
            // marker under the line still points at the right place
            let mut gemaskeerd = fout.clone();
            if let Some(g) = gemaskeerd.fragment.as_mut() {
                g.bron = std::sync::Arc::new(miette::NamedSource::new(
                    fragment.naam.clone(),
                    maskeer_even_lang(&fragment.tekst),
                ));
            }
            let _ = handler.render_report(&mut s, &gemaskeerd);
        } else {
            let _ = writeln!(
                s,
                "fout[{}]: {}",
                fout.code,
                fout.to_string().lines().next().unwrap_or_default()
            );
            if let Some(h) = &fout.hulp {
                let _ = writeln!(s, "  hulp: {h}");
            }
        }
        s.push('\n');
    }
    s
}

/// Every run of 8 or 9 digits with all but its last three digits replaced by `*` (same length).
fn maskeer_even_lang(tekst: &str) -> String {
    let mut uit = String::with_capacity(tekst.len());
    let mut cijfers = String::new();
    let schrijf = |uit: &mut String, cijfers: &mut String| {
        if (8..=9).contains(&cijfers.len()) {
            uit.push_str(&"*".repeat(cijfers.len() - 3));
            uit.push_str(&cijfers[cijfers.len() - 3..]);
        } else {
            uit.push_str(cijfers);
        }
        cijfers.clear();
    };
    for c in tekst.chars() {
        if c.is_ascii_digit() {
            cijfers.push(c);
        } else {
            schrijf(&mut uit, &mut cijfers);
            uit.push(c);
        }
    }
    schrijf(&mut uit, &mut cijfers);
    uit
}
