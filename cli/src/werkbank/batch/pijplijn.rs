//! The ordered parallel pipeline of a batch: read parts, evaluate them on the rayon pool, write
//! them back in input order, with at most two blocks in memory.

use std::collections::VecDeque;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::Sender;
use std::sync::Mutex;

use avp_engine::error::{Code, Fout, Fouten};

use super::lezer::{Lezer, RuwRecord};

/// A finished part: its number, its record buffer (for reuse), its result (`None`: panicked).
type Klaar<T> = (usize, Vec<RuwRecord>, Option<T>);

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
    let blok = blok.max(1);
    let deel = blok
        .div_ceil(rayon::current_num_threads().max(1) * 16)
        .max(1);
    // parts read and not yet written: the work queue plus what waits for a slower part
    let max_uitstaand = (2 * blok).div_ceil(deel).max(2);
    let staten: Mutex<Vec<W>> = Mutex::new(Vec::new());
    let (tx, rx) = std::sync::mpsc::channel::<Klaar<T>>();
    let werkers = Werkers {
        init: &init,
        werk: &werk,
        staten: &staten,
    };
    let mut volgorde = Volgorde::nieuw();
    rayon::in_place_scope(|scope| loop {
        let v = &mut volgorde;
        if !v.gestopt() && v.gestart - v.geschreven < max_uitstaand {
            let mut buf = v.vrij.pop().unwrap_or_default();
            match lezer.lees_blok(&mut buf, deel) {
                Ok(0) => v.einde = true,
                Ok(n) => {
                    werkers.start(scope, (v.gestart, buf, n), tx.clone());
                    v.gestart += 1;
                    v.wachtend.push_back(None);
                    voortgang(lezer.gelezen);
                    continue;
                }
                Err(e) => v.leesfout = Some(e),
            }
        }
        if v.geschreven == v.gestart {
            break;
        }
        // wait for a part, then write every part that is next in line
        let Some(klaar) = wacht(&rx) else {
            break;
        };
        v.schrijf_op_volgorde(klaar, &mut schrijf);
    });
    volgorde.uitkomst()
}

/// What the parts on the rayon pool share: the work, and the per-thread states (a state is
/// taken by a part and given back when the part is done).
struct Werkers<'a, W, I, F> {
    init: &'a I,
    werk: &'a F,
    staten: &'a Mutex<Vec<W>>,
}

impl<'a, W, I, F> Werkers<'a, W, I, F> {
    /// Evaluate the first `n` records of `buf`, part number `nr`, on the pool; the finished part
    /// goes to `tx`. A part that panics sends no result and does not give its state back.
    fn start<'s, T>(
        &self,
        scope: &rayon::Scope<'s>,
        (nr, buf, n): (usize, Vec<RuwRecord>, usize),
        tx: Sender<Klaar<T>>,
    ) where
        'a: 's,
        W: Send,
        I: Fn() -> W + Sync,
        F: Fn(&mut W, &[RuwRecord]) -> T + Sync,
        T: Send + 's,
    {
        let (init, werk, staten) = (self.init, self.werk, self.staten);
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
    }
}

/// The calling thread's bookkeeping: parts started and written, finished parts that wait for
/// an earlier one, record buffers for reuse, and what stopped the run.
struct Volgorde<T> {
    vrij: Vec<Vec<RuwRecord>>,
    /// Finished parts from `geschreven` on, by number; `None`: still running.
    wachtend: VecDeque<Option<(Vec<RuwRecord>, Option<T>)>>,
    gestart: usize,
    geschreven: usize,
    einde: bool,
    leesfout: Option<Fouten>,
    schrijffout: Option<io::Error>,
    afgebroken: bool,
}

impl<T> Volgorde<T> {
    fn nieuw() -> Self {
        Volgorde {
            vrij: Vec::new(),
            wachtend: VecDeque::new(),
            gestart: 0,
            geschreven: 0,
            einde: false,
            leesfout: None,
            schrijffout: None,
            afgebroken: false,
        }
    }

    /// Whether reading stops: the end of the input, a read or write error, or a panic.
    fn gestopt(&self) -> bool {
        self.einde || self.leesfout.is_some() || self.schrijffout.is_some() || self.afgebroken
    }

    /// File a finished part, then write every part that is next in line (after a write error
    /// or a panic, parts are only taken off the line).
    fn schrijf_op_volgorde(
        &mut self,
        (nr, buf, r): Klaar<T>,
        schrijf: &mut impl FnMut(T) -> io::Result<()>,
    ) {
        self.wachtend[nr - self.geschreven] = Some((buf, r));
        while let Some(Some(_)) = self.wachtend.front() {
            let Some(Some((buf, r))) = self.wachtend.pop_front() else {
                break;
            };
            self.geschreven += 1;
            self.vrij.push(buf);
            match r {
                Some(t) if self.schrijffout.is_none() && !self.afgebroken => {
                    if let Err(e) = schrijf(t) {
                        self.schrijffout = Some(e);
                    }
                }
                Some(_) => {}
                None => self.afgebroken = true,
            }
        }
    }

    /// The run's result: a write error first, then a panic, then a read error.
    fn uitkomst(self) -> Result<(), Fouten> {
        if let Some(e) = self.schrijffout {
            return Err(Fout::invoer(
                Code::BatchSchrijven,
                format!("kan de uitvoer niet schrijven: {e}"),
            )
            .into());
        }
        if self.afgebroken {
            return Err(Fout::invoer(
                Code::BatchIntern,
                "de evaluatie van een deel van de invoer is onverwacht afgebroken",
            )
            .into());
        }
        self.leesfout.map_or(Ok(()), Err)
    }
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

#[cfg(test)]
mod tests {
    use super::super::lezer::InvoerFormaat;
    use super::*;
    use std::io;

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
    ) -> (Vec<u64>, Option<Code>) {
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
            (uit, r.err().map(|f| f.0[0].code))
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
            assert_eq!(fout, Some(Code::BatchIntern));
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
        assert_eq!(f.0[0].code, Code::BatchSchrijven);
        assert!(f.0[0].bericht.contains("schijf vol"), "{}", f.0[0].bericht);
        assert_eq!(geschreven, 100);
    }
}
