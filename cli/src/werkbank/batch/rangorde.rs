//! The top lists of a population comparison: the households that change most, kept in constant
//! memory while the population streams past.

use std::cmp::Reverse;

use super::populatie::{Verandering, GROOTSTE_AANTAL};

/// Ranking of a change (larger ranks higher): two amounts in cents, then the earlier line.
pub(crate) type Sleutel = (i64, i64, Reverse<u64>);

/// The [`GROOTSTE_AANTAL`] highest-ranked changes, in constant memory.
pub(crate) struct Top {
    items: Vec<(Sleutel, Verandering)>,
}

impl Top {
    pub(crate) fn new() -> Top {
        Top {
            items: Vec::with_capacity(GROOTSTE_AANTAL + 1),
        }
    }

    /// Whether a change with this key would enter the list.
    pub(crate) fn past(&self, k: &Sleutel) -> bool {
        self.items.len() < GROOTSTE_AANTAL || self.items.last().is_some_and(|(m, _)| k > m)
    }

    pub(crate) fn voeg_toe(&mut self, k: Sleutel, v: Verandering) {
        let i = self.items.partition_point(|(m, _)| *m > k);
        self.items.insert(i, (k, v));
        self.items.truncate(GROOTSTE_AANTAL);
    }

    pub(crate) fn lijst(self) -> Vec<Verandering> {
        self.items.into_iter().map(|(_, v)| v).collect()
    }
}
