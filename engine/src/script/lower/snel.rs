//! The leaf pieces of the lowering: closure constructors, the decimal fast path of the
//! operators, the errors of conditions and ranges, and the run of one loop body.

use crate::model::objecten::W;
use crate::script::fout::Soort;
use crate::script::ir::{Op, Pos};
use crate::script::rekenen;
use crate::script::vm::{blok, fout, ExF, Stroom, Vm};

/// A lowered condition (`if`, `while`, `&&`, `||`): a boolean, or the error.
pub(super) type CondF = Box<dyn Fn(&mut Vm<'_>, usize) -> Result<bool, Stroom> + Send + Sync>;

/// A closure as a lowered expression.
pub(super) fn ex_f(
    f: impl Fn(&mut Vm<'_>, usize) -> Result<W, Stroom> + Send + Sync + 'static,
) -> ExF {
    Box::new(f)
}

/// A closure as a lowered condition.
pub(super) fn cond_f(
    f: impl Fn(&mut Vm<'_>, usize) -> Result<bool, Stroom> + Send + Sync + 'static,
) -> CondF {
    Box::new(f)
}

/// A binary operator; decimals (the common case) without the generic dispatch.
#[inline(always)]
pub(super) fn bin(op: Op, x: &W, y: &W, pos: Pos) -> Result<W, Stroom> {
    if let (W::Dec(a), W::Dec(b)) = (x, y) {
        let r = match op {
            Op::Plus => a.checked_add(*b),
            Op::Min => a.checked_sub(*b),
            Op::Maal => a.checked_mul(*b),
            Op::Gelijk => return Ok(W::Bool(a == b)),
            Op::Ongelijk => return Ok(W::Bool(a != b)),
            Op::Kleiner => return Ok(W::Bool(a < b)),
            Op::KleinerGelijk => return Ok(W::Bool(a <= b)),
            Op::Groter => return Ok(W::Bool(a > b)),
            Op::GroterGelijk => return Ok(W::Bool(a >= b)),
            Op::Deel | Op::Rest => None,
        };
        if let Some(r) = r {
            return Ok(W::Dec(r));
        }
    }
    rekenen::bin(op, x, y).map_err(|s| fout(s, pos))
}

/// A comparison as a boolean (`None`: not a comparison of two decimals or two integers).
#[inline(always)]
pub(super) fn vergelijk_snel(op: Op, x: &W, y: &W) -> Option<bool> {
    let o = match (x, y) {
        (W::Dec(a), W::Dec(b)) => a.cmp(b),
        (W::Int(a), W::Int(b)) => a.cmp(b),
        _ => return None,
    };
    Some(rekenen::vergelijk(op, o))
}

pub(super) fn is_vergelijking(op: Op) -> bool {
    matches!(
        op,
        Op::Gelijk | Op::Ongelijk | Op::Kleiner | Op::KleinerGelijk | Op::Groter | Op::GroterGelijk
    )
}

/// The error for a condition that is not a boolean.
pub(super) fn geen_bool(w: &W, pos: Pos) -> Stroom {
    fout(Soort::GeenWaarOfOnwaar(w.type_naam()), pos)
}

pub(super) fn geen_bereik() -> Soort {
    Soort::NietVoorDezeWaarden("een bereik van getallen die niet geheel zijn".to_string())
}

/// Run a loop body once: `Ok(true)` to go on, `Ok(false)` after `break`.
#[inline]
pub(super) fn lus_stap(body: &[ExF], vm: &mut Vm<'_>, f: usize) -> Result<bool, Stroom> {
    match blok(body, vm, f) {
        Ok(_) | Err(Stroom::Verder) => Ok(true),
        Err(Stroom::Breek) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `for x in lijst` over a computed value.
pub(super) fn voor_lijst(
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
