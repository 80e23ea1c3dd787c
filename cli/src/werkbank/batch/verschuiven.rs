//! The same household some years later or earlier (`avp diff A B --population`): every date
//! moves by the years between A and B (birth dates, death, application and payment dates), so
//! that a comparison of two years' rules shows what the rules change and not that everyone is a
//! year older. Monthly amounts carry no dates and stay. 29 February becomes 28 February in a
//! year without it. The birth-date boundaries of the law move too (in the engine); the report
//! names them ([`geboortedatumgrenzen`]).

use chrono::Datelike;

use avp_engine::record::{Datum, Huishouden};
use avp_engine::Regels;
use serde::Serialize;

/// `d` moved by `jaren` years.
pub(crate) fn datum(d: Datum, jaren: i32) -> Datum {
    let doel = d.0.year() + jaren;
    Datum(
        d.0.with_year(doel)
            .or_else(|| d.0.with_day(28).and_then(|x| x.with_year(doel)))
            .unwrap_or(d.0),
    )
}

/// `h` assessed in `jaar`: with `alle_datums` every date moved by the years between, else only
/// the application date (the behaviour of `--echte-datums`: people keep their real age).
pub(crate) fn naar_jaar(h: &Huishouden, jaar: i32, alle_datums: bool) -> Huishouden {
    let jaren = jaar - h.jaar;
    let mut h = h.clone();
    h.jaar = jaar;
    h.aanvraagdatum = h.aanvraagdatum.map(|d| datum(d, jaren));
    if !alle_datums {
        return h;
    }
    h.betaaldatum = h.betaaldatum.map(|d| datum(d, jaren));
    for p in &mut h.personen {
        p.geboortedatum = datum(p.geboortedatum, jaren);
        p.overlijdensdatum = p.overlijdensdatum.map(|d| datum(d, jaren));
    }
    for k in &mut h.kinderen {
        k.geboortedatum = datum(k.geboortedatum, jaren);
    }
    for m in &mut h.medebewoners {
        m.geboortedatum = datum(m.geboortedatum, jaren);
    }
    h
}

/// A birth-date boundary of the law: the parameter and its date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geboortedatumgrens {
    /// The parameter as the rules read it (`heffingskortingen::…`).
    pub naam: String,
    /// Born before this date (in year A).
    pub datum: chrono::NaiveDate,
}

/// The birth-date boundaries in the rules of `regels` for `jaar` (none when the pack does not
/// load: its error is reported with the records).
pub(crate) fn geboortedatumgrenzen(regels: &Regels, jaar: i32) -> Vec<Geboortedatumgrens> {
    let Ok(pack) = regels.pack(jaar) else {
        return Vec::new();
    };
    pack.pack
        .parameters
        .iter()
        .filter(|p| p.eenheid.as_deref() == Some(avp_engine::params::GEBOORTEDATUMGRENS))
        .filter_map(|p| match p.waarde {
            avp_engine::params::Waarde::Datum(datum) => Some(Geboortedatumgrens {
                naam: p.naam.replace('.', "::"),
                datum,
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(j: i32, m: u32, dag: u32) -> Datum {
        Datum(NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_default())
    }

    #[test]
    fn schrikkeldag_wordt_28_februari() {
        assert_eq!(datum(d(2024, 2, 29), 1), d(2025, 2, 28));
        assert_eq!(datum(d(2024, 2, 29), 4), d(2028, 2, 29));
        assert_eq!(datum(d(1970, 6, 15), -1), d(1969, 6, 15));
    }
}
