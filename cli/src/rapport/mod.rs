//! Reports people look at (`--format html` for `avp diff --population` and `avp budget`): one
//! self-contained HTML file, no network or CDN, with SVG charts (`grafiek`) above the full text
//! report. Every text is escaped.

mod grafiek;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::render::html_tekst as html;
use crate::werkbank::batch::populatie::PopulatieVergelijking;
use crate::werkbank::budget::Begroting;
use grafiek::{staven, Reeks, BLAUW, GRIJS, GROEN, ROOD};

/// Whole euros (for a chart axis; the amounts themselves stay in the text report).
fn euro(d: Decimal) -> i64 {
    d.round().to_i64().unwrap_or(0)
}

/// The population comparison: doelgroep gained and lost, cost per component, winners and
/// losers per income decile, the distribution of the changes; then the text report.
pub fn populatie(v: &PopulatieVergelijking, tekst: &str) -> String {
    let (a, b) = (format!("A ({})", v.jaar_a), format!("B ({})", v.naam_b));
    let mut grafieken = vec![doelgroep(v), kosten(v, &a, &b)];
    grafieken.extend(veranderingen(v));
    pagina(&format!("Populatie: {a} en {b}"), &grafieken, tekst)
}

/// Households that enter or leave the doelgroep and the grants.
fn doelgroep(v: &PopulatieVergelijking) -> Result<String, String> {
    staven(
        "Doelgroep en toekenning: erbij en eraf (A → B)",
        &["doelgroep".into(), "toegekend".into()],
        &[
            Reeks {
                naam: "erbij",
                kleur: GROEN,
                waarden: vec![v.doelgroep_erbij as i64, v.toegekend_erbij as i64],
            },
            Reeks {
                naam: "eraf",
                kleur: ROOD,
                waarden: vec![v.doelgroep_eraf as i64, v.toegekend_eraf as i64],
            },
        ],
        "huishoudens",
    )
}

/// The cost per component under A and B.
fn kosten(v: &PopulatieVergelijking, a: &str, b: &str) -> Result<String, String> {
    let kosten = |t: &crate::werkbank::batch::populatie::JaarTotalen| {
        vec![
            euro(t.tegemoetkoming.0),
            euro(t.eindheffing.0),
            euro(t.bijzondere_bijstand.0),
            euro(t.kosten.0),
        ]
    };
    staven(
        "Kosten per onderdeel",
        &[
            "tegemoetkoming".into(),
            "eindheffing".into(),
            "bijzondere bijstand".into(),
            "totaal".into(),
        ],
        &[
            Reeks {
                naam: a,
                kleur: GRIJS,
                waarden: kosten(&v.a),
            },
            Reeks {
                naam: b,
                kleur: BLAUW,
                waarden: kosten(&v.b),
            },
        ],
        "euro",
    )
}

/// Winners and losers per income decile, and the distribution of the changes in bedrag.
fn veranderingen(v: &PopulatieVergelijking) -> [Result<String, String>; 2] {
    let decielen = &v.uitsplitsing.per_inkomensdeciel;
    let klassen: Vec<_> = v.bedrag.klassen.iter().filter(|k| k.aantal > 0).collect();
    [
        staven(
            "Winnaars en verliezers per inkomensdeciel (bedrag B − A)",
            &decielen
                .iter()
                .map(|g| g.groep.split(' ').take(2).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>(),
            &[
                Reeks {
                    naam: "erop vooruit",
                    kleur: GROEN,
                    waarden: decielen.iter().map(|g| g.erop_vooruit as i64).collect(),
                },
                Reeks {
                    naam: "erop achteruit",
                    kleur: ROOD,
                    waarden: decielen.iter().map(|g| g.erop_achteruit as i64).collect(),
                },
            ],
            "huishoudens",
        ),
        staven(
            "Verdeling van de verandering in bedrag (B − A, euro)",
            &klassen
                .iter()
                .map(|k| crate::notatie::klasse(&k.klasse))
                .collect::<Vec<_>>(),
            &[Reeks {
                naam: "huishoudens",
                kleur: BLAUW,
                waarden: klassen.iter().map(|k| k.aantal as i64).collect(),
            }],
            "huishoudens",
        ),
    ]
}

/// The budget: the cost per component; then the text report.
pub fn budget(b: &Begroting, tekst: &str) -> String {
    let bekend: Vec<_> = b
        .componenten
        .iter()
        .filter_map(|c| c.bedrag.map(|x| (c, x)))
        .collect();
    let grafieken = vec![staven(
        &format!("Kosten per onderdeel {}", b.jaar),
        &bekend
            .iter()
            .map(|(c, _)| c.code.replace('_', " "))
            .collect::<Vec<_>>(),
        &[Reeks {
            naam: "euro",
            kleur: BLAUW,
            waarden: bekend.iter().map(|(_, x)| euro(x.0)).collect(),
        }],
        "euro",
    )];
    pagina(
        &format!("Budget alleenverdienersproblematiek {}", b.jaar),
        &grafieken,
        tekst,
    )
}

/// The page: title, charts (a chart that could not be drawn says so), the text report.
fn pagina(titel: &str, grafieken: &[Result<String, String>], tekst: &str) -> String {
    let mut inhoud = String::new();
    for g in grafieken {
        match g {
            Ok(svg) => inhoud.push_str(&format!("<figure>{svg}</figure>\n")),
            Err(e) => inhoud.push_str(&format!("<p>Grafiek niet getekend: {}</p>\n", html(e))),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 80em; margin: 1em auto; padding: 0 1em; color: #1a1a1a; }}\nh1 {{ color: #154273; font-size: 1.5em; }}\nfigure {{ margin: 1.5em 0; }}\nsvg {{ max-width: 100%; height: auto; }}\npre {{ white-space: pre; overflow-x: auto; background: #f5f5f5; padding: 0.8em; font-size: 0.8em; }}\n</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n{inhoud}<h2>Het volledige rapport</h2>\n<pre>{r}</pre>\n</main>\n</body>\n</html>\n",
        t = html(titel),
        r = html(tekst)
    )
}
