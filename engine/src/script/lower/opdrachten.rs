//! Lowering of statements: assignment, `if`, the loops, `break`, `continue`, `return`.

use std::sync::Arc;

use super::{bin, blok, blok_f, cond, ex, ex_f, geen_bereik, ExF};
use crate::model::objecten::Persoon;
use crate::model::objecten::W;
use crate::model::velden::Eig;
use crate::script::fout::Soort;
use crate::script::ir::{Ex, Pos, Prop, St};
use crate::script::vm::{fout, Stroom, Vm};

/// Run a loop body once: `Ok(true)` to go on, `Ok(false)` after `break`.
#[inline]
fn lus_stap(body: &[ExF], vm: &mut Vm<'_>, f: usize) -> Result<bool, Stroom> {
    match blok(body, vm, f) {
        Ok(_) | Err(Stroom::Verder) => Ok(true),
        Err(Stroom::Breek) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Lower a statement (its value is `()` except for an expression statement).
pub(super) fn st(s: &St) -> ExF {
    match s {
        St::Niets => ex_f(|_, _| Ok(W::Unit)),
        St::Ex(e) => ex(e),
        St::Let(slot, e) | St::Zet(slot, None, e, _) => {
            let (slot, x) = (*slot, ex(e));
            ex_f(move |vm, f| {
                let w = x(vm, f)?;
                vm.stack[f + slot] = w;
                Ok(W::Unit)
            })
        }
        St::Zet(slot, Some(op), e, pos) => {
            let (slot, op, x, pos) = (*slot, *op, ex(e), *pos);
            ex_f(move |vm, f| {
                let w = x(vm, f)?;
                let nieuw = bin(op, &vm.stack[f + slot], &w, pos)?;
                vm.stack[f + slot] = nieuw;
                Ok(W::Unit)
            })
        }
        St::Als(c, a, b) => {
            let (c, a, b) = (cond(c, c.positie()), blok_f(a), blok_f(b));
            ex_f(move |vm, f| {
                if c(vm, f)? {
                    blok(&a, vm, f)
                } else {
                    blok(&b, vm, f)
                }
            })
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
                vm.stack[f + slot] = W::Int(i);
                if !lus_stap(&body, vm, f)? {
                    break;
                }
            }
            Ok(W::Unit)
        });
    }
    let it = ex(iter);
    let Ex::Prop(obj, Prop::Gegeven(Eig::Personen), _) = iter else {
        return ex_f(move |vm, f| {
            let lijst = it(vm, f)?;
            voor_lijst(vm, f, slot, lijst, &body, pos)
        });
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

/// `for x in lijst` over a computed value.
fn voor_lijst(
    vm: &mut Vm<'_>,
    f: usize,
    slot: usize,
    lijst: W,
    body: &[ExF],
    pos: Pos,
) -> Result<W, Stroom> {
    let W::Arr(items) = lijst else {
        return Err(fout(
            Soort::NietVoorDezeWaarden(format!("for over een {}", lijst.type_naam())),
            pos,
        ));
    };
    for w in items.iter() {
        vm.tel(pos)?;
        vm.stack[f + slot] = w.clone();
        if !lus_stap(body, vm, f)? {
            break;
        }
    }
    Ok(W::Unit)
}
