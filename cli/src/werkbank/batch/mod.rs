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

mod csv_cellen;
pub(crate) mod csv_invoer;
mod csv_kolommen;
mod csv_regels;
mod csv_velden;
mod fouten;
mod json;
mod lezer;
pub(crate) mod lijst;
mod pijplijn;
pub mod populatie;
mod rangorde;
mod samenvatting;
pub mod uitsplitsing;
mod uitvoer;
mod verschuiven;

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use avp_engine::decision::Beslissing;
use avp_engine::error::{Code, Fout, Fouten};
use avp_engine::policy::GeladenBeleid;
use avp_engine::record::{self, Formaat, Huishouden};
use avp_engine::script::GecompileerdPack;
use avp_engine::{evaluate, Opties, Regels};

pub(crate) use csv_invoer::CsvKolommen;
use fouten::fouten;
pub use fouten::{maskeer_bsns, RecordFout};
pub use lezer::{InvoerFormaat, Lezer, RuwRecord, Telling};
pub use lijst::{Lijst, LijstUitkomst};
pub use pijplijn::parallel_geordend;
pub(crate) use samenvatting::controleer_telling;
pub use samenvatting::{Samenvatting, ROUTES};
pub(crate) use uitvoer::{csv_rij, CSV_KOLOMMEN};
pub use uitvoer::{csv_tekst, schrijf_jsonl};

/// Default number of records per block: the batch keeps at most twice this many records read
/// and not yet written, in parts of `STANDAARD_BLOK / (16 × threads)` (see
/// [`parallel_geordend`]): enough to keep every core busy, while the output in memory (a few kB
/// per decision) stays some ten MB.
pub const STANDAARD_BLOK: usize = 2048;

/// Output format of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UitvoerFormaat {
    /// One decision (CONTRACT §2) per line, with its input line number as `regel`.
    Jsonl,
    /// One summary row per household (`CSV_KOLOMMEN`).
    Csv,
    /// The same rows in the Dutch style that Dutch Excel opens in columns: `;` between the
    /// fields, a decimal comma, and a UTF-8 byte order mark (`--csv-stijl nl`).
    CsvNl,
}

impl UitvoerFormaat {
    /// Whether the output is CSV (either style).
    pub fn is_csv(self) -> bool {
        matches!(self, UitvoerFormaat::Csv | UitvoerFormaat::CsvNl)
    }

    /// The CSV writer of this style (no header row: the run writes it once).
    pub(crate) fn csv_schrijver<W: Write>(self, w: W) -> csv::Writer<W> {
        csv::WriterBuilder::new()
            .has_headers(false)
            .delimiter(if self == UitvoerFormaat::CsvNl {
                b';'
            } else {
                b','
            })
            .from_writer(w)
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

/// A pack by year and by the years its households' dates moved (0: not moved).
type PackSleutel = (i32, i32);

/// A compiled pack, or why it could not be loaded (reported for every record of its year).
type GeladenPack = Result<Arc<GecompileerdPack>, Fouten>;

/// What a batch needs to evaluate a record: rules, beleidsregels, list, and a cache of compiled
/// packs per year shared by the threads (a year without a pack fails once, not per record).
pub struct Context<'a> {
    regels: &'a Regels,
    /// The beleidsregels used.
    pub(crate) beleid: &'a GeladenBeleid,
    lijst: Option<&'a Lijst>,
    kolommen: Option<Arc<CsvKolommen>>,
    packs: Mutex<HashMap<PackSleutel, GeladenPack>>,
    buffers: Mutex<Vec<Vec<u8>>>,
    /// Assessed in another year than its own, a record moves all its dates (else only the
    /// application date): `verschuif_datums`.
    alle_datums: bool,
}

/// Output buffers kept for reuse: a part's buffer (about 1 MB) would otherwise be fresh memory
/// from the system for every part, zeroed page by page.
const BUFFERS_BEWAARD: usize = 64;

/// Per-thread state: a small cache of packs.
#[derive(Default)]
pub(crate) struct Werker {
    packs: Vec<(PackSleutel, GeladenPack)>,
}

/// A parsed record: the household, its `kenmerk` and, for CSV, the row's column names.
pub struct Gelezen {
    /// The household.
    pub huishouden: Huishouden,
    /// The record's `kenmerk` (the CSV column, or the field of a JSONL record).
    pub(crate) kenmerk: Option<String>,
    csv: Option<csv_invoer::CsvVelden>,
    /// How the household stands with respect to the list.
    pub(crate) lijst: LijstUitkomst,
}

impl Gelezen {
    /// The name of a field for the user (the CSV column for CSV input).
    pub(crate) fn kolom(&self, veld: &str) -> String {
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
            alle_datums: false,
        }
    }

    /// A record assessed in another year moves every date by the years between (birth dates
    /// included), so that people are as old as in their own year.
    pub(crate) fn verschuif_datums(mut self, ja: bool) -> Self {
        self.alle_datums = ja;
        self
    }

    /// An empty output buffer, reused when one is available.
    pub(crate) fn buffer(&self) -> Vec<u8> {
        self.buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default()
    }

    /// Give a written buffer back for reuse.
    pub(crate) fn terug(&self, mut b: Vec<u8>) {
        b.clear();
        if let Ok(mut v) = self.buffers.lock() {
            if v.len() < BUFFERS_BEWAARD {
                v.push(b);
            }
        }
    }

    /// The compiled pack of `jaar`, via the thread's cache; for households whose dates moved
    /// `jaren` years, the pack whose birth-date boundaries moved with them.
    pub(crate) fn pack<'w>(
        &self,
        w: &'w mut Werker,
        jaar: i32,
        jaren: i32,
    ) -> Result<&'w GecompileerdPack, Fouten> {
        // Borrowed from the worker's own list: no reference count per household (a shared
        // counter bounces between the cores).
        let sleutel = (jaar, jaren);
        let i = match w.packs.iter().position(|(j, _)| *j == sleutel) {
            Some(i) => i,
            None => {
                let p = {
                    let mut m = self.packs.lock().unwrap_or_else(|e| e.into_inner());
                    m.entry(sleutel)
                        .or_insert_with(|| self.regels.pack_verschoven(jaar, jaren))
                        .clone()
                };
                w.packs.push((sleutel, p));
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
                    let f = Fout::invoer(Code::BatchUtf8, bericht).hulp(record::UTF8_HULP);
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
    pub(crate) fn beoordeel(
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
        let jaren = match jaar {
            Some(j) if self.alle_datums => j - g.huishouden.jaar,
            _ => 0,
        };
        let hh = match jaar {
            Some(j) if j != g.huishouden.jaar => {
                let h = verschuiven::naar_jaar(&g.huishouden, j, self.alle_datums);
                record::valideer(&h, naam).map_err(|f| fouten(regel, &f, &kolom))?;
                anders = h;
                &anders
            }
            _ => &g.huishouden,
        };
        evaluate::controleer_jaar(hh.jaar, naam).map_err(|f| fouten(regel, &f.into(), &kolom))?;
        let pack = self
            .pack(w, hh.jaar, jaren)
            .map_err(|f| fouten(regel, &f, &kolom))?;
        evaluate::beoordeel(pack, self.beleid, hh, naam, opties)
            .map_err(|f| fouten(regel, &f.into(), &kolom))
    }
}

/// The output of one part of a block.
#[derive(Default)]
pub(crate) struct Deel {
    /// Output bytes (decisions or CSV rows), in record order.
    pub(crate) uit: Vec<u8>,
    /// Errors, in record order.
    pub(crate) fouten: Vec<RecordFout>,
    /// Counts.
    pub(crate) samenvatting: Samenvatting,
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
    if inst.uitvoer.is_csv() {
        let bom: &[u8] = if inst.uitvoer == UitvoerFormaat::CsvNl {
            "\u{feff}".as_bytes()
        } else {
            b""
        };
        let mut w = inst.uitvoer.csv_schrijver(bom.to_vec());
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

fn schrijf_fout(e: io::Error) -> Fouten {
    Fout::invoer(
        Code::BatchSchrijven,
        format!("kan de uitvoer niet schrijven: {e}"),
    )
    .into()
}

/// Evaluate a contiguous part of a block into output bytes.
pub(crate) fn verwerk_deel(
    ctx: &Context<'_>,
    w: &mut Werker,
    records: &[RuwRecord],
    inst: Instellingen<'_>,
) -> Deel {
    let mut deel = Deel {
        uit: ctx.buffer(),
        ..Deel::default()
    };
    let mut csv_uit = inst
        .uitvoer
        .is_csv()
        .then(|| inst.uitvoer.csv_schrijver(std::mem::take(&mut deel.uit)));
    let komma = inst.uitvoer == UitvoerFormaat::CsvNl;
    let mut naam = String::with_capacity(16);
    for r in records {
        naam.clear();
        naam.push_str("regel ");
        naam.push_str(itoa::Buffer::new().format(r.regel));
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
                        let _ =
                            c.write_record(csv_rij(r.regel, kenmerk.as_deref(), &b, komma).iter());
                    }
                    None => {
                        let eerste = deel.uit.is_empty();
                        schrijf_jsonl(&mut deel.uit, r.regel, &b);
                        // a fresh buffer takes the part's size at once, estimated from its
                        // first decision, instead of doubling (and copying) a dozen times
                        if eerste {
                            deel.uit.reserve(deel.uit.len() * records.len() * 9 / 8);
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_is_deelbaar() {
        fn deelbaar<T: Send + Sync>() {}
        deelbaar::<GecompileerdPack>();
        deelbaar::<Regels>();
        deelbaar::<GeladenBeleid>();
        deelbaar::<Lijst>();
    }
}
