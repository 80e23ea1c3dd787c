//! Lowering: turns the instruction tree of a compiled rule function (`compile.rs`: `Ex`, `St`)
//! into a tree of Rust closures, once per pack. `vm.rs` then runs a function by calling its
//! closures; there is no per-node `match` on the instruction kind at run time.
//!
//! Why: walking the instruction tree spends most of its time in the generic dispatch and in
//! copying and dropping intermediate values. Lowering resolves the shape of each node once:
//! an operand that is a local variable or a constant is read in place (no copy, no reference
//! count), constant sub-expressions are folded, conditions yield a `bool` directly, decimal
//! arithmetic and comparisons take a fast path, and a function's arguments go straight onto
//! the frame stack.
//!
//! Semantics are exactly those of the tree (and so of Rhai, which `tests/compiler.rs` checks):
//! the same evaluation order, the same operation counting and the same errors at the same
//! positions. One subtlety: a local is read in place after the other operand is evaluated only
//! when that operand cannot assign to a local (it contains no statement block).

use std::sync::Arc;

use super::fout::{Soort, MAX_LIJST, MAX_TEKST};
use super::ir::{Ex, Kind, Nat, Op, Pos, Prop, St};
use super::vm::{blok, fout, Code, ExF, Stroom};
use super::{helpers, rekenen};
use crate::model::objecten::Persoon;
use crate::model::velden::Eig;
use crate::model::Niveau;

mod keten;
mod snel;
use crate::model::objecten::{vervang, weg, Lijst, W};
use snel::{
    als_bool, bin, cond_f, ex_f, gebruik, geen_bereik, geen_bool, gevouwen, is_vergelijking,
    lus_stap, niet, som_van, vergelijk_snel, voor_gegevens, voor_lijst, CondF,
};

/// Lower a function body.
pub fn lager(body: &[St]) -> Code {
    Code::nieuw(body.iter().map(st).collect::<Vec<_>>().into())
}

fn blok_f(b: &[St]) -> Arc<[ExF]> {
    b.iter().map(st).collect::<Vec<_>>().into()
}

/// A block or a branch of `if`: its value is the value of its last statement (`return` and
/// `break` pass through). One statement is called directly, without a block around it.
fn tak(b: &[St]) -> ExF {
    if let [s] = b {
        return st(s);
    }
    let b = blok_f(b);
    ex_f(move |vm, f| blok(&b, vm, f))
}

/// Whether evaluating `e` could assign to a local variable (only a statement block can).
fn kan_toewijzen(e: &Ex) -> bool {
    !Kind::Ex(e).overal(&mut |k| matches!(k, Kind::Ex(Ex::Blok(_))).then_some(false))
}

/// An operand: read in place (a local, a constant) or computed.
enum Opd {
    Local(usize),
    Const(W),
    Dyn(ExF),
}

fn opd(e: &Ex) -> Opd {
    match (e, gevouwen(e)) {
        (Ex::Local(s), _) => Opd::Local(*s),
        (_, Some(w)) => Opd::Const(w),
        (e, None) => Opd::Dyn(ex(e)),
    }
}

/// Operands of a helper call: computed ones first (left to right), then every operand by
/// reference. When a computed operand could assign to a local, locals are computed too, in
/// their turn, so the order of reads is the tree's.
fn opds(args: &[Ex]) -> Vec<Opd> {
    if args.iter().any(kan_toewijzen) {
        args.iter()
            .map(|e| match e {
                Ex::Const(w) => Opd::Const(w.clone()),
                e => Opd::Dyn(ex(e)),
            })
            .collect()
    } else {
        args.iter().map(opd).collect()
    }
}

fn ex_bin(op: Op, a: &Ex, b: &Ex, pos: Pos) -> ExF {
    let (x, y) = (opd(a), opd(b));
    match (x, y) {
        // constants that do not fold (`gevouwen`): the error, at run time
        (Opd::Const(c), Opd::Const(d)) => ex_f(move |_, _| bin(op, &c, &d, pos)),
        (Opd::Local(i), Opd::Local(j)) => {
            ex_f(move |vm, f| bin(op, &vm.stack[f + i], &vm.stack[f + j], pos))
        }
        (Opd::Local(i), Opd::Const(d)) => ex_f(move |vm, f| bin(op, &vm.stack[f + i], &d, pos)),
        (Opd::Const(c), Opd::Local(j)) => ex_f(move |vm, f| bin(op, &c, &vm.stack[f + j], pos)),
        (Opd::Dyn(x), Opd::Const(d)) => {
            ex_f(move |vm, f| gebruik(x(vm, f)?, |a| bin(op, a, &d, pos)))
        }
        (Opd::Dyn(x), Opd::Local(j)) => ex_f(move |vm, f| {
            let a = x(vm, f)?;
            gebruik(a, |a| bin(op, a, &vm.stack[f + j], pos))
        }),
        (Opd::Const(c), Opd::Dyn(y)) => {
            ex_f(move |vm, f| gebruik(y(vm, f)?, |b| bin(op, &c, b, pos)))
        }
        (Opd::Local(i), Opd::Dyn(y)) => {
            if kan_toewijzen(b) {
                ex_f(move |vm, f| {
                    let a = vm.stack[f + i].clone();
                    let b = y(vm, f)?;
                    gebruik(a, |a| gebruik(b, |b| bin(op, a, b, pos)))
                })
            } else {
                ex_f(move |vm, f| {
                    let b = y(vm, f)?;
                    gebruik(b, |b| bin(op, &vm.stack[f + i], b, pos))
                })
            }
        }
        (Opd::Dyn(x), Opd::Dyn(y)) => ex_f(move |vm, f| {
            let a = x(vm, f)?;
            let b = y(vm, f)?;
            gebruik(a, |a| gebruik(b, |b| bin(op, a, b, pos)))
        }),
    }
}

/// A condition: `e` must give a boolean, else the error names `foutpos`.
fn cond(e: &Ex, foutpos: Pos) -> CondF {
    match e {
        Ex::En(xs, pos) => kortsluit(xs, false, *pos),
        Ex::Of(xs, pos) => kortsluit(xs, true, *pos),
        Ex::Bin(op, a, b, pos) if is_vergelijking(*op) => {
            let (op, pos) = (*op, *pos);
            let cmp = move |x: &W, y: &W| -> Result<bool, Stroom> {
                if let Some(b) = vergelijk_snel(op, x, y) {
                    return Ok(b);
                }
                match rekenen::bin(op, x, y).map_err(|s| fout(s, pos))? {
                    W::Bool(b) => Ok(b),
                    w => Err(geen_bool(&w, foutpos)),
                }
            };
            match (opd(a), opd(b)) {
                (Opd::Local(i), Opd::Const(d)) => cond_f(move |vm, f| cmp(&vm.stack[f + i], &d)),
                (Opd::Local(i), Opd::Local(j)) => {
                    cond_f(move |vm, f| cmp(&vm.stack[f + i], &vm.stack[f + j]))
                }
                (Opd::Dyn(x), Opd::Const(d)) => {
                    cond_f(move |vm, f| gebruik(x(vm, f)?, |a| cmp(a, &d)))
                }
                (Opd::Dyn(x), Opd::Local(j)) => cond_f(move |vm, f| {
                    let a = x(vm, f)?;
                    gebruik(a, |a| cmp(a, &vm.stack[f + j]))
                }),
                (Opd::Dyn(x), Opd::Dyn(y)) => cond_f(move |vm, f| {
                    let a = x(vm, f)?;
                    let b = y(vm, f)?;
                    gebruik(a, |a| gebruik(b, |b| cmp(a, b)))
                }),
                _ => {
                    let x = ex_bin(op, a, b, pos);
                    cond_f(move |vm, f| als_bool(x(vm, f)?, foutpos))
                }
            }
        }
        // a local or `!x` as a condition: read in place, negated without a value in between
        Ex::Local(i) => {
            let i = *i;
            cond_f(move |vm, f| match &vm.stack[f + i] {
                W::Bool(b) => Ok(*b),
                w => Err(geen_bool(w, foutpos)),
            })
        }
        Ex::Niet(a, pos) => {
            let (x, pos) = (ex(a), *pos);
            cond_f(move |vm, f| niet(x(vm, f)?, pos))
        }
        e => {
            let x = ex(e);
            cond_f(move |vm, f| als_bool(x(vm, f)?, foutpos))
        }
    }
}

/// `&&` (`stop` = false) and `||` (`stop` = true): the operands left to right until one
/// equals `stop`; an operand that is not a boolean is an error at the operator, as in Rhai.
fn kortsluit(xs: &[Ex], stop: bool, pos: Pos) -> CondF {
    if let [a, b] = xs {
        // two operands (the usual `a && b`): the second decides when the first does not
        let (a, b) = (cond(a, pos), cond(b, pos));
        return cond_f(move |vm, f| {
            if a(vm, f)? == stop {
                Ok(stop)
            } else {
                b(vm, f)
            }
        });
    }
    let xs: Vec<CondF> = xs.iter().map(|x| cond(x, pos)).collect();
    cond_f(move |vm, f| {
        for x in &xs {
            if x(vm, f)? == stop {
                return Ok(stop);
            }
        }
        Ok(!stop)
    })
}

fn ex_prop(obj: &Ex, prop: &Prop, pos: Pos) -> ExF {
    match (obj, prop.clone()) {
        (Ex::Local(i), Prop::Gegeven(eig)) => {
            let i = *i;
            ex_f(move |vm, f| {
                eig.lees(&vm.stack[f + i])
                    .map_err(|m| fout(Soort::Gegeven(m), pos))
            })
        }
        (
            Ex::Local(i),
            Prop::Grootheid {
                functie,
                niveau,
                slot,
                ..
            },
        ) => match niveau {
            Niveau::Huishouden => grootheid_van_local::<0>(*i, functie, slot, pos),
            Niveau::Situatie => grootheid_van_local::<1>(*i, functie, slot, pos),
            Niveau::Persoon => grootheid_van_local::<2>(*i, functie, slot, pos),
        },
        (obj, prop) => {
            let (x, p) = (ex(obj), prop.clone());
            let algemeen = ex_f(move |vm, f| {
                let o = x(vm, f)?;
                vm.prop(o, &p, pos).map_err(Stroom::Fout)
            });
            keten::via_veld_of(obj, &prop, algemeen)
        }
    }
}

/// A quantity of the object in local `i`, of level `NIVEAU` (`Niveau as u8`: a constant in the
/// closure, so finding the memo place is one check of the object's kind).
fn grootheid_van_local<const NIVEAU: u8>(i: usize, functie: usize, slot: usize, pos: Pos) -> ExF {
    ex_f(move |vm, f| {
        let niveau = match NIVEAU {
            0 => Niveau::Huishouden,
            1 => Niveau::Situatie,
            _ => Niveau::Persoon,
        };
        let plek = vm.memo_plek(&vm.stack[f + i], niveau);
        if let Some(w) = vm.memo(plek, slot) {
            return Ok(w.clone());
        }
        // The object is moved out of its slot for the call and back afterwards (no reference
        // count); the callee's frame lies above this one and cannot see it.
        let o = std::mem::replace(&mut vm.stack[f + i], W::Unit);
        let (r, o) = vm.grootheid(functie, slot, o, plek, Some(f), pos);
        vervang(&mut vm.stack[f + i], o);
        r.map_err(Stroom::Fout)
    })
}

fn ex_native(nat: Nat, args: &[Ex], pos: Pos) -> ExF {
    let ops = opds(args);
    // Fixed arity (every helper has one to four arguments, `ir::HELPERS`): arguments in an
    // array on the machine stack, no vector.
    macro_rules! vast {
        ($ops:ident: $($n:literal),*) => {$(
            let $ops = match <[Opd; $n]>::try_from($ops) {
                Ok(a) => return ex_native_n(nat, a, pos),
                Err(v) => v,
            };
        )*};
    }
    vast!(ops: 1, 2, 3, 4);
    let n = ops.len();
    let soort = Soort::NietVoorDezeWaarden(format!("{} met {n} argumenten", nat.naam()));
    ex_f(move |_, _| Err(fout(soort.clone(), pos)))
}

fn ex_native_n<const N: usize>(nat: Nat, ops: [Opd; N], pos: Pos) -> ExF {
    ex_f(move |vm, f| {
        let mut eigen: [W; N] = std::array::from_fn(|_| W::Unit);
        for (k, o) in ops.iter().enumerate() {
            if let Opd::Dyn(x) = o {
                eigen[k] = x(vm, f)?;
            }
        }
        let refs: [&W; N] = std::array::from_fn(|k| match &ops[k] {
            Opd::Local(i) => &vm.stack[f + *i],
            Opd::Const(c) => c,
            Opd::Dyn(_) => &eigen[k],
        });
        let r = match helpers::roep_snel(nat, &refs) {
            Some(w) => Ok(w),
            None => helpers::roep(nat, &refs).map_err(|s| fout(s, pos)),
        };
        eigen.into_iter().for_each(weg);
        r
    })
}

fn ex_script(i: usize, args: &[Ex], pos: Pos) -> ExF {
    let args: Vec<ExF> = args.iter().map(ex).collect();
    ex_f(move |vm, f| {
        // Arguments straight onto the frame stack (a call inside an argument pushes and pops
        // its own frame above them).
        let basis = vm.stack.len();
        for a in &args {
            match a(vm, f) {
                Ok(w) => vm.stack.push(w),
                Err(e) => {
                    vm.ruim_op(basis);
                    return Err(e);
                }
            }
        }
        vm.script(i, basis, pos).map_err(Stroom::Fout)
    })
}

/// Lower an expression.
pub fn ex(e: &Ex) -> ExF {
    if let (false, Some(w)) = (matches!(e, Ex::Const(_)), gevouwen(e)) {
        return ex(&Ex::Const(w));
    }
    match e {
        Ex::Const(w) => {
            let w = w.clone();
            ex_f(move |_, _| Ok(w.clone()))
        }
        Ex::Local(s) => {
            let s = *s;
            ex_f(move |vm, f| Ok(vm.stack[f + s].clone()))
        }
        Ex::Bin(op, a, b, pos) => ex_bin(*op, a, b, *pos),
        Ex::Prop(obj, prop, pos) => ex_prop(obj, prop, *pos),
        Ex::Neg(a, pos) => {
            let (x, pos) = (ex(a), *pos);
            ex_f(move |vm, f| rekenen::neg(x(vm, f)?).map_err(|s| fout(s, pos)))
        }
        Ex::Niet(a, pos) => {
            let (x, pos) = (ex(a), *pos);
            ex_f(move |vm, f| niet(x(vm, f)?, pos).map(W::Bool))
        }
        Ex::En(..) | Ex::Of(..) => {
            // The position is unused: `&&`/`||` always give a boolean or their own error.
            let c = cond(e, Pos::GEEN);
            ex_f(move |vm, f| c(vm, f).map(W::Bool))
        }
        Ex::Native(nat, args, pos) => ex_native(*nat, args, *pos),
        Ex::Script(i, args, pos) => ex_script(*i, args, *pos),
        Ex::Inkomen(p, soort, pos) => {
            let (p, soort, pos) = (ex(p), ex(soort), *pos);
            ex_f(move |vm, f| {
                let p = p(vm, f)?;
                let soort = soort(vm, f)?;
                super::helpers::inkomen(&p, &soort).map_err(|s| fout(s, pos))
            })
        }
        Ex::InkomenVast(p, soorten, pos) => ex_inkomen_vast(p, soorten, *pos),
        Ex::Bevat(lijst, x, pos) => ex_bevat(lijst, x, *pos),
        Ex::Lijst(xs, pos) => ex_lijst(xs, *pos),
        Ex::Bereik(a, b, incl, pos) => ex_bereik(a, b, *incl, *pos),
        Ex::Blok(b) => tak(b),
    }
}

fn ex_inkomen_vast(p: &Ex, soorten: &[usize], pos: Pos) -> ExF {
    let (p, soorten) = (ex(p), soorten.to_vec());
    ex_f(move |vm, f| match p(vm, f)? {
        W::Pers(p) => {
            let data = p.data();
            Ok(W::Dec(som_van(soorten.iter().map(|i| data.inkomen[*i]))))
        }
        ander => Err(fout(
            Soort::NietVoorDezeWaarden(format!("inkomen ({}, lijst)", ander.type_naam())),
            pos,
        )),
    })
}

fn ex_bevat(lijst: &Ex, x: &Ex, pos: Pos) -> ExF {
    // `lijst.contains(x)`: a list and a value that are locals or constants are read in
    // place (the usual `voor.contains("…")`), else computed left to right.
    let ops = opds(&[lijst.clone(), x.clone()]);
    ex_f(move |vm, f| {
        let mut eigen: [W; 2] = [W::Unit, W::Unit];
        for (k, o) in ops.iter().enumerate() {
            if let Opd::Dyn(e) = o {
                eigen[k] = e(vm, f)?;
            }
        }
        let lees = |k: usize| match &ops[k] {
            Opd::Local(i) => &vm.stack[f + *i],
            Opd::Const(c) => c,
            Opd::Dyn(_) => &eigen[k],
        };
        let (lijst, x) = (lees(0), lees(1));
        let W::Arr(items) = lijst else {
            return Err(fout(
                Soort::NietVoorDezeWaarden(format!(
                    "contains ({}, {})",
                    lijst.type_naam(),
                    x.type_naam()
                )),
                pos,
            ));
        };
        for w in items.iter() {
            if let W::Bool(true) = rekenen::bin(Op::Gelijk, w, x).map_err(|s| fout(s, pos))? {
                return Ok(W::Bool(true));
            }
        }
        Ok(W::Bool(false))
    })
}

fn ex_lijst(xs: &[Ex], pos: Pos) -> ExF {
    let xs: Vec<ExF> = xs.iter().map(ex).collect();
    ex_f(move |vm, f| {
        let mut w = Vec::with_capacity(xs.len());
        for x in &xs {
            w.push(x(vm, f)?);
        }
        let lijst = Lijst::from(w);
        if lijst.omvang.elementen > MAX_LIJST {
            return Err(fout(Soort::LijstTeGroot, pos));
        }
        if lijst.omvang.tekst > MAX_TEKST {
            return Err(fout(Soort::TekstTeLang, pos));
        }
        Ok(W::Arr(Arc::new(lijst)))
    })
}

fn ex_bereik(a: &Ex, b: &Ex, incl: bool, pos: Pos) -> ExF {
    let (a, b) = (ex(a), ex(b));
    ex_f(move |vm, f| {
        let (W::Int(x), W::Int(y)) = (a(vm, f)?, b(vm, f)?) else {
            return Err(fout(geen_bereik(), pos));
        };
        let eind = if incl { y.saturating_add(1) } else { y };
        // a range as a value is an array (`for` walks a range without building one)
        if eind.saturating_sub(x) > MAX_LIJST as i64 {
            return Err(fout(Soort::LijstTeGroot, pos));
        }
        Ok(W::Arr(Arc::new(
            (x..eind).map(W::Int).collect::<Vec<_>>().into(),
        )))
    })
}

/// Lower a statement (its value is `()` except for an expression statement).
fn st(s: &St) -> ExF {
    match s {
        St::Niets => ex_f(|_, _| Ok(W::Unit)),
        St::Ex(e) => ex(e),
        St::Let(slot, e) | St::Zet(slot, None, e, _) => {
            let (slot, x) = (*slot, ex(e));
            ex_f(move |vm, f| {
                let w = x(vm, f)?;
                vervang(&mut vm.stack[f + slot], w);
                Ok(W::Unit)
            })
        }
        St::Zet(slot, Some(op), e, pos) => {
            let (slot, op, x, pos) = (*slot, *op, ex(e), *pos);
            ex_f(move |vm, f| {
                let w = x(vm, f)?;
                let nieuw = bin(op, &vm.stack[f + slot], &w, pos)?;
                vervang(&mut vm.stack[f + slot], nieuw);
                Ok(W::Unit)
            })
        }
        St::Als(c, a, b) => {
            let (c, a) = (cond(c, c.positie()), tak(a));
            if b.is_empty() {
                return ex_f(move |vm, f| if c(vm, f)? { a(vm, f) } else { Ok(W::Unit) });
            }
            let b = tak(b);
            ex_f(move |vm, f| if c(vm, f)? { a(vm, f) } else { b(vm, f) })
        }
        St::Voor(slot, iter, body, pos) => st_voor(*slot, iter, blok_f(body), *pos),
        St::Zolang(c, body) => {
            let c = c.as_ref().map(|c| cond(c, c.positie()));
            let body = blok_f(body);
            ex_f(move |vm, f| {
                loop {
                    vm.tel(Pos::GEEN)?;
                    if let Some(c) = &c {
                        if !c(vm, f)? {
                            break;
                        }
                    }
                    if !lus_stap(&body, vm, f)? {
                        break;
                    }
                }
                Ok(W::Unit)
            })
        }
        St::Breek => ex_f(|_, _| Err(Stroom::Breek)),
        St::Verder => ex_f(|_, _| Err(Stroom::Verder)),
        St::Terug(e) => match e {
            Some(e) => {
                let x = ex(e);
                ex_f(move |vm, f| Err(Stroom::Terug(x(vm, f)?)))
            }
            None => ex_f(|_, _| Err(Stroom::Terug(W::Unit))),
        },
    }
}

/// `for x in …`: a range and the persons of a situation are walked one by one, without
/// building an array; anything else must be an array.
fn st_voor(slot: usize, iter: &Ex, body: Arc<[ExF]>, pos: Pos) -> ExF {
    if let Ex::Bereik(a, b, incl, _) = iter {
        let (a, b, incl) = (ex(a), ex(b), *incl);
        return ex_f(move |vm, f| {
            let (W::Int(x), W::Int(y)) = (a(vm, f)?, b(vm, f)?) else {
                return Err(fout(geen_bereik(), pos));
            };
            let eind = if incl { y.saturating_add(1) } else { y };
            for i in x..eind {
                vm.tel(pos)?;
                vervang(&mut vm.stack[f + slot], W::Int(i));
                if !lus_stap(&body, vm, f)? {
                    break;
                }
            }
            Ok(W::Unit)
        });
    }
    let it = ex(iter);
    let obj = match iter {
        Ex::Prop(obj, Prop::Gegeven(Eig::Personen), _) => obj,
        Ex::Prop(
            obj,
            Prop::Gegeven(eig @ (Eig::Kinderen | Eig::Medebewoners | Eig::Betaaljaren)),
            _,
        ) => {
            return voor_gegevens(ex(obj), *eig, it, slot, body, pos);
        }
        _ => {
            return ex_f(move |vm, f| {
                let lijst = it(vm, f)?;
                voor_lijst(vm, f, slot, lijst, &body, pos)
            })
        }
    };
    let obj = ex(obj);
    ex_f(move |vm, f| {
        let W::Sit(s) = obj(vm, f)? else {
            let lijst = it(vm, f)?;
            return voor_lijst(vm, f, slot, lijst, &body, pos);
        };
        let sit = s.0;
        for idx in 0..sit.personen.len() {
            vm.tel(pos)?;
            // The person in the loop variable moves on to the next one in place (no new
            // reference), unless the body put something else there.
            match &mut vm.stack[f + slot] {
                W::Pers(p) if Arc::ptr_eq(&p.sit, &sit) => p.idx = idx,
                plek => {
                    *plek = W::Pers(Persoon {
                        sit: sit.clone(),
                        idx,
                    })
                }
            }
            if !lus_stap(&body, vm, f)? {
                break;
            }
        }
        Ok(W::Unit)
    })
}
