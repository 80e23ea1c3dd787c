//! Opening a command's input: a file, standard input (`-`) or an Excel workbook read as CSV.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use crate::uitvoer::BUFFER;

/// Open the input: a file, or `-` for standard input. Returns the reader and its size in bytes
/// when known.
pub fn open_invoer(pad: &str) -> io::Result<(Box<dyn BufRead + Send>, Option<u64>)> {
    if pad == "-" {
        Ok((
            Box::new(BufReader::with_capacity(BUFFER, io::stdin())),
            None,
        ))
    } else if pad.to_lowercase().ends_with(".xlsx") {
        // the first sheet as CSV rows, so the CSV columns and messages apply unchanged
        let csv = crate::xlsx::xlsx_naar_csv(Path::new(pad)).map_err(io::Error::other)?;
        let n = csv.len() as u64;
        Ok((Box::new(io::Cursor::new(csv)), Some(n)))
    } else {
        let f = File::open(pad)?;
        let n = f.metadata().ok().map(|m| m.len());
        Ok((Box::new(BufReader::with_capacity(BUFFER, f)), n))
    }
}

/// `open_invoer` for a command: on failure the reason goes to `err` and the exit code (2) is
/// returned.
pub fn open_invoer_of_meld(
    pad: &str,
    err: &mut dyn Write,
) -> Result<(Box<dyn BufRead + Send>, Option<u64>), u8> {
    open_invoer(pad).map_err(|e| {
        // a file may be named after a BSN: masked as in every other message
        let pad = crate::werkbank::batch::maskeer_bsns(pad);
        let _ = writeln!(err, "fout: kan {pad} niet lezen: {e}");
        2
    })
}
