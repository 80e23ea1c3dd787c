//! The rule compiler: turns the Rhai AST of each rule function into a small tree of typed
//! instructions (`Ex`, `St`) that `vm.rs` runs directly on `W` values.
//!
//! Why: walking the Rhai AST costs about 2 µs per quantity, because every property read and
//! every call goes through Rhai's dynamic dispatch and each quantity re-enters the engine from
//! Rust. The rules are fixed once a pack is loaded, so names can be resolved once: local
//! variables become frame slots, `ns::naam` parameters become constants, `p.box1_inkomen`
//! becomes "memo slot 3 of the person, else run function 17", and the generic helpers are called
//! directly.
//!
//! The compiled form has the semantics of Rhai for the subset the rules use (decimal and integer
//! arithmetic with Rhai's overflow and division-by-zero errors, comparisons, `&&`/`||`, `let`,
//! assignment, `if`, `for`, `while`/`loop`, `break`, `continue`, `return`, arrays, the helpers).
//! A function that uses anything else (a `switch`, closures, string interpolation, …) is simply
//! not compiled and runs in the Rhai interpreter, as do the functions that call it; both kinds
//! share the memo slots, so mixing is invisible to rule authors. `tests/compiler.rs` checks on
//! every golden case that the compiled and the interpreted evaluation agree exactly.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rhai::{ASTFlags, Expr, FnCallExpr, ImmutableString, Position, Stmt, StmtBlock, AST};

use super::types::Eig;
use super::waarde::W;
use super::{Functie, Niveau};
use crate::params::Parameters;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Plus,
    Min,
    Maal,
    Deel,
    Rest,
    Gelijk,
    Ongelijk,
    Kleiner,
    KleinerGelijk,
    Groter,
    GroterGelijk,
}

/// Every operator with how it is written.
const OPERATOREN: &[(Op, &str)] = &[
    (Op::Plus, "+"),
    (Op::Min, "-"),
    (Op::Maal, "*"),
    (Op::Deel, "/"),
    (Op::Rest, "%"),
    (Op::Gelijk, "=="),
    (Op::Ongelijk, "!="),
    (Op::Kleiner, "<"),
    (Op::KleinerGelijk, "<="),
    (Op::Groter, ">"),
    (Op::GroterGelijk, ">="),
];

impl Op {
    fn van(naam: &str) -> Option<Op> {
        OPERATOREN.iter().find(|(_, t)| *t == naam).map(|(o, _)| *o)
    }
    /// The operator as written.
    pub fn teken(self) -> &'static str {
        OPERATOREN
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("?", |(_, t)| t)
    }
}

/// A generic helper called natively (`helpers.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nat {
    Min,
    Max,
    Abs,
    Positief,
    Begrens,
    Afbouw,
    Schijven,
    Stuksgewijs,
    AfrondenEuros,
    AfrondenEurosBeneden,
    AfrondenCenten,
    LeeftijdOp,
    Datum,
    Decimaal,
}

/// Every natively called helper with its name and number of arguments.
const HELPERS: &[(Nat, &str, usize)] = &[
    (Nat::Min, "min", 2),
    (Nat::Max, "max", 2),
    (Nat::Abs, "abs", 1),
    (Nat::Positief, "positief", 1),
    (Nat::Begrens, "begrens", 3),
    (Nat::Afbouw, "afbouw", 4),
    (Nat::Schijven, "schijven", 2),
    (Nat::Stuksgewijs, "stuksgewijs", 2),
    (Nat::AfrondenEuros, "afronden_op_hele_euros", 1),
    (
        Nat::AfrondenEurosBeneden,
        "afronden_op_hele_euros_naar_beneden",
        1,
    ),
    (Nat::AfrondenCenten, "afronden_op_centen", 1),
    (Nat::LeeftijdOp, "leeftijd_op", 2),
    (Nat::Datum, "datum", 3),
    (Nat::Decimaal, "decimaal", 1),
];

impl Nat {
    fn van(naam: &str, n: usize) -> Option<Nat> {
        HELPERS
            .iter()
            .find(|(_, h, a)| *h == naam && *a == n)
            .map(|(x, ..)| *x)
    }
    /// The helper's name in rules.
    pub fn naam(self) -> &'static str {
        HELPERS
            .iter()
            .find(|(x, ..)| *x == self)
            .map_or("?", |(_, h, _)| h)
    }
}

/// A property read: a data field of the household, or a named quantity (memoised).
#[derive(Debug, Clone)]
pub enum Prop {
    /// A data field (`s.vermogen`).
    Gegeven(Eig),
    /// A named quantity: its function index, level and memo slot.
    Grootheid {
        naam: ImmutableString,
        functie: usize,
        niveau: Niveau,
        slot: usize,
    },
}

/// An expression.
#[derive(Debug, Clone)]
pub enum Ex {
    Const(W),
    Local(usize),
    Neg(Box<Ex>, Position),
    Niet(Box<Ex>, Position),
    Bin(Op, Box<Ex>, Box<Ex>, Position),
    En(Vec<Ex>, Position),
    Of(Vec<Ex>, Position),
    Prop(Box<Ex>, Prop, Position),
    Native(Nat, Vec<Ex>, Position),
    Script(usize, Vec<Ex>, Position),
    Inkomen(Box<Ex>, Box<Ex>, Position),
    /// `p.inkomen(…)` with constant soorten, resolved to their indices at compile time.
    InkomenVast(Box<Ex>, Vec<usize>, Position),
    /// `lijst.contains(x)` and `x in lijst`: whether an element equals `x`.
    Bevat(Box<Ex>, Box<Ex>, Position),
    Lijst(Vec<Ex>, Position),
    Bereik(Box<Ex>, Box<Ex>, bool, Position),
    Blok(Vec<St>),
}

/// A statement.
#[derive(Debug, Clone)]
pub enum St {
    Niets,
    Let(usize, Ex),
    Zet(usize, Option<Op>, Ex, Position),
    Ex(Ex),
    Als(Ex, Vec<St>, Vec<St>),
    Voor(usize, Ex, Vec<St>, Position),
    Zolang(Option<Ex>, Vec<St>),
    Breek,
    Verder,
    Terug(Option<Ex>),
}

/// A compiled function.
#[derive(Debug, Clone)]
pub struct CFunctie {
    /// Name.
    pub naam: ImmutableString,
    /// Number of parameters (the first frame slots).
    pub params: usize,
    /// Frame size.
    pub locals: usize,
    /// Body.
    pub body: Vec<St>,
    /// A quantity whose value depends only on the pack (its object is used solely to read other
    /// such quantities): computed once per pack and shared by every household.
    pub constant: bool,
    /// The body lowered to closures (`lower.rs`), which is what runs.
    pub code: super::lower::Code,
    /// Whether the body reads its first parameter (for a person quantity: `s`; when it does
    /// not, the call passes `()` and saves building the situation object).
    pub leest_situatie: bool,
    /// Whether the body assigns to one of its parameters (then the object is copied into the
    /// frame rather than moved in and out).
    pub zet_parameter: bool,
}

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

/// The name of a statement kind the compiler does not take, for `avp check`.
fn opdracht_naam(s: &Stmt) -> &'static str {
    match s {
        Stmt::Switch(..) => "`switch`",
        Stmt::Do(..) => "`do … while/until`",
        Stmt::TryCatch(..) => "`try … catch`",
        Stmt::BreakLoop(Some(_), ..) => "`break` met een waarde",
        Stmt::Return(..) => "`throw`",
        Stmt::Import(..) => "`import`",
        Stmt::Export(..) => "`export`",
        _ => "deze opdracht",
    }
}

/// The name of an expression kind the compiler does not take, for `avp check`.
fn expressie_naam(e: &Expr) -> &'static str {
    match e {
        Expr::InterpolatedString(..) => "tekst met `${…}`",
        Expr::Map(..) => "een object `#{…}`",
        Expr::Index(..) => "indexering `x[i]`",
        Expr::CharConstant(..) => "een teken `'x'`",
        Expr::Coalesce(..) => "`??`",
        Expr::ThisPtr(..) => "`this`",
        Expr::MethodCall(..) => "een methode-aanroep",
        _ => "deze expressie",
    }
}

/// A constant range (`0..30`, folded by Rhai's optimizer) as the array a `for` walks through.
fn bereik_constante(r: std::ops::Range<rhai::INT>) -> Result<Ex, Reden> {
    if r.end.saturating_sub(r.start) > 100_000 {
        return Err("bereik van meer dan 100.000 stappen".into());
    }
    Ok(Ex::Const(W::Arr(Arc::new(
        r.map(W::Int).collect::<Vec<_>>().into(),
    ))))
}

/// Why a function was not compiled (for `avp check --verbose` and tests).
pub type Reden = String;

struct Ctx<'a> {
    namen: Vec<(ImmutableString, usize)>,
    volgende: usize,
    functies: &'a BTreeMap<String, Functie>,
    index: &'a HashMap<(String, usize), usize>,
    params: &'a Parameters,
    constanten: &'a mut HashMap<String, W>,
}

impl Ctx<'_> {
    fn nieuw_slot(&mut self, naam: &ImmutableString) -> usize {
        let s = self.volgende;
        self.volgende += 1;
        self.namen.push((naam.clone(), s));
        s
    }
    fn zoek(&self, naam: &str) -> Option<usize> {
        self.namen
            .iter()
            .rev()
            .find(|(n, _)| n.as_str() == naam)
            .map(|(_, s)| *s)
    }
    fn blok(&mut self, b: &StmtBlock) -> Result<Vec<St>, Reden> {
        let diepte = self.namen.len();
        let uit = b.iter().map(|s| self.stmt(s)).collect();
        self.namen.truncate(diepte);
        uit
    }

    fn stmt(&mut self, s: &Stmt) -> Result<St, Reden> {
        Ok(match s {
            Stmt::Noop(..) => St::Niets,
            Stmt::Expr(e) => St::Ex(self.expr(e)?),
            Stmt::FnCall(f, pos) => St::Ex(self.call(f, *pos)?),
            Stmt::Block(b) => St::Ex(Ex::Blok(self.blok(b)?)),
            Stmt::Var(x, flags, _) => {
                if flags.contains(ASTFlags::EXPORTED) {
                    return Err("`export` wordt niet gecompileerd".into());
                }
                let (id, e, _) = &**x;
                let waarde = self.expr(e)?;
                let slot = self.nieuw_slot(&id.name);
                St::Let(slot, waarde)
            }
            Stmt::Assignment(x) => {
                let (op, bin) = &**x;
                let Expr::Variable(v, _, _) = &bin.lhs else {
                    return Err(
                        "toewijzing aan iets anders dan een variabele (bijvoorbeeld `x[0] = …`)"
                            .into(),
                    );
                };
                if !v.2.is_empty() {
                    return Err("toewijzing aan een parameter `ns::naam`".into());
                }
                let slot = self
                    .zoek(v.1.as_str())
                    .ok_or_else(|| format!("onbekende variabele {}", v.1))?;
                let waarde = self.expr(&bin.rhs)?;
                let basis = match op.get_op_assignment_info() {
                    None => None,
                    Some((.., syntax)) => {
                        Some(Op::van(syntax).ok_or_else(|| format!("operator {syntax}="))?)
                    }
                };
                St::Zet(slot, basis, waarde, op.position())
            }
            Stmt::If(fc, _) => {
                let c = self.expr(&fc.expr)?;
                St::Als(c, self.blok(&fc.body)?, self.blok(&fc.branch)?)
            }
            Stmt::For(x, pos) => {
                let (var, teller, fc) = &**x;
                if teller.is_some() {
                    return Err("`for (x, i) in …` met teller".into());
                }
                let iter = self.expr(&fc.expr)?;
                let diepte = self.namen.len();
                let slot = self.nieuw_slot(&var.name);
                let body = self.blok(&fc.body);
                self.namen.truncate(diepte);
                St::Voor(slot, iter, body?, *pos)
            }
            Stmt::While(fc, _) => {
                let c = match &fc.expr {
                    Expr::Unit(..) => None,
                    e => Some(self.expr(e)?),
                };
                St::Zolang(c, self.blok(&fc.body)?)
            }
            Stmt::BreakLoop(None, flags, _) => {
                if flags.contains(ASTFlags::BREAK) {
                    St::Breek
                } else {
                    St::Verder
                }
            }
            Stmt::Return(e, flags, _) if !flags.contains(ASTFlags::BREAK) => St::Terug(match e {
                Some(e) => Some(self.expr(e)?),
                None => None,
            }),
            _ => return Err(format!("{} wordt niet gecompileerd", opdracht_naam(s))),
        })
    }

    fn expr(&mut self, e: &Expr) -> Result<Ex, Reden> {
        Ok(match e {
            Expr::BoolConstant(b, _) => Ex::Const(W::Bool(*b)),
            Expr::IntegerConstant(i, _) => Ex::Const(W::Int(*i)),
            Expr::StringConstant(s, _) => Ex::Const(W::Str(s.clone())),
            Expr::Unit(_) => Ex::Const(W::Unit),
            Expr::DynamicConstant(d, _) => {
                if let Some(r) = d.clone().try_cast::<std::ops::Range<rhai::INT>>() {
                    return bereik_constante(r);
                }
                if let Some(r) = d.clone().try_cast::<std::ops::RangeInclusive<rhai::INT>>() {
                    let (a, b) = r.into_inner();
                    return bereik_constante(a..b.saturating_add(1));
                }
                Ex::Const(
                    W::van_dynamic(d)
                        .ok_or_else(|| format!("constante van type {}", d.type_name()))?,
                )
            }
            Expr::Array(items, pos) => {
                let pos = *pos;
                let items = items
                    .iter()
                    .map(|x| self.expr(x))
                    .collect::<Result<Vec<_>, _>>()?;
                if items.iter().all(|x| matches!(x, Ex::Const(_))) {
                    Ex::Const(W::Arr(Arc::new(
                        items
                            .into_iter()
                            .map(|x| match x {
                                Ex::Const(w) => w,
                                _ => W::Unit,
                            })
                            .collect::<Vec<_>>()
                            .into(),
                    )))
                } else {
                    Ex::Lijst(items, pos)
                }
            }
            Expr::Variable(v, _, _) => {
                let (_, naam, ns, _) = &**v;
                if ns.is_empty() {
                    Ex::Local(
                        self.zoek(naam.as_str())
                            .ok_or_else(|| format!("onbekende variabele {naam}"))?,
                    )
                } else {
                    let pad: Vec<&str> = ns
                        .path
                        .iter()
                        .map(|i| i.name.as_str())
                        .chain(std::iter::once(naam.as_str()))
                        .collect();
                    let punt = pad.join(".");
                    if let Some(w) = self.constanten.get(&punt) {
                        return Ok(Ex::Const(w.clone()));
                    }
                    let p = self
                        .params
                        .get(&punt)
                        .ok_or_else(|| format!("onbekende parameter {punt}"))?;
                    let w = W::van_dynamic(&super::naar_dynamic(&p.waarde))
                        .ok_or("parameter van onbekend type")?;
                    self.constanten.insert(punt, w.clone());
                    Ex::Const(w)
                }
            }
            Expr::Stmt(b) => Ex::Blok(self.blok(b)?),
            Expr::FnCall(f, pos) => self.call(f, *pos)?,
            Expr::And(xs, pos) => Ex::En(
                xs.iter().map(|x| self.expr(x)).collect::<Result<_, _>>()?,
                *pos,
            ),
            Expr::Or(xs, pos) => Ex::Of(
                xs.iter().map(|x| self.expr(x)).collect::<Result<_, _>>()?,
                *pos,
            ),
            Expr::Dot(bin, flags, _) => {
                if flags.contains(ASTFlags::NEGATED) {
                    return Err("`?.` wordt niet gecompileerd".into());
                }
                let basis = self.expr(&bin.lhs)?;
                self.keten(basis, &bin.rhs)?
            }
            _ => return Err(format!("{} wordt niet gecompileerd", expressie_naam(e))),
        })
    }

    fn keten(&mut self, basis: Ex, rhs: &Expr) -> Result<Ex, Reden> {
        match rhs {
            Expr::Property(p, pos) => {
                let naam = &p.2;
                let prop = match self.functies.get(naam.as_str()) {
                    Some(f) if f.niveau.is_some() => Prop::Grootheid {
                        naam: naam.clone(),
                        functie: *self
                            .index
                            .get(&(naam.to_string(), f.info.params.len()))
                            .ok_or("grootheid zonder functie")?,
                        niveau: f.niveau.unwrap_or(Niveau::Huishouden),
                        slot: f.slot,
                    },
                    _ => Prop::Gegeven(
                        Eig::van_naam(naam.as_str())
                            .ok_or_else(|| format!("onbekende eigenschap {naam}"))?,
                    ),
                };
                Ok(Ex::Prop(Box::new(basis), prop, *pos))
            }
            Expr::MethodCall(f, pos) => {
                if f.name.as_str() == "inkomen" && f.args.len() == 1 {
                    let arg = self.expr(&f.args[0])?;
                    if let Some(soorten) = vaste_soorten(&arg) {
                        return Ok(Ex::InkomenVast(Box::new(basis), soorten, *pos));
                    }
                    Ok(Ex::Inkomen(Box::new(basis), Box::new(arg), *pos))
                } else if f.name.as_str() == "contains" && f.args.len() == 1 {
                    let x = self.expr(&f.args[0])?;
                    Ok(Ex::Bevat(Box::new(basis), Box::new(x), *pos))
                } else {
                    Err(format!("methode `.{}(…)` wordt niet gecompileerd", f.name))
                }
            }
            Expr::Dot(bin, flags, _) => {
                if flags.contains(ASTFlags::NEGATED) {
                    return Err("`?.` wordt niet gecompileerd".into());
                }
                let tussen = self.keten(basis, &bin.lhs)?;
                self.keten(tussen, &bin.rhs)
            }
            _ => Err("deze eigenschapsketen wordt niet gecompileerd".into()),
        }
    }

    fn call(&mut self, f: &FnCallExpr, pos: Position) -> Result<Ex, Reden> {
        if !f.namespace.is_empty() {
            return Err("een functie met namespace (`ns::f(…)`) wordt niet gecompileerd".into());
        }
        if f.capture_parent_scope {
            return Err("`f!(…)` wordt niet gecompileerd".into());
        }
        let naam = f.name.as_str();
        let n = f.args.len();
        let mut args = f
            .args
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(&i) = self.index.get(&(naam.to_string(), n)) {
            return Ok(Ex::Script(i, args, pos));
        }
        if n == 2 {
            if let Some(op) = Op::van(naam) {
                let b = args.pop().unwrap_or(Ex::Const(W::Unit));
                let a = args.pop().unwrap_or(Ex::Const(W::Unit));
                return Ok(Ex::Bin(op, Box::new(a), Box::new(b), pos));
            }
            if naam == ".." || naam == "..=" {
                let b = args.pop().unwrap_or(Ex::Const(W::Unit));
                let a = args.pop().unwrap_or(Ex::Const(W::Unit));
                return Ok(Ex::Bereik(Box::new(a), Box::new(b), naam == "..=", pos));
            }
        }
        if n == 2 && naam == "contains" {
            let x = args.pop().unwrap_or(Ex::Const(W::Unit));
            let lijst = args.pop().unwrap_or(Ex::Const(W::Unit));
            return Ok(Ex::Bevat(Box::new(lijst), Box::new(x), pos));
        }
        if n == 1 && naam == "-" {
            return Ok(Ex::Neg(Box::new(args.remove(0)), pos));
        }
        if n == 1 && naam == "!" {
            return Ok(Ex::Niet(Box::new(args.remove(0)), pos));
        }
        if let Some(nat) = Nat::van(naam, n) {
            return Ok(Ex::Native(nat, args, pos));
        }
        Err(format!(
            "functie `{naam}` met {n} argument(en) wordt niet gecompileerd"
        ))
    }
}

/// The top-level statements of every function body of one rule file's AST, in the order of
/// `iter_fn_def`. Rhai does not export the body type, but its AST walk visits each body's
/// statements in that order, and within one file the bodies' spans do not overlap, so each
/// statement belongs to the function whose span holds it. A statement without a position makes
/// that assignment unsure: the function and those after it in the file are then left to the
/// interpreter (`None`).
fn lichamen(ast: &AST) -> Vec<(Arc<rhai::ScriptFuncDef>, Option<Vec<Stmt>>)> {
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
            (d.clone(), zeker.then_some(body))
        })
        .collect()
}

/// Compile every function of the rule files' ASTs that can be compiled. Returns the index of
/// each function by (name, arity) and per function its compiled form or why there is none.
#[allow(clippy::type_complexity)]
pub fn compileer(
    asts: &[AST],
    functies: &BTreeMap<String, Functie>,
    params: &Parameters,
) -> (
    HashMap<(String, usize), usize>,
    Vec<Result<Arc<CFunctie>, Reden>>,
) {
    let defs: Vec<(Arc<rhai::ScriptFuncDef>, Option<Vec<Stmt>>)> =
        asts.iter().flat_map(lichamen).collect();
    let index: HashMap<(String, usize), usize> = defs
        .iter()
        .enumerate()
        .map(|(i, (d, _))| ((d.name.to_string(), d.params.len()), i))
        .collect();
    let mut constanten = HashMap::new();
    let mut uit: Vec<Result<Arc<CFunctie>, Reden>> = defs
        .iter()
        .map(|(d, body)| {
            let body = body
                .as_ref()
                .ok_or("de opdrachten van de functie zijn niet zeker aan te wijzen")?;
            let mut ctx = Ctx {
                namen: Vec::new(),
                volgende: 0,
                functies,
                index: &index,
                params,
                constanten: &mut constanten,
            };
            for p in &d.params {
                ctx.nieuw_slot(p);
            }
            let body = body
                .iter()
                .map(|s| ctx.stmt(s))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Arc::new(CFunctie {
                naam: d.name.clone(),
                params: d.params.len(),
                locals: ctx.volgende,
                body,
                constant: false,
                code: Default::default(),
                leest_situatie: true,
                zet_parameter: true,
            }))
        })
        .collect();
    // A function calling an uncompiled function is not compiled either (fixed point).
    loop {
        let mut veranderd = false;
        for i in 0..uit.len() {
            let Ok(f) = &uit[i] else { continue };
            let mut roept = Vec::new();
            for s in &f.body {
                verzamel_st(s, &mut roept);
            }
            if let Some(j) = roept.into_iter().find(|j| uit[*j].is_err()) {
                uit[i] = Err(format!(
                    "roept {} aan, die niet gecompileerd is",
                    defs[j].0.name
                ));
                veranderd = true;
            }
        }
        if !veranderd {
            break;
        }
    }
    // Pack-constant quantities (fixed point): a compiled quantity that uses its object only to
    // read pack-constant quantities.
    let mut constant = vec![false; uit.len()];
    loop {
        let mut veranderd = false;
        for i in 0..uit.len() {
            let Ok(f) = &uit[i] else { continue };
            let is_grootheid = functies
                .get(f.naam.as_str())
                .is_some_and(|x| x.niveau.is_some() && x.info.params.len() == f.params);
            if constant[i] || !is_grootheid {
                continue;
            }
            if f.body.iter().all(|s| st_constant(s, f.params, &constant)) {
                constant[i] = true;
                veranderd = true;
            }
        }
        if !veranderd {
            break;
        }
    }
    for (i, c) in constant.into_iter().enumerate() {
        if let Ok(f) = &mut uit[i] {
            let f = Arc::make_mut(f);
            f.constant = c;
            f.code = super::lower::Code::van(&f.body);
            let mut leest = false;
            let mut zet = false;
            for st in &f.body {
                bezoek_st(st, &mut |k| match k {
                    Knoop::Leest(0) => leest = true,
                    Knoop::Zet(s) if s < f.params => zet = true,
                    _ => {}
                });
            }
            f.leest_situatie = leest;
            f.zet_parameter = zet;
        }
    }
    (index, uit)
}

fn st_constant(s: &St, params: usize, c: &[bool]) -> bool {
    match s {
        St::Niets | St::Breek | St::Verder | St::Terug(None) => true,
        St::Let(_, e) | St::Zet(_, _, e, _) | St::Ex(e) | St::Terug(Some(e)) => {
            ex_constant(e, params, c)
        }
        St::Als(e, a, b) => {
            ex_constant(e, params, c) && a.iter().chain(b).all(|s| st_constant(s, params, c))
        }
        St::Voor(_, e, b, _) => {
            ex_constant(e, params, c) && b.iter().all(|s| st_constant(s, params, c))
        }
        St::Zolang(e, b) => {
            e.as_ref().is_none_or(|e| ex_constant(e, params, c))
                && b.iter().all(|s| st_constant(s, params, c))
        }
    }
}

fn ex_constant(e: &Ex, params: usize, c: &[bool]) -> bool {
    match e {
        Ex::Const(_) => true,
        Ex::Local(s) => *s >= params,
        Ex::Prop(obj, Prop::Grootheid { functie, .. }, _) if matches!(**obj, Ex::Local(s) if s < params) => {
            c[*functie]
        }
        Ex::Prop(obj, _, _) => ex_constant(obj, params, c),
        Ex::Neg(a, _) | Ex::Niet(a, _) | Ex::InkomenVast(a, _, _) => ex_constant(a, params, c),
        Ex::Bin(_, a, b, _)
        | Ex::Inkomen(a, b, _)
        | Ex::Bereik(a, b, _, _)
        | Ex::Bevat(a, b, _) => ex_constant(a, params, c) && ex_constant(b, params, c),
        Ex::En(xs, _)
        | Ex::Of(xs, _)
        | Ex::Native(_, xs, _)
        | Ex::Lijst(xs, _)
        | Ex::Script(_, xs, _) => xs.iter().all(|x| ex_constant(x, params, c)),
        Ex::Blok(b) => b.iter().all(|s| st_constant(s, params, c)),
    }
}

fn verzamel_st(s: &St, uit: &mut Vec<usize>) {
    match s {
        St::Let(_, e) | St::Zet(_, _, e, _) | St::Ex(e) | St::Terug(Some(e)) => verzamel(e, uit),
        St::Als(c, a, b) => {
            verzamel(c, uit);
            a.iter().chain(b).for_each(|s| verzamel_st(s, uit));
        }
        St::Voor(_, e, b, _) => {
            verzamel(e, uit);
            b.iter().for_each(|s| verzamel_st(s, uit));
        }
        St::Zolang(c, b) => {
            if let Some(c) = c {
                verzamel(c, uit);
            }
            b.iter().for_each(|s| verzamel_st(s, uit));
        }
        St::Niets | St::Breek | St::Verder | St::Terug(None) => {}
    }
}

fn verzamel(e: &Ex, uit: &mut Vec<usize>) {
    match e {
        Ex::Const(_) | Ex::Local(_) => {}
        Ex::Neg(a, _) | Ex::Niet(a, _) | Ex::InkomenVast(a, _, _) => verzamel(a, uit),
        Ex::Bin(_, a, b, _)
        | Ex::Inkomen(a, b, _)
        | Ex::Bereik(a, b, _, _)
        | Ex::Bevat(a, b, _) => {
            verzamel(a, uit);
            verzamel(b, uit);
        }
        Ex::En(xs, _) | Ex::Of(xs, _) | Ex::Native(_, xs, _) | Ex::Lijst(xs, _) => {
            xs.iter().for_each(|x| verzamel(x, uit))
        }
        Ex::Prop(a, _, _) => verzamel(a, uit),
        Ex::Script(i, xs, _) => {
            uit.push(*i);
            xs.iter().for_each(|x| verzamel(x, uit));
        }
        Ex::Blok(b) => b.iter().for_each(|s| verzamel_st(s, uit)),
    }
}

/// What `bezoek_st` reports: a read of a local slot, or an assignment to one.
enum Knoop {
    Leest(usize),
    Zet(usize),
}

/// Visit every local read and assignment of a statement, nested blocks included.
fn bezoek_st(s: &St, v: &mut impl FnMut(Knoop)) {
    match s {
        St::Niets | St::Breek | St::Verder | St::Terug(None) => {}
        St::Let(_, e) | St::Ex(e) | St::Terug(Some(e)) => bezoek(e, v),
        St::Zet(slot, op, e, _) => {
            if op.is_some() {
                v(Knoop::Leest(*slot));
            }
            v(Knoop::Zet(*slot));
            bezoek(e, v);
        }
        St::Als(c, a, b) => {
            bezoek(c, v);
            a.iter().chain(b).for_each(|s| bezoek_st(s, v));
        }
        St::Voor(slot, e, b, _) => {
            v(Knoop::Zet(*slot));
            bezoek(e, v);
            b.iter().for_each(|s| bezoek_st(s, v));
        }
        St::Zolang(c, b) => {
            if let Some(c) = c {
                bezoek(c, v);
            }
            b.iter().for_each(|s| bezoek_st(s, v));
        }
    }
}

fn bezoek(e: &Ex, v: &mut impl FnMut(Knoop)) {
    match e {
        Ex::Const(_) => {}
        Ex::Local(s) => v(Knoop::Leest(*s)),
        Ex::Neg(a, _) | Ex::Niet(a, _) | Ex::InkomenVast(a, _, _) | Ex::Prop(a, _, _) => {
            bezoek(a, v)
        }
        Ex::Bin(_, a, b, _)
        | Ex::Inkomen(a, b, _)
        | Ex::Bereik(a, b, _, _)
        | Ex::Bevat(a, b, _) => {
            bezoek(a, v);
            bezoek(b, v);
        }
        Ex::En(xs, _)
        | Ex::Of(xs, _)
        | Ex::Native(_, xs, _)
        | Ex::Lijst(xs, _)
        | Ex::Script(_, xs, _) => xs.iter().for_each(|x| bezoek(x, v)),
        Ex::Blok(b) => b.iter().for_each(|s| bezoek_st(s, v)),
    }
}
