//! The errors of single records in a batch (for the error file), with every possible BSN masked.

use serde::Serialize;

use avp_engine::error::{Code, Fout, FoutSoort, Fouten, Locatie};
use avp_engine::record;

/// An error of one record in a batch, for the error file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordFout {
    /// 1-based line number in the input.
    pub regel: u64,
    /// The field (record path, or the CSV column); empty when the record as a whole is wrong.
    pub veld: String,
    /// Stable error code.
    pub code: Code,
    /// What is wrong, in Dutch; BSNs masked.
    pub bericht: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hulp: Option<String>,
    /// `invoer` (the record was rejected, exit 2) or `regel` (a rule error, exit 1).
    pub soort: &'static str,
}

impl RecordFout {
    /// From an engine error. `kolom` maps a record field to the name the user knows (CSV column).
    pub(crate) fn van(regel: u64, f: &Fout, kolom: &dyn Fn(&str) -> String) -> RecordFout {
        let mut bericht = f.bericht.clone();
        let mut veld = match &f.locatie {
            Some(Locatie::Veld { veld, .. }) => veld.clone(),
            _ => String::new(),
        };
        // JSON syntax and type errors carry the field in the message: "veld `x`: …"
        if let Some(rest) = bericht.strip_prefix("veld `") {
            if let Some((v, b)) = rest.split_once("`: ") {
                veld = v.to_string();
                bericht = b.to_string();
            }
        }
        match (&f.locatie, f.soort) {
            // an input error: the column in the record's line
            (Some(Locatie::Bestand { kolom: k, .. }), FoutSoort::Invoer) => {
                bericht = format!("{bericht} (kolom {k})");
            }
            // a rule error: where in the rules (not a column of the record)
            (Some(Locatie::Bestand { pad, regel, kolom }), FoutSoort::Regel) => {
                bericht = format!("{bericht} ({pad}:{regel}:{kolom})");
            }
            _ => {}
        }
        if !veld.is_empty() {
            veld = maskeer_bsns(&kolom(&veld));
        }
        RecordFout {
            regel,
            veld,
            code: f.code,
            bericht: maskeer_bsns(&bericht),
            hulp: f.hulp.as_deref().map(maskeer_bsns),
            soort: match f.soort {
                FoutSoort::Invoer => "invoer",
                FoutSoort::Regel => "regel",
            },
        }
    }

    /// Whether the record was rejected as bad input (exit 2) rather than a rule error (exit 1).
    pub(crate) fn is_invoer(&self) -> bool {
        self.soort == "invoer"
    }
}

impl std::fmt::Display for RecordFout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "regel {}", self.regel)?;
        if !self.veld.is_empty() {
            write!(f, ": veld `{}`", self.veld)?;
        }
        write!(f, ": {}", self.bericht)?;
        if let Some(h) = &self.hulp {
            write!(f, " (hulp: {h})")?;
        }
        Ok(())
    }
}

/// Replace every run of 8 or 9 digits (a possible BSN) by `…` and its last three digits, so that
/// no BSN reaches a log or an error file unmasked.
pub fn maskeer_bsns(tekst: &str) -> String {
    let b = tekst.as_bytes();
    let mut uit = String::with_capacity(tekst.len());
    let mut i = 0;
    let mut laatst = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let begin = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if (8..=9).contains(&(i - begin)) {
                uit.push_str(&tekst[laatst..begin]);
                uit.push_str(&record::maskeer(&tekst[begin..i]));
                laatst = i;
            }
        } else {
            i += 1;
        }
    }
    uit.push_str(&tekst[laatst..]);
    uit
}

pub(super) fn fouten(regel: u64, f: &Fouten, kolom: &dyn Fn(&str) -> String) -> Vec<RecordFout> {
    f.0.iter()
        .map(|f| RecordFout::van(regel, f, kolom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsns_gemaskeerd() {
        assert_eq!(
            maskeer_bsns("verkeerd type: integer `111222333`, verwacht a string"),
            "verkeerd type: integer `…333`, verwacht a string"
        );
        assert_eq!(
            maskeer_bsns("bedrag 1000.00 in 2025"),
            "bedrag 1000.00 in 2025"
        );
        assert_eq!(maskeer_bsns("1234567890"), "1234567890");
    }
}
