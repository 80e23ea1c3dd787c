//! A municipality's beleidsregels as files and documents: a new `beleidsregels.toml` from the
//! VNG model with a comment above every choice (`avp init-gemeente`), and the beleidsregels as a
//! legal document in Markdown or HTML (`avp beleidsregels render`). Every text comes from the
//! pack's `keuzes.toml`.

use std::fmt::Write;

use avp_engine::notatie::{euro, maanden};
use avp_engine::policy::keuzes::{kaal, Keuze};
use avp_engine::policy::{Beleidsregels, Keuzes};
use rust_decimal::Decimal;

/// The directory name for a municipality: lower case ASCII letters and digits, everything else
/// one `-` ("'s-Hertogenbosch" → `s-hertogenbosch`, "Súdwest-Fryslân" → `sudwest-fryslan`).
pub fn mapnaam(naam: &str) -> String {
    let mut uit = String::new();
    for c in naam.trim().to_lowercase().chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            uit.push(c);
        } else if !uit.is_empty() && !uit.ends_with('-') {
            uit.push('-');
        }
    }
    uit.trim_end_matches('-').to_string()
}

/// Whether `naam` is usable as a directory name under `rules/gemeenten/`.
pub fn geldige_mapnaam(naam: &str) -> bool {
    !naam.is_empty()
        && naam
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !naam.starts_with('-')
}

/// Wrap `tekst` as TOML comment lines of at most `breedte` characters.
fn commentaar(s: &mut String, tekst: &str, breedte: usize) {
    for alinea in tekst.split('\n') {
        let mut regel = String::from("#");
        // keep "€ 179.429" together
        let mut woorden: Vec<String> = Vec::new();
        for w in alinea.split_whitespace() {
            match woorden.last_mut() {
                Some(vorig) if vorig == "€" => {
                    vorig.push('\u{a0}');
                    vorig.push_str(w);
                }
                _ => woorden.push(w.to_string()),
            }
        }
        for woord in &woorden {
            if regel.chars().count() + 1 + woord.chars().count() > breedte && regel.len() > 1 {
                let _ = writeln!(s, "{regel}");
                regel = String::from("#");
            }
            regel.push(' ');
            regel.push_str(woord);
        }
        let _ = writeln!(s, "{regel}");
    }
}

/// Remove `{naam}` placeholders (and a parenthesised one with its brackets) from a text meant
/// for a comment, where no household is known.
fn zonder_plaatshouders(t: &str) -> String {
    let mut uit = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(sluit) = rest[open..].find('}') else {
            break;
        };
        let mut voor = &rest[..open];
        let mut na = &rest[open + sluit + 1..];
        if voor.ends_with('(') && na.starts_with(')') {
            voor = voor[..voor.len() - 1].trim_end();
            na = &na[1..];
        }
        uit.push_str(voor);
        rest = na;
    }
    uit.push_str(rest);
    uit
}

fn eerste_klein(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(e) => e.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A new `beleidsregels.toml` for municipality `weergavenaam` with CBS code `code`, holding the
/// VNG model's choices, each with its explanation, the VNG advice and what applies without it.
pub fn nieuw_bestand(keuzes: &Keuzes, weergavenaam: &str, code: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "#:schema ../../../schemas/beleidsregels.schema.json");
    commentaar(
        &mut s,
        &format!(
            "Beleidsregels tijdelijke regeling alleenverdienersproblematiek van {weergavenaam}, \
             gemaakt met `avp init-gemeente` uit het VNG-format. Pas de keuzes hieronder aan; \
             een tabel die u weglaat, krijgt de wettelijke standaard (zie per keuze). Controleer \
             met `avp check` en maak er een document van met `avp beleidsregels render`."
        ),
        98,
    );
    let tekst = |t: String| toml::Value::String(t).to_string();
    let _ = writeln!(
        s,
        "naam = {}",
        tekst(format!(
            "Beleidsregels tijdelijke regeling alleenverdienersproblematiek {weergavenaam}"
        ))
    );
    let _ = writeln!(s, "gemeentenaam = {}", tekst(weergavenaam.to_string()));
    let _ = writeln!(s, "gemeente = \"{code}\"");
    let _ = writeln!(
        s,
        "bron = \"[vindplaats: gemeenteblad/CVDR-nummer en datum van vaststelling]; gebaseerd op {}\"",
        keuzes.bron.replace('"', "'")
    );
    for k in &keuzes.keuze {
        s.push('\n');
        commentaar(
            &mut s,
            &format!("{} (artikel {}) — {}", k.naam, k.artikel, k.toelichting),
            98,
        );
        commentaar(&mut s, &format!("VNG-advies: {}", k.vng_advies), 98);
        commentaar(
            &mut s,
            &format!(
                "Als deze tabel ontbreekt: {}",
                eerste_klein(&zonder_plaatshouders(&k.zonder_beleidsregel))
            ),
            98,
        );
        let _ = writeln!(s, "[{}]", k.tabel);
        for (sleutel, waarde) in avp_engine::policy::in_volgorde(&k.model) {
            let _ = writeln!(s, "{sleutel} = {waarde}");
        }
    }
    s
}

/// A paragraph ready for the document: its place in the article and its text.
type Lid = (u32, String);

/// A value of a choice as it reads in the document.
fn toon(sleutel: &str, w: &toml::Value) -> String {
    let getal = |w: &toml::Value| -> Option<Decimal> {
        match w {
            toml::Value::Float(f) => f.to_string().parse().ok(),
            toml::Value::Integer(i) => Some(Decimal::from(*i)),
            toml::Value::String(t) => t.parse().ok(),
            _ => None,
        }
    };
    match w {
        toml::Value::Array(a) => {
            let delen: Vec<String> = a.iter().map(kaal).collect();
            match delen.len() {
                0 => "geen".to_string(),
                1 => delen[0].clone(),
                n => format!("{} en {}", delen[..n - 1].join(", "), delen[n - 1]),
            }
        }
        toml::Value::Boolean(b) => if *b { "ja" } else { "nee" }.to_string(),
        toml::Value::Integer(n)
            if sleutel.ends_with("maanden") || sleutel.ends_with("maanden_na_afloop_jaar") =>
        {
            maanden(*n)
        }
        _ if sleutel == "bedrag" => getal(w).map(euro).unwrap_or_else(|| kaal(w)),
        _ if sleutel.ends_with("opslag") => getal(w)
            .map(|d| format!("{}%", (d * Decimal::from(100)).normalize()))
            .unwrap_or_else(|| kaal(w)),
        _ => kaal(w),
    }
}

/// Fill `{sleutel}` placeholders with the chosen values; `None` when one is missing.
fn vul_lid(tekst: &str, waarden: &toml::Table, gemeente: &str) -> Option<String> {
    let mut uit = String::new();
    let mut rest = tekst;
    while let Some(open) = rest.find('{') {
        let sluit = rest[open..].find('}')?;
        let naam = &rest[open + 1..open + sluit];
        uit.push_str(&rest[..open]);
        if naam == "gemeente" {
            uit.push_str(gemeente);
        } else {
            uit.push_str(&toon(naam, waarden.get(naam)?));
        }
        rest = &rest[open + sluit + 1..];
    }
    uit.push_str(rest);
    Some(uit)
}

/// The beleidsregels as a legal document in Markdown: title, preamble, articles with the
/// chosen options filled in (VNG format structure), closing articles, signature and an
/// explanation of every choice against the VNG advice.
pub fn document(
    regels: &Beleidsregels,
    keuzes: &Keuzes,
    standaard: Option<&Beleidsregels>,
) -> String {
    let gemeente = regels
        .gemeentenaam
        .clone()
        .unwrap_or_else(|| "[naam gemeente]".to_string());
    let d = &keuzes.document;
    let g = |t: &str| t.replace("{gemeente}", &gemeente);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", g(&d.titel));
    let _ = writeln!(s, "{}\n", g(&d.aanhef));
    begripsbepalingen(&mut s, &d.definities, &gemeente);
    // article 1 holds the definitions; the choices and the closing articles follow it
    let slot = d.slot.iter().map(|a| (a.titel.clone(), vec![g(&a.tekst)]));
    let artikelen = artikelen_uit_keuzes(regels, keuzes, standaard, &gemeente);
    for (nummer, (titel, leden)) in (2..).zip(artikelen.into_iter().chain(slot)) {
        artikel(&mut s, nummer, &titel, &leden);
    }
    let _ = writeln!(s, "{}\n", g(&d.ondertekening).replace("\n\n", "  \n"));
    toelichting(&mut s, regels, keuzes, &gemeente);
    s
}

/// Article 1: the definitions, lettered a, b, c ….
fn begripsbepalingen(s: &mut String, definities: &[String], gemeente: &str) {
    let _ = writeln!(s, "## Artikel 1. Begripsbepalingen\n");
    let _ = writeln!(s, "In deze beleidsregels wordt verstaan onder:\n");
    for (i, def) in definities.iter().enumerate() {
        let letter = (b'a' + (i as u8 % 26)) as char;
        let _ = writeln!(s, "{letter}. {}", def.replace("{gemeente}", gemeente));
    }
    s.push('\n');
}

/// The articles made from the choices, in order, each with its title and paragraphs: the
/// choices of one article together, every paragraph that applies in its place. An article
/// without a paragraph that applies is left out.
fn artikelen_uit_keuzes(
    regels: &Beleidsregels,
    keuzes: &Keuzes,
    standaard: Option<&Beleidsregels>,
    gemeente: &str,
) -> Vec<(String, Vec<String>)> {
    let mut artikelen: Vec<(u32, String, Vec<Lid>)> = Vec::new();
    for k in &keuzes.keuze {
        let leden = leden(k, regels, standaard, gemeente);
        match artikelen.last_mut() {
            Some((a, _, l)) if *a == k.artikel => l.extend(leden),
            _ => artikelen.push((k.artikel, k.titel.clone(), leden)),
        }
    }
    artikelen
        .into_iter()
        .filter(|(_, _, l)| !l.is_empty())
        .map(|(_, titel, mut leden)| {
            leden.sort_by_key(|(plaats, _)| *plaats);
            (titel, leden.into_iter().map(|(_, t)| t).collect())
        })
        .collect()
}

/// The paragraphs of one choice that apply to the chosen values (the municipality's, else the
/// pack's defaults), filled in; none when neither has the choice's table.
fn leden(
    k: &Keuze,
    regels: &Beleidsregels,
    standaard: Option<&Beleidsregels>,
    gemeente: &str,
) -> Vec<Lid> {
    let Some(waarden) = regels
        .tabel(&k.tabel)
        .or_else(|| standaard.and_then(|st| st.tabel(&k.tabel)))
    else {
        return Vec::new();
    };
    k.leden
        .iter()
        .filter(|l| l.geldt(&waarden))
        .filter_map(|l| {
            vul_lid(&l.tekst, &waarden, gemeente).map(|t| (l.plaats.unwrap_or(u32::MAX), t))
        })
        .collect()
}

/// One article: a single paragraph as it is, more than one numbered.
fn artikel(s: &mut String, nummer: u32, titel: &str, leden: &[String]) {
    let _ = writeln!(s, "## Artikel {nummer}. {titel}\n");
    if let [lid] = leden {
        let _ = writeln!(s, "{lid}\n");
    } else {
        for (i, l) in leden.iter().enumerate() {
            let _ = writeln!(s, "{}. {l}", i + 1);
        }
        s.push('\n');
    }
}

/// The explanation: every choice of the municipality against the VNG format, the VNG advice
/// on each, the note on the article structure and the source.
fn toelichting(s: &mut String, regels: &Beleidsregels, keuzes: &Keuzes, gemeente: &str) {
    let _ = writeln!(s, "## Toelichting: de keuzes van {gemeente}\n");
    let _ = writeln!(s, "| keuze | {gemeente} | VNG-format |\n|---|---|---|");
    for k in &keuzes.keuze {
        let gekozen = match regels.tabel(&k.tabel) {
            Some(w) => waarden_tekst(&w),
            None => format!(
                "niet geregeld: {}",
                zonder_plaatshouders(&k.zonder_beleidsregel)
            ),
        };
        let _ = writeln!(
            s,
            "| {} (`[{}]`) | {} | {} |",
            k.naam,
            k.tabel,
            gekozen,
            waarden_tekst(&k.model)
        );
    }
    s.push('\n');
    for k in &keuzes.keuze {
        let _ = writeln!(s, "**{}.** {}\n", k.naam, k.vng_advies);
    }
    if let Some(o) = &keuzes.document.opmerking {
        let _ = writeln!(s, "*{o}*\n");
    }
    let _ = writeln!(s, "*Bron: {}*", regels.bron);
}

/// The values of a table as `sleutel = waarde; …`, in contract order (`policy::in_volgorde`).
fn waarden_tekst(w: &toml::Table) -> String {
    avp_engine::policy::in_volgorde(w)
        .into_iter()
        .map(|(k, v)| format!("{k} = {}", toon(k, v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Markdown to a complete, self-contained HTML page (tables enabled), for printing or a
/// college decision.
///
/// Every text in the letter can come from outside (a municipality's name, a record, a rule
/// text), so raw HTML in the Markdown is written as text (escaped), and a link or image keeps
/// its address only with a safe scheme (`http`, `https`, `mailto`, or none: a relative link);
/// any other address (`javascript:`, `data:`, `vbscript:` …) becomes `#`.
pub fn html(titel: &str, markdown: &str) -> String {
    use pulldown_cmark::{html::push_html, Event, Options, Parser, Tag};
    let mut opties = Options::empty();
    opties.insert(Options::ENABLE_TABLES);
    let gebeurtenissen = Parser::new_ext(markdown, opties).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: veilig(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: veilig(dest_url),
            title,
            id,
        }),
        e => e,
    });
    let mut body = String::new();
    push_html(&mut body, gebeurtenissen);
    let titel = crate::render::html_tekst(titel);
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>{titel}</title>\n<style>\nbody {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.45; }}\ntable {{ border-collapse: collapse; margin: 1em 0; }}\nth, td {{ border: 1px solid #999; padding: 0.25em 0.6em; }}\ntd:nth-child(n+2) {{ font-variant-numeric: tabular-nums; }}\nblockquote {{ border-left: 4px solid #c60; margin-left: 0; padding-left: 1em; color: #630; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// A link address when it is safe (`veilig_adres`), else `#`.
fn veilig(adres: pulldown_cmark::CowStr<'_>) -> pulldown_cmark::CowStr<'_> {
    if veilig_adres(&adres) {
        adres
    } else {
        pulldown_cmark::CowStr::Borrowed("#")
    }
}

/// Whether a link address is safe in a page: `http:`, `https:`, `mailto:` or no scheme at all
/// (a relative link or an anchor). Control characters and spaces, which browsers strip before
/// reading the scheme, count against it.
fn veilig_adres(adres: &str) -> bool {
    let schoon: String = adres
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match schoon.split_once(':') {
        None => true,
        Some((schema, _)) if schema.contains(['/', '?', '#']) => true,
        Some((schema, _)) => matches!(schema, "http" | "https" | "mailto"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_laat_geen_html_of_script_door() {
        let md = "Gemeente <script>alert(1)</script> en <img src=x onerror=alert(2)>\n\n\
                  <div onclick=\"x()\">blok</div>\n\n\
                  [klik](javascript:alert(3)) [ook](JaVaScRiPt:alert(4)) [tab](java\tscript:alert(5)) \
                  [data](data:text/html,<b>x</b>) ![plaatje](javascript:alert(6)) \
                  [goed](https://example.org/a?b=c) [mail](mailto:info@example.org) [anker](#art-2)";
        let h = html("<b>titel</b> & co", md);
        let laag = h.to_ascii_lowercase();
        for kwaad in [
            "<script",
            "<img src=x",
            "<div",
            "href=\"java",
            "src=\"java",
            "href=\"data",
            "<b>titel",
        ] {
            assert!(!laag.contains(kwaad), "{kwaad} in {h}");
        }
        // a harmful address became an anchor
        assert!(h.contains("href=\"#\""), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("href=\"https://example.org/a?b=c\""), "{h}");
        assert!(h.contains("href=\"mailto:info@example.org\""), "{h}");
        assert!(h.contains("href=\"#art-2\""), "{h}");
        assert!(h.contains("&lt;b&gt;titel&lt;/b&gt; &amp; co"), "{h}");
    }

    #[test]
    fn mapnamen_van_gemeenten() {
        assert_eq!(mapnaam("'s-Hertogenbosch"), "s-hertogenbosch");
        assert_eq!(mapnaam("Súdwest-Fryslân"), "sudwest-fryslan");
        assert_eq!(mapnaam("Bergen (NH)"), "bergen-nh");
        assert_eq!(mapnaam("Ander Dorp"), "ander-dorp");
        assert_eq!(mapnaam("../etc"), "etc");
        assert!(geldige_mapnaam(&mapnaam("Voorbeeldstad")));
        assert!(!geldige_mapnaam(&mapnaam("...")));
    }
}
