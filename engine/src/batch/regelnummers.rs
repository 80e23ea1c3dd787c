//! Line numbers of CSV records. The `csv` crate's own line count is off for files with CRLF
//! line ends (every Excel export), after blank lines and for `\r`-only files, and the position
//! it gives is where it began looking for the record (right after the previous one), before the
//! blank lines and line ends it skips. So the line ends are noted here as the reader passes
//! them: a record begins at the first byte from that position on that is no line end, and its
//! line is one more than the line ends before it (`\n`, `\r\n` or a lone `\r`). A cell may span
//! lines (a quoted line break): the record's line is the line it starts on.
//!
//! Consecutive line-end bytes are kept as one run, so a stretch of blank lines costs one entry
//! however long it is; what is kept between two records is bounded by what `csv` itself holds.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Consecutive `\r`/`\n` bytes from `begin` to `eind` (exclusive), holding `regels` line ends.
#[derive(Debug, Clone, Copy)]
struct Reeks {
    begin: u64,
    eind: u64,
    regels: u64,
}

/// The line ends read so far that no record has passed yet.
#[derive(Debug, Default)]
struct Stand {
    open: VecDeque<Reeks>,
    /// Line ends before the last record asked for.
    geteld: u64,
    /// Bytes read so far.
    gelezen: u64,
    /// The last line-end byte was a `\r` whose successor is not known yet (a `\r\n` is one
    /// line end, a lone `\r` one too).
    cr_open: bool,
}

impl Stand {
    /// The pending `\r` turns out to be a line end of its own.
    fn sluit_cr(&mut self) {
        if self.cr_open {
            if let Some(r) = self.open.back_mut() {
                r.regels += 1;
            }
            self.cr_open = false;
        }
    }

    fn noteer(&mut self, plek: u64, byte: u8) {
        let aansluitend = self.open.back().is_some_and(|r| r.eind == plek);
        if !aansluitend || byte == b'\r' {
            self.sluit_cr();
        }
        match self.open.back_mut() {
            Some(r) if aansluitend => r.eind += 1,
            _ => self.open.push_back(Reeks {
                begin: plek,
                eind: plek + 1,
                regels: 0,
            }),
        }
        if byte == b'\n' {
            if let Some(r) = self.open.back_mut() {
                r.regels += 1;
            }
            self.cr_open = false;
        } else {
            self.cr_open = true;
        }
    }
}

/// A reader that notes where the line ends are, and the handle to ask for line numbers.
pub struct Telreader<R> {
    binnen: R,
    stand: Arc<Mutex<Stand>>,
}

/// Asks for the line number of a record by the position `csv` gives it.
#[derive(Debug, Clone, Default)]
pub struct Regelnummers {
    stand: Arc<Mutex<Stand>>,
}

/// Wrap `binnen`.
pub fn tel<R: Read>(binnen: R) -> (Telreader<R>, Regelnummers) {
    let stand = Arc::new(Mutex::new(Stand::default()));
    (
        Telreader {
            binnen,
            stand: stand.clone(),
        },
        Regelnummers { stand },
    )
}

impl<R: Read> Read for Telreader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.binnen.read(buf)?;
        let mut s = self.stand.lock().unwrap_or_else(|e| e.into_inner());
        let begin = s.gelezen;
        for i in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            s.noteer(begin + i as u64, buf[i]);
        }
        s.gelezen += n as u64;
        // a `\r` followed by another byte of this chunk (not a line end) is a line end itself;
        // at the end of the input a pending `\r` is one too
        let eind = s.gelezen;
        if n == 0 || s.open.back().is_some_and(|r| r.eind < eind) {
            s.sluit_cr();
        }
        Ok(n)
    }
}

impl Regelnummers {
    /// The 1-based line of the record that `csv` places at `byte`: the line of the first byte
    /// from `byte` on that is not a line end. Records must be asked for in order.
    pub fn regel_van(&self, byte: u64) -> u64 {
        let mut s = self.stand.lock().unwrap_or_else(|e| e.into_inner());
        let mut begin = byte;
        while let Some(r) = s.open.front().copied() {
            if r.begin > begin {
                break;
            }
            // a run at or before the start: all its line ends lie before the record
            s.geteld += r.regels;
            begin = begin.max(r.eind);
            s.open.pop_front();
        }
        s.geteld + 1
    }

    #[cfg(test)]
    fn open_reeksen(&self) -> usize {
        self.stand.lock().map(|s| s.open.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of every record as the `csv` reader reports it, through `Telreader`.
    fn regels(tekst: &[u8]) -> Vec<(String, u64)> {
        let (r, nrs) = tel(tekst);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(r);
        let mut rij = csv::ByteRecord::new();
        let mut uit = Vec::new();
        while csv.read_byte_record(&mut rij).unwrap_or(false) {
            let byte = rij.position().map(|p| p.byte()).unwrap_or(0);
            let eerste = String::from_utf8_lossy(rij.get(0).unwrap_or_default()).into_owned();
            uit.push((eerste, nrs.regel_van(byte)));
        }
        uit
    }

    fn verwacht(paren: &[(&str, u64)]) -> Vec<(String, u64)> {
        paren.iter().map(|(a, b)| (a.to_string(), *b)).collect()
    }

    #[test]
    fn lf_crlf_lege_regels_en_cellen_over_regels() {
        assert_eq!(
            regels(b"kop\neen\n\n\ntwee\ndrie\n"),
            verwacht(&[("kop", 1), ("een", 2), ("twee", 5), ("drie", 6)])
        );
        assert_eq!(
            regels(b"kop\r\neen\r\n\r\n\r\ntwee\r\ndrie\r\n"),
            verwacht(&[("kop", 1), ("een", 2), ("twee", 5), ("drie", 6)])
        );
        // a quoted cell over two lines: the next record is on line 4
        assert_eq!(
            regels(b"kop\r\n\"a\r\nb\",x\r\nvier\r\n"),
            verwacht(&[("kop", 1), ("a\r\nb", 2), ("vier", 4)])
        );
        // a UTF-8 BOM does not shift anything
        assert_eq!(
            regels(b"\xef\xbb\xbfkop\neen\n")
                .into_iter()
                .map(|(_, r)| r)
                .collect::<Vec<_>>(),
            vec![1, 2]
        );
    }

    #[test]
    fn alleen_cr_als_regeleinde() {
        assert_eq!(
            regels(b"kop\reen\r\rdrie\r"),
            verwacht(&[("kop", 1), ("een", 2), ("drie", 4)])
        );
    }

    #[test]
    fn lege_regels_kosten_een_reeks() {
        let mut t = b"kop\n".to_vec();
        t.extend(std::iter::repeat_n(b'\n', 100_000));
        t.extend(b"laatste\n");
        let (mut r, nrs) = tel(&t[..]);
        let mut alles = Vec::new();
        r.read_to_end(&mut alles).expect("lees");
        assert!(nrs.open_reeksen() <= 2, "{}", nrs.open_reeksen());
        assert_eq!(regels(&t).last().map(|x| x.1), Some(100_002));
    }
}
