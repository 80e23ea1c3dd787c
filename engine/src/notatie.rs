//! Dutch notation of amounts, dates, months and percentages in the decision's texts and in the
//! text outputs of the CLI: `€ 1.234,56`, `31 december 2026`, `3 maanden`, `8,5`. The JSON
//! fields keep their plain notation (`Bedrag`: `"1234.56"`, dates `2026-12-31`).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::decision::Bedrag;

/// A whole number with a point between thousands: `1.234.567`.
pub fn getal(n: u64) -> String {
    let s = n.to_string();
    let mut uit = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            uit.push('.');
        }
        uit.push(c);
    }
    uit
}

/// An amount the Dutch way: `€ 1.234,56`, `−€ 12,00`; rounded to cents half away from zero.
pub fn euro(d: Decimal) -> String {
    let mut uit = String::with_capacity(24);
    schrijf_euro(&mut uit, d);
    uit
}

/// `euro`, appended to `uit` (no string of its own).
pub fn schrijf_euro(uit: &mut String, d: Decimal) {
    // cents: exact when the amount has at most two decimals (the usual case, no rounding)
    let m = match d.scale() {
        0 => d.mantissa() * 100,
        1 => d.mantissa() * 10,
        2 => d.mantissa(),
        _ => Bedrag(d).centen().mantissa(),
    };
    let c = m.unsigned_abs();
    // (64-bit arithmetic where it fits, which is every real amount: 128-bit division is slow)
    let (mut heel, frac) = match u64::try_from(c) {
        Ok(c) => ((c / 100) as u128, (c % 100) as u8),
        Err(_) => (c / 100, (c % 100) as u8),
    };
    // The euros' digits with a dot per thousand, written backwards into a fixed buffer (a
    // mantissa of 96 bits has at most 29 digits, so 40 places suffice).
    let mut buf = [0u8; 40];
    let mut n = 0;
    let mut cijfer = |d: u8, n: &mut usize| {
        if *n % 4 == 3 {
            buf[*n] = b'.';
            *n += 1;
        }
        buf[*n] = b'0' + d;
        *n += 1;
    };
    match u64::try_from(heel) {
        Ok(mut h) => loop {
            cijfer((h % 10) as u8, &mut n);
            h /= 10;
            if h == 0 {
                break;
            }
        },
        Err(_) => loop {
            cijfer((heel % 10) as u8, &mut n);
            heel /= 10;
            if heel == 0 {
                break;
            }
        },
    }
    if m < 0 {
        uit.push('−');
    }
    uit.push_str("€ ");
    uit.extend(buf[..n].iter().rev().map(|b| *b as char));
    uit.push(',');
    uit.push((b'0' + frac / 10) as char);
    uit.push((b'0' + frac % 10) as char);
}

/// A date the Dutch way: `31 december 2026`.
pub fn datum(d: NaiveDate) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

/// A number of months: `1 maand`, `3 maanden`.
pub fn maanden<N: std::fmt::Display + PartialEq + From<u8>>(n: N) -> String {
    if n == N::from(1) {
        format!("{n} maand")
    } else {
        format!("{n} maanden")
    }
}

/// A fraction as a percentage with a decimal comma, without the `%` sign: `0.085` → `8,5`,
/// `0.5` → `50`.
pub fn procent(fractie: Decimal) -> String {
    komma(fractie * Decimal::ONE_HUNDRED)
}

/// [`procent`], the percentage rounded to `decimalen` places (half to even):
/// `0.052631…`, 2 → `5,26`.
pub fn procent_afgerond(fractie: Decimal, decimalen: u32) -> String {
    komma((fractie * Decimal::ONE_HUNDRED).round_dp(decimalen))
}

/// A number without trailing zeros, with a decimal comma.
fn komma(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse::<Decimal>().unwrap_or_default()
    }

    #[test]
    fn bedragen_met_euroteken() {
        assert_eq!(euro(d("1234567.5")), "€ 1.234.567,50");
        assert_eq!(euro(d("-12")), "−€ 12,00");
        assert_eq!(euro(d("0")), "€ 0,00");
        assert_eq!(euro(d("0.05")), "€ 0,05");
        assert_eq!(euro(d("999.995")), "€ 1.000,00");
        assert_eq!(euro(d("-0.5")), "−€ 0,50");
        assert_eq!(euro(d("123456")), "€ 123.456,00");
        assert_eq!(euro(d("1000")), "€ 1.000,00");
        assert_eq!(euro(d("100")), "€ 100,00");
        assert_eq!(euro(d("999999.99")), "€ 999.999,99");
        assert_eq!(euro(d("-1000000")), "−€ 1.000.000,00");
        assert_eq!(
            euro(d("79228162514264337593543950.335")),
            "€ 79.228.162.514.264.337.593.543.950,34"
        );
        let mut uit = String::from("tekort: ");
        schrijf_euro(&mut uit, d("834.9"));
        assert_eq!(uit, "tekort: € 834,90");
    }

    #[test]
    fn datums_maanden_en_procenten() {
        let dag = |j, m, d| NaiveDate::from_ymd_opt(j, m, d).unwrap_or_default();
        assert_eq!(datum(dag(2026, 12, 31)), "31 december 2026");
        assert_eq!(datum(dag(2025, 1, 1)), "1 januari 2025");
        assert_eq!(datum(dag(2027, 5, 9)), "9 mei 2027");
        assert_eq!(maanden(1usize), "1 maand");
        assert_eq!(maanden(3usize), "3 maanden");
        assert_eq!(maanden(0i64), "0 maanden");
        assert_eq!(maanden(-1i64), "-1 maanden");
        assert_eq!(procent(d("0.5")), "50");
        assert_eq!(procent(d("0.125")), "12,5");
        assert_eq!(procent(d("0.0800")), "8");
        assert_eq!(procent(d("-0.075")), "-7,5");
        let opslag = Decimal::ONE / d("0.95") - Decimal::ONE;
        assert_eq!(procent_afgerond(opslag, 2), "5,26");
        assert_eq!(procent_afgerond(d("0.08"), 2), "8");
    }
}
