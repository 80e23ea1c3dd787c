//! The value type of the compiled rules (`W`): what a Rhai value is while a compiled quantity
//! runs, without boxing every decimal as `rhai::Dynamic` does. Memo slots hold `W`; values cross
//! into the Rhai interpreter (and the trace) as `Dynamic` only when needed.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::{Dynamic, ImmutableString, INT};
use rust_decimal::Decimal;

use super::types::{Datum, Huishouden, NogNietVastgesteld, Persoon, Situatie};

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
    /// A Rhai integer.
    Int(INT),
    /// An exact decimal.
    Dec(Decimal),
    /// Text.
    Str(ImmutableString),
    /// A date.
    Datum(NaiveDate),
    /// An array.
    Arr(Arc<Lijst>),
    /// A map (a table row).
    Map(Arc<BTreeMap<ImmutableString, W>>),
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
    /// The Rhai type name, for error messages that match the interpreter's.
    pub fn type_naam(&self) -> &'static str {
        match self {
            W::Unit => "()",
            W::Bool(_) => "bool",
            W::Int(_) => "i64",
            W::Dec(_) => "decimal",
            W::Str(_) => "string",
            W::Datum(_) => "datum",
            W::Arr(_) => "array",
            W::Map(_) => "map",
            W::Hh(_) => "huishouden",
            W::Sit(_) => "situatie",
            W::Pers(_) => "persoon",
            W::NogNietVastgesteld => "nog_niet_vastgesteld",
        }
    }

    /// As a Rhai value.
    pub fn naar_dynamic(&self) -> Dynamic {
        match self {
            W::Unit => Dynamic::UNIT,
            W::Bool(b) => Dynamic::from_bool(*b),
            W::Int(i) => Dynamic::from_int(*i),
            W::Dec(d) => Dynamic::from_decimal(*d),
            W::Str(s) => Dynamic::from(s.clone()),
            W::Datum(d) => Dynamic::from(Datum(*d)),
            W::Arr(a) => Dynamic::from_array(a.iter().map(W::naar_dynamic).collect()),
            W::Map(m) => Dynamic::from_map(
                m.iter()
                    .map(|(k, v)| (k.as_str().into(), v.naar_dynamic()))
                    .collect(),
            ),
            W::Hh(h) => Dynamic::from(h.clone()),
            W::Sit(s) => Dynamic::from(s.clone()),
            W::Pers(p) => Dynamic::from(p.clone()),
            W::NogNietVastgesteld => Dynamic::from(NogNietVastgesteld),
        }
    }

    /// From a Rhai value. Types the compiled rules do not know become `None`.
    pub fn van_dynamic(d: &Dynamic) -> Option<W> {
        if d.is_unit() {
            return Some(W::Unit);
        }
        if let Ok(b) = d.as_bool() {
            return Some(W::Bool(b));
        }
        if let Ok(i) = d.as_int() {
            return Some(W::Int(i));
        }
        if let Ok(x) = d.as_decimal() {
            return Some(W::Dec(x));
        }
        if let Some(s) = d.clone().try_cast::<ImmutableString>() {
            return Some(W::Str(s));
        }
        if let Some(x) = d.clone().try_cast::<Datum>() {
            return Some(W::Datum(x.0));
        }
        if d.is_array() {
            let a = d.read_lock::<rhai::Array>()?;
            return a
                .iter()
                .map(W::van_dynamic)
                .collect::<Option<Vec<_>>>()
                .map(|v| W::Arr(Arc::new(Lijst::from(v))));
        }
        if d.is_map() {
            let m = d.read_lock::<rhai::Map>()?;
            let mut uit = BTreeMap::new();
            for (k, v) in m.iter() {
                uit.insert(ImmutableString::from(k.as_str()), W::van_dynamic(v)?);
            }
            return Some(W::Map(Arc::new(uit)));
        }
        if let Some(h) = d.clone().try_cast::<Huishouden>() {
            return Some(W::Hh(h));
        }
        if let Some(s) = d.clone().try_cast::<Situatie>() {
            return Some(W::Sit(s));
        }
        if let Some(p) = d.clone().try_cast::<Persoon>() {
            return Some(W::Pers(p));
        }
        if d.clone().try_cast::<NogNietVastgesteld>().is_some() {
            return Some(W::NogNietVastgesteld);
        }
        None
    }
}
