//! The record's calendar date: `"JJJJ-MM-DD"` in JSON or a TOML date.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar date, read from `"YYYY-MM-DD"` (JSON) or a TOML date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Datum(pub NaiveDate);

impl JsonSchema for Datum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "datum".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "description": "Datum JJJJ-MM-DD" })
    }
}

/// A date `JJJJ-MM-DD`, as `NaiveDate::parse_from_str(s, "%Y-%m-%d")` reads it; the usual
/// ten-character form without chrono's format interpreter (a few percent of a batch run).
pub fn datum_jjjj_mm_dd(s: &str) -> chrono::ParseResult<NaiveDate> {
    match snel(s) {
        Some(d) => Ok(d),
        None => NaiveDate::parse_from_str(s, "%Y-%m-%d"),
    }
}

/// The usual form, exactly ten characters `JJJJ-MM-DD` that make a date; `None` leaves the
/// rest (and every error message) to chrono.
fn snel(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let cijfers = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (j, m, d) = (cijfers(0..4)?, cijfers(5..7)?, cijfers(8..10)?);
    NaiveDate::from_ymd_opt(j as i32, m, d)
}

impl Serialize for Datum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Datum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Datum;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("een datum JJJJ-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Datum, E> {
                datum_jjjj_mm_dd(s)
                    .map(Datum)
                    .map_err(|_| E::custom(format!("`{s}` is geen geldige datum JJJJ-MM-DD")))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Datum, A::Error> {
                let dt = toml::value::Datetime::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                match (dt.date, dt.time) {
                    (Some(d), None) => {
                        NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                            .map(Datum)
                            .ok_or_else(|| {
                                serde::de::Error::custom(format!("`{dt}` is geen geldige datum"))
                            })
                    }
                    _ => Err(serde::de::Error::custom(format!(
                        "`{dt}` moet een datum zonder tijd zijn"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_leest(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    proptest::proptest! {
        /// The fast date reader accepts and rejects exactly what chrono's `%Y-%m-%d` does.
        #[test]
        fn datum_als_chrono(s in "[0-9+ -]{0,3}[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,3}[ ]?") {
            proptest::prop_assert_eq!(datum_jjjj_mm_dd(&s).ok(), chrono_leest(&s));
        }

        #[test]
        fn datum_geldig(j in 0i32..=9999, dag in 0u32..400) {
            let d = NaiveDate::from_yo_opt(j, dag.clamp(1, 365)).unwrap_or_default();
            let s = d.format("%Y-%m-%d").to_string();
            proptest::prop_assert_eq!(datum_jjjj_mm_dd(&s).ok(), Some(d));
            // the usual form is read by the fast path itself, not by the fallback
            proptest::prop_assert_eq!(snel(&s), Some(d));
        }
    }

    #[test]
    fn datum_randgevallen() {
        for s in [
            "2001-06-15",
            "2024-02-29",
            "2023-02-29",
            "2001-13-01",
            "2001-00-10",
            "2001-6-5",
            "+2001-06-15",
            "2001-06-15 ",
            " 2001-06-15",
            "20010615",
            "2001/06/15",
            "0000-01-01",
            "2001-06-31",
            "",
            "abcd-ef-gh",
        ] {
            assert_eq!(datum_jjjj_mm_dd(s).ok(), chrono_leest(s), "{s:?}");
        }
    }
}
