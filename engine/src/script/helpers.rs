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
//! | `datum(jaar, maand, dag)` | a date |
//! | `decimaal(x)` | an integer as a decimal |

use chrono::{Datelike, NaiveDate};
use rhai::{Dynamic, Engine, EvalAltResult, INT};
use rust_decimal::{Decimal, RoundingStrategy};

use super::types::Datum;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A number argument as a decimal.
pub fn getal(d: &Dynamic, wat: &str) -> Res<Decimal> {
    if let Ok(x) = d.as_decimal() {
        Ok(x)
    } else if let Ok(i) = d.as_int() {
        Ok(Decimal::from(i))
    } else {
        Err(format!("{wat}: verwacht een getal, kreeg {}", d.type_name()).into())
    }
}

fn veld(rij: &Dynamic, naam: &str) -> Res<Option<Decimal>> {
    let map = rij
        .read_lock::<rhai::Map>()
        .ok_or_else(|| format!("tabelrij moet een tabel zijn, kreeg {}", rij.type_name()))?;
    match map.get(naam) {
        None => Ok(None),
        Some(v) => getal(v, naam).map(Some),
    }
}

/// Tax over a bracket table.
pub fn schijven(bedrag: Decimal, tabel: &rhai::Array) -> Res<Decimal> {
    let mut belasting = Decimal::ZERO;
    let mut onder = Decimal::ZERO;
    for rij in tabel {
        let tarief = veld(rij, "tarief")?.ok_or("elke schijf heeft een `tarief`")?;
        match veld(rij, "tot")? {
            Some(tot) => {
                if bedrag > onder {
                    belasting += (bedrag.min(tot) - onder) * tarief;
                }
                onder = tot;
            }
            None => {
                if bedrag > onder {
                    belasting += (bedrag - onder) * tarief;
                }
                return Ok(belasting);
            }
        }
    }
    Ok(belasting)
}

/// Piecewise linear table.
pub fn stuksgewijs(bedrag: Decimal, tabel: &rhai::Array) -> Res<Decimal> {
    let mut uit = Decimal::ZERO;
    for rij in tabel {
        let vanaf = veld(rij, "vanaf")?.ok_or("elke rij heeft `vanaf`")?;
        if bedrag < vanaf {
            break;
        }
        let basis = veld(rij, "basis")?.unwrap_or_default();
        let pct = veld(rij, "percentage")?.unwrap_or_default();
        uit = basis + pct * (bedrag - vanaf);
    }
    Ok(uit.max(Decimal::ZERO))
}

fn rond(x: Decimal, dp: u32, s: RoundingStrategy) -> Decimal {
    x.round_dp_with_strategy(dp, s)
}

/// Age in whole years on a date.
pub fn leeftijd_op(geboren: NaiveDate, op: NaiveDate) -> INT {
    let mut j = op.year() - geboren.year();
    if (op.month(), op.day()) < (geboren.month(), geboren.day()) {
        j -= 1;
    }
    j as INT
}

/// Register every helper.
pub fn registreer(engine: &mut Engine) {
    engine.register_fn("schijven", |b: Dynamic, t: rhai::Array| {
        schijven(getal(&b, "schijven")?, &t)
    });
    engine.register_fn("stuksgewijs", |b: Dynamic, t: rhai::Array| {
        stuksgewijs(getal(&b, "stuksgewijs")?, &t)
    });
    engine.register_fn(
        "afbouw",
        |m: Dynamic, i: Dynamic, v: Dynamic, p: Dynamic| -> Res<Decimal> {
            let (m, i, v, p) = (
                getal(&m, "afbouw")?,
                getal(&i, "afbouw")?,
                getal(&v, "afbouw")?,
                getal(&p, "afbouw")?,
            );
            Ok((m - p * (i - v).max(Decimal::ZERO)).max(Decimal::ZERO))
        },
    );
    engine.register_fn("positief", |x: Dynamic| -> Res<Decimal> {
        Ok(getal(&x, "positief")?.max(Decimal::ZERO))
    });
    engine.register_fn(
        "begrens",
        |x: Dynamic, l: Dynamic, h: Dynamic| -> Res<Decimal> {
            Ok(getal(&x, "begrens")?
                .max(getal(&l, "begrens")?)
                .min(getal(&h, "begrens")?))
        },
    );
    engine.register_fn("afronden_op_hele_euros", |x: Dynamic| -> Res<Decimal> {
        Ok(rond(
            getal(&x, "afronden")?,
            0,
            RoundingStrategy::MidpointAwayFromZero,
        ))
    });
    engine.register_fn(
        "afronden_op_hele_euros_naar_beneden",
        |x: Dynamic| -> Res<Decimal> {
            Ok(rond(
                getal(&x, "afronden")?,
                0,
                RoundingStrategy::ToNegativeInfinity,
            ))
        },
    );
    engine.register_fn("afronden_op_centen", |x: Dynamic| -> Res<Decimal> {
        Ok(rond(
            getal(&x, "afronden")?,
            2,
            RoundingStrategy::MidpointAwayFromZero,
        ))
    });
    engine.register_fn("decimaal", |x: Dynamic| getal(&x, "decimaal"));
    engine.register_fn("leeftijd_op", |g: Datum, d: Datum| leeftijd_op(g.0, d.0));
    engine.register_fn("datum", |j: INT, m: INT, d: INT| -> Res<Datum> {
        NaiveDate::from_ymd_opt(j as i32, m as u32, d as u32)
            .map(Datum)
            .ok_or_else(|| format!("{j}-{m}-{d} is geen geldige datum").into())
    });
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

    fn rij(pairs: &[(&str, &str)]) -> Dynamic {
        let mut m = rhai::Map::new();
        for (k, v) in pairs {
            m.insert((*k).into(), Dynamic::from_decimal(d(v)));
        }
        Dynamic::from_map(m)
    }

    #[test]
    fn schijven_2025() {
        let t = vec![
            rij(&[("tot", "38441"), ("tarief", "0.3582")]),
            rij(&[("tot", "76817"), ("tarief", "0.3748")]),
            rij(&[("tarief", "0.495")]),
        ];
        // 38441 × 0.3582 = 13769.5662; + (50000 − 38441) × 0.3748 = 4332.3132
        assert_eq!(schijven(d("50000"), &t).ok(), Some(d("18101.8794")));
        assert_eq!(schijven(d("0"), &t).ok(), Some(d("0")));
    }

    #[test]
    fn stuksgewijs_arbeidskorting() {
        let t = vec![
            rij(&[("vanaf", "0"), ("basis", "0"), ("percentage", "0.08053")]),
            rij(&[
                ("vanaf", "12169"),
                ("basis", "980"),
                ("percentage", "0.30030"),
            ]),
        ];
        assert_eq!(stuksgewijs(d("10000"), &t).ok(), Some(d("805.30000")));
        assert_eq!(stuksgewijs(d("12169"), &t).ok(), Some(d("980.00000")));
    }

    #[test]
    fn leeftijd() {
        let g = NaiveDate::from_ymd_opt(1958, 3, 2).unwrap_or_default();
        assert_eq!(
            leeftijd_op(g, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default()),
            66
        );
        assert_eq!(
            leeftijd_op(g, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap_or_default()),
            67
        );
    }
}
