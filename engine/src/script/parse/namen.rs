//! What the translation resolves: properties (a quantity or a data field), calls (a helper or
//! a rule function), constants of the parsed text, and the error for what is not in the rule
//! language, with the closest name.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rhai::{Dynamic, Position};

use crate::model::objecten::W;
use crate::model::velden::{Eig, EIGENSCHAPPEN};
use crate::params::Parameters;
use crate::script::functie::Functie;
use crate::script::ir::{Ex, Pos, Prop, HELPERS};

/// A part of a rule that is not in the rule language (or names what does not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NietInDeTaal {
    /// What, in Dutch.
    pub bericht: String,
    /// Where, in the function's file.
    pub pos: Pos,
    /// The nearest supported form, or the name meant.
    pub hulp: Option<String>,
}

pub(super) fn fout(
    bericht: impl Into<String>,
    pos: Position,
    hulp: impl Into<String>,
) -> NietInDeTaal {
    NietInDeTaal {
        bericht: bericht.into(),
        pos: positie(pos),
        hulp: Some(hulp.into()).filter(|h: &String| !h.is_empty()),
    }
}

/// A Rhai position as the engine's own.
pub(super) fn positie(p: Position) -> Pos {
    Pos {
        regel: p.line().unwrap_or(0) as u32,
        kolom: p.position().unwrap_or(0) as u32,
    }
}

/// What the translation of one function needs to know of the pack.
pub struct Omgeving<'a> {
    /// Every function of the pack by name.
    pub functies: &'a BTreeMap<String, Functie>,
    /// Function index by (name, number of parameters).
    pub index: &'a HashMap<(String, usize), usize>,
    /// The pack's parameters.
    pub params: &'a Parameters,
}

/// Constant income soorten (a name or a list of names) as indices; `None` when not constant or
/// when a name is unknown (the runtime then reports it).
pub(super) fn vaste_soorten(e: &Ex) -> Option<Vec<usize>> {
    let index = |w: &W| match w {
        W::Str(s) => crate::record::Soort::van_naam(s).map(|x| x.index()),
        _ => None,
    };
    match e {
        Ex::Const(W::Arr(a)) => a.iter().map(index).collect(),
        Ex::Const(w) => index(w).map(|i| vec![i]),
        _ => None,
    }
}

/// The property `naam`: a quantity of the pack or a data field, else an error with the
/// closest name.
pub(super) fn eigenschap(
    naam: &str,
    omgeving: &Omgeving<'_>,
    pos: Position,
) -> Result<Prop, NietInDeTaal> {
    if let Some(f) = omgeving.functies.get(naam) {
        if let (Some(niveau), Some(&functie)) = (
            f.niveau,
            omgeving.index.get(&(naam.to_string(), f.info.params.len())),
        ) {
            return Ok(Prop::Grootheid {
                functie,
                niveau,
                slot: f.slot,
            });
        }
    }
    if let Some(e) = Eig::van_naam(naam) {
        return Ok(Prop::Gegeven(e));
    }
    let grootheden = omgeving
        .functies
        .iter()
        .filter(|(_, f)| f.niveau.is_some())
        .map(|(n, _)| n.as_str());
    let gegevens = EIGENSCHAPPEN.iter().map(|(_, n, _)| *n);
    let hulp = match crate::suggest::dichtstbij(naam, grootheden.chain(gegevens)) {
        Some(n) => format!("bedoelt u `{n}`?"),
        None => "een eigenschap is een gegeven van het huishouden (docs/regels-schrijven.md) of \
                 een grootheid `fn naam(hh)`, `fn naam(s)` of `fn naam(s, p)` van het pakket"
            .to_string(),
    };
    Err(fout(
        format!("`{naam}` is geen grootheid van het pakket en geen gegeven van het huishouden"),
        pos,
        hulp,
    ))
}

/// A call of `naam` with `n` arguments that is neither a helper nor a rule function.
pub(super) fn onbekende_functie(
    naam: &str,
    n: usize,
    omgeving: &Omgeving<'_>,
    pos: Position,
) -> NietInDeTaal {
    let zelfde_naam: Vec<usize> = HELPERS
        .iter()
        .filter(|(_, h, _)| *h == naam)
        .map(|(.., a)| *a)
        .chain(omgeving.functies.get(naam).map(|f| f.info.params.len()))
        .collect();
    let hulp = if let Some(a) = zelfde_naam.first() {
        format!("`{naam}` heeft {a} argument(en)")
    } else {
        let namen = HELPERS
            .iter()
            .map(|(_, h, _)| *h)
            .chain(omgeving.functies.keys().map(String::as_str));
        match crate::suggest::dichtstbij(naam, namen) {
            Some(n) => format!("bedoelt u `{n}`?"),
            None => "de hulpfuncties staan in docs/regels-schrijven.md; een eigen hulpfunctie \
                     schrijft u als `private fn`"
                .to_string(),
        }
    };
    fout(
        format!("functie `{naam}` met {n} argument(en) bestaat niet in de regeltaal"),
        pos,
        hulp,
    )
}

/// A constant range (`0..30`, folded by Rhai's optimizer) as the array it stands for, or, when
/// longer than 100,000, as a range.
fn bereik_constante(r: std::ops::Range<i64>, pos: Position) -> Result<Ex, NietInDeTaal> {
    if r.end.saturating_sub(r.start) > 100_000 {
        // walked one by one in a `for`; as a value it is an array within the limits
        let grens = |i| Box::new(Ex::Const(W::Int(i)));
        return Ok(Ex::Bereik(
            grens(r.start),
            grens(r.end),
            false,
            positie(pos),
        ));
    }
    Ok(Ex::Const(W::Arr(Arc::new(
        r.map(W::Int).collect::<Vec<_>>().into(),
    ))))
}

/// A constant value of the rule language (`None`: a type it does not have).
fn waarde(d: &Dynamic) -> Option<W> {
    if d.is_unit() {
        Some(W::Unit)
    } else if let Ok(b) = d.as_bool() {
        Some(W::Bool(b))
    } else if let Ok(i) = d.as_int() {
        Some(W::Int(i))
    } else if let Ok(x) = d.as_decimal() {
        Some(W::Dec(x))
    } else if let Some(s) = d.clone().try_cast::<rhai::ImmutableString>() {
        Some(W::Str(s.as_str().into()))
    } else if d.is_array() {
        let a = d.read_lock::<rhai::Array>()?;
        let items = a.iter().map(waarde).collect::<Option<Vec<_>>>()?;
        Some(W::Arr(Arc::new(items.into())))
    } else {
        None
    }
}

/// A constant of the parsed text as a value.
pub(super) fn constante(d: &Dynamic, pos: Position) -> Result<Ex, NietInDeTaal> {
    if let Some(r) = d.clone().try_cast::<std::ops::Range<i64>>() {
        return bereik_constante(r, pos);
    }
    if let Some(r) = d.clone().try_cast::<std::ops::RangeInclusive<i64>>() {
        let (a, b) = r.into_inner();
        return bereik_constante(a..b.saturating_add(1), pos);
    }
    if d.is_map() {
        return Err(fout(
            "een object `#{…}` hoort niet bij de regeltaal",
            pos,
            "zet een tabel in het parameterbestand (TOML), of gebruik losse variabelen",
        ));
    }
    waarde(d).map(Ex::Const).ok_or_else(|| {
        fout(
            format!("een waarde van het type `{}`", d.type_name()),
            pos,
            "regels rekenen met getallen, teksten, waar/onwaar en lijsten",
        )
    })
}
