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

/// Tax over a bracket table, rows `(tot, tarief)`; the last row has no `tot`.
pub fn schijven_kern(
    bedrag: Decimal,
    rijen: impl Iterator<Item = Result<(Option<Decimal>, Option<Decimal>), String>>,
) -> Result<Decimal, String> {
    let mut belasting = Decimal::ZERO;
    let mut onder = Decimal::ZERO;
    for rij in rijen {
        let (tot, tarief) = rij?;
        let tarief = tarief.ok_or("elke schijf heeft een `tarief`")?;
        match tot {
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

/// Piecewise linear table, rows `(vanaf, basis, percentage)`.
pub fn stuksgewijs_kern(
    bedrag: Decimal,
    rijen: impl Iterator<Item = Result<(Option<Decimal>, Option<Decimal>, Option<Decimal>), String>>,
) -> Result<Decimal, String> {
    let mut uit = Decimal::ZERO;
    for rij in rijen {
        let (vanaf, basis, pct) = rij?;
        let vanaf = vanaf.ok_or("elke rij heeft `vanaf`")?;
        if bedrag < vanaf {
            break;
        }
        uit = basis.unwrap_or_default() + pct.unwrap_or_default() * (bedrag - vanaf);
    }
    Ok(uit.max(Decimal::ZERO))
}

fn rijen_van<'a>(
    tabel: &'a rhai::Array,
    velden: &'a [&'a str],
) -> impl Iterator<Item = Result<Vec<Option<Decimal>>, String>> + 'a {
    tabel.iter().map(move |rij| {
        velden
            .iter()
            .map(|v| veld(rij, v).map_err(|e| e.to_string()))
            .collect()
    })
}

/// Tax over a bracket table (Rhai values).
pub fn schijven(bedrag: Decimal, tabel: &rhai::Array) -> Res<Decimal> {
    schijven_kern(
        bedrag,
        rijen_van(tabel, &["tot", "tarief"]).map(|r| r.map(|v| (v[0], v[1]))),
    )
    .map_err(Into::into)
}

/// Piecewise linear table (Rhai values).
pub fn stuksgewijs(bedrag: Decimal, tabel: &rhai::Array) -> Res<Decimal> {
    stuksgewijs_kern(
        bedrag,
        rijen_van(tabel, &["vanaf", "basis", "percentage"]).map(|r| r.map(|v| (v[0], v[1], v[2]))),
    )
    .map_err(Into::into)
}

/// max(0, maximum − percentage × max(0, inkomen − vanaf)).
pub fn afbouw(maximum: Decimal, inkomen: Decimal, vanaf: Decimal, pct: Decimal) -> Decimal {
    (maximum - pct * (inkomen - vanaf).max(Decimal::ZERO)).max(Decimal::ZERO)
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
pub fn leeftijd(geboren: NaiveDate, op: NaiveDate) -> INT {
    let mut j = op.year() - geboren.year();
    if (op.month(), op.day()) < (geboren.month(), geboren.day()) {
        j -= 1;
    }
    j as INT
}

/// A date from year, month and day.
pub fn maak_datum(j: INT, m: INT, d: INT) -> Result<NaiveDate, String> {
    match (i32::try_from(j), u32::try_from(m), u32::try_from(d)) {
        (Ok(j), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(j, m, d),
        _ => None,
    }
    .ok_or_else(|| format!("{j}-{m}-{d} is geen geldige datum"))
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
            Ok(afbouw(
                getal(&m, "afbouw")?,
                getal(&i, "afbouw")?,
                getal(&v, "afbouw")?,
                getal(&p, "afbouw")?,
            ))
        },
    );
    engine.register_fn("positief", |x: Dynamic| -> Res<Decimal> {
        Ok(positief(getal(&x, "positief")?))
    });
    engine.register_fn(
        "begrens",
        |x: Dynamic, l: Dynamic, h: Dynamic| -> Res<Decimal> {
            Ok(begrens(
                getal(&x, "begrens")?,
                getal(&l, "begrens")?,
                getal(&h, "begrens")?,
            ))
        },
    );
    engine.register_fn("afronden_op_hele_euros", |x: Dynamic| -> Res<Decimal> {
        Ok(afronden_euros(getal(&x, "afronden_op_hele_euros")?))
    });
    engine.register_fn(
        "afronden_op_hele_euros_naar_beneden",
        |x: Dynamic| -> Res<Decimal> {
            Ok(afronden_euros_beneden(getal(
                &x,
                "afronden_op_hele_euros_naar_beneden",
            )?))
        },
    );
    engine.register_fn("afronden_op_centen", |x: Dynamic| -> Res<Decimal> {
        Ok(afronden_centen(getal(&x, "afronden_op_centen")?))
    });
    engine.register_fn("decimaal", |x: Dynamic| getal(&x, "decimaal"));
    engine.register_fn("leeftijd_op", |g: Datum, d: Datum| leeftijd(g.0, d.0));
    engine.register_fn("datum", |j: INT, m: INT, d: INT| -> Res<Datum> {
        maak_datum(j, m, d).map(Datum).map_err(Into::into)
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
}
