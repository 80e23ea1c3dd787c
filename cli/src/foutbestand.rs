//! The error file of a batch or a population comparison: JSONL, or CSV for a `.csv` name (in
//! the Dutch style with `--csv-stijl nl`), or the first errors on standard error.

use std::io::{self, Write};
use std::path::Path;

use crate::uitvoer::AtomischBestand;
use crate::werkbank::batch::{csv_tekst, RecordFout};

/// The error file: JSONL (one error per line) or, for a `.csv` name, CSV with the columns
/// `regel,veld,code,soort,bericht,hulp`. Without a file, errors go to standard error.
pub enum FoutBestand {
    /// JSON lines.
    Jsonl(AtomischBestand),
    /// CSV.
    Csv(Box<csv::Writer<AtomischBestand>>),
    /// One line per error on standard error: the first [`OP_SCHERM`] are kept (written by the
    /// caller), the rest only counted, so memory stays flat and a terminal readable when a
    /// whole population fails.
    Stderr(Vec<String>, u64),
}

/// How many record errors are shown on standard error without `--errors`.
pub const OP_SCHERM: usize = 20;

impl FoutBestand {
    /// Open `pad`, or collect for standard error when `None` (left-behind files reported on
    /// `err`). With `nl` a CSV error file is in the Dutch style (`;`, byte order mark).
    pub fn open(pad: Option<&Path>, nl: bool, err: &mut dyn Write) -> io::Result<FoutBestand> {
        // `--errors -`: standard error (standard output holds the decisions)
        let Some(pad) = pad.filter(|p| p.as_os_str() != "-") else {
            return Ok(FoutBestand::Stderr(Vec::new(), 0));
        };
        let mut b = AtomischBestand::nieuw(pad, err)?;
        if pad
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            if nl {
                b.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = csv::WriterBuilder::new()
                .delimiter(if nl { b';' } else { b',' })
                .from_writer(b);
            w.write_record(["regel", "veld", "code", "soort", "bericht", "hulp"])
                .map_err(io::Error::other)?;
            Ok(FoutBestand::Csv(Box::new(w)))
        } else {
            Ok(FoutBestand::Jsonl(b))
        }
    }

    /// Write one error.
    pub fn schrijf(&mut self, f: &RecordFout) -> io::Result<()> {
        match self {
            FoutBestand::Jsonl(b) => {
                serde_json::to_writer(&mut *b, f).map_err(io::Error::other)?;
                b.write_all(b"\n")
            }
            FoutBestand::Csv(w) => w
                .write_record([
                    f.regel.to_string().as_str(),
                    &csv_tekst(&f.veld),
                    f.code.as_str(),
                    f.soort,
                    &csv_tekst(&f.bericht),
                    &csv_tekst(f.hulp.as_deref().unwrap_or_default()),
                ])
                .map_err(io::Error::other),
            FoutBestand::Stderr(v, meer) => {
                if v.len() < OP_SCHERM {
                    // a hint already shown (the same rule error in many records) is not repeated
                    let herhaald = f.hulp.as_deref().is_some_and(|h| {
                        v.iter()
                            .any(|eerder| eerder.ends_with(&format!(" (hulp: {h})")))
                    });
                    let regel = if herhaald {
                        let mut zonder = f.clone();
                        zonder.hulp = None;
                        format!("fout[{}]: {zonder} (hulp: zie hierboven)", f.code)
                    } else {
                        format!("fout[{}]: {f}", f.code)
                    };
                    v.push(regel);
                } else {
                    *meer += 1;
                }
                Ok(())
            }
        }
    }

    /// Finish the file; returns the lines for standard error, if any.
    pub fn voltooi(self) -> io::Result<Vec<String>> {
        match self {
            FoutBestand::Jsonl(b) => b.voltooi().map(|_| Vec::new()),
            FoutBestand::Csv(w) => w
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?
                .voltooi()
                .map(|_| Vec::new()),
            FoutBestand::Stderr(mut v, meer) => {
                if meer > 0 {
                    v.push(format!(
                        "… en nog {meer} fout(en); schrijf alle fouten naar een bestand met --errors BESTAND"
                    ));
                }
                Ok(v)
            }
        }
    }
}

impl FoutBestand {
    /// Finish the error file and write its lines for standard error (when there is no file);
    /// `Err(2)` (the exit code) when the file cannot be written, with the reason on `err`.
    pub fn sluit(self, err: &mut dyn Write) -> Result<(), u8> {
        match self.voltooi() {
            Ok(regels) => {
                for r in regels {
                    let _ = writeln!(err, "{r}");
                }
                Ok(())
            }
            Err(e) => {
                let _ = writeln!(err, "fout: kan het foutenbestand niet schrijven: {e}");
                Err(2)
            }
        }
    }
}

/// `FoutBestand::open` for a command: on failure the reason goes to `err` and the exit code (2)
/// is returned.
pub fn open_foutbestand_of_meld(
    pad: Option<&Path>,
    nl: bool,
    err: &mut dyn Write,
) -> Result<FoutBestand, u8> {
    FoutBestand::open(pad, nl, err).map_err(|e| {
        let _ = writeln!(err, "fout: kan het foutenbestand niet openen: {e}");
        2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dezelfde_hulp_op_het_scherm_eenmaal() {
        let fout = |regel, hulp: &str| RecordFout {
            regel,
            veld: String::new(),
            code: avp_engine::error::Code::RegelsNogNietVastgesteld,
            bericht: "nog niet vastgesteld".into(),
            hulp: Some(hulp.into()),
            soort: "regel",
        };
        let mut f = FoutBestand::open(None, false, &mut io::sink()).expect("open");
        for (regel, hulp) in [(1, "lange bron"), (2, "lange bron"), (3, "andere")] {
            f.schrijf(&fout(regel, hulp)).expect("schrijf");
        }
        let FoutBestand::Stderr(regels, _) = f else {
            panic!("op het scherm");
        };
        assert!(regels[0].ends_with("(hulp: lange bron)"), "{regels:?}");
        assert!(regels[1].ends_with("(hulp: zie hierboven)"), "{regels:?}");
        assert!(regels[2].ends_with("(hulp: andere)"), "{regels:?}");
    }
}
