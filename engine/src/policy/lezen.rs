//! Reading `beleidsregels.toml`: the TOML with field paths in every error, type names for
//! policy officers, and the checks of each value with its span.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::beleidsregels::Beleidsregels;
use super::tabellen::{Betaalwijze, Betaling, InkomenRegels, Vermogen, VermogensgrensKeuze};
use crate::error::{Code, Fout, Fouten, Locatie};

/// Read and check beleidsregels from text.
pub fn lees_beleidsregels(pad: &str, tekst: &str) -> Result<Beleidsregels, Fouten> {
    let t: Arc<str> = Arc::from(tekst);
    let de = toml::Deserializer::parse(tekst)
        .map_err(|e| Fouten::from(crate::params::toml_fout(pad, &t, &e, Code::BeleidToml)))?;
    let b: Beleidsregels = serde_path_to_error::deserialize(de).map_err(|e| {
        let veld = e
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "");
        let inner = e.into_inner();
        let (bericht, hulp) = crate::record::serde_bericht_pub(inner.message());
        let (bericht, hulp) = leesbaar_type(bericht, hulp);
        let mut f = Fout::regel(Code::BeleidVeld, format!("`{veld}`: {bericht}"));
        if let Some(h) = hulp {
            f = f.hulp(h);
        }
        Fouten::from(match inner.span() {
            Some(s) => f.in_bestand(pad, &t, s),
            None => f.bij(Locatie::Pad(pad.to_string())),
        })
    })?;
    let mut fouten: Vec<(usize, Fout)> = Vec::new();
    let mut fout = |span: std::ops::Range<usize>, bericht: String, hulp: &str| {
        fouten.push((
            span.start,
            Fout::regel(Code::BeleidWaarde, bericht)
                .in_bestand(pad, &t, span)
                .hulp(hulp.to_string()),
        ));
    };
    let tabel_span = |naam: &str| tabel_span(tekst, naam);
    if let Some(v) = &b.vermogen {
        controleer_vermogen(v, tabel_span("vermogen"), &mut fout);
    }
    if let Some(i) = &b.inkomen {
        controleer_inkomen(i, &mut fout);
    }
    if let Some(bt) = &b.betaling {
        controleer_betaling(bt, tabel_span("betaling"), &mut fout);
    }
    if let Some(t) = &b.terugwerkende_kracht {
        for j in t.jaren.get_ref() {
            if !(2023..=2024).contains(j) {
                fout(
                    t.jaren.span(),
                    format!("{j} is geen jaar van het handelingsperspectief"),
                    "terugwerkende kracht geldt alleen voor 2023 en 2024 (art. 2 lid 2 en 3 VNG-format)",
                );
            }
        }
    }
    if let Some(a) = &b.aanvraag {
        let m = *a.uiterlijk_maanden_na_afloop_jaar.get_ref();
        if m > 60 {
            fout(
                a.uiterlijk_maanden_na_afloop_jaar.span(),
                format!("een aanvraagperiode van {m} maanden na afloop van het jaar is niet aannemelijk"),
                "kies een termijn van 0 tot en met 60 maanden (VNG-model: 12)",
            );
        }
    }
    if let Some(g) = &b.gemeente {
        if g.get_ref().len() != 4 || !g.get_ref().bytes().all(|c| c.is_ascii_digit()) {
            fout(
                g.span(),
                format!("`{}` is geen CBS-gemeentecode", g.get_ref()),
                "een CBS-gemeentecode heeft vier cijfers, bijvoorbeeld \"0344\"",
            );
        }
    }
    if fouten.is_empty() {
        Ok(b)
    } else {
        // in the order of the file
        fouten.sort_by_key(|(begin, _)| *begin);
        Err(Fouten(fouten.into_iter().map(|(_, f)| f).collect()))
    }
}

/// Reports a wrong value: its span, the message and the hint.
type Melder<'a> = dyn FnMut(std::ops::Range<usize>, String, &str) + 'a;

/// `[vermogen]`: a `bedrag` exactly when `grens = "bedrag"`, and not negative. `tabel`: the
/// span of the table's header.
fn controleer_vermogen(v: &Vermogen, tabel: std::ops::Range<usize>, fout: &mut Melder) {
    match (v.grens, &v.bedrag) {
        (VermogensgrensKeuze::Bedrag, None) => fout(
            tabel,
            "`vermogen.grens = \"bedrag\"` vraagt ook `vermogen.bedrag`".into(),
            "voeg `bedrag = 50000.00` (of het gekozen bedrag) toe aan [vermogen]",
        ),
        (VermogensgrensKeuze::Bedrag, Some(b)) if *b.get_ref() < Decimal::ZERO => fout(
            b.span(),
            "het bedrag van de vermogensgrens mag niet negatief zijn".into(),
            "kies een bedrag van 0 of meer",
        ),
        (VermogensgrensKeuze::Zorgtoeslag | VermogensgrensKeuze::Participatiewet, Some(b)) => fout(
            b.span(),
            format!(
                "`bedrag` geldt alleen bij `grens = \"bedrag\"`, niet bij `grens = \"{}\"`",
                v.grens.naam()
            ),
            "verwijder `bedrag` of kies `grens = \"bedrag\"`",
        ),
        _ => {}
    }
}

/// `[inkomen]`: a referteperiode of 1-12 months, the equal-income months within it, the
/// holiday-allowance surcharge a fraction.
fn controleer_inkomen(i: &InkomenRegels, fout: &mut Melder) {
    let m = een_tot_twaalf(
        &i.referteperiode_maanden,
        |m| format!("een referteperiode van {m} maanden is niet mogelijk"),
        "kies 1 tot en met 12 maanden (VNG-advies: 3)",
        fout,
    );
    let g = *i.referteperiode_gelijk_inkomen_maanden.get_ref();
    if g < 1 || g > m {
        fout(
            i.referteperiode_gelijk_inkomen_maanden.span(),
            format!(
                "{g} maanden bij gelijk inkomen moet tussen 1 en de referteperiode ({m}) liggen"
            ),
            "VNG-advies: 1 maand als elke maand hetzelfde inkomen geeft",
        );
    }
    let o = *i.vakantietoeslag_opslag.get_ref();
    if o < Decimal::ZERO || o > Decimal::ONE {
        fout(
            i.vakantietoeslag_opslag.span(),
            format!("opslag {o} is geen fractie tussen 0 en 1"),
            "schrijf 8% als 0.08",
        );
    }
}

/// `[betaling]`: 1-12 instalments that fit the `wijze`, 1-12 months between two of them.
/// `tabel`: the span of the table's header.
fn controleer_betaling(bt: &Betaling, tabel: std::ops::Range<usize>, fout: &mut Melder) {
    let n = *bt.termijnen.get_ref();
    if !(1..=12).contains(&n) {
        fout(
            bt.termijnen.span(),
            format!("{n} termijnen is niet mogelijk"),
            "kies 1 tot en met 12 termijnen (VNG-advies: in één keer of een beperkt aantal termijnen)",
        );
    } else if bt.wijze == Betaalwijze::Ineens && n != 1 {
        fout(
            bt.termijnen.span(),
            format!("`wijze = \"ineens\"` met {n} termijnen past niet"),
            "kies `wijze = \"termijnen\"` of zet `termijnen = 1`",
        );
    } else if bt.wijze == Betaalwijze::Termijnen && n == 1 && bt.termijnen.span().is_empty() {
        fout(
            tabel,
            "`wijze = \"termijnen\"` zonder `termijnen`".to_string(),
            "voeg `termijnen = 4` (of het gekozen aantal) toe aan [betaling]",
        );
    }
    een_tot_twaalf(
        &bt.termijn_maanden,
        |m| format!("{m} maanden tussen twee termijnen is niet mogelijk"),
        "kies 1 tot en met 12 maanden (standaard 1: elke maand een termijn)",
        fout,
    );
}

/// A number of months that must lie in 1-12, reported at its TOML position when it does not;
/// the number.
fn een_tot_twaalf(
    maanden: &toml::Spanned<u32>,
    bericht: impl Fn(u32) -> String,
    hulp: &str,
    fout: &mut Melder,
) -> u32 {
    let m = *maanden.get_ref();
    if !(1..=12).contains(&m) {
        fout(maanden.span(), bericht(m), hulp);
    }
    m
}

/// Type names for policy officers instead of Rust's (`u32` → "een geheel getal").
fn leesbaar_type(bericht: String, hulp: Option<String>) -> (String, Option<String>) {
    if !bericht.starts_with("verkeerd type") {
        return (bericht, hulp);
    }
    let vertalingen = [
        (
            "verwacht u32",
            "verwacht een geheel getal",
            "schrijf een getal zonder aanhalingstekens, bijvoorbeeld 12",
        ),
        (
            "verwacht i32",
            "verwacht een jaartal",
            "schrijf een jaartal zonder aanhalingstekens, bijvoorbeeld 2024",
        ),
        (
            "verwacht a sequence",
            "verwacht een lijst",
            "schrijf een lijst tussen rechte haken, bijvoorbeeld [2023, 2024]",
        ),
        (
            "verwacht a boolean",
            "verwacht true of false",
            "schrijf true of false, zonder aanhalingstekens",
        ),
        (
            "verwacht a string",
            "verwacht tekst",
            "zet de tekst tussen aanhalingstekens",
        ),
        (
            "verwacht a Decimal type representing a fixed-point number",
            "verwacht een bedrag of getal",
            "schrijf een getal met een punt als decimaalteken, bijvoorbeeld 50000.00",
        ),
    ];
    // The record layer may already have translated the type names: the same hints apply.
    let al_vertaald = [
        (
            "verwacht een geheel getal",
            "schrijf een getal zonder aanhalingstekens, bijvoorbeeld 12",
        ),
        (
            "verwacht een jaartal",
            "schrijf een jaartal zonder aanhalingstekens, bijvoorbeeld 2024",
        ),
        (
            "verwacht een lijst",
            "schrijf een lijst tussen rechte haken, bijvoorbeeld [2023, 2024]",
        ),
        (
            "verwacht true of false",
            "schrijf true of false, zonder aanhalingstekens",
        ),
        ("verwacht tekst", "zet de tekst tussen aanhalingstekens"),
        (
            "verwacht een bedrag",
            "schrijf een getal met een punt als decimaalteken, bijvoorbeeld 50000.00",
        ),
    ];
    let mut hulp = hulp;
    for (nl, tip) in al_vertaald {
        if bericht.contains(nl) {
            hulp = hulp.or_else(|| Some(tip.to_string()));
        }
    }
    let mut b = bericht.replace("verkeerd type: string ", "verkeerd type: tekst ");
    let mut h = hulp;
    for (rust, nl, tip) in vertalingen {
        if b.contains(rust) {
            b = b.replace(rust, nl);
            h = h.or_else(|| Some(tip.to_string()));
        }
    }
    (b, h)
}

/// The span of the header of table `naam` (`[naam]`), or the start of the file.
fn tabel_span(tekst: &str, naam: &str) -> std::ops::Range<usize> {
    toml::de::DeTable::parse(tekst)
        .ok()
        .and_then(|t| {
            t.get_ref()
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == naam)
                .map(|(k, _)| k.span())
        })
        .unwrap_or(0..0)
}
