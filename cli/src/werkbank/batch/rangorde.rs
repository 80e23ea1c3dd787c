//! The top lists of a population comparison: the households that change most, kept in constant
//! memory while the population streams past.

use std::cmp::Reverse;

/// Ranking of a change (larger ranks higher): two amounts in cents, then the earlier line.
pub(crate) type Sleutel = (i64, i64, Reverse<u64>);

/// The `aantal` highest-ranked changes, in constant memory.
pub(crate) struct Top<T> {
    items: Vec<(Sleutel, T)>,
    aantal: usize,
}

impl<T> Top<T> {
    /// An empty list that keeps the `aantal` highest.
    pub(crate) fn new(aantal: usize) -> Top<T> {
        Top {
            items: Vec::with_capacity(aantal + 1),
            aantal,
        }
    }

    /// Whether a change with this key would enter the list.
    pub(crate) fn past(&self, k: &Sleutel) -> bool {
        self.items.len() < self.aantal || self.items.last().is_some_and(|(m, _)| k > m)
    }

    pub(crate) fn voeg_toe(&mut self, k: Sleutel, v: T) {
        let i = self.items.partition_point(|(m, _)| *m > k);
        self.items.insert(i, (k, v));
        self.items.truncate(self.aantal);
    }

    pub(crate) fn lijst(self) -> Vec<T> {
        self.items.into_iter().map(|(_, v)| v).collect()
    }
}
