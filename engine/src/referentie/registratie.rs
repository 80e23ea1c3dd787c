//! The reference interpreter's Rhai engine: the objects and their data fields, the helpers,
//! the parameters as modules, a getter per quantity; values between Rhai and the engine; Rhai's
//! errors as the engine's kinds.

use std::collections::BTreeMap;
use std::sync::Arc;

use rhai::{Dynamic, Engine, EvalAltResult, Module, NativeCallContext};
use rust_decimal::Decimal;

use super::memo::{bereken, Gedeeld};
use crate::model::objecten::W;
use crate::model::objecten::{Huishouden, Persoon, Situatie};
use crate::model::velden::{Eig, EIGENSCHAPPEN};
use crate::params::Parameters;
use crate::script::fout::{Soort, MAX_LIJST, MAX_TEKST};
use crate::script::ir::{Nat, HELPERS};
use crate::script::Niveau;

pub use super::waarden::{naar_dynamic, naar_w, Datum, NogNietVastgesteld};

/// The sandboxed engine with the objects, the helpers and the parameters.
pub fn engine(params: &Parameters) -> Engine {
    let mut e = Engine::new();
    e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    e.disable_symbol("eval");
    e.set_max_operations(crate::script::fout::MAX_OPERATIES);
    e.set_max_call_levels(crate::script::fout::MAX_DIEPTE as usize);
    e.set_max_expr_depths(64, 32);
    e.set_max_string_size(MAX_TEKST);
    e.set_max_array_size(MAX_LIJST);
    e.set_max_map_size(1_000);
    e.set_max_modules(0);
    e.set_max_variables(1_000);
    e.set_max_functions(2_000);
    e.set_strict_variables(true);
    e.set_fail_on_invalid_map_property(true);
    objecten(&mut e);
    helpers(&mut e);
    parameters(&mut e, params);
    e
}

fn objecten(e: &mut Engine) {
    e.register_type_with_name::<NogNietVastgesteld>("nog_niet_vastgesteld")
        .register_type_with_name::<Datum>("datum")
        .register_type_with_name::<Situatie>("situatie")
        .register_type_with_name::<Persoon>("persoon")
        .register_type_with_name::<Huishouden>("huishouden");
    for (eig, naam, _) in EIGENSCHAPPEN {
        veld::<Datum>(e, naam, *eig, |d| W::Datum(d.0));
        veld::<Situatie>(e, naam, *eig, |s| W::Sit(s.clone()));
        veld::<Persoon>(e, naam, *eig, |p| W::Pers(p.clone()));
        veld::<Huishouden>(e, naam, *eig, |h| W::Hh(h.clone()));
    }
    e.register_fn("to_string", |d: &mut Datum| {
        d.0.format("%Y-%m-%d").to_string()
    })
    .register_fn("==", |a: Datum, b: Datum| a == b)
    .register_fn("!=", |a: Datum, b: Datum| a != b)
    .register_fn("<", |a: Datum, b: Datum| a < b)
    .register_fn("<=", |a: Datum, b: Datum| a <= b)
    .register_fn(">", |a: Datum, b: Datum| a > b)
    .register_fn(">=", |a: Datum, b: Datum| a >= b)
    .register_fn("inkomen", |p: &mut Persoon, soort: Dynamic| {
        let soort = naar_w(&soort).unwrap_or(W::Unit);
        crate::script::helpers::inkomen(&W::Pers(p.clone()), &soort)
            .map(|w| naar_dynamic(&w))
            .map_err(|s| Box::<EvalAltResult>::from(bericht(s)))
    })
    .register_fn("==", |a: Persoon, b: Persoon| {
        Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx
    })
    .register_fn("!=", |a: Persoon, b: Persoon| {
        !(Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx)
    });
}

fn veld<T: Clone + Send + Sync + 'static>(
    e: &mut Engine,
    naam: &'static str,
    eig: Eig,
    maak: fn(&T) -> W,
) {
    e.register_get(
        naam,
        move |t: &mut T| -> Result<Dynamic, Box<EvalAltResult>> {
            eig.lees(&maak(t))
                .map(|w| naar_dynamic(&w))
                .map_err(Into::into)
        },
    );
}

/// A helper's error as the text of a Rhai runtime error.
fn bericht(s: Soort) -> String {
    crate::script::fout::RegelFout::nieuw(s, crate::script::ir::Pos::GEEN).bericht()
}

fn helper(nat: Nat, args: &[Dynamic]) -> Result<Decimal, Box<EvalAltResult>> {
    let w: Vec<W> = args.iter().map(|d| naar_w(d).unwrap_or(W::Unit)).collect();
    let refs: Vec<&W> = w.iter().collect();
    match crate::script::helpers::roep(nat, &refs) {
        Ok(W::Dec(d)) => Ok(d),
        Ok(_) => Err("geen getal".into()),
        Err(s) => Err(bericht(s).into()),
    }
}

fn helper_w(nat: Nat, args: &[Dynamic]) -> Result<Dynamic, Box<EvalAltResult>> {
    let w: Vec<W> = args.iter().map(|d| naar_w(d).unwrap_or(W::Unit)).collect();
    let refs: Vec<&W> = w.iter().collect();
    crate::script::helpers::roep(nat, &refs)
        .map(|w| naar_dynamic(&w))
        .map_err(|s| bericht(s).into())
}

/// The helpers of the rule language (`min`, `max` and `abs` are Rhai's own).
fn helpers(e: &mut Engine) {
    for (nat, naam, n) in HELPERS {
        let nat = *nat;
        match (nat, n) {
            (Nat::Min | Nat::Max | Nat::Abs, _) => {}
            (Nat::LeeftijdOp | Nat::LeeftijdInMaandenOp, _) => {
                e.register_fn(*naam, move |a: Dynamic, b: Dynamic| helper_w(nat, &[a, b]));
            }
            (Nat::Datum, _) => {
                e.register_fn(*naam, move |a: Dynamic, b: Dynamic, c: Dynamic| {
                    helper_w(nat, &[a, b, c])
                });
            }
            (_, 1) => {
                e.register_fn(*naam, move |a: Dynamic| helper(nat, &[a]));
            }
            (_, 2) => {
                e.register_fn(*naam, move |a: Dynamic, b: Dynamic| helper(nat, &[a, b]));
            }
            (_, 3) => {
                e.register_fn(*naam, move |a: Dynamic, b: Dynamic, c: Dynamic| {
                    helper(nat, &[a, b, c])
                });
            }
            _ => {
                e.register_fn(
                    *naam,
                    move |a: Dynamic, b: Dynamic, c: Dynamic, d: Dynamic| {
                        helper(nat, &[a, b, c, d])
                    },
                );
            }
        }
    }
}

fn parameters(e: &mut Engine, params: &Parameters) {
    #[derive(Default)]
    struct Boom {
        vars: BTreeMap<String, Dynamic>,
        sub: BTreeMap<String, Boom>,
    }
    fn module(b: &Boom) -> Module {
        let mut m = Module::new();
        for (k, v) in &b.vars {
            m.set_var(k.as_str(), v.clone());
        }
        for (k, s) in &b.sub {
            m.set_sub_module(k.as_str(), module(s));
        }
        m.build_index();
        m
    }
    let mut boom = Boom::default();
    for p in params.iter() {
        let delen: Vec<&str> = p.naam.split('.').collect();
        let Some((laatste, pad)) = delen.split_last() else {
            continue;
        };
        let mut plek = &mut boom;
        for d in pad {
            plek = plek.sub.entry((*d).to_string()).or_default();
        }
        let w = naar_dynamic(&W::van_waarde(&p.waarde));
        plek.vars.insert((*laatste).to_string(), w);
    }
    for (naam, sub) in &boom.sub {
        e.register_static_module(naam.as_str(), module(sub).into());
    }
}

/// The getter of a quantity, on every kind of object (on the wrong kind it says so, as the
/// engine does).
pub(super) fn grootheid(
    e: &mut Engine,
    naam: &str,
    _niveau: Niveau,
    nog_niet_vastgesteld: Option<String>,
    gedeeld: Arc<Gedeeld>,
) {
    let getter = format!("get${naam}");
    macro_rules! op {
        ($t:ty, $maak:expr) => {{
            let (g, n, nnv) = (
                gedeeld.clone(),
                naam.to_string(),
                nog_niet_vastgesteld.clone(),
            );
            e.register_fn(
                getter.as_str(),
                move |ctx: NativeCallContext, o: &mut $t| {
                    let obj: W = $maak(o.clone());
                    bereken(&g, &n, obj, nnv.as_deref(), |f, args| {
                        ctx.call_fn::<Dynamic>(f, args)
                    })
                },
            );
        }};
    }
    op!(Huishouden, W::Hh);
    op!(Situatie, W::Sit);
    op!(Persoon, W::Pers);
}

/// Rhai type names in a message as the engine writes them.
fn typen(s: &str) -> String {
    let mut uit = s.to_string();
    for (rhai, eigen) in [
        ("i64", "geheel getal"),
        ("decimal", "getal"),
        ("bool", "waar/onwaar"),
        ("string", "tekst"),
        ("array", "lijst"),
        ("map", "tabel"),
        ("nog_niet_vastgesteld", "nog niet vastgestelde waarde"),
    ] {
        uit = uit.replace(rhai, eigen);
    }
    uit
}

fn type_naam(s: &str) -> &'static str {
    match s {
        "i64" => "geheel getal",
        "decimal" => "getal",
        "string" => "tekst",
        "array" => "lijst",
        "map" => "tabel",
        "datum" => "datum",
        "()" => "()",
        _ => "onbekend type",
    }
}

/// The kind of a Rhai error, as the engine names it.
pub fn soort(e: &EvalAltResult) -> Soort {
    let na_dubbelepunt = |s: &str| s.split_once(": ").map_or(s, |(_, r)| r).to_string();
    match e {
        EvalAltResult::ErrorArithmetic(s, _) => {
            let operatie = na_dubbelepunt(s);
            if s.contains("zero") && (operatie.ends_with(" 0") || s.starts_with("Division by zero"))
            {
                Soort::DelingDoorNul(operatie)
            } else {
                Soort::Overloop(operatie)
            }
        }
        EvalAltResult::ErrorTooManyOperations(..) => Soort::TeVeelRekenstappen,
        EvalAltResult::ErrorStackOverflow(..) => Soort::TeDiep,
        EvalAltResult::ErrorDataTooLarge(w, _) if w.starts_with("Length of string") => {
            Soort::TekstTeLang
        }
        EvalAltResult::ErrorDataTooLarge(..) => Soort::LijstTeGroot,
        EvalAltResult::LoopBreak(..) => Soort::BuitenLus,
        EvalAltResult::ErrorFunctionNotFound(f, _) => Soort::NietVoorDezeWaarden(typen(f)),
        EvalAltResult::ErrorMismatchDataType(_, a, _) => Soort::GeenWaarOfOnwaar(type_naam(a)),
        EvalAltResult::ErrorRuntime(v, _) => Soort::Gegeven(v.to_string()),
        e => Soort::Gegeven(e.to_string()),
    }
}
