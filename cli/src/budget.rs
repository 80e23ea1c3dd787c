//! `avp budget`: the municipality's expected costs and the components of the
//! decentralisatie-uitkering for a year (computed in [`crate::werkbank::budget`]), as text for a
//! policy officer, JSON, an HTML page with charts or an Excel workbook.

use std::io::Write;
use std::path::PathBuf;

use avp_engine::notatie::euro;
use avp_engine::Regels;

use crate::notatie::{aantal, getal, pct, telwoord};
use crate::render::meld;
use crate::uitvoer::AtomischBestand;
use crate::werkbank::budget::Begroting;
use crate::xlsx::{Soort, Werkmap};

/// Output format of `avp budget`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BudgetFormaat {
    /// Tekst voor de beleidsmedewerker.
    Text,
    /// JSON voor systemen.
    Json,
    /// Eén zelfstandige HTML-pagina met grafieken.
    Html,
    /// Een Excel-werkmap (met --out BESTAND.xlsx): de componenten met hun bedragen, en een overzicht.
    Xlsx,
}

/// Arguments of `avp budget`.
#[derive(Debug, clap::Args)]
pub struct BudgetOpdracht {
    /// Het jaar.
    #[arg(long)]
    jaar: i32,
    /// Huishoudens van de gemeente op de lijst van de Belastingdienst.
    #[arg(long)]
    lijst_aantal: u64,
    /// Map met regels.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Uitvoerformaat.
    #[arg(long, value_enum, default_value = "text")]
    format: BudgetFormaat,
    /// Schrijf naar BESTAND (atomair) in plaats van naar standaarduitvoer; nodig voor --format
    /// xlsx, met een naam op .xlsx.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

impl BudgetOpdracht {
    /// `avp budget`: check the output, compute the budget and write it in its format.
    pub(crate) fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        if let Err(melding) = controleer_uitvoer(self.format, self.out.as_deref()) {
            let _ = writeln!(err, "fout: {melding}");
            return 2;
        }
        let regels = Regels::new(crate::rules::kies(self.rules));
        let b = match crate::werkbank::budget::begroot(&regels, self.jaar, self.lijst_aantal) {
            Ok(b) => b,
            Err(f) => return meld(err, &f),
        };
        let tekst = match self.format {
            BudgetFormaat::Json => {
                let mut s = serde_json::to_string_pretty(&b).unwrap_or_default();
                s.push('\n');
                s
            }
            BudgetFormaat::Text => budget_tekst(&b),
            BudgetFormaat::Html => crate::rapport::budget(&b, &budget_tekst(&b)),
            BudgetFormaat::Xlsx => String::new(),
        };
        let Some(pad) = self.out else {
            return u8::from(write!(out, "{tekst}").is_err());
        };
        let geschreven = AtomischBestand::nieuw(&pad, err)
            .map_err(|e| e.to_string())
            .and_then(|mut doel| match self.format {
                BudgetFormaat::Xlsx => werkmap(&b)?.bewaar(doel),
                _ => doel
                    .write_all(tekst.as_bytes())
                    .and_then(|()| doel.voltooi())
                    .map_err(|e| e.to_string()),
            });
        match geschreven {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", pad.display());
                2
            }
        }
    }
}

/// A workbook goes to a file whose name ends in `.xlsx`, and such a name holds a workbook.
fn controleer_uitvoer(formaat: BudgetFormaat, out: Option<&std::path::Path>) -> Result<(), String> {
    let is_xlsx = out.is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    });
    match (formaat, out) {
        (BudgetFormaat::Xlsx, None) => Err(
            "--format xlsx schrijft een Excel-werkmap naar een bestand; geef --out BESTAND.xlsx"
                .into(),
        ),
        (BudgetFormaat::Xlsx, Some(p)) if !is_xlsx => Err(format!(
            "--out {}: een Excel-werkmap krijgt een naam op .xlsx; geef --out BESTAND.xlsx",
            p.display()
        )),
        (f, Some(p)) if is_xlsx && f != BudgetFormaat::Xlsx => Err(format!(
            "--out {} is de naam van een Excel-werkmap; geef --format xlsx, of een naam zonder .xlsx",
            p.display()
        )),
        _ => Ok(()),
    }
}

/// The budget as a workbook: the sheet `budget` with one row per component (code,
/// description, surcharge, households, amount, source) and the total of the known ones, and
/// the sheet `overzicht` with the year, the list count and the cost per list household.
fn werkmap(b: &Begroting) -> Result<Werkmap, String> {
    let mut w = Werkmap::nieuw();
    w.blad(
        "budget",
        &[
            ("component", Soort::Tekst),
            ("omschrijving", Soort::Tekst),
            ("opslag", Soort::Fractie),
            ("huishoudens", Soort::Getal),
            ("bedrag", Soort::Bedrag),
            ("bron", Soort::Tekst),
        ],
    )?;
    w.breedte(0, 30.0)?;
    w.breedte(1, 60.0)?;
    w.breedte(5, 80.0)?;
    for c in &b.componenten {
        let bedrag = c
            .bedrag
            .map_or_else(|| "onbekend".into(), |x| x.to_string());
        let (opslag, huishoudens) = (c.opslag.as_deref(), c.huishoudens.as_deref());
        w.rij(&[
            c.code.as_str(),
            &c.omschrijving,
            opslag.unwrap_or_default(),
            huishoudens.unwrap_or_default(),
            &bedrag,
            &c.bron,
        ])?;
    }
    w.rij::<&str>(&[])?;
    w.rij(&[
        "totaal_bekend",
        &totaal_omschrijving(b),
        "",
        "",
        &b.totaal_bekend.to_string(),
    ])?;
    overzicht(&mut w, b)?;
    Ok(w)
}

/// The sheet `overzicht`: one row with the year, the list count, the cost per list household
/// (`onbekend` when the year's amount is not published), the total of the known components
/// and the codes of the unknown ones.
fn overzicht(w: &mut Werkmap, b: &Begroting) -> Result<(), String> {
    w.blad(
        "overzicht",
        &[
            ("jaar", Soort::Geheel),
            ("huishoudens op de lijst", Soort::Geheel),
            ("tegemoetkoming per huishouden", Soort::Bedrag),
            ("eindheffing per huishouden", Soort::Bedrag),
            ("totaal per huishouden", Soort::Bedrag),
            ("totaal bekende componenten", Soort::Bedrag),
            ("onbekende componenten", Soort::Tekst),
        ],
    )?;
    w.breedte(6, 60.0)?;
    let p = b.per_huishouden.as_ref();
    let per = |f: fn(&crate::werkbank::budget::PerHuishouden) -> String| {
        p.map_or_else(|| "onbekend".to_string(), f)
    };
    w.rij(&[
        b.jaar.to_string(),
        b.lijst_aantal.to_string(),
        per(|p| p.tegemoetkoming.to_string()),
        per(|p| p.eindheffing.to_string()),
        per(|p| p.totaal.to_string()),
        b.totaal_bekend.to_string(),
        b.onbekend.join(", "),
    ])
}

/// `totaal bekende componenten`, and with unknown ones that it is a lower bound.
fn totaal_omschrijving(b: &Begroting) -> String {
    if b.onbekend.is_empty() {
        "totaal bekende componenten".into()
    } else {
        format!(
            "totaal bekende componenten — een ondergrens: {} onbekend",
            telwoord(b.onbekend.len() as u64, "component", "componenten")
        )
    }
}

/// The budget as text for a policy officer.
pub fn budget_tekst(b: &Begroting) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Budget alleenverdienersproblematiek {} — {} huishoudens op de lijst van de Belastingdienst",
        b.jaar,
        getal(b.lijst_aantal)
    );
    let _ = writeln!(t);
    let _ = writeln!(t, "{}", per_huishouden(b));
    let _ = writeln!(t);
    componenten(&mut t, b);
    let _ = writeln!(t);
    totaal(&mut t, b);
    let _ = writeln!(t);
    let _ = writeln!(t, "Bronnen:");
    for c in &b.componenten {
        let _ = writeln!(t, "- {}: {}", c.code, c.bron);
    }
    t
}

/// What one household on the list costs, or why that is not known yet.
fn per_huishouden(b: &Begroting) -> String {
    match &b.per_huishouden {
        Some(p) => format!(
            "Per huishouden op de lijst: tegemoetkoming {} + eindheffing {} = {}",
            euro(p.tegemoetkoming.0),
            euro(p.eindheffing.0),
            euro(p.totaal.0)
        ),
        None => format!(
            "Per huishouden op de lijst: onbekend — de tegemoetkoming voor {} is nog niet vastgesteld",
            b.jaar
        ),
    }
}

/// The table of components: description (with its surcharge), households and amount.
fn componenten(t: &mut String, b: &Begroting) {
    use std::fmt::Write as _;
    let rijen: Vec<(String, String, String)> = b
        .componenten
        .iter()
        .map(|c| {
            let oms = match &c.opslag {
                Some(o) => format!("{} ({}%)", c.omschrijving, pct(o)),
                None => c.omschrijving.clone(),
            };
            let bedrag = c
                .bedrag
                .map(|x| euro(x.0))
                .unwrap_or_else(|| "onbekend".to_string());
            (
                oms,
                c.huishoudens.as_deref().map(aantal).unwrap_or_default(),
                bedrag,
            )
        })
        .collect();
    // the description column as wide as its longest entry, so the numbers line up
    let breed = rijen
        .iter()
        .map(|r| r.0.chars().count())
        .chain(std::iter::once("component".len()))
        .max()
        .unwrap_or(0)
        + 2;
    let _ = writeln!(
        t,
        "{:<breed$}{:>12}{:>20}",
        "component", "huishoudens", "bedrag"
    );
    for (oms, huishoudens, bedrag) in &rijen {
        let _ = writeln!(t, "{oms:<breed$}{huishoudens:>12}{bedrag:>20}");
    }
}

/// The total of the known components; with unknown ones, a lower bound that names them.
fn totaal(t: &mut String, b: &Begroting) {
    use std::fmt::Write as _;
    let _ = write!(t, "Totaal bekende componenten: {}", euro(b.totaal_bekend.0));
    if b.onbekend.is_empty() {
        let _ = writeln!(t);
    } else {
        let _ = writeln!(
            t,
            " — een ondergrens: {} onbekend ({})",
            telwoord(b.onbekend.len() as u64, "component", "componenten"),
            b.onbekend.join(", ")
        );
    }
}
