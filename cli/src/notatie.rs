//! Numbers in the Dutch notation of the text outputs (`avp batch` summary, `avp budget`,
//! `avp diff --population`): a point between thousands, a decimal comma, `−` as minus sign.
//! Counts, table amounts and class labels are the CLI's own; amounts with a euro sign,
//! percentages, dates and months come from [`avp_engine::notatie`], which the decision's texts
//! use too. JSON outputs keep their plain notation.

use avp_engine::notatie::{euro, procent};
use rust_decimal::Decimal;

pub use avp_engine::notatie::getal;

/// A count with its noun, singular for one: "1 afgekeurde regel", "1.000 huishoudens".
pub fn telwoord(n: u64, enkelvoud: &str, meervoud: &str) -> String {
    format!("{} {}", getal(n), if n == 1 { enkelvoud } else { meervoud })
}

/// The change from one count to another, with its sign: "+81", "−14", "0".
pub fn verschil_aantal(a: u64, b: u64) -> String {
    match b.cmp(&a) {
        std::cmp::Ordering::Greater => format!("+{}", getal(b - a)),
        std::cmp::Ordering::Less => format!("−{}", getal(a - b)),
        std::cmp::Ordering::Equal => "0".to_string(),
    }
}

/// A decimal number as the engine writes it ("1234.5", an expected number of households after
/// a surcharge) in Dutch notation: "1.234,5". Anything else is shown as given.
pub fn aantal(n: &str) -> String {
    let (heel, deel) = n.split_once('.').unwrap_or((n, ""));
    let heel = heel
        .parse::<u64>()
        .map(getal)
        .unwrap_or_else(|_| heel.to_string());
    if deel.is_empty() {
        heel
    } else {
        format!("{heel},{deel}")
    }
}

/// A fraction as a percentage: "0.125" → "12,5". Anything else is shown as given.
pub fn pct(fractie: &str) -> String {
    fractie
        .parse::<Decimal>()
        .map(procent)
        .unwrap_or_else(|_| fractie.to_string())
}

/// An amount in a table column, without the euro sign: "1.100,00", "−834,90".
pub fn bedrag(d: Decimal) -> String {
    euro(d).replacen("€ ", "", 1)
}

/// A class label of the JSON (`[-10000, -1000)`, `>= 10000`) in text notation:
/// `[−10.000, −1.000)`, `≥ 10.000`. The JSON keeps the plain label, which scripts match on.
pub fn klasse(label: &str) -> String {
    let mut uit = String::new();
    let mut cijfers = String::new();
    let getallen = |uit: &mut String, cijfers: &mut String| {
        if !cijfers.is_empty() {
            // only ASCII digits were collected; a run too long for u64 is kept as it is
            match cijfers.parse::<u64>() {
                Ok(n) => uit.push_str(&getal(n)),
                Err(_) => uit.push_str(cijfers),
            }
            cijfers.clear();
        }
    };
    for c in label.replace(">=", "≥").chars() {
        if c.is_ascii_digit() {
            cijfers.push(c);
            continue;
        }
        getallen(&mut uit, &mut cijfers);
        uit.push(if c == '-' { '−' } else { c });
    }
    getallen(&mut uit, &mut cijfers);
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getallen_in_nederlandse_notatie() {
        assert_eq!(getal(0), "0");
        assert_eq!(getal(999), "999");
        assert_eq!(getal(1000), "1.000");
        assert_eq!(getal(1234567), "1.234.567");
        assert_eq!(aantal("7"), "7");
        assert_eq!(aantal("3.5"), "3,5");
        assert_eq!(aantal("12345.05"), "12.345,05");
        assert_eq!(aantal("1000000"), "1.000.000");
        assert_eq!(pct("0.5"), "50");
        assert_eq!(pct("0.125"), "12,5");
        assert_eq!(pct("vijftig"), "vijftig");
    }

    #[test]
    fn enkelvoud_en_meervoud() {
        assert_eq!(
            telwoord(1, "afgekeurde regel", "afgekeurde regels"),
            "1 afgekeurde regel"
        );
        assert_eq!(telwoord(0, "huishouden", "huishoudens"), "0 huishoudens");
        assert_eq!(telwoord(2500, "BSN", "BSN's"), "2.500 BSN's");
    }

    #[test]
    fn bedragen_verschillen_en_klassen() {
        assert_eq!(bedrag(Decimal::new(110000, 2)), "1.100,00");
        assert_eq!(bedrag(Decimal::new(-83490, 2)), "−834,90");
        assert_eq!(bedrag(Decimal::new(-137163, 2)), "−1.371,63");
        assert_eq!(bedrag(Decimal::ZERO), "0,00");
        assert_eq!(verschil_aantal(371, 357), "−14");
        assert_eq!(verschil_aantal(1000, 2500), "+1.500");
        assert_eq!(verschil_aantal(5, 5), "0");
        assert_eq!(klasse("[-10000, -1000)"), "[−10.000, −1.000)");
        assert_eq!(klasse("(0, 10)"), "(0, 10)");
        assert_eq!(klasse(">= 10000"), "≥ 10.000");
        assert_eq!(klasse("0"), "0");
        assert_eq!(klasse("< -100000"), "< −100.000");
    }
}
