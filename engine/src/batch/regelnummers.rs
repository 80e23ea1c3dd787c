//! Line numbers of CSV records. The `csv` crate's own line count is off for files with CRLF
//! line ends (every Excel export) and after blank lines, and the position it gives is where it
//! began looking for the record (right after the previous one), before the blank lines and line
//! ends it skips. So the line ends are noted here as the reader passes them: a record begins at
//! the first byte from that position on that is no line end, and its line is one more than the
//! newlines before it. A cell may span lines (a quoted line break): the record's line is the
//! line it starts on.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// The line ends read so far that no record has passed yet.
#[derive(Debug, Default)]
struct Stand {
    /// Byte offsets of `\r` and `\n` not yet passed, in order, with whether it is a `\n`.
    open: VecDeque<(u64, bool)>,
    /// Newlines before the last record asked for.
    geteld: u64,
    /// Bytes read so far.
    gelezen: u64,
}

/// A reader that notes where the newlines are, and the handle to ask for line numbers.
pub struct Telreader<R> {
    binnen: R,
    stand: Arc<Mutex<Stand>>,
}

/// Asks for the line number of a record by its first byte.
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
            s.open.push_back((begin + i as u64, buf[i] == b'\n'));
        }
        s.gelezen += n as u64;
        Ok(n)
    }
}

impl Regelnummers {
    /// The 1-based line of the record that `csv` places at `byte`: the line of the first byte
    /// from `byte` on that is not a line end. Records must be asked for in order.
    pub fn regel_van(&self, byte: u64) -> u64 {
        let mut s = self.stand.lock().unwrap_or_else(|e| e.into_inner());
        let mut begin = byte;
        while let Some(&(plek, nl)) = s.open.front() {
            if plek > begin {
                break;
            }
            // before the position, or a line end right at the (moving) start: skipped
            if plek == begin {
                begin += 1;
            }
            s.open.pop_front();
            s.geteld += u64::from(nl);
        }
        s.geteld + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regels_met_crlf_en_lege_regels() {
        let tekst = b"kop\r\neen\r\n\r\n\r\ntwee\ndrie\n";
        let (mut r, nrs) = tel(&tekst[..]);
        let mut alles = Vec::new();
        r.read_to_end(&mut alles).expect("lees");
        // as `csv` gives them: "een" at byte 4 (the \n of the header's \r\n), "twee" at 10
        // (after "een\r"), "drie" at 20
        assert_eq!(nrs.regel_van(4), 2);
        assert_eq!(nrs.regel_van(10), 5);
        assert_eq!(nrs.regel_van(20), 6);
    }
}
