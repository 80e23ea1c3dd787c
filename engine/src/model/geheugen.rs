//! The memo of a household: the value of every named quantity once computed, per object.
//!
//! One `Geheugen` serves a household, its situations and their persons, and the variants of the
//! household that share those situations (`evaluate::veranderingen::met_vermogensgrens`). The objects share it
//! through a `GeheugenPlaats`; the evaluation that runs (`vm::Vm`) *takes it out* for as long as
//! it runs and puts it back when it ends, so reading or writing a value is a plain vector access,
//! without a lock or an atomic operation per quantity (a `OnceLock` per slot cost more than
//! a tenth of an evaluation).
//!
//! Should two threads evaluate the same household object at once (the engine never does), the
//! second finds the place empty and works with a fresh memo of its own: values stay correct,
//! they are only not shared.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The memo slots of every object of a household.
#[derive(Debug)]
pub struct Geheugen<T> {
    /// Per household variant, per slot.
    hh: Vec<Vec<Option<T>>>,
    /// Per situation, per slot.
    sit: Vec<Vec<Option<T>>>,
    /// Per situation, per person, per slot.
    pers: Vec<Vec<Vec<Option<T>>>>,
}

/// Where an object is in its household's memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plek {
    /// A household variant.
    Huishouden(usize),
    /// A situation.
    Situatie(usize),
    /// A person of a situation.
    Persoon(usize, usize),
}

impl<T> Default for Geheugen<T> {
    fn default() -> Self {
        Geheugen {
            hh: Vec::new(),
            sit: Vec::new(),
            pers: Vec::new(),
        }
    }
}

/// Places a new memo makes room for at once per level (a household has a few variants and
/// situations, each with its persons): the vectors then do not grow one object at a time.
const PLAATSEN_VOORAF: usize = 8;

/// The element `i` of `v`, growing `v` to hold it.
fn plaats<U: Default>(v: &mut Vec<U>, i: usize) -> &mut U {
    if v.len() <= i {
        if v.capacity() == 0 {
            v.reserve(PLAATSEN_VOORAF.max(i + 1));
        }
        v.resize_with(i + 1, U::default);
    }
    &mut v[i]
}

impl<T> Geheugen<T> {
    /// The value in a slot, if computed.
    #[inline]
    pub fn lees(&self, plek: Plek, slot: usize) -> Option<&T> {
        match plek {
            Plek::Huishouden(v) => self.hh.get(v)?.get(slot)?.as_ref(),
            Plek::Situatie(s) => self.sit.get(s)?.get(slot)?.as_ref(),
            Plek::Persoon(s, p) => self.pers.get(s)?.get(p)?.get(slot)?.as_ref(),
        }
    }

    /// Store a computed value. The vectors grow as needed; a new row gets the level's slot
    /// count (`slots`: household, situation, person) at once.
    #[inline]
    pub fn zet(&mut self, plek: Plek, slot: usize, w: T, slots: (usize, usize, usize)) {
        // the common case: the object's row exists (its first value made it whole) and the
        // slot is empty, so nothing grows and nothing is dropped
        let rij = match plek {
            Plek::Huishouden(v) => self.hh.get_mut(v),
            Plek::Situatie(s) => self.sit.get_mut(s),
            Plek::Persoon(s, p) => self.pers.get_mut(s).and_then(|r| r.get_mut(p)),
        };
        if let Some(waarde) = rij.and_then(|r| r.get_mut(slot)) {
            if let Some(oud) = waarde.replace(w) {
                drop(oud);
            }
            return;
        }
        self.zet_in_nieuwe_rij(plek, slot, w, slots);
    }

    /// `zet` when the row must first be made or grown.
    #[cold]
    #[inline(never)]
    fn zet_in_nieuwe_rij(&mut self, plek: Plek, slot: usize, w: T, slots: (usize, usize, usize)) {
        let (rij, n) = match plek {
            Plek::Huishouden(v) => (plaats(&mut self.hh, v), slots.0),
            Plek::Situatie(s) => (plaats(&mut self.sit, s), slots.1),
            Plek::Persoon(s, p) => (plaats(plaats(&mut self.pers, s), p), slots.2),
        };
        if rij.len() <= slot {
            rij.resize_with(n.max(slot + 1), || None);
        }
        rij[slot] = Some(w);
    }
}

impl<T> Geheugen<T> {
    /// Empty every row, keeping the rows' room: a memo emptied this way answers as a new one
    /// (every slot `None`) and fills without allocating for objects it held before.
    pub fn leeg(&mut self) {
        self.hh.iter_mut().for_each(Vec::clear);
        self.sit.iter_mut().for_each(Vec::clear);
        self.pers.iter_mut().flatten().for_each(Vec::clear);
    }
}

/// The shared place of a household's memo, and the numbering of its objects.
#[derive(Debug)]
pub struct GeheugenPlaats<T> {
    geheugen: Mutex<Option<Geheugen<T>>>,
    situaties: AtomicUsize,
    varianten: AtomicUsize,
    /// Where the memo goes when the household's last object is dropped (a pool for the next
    /// household), if anywhere.
    terug: Option<fn(Geheugen<T>)>,
}

impl<T> Drop for GeheugenPlaats<T> {
    fn drop(&mut self) {
        let g = self.geheugen.get_mut().unwrap_or_else(|e| e.into_inner());
        if let (Some(terug), Some(g)) = (self.terug, g.take()) {
            terug(g);
        }
    }
}

impl<T> GeheugenPlaats<T> {
    /// An empty memo for a new household.
    pub fn nieuw() -> Arc<GeheugenPlaats<T>> {
        Self::met(Geheugen::default(), None)
    }

    /// A memo for a new household in `geheugen`, which must be empty (`Geheugen::leeg`);
    /// `terug` receives it when the household's last object is dropped.
    pub fn met(geheugen: Geheugen<T>, terug: Option<fn(Geheugen<T>)>) -> Arc<GeheugenPlaats<T>> {
        Arc::new(GeheugenPlaats {
            geheugen: Mutex::new(Some(geheugen)),
            situaties: AtomicUsize::new(0),
            varianten: AtomicUsize::new(0),
            terug,
        })
    }

    /// The number of a new situation of this household.
    pub fn nieuwe_situatie(&self) -> usize {
        self.situaties.fetch_add(1, Ordering::Relaxed)
    }

    /// The number of a new household variant.
    pub fn nieuwe_variant(&self) -> usize {
        self.varianten.fetch_add(1, Ordering::Relaxed)
    }

    /// Take the memo out (`None` while another evaluation holds it).
    pub fn neem(&self) -> Option<Geheugen<T>> {
        self.geheugen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Put the memo back.
    pub fn zet_terug(&self, g: Geheugen<T>) {
        *self.geheugen.lock().unwrap_or_else(|e| e.into_inner()) = Some(g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waarden_per_plek_en_slot() {
        let mut g = Geheugen::default();
        assert!(g.lees(Plek::Persoon(1, 1), 3).is_none());
        g.zet(Plek::Persoon(1, 1), 3, 7, (1, 1, 4));
        g.zet(Plek::Huishouden(0), 0, 8, (1, 1, 4));
        assert!(matches!(g.lees(Plek::Persoon(1, 1), 3), Some(7)));
        assert!(g.lees(Plek::Persoon(1, 0), 3).is_none());
        assert!(g.lees(Plek::Persoon(0, 1), 3).is_none());
        assert!(g.lees(Plek::Situatie(1), 3).is_none());
        assert!(matches!(g.lees(Plek::Huishouden(0), 0), Some(8)));
        assert!(g.lees(Plek::Huishouden(1), 0).is_none());
    }

    /// An emptied memo answers as a new one and fills again.
    #[test]
    fn geleegd_als_nieuw() {
        let mut g = Geheugen::default();
        g.zet(Plek::Persoon(1, 1), 3, 7, (2, 2, 4));
        g.zet(Plek::Situatie(2), 1, 5, (2, 2, 4));
        g.zet(Plek::Huishouden(1), 0, 8, (2, 2, 4));
        g.leeg();
        assert!(g.lees(Plek::Persoon(1, 1), 3).is_none());
        assert!(g.lees(Plek::Situatie(2), 1).is_none());
        assert!(g.lees(Plek::Huishouden(1), 0).is_none());
        g.zet(Plek::Persoon(1, 1), 2, 9, (2, 2, 4));
        assert!(matches!(g.lees(Plek::Persoon(1, 1), 2), Some(9)));
        assert!(g.lees(Plek::Persoon(1, 1), 3).is_none());
    }

    /// The memo goes to `terug` when the place is dropped.
    #[test]
    fn terug_bij_het_einde() {
        use std::sync::atomic::AtomicBool;
        static TERUG: AtomicBool = AtomicBool::new(false);
        let p = GeheugenPlaats::<i32>::met(
            Geheugen::default(),
            Some(|_| TERUG.store(true, Ordering::SeqCst)),
        );
        drop(p);
        assert!(TERUG.load(Ordering::SeqCst));
    }

    #[test]
    fn nemen_en_terugzetten() {
        let p = GeheugenPlaats::nieuw();
        let mut g = p.neem().expect("vrij");
        assert!(
            p.neem().is_none(),
            "een tweede evaluatie krijgt het geheugen niet"
        );
        g.zet(Plek::Situatie(0), 2, 1, (1, 3, 1));
        p.zet_terug(g);
        let g = p.neem().expect("teruggezet");
        assert!(matches!(g.lees(Plek::Situatie(0), 2), Some(1)));
    }
}
