//! Memos kept for the next household of the same thread: a memo's rows (one per object, a slot
//! per quantity) are allocated once per thread instead of once per household. A memo comes
//! back here, emptied, when its household's last object is dropped (`GeheugenPlaats::met`).

use std::cell::RefCell;

use super::geheugen::Geheugen;
use super::objecten::W;

/// Memos kept per thread: an evaluation holds one household at a time; a few more cover a
/// household kept alive a little longer (a letter, a comparison of two years).
const HOOGUIT: usize = 4;

thread_local! {
    static VOORRAAD: RefCell<Vec<Geheugen<W>>> = const { RefCell::new(Vec::new()) };
}

/// An empty memo: one kept by this thread, or a new one.
pub fn uit_voorraad() -> Geheugen<W> {
    VOORRAAD
        .try_with(|v| v.borrow_mut().pop())
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Keep `g`, emptied, for this thread's next household; dropped when the thread already keeps
/// enough (or is ending).
pub fn naar_voorraad(mut g: Geheugen<W>) {
    // emptied first: dropping a value may drop another household, which comes here too
    g.leeg();
    let _ = VOORRAAD.try_with(|v| {
        if let Ok(mut v) = v.try_borrow_mut() {
            if v.len() < HOOGUIT {
                v.push(g);
            }
        }
    });
}
