//! The memo of a household: the value of every named quantity once computed, per object.
//!
//! One `Geheugen` serves a household, its situations and their persons, and the variants of the
//! household that share those situations (`evaluate::met_vermogensgrens`). The objects share it
//! through a `GeheugenPlaats`; the evaluation that runs (`vm::Vm`) *takes it out* for as long as
//! it runs and puts it back when it ends, so reading or writing a value is a plain vector access,
//! without a lock or an atomic operation per quantity (a `OnceLock` per slot cost more than
//! a tenth of an evaluation). An evaluation that hands control to the Rhai interpreter puts the
//! memo back first, so a getter called from there takes it in turn.
//!
//! Should two threads evaluate the same household object at once (the engine never does), the
//! second finds the place empty and works with a fresh memo of its own: values stay correct,
//! they are only not shared.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::waarde::W;
use super::Niveau;

/// The memo slots of every object of a household.
#[derive(Debug, Default)]
pub struct Geheugen {
    /// Per household variant, per slot.
    hh: Vec<Vec<Option<W>>>,
    /// Per situation, per slot.
    sit: Vec<Vec<Option<W>>>,
    /// Per situation, per person, per slot.
    pers: Vec<Vec<Vec<Option<W>>>>,
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

impl Geheugen {
    /// The value in a slot, if computed.
    #[inline]
    pub fn lees(&self, plek: Plek, slot: usize) -> Option<&W> {
        match plek {
            Plek::Huishouden(v) => self.hh.get(v)?.get(slot)?.as_ref(),
            Plek::Situatie(s) => self.sit.get(s)?.get(slot)?.as_ref(),
            Plek::Persoon(s, p) => self.pers.get(s)?.get(p)?.get(slot)?.as_ref(),
        }
    }

    /// Store a computed value. The vectors grow as needed; a new row gets the level's slot
    /// count (`slots`: household, situation, person) at once.
    pub fn zet(&mut self, plek: Plek, slot: usize, w: W, slots: (usize, usize, usize)) {
        fn plaats<T: Default>(v: &mut Vec<T>, i: usize) -> &mut T {
            if v.len() <= i {
                v.resize_with(i + 1, T::default);
            }
            &mut v[i]
        }
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

/// The shared place of a household's memo, and the numbering of its objects.
#[derive(Debug, Default)]
pub struct GeheugenPlaats {
    geheugen: Mutex<Option<Geheugen>>,
    situaties: AtomicUsize,
    varianten: AtomicUsize,
}

impl GeheugenPlaats {
    /// An empty memo for a new household.
    pub fn nieuw() -> Arc<GeheugenPlaats> {
        Arc::new(GeheugenPlaats {
            geheugen: Mutex::new(Some(Geheugen::default())),
            ..GeheugenPlaats::default()
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
    pub fn neem(&self) -> Option<Geheugen> {
        self.geheugen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Put the memo back.
    pub fn zet_terug(&self, g: Geheugen) {
        *self.geheugen.lock().unwrap_or_else(|e| e.into_inner()) = Some(g);
    }
}

/// The memo place and the position of an object, if it is an object of level `niveau`.
#[inline]
pub fn plek_van(o: &W, niveau: Niveau) -> Option<(&Arc<GeheugenPlaats>, Plek)> {
    match (niveau, o) {
        (Niveau::Huishouden, W::Hh(h)) => Some((&h.0.geheugen, Plek::Huishouden(h.0.variant))),
        (Niveau::Situatie, W::Sit(s)) => Some((&s.0.geheugen, Plek::Situatie(s.0.nr))),
        (Niveau::Persoon, W::Pers(p)) => Some((&p.sit.geheugen, Plek::Persoon(p.sit.nr, p.idx))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waarden_per_plek_en_slot() {
        let mut g = Geheugen::default();
        assert!(g.lees(Plek::Persoon(1, 1), 3).is_none());
        g.zet(Plek::Persoon(1, 1), 3, W::Int(7), (1, 1, 4));
        g.zet(Plek::Huishouden(0), 0, W::Bool(true), (1, 1, 4));
        assert!(matches!(g.lees(Plek::Persoon(1, 1), 3), Some(W::Int(7))));
        assert!(g.lees(Plek::Persoon(1, 0), 3).is_none());
        assert!(g.lees(Plek::Persoon(0, 1), 3).is_none());
        assert!(g.lees(Plek::Situatie(1), 3).is_none());
        assert!(matches!(
            g.lees(Plek::Huishouden(0), 0),
            Some(W::Bool(true))
        ));
        assert!(g.lees(Plek::Huishouden(1), 0).is_none());
    }

    #[test]
    fn nemen_en_terugzetten() {
        let p = GeheugenPlaats::nieuw();
        let mut g = p.neem().expect("vrij");
        assert!(
            p.neem().is_none(),
            "een tweede evaluatie krijgt het geheugen niet"
        );
        g.zet(Plek::Situatie(0), 2, W::Int(1), (1, 3, 1));
        p.zet_terug(g);
        let g = p.neem().expect("teruggezet");
        assert!(matches!(g.lees(Plek::Situatie(0), 2), Some(W::Int(1))));
    }
}
