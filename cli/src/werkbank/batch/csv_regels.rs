//! CSV input read physical line by physical line, so that every line is accounted for.
//!
//! A record ends at its line end, unless a quoted cell runs on over the line end (a spreadsheet
//! writes a cell with a line break that way). Such a record must keep the header's shape: it
//! ends within [`MAXIMUM_REGELS_IN_CEL`] lines and has exactly as many cells as the header.
//! Otherwise a stray `"` opened the cell: the record is reported at the line where the quote
//! opened, and reading resumes at the next line, so one stray quote never swallows the rows
//! after it. A line longer than [`MAXIMUM_REGELLENGTE`] is reported and skipped (memory stays
//! bounded). Line ends are `\n`, `\r\n` or a lone `\r` (as spreadsheets write them).
//!
//! The parser itself is csv-core's (the `csv` crate's engine): quoting and `""` escapes are
//! read exactly as before.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use csv_core::ReadRecordResult;

/// The most physical lines one quoted cell may run over.
pub(crate) const MAXIMUM_REGELS_IN_CEL: usize = 100;
/// The longest physical line read (1 MiB); a household row is a few hundred bytes.
pub(crate) const MAXIMUM_REGELLENGTE: usize = 1 << 20;

/// How the physical lines of the input were used. Every line is in exactly one count:
/// `regels = kop + leeg + in_records`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Telling {
    /// Physical lines read.
    pub regels: u64,
    /// Lines of the header (and blank lines before it).
    pub kop: u64,
    /// Blank lines (also lines with only separators) after the header.
    pub leeg: u64,
    /// Records handed out: rows, and lines reported as unreadable.
    pub records: u64,
    /// Physical lines covered by those records.
    pub in_records: u64,
}

impl Telling {
    /// Whether every line read is accounted for exactly once.
    pub(crate) fn klopt(&self) -> bool {
        self.kop + self.leeg + self.in_records == self.regels
    }
}

/// One physical line with its line end.
#[derive(Debug, Default)]
struct Regel {
    nummer: u64,
    tekst: Vec<u8>,
    te_lang: bool,
}

/// What [`CsvRegels::volgende`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gevonden {
    /// A row from line `regel` to line `tot` (the same line unless a cell runs on).
    Rij {
        /// First line.
        regel: u64,
        /// Last line.
        tot: u64,
    },
    /// Line `regel` cannot be read as a row; `bericht` says why, `kolom` (0-based cell) where.
    Onleesbaar {
        /// The line.
        regel: u64,
        /// The cell where a stray quote opened, when known.
        kolom: Option<usize>,
        /// What is wrong, in Dutch.
        bericht: String,
    },
    /// The end of the input.
    Einde,
}

/// Splits CSV input into rows (see the module documentation).
pub(crate) struct CsvRegels {
    invoer: Box<dyn BufRead + Send>,
    parser: csv_core::Reader,
    /// Lines read ahead that are read again after a broken record.
    opnieuw: VecDeque<Regel>,
    /// Lines of the record being read.
    lopend: Vec<Regel>,
    vrij: Vec<Regel>,
    volgend_nummer: u64,
    velden: Vec<u8>,
    einden: Vec<usize>,
    /// Bytes read so far.
    pub(crate) gelezen: u64,
    /// Where every line went.
    pub(crate) telling: Telling,
    /// The number of header cells, once the header is read: a multi-line row must match it.
    pub(crate) kolommen: Option<usize>,
    /// The cells (0-based) that may hold a line break: free text such as the `kenmerk`.
    pub(crate) regeleinde_in: Vec<usize>,
}

impl CsvRegels {
    /// A splitter over `invoer` with cell separator `scheiding`.
    pub(crate) fn nieuw(invoer: Box<dyn BufRead + Send>, scheiding: u8) -> CsvRegels {
        CsvRegels {
            invoer,
            parser: csv_core::ReaderBuilder::new().delimiter(scheiding).build(),
            opnieuw: VecDeque::new(),
            lopend: Vec::new(),
            vrij: Vec::new(),
            volgend_nummer: 1,
            velden: vec![0; 1024],
            einden: vec![0; 64],
            gelezen: 0,
            telling: Telling::default(),
            kolommen: None,
            regeleinde_in: Vec::new(),
        }
    }

    /// The next row into `rij` (its cells), a line that cannot be read, or the end. Blank lines
    /// are skipped (and counted).
    pub(crate) fn volgende(&mut self, rij: &mut csv::ByteRecord) -> io::Result<Gevonden> {
        loop {
            let Some(eerste) = self.neem()? else {
                return Ok(Gevonden::Einde);
            };
            let nummer = eerste.nummer;
            if eerste.te_lang {
                self.vrij.push(eerste);
                return Ok(self.onleesbaar(
                    nummer,
                    None,
                    format!(
                        "de regel is langer dan {} MiB; een huishouden past op één korte regel",
                        MAXIMUM_REGELLENGTE >> 20
                    ),
                ));
            }
            if eerste.tekst.iter().all(u8::is_ascii_whitespace) {
                self.vrij.push(eerste);
                self.tel_leeg(1);
                continue;
            }
            self.lopend.push(eerste);
            match self.lees_rij(rij)? {
                Some(g) => return Ok(g),
                None => continue,
            }
        }
    }

    /// Parse the record that starts with `self.lopend[0]`, taking more lines while a quoted
    /// cell runs on. `None` when the row turned out blank.
    fn lees_rij(&mut self, rij: &mut csv::ByteRecord) -> io::Result<Option<Gevonden>> {
        let (eind, einde_invoer) = match self.voer_regels(rij)? {
            Ok(x) => x,
            Err(gebroken) => return Ok(Some(gebroken)),
        };
        rij.clear();
        let mut begin = 0;
        for &e in &self.einden[..eind] {
            rij.push_field(&self.velden[begin..e]);
            begin = e;
        }
        if let Some(hoe) = self.vormfout(rij, einde_invoer) {
            return Ok(Some(self.gebroken(rij, eind, &hoe)));
        }
        let regels = self.lopend.len() as u64;
        let regel = self.lopend[0].nummer;
        let tot = self.lopend.last().map_or(regel, |r| r.nummer);
        self.vrij.append(&mut self.lopend);
        if rij.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            self.tel_leeg(regels);
            return Ok(None);
        }
        self.telling.records += 1;
        self.telling.in_records += regels;
        Ok(Some(Gevonden::Rij { regel, tot }))
    }

    /// Feed the lines of the record to the parser until it ends: the number of cells and whether
    /// the input ended first, or the broken record when the quoted cell never closes.
    fn voer_regels(
        &mut self,
        rij: &mut csv::ByteRecord,
    ) -> io::Result<Result<(usize, bool), Gevonden>> {
        self.parser.reset();
        let (mut uit, mut eind) = (0, 0);
        let mut regel = 0;
        let mut einde_invoer = false;
        loop {
            let invoer: &[u8] = match self.lopend.get(regel) {
                Some(r) => &r.tekst,
                None => &[],
            };
            let mut pos = 0;
            let afgerond = loop {
                let (res, nin, nout, nend) = self.parser.read_record(
                    &invoer[pos..],
                    &mut self.velden[uit..],
                    &mut self.einden[eind..],
                );
                pos += nin;
                uit += nout;
                eind += nend;
                match res {
                    ReadRecordResult::InputEmpty => break false,
                    ReadRecordResult::OutputFull => {
                        let n = self.velden.len() * 2;
                        self.velden.resize(n, 0);
                    }
                    ReadRecordResult::OutputEndsFull => {
                        let n = self.einden.len() * 2;
                        self.einden.resize(n, 0);
                    }
                    ReadRecordResult::Record | ReadRecordResult::End => break true,
                }
            };
            if afgerond || einde_invoer {
                return Ok(Ok((eind, einde_invoer)));
            }
            // the line is used up inside a quoted cell (or the input ended without a line end)
            regel += 1;
            if regel < self.lopend.len() {
                continue;
            }
            if self.lopend.len() > MAXIMUM_REGELS_IN_CEL {
                return Ok(Err(self.gebroken(
                    rij,
                    eind,
                    "binnen 100 regels niet gesloten",
                )));
            }
            match self.neem()? {
                Some(r) if !r.te_lang => self.lopend.push(r),
                Some(r) => {
                    self.opnieuw.push_front(r);
                    return Ok(Err(self.gebroken(rij, eind, "niet gesloten")));
                }
                None => einde_invoer = true,
            }
        }
    }

    /// Why a record over several lines cannot be a row (how the quote is "not closed"), if so:
    /// the input ended inside the quote, the row lost the header's shape, or the line break is
    /// in a cell other than a kenmerk.
    fn vormfout(&self, rij: &csv::ByteRecord, einde_invoer: bool) -> Option<String> {
        let laatste = self.lopend.last()?;
        if einde_invoer && matches!(laatste.tekst.last(), Some(b'\n' | b'\r')) {
            return Some("niet gesloten".into());
        }
        if self.lopend.len() < 2 {
            return None;
        }
        let tot = laatste.nummer;
        if let Some(k) = self.kolommen.filter(|k| *k != rij.len()) {
            let n = rij.len();
            return Some(format!("op deze regel niet gesloten: de cel loopt door tot regel {tot}, en de rij heeft dan {n} cellen waar de kopregel er {k} noemt"));
        }
        let regeleinde = rij
            .iter()
            .position(|c| c.iter().any(|b| matches!(b, b'\n' | b'\r')));
        let i = regeleinde.filter(|i| !self.regeleinde_in.contains(i))?;
        Some(format!(
            "op deze regel niet gesloten: de cel loopt door tot regel {tot}, en alleen een kenmerk kan een regeleinde bevatten (cel {})",
            i + 1
        ))
    }

    /// A quoted cell opened on the first line of the record does not close properly: report
    /// that line, and read the lines after it again.
    fn gebroken(&mut self, rij: &mut csv::ByteRecord, eind: usize, hoe: &str) -> Gevonden {
        let eerste = self.lopend.remove(0);
        while let Some(r) = self.lopend.pop() {
            self.opnieuw.push_front(r);
        }
        // the cell that holds a line end is where the quote opened
        let mut begin = 0;
        let mut kolom = None;
        for (i, &e) in self.einden[..eind].iter().enumerate() {
            if self.velden[begin..e]
                .iter()
                .any(|b| matches!(b, b'\n' | b'\r'))
            {
                kolom = Some(i);
                break;
            }
            begin = e;
        }
        rij.clear();
        let nummer = eerste.nummer;
        self.vrij.push(eerste);
        self.onleesbaar(
            nummer,
            // not in a finished cell: the cell still open
            kolom.or(Some(eind)),
            format!("het aanhalingsteken van deze cel wordt {hoe}"),
        )
    }

    fn onleesbaar(&mut self, regel: u64, kolom: Option<usize>, bericht: String) -> Gevonden {
        self.telling.records += 1;
        self.telling.in_records += 1;
        Gevonden::Onleesbaar {
            regel,
            kolom,
            bericht,
        }
    }

    fn tel_leeg(&mut self, regels: u64) {
        if self.kolommen.is_some() {
            self.telling.leeg += regels;
        } else {
            self.telling.kop += regels;
        }
    }

    /// Count the lines of the header row just read as header lines.
    pub(crate) fn kop_gelezen(&mut self, kolommen: usize) {
        self.telling.kop += self.telling.in_records;
        self.telling.in_records = 0;
        self.telling.records = 0;
        self.kolommen = Some(kolommen);
    }

    /// The next physical line: one read again, or a new one.
    fn neem(&mut self) -> io::Result<Option<Regel>> {
        if let Some(r) = self.opnieuw.pop_front() {
            return Ok(Some(r));
        }
        let mut r = self.vrij.pop().unwrap_or_default();
        r.tekst.clear();
        r.te_lang = false;
        r.nummer = self.volgend_nummer;
        if !self.lees_fysiek(&mut r)? {
            self.vrij.push(r);
            return Ok(None);
        }
        self.volgend_nummer += 1;
        self.telling.regels += 1;
        Ok(Some(r))
    }

    /// Read one physical line with its line end into `r`; false at the end of the input.
    fn lees_fysiek(&mut self, r: &mut Regel) -> io::Result<bool> {
        let mut iets = false;
        loop {
            let buf = match self.invoer.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(iets);
            }
            iets = true;
            let (n, klaar) = match memchr::memchr2(b'\n', b'\r', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let cr = klaar && buf[n - 1] == b'\r';
            if r.tekst.len() + n > MAXIMUM_REGELLENGTE {
                r.te_lang = true;
            } else {
                r.tekst.extend_from_slice(&buf[..n]);
            }
            self.invoer.consume(n);
            self.gelezen += n as u64;
            if klaar {
                if cr && self.invoer.fill_buf()?.first() == Some(&b'\n') {
                    self.invoer.consume(1);
                    self.gelezen += 1;
                    if !r.te_lang {
                        r.tekst.push(b'\n');
                    }
                }
                return Ok(true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row or unreadable line of `tekst` (the first row is the header).
    fn lees(tekst: &str) -> (Vec<String>, Telling) {
        let mut s = CsvRegels::nieuw(Box::new(io::Cursor::new(tekst.as_bytes().to_vec())), b';');
        s.regeleinde_in = vec![0];
        let mut rij = csv::ByteRecord::new();
        let mut uit = Vec::new();
        loop {
            match s.volgende(&mut rij).expect("lezen") {
                Gevonden::Einde => break,
                Gevonden::Rij { regel, tot } => {
                    if s.kolommen.is_none() {
                        s.kop_gelezen(rij.len());
                    }
                    let cellen: Vec<String> = rij
                        .iter()
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect();
                    uit.push(format!("{regel}-{tot}:{}", cellen.join("|")));
                }
                Gevonden::Onleesbaar { regel, kolom, .. } => {
                    uit.push(format!("{regel}:fout in cel {kolom:?}"))
                }
            }
        }
        (uit, s.telling)
    }

    #[test]
    fn losse_aanhalingsteken_slikt_geen_regels() {
        let (rijen, t) = lees("a;b;c\n1;\"2;3\n4;5;6\n7;8;9\n");
        assert_eq!(
            rijen,
            [
                "1-1:a|b|c",
                "2:fout in cel Some(1)",
                "3-3:4|5|6",
                "4-4:7|8|9"
            ]
        );
        assert!(t.klopt(), "{t:?}");
        assert_eq!((t.regels, t.kop, t.records, t.in_records), (4, 1, 3, 3));
    }

    #[test]
    fn cel_over_regels_met_de_vorm_van_de_kop_is_goed() {
        let (rijen, t) = lees("a;b;c\r\n\"x\r\ny\";2;3\r\n\r\n;;\r\n7;8;9");
        assert_eq!(rijen, ["1-1:a|b|c", "2-3:x\r\ny|2|3", "6-6:7|8|9"]);
        assert_eq!((t.regels, t.kop, t.leeg, t.in_records), (6, 1, 2, 3));
        assert!(t.klopt());
    }

    #[test]
    fn cel_over_regels_met_een_andere_vorm_wordt_gemeld_en_de_rest_gelezen() {
        // the quote in line 2 closes in line 4: 2 + 2 cells, not 3
        let (rijen, t) = lees("a;b;c\n1;\"2\n4;5;6\n7\";9;8\n10;11;12\n");
        assert_eq!(
            rijen,
            // line 4 on its own is a row (a quote inside a cell is an ordinary character)
            [
                "1-1:a|b|c",
                "2:fout in cel Some(1)",
                "3-3:4|5|6",
                "4-4:7\"|9|8",
                "5-5:10|11|12"
            ]
        );
        assert!(t.klopt(), "{t:?}");
        // the same with the right number of cells: a line break is allowed in cell 0 only
        let (rijen, t) = lees("a;b;c\n1;\"2\n4;5;6\n7\";9\n10;11;12\n");
        assert_eq!(rijen[1..3], ["2:fout in cel Some(1)", "3-3:4|5|6"]);
        assert!(t.klopt(), "{t:?}");
    }

    #[test]
    fn open_aanhalingsteken_aan_het_eind() {
        let (rijen, t) = lees("a;b\n\"1;2\n3;4\n");
        assert_eq!(rijen, ["1-1:a|b", "2:fout in cel Some(0)", "3-3:3|4"]);
        assert!(t.klopt());
    }

    #[test]
    fn alleen_cr_en_laatste_regel_zonder_einde() {
        let (rijen, t) = lees("a;b\r1;2\r\r3;4");
        assert_eq!(rijen, ["1-1:a|b", "2-2:1|2", "4-4:3|4"]);
        assert_eq!((t.regels, t.leeg), (4, 1));
    }

    #[test]
    fn te_lange_regel_wordt_gemeld_en_overgeslagen() {
        let lang = "9".repeat(MAXIMUM_REGELLENGTE + 10);
        let (rijen, t) = lees(&format!("a;b\n1;{lang}\n3;4\n"));
        assert_eq!(rijen, ["1-1:a|b", "2:fout in cel None", "3-3:3|4"]);
        assert!(t.klopt());
    }

    #[test]
    fn cel_die_te_veel_regels_doorloopt() {
        let mut tekst = String::from("a;b\n\"x\n");
        for _ in 0..150 {
            tekst.push_str("1;2\n");
        }
        tekst.push_str("y\";z\n");
        let (rijen, t) = lees(&tekst);
        assert_eq!(rijen[1], "2:fout in cel Some(0)");
        assert_eq!(rijen.len(), 2 + 150 + 1);
        assert_eq!(rijen[2], "3-3:1|2");
        assert!(t.klopt(), "{t:?}");
    }
}
