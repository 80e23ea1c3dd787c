//! The batch's input: JSONL lines or CSV rows, read one block at a time with reused buffers,
//! each with the line number the user sees in an editor or spreadsheet.
//!
//! Every physical line is accounted for ([`Telling`]): it is a header line, a blank line, or
//! part of exactly one record. A line that cannot be read as a record (too long, or a CSV row
//! broken by a stray quote) is still a record: one that carries its error, so that it lands in
//! the error file while the lines after it are read as usual.

use std::io::{self, BufRead, Read};
use std::sync::Arc;

use super::csv_invoer::CsvKolommen;
use super::csv_regels::{CsvRegels, Gevonden, MAXIMUM_REGELLENGTE};
use super::fouten::maskeer_bsns;
use avp_engine::error::{Code, Fout, Fouten, Locatie};

pub use super::csv_regels::Telling;

/// Input format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoerFormaat {
    /// One JSON household per line (CONTRACT §1).
    Jsonl,
    /// One household per CSV row (see `batch/csv_invoer.rs`).
    Csv,
}

impl InvoerFormaat {
    /// `.csv` → CSV, anything else → JSONL.
    pub fn van_pad(pad: &str) -> InvoerFormaat {
        let pad = pad.to_lowercase();
        // a workbook is read as CSV rows (`open_invoer`)
        if pad.ends_with(".csv") || pad.ends_with(".xlsx") {
            InvoerFormaat::Csv
        } else {
            InvoerFormaat::Jsonl
        }
    }
}

/// One raw record as read, not yet parsed (parsing happens on the worker threads).
#[derive(Debug, Clone, Default)]
pub struct RuwRecord {
    /// 1-based line number in the input (the first line of a CSV row whose cell runs on).
    pub regel: u64,
    /// The line (JSONL), without its line end.
    pub tekst: Vec<u8>,
    /// The row (CSV).
    pub(crate) rij: csv::ByteRecord,
    /// Why the line cannot be read as a record, if so; it is then reported with this error.
    pub(crate) fout: Option<Fout>,
}

/// Reads records from JSONL or CSV, one block at a time, reusing its buffers.
pub struct Lezer {
    soort: LezerSoort,
    /// Bytes read so far (for a progress bar).
    pub(crate) gelezen: u64,
    jsonl_telling: Telling,
}

enum LezerSoort {
    Jsonl(Box<dyn BufRead + Send>),
    Csv(Box<CsvRegels>, Arc<CsvKolommen>),
}

impl Lezer {
    /// A reader for `invoer`. For CSV the header is read at once; a bad header is an error for
    /// the whole file.
    pub fn nieuw(invoer: Box<dyn BufRead + Send>, formaat: InvoerFormaat) -> Result<Lezer, Fouten> {
        let soort = match formaat {
            InvoerFormaat::Jsonl => LezerSoort::Jsonl(invoer),
            InvoerFormaat::Csv => {
                let (regels, kolommen) = lees_kop(invoer)?;
                LezerSoort::Csv(Box::new(regels), Arc::new(kolommen))
            }
        };
        Ok(Lezer {
            soort,
            gelezen: 0,
            jsonl_telling: Telling::default(),
        })
    }

    /// The CSV columns, for CSV input.
    pub fn kolommen(&self) -> Option<&Arc<CsvKolommen>> {
        match &self.soort {
            LezerSoort::Csv(_, k) => Some(k),
            LezerSoort::Jsonl(_) => None,
        }
    }

    /// Where the lines read so far went.
    pub(crate) fn telling(&self) -> Telling {
        match &self.soort {
            LezerSoort::Csv(r, _) => r.telling,
            LezerSoort::Jsonl(_) => self.jsonl_telling,
        }
    }

    /// Fill `blok` with up to `n` records; returns how many were read (0 at the end). Blank lines
    /// are skipped but counted. The records' buffers are reused.
    pub fn lees_blok(&mut self, blok: &mut Vec<RuwRecord>, n: usize) -> Result<usize, Fouten> {
        let mut gevuld = 0;
        while gevuld < n {
            if blok.len() <= gevuld {
                blok.push(RuwRecord::default());
            }
            let r = &mut blok[gevuld];
            r.fout = None;
            let gevonden = match &mut self.soort {
                LezerSoort::Jsonl(invoer) => {
                    let t = &mut self.jsonl_telling;
                    lees_jsonl_regel(invoer, r, t, &mut self.gelezen).map_err(io_fout)?
                }
                LezerSoort::Csv(regels, kolommen) => {
                    let g = lees_csv_rij(regels, kolommen, r).map_err(io_fout)?;
                    self.gelezen = regels.gelezen;
                    g
                }
            };
            match gevonden {
                Some(true) => gevuld += 1,
                Some(false) => {}
                None => break,
            }
        }
        Ok(gevuld)
    }
}

/// Read the header (the first row that is not blank) and its columns.
fn lees_kop(invoer: Box<dyn BufRead + Send>) -> Result<(CsvRegels, CsvKolommen), Fouten> {
    let mut invoer = invoer;
    let scheiding = {
        let buf = invoer.fill_buf().map_err(io_fout)?;
        let kop = buf.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let puntkomma = kop.iter().filter(|b| **b == b';').count();
        let komma = kop.iter().filter(|b| **b == b',').count();
        if puntkomma > komma {
            b';'
        } else {
            b','
        }
    };
    let mut regels = CsvRegels::nieuw(invoer, scheiding);
    let mut kop = csv::ByteRecord::new();
    match regels.volgende(&mut kop).map_err(io_fout)? {
        Gevonden::Rij { .. } | Gevonden::Einde => {}
        Gevonden::Onleesbaar { bericht, .. } => {
            return Err(Fout::invoer(
                Code::BatchCsv,
                format!("de kopregel is onleesbaar: {bericht}"),
            )
            .hulp("de eerste regel noemt de kolommen, gescheiden door , of ;")
            .into())
        }
    }
    regels.kop_gelezen(kop.len());
    // only free text can hold a line break
    regels.regeleinde_in = (0..kop.len())
        .filter(|&i| {
            kop.get(i)
                .is_some_and(|c| c.trim_ascii().eq_ignore_ascii_case(b"kenmerk"))
        })
        .collect();
    let namen = kop.iter().map(|c| String::from_utf8_lossy(c).into_owned());
    let namen: Vec<String> = namen.collect();
    let kolommen = CsvKolommen::uit_kop(namen.iter().map(String::as_str)).map_err(|mut f| {
        // a file without a header row has data (perhaps a BSN) as column names
        for fout in &mut f.0 {
            fout.bericht = maskeer_bsns(&fout.bericht);
            if let Some(Locatie::Veld { veld, .. }) = &mut fout.locatie {
                *veld = maskeer_bsns(veld);
            }
        }
        f
    })?;
    Ok((regels, kolommen))
}

/// The next CSV row into `r`: `Some(true)` a record, `None` the end.
fn lees_csv_rij(
    regels: &mut CsvRegels,
    kolommen: &CsvKolommen,
    r: &mut RuwRecord,
) -> io::Result<Option<bool>> {
    Ok(match regels.volgende(&mut r.rij)? {
        Gevonden::Einde => None,
        Gevonden::Rij { regel, .. } => {
            r.regel = regel;
            Some(true)
        }
        Gevonden::Onleesbaar {
            regel,
            kolom,
            bericht,
        } => {
            r.regel = regel;
            let veld = kolom.and_then(|k| kolommen.naam(k)).unwrap_or_default();
            let f = Fout::invoer(Code::BatchCsvRegel, bericht).bij(Locatie::Veld {
                record: format!("regel {regel}"),
                veld: veld.to_string(),
            });
            r.fout = Some(if kolom.is_none() {
                f.hulp("een huishouden staat op één regel; splits of verkort de regel")
            } else {
                f.hulp(
                    "een cel die met \" begint, loopt door tot het volgende \"; verwijder het losse \
                     aanhalingsteken, of zet de hele cel tussen aanhalingstekens (\"\" voor een \
                     aanhalingsteken erin). De regels erna zijn gewoon gelezen",
                )
            });
            Some(true)
        }
    })
}

/// The next JSONL line into `r`: `Some(true)` a record, `Some(false)` a blank line, `None` the
/// end. A line longer than [`MAXIMUM_REGELLENGTE`] is a record with an error; the rest of it is
/// skipped without keeping it in memory.
fn lees_jsonl_regel(
    invoer: &mut Box<dyn BufRead + Send>,
    r: &mut RuwRecord,
    telling: &mut Telling,
    gelezen: &mut u64,
) -> io::Result<Option<bool>> {
    r.tekst.clear();
    let grens = MAXIMUM_REGELLENGTE as u64 + 1;
    let k = invoer
        .by_ref()
        .take(grens)
        .read_until(b'\n', &mut r.tekst)?;
    if k == 0 {
        return Ok(None);
    }
    *gelezen += k as u64;
    telling.regels += 1;
    r.regel = telling.regels;
    if r.regel == 1 && r.tekst.starts_with(BOM) {
        r.tekst.drain(..BOM.len());
    }
    if r.tekst.len() > MAXIMUM_REGELLENGTE && r.tekst.last() != Some(&b'\n') {
        // skip the rest of the line in bounded steps
        loop {
            r.tekst.clear();
            let k = invoer
                .by_ref()
                .take(grens)
                .read_until(b'\n', &mut r.tekst)?;
            *gelezen += k as u64;
            if k == 0 || r.tekst.last() == Some(&b'\n') {
                break;
            }
        }
        r.tekst.clear();
        let regel = r.regel;
        r.fout = Some(
            Fout::invoer(
                Code::BatchRegelTeLang,
                format!(
                    "de regel is langer dan {} MiB; een huishouden past op één korte regel",
                    MAXIMUM_REGELLENGTE >> 20
                ),
            )
            .bij(Locatie::Veld {
                record: format!("regel {regel}"),
                veld: String::new(),
            }),
        );
        telling.records += 1;
        telling.in_records += 1;
        return Ok(Some(true));
    }
    while matches!(r.tekst.last(), Some(b'\n' | b'\r')) {
        r.tekst.pop();
    }
    if r.tekst.iter().all(u8::is_ascii_whitespace) {
        telling.leeg += 1;
        return Ok(Some(false));
    }
    telling.records += 1;
    telling.in_records += 1;
    Ok(Some(true))
}

/// A UTF-8 byte-order mark, skipped at the start of JSONL input (CSV: `CsvKolommen::uit_kop`).
const BOM: &[u8] = b"\xef\xbb\xbf";

fn io_fout(e: io::Error) -> Fouten {
    Fout::invoer(Code::BatchLezen, format!("kan de invoer niet lezen: {e}")).into()
}
