//! One CSV cell's text as a value: a year, a number of persons, ja/nee, a date, an amount, a
//! BSN. A cell that cannot be read gives its message and hint, for the column it is in.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use avp_engine::record::Datum;

/// Why a cell cannot be read: the message and a hint.
pub(super) type CelFout = (String, Option<&'static str>);

/// The `jaar` column.
pub(super) fn jaartal(cel: &str) -> Result<i32, CelFout> {
    cel.parse().map_err(|_| {
        (
            format!("`{cel}` is geen jaartal"),
            Some("bijvoorbeeld 2025"),
        )
    })
}

/// A number of persons (`kostendelende_medebewoners`).
pub(super) fn aantal(cel: &str) -> Result<u32, CelFout> {
    cel.parse().map_err(|_| {
        (
            format!("`{cel}` is geen aantal personen"),
            Some("een geheel getal, bijvoorbeeld 1"),
        )
    })
}

/// A BSN as in the Belastingdienst list: a spreadsheet drops the leading zero of an 8-digit BSN
/// and may keep spaces. Its validity is checked with the record.
pub(super) fn bsn(cel: &str) -> String {
    let mut bsn: String = cel.chars().filter(|c| !c.is_whitespace()).collect();
    if bsn.len() == 8 && bsn.bytes().all(|b| b.is_ascii_digit()) {
        bsn.insert(0, '0');
    }
    bsn
}

/// Ja or nee, in the ways a spreadsheet writes them.
pub(super) fn logisch(cel: &str) -> Result<bool, CelFout> {
    match cel.to_lowercase().as_str() {
        "ja" | "j" | "true" | "waar" | "1" | "x" | "yes" | "y" => Ok(true),
        "nee" | "n" | "false" | "onwaar" | "0" | "no" => Ok(false),
        _ => Err((
            format!("`{cel}` is geen ja of nee"),
            Some("vul ja of nee in (leeg = nee)"),
        )),
    }
}

/// A date as `JJJJ-MM-DD` or `DD-MM-JJJJ`.
pub(super) fn datum(cel: &str) -> Result<Datum, CelFout> {
    avp_engine::record::datum_jjjj_mm_dd(cel)
        .or_else(|_| NaiveDate::parse_from_str(cel, "%d-%m-%Y"))
        .map(Datum)
        .map_err(|_| {
            (
                format!("`{cel}` is geen geldige datum"),
                Some("schrijf een datum als JJJJ-MM-DD (2025-05-20) of DD-MM-JJJJ (20-05-2025)"),
            )
        })
}

/// An amount with a decimal point or a decimal comma, without thousands separators; spaces and
/// a euro sign are ignored.
pub(super) fn bedrag(cel: &str) -> Result<Decimal, CelFout> {
    let schoon: String = cel
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    let fout = || {
        (
            format!("`{cel}` is geen bedrag"),
            Some("schrijf een bedrag als 1234.56 of 1234,56, zonder scheidingsteken voor duizendtallen"),
        )
    };
    if schoon.contains(',') && schoon.contains('.') || schoon.matches(',').count() > 1 {
        return Err(fout());
    }
    Decimal::from_str(&schoon.replace(',', ".")).map_err(|_| fout())
}
