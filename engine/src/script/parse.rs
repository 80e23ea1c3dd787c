//! Rhai as the parser of the rule language, and only that: each rule file is parsed by a
//! sandboxed Rhai engine, and each function body is translated into the engine's own
//! instructions (`ir.rs`). This is the one module of the production path that knows Rhai.
//!
//! The rule language is the subset of Rhai this translation takes: numbers, texts, booleans,
//! arrays; `let`, assignment (also `+=` …), `if`/`else`, `for … in`, `while`, `loop`, `break`,
//! `continue`, `return`; the operators; `&&`, `||`, `!`, `in`; properties (`s.vermogen`,
//! `hh.tekort`), `p.inkomen(…)`, `lijst.contains(…)`; the helpers of `helpers.rs`; the rule
//! functions of the pack; parameters as `ns::naam`. Anything else is an error at its place, with
//! the nearest supported form as a hint. So is a property that is neither a data field nor a
//! quantity of the pack, with the closest name.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rhai::{Dynamic, Engine, Position, Stmt, AST};

use super::fout::{MAX_LIJST, MAX_TEKST};
use super::ir::{Ex, Pos, Prop, St, HELPERS};
use super::Functie;
use crate::model::objecten::{Eig, EIGENSCHAPPEN};
use crate::model::waarde::W;
use crate::params::Parameters;

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

fn fout(bericht: impl Into<String>, pos: Position, hulp: impl Into<String>) -> NietInDeTaal {
    NietInDeTaal {
        bericht: bericht.into(),
        pos: positie(pos),
        hulp: Some(hulp.into()).filter(|h: &String| !h.is_empty()),
    }
}

/// A Rhai position as the engine's own.
fn positie(p: Position) -> Pos {
    Pos {
        regel: p.line().unwrap_or(0) as u32,
        kolom: p.position().unwrap_or(0) as u32,
    }
}

/// A syntax error of a rule file: the message, line and column, and a hint.
#[derive(Debug, Clone)]
pub struct SyntaxFout {
    /// Rhai's message.
    pub bericht: String,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub hulp: String,
}

/// The parser: a sandboxed Rhai engine that knows the pack's parameters as modules.
pub struct Ontleder {
    engine: Engine,
}

/// One parsed rule file.
pub struct Bestand(AST);

/// One function of a rule file, ready to be translated.
pub struct Definitie {
    /// Name.
    pub naam: String,
    /// Parameter names.
    pub params: Vec<String>,
    /// The body's statements (`None`: they could not be told apart from the next function's).
    body: Option<Vec<Stmt>>,
}

impl Ontleder {
    /// A parser for rule files. Names are not checked here but in the translation, which
    /// knows the pack's functions and parameters.
    pub fn nieuw() -> Ontleder {
        let mut e = Engine::new();
        e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
        e.disable_symbol("eval");
        e.set_max_expr_depths(64, 32);
        e.set_max_string_size(MAX_TEKST);
        e.set_max_array_size(MAX_LIJST);
        e.set_max_functions(2_000);
        e.set_max_variables(1_000);
        Ontleder { engine: e }
    }

    /// Parse one rule file.
    pub fn bestand(&self, tekst: &str) -> Result<Bestand, SyntaxFout> {
        self.engine.compile(tekst).map(Bestand).map_err(|e| {
            let bericht = e.err_type().to_string();
            SyntaxFout {
                hulp: syntax_hulp(&bericht),
                pos: positie(e.position()),
                bericht,
            }
        })
    }
}

fn syntax_hulp(bericht: &str) -> String {
    if bericht.contains("eval") {
        "`eval` is uitgeschakeld: regels zijn vaste code".to_string()
    } else {
        "controleer de Rhai-syntaxis op deze plaats".to_string()
    }
}

/// Every function of the parsed files, in order. Rhai does not export a function's body, but
/// its AST walk visits each body's statements in the order of `iter_fn_def`, and within one
/// file the bodies' spans do not overlap, so each statement belongs to the function whose span
/// holds it.
pub fn definities(bestand: &Bestand) -> Vec<Definitie> {
    let ast = &bestand.0;
    let mut alle: Vec<Stmt> = Vec::new();
    ast.walk(&mut |pad: &[rhai::ASTNode]| {
        if let [rhai::ASTNode::Stmt(s)] = pad {
            alle.push((*s).clone());
        }
        true
    });
    let sleutel = |p: Position| (p.line().unwrap_or(0), p.position().unwrap_or(0));
    let mut rest = alle.into_iter().skip(ast.statements().len()).peekable();
    let mut zeker = true;
    ast.iter_fn_def()
        .map(|d| {
            let (begin, eind) = (
                sleutel(d.body.start_position()),
                sleutel(d.body.end_position()),
            );
            let mut body = Vec::new();
            while let Some(s) = rest.peek() {
                let k = sleutel(s.position());
                if k == (0, 0) || begin == (0, 0) || eind == (0, 0) {
                    zeker = false;
                }
                if zeker && k >= begin && k <= eind {
                    body.extend(rest.next());
                } else {
                    break;
                }
            }
            Definitie {
                naam: d.name.to_string(),
                params: d.params.iter().map(|p| p.to_string()).collect(),
                body: zeker.then_some(body),
            }
        })
        .collect()
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

/// Translate a function body; gives the statements and the frame size.
pub fn vertaal(d: &Definitie, omgeving: &Omgeving<'_>) -> Result<(Vec<St>, usize), NietInDeTaal> {
    let body = d.body.as_ref().ok_or_else(|| NietInDeTaal {
        bericht: format!(
            "de opdrachten van functie `{}` zijn niet aan te wijzen (een interne fout van avp)",
            d.naam
        ),
        pos: Pos::GEEN,
        hulp: None,
    })?;
    let mut ctx = Ctx {
        namen: Vec::new(),
        volgende: 0,
        omgeving,
    };
    for p in &d.params {
        ctx.nieuw_slot(p);
    }
    let body = body
        .iter()
        .map(|s| ctx.stmt(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((body, ctx.volgende))
}

mod vertaling;
use vertaling::Ctx;

#[cfg(test)]
mod tests;

/// Constant income soorten (a name or a list of names) as indices; `None` when not constant or
/// when a name is unknown (the runtime then reports it).
fn vaste_soorten(e: &Ex) -> Option<Vec<usize>> {
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
fn eigenschap(naam: &str, omgeving: &Omgeving<'_>, pos: Position) -> Result<Prop, NietInDeTaal> {
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
fn onbekende_functie(naam: &str, n: usize, omgeving: &Omgeving<'_>, pos: Position) -> NietInDeTaal {
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
fn constante(d: &Dynamic, pos: Position) -> Result<Ex, NietInDeTaal> {
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
