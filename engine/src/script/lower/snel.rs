//! The leaf pieces of the lowering: closure constructors, constant folding, the decimal fast
//! path of the operators, the errors of conditions, `!` and ranges, and the loops over a list and
//! over an object's dates or years.

use rust_decimal::Decimal;

use crate::model::objecten::{vervang, weg, W};
use crate::script::fout::Soort;
use crate::script::helpers;
use crate::script::ir::{Ex, Op, Pos};
use crate::script::rekenen;
use std::sync::Arc;

use crate::model::velden::Eig;
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

/// A binary operator; decimals, and a decimal with a whole number (the common cases), without
/// the generic dispatch. The same values and errors as `rekenen::bin`.
#[inline(always)]
pub(super) fn bin(op: Op, x: &W, y: &W, pos: Pos) -> Result<W, Stroom> {
    let (a, b) = match (x, y) {
        (W::Dec(a), W::Dec(b)) => (*a, *b),
        (W::Int(a), W::Int(b)) => {
            if let Some(w) = bin_geheel(op, *a, *b) {
                return Ok(w);
            }
            return rekenen::bin(op, x, y).map_err(|s| fout(s, pos));
        }
        // a whole number with a decimal computes in decimals (`rekenen::bin`)
        (W::Dec(a), W::Int(b)) => (*a, Decimal::from(*b)),
        (W::Int(a), W::Dec(b)) => (Decimal::from(*a), *b),
        _ => return rekenen::bin(op, x, y).map_err(|s| fout(s, pos)),
    };
    let r = match op {
        Op::Plus => a.checked_add(b),
        Op::Min => a.checked_sub(b),
        Op::Maal => a.checked_mul(b),
        Op::Gelijk
        | Op::Ongelijk
        | Op::Kleiner
        | Op::KleinerGelijk
        | Op::Groter
        | Op::GroterGelijk => {
            let o = vergelijk_decimaal(&a, &b);
            return Ok(W::Bool(rekenen::vergelijk(op, o)));
        }
        // division by zero is an error of `rekenen::bin`
        Op::Deel if !b.is_zero() => a.checked_div(b),
        Op::Deel | Op::Rest => None,
    };
    if let Some(r) = r {
        return Ok(W::Dec(r));
    }
    // overflow, `%`, division by zero: the error (or value) of the generic path
    rekenen::bin(op, x, y).map_err(|s| fout(s, pos))
}

/// Two whole numbers: `+`, `-`, `*` without overflow and the comparisons, as `rekenen::bin`
/// gives them; `None` for the rest (division, `%`, an overflow), which the generic path computes.
#[inline(always)]
fn bin_geheel(op: Op, a: i64, b: i64) -> Option<W> {
    Some(match op {
        Op::Plus => W::Int(a.checked_add(b)?),
        Op::Min => W::Int(a.checked_sub(b)?),
        Op::Maal => W::Int(a.checked_mul(b)?),
        Op::Deel | Op::Rest => return None,
        vergelijking => W::Bool(rekenen::vergelijk(vergelijking, a.cmp(&b))),
    })
}

/// The sum of amounts, bit for bit as `Iterator::sum` (rust_decimal gives `0 + x` as `x`, in
/// its own scale, and `x + 0` as `x`), without an addition for the zeros: most of a person's
/// income kinds are zero.
#[inline(always)]
pub(super) fn som_van(bedragen: impl Iterator<Item = Decimal>) -> Decimal {
    bedragen.fold(Decimal::ZERO, |som, x| {
        if som.is_zero() {
            x
        } else if x.is_zero() {
            som
        } else {
            som + x
        }
    })
}

/// Two decimals compared as rust_decimal's `Ord` compares them: of the same scale, by their
/// mantissas (an `i128` comparison: the sign included, and `-0` equal to `0`); else by `Ord`,
/// which first brings them to one scale.
#[inline(always)]
pub(super) fn vergelijk_decimaal(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(b)
    }
}

/// A comparison as a boolean, as `rekenen::bin` gives it (`None`: not two numbers, two dates or
/// two booleans).
#[inline(always)]
pub(super) fn vergelijk_snel(op: Op, x: &W, y: &W) -> Option<bool> {
    let o = match (x, y) {
        (W::Dec(a), W::Dec(b)) => vergelijk_decimaal(a, b),
        (W::Int(a), W::Int(b)) => a.cmp(b),
        (W::Dec(a), W::Int(b)) => a.cmp(&Decimal::from(*b)),
        (W::Int(a), W::Dec(b)) => Decimal::from(*a).cmp(b),
        (W::Datum(a), W::Datum(b)) => a.cmp(b),
        (W::Bool(a), W::Bool(b)) => a.cmp(b),
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

/// `f` on a computed value, which is then dropped inline (`weg`): an intermediate value is
/// mostly a number, and the generic drop of a temporary is an out-of-line call.
#[inline(always)]
pub(super) fn gebruik<T>(w: W, f: impl FnOnce(&W) -> T) -> T {
    let r = f(&w);
    weg(w);
    r
}

/// A computed condition's value as a boolean, else the error at `pos`.
#[inline(always)]
pub(super) fn als_bool(w: W, pos: Pos) -> Result<bool, Stroom> {
    gebruik(w, |w| match w {
        W::Bool(b) => Ok(*b),
        w => Err(geen_bool(w, pos)),
    })
}

/// `!w`: a boolean's negation, else the error at `pos`.
pub(super) fn niet(w: W, pos: Pos) -> Result<bool, Stroom> {
    match w {
        W::Bool(b) => Ok(!b),
        w => Err(fout(
            Soort::NietVoorDezeWaarden(format!("! ({})", w.type_naam())),
            pos,
        )),
    }
}

/// The value of an expression of constants only (`aow_leeftijd_jaren * 12 + aow_leeftijd_maanden`,
/// `-x`, `datum(1946, 1, 1)`): operators and helpers are pure and count no operation, so it is
/// computed once, here, and its users read it in place. An error stays for run time.
pub(super) fn gevouwen(e: &Ex) -> Option<W> {
    match e {
        Ex::Const(w) => Some(w.clone()),
        Ex::Bin(op, a, b, _) => rekenen::bin(*op, &gevouwen(a)?, &gevouwen(b)?).ok(),
        Ex::Neg(a, _) => rekenen::neg(gevouwen(a)?).ok(),
        Ex::Native(nat, args, _) => {
            let w: Vec<W> = args.iter().map(gevouwen).collect::<Option<_>>()?;
            helpers::roep(*nat, &w.iter().collect::<Vec<_>>()).ok()
        }
        _ => None,
    }
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
        Ok(w) => {
            weg(w);
            Ok(true)
        }
        Err(Stroom::Verder) => Ok(true),
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
    voor_elk(vm, f, slot, items.iter().cloned(), body, pos)
}

/// `for d in s.kinderen`, `for d in s.medebewoners`, `for j in hh.betaaljaren`: the object's
/// dates or years one by one, without building the list first (the same values, steps and
/// errors as `voor_lijst` over it; on any other object, the property and the loop as usual).
pub(super) fn voor_gegevens(
    obj: ExF,
    eig: Eig,
    it: ExF,
    slot: usize,
    body: Arc<[ExF]>,
    pos: Pos,
) -> ExF {
    ex_f(move |vm, f| {
        let o = obj(vm, f)?;
        let datums = match (&o, eig) {
            (W::Sit(s), Eig::Kinderen) => Some(&s.0.kinderen),
            (W::Sit(s), Eig::Medebewoners) => Some(&s.0.medebewoners),
            _ => None,
        };
        if let Some(d) = datums {
            return voor_elk(vm, f, slot, d.iter().map(|d| W::Datum(*d)), &body, pos);
        }
        if let (W::Hh(h), Eig::Betaaljaren) = (&o, eig) {
            let jaren = h.0.betaaljaren.iter().map(|j| W::Int(i64::from(*j)));
            return voor_elk(vm, f, slot, jaren, &body, pos);
        }
        let lijst = it(vm, f)?;
        voor_lijst(vm, f, slot, lijst, &body, pos)
    })
}

/// The loop body for each of `waarden` in the loop variable's slot.
fn voor_elk(
    vm: &mut Vm<'_>,
    f: usize,
    slot: usize,
    waarden: impl Iterator<Item = W>,
    body: &[ExF],
    pos: Pos,
) -> Result<W, Stroom> {
    for w in waarden {
        vm.tel(pos)?;
        vervang(&mut vm.stack[f + slot], w);
        if !lus_stap(body, vm, f)? {
            break;
        }
    }
    Ok(W::Unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `bin` gives, as text (`W` has no equality): the value and its type, or the error.
    fn snel(op: Op, x: &W, y: &W) -> String {
        match bin(op, x, y, Pos::GEEN) {
            Ok(w) => format!("{} {w}", w.type_naam()),
            Err(Stroom::Fout(e)) => format!("fout {:?}", e.soort),
            Err(_) => "stroom".to_string(),
        }
    }

    /// What the generic path gives.
    fn traag(op: Op, x: &W, y: &W) -> String {
        match rekenen::bin(op, x, y) {
            Ok(w) => format!("{} {w}", w.type_naam()),
            Err(s) => format!("fout {s:?}"),
        }
    }

    const OPS: [Op; 11] = [
        Op::Plus,
        Op::Min,
        Op::Maal,
        Op::Deel,
        Op::Rest,
        Op::Gelijk,
        Op::Ongelijk,
        Op::Kleiner,
        Op::KleinerGelijk,
        Op::Groter,
        Op::GroterGelijk,
    ];

    fn waarden(d: Decimal, i: i64) -> [W; 4] {
        [W::Dec(d), W::Int(i), W::Dec(Decimal::ZERO), W::Int(0)]
    }

    #[test]
    fn randgevallen_als_de_algemene_weg() {
        let groot = [
            W::Dec(Decimal::MAX),
            W::Dec(Decimal::MIN),
            W::Int(i64::MAX),
            W::Int(i64::MIN),
            W::Dec(Decimal::new(-0, 2)),
            W::Dec(Decimal::new(1, 28)),
            W::Bool(true),
            W::Str("x".into()),
        ];
        for op in OPS {
            for x in &groot {
                for y in &groot {
                    assert_eq!(snel(op, x, y), traag(op, x, y), "{x} {op:?} {y}");
                    if is_vergelijking(op) {
                        if let Some(b) = vergelijk_snel(op, x, y) {
                            assert_eq!(format!("waar/onwaar {b}"), traag(op, x, y));
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Decimals and whole numbers, mixed: the fast path gives exactly the generic path's
        /// value or error, for every operator.
        #[test]
        fn gemengd_als_de_algemene_weg(
            lo: u32, mid: u32, hi in 0u32..4, neg: bool, scale in 0u32..=28, i: i64, klein in -1000i64..1000,
        ) {
            let d = Decimal::from_parts(lo, mid, hi, neg, scale);
            for x in waarden(d, i).iter().chain(&[W::Int(klein)]) {
                for y in waarden(d, klein).iter().chain(&[W::Int(i)]) {
                    for op in OPS {
                        proptest::prop_assert_eq!(snel(op, x, y), traag(op, x, y));
                        if let Some(b) = vergelijk_snel(op, x, y).filter(|_| is_vergelijking(op)) {
                            proptest::prop_assert_eq!(format!("waar/onwaar {b}"), traag(op, x, y));
                        }
                    }
                }
            }
        }

        /// A sum without the additions of zeros is bit for bit `Iterator::sum` (value, scale
        /// and sign, as the trace shows them).
        #[test]
        fn som_als_iterator_sum(
            delen in proptest::collection::vec((-1_000_000i64..1_000_000, 0u32..6, 0u8..3), 0..8),
        ) {
            let bedragen: Vec<Decimal> = delen
                .iter()
                .map(|(m, s, nul)| Decimal::new(if *nul == 0 { 0 } else { *m }, *s))
                .map(|d| if d.is_zero() && delen.len() % 2 == 0 { -d } else { d })
                .collect();
            let snel = som_van(bedragen.iter().copied());
            let traag: Decimal = bedragen.iter().copied().sum();
            proptest::prop_assert_eq!(snel.serialize(), traag.serialize());
        }

        /// Two decimals compare as rust_decimal's `Ord`: of one scale (signs, zeros, the
        /// largest mantissas) and of two.
        #[test]
        fn decimalen_vergelijken_als_ord(
            a: i64, b: i64, hoog in 0u32..2, s in 0u32..=28, t in 0u32..=28, nul: bool,
        ) {
            let d = |m: i64, schaal: u32| {
                let d = Decimal::from_i128_with_scale(i128::from(m) << (31 * hoog), schaal);
                if nul && m % 3 == 0 { -Decimal::new(0, schaal) } else { d }
            };
            for (x, y) in [(d(a, s), d(b, s)), (d(a, s), d(b, t)), (d(a, s), d(a, s)), (d(a, s), -d(a, s))] {
                proptest::prop_assert_eq!(vergelijk_decimaal(&x, &y), x.cmp(&y), "{} {}", x, y);
            }
        }

        /// Dates and booleans compare as in the generic path.
        #[test]
        fn datums_en_logisch(a in 0i32..100_000, b in 0i32..100_000, p: bool, q: bool) {
            let datum = |n: i32| {
                W::Datum(chrono::NaiveDate::from_num_days_from_ce_opt(n + 1).unwrap_or_default())
            };
            for (x, y) in [(datum(a), datum(b)), (W::Bool(p), W::Bool(q))] {
                for op in OPS.into_iter().filter(|o| is_vergelijking(*o)) {
                    let b = vergelijk_snel(op, &x, &y).map(|b| format!("waar/onwaar {b}"));
                    proptest::prop_assert_eq!(b, Some(traag(op, &x, &y)));
                }
            }
        }
    }
}
