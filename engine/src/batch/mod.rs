//! Batch evaluation: stream many household records (JSONL or CSV), evaluate them on every core,
//! and write one result per record in input order.
//!
//! The pipeline reads a block of records (sequentially, with reused buffers), evaluates the block
//! in parallel with rayon — each worker turns a contiguous part of the block into output bytes —
//! and writes the parts in order while the next block is being read. Memory is bounded by the
//! block size, not by the input. The compiled pack is shared by all threads (`Regels` caches it;
//! `GecompileerdPack` is `Send + Sync` because the engine is built with rhai `sync`).
//!
//! A record that fails (bad input, or a rule error) becomes a [`RecordFout`] with its line
//! number and field; every other record finishes. The engine never prints: output goes to the
//! writer and error sink the caller gives.

pub mod csv_invoer;
mod csv_regels;
mod csv_velden;
mod lezer;
pub mod lijst;
pub mod populatie;

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::decision::{Bedrag, Beslissing};
use crate::error::{Fout, FoutSoort, Fouten, Locatie};
use crate::policy::GeladenBeleid;
use crate::record::{self, Formaat, Huishouden};
use crate::script::GecompileerdPack;
use crate::{evaluate, Opties, Regels};

pub use csv_invoer::CsvKolommen;
pub use lezer::{Lezer, RuwRecord, Telling};
pub use lijst::{Lijst, LijstUitkomst};

/// Default number of records per block: the batch keeps at most twice this many records read
/// and not yet written, in parts of `STANDAARD_BLOK / (16 × threads)` (see
/// [`parallel_geordend`]): enough to keep every core busy, while the output in memory (a few kB
/// per decision) stays some ten MB.
pub const STANDAARD_BLOK: usize = 2048;

/// Input format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoerFormaat {
    /// One JSON household per line (CONTRACT §1).
    Jsonl,
    /// One household per CSV row (see [`csv_invoer`]).
    Csv,
}

impl InvoerFormaat {
    /// `.csv` → CSV, anything else → JSONL.
    pub fn van_pad(pad: &str) -> InvoerFormaat {
        if pad.to_lowercase().ends_with(".csv") {
            InvoerFormaat::Csv
        } else {
            InvoerFormaat::Jsonl
        }
    }
}

/// Output format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UitvoerFormaat {
    /// One decision (CONTRACT §2) per line, with its input line number as `regel`.
    Jsonl,
    /// One summary row per household ([`CSV_KOLOMMEN`]).
    Csv,
}

/// Columns of the CSV summary output.
pub const CSV_KOLOMMEN: [&str; 16] = [
    "regel",
    "kenmerk",
    "jaar",
    "regeling",
    "route",
    "doelgroep",
    "toegekend",
    "tegemoetkoming",
    "eindheffing",
    "bijzondere_bijstand",
    "tekort",
    "gemiste_toeslagen",
    "besteedbaar_inkomen",
    "besteedbaar_inkomen_referentie",
    "acties",
    "redenen",
];

/// Run `werk` over every record of `lezer` in parallel and hand the results to `schrijf` in
/// input order.
///
/// The input is cut into parts of about `blok / (16 × threads)` records. The calling thread
/// reads parts and hands each to the rayon pool as soon as it is read; it writes finished
/// parts in input order as they come back. There is no barrier between blocks: a worker that
/// finishes a part takes the next while a slow part elsewhere is still running. At most
/// `2 × blok` records are read and not yet written (memory stays flat). `werk` gets a part and a
/// per-thread state from `init` (states are reused); `schrijf` runs on the calling thread.
/// `voortgang` gets the bytes read so far after every part.
///
/// A read error stops reading: what was read before it is still evaluated and written, then
/// the error is returned. A write error stops reading and writing and is returned. A part whose
/// evaluation panics stops the run with an error; the parts before it are written.
pub fn parallel_geordend<W, T, I, F, S>(
    lezer: &mut Lezer,
    blok: usize,
    init: I,
    werk: F,
    mut schrijf: S,
    voortgang: &(dyn Fn(u64) + Sync),
) -> Result<(), Fouten>
where
    W: Send,
    I: Fn() -> W + Sync + Send,
    F: Fn(&mut W, &[RuwRecord]) -> T + Sync + Send,
    T: Send,
    S: FnMut(T) -> io::Result<()>,
{
    use std::collections::VecDeque;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    let blok = blok.max(1);
    let deel = blok
        .div_ceil(rayon::current_num_threads().max(1) * 16)
        .max(1);
    // parts read and not yet written: the work queue plus what waits for a slower part
    let max_uitstaand = (2 * blok).div_ceil(deel).max(2);
    let staten: Mutex<Vec<W>> = Mutex::new(Vec::new());
    // a finished part: its number, its record buffer (for reuse), its result (`None`: panicked)
    type Klaar<T> = (usize, Vec<RuwRecord>, Option<T>);
    let (tx, rx) = std::sync::mpsc::channel::<Klaar<T>>();
    let (init, werk, staten) = (&init, &werk, &staten);

    let mut leesfout: Option<Fouten> = None;
    let mut schrijffout: Option<io::Error> = None;
    let mut afgebroken = false;
    rayon::in_place_scope(|scope| {
        let mut vrij: Vec<Vec<RuwRecord>> = Vec::new();
        // finished parts from `geschreven` on, by number; `None`: still running
        let mut wachtend: VecDeque<Option<(Vec<RuwRecord>, Option<T>)>> = VecDeque::new();
        let (mut gestart, mut geschreven, mut einde) = (0usize, 0usize, false);
        loop {
            let stoppen = einde || leesfout.is_some() || schrijffout.is_some() || afgebroken;
            if !stoppen && gestart - geschreven < max_uitstaand {
                let mut buf = vrij.pop().unwrap_or_default();
                match lezer.lees_blok(&mut buf, deel) {
                    Ok(0) => einde = true,
                    Ok(n) => {
                        let (nr, tx) = (gestart, tx.clone());
                        scope.spawn(move |_| {
                            let mut st = staten
                                .lock()
                                .ok()
                                .and_then(|mut v| v.pop())
                                .unwrap_or_else(init);
                            let r = catch_unwind(AssertUnwindSafe(|| werk(&mut st, &buf[..n])));
                            if r.is_ok() {
                                if let Ok(mut v) = staten.lock() {
                                    v.push(st);
                                }
                            }
                            let _ = tx.send((nr, buf, r.ok()));
                        });
                        gestart += 1;
                        wachtend.push_back(None);
                        voortgang(lezer.gelezen);
                        continue;
                    }
                    Err(e) => leesfout = Some(e),
                }
            }
            if geschreven == gestart {
                break;
            }
            // wait for a part, then write every part that is next in line
            let Some((nr, buf, r)) = wacht(&rx) else {
                break;
            };
            wachtend[nr - geschreven] = Some((buf, r));
            while let Some(Some(_)) = wachtend.front() {
                let Some(Some((buf, r))) = wachtend.pop_front() else {
                    break;
                };
                geschreven += 1;
                vrij.push(buf);
                match r {
                    Some(t) if schrijffout.is_none() && !afgebroken => {
                        if let Err(e) = schrijf(t) {
                            schrijffout = Some(e);
                        }
                    }
                    Some(_) => {}
                    None => afgebroken = true,
                }
            }
        }
    });
    if let Some(e) = schrijffout {
        return Err(Fout::invoer(
            "avp::batch::schrijven",
            format!("kan de uitvoer niet schrijven: {e}"),
        )
        .into());
    }
    if afgebroken {
        return Err(Fout::invoer(
            "avp::batch::intern",
            "de evaluatie van een deel van de invoer is onverwacht afgebroken",
        )
        .into());
    }
    leesfout.map_or(Ok(()), Err)
}

/// The next message of `rx`. On a thread of a rayon pool (the caller ran us inside
/// `ThreadPool::install`) blocking would take a worker away from the parts it waits for (with one
/// thread: a deadlock), so such a thread runs pending work of its pool while it waits.
fn wacht<T>(rx: &std::sync::mpsc::Receiver<T>) -> Option<T> {
    use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
    loop {
        match rx.try_recv() {
            Ok(x) => return Some(x),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {}
        }
        match rayon::yield_now() {
            None => return rx.recv().ok(),
            Some(rayon::Yield::Executed) => {}
            // nothing pending: every part is running elsewhere; wait a little, then look again
            Some(rayon::Yield::Idle) => {
                match rx.recv_timeout(std::time::Duration::from_millis(1)) {
                    Ok(x) => return Some(x),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        }
    }
}

/// An error of one record in a batch, for the error file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordFout {
    /// 1-based line number in the input.
    pub regel: u64,
    /// The field (record path, or the CSV column); empty when the record as a whole is wrong.
    pub veld: String,
    /// Stable error code.
    pub code: String,
    /// What is wrong, in Dutch; BSNs masked.
    pub bericht: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
    /// `invoer` (the record was rejected, exit 2) or `regel` (a rule error, exit 1).
    pub soort: &'static str,
}

impl RecordFout {
    /// From an engine error. `kolom` maps a record field to the name the user knows (CSV column).
    pub fn van(regel: u64, f: &Fout, kolom: &dyn Fn(&str) -> String) -> RecordFout {
        let mut bericht = f.bericht.clone();
        let mut veld = match &f.locatie {
            Some(Locatie::Veld { veld, .. }) => veld.clone(),
            _ => String::new(),
        };
        // JSON syntax and type errors carry the field in the message: "veld `x`: …"
        if let Some(rest) = bericht.strip_prefix("veld `") {
            if let Some((v, b)) = rest.split_once("`: ") {
                veld = v.to_string();
                bericht = b.to_string();
            }
        }
        match (&f.locatie, f.soort) {
            // an input error: the column in the record's line
            (Some(Locatie::Bestand { kolom: k, .. }), FoutSoort::Invoer) => {
                bericht = format!("{bericht} (kolom {k})");
            }
            // a rule error: where in the rules (not a column of the record)
            (Some(Locatie::Bestand { pad, regel, kolom }), FoutSoort::Regel) => {
                bericht = format!("{bericht} ({pad}:{regel}:{kolom})");
            }
            _ => {}
        }
        if !veld.is_empty() {
            veld = maskeer_bsns(&kolom(&veld));
        }
        RecordFout {
            regel,
            veld,
            code: f.code.to_string(),
            bericht: maskeer_bsns(&bericht),
            hulp: f.hulp.as_deref().map(maskeer_bsns),
            soort: match f.soort {
                FoutSoort::Invoer => "invoer",
                FoutSoort::Regel => "regel",
            },
        }
    }

    /// Whether the record was rejected as bad input (exit 2) rather than a rule error (exit 1).
    pub fn is_invoer(&self) -> bool {
        self.soort == "invoer"
    }
}

impl std::fmt::Display for RecordFout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "regel {}", self.regel)?;
        if !self.veld.is_empty() {
            write!(f, ": veld `{}`", self.veld)?;
        }
        write!(f, ": {}", self.bericht)?;
        if let Some(h) = &self.hulp {
            write!(f, " (hulp: {h})")?;
        }
        Ok(())
    }
}

/// Replace every run of 8 or 9 digits (a possible BSN) by `…` and its last three digits, so that
/// no BSN reaches a log or an error file unmasked.
pub fn maskeer_bsns(tekst: &str) -> String {
    let b = tekst.as_bytes();
    let mut uit = String::with_capacity(tekst.len());
    let mut i = 0;
    let mut laatst = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let begin = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if (8..=9).contains(&(i - begin)) {
                uit.push_str(&tekst[laatst..begin]);
                uit.push_str(&record::maskeer(&tekst[begin..i]));
                laatst = i;
            }
        } else {
            i += 1;
        }
    }
    uit.push_str(&tekst[laatst..]);
    uit
}

/// Route × outcome counts and totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Samenvatting {
    /// Records read (blank lines not counted).
    pub records: u64,
    /// Records evaluated (a decision was written).
    pub beoordeeld: u64,
    /// Records rejected as bad input.
    pub geweigerd: u64,
    /// Records that stopped on a rule or evaluation error.
    pub regelfouten: u64,
    /// Counts per route (`ambtshalve_lijst`, `ambtshalve_bekend`, `aanvraag`) and outcome
    /// (`toegekend`, `afgewezen` = not in the doelgroep, `niet_toegekend` = otherwise).
    pub per_route: [[u64; 3]; 3],
    /// Total vaste tegemoetkoming.
    pub tegemoetkoming: Decimal,
    /// Total eindheffing.
    pub eindheffing: Decimal,
    /// Total bijzondere bijstand.
    pub bijzondere_bijstand: Decimal,
    /// Households marked because their meestverdienende partner is on the list.
    pub op_lijst: u64,
    /// Households where only the minstverdienende partner's BSN is on the list (not marked).
    pub lijst_minstverdienende: u64,
    /// Distinct list BSNs found in the input.
    #[serde(skip)]
    pub gevonden: Vec<u32>,
    /// Where the physical lines of the input went (set at the end of [`verwerk`]).
    #[serde(skip)]
    pub invoerregels: Telling,
}

/// Route names, in [`Samenvatting::per_route`] order.
pub const ROUTES: [&str; 3] = ["ambtshalve_lijst", "ambtshalve_bekend", "aanvraag"];
/// Outcome names, in [`Samenvatting::per_route`] order.
pub const UITKOMSTEN: [&str; 3] = ["toegekend", "afgewezen", "niet_toegekend"];

impl Samenvatting {
    /// Count one decision.
    pub fn tel(&mut self, b: &Beslissing) {
        self.beoordeeld += 1;
        let r = ROUTES.iter().position(|r| *r == b.route).unwrap_or(2);
        let u = match (b.toegekend, b.doelgroep) {
            (true, _) => 0,
            (false, Some(false)) => 1,
            _ => 2,
        };
        self.per_route[r][u] += 1;
        self.tegemoetkoming += b.tegemoetkoming.centen();
        self.eindheffing += b.eindheffing.centen();
        self.bijzondere_bijstand += b.bijzondere_bijstand.centen();
    }

    /// Add another part's counts.
    pub fn voeg_toe(&mut self, o: Samenvatting) {
        self.records += o.records;
        self.beoordeeld += o.beoordeeld;
        self.geweigerd += o.geweigerd;
        self.regelfouten += o.regelfouten;
        for r in 0..3 {
            for u in 0..3 {
                self.per_route[r][u] += o.per_route[r][u];
            }
        }
        self.tegemoetkoming += o.tegemoetkoming;
        self.eindheffing += o.eindheffing;
        self.bijzondere_bijstand += o.bijzondere_bijstand;
        self.op_lijst += o.op_lijst;
        self.lijst_minstverdienende += o.lijst_minstverdienende;
        self.gevonden.extend(o.gevonden);
    }

    /// Total cost: tegemoetkoming + eindheffing + bijzondere bijstand.
    pub fn kosten(&self) -> Bedrag {
        Bedrag(self.tegemoetkoming + self.eindheffing + self.bijzondere_bijstand)
    }
}

/// Settings of a batch run.
#[derive(Clone, Copy)]
pub struct Instellingen<'a> {
    /// Evaluation options (trace).
    pub opties: Opties,
    /// Output format.
    pub uitvoer: UitvoerFormaat,
    /// The Belastingdienst list, when given.
    pub lijst: Option<&'a Lijst>,
    /// Records per block.
    pub blok: usize,
}

/// What a batch needs to evaluate a record: rules, beleidsregels, list, and a cache of compiled
/// packs per year shared by the threads (a year without a pack fails once, not per record).
pub struct Context<'a> {
    regels: &'a Regels,
    /// The beleidsregels used.
    pub beleid: &'a GeladenBeleid,
    lijst: Option<&'a Lijst>,
    kolommen: Option<Arc<CsvKolommen>>,
    packs: Mutex<HashMap<i32, Result<Arc<GecompileerdPack>, Fouten>>>,
    buffers: Mutex<Vec<Vec<u8>>>,
}

/// Output buffers kept for reuse: a part's buffer (about 1 MB) would otherwise be fresh memory
/// from the system for every part, zeroed page by page.
const BUFFERS_BEWAARD: usize = 64;

/// Per-thread state: a small cache of packs and a reused serialization buffer.
#[derive(Default)]
pub struct Werker {
    packs: Vec<(i32, Result<Arc<GecompileerdPack>, Fouten>)>,
    buffer: Vec<u8>,
}

/// A parsed record: the household, its `kenmerk` and, for CSV, the row's column names.
pub struct Gelezen {
    /// The household.
    pub huishouden: Huishouden,
    /// The record's `kenmerk` (the CSV column, or the field of a JSONL record).
    pub kenmerk: Option<String>,
    csv: Option<csv_invoer::CsvVelden>,
    /// How the household stands with respect to the list.
    pub lijst: LijstUitkomst,
}

impl Gelezen {
    /// The name of a field for the user (the CSV column for CSV input).
    pub fn kolom(&self, veld: &str) -> String {
        match &self.csv {
            Some(c) => c.kolom_van_veld(veld),
            None => veld.to_string(),
        }
    }
}

impl<'a> Context<'a> {
    /// A context for `lezer`'s input.
    pub fn nieuw(
        regels: &'a Regels,
        beleid: &'a GeladenBeleid,
        lijst: Option<&'a Lijst>,
        lezer: &Lezer,
    ) -> Context<'a> {
        Context {
            regels,
            beleid,
            lijst,
            kolommen: lezer.kolommen().cloned(),
            packs: Mutex::new(HashMap::new()),
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// An empty output buffer, reused when one is available.
    pub fn buffer(&self) -> Vec<u8> {
        self.buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default()
    }

    /// Give a written buffer back for reuse.
    pub fn terug(&self, mut b: Vec<u8>) {
        b.clear();
        if let Ok(mut v) = self.buffers.lock() {
            if v.len() < BUFFERS_BEWAARD {
                v.push(b);
            }
        }
    }

    /// The compiled pack of `jaar`, via the thread's cache.
    pub fn pack<'w>(&self, w: &'w mut Werker, jaar: i32) -> Result<&'w GecompileerdPack, Fouten> {
        // Borrowed from the worker's own list: no reference count per household (a shared
        // counter bounces between the cores).
        let i = match w.packs.iter().position(|(j, _)| *j == jaar) {
            Some(i) => i,
            None => {
                let p = {
                    let mut m = self.packs.lock().unwrap_or_else(|e| e.into_inner());
                    m.entry(jaar)
                        .or_insert_with(|| self.regels.pack(jaar))
                        .clone()
                };
                w.packs.push((jaar, p));
                w.packs.len() - 1
            }
        };
        match &w.packs[i].1 {
            Ok(p) => Ok(p),
            Err(f) => Err(f.clone()),
        }
    }

    /// Parse and validate a record; mark it when its meestverdienende partner is on the list.
    pub fn lees(&self, r: &RuwRecord, naam: &str) -> Result<Gelezen, Vec<RecordFout>> {
        if let Some(f) = &r.fout {
            return Err(vec![RecordFout::van(r.regel, f, &|v| v.to_string())]);
        }
        let (huishouden, csv) = match &self.kolommen {
            None => {
                let tekst = std::str::from_utf8(&r.tekst).map_err(|e| {
                    let plek = record::ongeldige_byte(&r.tekst, e.valid_up_to());
                    let bericht =
                        format!("de regel is geen geldige UTF-8-tekst: {plek} in de regel");
                    let f = Fout::invoer("avp::batch::utf8", bericht).hulp(record::UTF8_HULP);
                    vec![RecordFout::van(r.regel, &f, &|v| v.to_string())]
                })?;
                // fast path: plain serde_json; on any problem the record layer's reader
                // produces the error with field path and did-you-mean
                let hh = match serde_json::from_str::<Huishouden>(tekst) {
                    Ok(hh) if tekst.starts_with('{') && record::valideer(&hh, naam).is_ok() => hh,
                    _ => record::lees_huishouden(tekst, Formaat::Json, naam)
                        .map_err(|f| fouten(r.regel, &f, &|v| v.to_string()))?,
                };
                (hh, None)
            }
            Some(k) => {
                let c = k
                    .lees_rij(&r.rij, naam)
                    .map_err(|f| fouten(r.regel, &f, &|v| v.to_string()))?;
                record::valideer(&c.huishouden, naam)
                    .map_err(|f| fouten(r.regel, &f, &|v| c.velden.kolom_van_veld(v)))?;
                (c.huishouden, Some((c.kenmerk, c.velden)))
            }
        };
        let (kenmerk, csv) = match csv {
            Some((k, v)) => (k, Some(v)),
            // a JSONL record's own `kenmerk`
            None => (huishouden.kenmerk.clone(), None),
        };
        let mut g = Gelezen {
            kenmerk,
            huishouden,
            csv,
            lijst: LijstUitkomst::NietOpLijst,
        };
        if let Some(l) = self.lijst {
            g.lijst = l.toets(&g.huishouden);
            if matches!(g.lijst, LijstUitkomst::Meestverdienende(_)) {
                g.huishouden.op_lijst_belastingdienst = true;
            }
        }
        Ok(g)
    }

    /// Evaluate a parsed household (for `jaar` when given, else the record's own year). For
    /// another year the household is the same people a year later or earlier: dates of birth stay,
    /// and the `aanvraagdatum` moves with the year (the application for that year).
    pub fn beoordeel(
        &self,
        w: &mut Werker,
        g: &Gelezen,
        jaar: Option<i32>,
        naam: &str,
        opties: Opties,
        regel: u64,
    ) -> Result<Beslissing, Vec<RecordFout>> {
        let kolom = |v: &str| g.kolom(v);
        let anders;
        let hh = match jaar {
            Some(j) if j != g.huishouden.jaar => {
                let mut h = g.huishouden.clone();
                if let Some(d) = h.aanvraagdatum {
                    let doel = d.0.year() + (j - h.jaar);
                    h.aanvraagdatum =
                        d.0.with_year(doel)
                            .or_else(|| d.0.with_day(28).and_then(|x| x.with_year(doel)))
                            .map(record::Datum);
                }
                h.jaar = j;
                record::valideer(&h, naam).map_err(|f| fouten(regel, &f, &kolom))?;
                anders = h;
                &anders
            }
            _ => &g.huishouden,
        };
        evaluate::controleer_jaar(hh.jaar, naam).map_err(|f| fouten(regel, &f.into(), &kolom))?;
        let pack = self
            .pack(w, hh.jaar)
            .map_err(|f| fouten(regel, &f, &kolom))?;
        evaluate::beoordeel(pack, self.beleid, hh, naam, opties)
            .map_err(|f| fouten(regel, &f.into(), &kolom))
    }
}

fn fouten(regel: u64, f: &Fouten, kolom: &dyn Fn(&str) -> String) -> Vec<RecordFout> {
    f.0.iter()
        .map(|f| RecordFout::van(regel, f, kolom))
        .collect()
}

/// The output of one part of a block.
#[derive(Default)]
pub struct Deel {
    /// Output bytes (decisions or CSV rows), in record order.
    pub uit: Vec<u8>,
    /// Errors, in record order.
    pub fouten: Vec<RecordFout>,
    /// Counts.
    pub samenvatting: Samenvatting,
}

/// Evaluate every record of `lezer` and write decisions to `uit` in input order; errors go to
/// `fout` (in input order too). Returns the counts. For CSV output the header row is written
/// first.
pub fn verwerk(
    regels: &Regels,
    beleid: &GeladenBeleid,
    lezer: &mut Lezer,
    inst: Instellingen<'_>,
    uit: &mut dyn Write,
    fout: &mut dyn FnMut(&RecordFout) -> io::Result<()>,
    voortgang: &(dyn Fn(u64) + Sync),
) -> Result<Samenvatting, Fouten> {
    let ctx = Context::nieuw(regels, beleid, inst.lijst, lezer);
    if inst.uitvoer == UitvoerFormaat::Csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(CSV_KOLOMMEN);
        let kop = w.into_inner().unwrap_or_default();
        uit.write_all(&kop).map_err(schrijf_fout)?;
    }
    let mut totaal = Samenvatting::default();
    parallel_geordend(
        lezer,
        inst.blok,
        Werker::default,
        |w, records| verwerk_deel(&ctx, w, records, inst),
        |deel: Deel| {
            uit.write_all(&deel.uit)?;
            ctx.terug(deel.uit);
            for f in &deel.fouten {
                fout(f)?;
            }
            totaal.voeg_toe(deel.samenvatting);
            Ok(())
        },
        voortgang,
    )?;
    totaal.gevonden.sort_unstable();
    totaal.gevonden.dedup();
    totaal.invoerregels = lezer.telling();
    controleer_telling(&totaal)?;
    Ok(totaal)
}

/// Every physical line is a header line, a blank line or part of one record, and every record
/// was evaluated or reported: a summary that does not add up means a record was lost, which is
/// an internal error (never a silent one).
pub fn controleer_telling(s: &Samenvatting) -> Result<(), Fouten> {
    let t = s.invoerregels;
    let afgehandeld = s.beoordeeld + s.geweigerd + s.regelfouten;
    if t.klopt() && t.records == s.records && afgehandeld == s.records {
        return Ok(());
    }
    Err(Fout::regel(
        "avp::intern::telling",
        format!(
            "interne fout: de telling klopt niet: {} regels gelezen ({} kop, {} leeg, {} in {} records), \
             {} records verwerkt, waarvan {} beoordeeld, {} geweigerd en {} met een regelfout",
            t.regels, t.kop, t.leeg, t.in_records, t.records, s.records, s.beoordeeld, s.geweigerd,
            s.regelfouten
        ),
    )
    .hulp("er is mogelijk een record zoekgeraakt; meld dit aan de beheerder van avp, met het invoerbestand")
    .into())
}

fn schrijf_fout(e: io::Error) -> Fouten {
    Fout::invoer(
        "avp::batch::schrijven",
        format!("kan de uitvoer niet schrijven: {e}"),
    )
    .into()
}

/// Evaluate a contiguous part of a block into output bytes.
pub fn verwerk_deel(
    ctx: &Context<'_>,
    w: &mut Werker,
    records: &[RuwRecord],
    inst: Instellingen<'_>,
) -> Deel {
    let mut deel = Deel {
        uit: ctx.buffer(),
        ..Deel::default()
    };
    let mut csv_uit = (inst.uitvoer == UitvoerFormaat::Csv).then(|| {
        csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(std::mem::take(&mut deel.uit))
    });
    let mut naam = String::with_capacity(16);
    for r in records {
        use std::fmt::Write as _;
        naam.clear();
        let _ = write!(naam, "regel {}", r.regel);
        deel.samenvatting.records += 1;
        let uitkomst = ctx.lees(r, &naam).and_then(|g| {
            match g.lijst {
                LijstUitkomst::Meestverdienende(_) => deel.samenvatting.op_lijst += 1,
                LijstUitkomst::Minstverdienende(_) => deel.samenvatting.lijst_minstverdienende += 1,
                LijstUitkomst::NietOpLijst => {}
            }
            if let (Some(l), false) = (ctx.lijst, g.lijst == LijstUitkomst::NietOpLijst) {
                deel.samenvatting
                    .gevonden
                    .extend(l.in_huishouden(&g.huishouden));
            }
            ctx.beoordeel(w, &g, None, &naam, inst.opties, r.regel)
                .map(|b| (b, g.kenmerk))
        });
        match uitkomst {
            Ok((b, kenmerk)) => {
                deel.samenvatting.tel(&b);
                match &mut csv_uit {
                    Some(c) => {
                        let _ = c.write_record(csv_rij(r.regel, kenmerk.as_deref(), &b).iter());
                    }
                    None => schrijf_jsonl(&mut deel.uit, &mut w.buffer, r.regel, &b),
                }
            }
            Err(fs) => {
                if fs.iter().any(|f| !f.is_invoer()) {
                    deel.samenvatting.regelfouten += 1;
                } else {
                    deel.samenvatting.geweigerd += 1;
                }
                deel.fouten.extend(fs);
            }
        }
    }
    if let Some(c) = csv_uit {
        deel.uit = c.into_inner().unwrap_or_default();
    }
    deel
}

/// Append `{"regel":N,` + the decision's JSON (without its opening brace) + newline. The JSON is
/// written by sonic-rs: byte for byte serde_json's text (`tests/batch.rs` checks it), with SIMD
/// string escaping (the texts of the reasons are most of a decision's bytes).
pub fn schrijf_jsonl(uit: &mut Vec<u8>, buffer: &mut Vec<u8>, regel: u64, b: &Beslissing) {
    buffer.clear();
    if sonic_rs::to_writer(&mut *buffer, b).is_err() || buffer.first() != Some(&b'{') {
        return;
    }
    let _ = write!(uit, "{{\"regel\":{regel},");
    uit.extend_from_slice(&buffer[1..]);
    uit.push(b'\n');
}

fn ja_nee(b: bool) -> &'static str {
    if b {
        "ja"
    } else {
        "nee"
    }
}

/// A text cell of a CSV output that a spreadsheet would not run as a formula: a text that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (the OWASP
/// advice against CSV injection; Excel and LibreOffice show the text as written). Only cells
/// that carry the user's own text pass through here (`kenmerk`, an error's field and message);
/// amounts are never escaped.
pub fn csv_tekst(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// One CSV summary row ([`CSV_KOLOMMEN`]).
pub fn csv_rij(regel: u64, kenmerk: Option<&str>, b: &Beslissing) -> [String; 16] {
    let ber = b.berekening.as_ref();
    let opt = |x: Option<Bedrag>| x.map(|x| x.to_string()).unwrap_or_default();
    [
        regel.to_string(),
        csv_tekst(kenmerk.unwrap_or_default()).into_owned(),
        b.jaar.to_string(),
        b.regeling.clone(),
        b.route.clone(),
        b.doelgroep.map(ja_nee).unwrap_or_default().to_string(),
        ja_nee(b.toegekend).to_string(),
        b.tegemoetkoming.to_string(),
        b.eindheffing.to_string(),
        b.bijzondere_bijstand.to_string(),
        opt(ber.and_then(|x| x.tekort)),
        opt(ber.and_then(|x| x.gemiste_toeslagen)),
        opt(ber.map(|x| x.huishouden.besteedbaar_inkomen)),
        opt(ber
            .and_then(|x| x.referentie.as_ref())
            .map(|k| k.besteedbaar_inkomen)),
        b.acties.join(";"),
        b.redenen
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_tekst_geen_formule() {
        for (in_, uit) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+31", "'+31"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("D-2025-001", "D-2025-001"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_tekst(in_), uit, "{in_:?}");
        }
    }

    #[test]
    fn bsns_gemaskeerd() {
        assert_eq!(
            maskeer_bsns("verkeerd type: integer `111222333`, verwacht a string"),
            "verkeerd type: integer `…333`, verwacht a string"
        );
        assert_eq!(
            maskeer_bsns("bedrag 1000.00 in 2025"),
            "bedrag 1000.00 in 2025"
        );
        assert_eq!(maskeer_bsns("1234567890"), "1234567890");
    }

    /// `n` JSONL lines `0`, `1`, … as a reader.
    fn regels(n: usize) -> Lezer {
        let tekst: String = (0..n).map(|i| format!("{i}\n")).collect();
        Lezer::nieuw(
            Box::new(io::Cursor::new(tekst.into_bytes())),
            InvoerFormaat::Jsonl,
        )
        .unwrap()
    }

    /// Runs the pipeline over `n` lines in a pool of `threads`, with uneven work per part
    /// (the first parts are slowest, so later parts finish first) and returns the line numbers
    /// in the order they were written, or the error code.
    fn pijplijn(
        n: usize,
        blok: usize,
        threads: usize,
        paniek_bij: Option<u64>,
    ) -> (Vec<u64>, Option<String>) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut uit = Vec::new();
            let r = parallel_geordend(
                &mut regels(n),
                blok,
                || 0u64,
                |teller: &mut u64, deel: &[RuwRecord]| {
                    *teller += 1;
                    if deel.iter().any(|r| Some(r.regel) == paniek_bij) {
                        panic!("opzettelijk");
                    }
                    if deel[0].regel < 50 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    deel.iter().map(|r| r.regel).collect::<Vec<_>>()
                },
                |regels| {
                    uit.extend(regels);
                    Ok(())
                },
                &|_| {},
            );
            (uit, r.err().map(|f| f.0[0].code.to_string()))
        })
    }

    #[test]
    fn pijplijn_houdt_de_invoervolgorde_bij_elk_aantal_threads() {
        for threads in [1, 2, 3] {
            for (n, blok) in [(0, 10), (1, 1), (7, 1), (1000, 10), (1000, 64), (999, 7)] {
                let (uit, fout) = pijplijn(n, blok, threads, None);
                assert_eq!(fout, None);
                assert_eq!(
                    uit,
                    (1..=n as u64).collect::<Vec<_>>(),
                    "{threads} threads, n {n}, blok {blok}"
                );
            }
        }
    }

    #[test]
    fn pijplijn_stopt_bij_een_paniek_en_schrijft_wat_ervoor_lag() {
        for threads in [1, 2] {
            let (uit, fout) = pijplijn(1000, 10, threads, Some(500));
            assert_eq!(fout.as_deref(), Some("avp::batch::intern"));
            // parts are of one record (blok 10 over 16 × threads parts): all before 500 written
            assert_eq!(uit, (1..500).collect::<Vec<_>>());
        }
    }

    #[test]
    fn pijplijn_stopt_bij_een_schrijffout() {
        let mut geschreven = 0;
        let r = parallel_geordend(
            &mut regels(1000),
            10,
            || (),
            |_: &mut (), deel: &[RuwRecord]| deel.len(),
            |n| {
                geschreven += n;
                if geschreven >= 100 {
                    Err(io::Error::other("schijf vol"))
                } else {
                    Ok(())
                }
            },
            &|_| {},
        );
        let f = r.unwrap_err();
        assert_eq!(f.0[0].code, "avp::batch::schrijven");
        assert!(f.0[0].bericht.contains("schijf vol"), "{}", f.0[0].bericht);
        assert_eq!(geschreven, 100);
    }

    #[test]
    fn pack_is_deelbaar() {
        fn deelbaar<T: Send + Sync>() {}
        deelbaar::<GecompileerdPack>();
        deelbaar::<Regels>();
        deelbaar::<GeladenBeleid>();
        deelbaar::<Lijst>();
    }
}
