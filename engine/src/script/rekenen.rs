//! The operators of the rule language on values: arithmetic on whole numbers and decimals
//! (one generic path, with overflow and division by zero as errors), comparisons, text joined
//! with `+`, and `-x`.

use std::cmp::Ordering;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::fout::{Soort, MAX_TEKST};
use super::ir::Op;
use crate::model::objecten::W;

/// A number type of the rule language: whole numbers (`i64`) and decimals share one arithmetic.
trait Getal: Copy + Ord + std::fmt::Display {
    fn is_nul(self) -> bool;
    fn optellen(self, b: Self) -> Option<Self>;
    fn aftrekken(self, b: Self) -> Option<Self>;
    fn vermenigvuldigen(self, b: Self) -> Option<Self>;
    fn delen(self, b: Self) -> Option<Self>;
    fn rest(self, b: Self) -> Option<Self>;
    fn als_waarde(self) -> W;
}

macro_rules! getal {
    ($t:ty, $w:path, $nul:expr) => {
        impl Getal for $t {
            fn is_nul(self) -> bool {
                self == $nul
            }
            fn optellen(self, b: Self) -> Option<Self> {
                self.checked_add(b)
            }
            fn aftrekken(self, b: Self) -> Option<Self> {
                self.checked_sub(b)
            }
            fn vermenigvuldigen(self, b: Self) -> Option<Self> {
                self.checked_mul(b)
            }
            fn delen(self, b: Self) -> Option<Self> {
                self.checked_div(b)
            }
            fn rest(self, b: Self) -> Option<Self> {
                self.checked_rem(b)
            }
            fn als_waarde(self) -> W {
                $w(self)
            }
        }
    };
}
getal!(i64, W::Int, 0);
getal!(Decimal, W::Dec, Decimal::ZERO);

/// `a op b` on two numbers of one type.
fn reken<T: Getal>(op: Op, a: T, b: T) -> Result<W, Soort> {
    let r = match op {
        Op::Plus => a.optellen(b),
        Op::Min => a.aftrekken(b),
        Op::Maal => a.vermenigvuldigen(b),
        Op::Deel | Op::Rest if b.is_nul() => {
            return Err(Soort::DelingDoorNul(format!("{a} {} {b}", op.teken())))
        }
        Op::Deel => a.delen(b),
        Op::Rest => a.rest(b),
        _ => return Ok(W::Bool(vergelijk(op, a.cmp(&b)))),
    };
    r.map(T::als_waarde)
        .ok_or_else(|| Soort::Overloop(format!("{a} {} {b}", op.teken())))
}

fn als_decimaal(w: &W) -> Decimal {
    match w {
        W::Dec(d) => *d,
        W::Int(i) => Decimal::from(*i),
        _ => Decimal::ZERO,
    }
}

/// A binary operator on two values, with the semantics of Rhai for the value types of rules: a
/// whole number with a decimal computes in decimals; text `+` anything printable joins; values of
/// different types are unequal.
pub fn bin(op: Op, x: &W, y: &W) -> Result<W, Soort> {
    match (x, y) {
        (W::Int(a), W::Int(b)) => reken(op, *a, *b),
        (W::Dec(_) | W::Int(_), W::Dec(_) | W::Int(_)) => {
            reken(op, als_decimaal(x), als_decimaal(y))
        }
        (W::Str(a), W::Str(b)) => match op {
            Op::Plus => plak(a, b),
            _ if op.is_rekenkundig() => Err(niet_voor(op, x, y)),
            _ => Ok(W::Bool(vergelijk(op, a.cmp(b)))),
        },
        // Text plus a number, boolean or `()` joins, as in Rhai.
        (W::Str(_), _) | (_, W::Str(_))
            if op == Op::Plus && tekstvorm(x).is_some() && tekstvorm(y).is_some() =>
        {
            plak(
                &tekstvorm(x).unwrap_or_default(),
                &tekstvorm(y).unwrap_or_default(),
            )
        }
        _ if op.is_rekenkundig() => Err(niet_voor(op, x, y)),
        (W::Bool(a), W::Bool(b)) => Ok(W::Bool(vergelijk(op, a.cmp(b)))),
        (W::Datum(a), W::Datum(b)) => Ok(W::Bool(vergelijk(op, a.cmp(b)))),
        (W::Unit, W::Unit) => Ok(W::Bool(op == Op::Gelijk)),
        (W::Pers(a), W::Pers(b)) if matches!(op, Op::Gelijk | Op::Ongelijk) => {
            let gelijk = Arc::ptr_eq(&a.sit, &b.sit) && a.idx == b.idx;
            Ok(W::Bool(gelijk == (op == Op::Gelijk)))
        }
        _ if std::mem::discriminant(x) != std::mem::discriminant(y) => {
            Ok(W::Bool(op == Op::Ongelijk))
        }
        _ => Err(niet_voor(op, x, y)),
    }
}

fn niet_voor(op: Op, x: &W, y: &W) -> Soort {
    Soort::NietVoorDezeWaarden(format!(
        "{} ({}, {})",
        op.teken(),
        x.type_naam(),
        y.type_naam()
    ))
}

/// Join two texts, within [`MAX_TEKST`].
fn plak(a: &str, b: &str) -> Result<W, Soort> {
    if a.len() + b.len() > MAX_TEKST {
        return Err(Soort::TekstTeLang);
    }
    let mut t = String::with_capacity(a.len() + b.len());
    t.push_str(a);
    t.push_str(b);
    Ok(W::Str(t.into()))
}

/// How a value is written when it is added to text (`None`: it cannot be).
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

/// Whether an ordering satisfies a comparison operator.
pub fn vergelijk(op: Op, o: Ordering) -> bool {
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

/// `-x` for a number.
pub fn neg(w: W) -> Result<W, Soort> {
    match w {
        W::Dec(d) => Ok(W::Dec(-d)),
        W::Int(i) => i
            .checked_neg()
            .map(W::Int)
            .ok_or_else(|| Soort::Overloop(format!("-{i}"))),
        w => Err(Soort::NietVoorDezeWaarden(format!("- ({})", w.type_naam()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> W {
        W::Dec(s.parse().unwrap_or_default())
    }

    fn toon(r: Result<W, Soort>) -> String {
        match r {
            Ok(w) => format!("{w}"),
            Err(s) => format!("{s:?}"),
        }
    }

    #[test]
    fn gehele_getallen_en_decimalen() {
        assert_eq!(toon(bin(Op::Deel, &W::Int(7), &W::Int(2))), "3");
        assert_eq!(toon(bin(Op::Deel, &W::Int(-7), &W::Int(2))), "-3");
        assert_eq!(toon(bin(Op::Rest, &W::Int(7), &W::Int(3))), "1");
        assert_eq!(toon(bin(Op::Deel, &d("7.0"), &W::Int(2))), "3.5");
        assert_eq!(toon(bin(Op::Plus, &W::Int(1), &d("2.50"))), "3.50");
        assert_eq!(toon(bin(Op::Gelijk, &W::Int(1), &d("1.0"))), "true");
        assert_eq!(toon(bin(Op::Kleiner, &W::Int(1), &d("1.5"))), "true");
    }

    #[test]
    fn deling_door_nul_en_overloop_zijn_fouten() {
        assert_eq!(
            bin(Op::Deel, &W::Int(1), &W::Int(0)).err(),
            Some(Soort::DelingDoorNul("1 / 0".into()))
        );
        assert_eq!(
            bin(Op::Rest, &d("1.5"), &W::Int(0)).err(),
            Some(Soort::DelingDoorNul("1.5 % 0".into()))
        );
        assert_eq!(
            bin(Op::Plus, &W::Int(i64::MAX), &W::Int(1)).err(),
            Some(Soort::Overloop("9223372036854775807 + 1".into()))
        );
        assert!(matches!(neg(W::Int(i64::MIN)), Err(Soort::Overloop(_))));
    }

    #[test]
    fn tekst_en_gemengde_typen() {
        let a = W::Str("a".into());
        assert_eq!(toon(bin(Op::Plus, &a, &W::Int(1))), "a1");
        assert_eq!(toon(bin(Op::Plus, &W::Bool(true), &a)), "truea");
        assert_eq!(toon(bin(Op::Gelijk, &W::Int(1), &a)), "false");
        assert_eq!(toon(bin(Op::Ongelijk, &W::Bool(true), &W::Int(1))), "true");
        assert_eq!(
            bin(Op::Maal, &a, &a).err(),
            Some(Soort::NietVoorDezeWaarden("* (tekst, tekst)".into()))
        );
        assert_eq!(
            bin(Op::Plus, &W::Bool(true), &W::Int(1)).err(),
            Some(Soort::NietVoorDezeWaarden(
                "+ (waar/onwaar, geheel getal)".into()
            ))
        );
        let lang = W::Str("x".repeat(MAX_TEKST).into());
        assert_eq!(bin(Op::Plus, &lang, &a).err(), Some(Soort::TekstTeLang));
    }
}
