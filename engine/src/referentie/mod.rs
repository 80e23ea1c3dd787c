//! The reference interpreter (cargo feature `referentie`, for tests only): the pack's rule files
//! evaluated by Rhai's own evaluator, with a memo and a trace of its own, so that
//! `tests/compiler.rs` compares two separate implementations of the rule language. Rhai's errors
//! are mapped onto the engine's (`fout::Soort`), so both give the same message for the same
//! mistake.
//!
//! Shared with the engine are only the definitions both must agree on: the data fields of the
//! objects (`objecten::Eig`), the helpers' arithmetic (`helpers.rs`), the memo place's numbering of
//! objects, and the error texts.

mod registratie;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Scope, AST};

use crate::error::Fout;
use crate::model::geheugen::{plek_van, GeheugenPlaats, Plek};
use crate::model::waarde::W;
use crate::script::fout::{RegelFout, Soort};
use crate::script::ir::Pos;
use crate::script::{GecompileerdPack, Niveau, TracePunt};

pub use registratie::{naar_dynamic, naar_w};

/// The memo and trace of one household, kept alive by its memo place (so its address is not
/// reused while the entry exists).
struct Huishouden {
    _plaats: Arc<GeheugenPlaats>,
    memo: HashMap<(Plek, String), Dynamic>,
    trace: Vec<TracePunt>,
    /// The innermost quantity that was running when a limit stopped the evaluation.
    falen_in: Option<String>,
}

#[derive(Default)]
pub(crate) struct Gedeeld {
    huishoudens: Mutex<HashMap<usize, Huishouden>>,
}

impl Gedeeld {
    fn met<T>(&self, plaats: &Arc<GeheugenPlaats>, f: impl FnOnce(&mut Huishouden) -> T) -> T {
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

/// A pack's rules in Rhai's evaluator.
pub struct Interpreter {
    engine: Engine,
    ast: AST,
    gedeeld: Arc<Gedeeld>,
}

impl std::fmt::Debug for Interpreter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interpreter")
    }
}

/// The memo place of an object and its place in it.
fn plek(obj: &W) -> Option<(&Arc<GeheugenPlaats>, Plek)> {
    [Niveau::Huishouden, Niveau::Situatie, Niveau::Persoon]
        .into_iter()
        .find_map(|n| plek_van(obj, n))
}

impl Interpreter {
    /// The interpreter for a loaded pack.
    pub fn nieuw(pack: &GecompileerdPack) -> Interpreter {
        let mut engine = registratie::engine(&pack.pack.parameters);
        let mut ast = AST::empty();
        for bestand in pack.pack.regels.values() {
            if let Ok(mut a) = engine.compile(&*bestand.tekst) {
                a.set_source(bestand.pad.as_str());
                ast = ast.merge(&a);
            }
        }
        let gedeeld = Arc::new(Gedeeld::default());
        for (naam, f) in &pack.functies {
            if let Some(niveau) = f.niveau {
                registratie::grootheid(
                    &mut engine,
                    naam,
                    niveau,
                    f.leest_nog_niet_vastgesteld.clone(),
                    gedeeld.clone(),
                );
            }
        }
        Interpreter {
            engine,
            ast,
            gedeeld,
        }
    }

    /// Quantity `naam` of `obj`, or the error the engine would give.
    pub fn vraag(&self, pack: &GecompileerdPack, naam: &str, obj: &W) -> Result<W, Fout> {
        if let Some((plaats, _)) = plek(obj) {
            self.gedeeld.met(plaats, |h| h.falen_in = None);
        }
        let nog_niet_vastgesteld = pack
            .functies
            .get(naam)
            .and_then(|f| f.leest_nog_niet_vastgesteld.as_deref());
        let r = bereken(
            &self.gedeeld,
            naam,
            obj.clone(),
            nog_niet_vastgesteld,
            |n, args| {
                self.engine.call_fn_with_options::<Dynamic>(
                    CallFnOptions::new().eval_ast(false).rewind_scope(true),
                    &mut Scope::new(),
                    &self.ast,
                    n,
                    args,
                )
            },
        );
        match r {
            Ok(d) => Ok(naar_w(&d).unwrap_or(W::Unit)),
            Err(e) => {
                let falen_in =
                    plek(obj).and_then(|(p, _)| self.gedeeld.met(p, |h| h.falen_in.take()));
                Err(pack.vertaal(regel_fout(pack, naam, *e, falen_in)))
            }
        }
    }

    /// The trace of the household of `obj` so far; its memo is forgotten.
    pub fn neem_trace(&self, obj: &W) -> Vec<TracePunt> {
        let Some((plaats, _)) = plek(obj) else {
            return Vec::new();
        };
        let mut m = self
            .gedeeld
            .huishoudens
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        m.remove(&(Arc::as_ptr(plaats) as usize))
            .map(|h| h.trace)
            .unwrap_or_default()
    }
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

/// Rhai's error as the engine's: the same kind, the innermost function, the position.
fn regel_fout(
    pack: &GecompileerdPack,
    buitenste: &str,
    e: EvalAltResult,
    falen_in: Option<String>,
) -> RegelFout {
    let mut functie = buitenste.to_string();
    let mut fout = e;
    while let EvalAltResult::ErrorInFunctionCall(naam, _, binnen, _) = fout {
        if let Some(n) = naam.strip_prefix("get$") {
            functie = n.to_string();
        } else {
            functie = naam;
        }
        fout = *binnen;
    }
    let index = |n: &str| pack.functies.get(n).map(|f| f.uitvoer);
    let pos = fout.position();
    let soort = registratie::soort(&fout);
    let (functie, soort) = match soort {
        Soort::Gegeven(m) if m.starts_with("nog_niet_vastgesteld:") => {
            let mut delen = m.splitn(3, ':').skip(1);
            let f = delen.next().unwrap_or_default().to_string();
            let p = delen.next().unwrap_or_default().to_string();
            (f, Soort::NogNietVastgesteld(p))
        }
        s => (functie, s),
    };
    let grootheid = falen_in.as_deref().and_then(index).or(index(&functie));
    RegelFout {
        soort,
        pos: Pos {
            regel: pos.line().unwrap_or(0) as u32,
            kolom: pos.position().unwrap_or(0) as u32,
        },
        functie: index(&functie),
        grootheid,
    }
}
