//! Generic helpers for rule authors, in Rust for speed and exactness. Each is documented in
//! `docs/regels-schrijven.md`. Numbers may be given as decimals or integers; results are
//! decimals.
//!
//! | helper | does |
//! |---|---|
//! | `schijven(bedrag, tabel)` | tax over a bracket table `[{tot, tarief}, …, {tarief}]` |
//! | `stuksgewijs(bedrag, tabel)` | piecewise linear `[{vanaf, basis, percentage}, …]`: basis + percentage × (bedrag − vanaf) in the last row with vanaf ≤ bedrag, never below 0 |
//! | `afbouw(maximum, inkomen, vanaf, percentage)` | max(0, maximum − percentage × max(0, inkomen − vanaf)) |
//! | `positief(x)` | max(0, x) |
//! | `begrens(x, laag, hoog)` | x clamped to [laag, hoog] |
//! | `afronden_op_hele_euros(x)` | to whole euros, half away from zero ("rekenkundig") |
//! | `afronden_op_hele_euros_naar_beneden(x)` | to whole euros, down |
//! | `afronden_op_centen(x)` | to cents, half away from zero |
//! | `leeftijd_op(geboortedatum, datum)` | age in whole years on `datum` |
//! | `leeftijd_in_maanden_op(geboortedatum, datum)` | age in whole months on `datum` |
//! | `datum(jaar, maand, dag)` | a date |
//! | `decimaal(x)` | an integer as a decimal |

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::fout::Soort;
use super::ir::Nat;
use crate::model::objecten::W;
use crate::model::velden;

/// Tax over a bracket table, rows `(tot, tarief)`; the last row has no `tot`. A row without
/// `tarief` is an error with its message, a result beyond the decimals an overflow.
pub fn schijven_kern(
    bedrag: Decimal,
    rijen: impl Iterator<Item = Result<(Option<Decimal>, Option<Decimal>), String>>,
) -> Result<Decimal, Soort> {
    let overloop = || Soort::Overloop(format!("schijven({bedrag}, tabel)"));
    let mut belasting = Decimal::ZERO;
    let mut onder = Decimal::ZERO;
    for rij in rijen {
        let (tot, tarief) = rij.map_err(Soort::Gegeven)?;
        let tarief =
            tarief.ok_or_else(|| Soort::Gegeven("elke schijf heeft een `tarief`".into()))?;
        let boven = tot.map_or(bedrag, |tot| bedrag.min(tot));
        if bedrag > onder {
            let deel = boven.checked_sub(onder).and_then(|d| d.checked_mul(tarief));
            belasting = deel
                .and_then(|d| belasting.checked_add(d))
                .ok_or_else(overloop)?;
        }
        match tot {
            Some(tot) => onder = tot,
            None => return Ok(belasting),
        }
    }
    Ok(belasting)
}

/// Piecewise linear table, rows `(vanaf, basis, percentage)`; errors as `schijven_kern`.
pub fn stuksgewijs_kern(
    bedrag: Decimal,
    rijen: impl Iterator<Item = Result<(Option<Decimal>, Option<Decimal>, Option<Decimal>), String>>,
) -> Result<Decimal, Soort> {
    let mut uit = Decimal::ZERO;
    for rij in rijen {
        let (vanaf, basis, pct) = rij.map_err(Soort::Gegeven)?;
        let vanaf = vanaf.ok_or_else(|| Soort::Gegeven("elke rij heeft `vanaf`".into()))?;
        if bedrag < vanaf {
            break;
        }
        uit = bedrag
            .checked_sub(vanaf)
            .and_then(|d| pct.unwrap_or_default().checked_mul(d))
            .and_then(|d| basis.unwrap_or_default().checked_add(d))
            .ok_or_else(|| Soort::Overloop(format!("stuksgewijs({bedrag}, tabel)")))?;
    }
    Ok(uit.max(Decimal::ZERO))
}

/// max(0, maximum − percentage × max(0, inkomen − vanaf)); `None` when a step overflows.
pub fn afbouw(maximum: Decimal, inkomen: Decimal, vanaf: Decimal, pct: Decimal) -> Option<Decimal> {
    let boven = inkomen.checked_sub(vanaf)?.max(Decimal::ZERO);
    Some(
        maximum
            .checked_sub(pct.checked_mul(boven)?)?
            .max(Decimal::ZERO),
    )
}

/// max(0, x).
pub fn positief(x: Decimal) -> Decimal {
    x.max(Decimal::ZERO)
}

/// x clamped to [laag, hoog].
pub fn begrens(x: Decimal, laag: Decimal, hoog: Decimal) -> Decimal {
    x.max(laag).min(hoog)
}

/// Whole euros, half away from zero ("rekenkundig afgerond").
pub fn afronden_euros(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Whole euros, down.
pub fn afronden_euros_beneden(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity)
}

/// Cents, half away from zero.
pub fn afronden_centen(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Age in whole years on a date.
pub fn leeftijd(geboren: NaiveDate, op: NaiveDate) -> i64 {
    let mut j = op.year() - geboren.year();
    if (op.month(), op.day()) < (geboren.month(), geboren.day()) {
        j -= 1;
    }
    i64::from(j)
}

/// Age in whole months on a date: a month is complete on the day of the month of the birth (for
/// a birth on the 31st, the 31st; a shorter month completes it on the first of the next).
pub fn leeftijd_in_maanden(geboren: NaiveDate, op: NaiveDate) -> i64 {
    let jaren = i64::from(op.year() - geboren.year());
    let maanden = i64::from(op.month()) - i64::from(geboren.month());
    let onvolledig = i64::from(op.day() < geboren.day());
    jaren * 12 + maanden - onvolledig
}

/// A date from year, month and day.
pub fn maak_datum(j: i64, m: i64, d: i64) -> Result<NaiveDate, String> {
    match (i32::try_from(j), u32::try_from(m), u32::try_from(d)) {
        (Ok(j), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(j, m, d),
        _ => None,
    }
    .ok_or_else(|| format!("{j}-{m}-{d} is geen geldige datum"))
}

#[inline(always)]
fn getal(w: &W, nat: Nat) -> Result<Decimal, Soort> {
    match w {
        W::Dec(d) => Ok(*d),
        W::Int(i) => Ok(Decimal::from(*i)),
        w => Err(geen_getal(w, nat)),
    }
}

#[cold]
#[inline(never)]
fn geen_getal(w: &W, nat: Nat) -> Soort {
    Soort::Gegeven(format!(
        "{}: verwacht een getal, kreeg {}",
        nat.naam(),
        w.type_naam()
    ))
}

fn niet_voor(nat: Nat, a: &[&W]) -> Soort {
    let typen: Vec<&str> = a.iter().map(|w| w.type_naam()).collect();
    Soort::NietVoorDezeWaarden(format!("{} ({})", nat.naam(), typen.join(", ")))
}

/// A helper on the arguments it is meant for (decimals; dates for the ages, whole numbers for
/// `datum`), inline in the caller: the same value as `roep`; `None` for other arguments and for
/// every error (an overflow, a table without a rate, no such date), which `roep` then computes.
#[inline(always)]
pub fn roep_snel(nat: Nat, a: &[&W]) -> Option<W> {
    let d = |i: usize| match a.get(i) {
        Some(W::Dec(x)) => Some(*x),
        _ => None,
    };
    Some(W::Dec(match nat {
        Nat::Min | Nat::Max => min_max(nat, d(0)?, d(1)?),
        Nat::Positief => positief(d(0)?),
        Nat::Begrens => begrens(d(0)?, d(1)?, d(2)?),
        Nat::Afbouw => afbouw(d(0)?, d(1)?, d(2)?, d(3)?)?,
        Nat::AfrondenEuros => afronden_euros(d(0)?),
        Nat::AfrondenEurosBeneden => afronden_euros_beneden(d(0)?),
        Nat::AfrondenCenten => afronden_centen(d(0)?),
        Nat::Schijven | Nat::Stuksgewijs => tabel(nat, d(0)?, a.get(1)?).ok()?,
        _ => return datums(nat, a),
    }))
}

/// `min` or `max` of two decimals; of two equal ones (`1.0` and `1.00`) the first.
#[inline(always)]
fn min_max(nat: Nat, x: Decimal, y: Decimal) -> Decimal {
    let kies_x = if nat == Nat::Min { x <= y } else { x >= y };
    if kies_x {
        x
    } else {
        y
    }
}

/// The date helpers of `roep_snel`: the same value as `roep`, `None` for anything else.
#[inline(always)]
fn datums(nat: Nat, a: &[&W]) -> Option<W> {
    Some(match (nat, a) {
        (Nat::LeeftijdOp, [W::Datum(g), W::Datum(d)]) => W::Int(leeftijd(*g, *d)),
        (Nat::LeeftijdInMaandenOp, [W::Datum(g), W::Datum(d)]) => {
            W::Int(leeftijd_in_maanden(*g, *d))
        }
        (Nat::Datum, [W::Int(j), W::Int(m), W::Int(d)]) => W::Datum(maak_datum(*j, *m, *d).ok()?),
        _ => return None,
    })
}

/// A helper on its arguments (as many as `HELPERS` says).
pub fn roep(nat: Nat, a: &[&W]) -> Result<W, Soort> {
    let g = |i: usize| getal(a[i], nat);
    Ok(match nat {
        Nat::Min | Nat::Max => match (a[0], a[1]) {
            (W::Int(x), W::Int(y)) => W::Int(if nat == Nat::Min {
                *x.min(y)
            } else {
                *x.max(y)
            }),
            _ => W::Dec(min_max(nat, g(0)?, g(1)?)),
        },
        Nat::Abs => match a[0] {
            W::Int(x) => W::Int(
                x.checked_abs()
                    .ok_or_else(|| Soort::Overloop(format!("abs({x})")))?,
            ),
            _ => W::Dec(g(0)?.abs()),
        },
        Nat::Positief => W::Dec(positief(g(0)?)),
        Nat::Begrens => W::Dec(begrens(g(0)?, g(1)?, g(2)?)),
        Nat::Afbouw => W::Dec(afbouw(g(0)?, g(1)?, g(2)?, g(3)?).ok_or_else(|| {
            let w: Vec<String> = a.iter().map(|w| w.to_string()).collect();
            Soort::Overloop(format!("afbouw({})", w.join(", ")))
        })?),
        Nat::AfrondenEuros => W::Dec(afronden_euros(g(0)?)),
        Nat::AfrondenEurosBeneden => W::Dec(afronden_euros_beneden(g(0)?)),
        Nat::AfrondenCenten => W::Dec(afronden_centen(g(0)?)),
        Nat::Decimaal => W::Dec(g(0)?),
        Nat::Schijven | Nat::Stuksgewijs => W::Dec(tabel(nat, g(0)?, a[1])?),
        Nat::LeeftijdOp => match (a[0], a[1]) {
            (W::Datum(g), W::Datum(d)) => W::Int(leeftijd(*g, *d)),
            _ => return Err(niet_voor(nat, a)),
        },
        Nat::LeeftijdInMaandenOp => match (a[0], a[1]) {
            (W::Datum(g), W::Datum(d)) => W::Int(leeftijd_in_maanden(*g, *d)),
            _ => return Err(niet_voor(nat, a)),
        },
        Nat::Datum => match (a[0], a[1], a[2]) {
            (W::Int(j), W::Int(m), W::Int(d)) => {
                W::Datum(maak_datum(*j, *m, *d).map_err(Soort::Gegeven)?)
            }
            _ => return Err(niet_voor(nat, a)),
        },
    })
}

/// `schijven` or `stuksgewijs` over a table (an array of rows).
fn tabel(nat: Nat, bedrag: Decimal, tabel: &W) -> Result<Decimal, Soort> {
    let W::Arr(tabel) = tabel else {
        return Err(Soort::Gegeven(format!(
            "{}: verwacht een tabel, kreeg {}",
            nat.naam(),
            tabel.type_naam()
        )));
    };
    let rijen = tabel
        .als_tabel()
        .map_err(|m| Soort::Gegeven(m.to_string()))?;
    if nat == Nat::Schijven {
        schijven_kern(bedrag, rijen.iter().map(|r| Ok((r[0], r[1]))))
    } else {
        stuksgewijs_kern(bedrag, rijen.iter().map(|r| Ok((r[2], r[3], r[4]))))
    }
}

/// `p.inkomen(soort)` with a soort or a list of soorten computed at run time.
pub fn inkomen(p: &W, soort: &W) -> Result<W, Soort> {
    let niet_voor = || {
        Soort::NietVoorDezeWaarden(format!(
            "inkomen ({}, {})",
            p.type_naam(),
            soort.type_naam()
        ))
    };
    let W::Pers(p) = p else {
        return Err(niet_voor());
    };
    match soort {
        W::Str(s) => velden::inkomen_van(p, s)
            .map(W::Dec)
            .map_err(Soort::Gegeven),
        W::Arr(lijst) => {
            let mut som = Decimal::ZERO;
            for s in lijst.iter() {
                let W::Str(s) = s else {
                    return Err(Soort::Gegeven(format!(
                        "verwacht een inkomenssoort, kreeg {}",
                        s.type_naam()
                    )));
                };
                som += velden::inkomen_van(p, s).map_err(Soort::Gegeven)?;
            }
            Ok(W::Dec(som))
        }
        _ => Err(niet_voor()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap_or_default()
        }
    }

    fn tabel(rijen: &[&[(&str, &str)]]) -> W {
        let rijen: Vec<W> = rijen
            .iter()
            .map(|r| {
                W::Map(std::sync::Arc::new(
                    r.iter().map(|(k, v)| ((*k).into(), W::Dec(d(v)))).collect(),
                ))
            })
            .collect();
        W::Arr(std::sync::Arc::new(rijen.into()))
    }

    fn dec(w: Result<W, Soort>) -> Option<Decimal> {
        match w {
            Ok(W::Dec(d)) => Some(d),
            _ => None,
        }
    }

    #[test]
    fn schijven_2025() {
        let t = tabel(&[
            &[("tot", "38441"), ("tarief", "0.3582")],
            &[("tot", "76817"), ("tarief", "0.3748")],
            &[("tarief", "0.495")],
        ]);
        // 38441 × 0.3582 = 13769.5662; + (50000 − 38441) × 0.3748 = 4332.3132
        let b = W::Dec(d("50000"));
        assert_eq!(dec(roep(Nat::Schijven, &[&b, &t])), Some(d("18101.8794")));
        assert_eq!(dec(roep(Nat::Schijven, &[&W::Int(0), &t])), Some(d("0")));
        // a table without `tarief` in a row is refused with a message
        let fout = tabel(&[&[("tot", "10")]]);
        assert!(matches!(
            roep(Nat::Schijven, &[&b, &fout]),
            Err(Soort::Gegeven(m)) if m.contains("tarief")
        ));
    }

    #[test]
    fn stuksgewijs_arbeidskorting() {
        let t = tabel(&[
            &[("vanaf", "0"), ("basis", "0"), ("percentage", "0.08053")],
            &[
                ("vanaf", "12169"),
                ("basis", "980"),
                ("percentage", "0.30030"),
            ],
        ]);
        let b = W::Dec(d("10000"));
        assert_eq!(dec(roep(Nat::Stuksgewijs, &[&b, &t])), Some(d("805.30000")));
        let b = W::Int(12169);
        assert_eq!(dec(roep(Nat::Stuksgewijs, &[&b, &t])), Some(d("980.00000")));
    }

    /// The inline path for tables and dates: `roep`'s value where it gives one, `roep`
    /// (with its error) for a table without a rate, a missing date or other arguments.
    #[test]
    fn snel_als_roep_voor_tabellen_en_datums() {
        let schijven = tabel(&[
            &[("tot", "38441"), ("tarief", "0.3582")],
            &[("tarief", "0.495")],
        ]);
        let zonder_tarief = tabel(&[&[("tot", "100")]]);
        let stuks = tabel(&[&[("vanaf", "0"), ("basis", "0"), ("percentage", "0.08053")]]);
        let datum = |j, m, dag| W::Datum(maak_datum(j, m, dag).unwrap_or_default());
        let (b, j) = (W::Dec(d("50000.50")), W::Int(2025));
        let (schrikkel, eind_feb, eind_maart) =
            (datum(1960, 2, 29), datum(2025, 2, 28), datum(1960, 3, 31));
        let (twee, twaalf, negen_en_twintig) = (W::Int(2), W::Int(12), W::Int(29));
        // (helper, arguments, whether the inline path gives the value itself)
        let gevallen: [(Nat, Vec<&W>, bool); 9] = [
            (Nat::Schijven, vec![&b, &schijven], true),
            (Nat::Schijven, vec![&b, &zonder_tarief], false),
            (Nat::Stuksgewijs, vec![&b, &stuks], true),
            (Nat::Stuksgewijs, vec![&j, &stuks], false),
            (Nat::LeeftijdOp, vec![&schrikkel, &eind_feb], true),
            (Nat::LeeftijdInMaandenOp, vec![&eind_maart, &eind_feb], true),
            (Nat::Datum, vec![&j, &twee, &negen_en_twintig], false),
            (Nat::Datum, vec![&j, &twaalf, &negen_en_twintig], true),
            (Nat::LeeftijdOp, vec![&j, &j], false),
        ];
        for (nat, a, snel) in gevallen {
            let traag = roep(nat, &a).map(|w| w.to_string());
            let inline = roep_snel(nat, &a).map(|w| w.to_string());
            assert_eq!(inline.is_some(), snel, "{nat:?}: {traag:?}");
            if let Some(w) = inline {
                assert_eq!(Ok(w), traag, "{nat:?}");
            }
        }
    }

    /// A result beyond the decimals is an overflow error naming the helper, never a panic
    /// (rules may pass any number to a helper).
    #[test]
    fn overloop_is_een_fout() {
        let (max, min) = (W::Dec(Decimal::MAX), W::Dec(Decimal::MIN));
        let twee = W::Int(2);
        assert_eq!(
            roep(Nat::Afbouw, &[&max, &max, &min, &twee]).err(),
            Some(Soort::Overloop(format!(
                "afbouw({}, {}, {}, 2)",
                Decimal::MAX,
                Decimal::MAX,
                Decimal::MIN
            )))
        );
        let t = tabel(&[&[("tot", "10"), ("tarief", "2")], &[("tarief", "3")]]);
        assert!(matches!(
            roep(Nat::Schijven, &[&max, &t]),
            Err(Soort::Overloop(m)) if m.starts_with("schijven(")
        ));
        let t = tabel(&[&[("vanaf", "0"), ("basis", "1"), ("percentage", "2")]]);
        assert!(matches!(
            roep(Nat::Stuksgewijs, &[&max, &t]),
            Err(Soort::Overloop(m)) if m.starts_with("stuksgewijs(")
        ));
        // within the decimals: the exact value
        let t = tabel(&[&[("vanaf", "0"), ("basis", "1"), ("percentage", "2")]]);
        assert_eq!(
            dec(roep(Nat::Stuksgewijs, &[&W::Int(5), &t])),
            Some(d("11"))
        );
        let r = roep(
            Nat::Afbouw,
            &[&W::Int(100), &W::Int(50), &W::Int(10), &W::Dec(d("0.5"))],
        );
        assert_eq!(dec(r), Some(d("80.0")));
    }

    #[test]
    fn verkeerde_waarden_met_naam_en_typen() {
        assert_eq!(
            roep(Nat::Positief, &[&W::Bool(true)]).err(),
            Some(Soort::Gegeven(
                "positief: verwacht een getal, kreeg waar/onwaar".into()
            ))
        );
        assert_eq!(
            roep(Nat::LeeftijdOp, &[&W::Int(1), &W::Int(2)]).err(),
            Some(Soort::NietVoorDezeWaarden(
                "leeftijd_op (geheel getal, geheel getal)".into()
            ))
        );
        assert!(matches!(
            roep(Nat::Abs, &[&W::Int(i64::MIN)]),
            Err(Soort::Overloop(_))
        ));
        assert!(matches!(
            roep(Nat::Datum, &[&W::Int(2025), &W::Int(2), &W::Int(30)]),
            Err(Soort::Gegeven(m)) if m == "2025-2-30 is geen geldige datum"
        ));
    }

    #[test]
    fn leeftijd_in_jaren() {
        let g = NaiveDate::from_ymd_opt(1958, 3, 2).unwrap_or_default();
        assert_eq!(
            super::leeftijd(g, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default()),
            66
        );
        assert_eq!(
            super::leeftijd(g, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap_or_default()),
            67
        );
    }

    #[test]
    fn leeftijd_in_maanden() {
        let d = |j, m, dag| NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default();
        // the AOW age of 2023 is 66 years and 10 months (802 months): born 28 February 1957 it
        // is reached by 31 December 2023, born 1 March 1957 not; born 1 March 1956 it is
        // reached on 1 January 2023 exactly
        // (birth, on, whole months)
        for (geboren, op, maanden) in [
            (d(1957, 2, 28), d(2023, 12, 31), 802),
            (d(1957, 3, 1), d(2023, 12, 31), 801),
            (d(1956, 3, 1), d(2023, 1, 1), 802),
            (d(1956, 3, 2), d(2023, 1, 1), 801),
            // a month completes on the day of the birth, or on the first of the next month
            (d(2000, 1, 31), d(2000, 2, 29), 0),
            (d(2000, 1, 31), d(2000, 3, 1), 1),
        ] {
            assert_eq!(
                super::leeftijd_in_maanden(geboren, op),
                maanden,
                "{geboren} {op}"
            );
        }
        // whole months agree with whole years at every twelfth month
        for (g, op) in [
            (d(1958, 3, 2), d(2025, 3, 1)),
            (d(1958, 3, 2), d(2025, 3, 2)),
        ] {
            assert_eq!(
                super::leeftijd_in_maanden(g, op) / 12,
                super::leeftijd(g, op)
            );
        }
    }

    proptest::proptest! {
        /// The inline path for decimal arguments gives bit for bit `roep`'s value (scale and
        /// sign included), and leaves overflows to `roep`, for every amount helper.
        #[test]
        fn snel_als_roep(
            delen in proptest::collection::vec((proptest::num::i64::ANY, 0u32..=28, 0u32..2), 4),
        ) {
            let w: Vec<W> = delen
                .iter()
                .map(|(m, s, hoog)| {
                    // up to 95 bits: the largest mantissas too
                    W::Dec(Decimal::from_i128_with_scale(i128::from(*m) << (31 * hoog), *s))
                })
                .collect();
            for (nat, _, n) in crate::script::ir::HELPERS {
                let a: Vec<&W> = w.iter().take(*n).collect();
                if let Some(snel) = roep_snel(*nat, &a) {
                    let (W::Dec(x), Ok(W::Dec(y))) = (&snel, roep(*nat, &a)) else {
                        return Err(proptest::test_runner::TestCaseError::fail(format!("{nat:?}")));
                    };
                    proptest::prop_assert_eq!(x.serialize(), y.serialize(), "{:?}", nat);
                }
            }
            // equal amounts in another scale: the same one of the two is chosen
            let (een, een_00) = (W::Dec(d("1.0")), W::Dec(d("1.00")));
            for nat in [Nat::Min, Nat::Max] {
                let snel = roep_snel(nat, &[&een, &een_00]).map(|w| w.to_string());
                proptest::prop_assert_eq!(snel, roep(nat, &[&een, &een_00]).ok().map(|w| w.to_string()));
            }
            // not all decimals: always `roep`
            proptest::prop_assert!(roep_snel(Nat::Min, &[&W::Int(1), &w[0]]).is_none());
        }
    }
}
