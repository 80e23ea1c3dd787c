//! Values between Rhai and the engine: a date and a value not yet published as Rhai types, and
//! the conversion of every value both ways.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rhai::Dynamic;

use crate::model::objecten::{Huishouden, Lijst, Persoon, Situatie, W};

/// A parameter value not yet published, as a Rhai value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NogNietVastgesteld;

/// A date as a Rhai value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Datum(pub NaiveDate);

/// An engine value as a Rhai value.
pub fn naar_dynamic(w: &W) -> Dynamic {
    match w {
        W::Unit => Dynamic::UNIT,
        W::Bool(b) => Dynamic::from_bool(*b),
        W::Int(i) => Dynamic::from_int(*i),
        W::Dec(d) => Dynamic::from_decimal(*d),
        W::Str(s) => Dynamic::from(rhai::ImmutableString::from(&**s)),
        W::Datum(d) => Dynamic::from(Datum(*d)),
        W::Arr(a) => Dynamic::from_array(a.iter().map(naar_dynamic).collect()),
        W::Map(m) => Dynamic::from_map(
            m.iter()
                .map(|(k, v)| ((&**k).into(), naar_dynamic(v)))
                .collect(),
        ),
        W::Hh(h) => Dynamic::from(h.clone()),
        W::Sit(s) => Dynamic::from(s.clone()),
        W::Pers(p) => Dynamic::from(p.clone()),
        W::NogNietVastgesteld => Dynamic::from(NogNietVastgesteld),
    }
}

/// A Rhai value as an engine value (`None`: a type rules do not have).
pub fn naar_w(d: &Dynamic) -> Option<W> {
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
    if let Some(s) = d.clone().try_cast::<rhai::ImmutableString>() {
        return Some(W::Str(s.as_str().into()));
    }
    if let Some(x) = d.clone().try_cast::<Datum>() {
        return Some(W::Datum(x.0));
    }
    if d.is_array() {
        let a = d.read_lock::<rhai::Array>()?;
        let items = a.iter().map(naar_w).collect::<Option<Vec<_>>>()?;
        return Some(W::Arr(Arc::new(Lijst::from(items))));
    }
    if d.is_map() {
        let m = d.read_lock::<rhai::Map>()?;
        let mut uit = BTreeMap::new();
        for (k, v) in m.iter() {
            uit.insert(k.as_str().into(), naar_w(v)?);
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
    d.clone()
        .try_cast::<NogNietVastgesteld>()
        .map(|_| W::NogNietVastgesteld)
}
