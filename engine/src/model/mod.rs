//! The household as the rules see it: the objects `hh`, `s` and `p` with their data fields
//! (`objecten`), the values rules compute with (`waarde`), and the memo that keeps every named
//! quantity once computed per object (`geheugen`), kept per thread for the next household
//! (`voorraad`).

pub(crate) mod geheugen;
pub mod objecten;
pub(crate) mod velden;
pub(crate) mod voorraad;

/// Which object a quantity is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Niveau {
    /// `fn naam(hh)`.
    Huishouden = 0,
    /// `fn naam(s)`.
    Situatie = 1,
    /// `fn naam(s, p)`.
    Persoon = 2,
}
