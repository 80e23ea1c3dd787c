//! The range of a parameter value by its unit (`eenheid`), checked when the file is read: a
//! fraction lies in [0, 1], an amount is 0 or more and in whole cents, an age or a number of
//! months is a whole number. A value outside its range is refused at its TOML position, so a
//! percentage written where a fraction is meant (`55.81` for 55,81 %) or a negative grant never
//! reaches a rule.
//!
//! An amount or fraction that is negative by nature (a saldo, a korting) says so with
//! `mag_negatief = true` on the value or on an enclosing table.

use crate::error::Code;
use rust_decimal::Decimal;
use toml::de::DeValue;
use toml::Spanned;

use super::parameter::Waarde;

/// What a unit allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Soort {
    /// An amount in euros: at least 0 (or any sign with `mag_negatief`), at most two decimals.
    Bedrag,
    /// A percentage as a fraction: 0 to 1 (−1 to 1 with `mag_negatief`).
    Fractie,
    /// A whole number from 0 to the maximum (`jaren`: an age or a number of years).
    Geheel(Option<i64>),
    /// A date.
    Datum,
    /// Text.
    Tekst,
    /// A list (`lijst`) or a table of rows (`tabel`); the cells of a table are not checked here
    /// (a table mixes amounts and rates; `eenheid = "tabel"` says nothing about a column).
    Lijst,
}

/// The highest number of years a `jaren` parameter can mean (an age, a period).
const MAXIMUM_JAREN: i64 = 120;

fn soort(eenheid: &str) -> Option<Soort> {
    Some(match eenheid {
        "euro_per_jaar" | "euro_per_maand" => Soort::Bedrag,
        "fractie" => Soort::Fractie,
        "jaren" => Soort::Geheel(Some(MAXIMUM_JAREN)),
        "maanden" | "aantal" => Soort::Geheel(None),
        "datum" | super::parameter::GEBOORTEDATUMGRENS => Soort::Datum,
        "tekst" => Soort::Tekst,
        "lijst" | "tabel" => Soort::Lijst,
        _ => return None,
    })
}

/// One value outside its unit's range: code, message, byte range, hint.
pub(super) struct Buiten {
    pub(crate) code: Code,
    pub(crate) bericht: String,
    pub(crate) span: std::ops::Range<usize>,
    pub(crate) hulp: String,
}

/// Check `w` (read from `v`) against `eenheid`. A value without a unit may be anything but text;
/// a value not yet published is not checked.
pub(super) fn controleer(
    naam: &str,
    eenheid: Option<&str>,
    mag_negatief: bool,
    w: &Waarde,
    v: &Spanned<DeValue<'_>>,
    uit: &mut Vec<Buiten>,
) {
    // rules compute with numbers: text is only a value that says it is text
    if let (None, Waarde::Tekst(t)) = (eenheid, w) {
        uit.push(Buiten {
            code: Code::ParamsType,
            bericht: format!("parameter `{naam}` is tekst (\"{t}\"), maar heeft geen `eenheid = \"tekst\"`"),
            span: v.span(),
            hulp: "regels rekenen met getallen: schrijf een getal zonder aanhalingstekens (`waarde = 1000.00`); is het echt een tekst, zet dan `eenheid = \"tekst\"`".into(),
        });
        return;
    }
    let Some(eenheid) = eenheid else { return };
    let Some(s) = soort(eenheid) else { return };
    if mag_negatief && !matches!(s, Soort::Bedrag | Soort::Fractie) {
        uit.push(Buiten {
            code: Code::ParamsMagNegatief,
            bericht: format!(
                "parameter `{naam}` heeft `mag_negatief`, maar eenheid `{eenheid}` kent geen negatieve waarden"
            ),
            span: v.span(),
            hulp: "`mag_negatief = true` hoort alleen bij een bedrag (euro_per_jaar, euro_per_maand) of een fractie".into(),
        });
        return;
    }
    let c = Controle {
        naam,
        eenheid,
        soort: s,
        mag_negatief,
    };
    c.waarde(w, v, true, uit);
}

struct Controle<'a> {
    naam: &'a str,
    eenheid: &'a str,
    soort: Soort,
    mag_negatief: bool,
}

impl Controle<'_> {
    fn waarde(&self, w: &Waarde, v: &Spanned<DeValue<'_>>, boven: bool, uit: &mut Vec<Buiten>) {
        match (self.soort, w, v.get_ref()) {
            (_, Waarde::NogNietVastgesteld, _) => {}
            (Soort::Lijst, Waarde::Lijst(_), _) if boven => {}
            // a list of amounts, fractions or dates: every element in range
            (
                Soort::Bedrag | Soort::Fractie | Soort::Geheel(_) | Soort::Datum,
                Waarde::Lijst(l),
                DeValue::Array(a),
            ) => {
                for (w, v) in l.iter().zip(a.iter()) {
                    self.waarde(w, v, false, uit);
                }
            }
            (Soort::Bedrag | Soort::Fractie | Soort::Geheel(_), Waarde::Getal(d), _) => {
                if let Some((bericht, hulp)) = self.getal(*d) {
                    uit.push(Buiten {
                        code: Code::ParamsBereik,
                        bericht,
                        span: v.span(),
                        hulp,
                    });
                }
            }
            (Soort::Datum, Waarde::Datum(_), _) | (Soort::Tekst, Waarde::Tekst(_), _) => {}
            _ => uit.push(Buiten {
                code: Code::ParamsType,
                bericht: format!(
                    "parameter `{}` heeft eenheid `{}`, maar de waarde is {}",
                    self.naam,
                    self.eenheid,
                    soort_van(w)
                ),
                span: v.span(),
                hulp: self.verwacht(),
            }),
        }
    }

    /// What is wrong with a number of this unit, and how to write it.
    fn getal(&self, d: Decimal) -> Option<(String, String)> {
        let naam = self.naam;
        match self.soort {
            Soort::Bedrag if d.is_sign_negative() && !d.is_zero() && !self.mag_negatief => Some((
                format!("parameter `{naam}` is een bedrag ({}) en mag niet negatief zijn: {d}", self.eenheid),
                "een bedrag is 0 of meer; is een negatief bedrag hier juist bedoeld (een saldo of korting), zet dan `mag_negatief = true` bij de parameter".into(),
            )),
            Soort::Bedrag if d.normalize().scale() > 2 => Some((
                format!("parameter `{naam}` is een bedrag ({}) met meer dan twee decimalen: {d}", self.eenheid),
                "een bedrag is in hele centen: hooguit twee cijfers achter de punt".into(),
            )),
            Soort::Fractie => {
                let min = if self.mag_negatief { -Decimal::ONE } else { Decimal::ZERO };
                (d < min || d > Decimal::ONE).then(|| {
                    let grenzen = if self.mag_negatief { "-1 en 1" } else { "0 en 1" };
                    (
                        format!("parameter `{naam}` is een fractie en moet tussen {grenzen} liggen, niet {d}"),
                        format!(
                            "een percentage staat als fractie: 35,82 % is 0.3582{}",
                            if d.abs() > Decimal::ONE && d.abs() <= Decimal::ONE_HUNDRED {
                                format!("; bedoelt u {}?", (d / Decimal::ONE_HUNDRED).normalize())
                            } else {
                                String::new()
                            }
                        ),
                    )
                })
            }
            Soort::Geheel(max) => {
                let buiten = !d.fract().is_zero()
                    || d.is_sign_negative() && !d.is_zero()
                    || max.is_some_and(|m| d > Decimal::from(m));
                buiten.then(|| {
                    let bereik = match max {
                        Some(m) => format!("een geheel getal van 0 tot en met {m}"),
                        None => "een geheel getal van 0 of meer".into(),
                    };
                    (
                        format!("parameter `{naam}` ({}) moet {bereik} zijn, niet {d}", self.eenheid),
                        format!("schrijf {bereik}, zonder decimalen"),
                    )
                })
            }
            _ => None,
        }
    }

    fn verwacht(&self) -> String {
        match self.soort {
            Soort::Bedrag => {
                "een bedrag is een getal zonder aanhalingstekens, bijvoorbeeld 1000.00"
            }
            Soort::Fractie => {
                "een fractie is een getal tussen 0 en 1, bijvoorbeeld 0.3582 voor 35,82 %"
            }
            Soort::Geheel(_) => "schrijf een geheel getal zonder aanhalingstekens",
            Soort::Datum => "schrijf een datum als JJJJ-MM-DD, zonder aanhalingstekens",
            Soort::Tekst => "schrijf de tekst tussen aanhalingstekens",
            Soort::Lijst => "schrijf een lijst tussen [ en ]",
        }
        .into()
    }
}

fn soort_van(w: &Waarde) -> String {
    match w {
        Waarde::Getal(d) => format!("het getal {d}"),
        Waarde::Tekst(t) => format!("de tekst \"{t}\""),
        Waarde::Logisch(b) => format!("`{b}`"),
        Waarde::Datum(d) => format!("de datum {d}"),
        Waarde::Lijst(_) => "een lijst".into(),
        Waarde::Rij(_) => "een tabel".into(),
        Waarde::NogNietVastgesteld => "nog niet vastgesteld".into(),
    }
}

#[cfg(test)]
mod tests {
    fn fouten(t: &str) -> Vec<String> {
        match super::super::laad_parameterbestand(
            "t.toml",
            &format!("bron = \"x\"\n{t}\n"),
            "ns",
            2025,
            &super::super::Parameters::default(),
        ) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn bedragen_in_hele_centen_en_niet_negatief() {
        assert!(fouten("a = { waarde = 1000.00, eenheid = \"euro_per_jaar\" }").is_empty());
        assert!(fouten("a = { waarde = 12.500, eenheid = \"euro_per_maand\" }").is_empty());
        let e = fouten("a = { waarde = 1000.005, eenheid = \"euro_per_jaar\" }");
        assert!(e[0].contains("meer dan twee decimalen"), "{e:?}");
        let e = fouten("[x]\neenheid = \"euro_per_maand\"\na = -0.01");
        assert!(
            e[0].starts_with("t.toml:4:5: ") && e[0].contains("niet negatief"),
            "{e:?}"
        );
        // a saldo that is negative by nature says so, on the value or its table
        assert!(fouten(
            "a = { waarde = -37.14, eenheid = \"euro_per_maand\", mag_negatief = true }"
        )
        .is_empty());
        assert!(fouten(
            "[x]\nmag_negatief = true\na = { waarde = -1, eenheid = \"euro_per_jaar\" }"
        )
        .is_empty());
    }

    #[test]
    fn fracties_tussen_nul_en_een() {
        assert!(fouten("a = { waarde = 1, eenheid = \"fractie\" }").is_empty());
        assert!(fouten("a = { waarde = 0, eenheid = \"fractie\" }").is_empty());
        let e = fouten("a = { waarde = 1.0001, eenheid = \"fractie\" }");
        assert!(e[0].contains("tussen 0 en 1"), "{e:?}");
        let e = fouten("a = { waarde = -0.5, eenheid = \"fractie\" }");
        assert!(e[0].contains("tussen 0 en 1"), "{e:?}");
        assert!(
            fouten("a = { waarde = -0.5, eenheid = \"fractie\", mag_negatief = true }").is_empty()
        );
        let e = fouten("a = { waarde = [0.2, 35], eenheid = \"fractie\" }");
        assert!(e.len() == 1 && e[0].starts_with("t.toml:2:22: "), "{e:?}");
    }

    #[test]
    fn jaren_en_maanden_geheel() {
        assert!(fouten("a = { waarde = 67, eenheid = \"jaren\" }").is_empty());
        assert!(fouten("a = { waarde = 11, eenheid = \"maanden\" }").is_empty());
        assert!(fouten("a = { waarde = 67.5, eenheid = \"jaren\" }")[0].contains("geheel getal"));
        assert!(fouten("a = { waarde = 670, eenheid = \"jaren\" }")[0].contains("tot en met 120"));
        assert!(fouten("a = { waarde = -1, eenheid = \"maanden\" }")[0].contains("0 of meer"));
        let e = fouten("a = { waarde = 1, eenheid = \"jaren\", mag_negatief = true }");
        assert!(e[0].contains("kent geen negatieve waarden"), "{e:?}");
    }

    #[test]
    fn waarde_past_bij_eenheid() {
        let e = fouten("a = { waarde = \"duizend\", eenheid = \"euro_per_jaar\" }");
        assert!(e[0].contains("de waarde is de tekst \"duizend\""), "{e:?}");
        assert!(!fouten("a = { waarde = 1.5, eenheid = \"datum\" }").is_empty());
        assert!(fouten("a = { waarde = 1963-01-01, eenheid = \"datum\" }").is_empty());
        // a table's cells mix amounts and rates: not checked by the table's unit
        assert!(fouten(
            "a = { waarde = [{ vanaf = 0.00, percentage = -0.0651 }], eenheid = \"tabel\" }"
        )
        .is_empty());
        // no unit, no range (a formula's coefficient)
        assert!(fouten("a = -0.001382497146").is_empty());
    }
}
