//! Excel workbooks: `.xlsx` output (`avp batch --format xlsx`, `avp diff --per-huishouden
//! FILE.xlsx`, `avp budget --format xlsx`) and `.xlsx` input (a workbook read as CSV rows).
//!
//! An amount goes into the workbook as its decimal text, never through floating point: as a
//! cell whose formula is the amount itself (`=1234.56`) with that text as its stored value, so
//! Excel shows and adds the number exactly as avp wrote it. Every other cell is text.
//!
//! A workbook is written into a temporary file and renamed over its target at the end
//! ([`AtomischBestand`]), as every other output of avp.

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

use crate::uitvoer::AtomischBestand;

/// What a column holds, and so how its cells go into the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    /// An amount in euros: a number shown with two decimals (`#,##0.00`).
    Bedrag,
    /// A whole number (`0`).
    Geheel,
    /// A number in Excel's General format (a count that can have decimals).
    Getal,
    /// A fraction shown as a percentage (`0.15` shows as `15,0%`).
    Fractie,
    /// Text, as it is.
    Tekst,
}

/// The rows of a worksheet in Excel, the header row included.
const MAX_RIJEN: u32 = 1_048_576;

/// The number formats of [`Soort`]: amount, whole number, general, percentage.
struct Opmaak {
    vet: Format,
    bedrag: Format,
    geheel: Format,
    getal: Format,
    fractie: Format,
}

/// A workbook written sheet by sheet and row by row; each sheet in constant memory (its rows go
/// to a temporary file as they are written).
pub struct Werkmap {
    boek: Workbook,
    blad: Option<(usize, String)>,
    soorten: Vec<Soort>,
    rij: u32,
    opmaak: Opmaak,
}

impl Default for Werkmap {
    fn default() -> Self {
        Self::nieuw()
    }
}

impl Werkmap {
    /// An empty workbook.
    pub fn nieuw() -> Werkmap {
        Werkmap {
            boek: Workbook::new(),
            blad: None,
            soorten: Vec::new(),
            rij: 0,
            opmaak: Opmaak {
                vet: Format::new().set_bold(),
                bedrag: Format::new().set_num_format("#,##0.00"),
                geheel: Format::new().set_num_format("0"),
                getal: Format::new(),
                fractie: Format::new().set_num_format("0.0%"),
            },
        }
    }

    /// Start the sheet `naam` with the header row (bold, frozen when scrolling): each column's
    /// name and what its cells hold. A column is at least as wide as its name, and an amount
    /// column wide enough for `-1.234.567,89`.
    pub fn blad(&mut self, naam: &str, kolommen: &[(&str, Soort)]) -> Result<(), String> {
        let index = self.blad.as_ref().map_or(0, |(i, _)| i + 1);
        let blad = self.boek.add_worksheet_with_constant_memory();
        blad.set_name(naam).map_err(tekst)?;
        for (k, (naam, soort)) in kolommen.iter().enumerate() {
            let k = kolom(k)?;
            let minimum = if *soort == Soort::Bedrag { 15 } else { 10 };
            // a column width in characters (rust_xlsxwriter takes f64); no amount is a float
            let breedte = (naam.chars().count() + 2).max(minimum) as f64;
            blad.set_column_width(k, breedte).map_err(tekst)?;
            blad.write_string_with_format(0, k, *naam, &self.opmaak.vet)
                .map_err(tekst)?;
        }
        blad.set_freeze_panes(1, 0).map_err(tekst)?;
        self.blad = Some((index, naam.to_string()));
        self.soorten = kolommen.iter().map(|(_, s)| *s).collect();
        self.rij = 1;
        Ok(())
    }

    /// Make column `k` (from 0) of the current sheet `breedte` characters wide (a width, not an
    /// amount: rust_xlsxwriter takes it as f64).
    pub fn breedte(&mut self, k: usize, breedte: f64) -> Result<(), String> {
        let k = kolom(k)?;
        let index = self.blad.as_ref().map_or(0, |(i, _)| *i);
        let blad = self.boek.worksheet_from_index(index).map_err(tekst)?;
        blad.set_column_width(k, breedte).map_err(tekst)?;
        Ok(())
    }

    /// One row on the current sheet, a cell per column as its kind says. A number cell whose
    /// text is not a decimal number (`onbekend`) is written as text; an empty cell stays empty.
    pub fn rij<S: AsRef<str>>(&mut self, velden: &[S]) -> Result<(), String> {
        if self.rij >= MAX_RIJEN {
            let naam = self.blad.as_ref().map_or("", |(_, n)| n.as_str());
            return Err(format!(
                "het blad `{naam}` is vol: een Excel-blad heeft ten hoogste 1.048.576 rijen, de kopregel meegeteld; schrijf zoveel rijen als CSV"
            ));
        }
        let r = self.rij;
        let index = self.blad.as_ref().map_or(0, |(i, _)| *i);
        let blad = self.boek.worksheet_from_index(index).map_err(tekst)?;
        for (k, veld) in velden.iter().enumerate() {
            let veld = veld.as_ref();
            let opmaak = match self.soorten.get(k).copied().unwrap_or(Soort::Tekst) {
                _ if veld.is_empty() => continue,
                Soort::Tekst => None,
                Soort::Bedrag => Some(&self.opmaak.bedrag),
                Soort::Geheel => Some(&self.opmaak.geheel),
                Soort::Getal => Some(&self.opmaak.getal),
                Soort::Fractie => Some(&self.opmaak.fractie),
            };
            let k = kolom(k)?;
            match opmaak.filter(|_| veld.parse::<rust_decimal::Decimal>().is_ok()) {
                Some(o) => {
                    let formule = Formula::new(format!("={veld}")).set_result(veld);
                    blad.write_formula_with_format(r, k, formule, o)
                }
                None => blad.write_string(r, k, veld),
            }
            .map_err(tekst)?;
        }
        self.rij += 1;
        Ok(())
    }

    /// Write the workbook into `doel` and put it in place.
    pub fn bewaar(mut self, mut doel: AtomischBestand) -> Result<(), String> {
        let bytes = self.boek.save_to_buffer().map_err(tekst)?;
        doel.write_all(&bytes).map_err(|e| e.to_string())?;
        doel.voltooi().map_err(|e| e.to_string())
    }
}

/// A column number for Excel (at most 16,384 columns).
fn kolom(k: usize) -> Result<u16, String> {
    u16::try_from(k)
        .ok()
        .filter(|k| *k < 16_384)
        .ok_or_else(|| "een Excel-blad heeft ten hoogste 16.384 kolommen".to_string())
}

/// Write the CSV in `csv` (standard style, with its header row) as the sheet `blad` of a new
/// workbook into `doel`; `soort` tells, by a column's name, what its cells hold.
pub fn csv_naar_xlsx(
    csv: impl Read,
    blad: &str,
    soort: impl Fn(&str) -> Soort,
    doel: AtomischBestand,
) -> Result<(), String> {
    let mut lezer = csv::Reader::from_reader(csv);
    let kop: Vec<String> = lezer
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(String::from)
        .collect();
    let kolommen: Vec<(&str, Soort)> = kop.iter().map(|k| (k.as_str(), soort(k))).collect();
    let mut boek = Werkmap::nieuw();
    boek.blad(blad, &kolommen)?;
    for rij in lezer.records() {
        let rij = rij.map_err(|e| e.to_string())?;
        // a text cell is never a formula in a workbook: the `'` the CSV put before `=`, `+`,
        // `-`, `@` against formula injection would only change the text
        let velden: Vec<&str> = rij
            .iter()
            .map(|v| {
                v.strip_prefix('\'')
                    .filter(|r| r.starts_with(['=', '+', '-', '@', '\t', '\r']))
                    .unwrap_or(v)
            })
            .collect();
        boek.rij(&velden)?;
    }
    boek.bewaar(doel)
}

/// The first sheet of the workbook at `pad` as CSV (its first row the header, as the CSV input
/// of `avp batch` has it). A number is written as the shortest decimal that gives back the
/// double Excel stored (what the user typed: `1234.56`), a date as `JJJJ-MM-DD`, an empty
/// cell as an empty field.
pub fn xlsx_naar_csv(pad: &Path) -> Result<Vec<u8>, String> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut boek: Xlsx<_> =
        open_workbook(pad).map_err(|e| format!("geen leesbare Excel-werkmap: {e}"))?;
    let blad = boek
        .worksheet_range_at(0)
        .ok_or("de werkmap heeft geen blad")?
        .map_err(|e| format!("het eerste blad is niet leesbaar: {e}"))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    for rij in blad.rows() {
        let velden = rij.iter().map(|c| match c {
            Data::Empty => String::new(),
            Data::String(t) => t.clone(),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => d
                .as_datetime()
                .map(|x| x.date().format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| d.to_string()),
            Data::DateTimeIso(t) => t.get(..10).unwrap_or(t).to_string(),
            Data::DurationIso(t) => t.clone(),
            Data::Error(e) => format!("#{e:?}"),
        });
        w.write_record(velden).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn tekst(e: XlsxError) -> String {
    e.to_string()
}
