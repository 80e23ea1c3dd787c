//! A parameter set from outside the rules tree (`avp diff --zet tegemoetkoming::bedrag=1200`): a
//! variant of a year's pack that differs in one value, without a copy of the rules. The value is
//! read as the TOML of a parameter file, so it gets the same type and range checks (by the unit
//! of the value it replaces), and the pack's hash covers it.

use std::str::FromStr;
use std::sync::Arc;

use super::pakket::Pack;
use crate::error::{Code, Fout, Fouten};
use crate::params::{laad_parameterbestand, Waarde};

/// One `NAAM=WAARDE`: a parameter by its name in the rules (`tegemoetkoming::bedrag`) and a
/// value as written in a parameter file (`1200`, `0.3`, `2025-07-01`, `[1, 2]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zetting {
    /// The dotted name: `tegemoetkoming.bedrag`.
    pub naam: String,
    /// The value's TOML text.
    pub waarde: String,
}

impl FromStr for Zetting {
    type Err = String;

    fn from_str(s: &str) -> Result<Zetting, String> {
        let (naam, waarde) = s.split_once('=').ok_or_else(|| {
            format!("`{s}` is geen NAAM=WAARDE; bijvoorbeeld tegemoetkoming::bedrag=1200")
        })?;
        let naam = naam.trim().replace("::", ".");
        if naam.is_empty() || !naam.contains('.') || waarde.trim().is_empty() {
            return Err(format!(
                "`{s}` is geen NAAM=WAARDE met een parameternaam zoals in de regels (tegemoetkoming::bedrag=1200)"
            ));
        }
        Ok(Zetting {
            naam,
            waarde: waarde.trim().to_string(),
        })
    }
}

impl Zetting {
    /// How it is shown in messages and in the pack's files: `--zet tegemoetkoming::bedrag=1200`.
    pub fn toon(&self) -> String {
        format!("--zet {}={}", self.naam.replace('.', "::"), self.waarde)
    }
}

/// Set `z` in `pack`: the parameter must exist in the pack (did-you-mean otherwise); the new
/// value keeps its unit and range, and its `bron` says where it came from.
pub(crate) fn zet(pack: &mut Pack, z: &Zetting) -> Result<(), Fouten> {
    let toon = z.toon();
    if pack.parameters.get(&z.naam).is_none() {
        let mut f = Fout::invoer(
            Code::ParamsNaam,
            format!(
                "{toon}: het pakket {} heeft geen parameter `{}`",
                pack.manifest.jaar,
                z.naam.replace('.', "::")
            ),
        );
        if let Some(n) = pack.parameters.lijkt_op(&z.naam) {
            f = f.hulp(format!("bedoelt u `{}`?", n.replace('.', "::")));
        }
        return Err(f.into());
    }
    // one value, alone: also inside brackets, so that a comment (`1200 # x`) or a second value
    // (`1200, 1300`) cannot reach the parameter text below
    let een_waarde = toml::from_str::<toml::Table>(&format!("w = {}", z.waarde)).is_ok()
        && toml::from_str::<toml::Table>(&format!("w = [{}]", z.waarde)).is_ok_and(|t| {
            t.get("w")
                .and_then(|w| w.as_array())
                .is_some_and(|a| a.len() == 1)
        });
    if !een_waarde {
        return Err(waarde_onleesbaar(z, &toon).into());
    }
    let (namespace, rest) = z.naam.split_once('.').unwrap_or((&z.naam, ""));
    let tekst = format!(
        "{rest} = {{ waarde = {}, bron = \"variant op de opdrachtregel ({})\" }}\n",
        z.waarde,
        toon.replace('\\', "\\\\").replace('"', "\\\"")
    );
    // a value that does not fit is the user's input (exit 2), not an error in the rules
    let nieuw = laad_parameterbestand(
        &toon,
        &tekst,
        namespace,
        pack.manifest.jaar,
        &pack.parameters,
    )
    .map_err(|f| {
        Fouten(
            f.0.into_iter()
                .map(|mut e| {
                    e.soort = crate::error::FoutSoort::Invoer;
                    e
                })
                .collect(),
        )
    })?;
    for p in nieuw {
        // the rules read the value they had: a number stays a number, a list a list
        if let Some(oud) = pack.parameters.get(&p.naam) {
            let soort = |w: &Waarde| std::mem::discriminant(w);
            if oud.waarde != Waarde::NogNietVastgesteld && soort(&oud.waarde) != soort(&p.waarde) {
                return Err(Fout::invoer(
                    Code::ParamsType,
                    format!(
                        "{toon}: `{}` is in het pakket {}, de waarde `{}` is dat niet",
                        z.naam.replace('.', "::"),
                        vorm(&oud.waarde),
                        z.waarde
                    ),
                )
                .hulp(format!(
                    "geef {} zoals in het pakket ({})",
                    vorm(&oud.waarde),
                    oud.waarde
                ))
                .into());
            }
        }
        pack.parameters.zet(p);
    }
    pack.bestanden.push((toon, Arc::from(tekst.as_str())));
    Ok(())
}

/// What kind of value `w` is, in words.
fn vorm(w: &Waarde) -> &'static str {
    match w {
        Waarde::Getal(_) => "een getal",
        Waarde::Tekst(_) => "een tekst",
        Waarde::Logisch(_) => "waar of onwaar",
        Waarde::Datum(_) => "een datum",
        Waarde::Lijst(_) => "een lijst",
        Waarde::Rij(_) => "een tabel",
        Waarde::NogNietVastgesteld => "nog niet vastgesteld",
    }
}

/// Move every birth-date boundary of the law in `pack` (unit `geboortedatumgrens`) by `jaren`
/// years, for households whose dates moved as much; the `bron` says so and the pack's hash
/// covers it. 29 February becomes 28 February in a year without it.
pub(crate) fn verschuif_geboortedatumgrenzen(pack: &mut Pack, jaren: i32) {
    use chrono::Datelike;
    let grenzen: Vec<_> = pack
        .parameters
        .iter()
        .filter(|p| p.eenheid.as_deref() == Some(crate::params::GEBOORTEDATUMGRENS))
        .cloned()
        .collect();
    let mut verslag = String::new();
    for mut p in grenzen {
        let crate::params::Waarde::Datum(d) = p.waarde else {
            continue;
        };
        let doel = d.year() + jaren;
        let nieuw = d
            .with_year(doel)
            .or_else(|| d.with_day(28).and_then(|x| x.with_year(doel)))
            .unwrap_or(d);
        p.waarde = crate::params::Waarde::Datum(nieuw);
        p.bron = format!(
            "{} — in deze vergelijking {jaren:+} jaar verschoven, met de geboortedatums van de huishoudens",
            p.bron
        );
        verslag.push_str(&format!("{} = {nieuw}\n", p.rhai_naam()));
        pack.parameters.zet(p);
    }
    pack.bestanden.push((
        format!("(geboortedatumgrenzen {jaren:+} jaar)"),
        Arc::from(verslag.as_str()),
    ));
}

/// A `--zet` value that is no value of a parameter file: say what the forms are, and that a
/// decimal comma is written as a point.
fn waarde_onleesbaar(z: &Zetting, toon: &str) -> Fout {
    let komma = z.waarde.contains(',') && z.waarde.chars().all(|c| c.is_ascii_digit() || c == ',');
    let f = Fout::invoer(
        Code::ParamsToml,
        format!(
            "{toon}: `{}` is geen waarde zoals een parameterbestand die schrijft",
            z.waarde
        ),
    );
    if komma {
        f.hulp(format!(
            "een getal schrijft u met een punt als decimaalteken: {}",
            z.waarde.replace(',', ".")
        ))
    } else {
        f.hulp("een getal met een punt (1200.50), een datum (2025-07-01), waar/onwaar (true, false), een tekst tussen aanhalingstekens (\"…\") of een lijst ([1, 2])")
    }
}
