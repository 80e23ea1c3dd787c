//! The value type of the rules (`W`): every value a rule computes, a parameter holds or a
//! memo slot keeps, without boxing (a decimal is stored in place).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::objecten::{Huishouden, Persoon, Situatie};
use crate::params::Waarde;

/// Text in a rule: shared, immutable.
pub type Tekst = Arc<str>;

/// The columns a bracket or piecewise table may have, in this order.
pub const TABEL_KOLOMMEN: [&str; 5] = ["tot", "tarief", "vanaf", "basis", "percentage"];

/// A typed row of a table: the decimal in each of `TABEL_KOLOMMEN`, if present.
pub type TabelRij = [Option<Decimal>; 5];

/// An array, with its rows as typed table rows computed once when a helper first uses it as a
/// table (`schijven`, `stuksgewijs`): a parameter table is read by name only once per pack.
#[derive(Debug, Default)]
pub struct Lijst {
    items: Vec<W>,
    tabel: std::sync::OnceLock<Result<Vec<TabelRij>, String>>,
    /// Elements (nested arrays counted in full) and text bytes, as Rhai counts an array's size.
    pub omvang: Omvang,
}

/// The size of an array as Rhai's limits count it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Omvang {
    /// Elements, those of nested arrays included.
    pub elementen: usize,
    /// Bytes of text, in nested arrays included.
    pub tekst: usize,
}

impl From<Vec<W>> for Lijst {
    fn from(items: Vec<W>) -> Self {
        let mut omvang = Omvang {
            elementen: items.len(),
            tekst: 0,
        };
        for w in &items {
            match w {
                W::Arr(l) => {
                    omvang.elementen = omvang.elementen.saturating_add(l.omvang.elementen);
                    omvang.tekst = omvang.tekst.saturating_add(l.omvang.tekst);
                }
                W::Str(t) => omvang.tekst = omvang.tekst.saturating_add(t.len()),
                _ => {}
            }
        }
        Lijst {
            items,
            tabel: std::sync::OnceLock::new(),
            omvang,
        }
    }
}

impl std::ops::Deref for Lijst {
    type Target = [W];
    fn deref(&self) -> &[W] {
        &self.items
    }
}

impl Lijst {
    /// The rows as typed table rows (an error names a row that is not a table row or a field
    /// that is not a number).
    pub fn als_tabel(&self) -> Result<&[TabelRij], &str> {
        self.tabel
            .get_or_init(|| {
                self.items
                    .iter()
                    .map(|r| {
                        let W::Map(m) = r else {
                            return Err(format!(
                                "tabelrij moet een tabel zijn, kreeg {}",
                                r.type_naam()
                            ));
                        };
                        let mut rij = [None; 5];
                        for (i, k) in TABEL_KOLOMMEN.iter().enumerate() {
                            rij[i] = match m.get(*k) {
                                None => None,
                                Some(W::Dec(d)) => Some(*d),
                                Some(W::Int(n)) => Some(Decimal::from(*n)),
                                Some(w) => {
                                    return Err(format!(
                                        "{k}: verwacht een getal, kreeg {}",
                                        w.type_naam()
                                    ))
                                }
                            };
                        }
                        Ok(rij)
                    })
                    .collect()
            })
            .as_deref()
            .map_err(String::as_str)
    }
}

/// A value in a compiled rule. The tag is a full word (`repr(u64)`) so every payload starts
/// at offset 8: values are copied as whole words, which the processor forwards from store to
/// load (a byte tag made copies of `W` stall; measured in `examples/profiel`).
#[derive(Debug, Clone)]
#[repr(u64)]
pub enum W {
    /// `()`.
    Unit,
    /// A boolean.
    Bool(bool),
    /// A whole number (Rhai's `INT`).
    Int(i64),
    /// An exact decimal.
    Dec(Decimal),
    /// Text.
    Str(Tekst),
    /// A date.
    Datum(NaiveDate),
    /// An array.
    Arr(Arc<Lijst>),
    /// A map (a table row).
    Map(Arc<BTreeMap<Tekst, W>>),
    /// `hh`.
    Hh(Huishouden),
    /// `s`.
    Sit(Situatie),
    /// `p`.
    Pers(Persoon),
    /// A parameter value not yet published.
    NogNietVastgesteld,
}

// A value is three words: the tag and a decimal (the largest payload).
const _: () = assert!(std::mem::size_of::<W>() == 24);

/// Drop a value, without a call when it holds nothing to release (a number, a boolean, a
/// date, `()`): the common case on the hot paths, where the generic drop is an out-of-line
/// call.
#[inline(always)]
pub fn weg(w: W) {
    match w {
        W::Unit | W::Bool(_) | W::Int(_) | W::Dec(_) | W::Datum(_) | W::NogNietVastgesteld => {
            std::mem::forget(w)
        }
        w => drop(w),
    }
}

impl W {
    /// The type's name in messages.
    pub fn type_naam(&self) -> &'static str {
        match self {
            W::Unit => "()",
            W::Bool(_) => "waar/onwaar",
            W::Int(_) => "geheel getal",
            W::Dec(_) => "getal",
            W::Str(_) => "tekst",
            W::Datum(_) => "datum",
            W::Arr(_) => "lijst",
            W::Map(_) => "tabel",
            W::Hh(_) => "huishouden",
            W::Sit(_) => "situatie",
            W::Pers(_) => "persoon",
            W::NogNietVastgesteld => "nog niet vastgestelde waarde",
        }
    }

    /// A parameter value as a rule value.
    pub fn van_waarde(w: &Waarde) -> W {
        match w {
            Waarde::Getal(d) => W::Dec(*d),
            Waarde::Tekst(t) => W::Str(t.as_str().into()),
            Waarde::Logisch(b) => W::Bool(*b),
            Waarde::Datum(d) => W::Datum(*d),
            Waarde::Lijst(l) => W::Arr(Arc::new(
                l.iter().map(W::van_waarde).collect::<Vec<_>>().into(),
            )),
            Waarde::NogNietVastgesteld => W::NogNietVastgesteld,
            Waarde::Rij(r) => W::Map(Arc::new(
                r.iter()
                    .map(|(k, v)| (Tekst::from(k.as_str()), W::van_waarde(v)))
                    .collect(),
            )),
        }
    }
}

/// A value as text, as Rhai writes it (`to_string`): decimals as computed, texts without
/// quotes, arrays as `[1, "a"]` (texts quoted inside).
impl std::fmt::Display for W {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            W::Unit => Ok(()),
            W::Bool(b) => write!(f, "{b}"),
            W::Int(i) => write!(f, "{i}"),
            W::Dec(d) => write!(f, "{d}"),
            W::Str(s) => f.write_str(s),
            W::Datum(d) => write!(f, "{d}"),
            W::Arr(a) => {
                f.write_str("[")?;
                for (i, w) in a.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match w {
                        W::Str(s) => write!(f, "{s:?}")?,
                        W::Unit => f.write_str("()")?,
                        w => write!(f, "{w}")?,
                    }
                }
                f.write_str("]")
            }
            W::Map(m) => {
                f.write_str("#{")?;
                for (i, (k, w)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k:?}: {w}")?;
                }
                f.write_str("}")
            }
            w => f.write_str(w.type_naam()),
        }
    }
}
