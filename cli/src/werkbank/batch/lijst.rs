//! The Belastingdienst list (art. 78gg lid 5 PW): the BSNs of the meestverdienende partners of
//! households that, by the Belastingdienst's data, belong to the doelgroep. A household whose
//! meestverdienende partner — the person with the highest gross income — is on the list is
//! assessed on the route `ambtshalve_lijst`.
//!
//! The list is one BSN per line, or a CSV file with a `bsn` column. Every BSN is checked with the
//! elfproef; a bad line is reported with its line number and the BSN masked (last three digits).

use std::collections::HashSet;
use std::io::BufRead;

use rust_decimal::Decimal;

use avp_engine::error::{Code, Fout, Fouten, Locatie};
use avp_engine::record::{bsn_elfproef, maskeer, Huishouden, Soort};

/// The list: valid BSNs, and the lines that were rejected.
#[derive(Debug, Clone, Default)]
pub struct Lijst {
    bsns: HashSet<u32>,
    /// Rejected lines, with the BSN masked.
    pub fouten: Vec<Fout>,
    /// Number of lines with a BSN (valid or not, duplicates included).
    pub(crate) regels: usize,
}

/// How a household relates to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LijstUitkomst {
    /// No person of the household is on the list.
    NietOpLijst,
    /// The meestverdienende partner is on the list (this BSN).
    Meestverdienende(u32),
    /// Only the minstverdienende partner is on the list: not marked, but worth a look.
    Minstverdienende(u32),
}

impl Lijst {
    /// Read a list. `naam` names the file in messages.
    pub fn lees(invoer: impl BufRead, naam: &str) -> Result<Lijst, Fouten> {
        let mut lijst = Lijst::default();
        // the `bsn` column and the delimiter of a CSV file
        let mut kolom: Option<(usize, u8)> = None;
        let mut eerste = true;
        for (i, regel) in invoer.split(b'\n').enumerate() {
            let nr = i + 1;
            let regel = regel.map_err(|e| {
                Fout::invoer(Code::LijstLezen, format!("kan {naam} niet lezen: {e}"))
            })?;
            let tekst = match std::str::from_utf8(&regel) {
                Ok(t) => t,
                Err(e) => {
                    let plek = avp_engine::record::ongeldige_byte(&regel, e.valid_up_to());
                    let bericht =
                        format!("de regel is geen geldige UTF-8-tekst: {plek} in de regel");
                    lijst.fouten.push(lijst_fout(naam, nr, &bericht));
                    continue;
                }
            };
            let tekst = tekst.trim_start_matches('\u{feff}').trim();
            if tekst.is_empty() || tekst.starts_with('#') {
                continue;
            }
            if eerste {
                eerste = false;
                kolom = bsn_kolom(tekst, naam, nr)?;
                if kolom.is_some() {
                    continue;
                }
            }
            let cel = match kolom {
                Some((k, scheiding)) => cellen(tekst, scheiding)
                    .get(k)
                    .map(|c| c.trim().trim_matches('"').trim().to_string())
                    .unwrap_or_default(),
                None => tekst.to_string(),
            };
            lijst.neem_op(&cel, naam, nr);
        }
        Ok(lijst)
    }

    /// Take in the BSN of line `nr`: a valid one goes on the list, an empty or invalid one is
    /// reported (masked).
    fn neem_op(&mut self, cel: &str, naam: &str, nr: usize) {
        self.regels += 1;
        let mut bsn: String = cel.chars().filter(|c| !c.is_whitespace()).collect();
        if bsn.len() == 8 && bsn.chars().all(|c| c.is_ascii_digit()) {
            // legacy 8-digit numbers are written without the leading zero
            bsn.insert(0, '0');
        }
        if bsn.is_empty() {
            self.fouten
                .push(lijst_fout(naam, nr, "de cel `bsn` is leeg"));
        } else if !bsn_elfproef(&bsn) {
            self.fouten.push(lijst_fout(
                naam,
                nr,
                &format!(
                    "BSN eindigend op {} voldoet niet aan de elfproef",
                    maskeer(&bsn)
                ),
            ));
        } else if let Ok(n) = bsn.parse::<u32>() {
            self.bsns.insert(n);
        }
    }

    /// A list from BSNs (tests).
    #[cfg(test)]
    fn van<'a>(bsns: impl IntoIterator<Item = &'a str>) -> Lijst {
        let mut l = Lijst::default();
        for b in bsns {
            if let Ok(n) = b.parse::<u32>() {
                if bsn_elfproef(b) {
                    l.bsns.insert(n);
                }
            }
            l.regels += 1;
        }
        l
    }

    /// Number of distinct valid BSNs.
    pub fn len(&self) -> usize {
        self.bsns.len()
    }

    /// Whether the list holds no valid BSN.
    pub fn is_empty(&self) -> bool {
        self.bsns.is_empty()
    }

    /// Whether `bsn` (9 digits) is on the list.
    pub(crate) fn bevat(&self, bsn: &str) -> Option<u32> {
        let n = bsn.trim().parse::<u32>().ok()?;
        self.bsns.contains(&n).then_some(n)
    }

    /// Every list BSN among the household's persons (meestverdienende or not): these count as
    /// found in the input, whatever the household's outcome.
    pub(crate) fn in_huishouden<'a>(
        &'a self,
        hh: &'a Huishouden,
    ) -> impl Iterator<Item = u32> + 'a {
        hh.personen
            .iter()
            .filter_map(|p| p.bsn.as_deref().and_then(|b| self.bevat(b)))
    }

    /// Where the household stands with respect to the list.
    pub(crate) fn toets(&self, hh: &Huishouden) -> LijstUitkomst {
        let meest = meestverdienende(hh);
        let mut uitkomst = LijstUitkomst::NietOpLijst;
        for (i, p) in hh.personen.iter().enumerate() {
            if let Some(n) = p.bsn.as_deref().and_then(|b| self.bevat(b)) {
                if i == meest {
                    return LijstUitkomst::Meestverdienende(n);
                }
                uitkomst = LijstUitkomst::Minstverdienende(n);
            }
        }
        uitkomst
    }
}

/// Index of the meestverdienende partner: the person with the highest gross income (sum of all
/// incomes except kinderalimentatie; a monthly series counts as its average × 12). A tie goes
/// to the first person.
pub(crate) fn meestverdienende(hh: &Huishouden) -> usize {
    let mut beste = (0usize, Decimal::MIN);
    for (i, p) in hh.personen.iter().enumerate() {
        let totaal: Decimal = p
            .inkomsten
            .iter()
            .filter(|ink| ink.soort != Soort::Kinderalimentatie)
            .map(|ink| match (&ink.bruto_per_jaar, &ink.bruto_per_maand) {
                (Some(j), _) => *j,
                (None, Some(m)) if !m.is_empty() => {
                    m.iter().copied().sum::<Decimal>() / Decimal::from(m.len() as u64)
                        * Decimal::from(12)
                }
                _ => Decimal::ZERO,
            })
            .sum();
        if totaal > beste.1 {
            beste = (i, totaal);
        }
    }
    beste.0
}

/// For the first line of a list (`nr`): the `bsn` column and the delimiter when the line is a
/// CSV header (it has letters), `None` when it is a BSN. A header without `bsn` is an error.
fn bsn_kolom(tekst: &str, naam: &str, nr: usize) -> Result<Option<(usize, u8)>, Fouten> {
    if !tekst.chars().any(|c| c.is_alphabetic()) {
        return Ok(None);
    }
    let scheiding = [b';', b'\t', b',']
        .into_iter()
        .find(|s| tekst.as_bytes().contains(s))
        .unwrap_or(b',');
    let namen = cellen(tekst, scheiding);
    match namen
        .iter()
        .position(|n| n.trim().trim_matches('"').eq_ignore_ascii_case("bsn"))
    {
        Some(k) => Ok(Some((k, scheiding))),
        None => Err(Fout::invoer(
            Code::LijstKop,
            format!("{naam} heeft een kopregel zonder kolom `bsn`"),
        )
        .bij(Locatie::Veld {
            record: format!("{naam} regel {nr}"),
            veld: String::new(),
        })
        .hulp("geef één BSN per regel, of een CSV-bestand met een kolom `bsn`")
        .into()),
    }
}

/// The cells of one CSV line.
fn cellen(tekst: &str, scheiding: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(scheiding)
        .flexible(true)
        .from_reader(tekst.as_bytes());
    r.records()
        .next()
        .and_then(Result::ok)
        .map(|rec| rec.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// A rejected line `nr` of list `naam`.
fn lijst_fout(naam: &str, nr: usize, bericht: &str) -> Fout {
    Fout::invoer(Code::LijstBsn, bericht.to_string())
        .bij(Locatie::Veld {
            record: format!("{naam} regel {nr}"),
            veld: "bsn".into(),
        })
        .hulp("een BSN heeft 9 cijfers en voldoet aan de elfproef")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kale_lijst_en_csv() {
        let l =
            Lijst::lees("111222333\n\n123456789\n12345611\n".as_bytes(), "lijst").expect("lijst");
        assert_eq!(l.len(), 2, "111222333 en 012345611: {l:?}");
        assert_eq!(l.fouten.len(), 1);
        let t = l.fouten[0].to_string();
        assert!(t.contains("…789") && !t.contains("123456789"), "{t}");
        let c = Lijst::lees("naam;bsn\nA;111222333\nB;\n".as_bytes(), "l.csv").expect("csv");
        assert_eq!(c.len(), 1);
        assert_eq!(c.fouten.len(), 1);
    }

    #[test]
    fn meestverdienende_partner() {
        let hh = |a: &str, b: &str| {
            avp_engine::record::lees_huishouden(
                &format!(
                    r#"{{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"personen":[
                    {{"bsn":"111222333","geboortedatum":"1970-01-01","inkomsten":[{a}]}},
                    {{"bsn":"123456782","geboortedatum":"1970-01-01","inkomsten":[{b}]}}]}}"#
                ),
                avp_engine::record::Formaat::Json,
                "t",
            )
            .expect("record")
        };
        // 1000 a month × 12 = 12000 > 11000; kinderalimentatie does not count; a tie → persoon1
        let h = hh(
            r#"{"soort":"wia","bruto_per_jaar":11000},{"soort":"kinderalimentatie","bruto_per_jaar":5000}"#,
            r#"{"soort":"loon","bruto_per_maand":[1000,1000,1000]}"#,
        );
        assert_eq!(meestverdienende(&h), 1);
        let l = Lijst::van(["111222333"]);
        assert_eq!(l.toets(&h), LijstUitkomst::Minstverdienende(111222333));
        let gelijk = hh(
            r#"{"soort":"ww","bruto_per_jaar":100}"#,
            r#"{"soort":"ww","bruto_per_jaar":100}"#,
        );
        assert_eq!(meestverdienende(&gelijk), 0);
        assert_eq!(l.toets(&gelijk), LijstUitkomst::Meestverdienende(111222333));
    }

    #[test]
    fn kop_zonder_bsn() {
        assert!(Lijst::lees("naam,nummer\n".as_bytes(), "l").is_err());
    }
}
