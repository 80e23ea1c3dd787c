//! `.xlsx` output (`avp batch --format xlsx`): the CSV summary rows of a batch as a worksheet,
//! with the amounts as numbers Excel can add up (two decimals shown), the other columns as text.
//!
//! An amount goes into the workbook as its decimal text, never through floating point: as a
//! cell whose formula is the amount itself (`=1234.56`) with that text as its stored value, so
//! Excel shows and adds the number exactly as avp wrote it.

use std::io::Read;
use std::path::Path;

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

/// The columns of the batch's CSV summary that hold amounts in euros: `tegemoetkoming` up to
/// and including `besteedbaar_inkomen_referentie`.
const BEDRAGKOLOMMEN: &[&str] = {
    let k: &[&str] = &crate::werkbank::batch::CSV_KOLOMMEN;
    k.split_at(7).1.split_at(7).0
};

/// The columns that hold whole numbers.
const GETALKOLOMMEN: &[&str] = &["regel", "jaar"];

/// Write the CSV in `csv` (standard style, with its header row) as the worksheet `besluiten` of
/// a new workbook at `pad`.
pub fn csv_naar_xlsx(csv: impl Read, pad: &Path) -> Result<(), String> {
    let mut lezer = csv::Reader::from_reader(csv);
    let kop: Vec<String> = lezer
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(String::from)
        .collect();
    let mut boek = Workbook::new();
    let blad = boek.add_worksheet_with_constant_memory();
    blad.set_name("besluiten").map_err(tekst)?;
    let vet = Format::new().set_bold();
    let euro = Format::new().set_num_format("#,##0.00");
    let geheel = Format::new().set_num_format("0");
    for (k, naam) in kop.iter().enumerate() {
        blad.write_string_with_format(0, k as u16, naam, &vet)
            .map_err(tekst)?;
    }
    for (r, rij) in lezer.records().enumerate() {
        let rij = rij.map_err(|e| e.to_string())?;
        let r = r as u32 + 1;
        for (k, veld) in rij.iter().enumerate() {
            let naam = kop.get(k).map(String::as_str).unwrap_or_default();
            let kolom = k as u16;
            match getal(naam, veld) {
                Some(g) => {
                    let formule = Formula::new(format!("={g}")).set_result(g);
                    let opmaak = if BEDRAGKOLOMMEN.contains(&naam) {
                        &euro
                    } else {
                        &geheel
                    };
                    blad.write_formula_with_format(r, kolom, formule, opmaak)
                        .map_err(tekst)?
                }
                None => blad.write_string(r, kolom, veld).map_err(tekst)?,
            };
        }
    }
    blad.set_freeze_panes(1, 0).map_err(tekst)?;
    boek.save(pad).map_err(tekst)
}

/// A number for Excel, as its decimal text: an amount (`1234.56`) or a whole number in a number
/// column; anything else (an empty cell, a text) stays text.
fn getal<'a>(kolom: &str, veld: &'a str) -> Option<&'a str> {
    let is_getal = BEDRAGKOLOMMEN.contains(&kolom) || GETALKOLOMMEN.contains(&kolom);
    (is_getal && veld.parse::<rust_decimal::Decimal>().is_ok()).then_some(veld)
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
