//! The reference interpreter (cargo feature `referentie`, for tests only): the pack's rule files
//! evaluated by Rhai's own evaluator, with a memo and a trace of its own, so that
//! `tests/compiler.rs` compares two separate implementations of the rule language. Rhai's errors
//! are mapped onto the engine's (`fout::Soort`), so both give the same message for the same
//! mistake.
//!
//! Shared with the engine are only the definitions both must agree on: the data fields of the
//! objects (`objecten::Eig`), the helpers' arithmetic (`helpers.rs`), the memo place's numbering of
//! objects, and the error texts.

mod memo;
mod registratie;
mod waarden;

use memo::{bereken, plek, Gedeeld};
use std::sync::Arc;

use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Scope, AST};

use crate::error::Fout;
use crate::model::objecten::W;
use crate::script::fout::{RegelFout, Soort};
use crate::script::ir::Pos;
use crate::script::{GecompileerdPack, TracePunt};

pub use waarden::{naar_dynamic, naar_w};

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

impl crate::script::AndereUitvoering for Interpreter {
    fn vraag(&self, pack: &GecompileerdPack, naam: &str, obj: &W) -> Result<W, Fout> {
        Interpreter::vraag(self, pack, naam, obj)
    }
    fn neem_trace(&self, obj: &W) -> Vec<TracePunt> {
        Interpreter::neem_trace(self, obj)
    }
}

impl Interpreter {
    /// The interpreter for a loaded pack.
    pub fn nieuw(pack: &GecompileerdPack) -> Interpreter {
        let mut engine = registratie::engine(&pack.pack.parameters);
        let mut ast = AST::empty();
        for bestand in pack.pack.regels.values() {
            if let Ok(mut a) = engine.compile(&*bestand.tekst) {
                a.set_source(bestand.pad.as_str());
                a.retain_functions(|_, _, naam, _| !bestand.vervangen.contains_key(naam));
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
