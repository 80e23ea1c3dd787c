//! Runs compiled rule functions (`compile.rs`) on `W` values, with Rhai's semantics for the
//! supported subset and the same limits (operations, call depth) and error kinds, so that error
//! messages do not depend on whether a function was compiled.

use std::cmp::Ordering;
use std::sync::Arc;

use rhai::{EvalAltResult, Position};
use rust_decimal::Decimal;

use super::compile::{CFunctie, Ex, Nat, Op, Prop};
use super::geheugen::{plek_van, Geheugen, GeheugenPlaats};
use super::waarde::W;
use super::{Kern, Niveau};

type Fout = Box<EvalAltResult>;

/// Rhai's limits, applied to compiled functions too.
pub const MAX_OPERATIES: u64 = 500_000;
/// Maximum call depth (quantities and helpers).
pub const MAX_DIEPTE: u32 = 96;
/// Rhai's string limit (bytes), applied to every text a compiled rule builds.
pub const MAX_TEKST: usize = 10_000;
/// Rhai's array limit (elements, nested arrays counted in full), applied to every array a
/// compiled rule builds. With [`MAX_TEKST`], [`MAX_OPERATIES`] and [`MAX_DIEPTE`] this bounds
/// the memory of one evaluation: a rule can only keep values in its variables, in array
/// literals and in the memo of its quantities, and each of those is bounded.
pub const MAX_LIJST: usize = 10_000;

/// The error for a text or array that would outgrow its limit (Rhai's error, so the interpreter
/// and the compiled rule say the same).
pub(crate) fn te_groot(wat: &str, pos: Position) -> Fout {
    EvalAltResult::ErrorDataTooLarge(wat.to_string(), pos).into()
}

/// Join two texts, within [`MAX_TEKST`].
fn plak(a: &str, b: &str, pos: Position) -> Result<W, Fout> {
    if a.len() + b.len() > MAX_TEKST {
        return Err(te_groot("Length of string", pos));
    }
    let mut t = String::with_capacity(a.len() + b.len());
    t.push_str(a);
    t.push_str(b);
    Ok(W::Str(t.into()))
}

/// Non-local control flow while running a block (errors included).
pub enum Stroom {
    /// An error.
    Fout(Fout),
    /// `break`.
    Breek,
    /// `continue`.
    Verder,
    /// `return` with its value.
    Terug(W),
}

impl From<Fout> for Stroom {
    fn from(f: Fout) -> Self {
        Stroom::Fout(f)
    }
}

/// How to run a function that is not compiled: from Rust with the pack's engine and AST, or
/// from inside the interpreter through its call context.
pub enum Interp<'a> {
    /// Called from Rust.
    Rust(&'a rhai::Engine, &'a rhai::AST),
    /// Called from a Rhai getter.
    Rhai(&'a rhai::NativeCallContext<'a>),
}

/// The state of one top-level evaluation.
pub struct Vm<'a> {
    kern: &'a Kern,
    interp: Interp<'a>,
    ops: u64,
    diepte: u32,
    /// Whether a trace is being collected (read once per evaluation, not per quantity).
    trace: bool,
    /// Frames of the running compiled functions (locals by slot, from a base index).
    pub(crate) stack: Vec<W>,
    /// The memo place of the household being evaluated.
    plaats: Option<Arc<GeheugenPlaats>>,
    /// Its memo, taken out for the duration of this evaluation (`genomen`) or, when another
    /// evaluation holds it, a fresh one of our own.
    geheugen: Geheugen,
    genomen: bool,
}

thread_local! {
    /// The frame stack, kept between evaluations so it is allocated once per thread.
    static STAPEL: std::cell::RefCell<Vec<W>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Vm<'_> {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        STAPEL.with(|s| *s.borrow_mut() = stack);
        self.geef_geheugen_terug();
    }
}

/// Arguments of a call, without a heap allocation for up to four.
pub type Args = smallvec::SmallVec<[W; 4]>;

pub(crate) fn rekenfout(bericht: String, pos: Position) -> Fout {
    EvalAltResult::ErrorArithmetic(bericht, pos).into()
}

/// Rhai's "function not found" error (an operator or helper for these value types).
pub(crate) fn niet_gevonden(wat: String, pos: Position) -> Fout {
    EvalAltResult::ErrorFunctionNotFound(wat, pos).into()
}

fn als_dec(w: &W) -> Option<Decimal> {
    match w {
        W::Dec(d) => Some(*d),
        W::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

impl<'a> Vm<'a> {
    /// A fresh evaluation (operation count 0) of quantities of `obj`'s household.
    pub fn nieuw(kern: &'a Kern, interp: Interp<'a>, obj: &W) -> Self {
        let plaats = match obj {
            W::Hh(h) => Some(h.0.geheugen.clone()),
            W::Sit(s) => Some(s.0.geheugen.clone()),
            W::Pers(p) => Some(p.sit.geheugen.clone()),
            _ => None,
        };
        let genomen = plaats.as_ref().and_then(|p| p.neem());
        Vm {
            kern,
            interp,
            ops: 0,
            diepte: 0,
            trace: super::trace_is_aan(),
            stack: STAPEL.with(|s| std::mem::take(&mut *s.borrow_mut())),
            plaats,
            genomen: genomen.is_some(),
            geheugen: genomen.unwrap_or_default(),
        }
    }

    /// Pop the frame stack down to `basis`.
    #[inline(always)]
    pub(crate) fn ruim_op(&mut self, basis: usize) {
        while self.stack.len() > basis {
            if let Some(w) = self.stack.pop() {
                super::waarde::weg(w);
            }
        }
    }

    /// Start a new top-level request: a fresh operation budget.
    pub(crate) fn begin(&mut self) {
        self.ops = 0;
        self.diepte = 0;
    }

    fn geef_geheugen_terug(&mut self) {
        if self.genomen {
            if let Some(p) = &self.plaats {
                p.zet_terug(std::mem::take(&mut self.geheugen));
            }
            self.genomen = false;
        }
    }

    /// A computed quantity of an object of this household, if in the memo.
    #[inline(always)]
    pub(crate) fn memo(&self, o: &W, niveau: Niveau, slot: usize) -> Option<&W> {
        let (p, plek) = plek_van(o, niveau)?;
        if !self.plaats.as_ref().is_some_and(|q| Arc::ptr_eq(p, q)) {
            return None;
        }
        self.geheugen.lees(plek, slot)
    }

    /// Run a function that is not compiled in the Rhai interpreter. The memo goes back to its
    /// place meanwhile, so the getters the interpreter calls share it.
    fn interpreteer(&mut self, naam: &str, args: &[W]) -> Result<W, Fout> {
        let had = self.genomen;
        self.geef_geheugen_terug();
        let r = self.interpreteer_zonder_geheugen(naam, args);
        if had {
            if let Some(g) = self.plaats.as_ref().and_then(|p| p.neem()) {
                self.geheugen = g;
                self.genomen = true;
            }
        }
        r
    }

    fn interpreteer_zonder_geheugen(&self, naam: &str, args: &[W]) -> Result<W, Fout> {
        let args: Vec<rhai::Dynamic> = args.iter().map(W::naar_dynamic).collect();
        let d = match &self.interp {
            Interp::Rust(engine, ast) => {
                let mut scope = rhai::Scope::new();
                let opties = rhai::CallFnOptions::new()
                    .eval_ast(false)
                    .rewind_scope(true);
                engine.call_fn_with_options::<rhai::Dynamic>(opties, &mut scope, ast, naam, args)?
            }
            Interp::Rhai(ctx) => ctx.call_fn::<rhai::Dynamic>(naam, args)?,
        };
        W::van_dynamic(&d).ok_or_else(|| {
            EvalAltResult::ErrorRuntime(
                format!(
                    "`{naam}` geeft een waarde van type {} die regels niet kunnen gebruiken",
                    d.type_name()
                )
                .into(),
                Position::NONE,
            )
            .into()
        })
    }

    /// A named quantity on an object: from its memo slot, else computed (compiled or
    /// interpreted), traced and memoised. The object is taken by value and handed back with
    /// the result, so that a compiled call moves it into the callee's frame and out again
    /// instead of counting references (the hot path of every quantity).
    pub fn grootheid(
        &mut self,
        i: usize,
        niveau: Niveau,
        slot: usize,
        obj: W,
        leen: Option<usize>,
        pos: Position,
    ) -> (Result<W, Fout>, W) {
        self.grootheid_met(i, niveau, slot, obj, leen, pos, true)
    }

    /// `grootheid` for a caller that has just looked in the memo itself (`Vm::memo`) and found
    /// nothing: the lookup is not repeated.
    #[inline]
    pub(crate) fn grootheid_niet_in_memo(
        &mut self,
        i: usize,
        niveau: Niveau,
        slot: usize,
        obj: W,
        leen: Option<usize>,
        pos: Position,
    ) -> (Result<W, Fout>, W) {
        self.grootheid_met(i, niveau, slot, obj, leen, pos, false)
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn grootheid_met(
        &mut self,
        i: usize,
        niveau: Niveau,
        slot: usize,
        obj: W,
        leen: Option<usize>,
        pos: Position,
        zoek: bool,
    ) -> (Result<W, Fout>, W) {
        let uit = &self.kern.uitvoer[i];
        // The object's place in the memo, found once for the lookup and the store (`None`: an
        // object of another household, computed without memo).
        let Some((plaats, plek)) = plek_van(&obj, niveau) else {
            let e = EvalAltResult::ErrorDotExpr(
                format!(
                    "een {} heeft geen grootheid `{}`",
                    obj.type_naam(),
                    uit.naam
                ),
                pos,
            );
            return (Err(e.into()), obj);
        };
        let plek = self
            .plaats
            .as_ref()
            .is_some_and(|q| Arc::ptr_eq(plaats, q))
            .then_some(plek);
        if zoek {
            if let Some(w) = plek.and_then(|p| self.geheugen.lees(p, slot)) {
                return (Ok(w.clone()), obj);
            }
        }
        if let Some(p) = &uit.nog_niet_vastgesteld {
            super::markeer_nog_niet_vastgesteld(&uit.naam, p);
            let e =
                EvalAltResult::ErrorRuntime(format!("`{p}` is nog niet vastgesteld").into(), pos);
            return (Err(e.into()), obj);
        }
        // A pack-constant quantity is computed once per pack (not while tracing, so the trace
        // shows every step for this household).
        let gedeeld = match &uit.gecompileerd {
            Ok(f) if f.constant && !self.trace => Some(&self.kern.constanten[i]),
            _ => None,
        };
        if let Some(w) = gedeeld.and_then(|c| c.get()) {
            let w = w.clone();
            if let Some(p) = plek {
                self.geheugen.zet(p, slot, w.clone(), self.kern.slots);
            }
            return (Ok(w), obj);
        }
        // The arguments go straight onto the frame stack: `(s, p)` for a person, else `(obj)`.
        let basis = self.stack.len();
        let (r, obj) = match &uit.gecompileerd {
            Ok(f) => {
                // `s` for a person, only when the function reads it; lent (moved in and back)
                // from the caller's frame when that holds this person's situation.
                let mut geleend = None;
                if let W::Pers(p) = &obj {
                    let s = if !f.leest_situatie {
                        W::Unit
                    } else if let Some(j) = leen.filter(|j| {
                        !f.zet_parameter
                            && matches!(self.stack.get(*j), Some(W::Sit(x)) if Arc::ptr_eq(&x.0, &p.sit))
                    }) {
                        geleend = Some(j);
                        std::mem::replace(&mut self.stack[j], W::Unit)
                    } else {
                        W::Sit(p.situatie())
                    };
                    self.stack.push(s);
                }
                let k = self.stack.len();
                if f.zet_parameter {
                    self.stack.push(obj.clone());
                    let r = self.roep_zonder_afbouw(f, basis, pos);
                    self.ruim_op(basis);
                    (r, obj)
                } else {
                    self.stack.push(obj);
                    let r = self.roep_zonder_afbouw(f, basis, pos);
                    let obj = std::mem::replace(&mut self.stack[k], W::Unit);
                    if let Some(j) = geleend {
                        self.stack[j] = std::mem::replace(&mut self.stack[basis], W::Unit);
                    }
                    self.ruim_op(basis);
                    (r, obj)
                }
            }
            Err(_) => {
                let mut args = Vec::with_capacity(2);
                if let W::Pers(p) = &obj {
                    args.push(W::Sit(p.situatie()));
                }
                args.push(obj.clone());
                (self.interpreteer(&uit.naam, &args), obj)
            }
        };
        let w = match r {
            Ok(w) => w,
            Err(e) => {
                super::markeer_falen(&uit.naam, &e);
                let e =
                    EvalAltResult::ErrorInFunctionCall(uit.naam.to_string(), String::new(), e, pos);
                return (Err(e.into()), obj);
            }
        };
        if self.trace {
            super::noteer_w(&obj, &uit.naam, &w);
        }
        if let Some(c) = gedeeld {
            let _ = c.set(w.clone());
        }
        if let Some(p) = plek {
            self.geheugen.zet(p, slot, w.clone(), self.kern.slots);
        }
        (Ok(w), obj)
    }

    /// Count one operation (Rhai's limit on runaway rules).
    pub(crate) fn tel(&mut self, pos: Position) -> Result<(), Fout> {
        self.ops += 1;
        if self.ops > MAX_OPERATIES {
            return Err(EvalAltResult::ErrorTooManyOperations(pos).into());
        }
        Ok(())
    }

    /// Run a compiled function whose arguments are on the frame stack from `basis` on; the
    /// frame is popped when it returns.
    pub fn roep(&mut self, f: &CFunctie, basis: usize, pos: Position) -> Result<W, Fout> {
        let r = self.roep_zonder_afbouw(f, basis, pos);
        self.ruim_op(basis);
        r
    }

    /// `roep`, leaving the frame on the stack (the caller takes its arguments back first).
    fn roep_zonder_afbouw(&mut self, f: &CFunctie, basis: usize, pos: Position) -> Result<W, Fout> {
        if self.diepte >= MAX_DIEPTE {
            return Err(EvalAltResult::ErrorStackOverflow(pos).into());
        }
        self.tel(pos)?;
        self.diepte += 1;
        if self.stack.len() < basis + f.locals {
            self.stack.resize_with(basis + f.locals, || W::Unit);
        }
        let r = f.code.voer_uit(self, basis);
        self.diepte -= 1;
        match r {
            Ok(w) => Ok(w),
            Err(Stroom::Terug(w)) => Ok(w),
            Err(Stroom::Fout(e)) => Err(e),
            Err(Stroom::Breek) | Err(Stroom::Verder) => {
                Err(EvalAltResult::LoopBreak(false, rhai::Dynamic::UNIT, pos).into())
            }
        }
    }

    /// A helper function (`private fn`) or a quantity called as a function, with its
    /// arguments on the frame stack from `basis` on.
    pub(crate) fn script(&mut self, i: usize, basis: usize, pos: Position) -> Result<W, Fout> {
        let uit = &self.kern.uitvoer[i];
        if let Some(p) = &uit.nog_niet_vastgesteld {
            self.ruim_op(basis);
            super::markeer_nog_niet_vastgesteld(&uit.naam, p);
            return Err(EvalAltResult::ErrorRuntime(
                format!("`{p}` is nog niet vastgesteld").into(),
                pos,
            )
            .into());
        }
        let r = match &uit.gecompileerd {
            Ok(f) => self.roep(f, basis, pos),
            Err(_) => {
                let args: Vec<W> = self.stack.drain(basis..).collect();
                self.interpreteer(&uit.naam, &args)
            }
        };
        r.map_err(|e| {
            EvalAltResult::ErrorInFunctionCall(uit.naam.to_string(), String::new(), e, pos).into()
        })
    }

    /// A property of a computed object: a data field or a quantity.
    pub(crate) fn prop(&mut self, o: W, prop: &Prop, pos: Position) -> Result<W, Fout> {
        match prop {
            Prop::Gegeven(eig) => eig
                .lees(&o)
                .map_err(|m| EvalAltResult::ErrorRuntime(m.into(), pos).into()),
            Prop::Grootheid {
                functie,
                niveau,
                slot,
                ..
            } => self.grootheid(*functie, *niveau, *slot, o, None, pos).0,
        }
    }
}

/// A binary operator with Rhai's semantics for the value types of rules.
pub fn bin(op: Op, x: &W, y: &W, pos: Position) -> Result<W, Fout> {
    match (x, y) {
        (W::Int(a), W::Int(b)) => {
            let (a, b) = (*a, *b);
            let r = match op {
                Op::Plus => a
                    .checked_add(b)
                    .ok_or_else(|| format!("Addition overflow: {a} + {b}")),
                Op::Min => a
                    .checked_sub(b)
                    .ok_or_else(|| format!("Subtraction overflow: {a} - {b}")),
                Op::Maal => a
                    .checked_mul(b)
                    .ok_or_else(|| format!("Multiplication overflow: {a} * {b}")),
                Op::Deel if b == 0 => Err(format!("Division by zero: {a} / {b}")),
                Op::Deel => a
                    .checked_div(b)
                    .ok_or_else(|| format!("Division overflow: {a} / {b}")),
                Op::Rest => a
                    .checked_rem(b)
                    .ok_or_else(|| format!("Modulo division by zero or overflow: {a} % {b}")),
                _ => return Ok(W::Bool(vergelijk(op, a.cmp(&b)))),
            };
            r.map(W::Int).map_err(|m| rekenfout(m, pos))
        }
        (W::Dec(_) | W::Int(_), W::Dec(_) | W::Int(_)) => {
            let (a, b) = (
                als_dec(x).unwrap_or_default(),
                als_dec(y).unwrap_or_default(),
            );
            let r = match op {
                Op::Plus => a
                    .checked_add(b)
                    .ok_or_else(|| format!("Addition overflow: {a} + {b}")),
                Op::Min => a
                    .checked_sub(b)
                    .ok_or_else(|| format!("Subtraction overflow: {a} - {b}")),
                Op::Maal => a
                    .checked_mul(b)
                    .ok_or_else(|| format!("Multiplication overflow: {a} * {b}")),
                Op::Deel if b.is_zero() => Err(format!("Division by zero: {a} / {b}")),
                Op::Deel => a
                    .checked_div(b)
                    .ok_or_else(|| format!("Division overflow: {a} / {b}")),
                Op::Rest => a
                    .checked_rem(b)
                    .ok_or_else(|| format!("Modulo division by zero or overflow: {a} % {b}")),
                _ => return Ok(W::Bool(vergelijk(op, a.cmp(&b)))),
            };
            r.map(W::Dec).map_err(|m| rekenfout(m, pos))
        }
        (W::Str(a), W::Str(b)) => match op {
            Op::Plus => plak(a, b, pos),
            Op::Min | Op::Maal | Op::Deel | Op::Rest => Err(niet_gevonden(
                format!("{} (string, string)", op.teken()),
                pos,
            )),
            _ => Ok(W::Bool(vergelijk(op, a.as_str().cmp(b.as_str())))),
        },
        // Text plus a number, boolean or `()` concatenates, as in Rhai.
        (W::Str(_), _) | (_, W::Str(_))
            if op == Op::Plus && tekstvorm(x).is_some() && tekstvorm(y).is_some() =>
        {
            plak(
                &tekstvorm(x).unwrap_or_default(),
                &tekstvorm(y).unwrap_or_default(),
                pos,
            )
        }
        (W::Bool(a), W::Bool(b)) if !rekenkundig(op) => Ok(W::Bool(vergelijk(op, a.cmp(b)))),
        (W::Datum(a), W::Datum(b)) if !rekenkundig(op) => Ok(W::Bool(vergelijk(op, a.cmp(b)))),
        (W::Unit, W::Unit) if !rekenkundig(op) => Ok(W::Bool(op == Op::Gelijk)),
        (W::Pers(a), W::Pers(b)) if matches!(op, Op::Gelijk | Op::Ongelijk) => {
            let gelijk = Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx;
            Ok(W::Bool(gelijk == (op == Op::Gelijk)))
        }
        _ if !rekenkundig(op) && std::mem::discriminant(x) != std::mem::discriminant(y) => {
            Ok(W::Bool(op == Op::Ongelijk))
        }
        _ => Err(niet_gevonden(
            format!("{} ({}, {})", op.teken(), x.type_naam(), y.type_naam()),
            pos,
        )),
    }
}

/// How Rhai writes a value when it is added to text (`None`: not supported compiled).
fn tekstvorm(w: &W) -> Option<String> {
    match w {
        W::Str(s) => Some(s.to_string()),
        W::Int(i) => Some(i.to_string()),
        W::Dec(d) => Some(d.to_string()),
        W::Bool(b) => Some(b.to_string()),
        W::Unit => Some(String::new()),
        _ => None,
    }
}

fn rekenkundig(op: Op) -> bool {
    matches!(op, Op::Plus | Op::Min | Op::Maal | Op::Deel | Op::Rest)
}

/// Whether an ordering satisfies a comparison operator.
pub(crate) fn vergelijk(op: Op, o: Ordering) -> bool {
    match op {
        Op::Gelijk => o == Ordering::Equal,
        Op::Ongelijk => o != Ordering::Equal,
        Op::Kleiner => o == Ordering::Less,
        Op::KleinerGelijk => o != Ordering::Greater,
        Op::Groter => o == Ordering::Greater,
        Op::GroterGelijk => o != Ordering::Less,
        _ => false,
    }
}

/// The position of an expression, for errors that name it.
pub(crate) fn positie(e: &Ex) -> Position {
    match e {
        Ex::Neg(_, p)
        | Ex::Niet(_, p)
        | Ex::Bin(_, _, _, p)
        | Ex::En(_, p)
        | Ex::Of(_, p)
        | Ex::Prop(_, _, p)
        | Ex::Native(_, _, p)
        | Ex::Script(_, _, p)
        | Ex::Inkomen(_, _, p)
        | Ex::InkomenVast(_, _, p)
        | Ex::Bevat(_, _, p)
        | Ex::Bereik(_, _, _, p) => *p,
        _ => Position::NONE,
    }
}

/// `p.inkomen(soort)` with a soort or a list of soorten computed at run time.
pub(crate) fn inkomen(p: &W, soort: &W, pos: Position) -> Result<W, Fout> {
    let W::Pers(p) = p else {
        return Err(niet_gevonden(
            format!("inkomen ({}, {})", p.type_naam(), soort.type_naam()),
            pos,
        ));
    };
    let fout = |m: String| -> Fout { EvalAltResult::ErrorRuntime(m.into(), pos).into() };
    match soort {
        W::Str(s) => super::types::inkomen_van(p, s).map(W::Dec).map_err(fout),
        W::Arr(lijst) => {
            let mut som = Decimal::ZERO;
            for s in lijst.iter() {
                let W::Str(s) = s else {
                    return Err(fout(format!(
                        "verwacht een inkomenssoort, kreeg {}",
                        s.type_naam()
                    )));
                };
                som += super::types::inkomen_van(p, s).map_err(fout)?;
            }
            Ok(W::Dec(som))
        }
        ander => Err(niet_gevonden(
            format!("inkomen (persoon, {})", ander.type_naam()),
            pos,
        )),
    }
}

#[inline(always)]
fn getal(w: &W, nat: Nat, pos: Position) -> Result<Decimal, Fout> {
    match w {
        W::Dec(d) => Ok(*d),
        W::Int(i) => Ok(Decimal::from(*i)),
        w => Err(geen_getal(w, nat, pos)),
    }
}

#[cold]
#[inline(never)]
fn geen_getal(w: &W, nat: Nat, pos: Position) -> Fout {
    EvalAltResult::ErrorRuntime(
        format!(
            "{}: verwacht een getal, kreeg {}",
            nat.naam(),
            w.type_naam()
        )
        .into(),
        pos,
    )
    .into()
}

/// A natively called helper on its arguments.
pub(crate) fn native(nat: Nat, a: &[&W], pos: Position) -> Result<W, Fout> {
    use super::helpers as h;
    let g = |i: usize| getal(a[i], nat, pos);
    let rt = |m: String| -> Fout { EvalAltResult::ErrorRuntime(m.into(), pos).into() };
    Ok(match nat {
        Nat::Min | Nat::Max => match (a[0], a[1]) {
            (W::Int(x), W::Int(y)) => W::Int(if nat == Nat::Min {
                *x.min(y)
            } else {
                *x.max(y)
            }),
            _ => {
                let (x, y) = (g(0)?, g(1)?);
                W::Dec(if nat == Nat::Min {
                    if x <= y {
                        x
                    } else {
                        y
                    }
                } else if x >= y {
                    x
                } else {
                    y
                })
            }
        },
        Nat::Abs => match a[0] {
            W::Int(x) => W::Int(
                x.checked_abs()
                    .ok_or_else(|| rekenfout(format!("Negation overflow: -{x}"), pos))?,
            ),
            _ => W::Dec(g(0)?.abs()),
        },
        Nat::Positief => W::Dec(h::positief(g(0)?)),
        Nat::Begrens => W::Dec(h::begrens(g(0)?, g(1)?, g(2)?)),
        Nat::Afbouw => W::Dec(h::afbouw(g(0)?, g(1)?, g(2)?, g(3)?)),
        Nat::AfrondenEuros => W::Dec(h::afronden_euros(g(0)?)),
        Nat::AfrondenEurosBeneden => W::Dec(h::afronden_euros_beneden(g(0)?)),
        Nat::AfrondenCenten => W::Dec(h::afronden_centen(g(0)?)),
        Nat::Decimaal => W::Dec(g(0)?),
        Nat::Schijven | Nat::Stuksgewijs => {
            let bedrag = g(0)?;
            let W::Arr(tabel) = a[1] else {
                return Err(rt(format!(
                    "{}: verwacht een tabel, kreeg {}",
                    nat.naam(),
                    a[1].type_naam()
                )));
            };
            let rijen = tabel.als_tabel().map_err(|m| rt(m.to_string()))?;
            let r = if nat == Nat::Schijven {
                h::schijven_kern(bedrag, rijen.iter().map(|r| Ok((r[0], r[1]))))
            } else {
                h::stuksgewijs_kern(bedrag, rijen.iter().map(|r| Ok((r[2], r[3], r[4]))))
            };
            W::Dec(r.map_err(rt)?)
        }
        Nat::LeeftijdOp => match (a[0], a[1]) {
            (W::Datum(g), W::Datum(d)) => W::Int(h::leeftijd(*g, *d)),
            (x, y) => {
                return Err(niet_gevonden(
                    format!("leeftijd_op ({}, {})", x.type_naam(), y.type_naam()),
                    pos,
                ))
            }
        },
        Nat::Datum => match (a[0], a[1], a[2]) {
            (W::Int(j), W::Int(m), W::Int(d)) => W::Datum(h::maak_datum(*j, *m, *d).map_err(rt)?),
            (x, y, z) => {
                return Err(niet_gevonden(
                    format!(
                        "datum ({}, {}, {})",
                        x.type_naam(),
                        y.type_naam(),
                        z.type_naam()
                    ),
                    pos,
                ))
            }
        },
    })
}

/// `-x` for a number.
pub(crate) fn neg(w: W, pos: Position) -> Result<W, Fout> {
    match w {
        W::Dec(d) => Ok(W::Dec(-d)),
        W::Int(i) => i
            .checked_neg()
            .map(W::Int)
            .ok_or_else(|| rekenfout(format!("Negation overflow: -{i}"), pos)),
        w => Err(niet_gevonden(format!("- ({})", w.type_naam()), pos)),
    }
}
