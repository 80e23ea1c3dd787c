//! The reference interpreter's own memo and trace: per household (keyed by its memo place,
//! kept alive while the entry exists), every quantity once computed and the order they completed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rhai::{Dynamic, EvalAltResult};

use super::waarden::{naar_dynamic, naar_w};
use crate::model::geheugen::{GeheugenPlaats, Plek};
use crate::model::objecten::{plek_van, W};
use crate::model::Niveau;
use crate::script::TracePunt;

/// The memo and trace of one household, kept alive by its memo place (so its address is not
/// reused while the entry exists).
pub(super) struct Huishouden {
    _plaats: Arc<GeheugenPlaats<W>>,
    pub(super) memo: HashMap<(Plek, String), Dynamic>,
    pub(super) trace: Vec<TracePunt>,
    /// The innermost quantity that was running when a limit stopped the evaluation.
    pub(super) falen_in: Option<String>,
}

#[derive(Default)]
pub(crate) struct Gedeeld {
    pub(super) huishoudens: Mutex<HashMap<usize, Huishouden>>,
}

impl Gedeeld {
    pub(super) fn met<T>(
        &self,
        plaats: &Arc<GeheugenPlaats<W>>,
        f: impl FnOnce(&mut Huishouden) -> T,
    ) -> T {
        let mut m = self.huishoudens.lock().unwrap_or_else(|e| e.into_inner());
        let h = m
            .entry(Arc::as_ptr(plaats) as usize)
            .or_insert_with(|| Huishouden {
                _plaats: plaats.clone(),
                memo: HashMap::new(),
                trace: Vec::new(),
                falen_in: None,
            });
        f(h)
    }
}

/// The memo place of an object and its place in it.
pub(super) fn plek(obj: &W) -> Option<(&Arc<GeheugenPlaats<W>>, Plek)> {
    [Niveau::Huishouden, Niveau::Situatie, Niveau::Persoon]
        .into_iter()
        .find_map(|n| plek_van(obj, n))
}

/// A quantity getter's work: from the memo, else the rule function called in the interpreter,
/// traced and memoised.
pub(crate) fn bereken(
    gedeeld: &Gedeeld,
    naam: &str,
    obj: W,
    nog_niet_vastgesteld: Option<&str>,
    roep: impl FnOnce(&str, Vec<Dynamic>) -> Result<Dynamic, Box<EvalAltResult>>,
) -> Result<Dynamic, Box<EvalAltResult>> {
    let Some((plaats, plek)) = plek(&obj) else {
        return Err(format!("een {} heeft geen grootheid `{naam}`", obj.type_naam()).into());
    };
    let sleutel = (plek, naam.to_string());
    if let Some(d) = gedeeld.met(plaats, |h| h.memo.get(&sleutel).cloned()) {
        return Ok(d);
    }
    if let Some(p) = nog_niet_vastgesteld {
        return Err(EvalAltResult::ErrorRuntime(
            format!("nog_niet_vastgesteld:{naam}:{p}").into(),
            rhai::Position::NONE,
        )
        .into());
    }
    let mut args = Vec::new();
    if let W::Pers(p) = &obj {
        args.push(naar_dynamic(&W::Sit(p.situatie())));
    }
    args.push(naar_dynamic(&obj));
    let d = roep(naam, args).inspect_err(|e| {
        if e.is_system_exception() {
            gedeeld.met(plaats, |h| {
                h.falen_in.get_or_insert_with(|| naam.to_string());
            });
        }
    })?;
    let w = naar_w(&d).unwrap_or(W::Unit);
    gedeeld.met(plaats, |h| {
        h.trace.push(TracePunt::van(&obj, naam, w));
        h.memo.insert(sleutel, d.clone());
    });
    Ok(d)
}
