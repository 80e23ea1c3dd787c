//! Household records as CSV rows: one row per household, so that a policy officer can fill in a
//! spreadsheet. The columns (README "CSV-invoer"):
//!
//! | column | meaning |
//! |---|---|
//! | `jaar` | the year assessed (required) |
//! | `gemeente`, `iban`, `aanvraagdatum`, `betaaldatum`, `vermogen`, `vermogen_eigen_woning`, `huur_per_maand`, `kostendelende_medebewoners` | as in the record |
//! | `fiscaal_partner`, `toeslagpartner`, `op_lijst_belastingdienst`, `bekend_uit_handelingsperspectief`, `omstandigheden_gewijzigd`, `hardheidsclausule_toegepast` | `ja`/`nee` (also `true`/`false`, `1`/`0`, `x`); empty = nee |
//! | `persoon1_bsn`, `persoon1_geboortedatum`, `persoon1_overlijdensdatum` | the applicant |
//! | `persoon1_<soort>` | gross income per year of that soort, e.g. `persoon1_wia`, `persoon1_loon` |
//! | `persoon2_…` | the partner, same columns; a row without any `persoon2_` value is a one-person household |
//! | `kind1_geboortedatum`, `kind2_geboortedatum`, … | children living at home |
//! | `medebewoner1_geboortedatum`, … | other adults sharing the home (kostendelersnorm) |
//! | `kenmerk` | the municipality's own reference; not assessed, copied to the CSV output |
//!
//! Only the columns used need to be present, in any order. Amounts may use a decimal point or a
//! decimal comma (`1234,56`), without thousands separators; dates are `JJJJ-MM-DD` or
//! `DD-MM-JJJJ`. The delimiter is `,` or `;` (whichever the header uses). Monthly amounts
//! (`bruto_per_maand`) need JSONL.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{Code, Fout, Fouten, Locatie};
use crate::record::{Datum, Huishouden, Inkomen, Kind, Medebewoner, Persoon, Soort};

pub(crate) use super::csv_velden::CsvVelden;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kolom {
    Jaar,
    Gemeente,
    FiscaalPartner,
    Toeslagpartner,
    OpLijst,
    Bekend,
    Gewijzigd,
    Aanvraagdatum,
    Betaaldatum,
    Hardheidsclausule,
    Vermogen,
    VermogenEigenWoning,
    Kostendelers,
    Huur,
    Iban,
    Kenmerk,
    Bsn(usize),
    Geboortedatum(usize),
    Overlijdensdatum(usize),
    Inkomen(usize, Soort),
    Kind(usize),
    Medebewoner(usize),
}

const ALGEMEEN: [(&str, Kolom); 16] = [
    ("jaar", Kolom::Jaar),
    ("gemeente", Kolom::Gemeente),
    ("fiscaal_partner", Kolom::FiscaalPartner),
    ("toeslagpartner", Kolom::Toeslagpartner),
    ("op_lijst_belastingdienst", Kolom::OpLijst),
    ("bekend_uit_handelingsperspectief", Kolom::Bekend),
    ("omstandigheden_gewijzigd", Kolom::Gewijzigd),
    ("aanvraagdatum", Kolom::Aanvraagdatum),
    ("betaaldatum", Kolom::Betaaldatum),
    ("hardheidsclausule_toegepast", Kolom::Hardheidsclausule),
    ("vermogen", Kolom::Vermogen),
    ("vermogen_eigen_woning", Kolom::VermogenEigenWoning),
    ("kostendelende_medebewoners", Kolom::Kostendelers),
    ("huur_per_maand", Kolom::Huur),
    ("iban", Kolom::Iban),
    ("kenmerk", Kolom::Kenmerk),
];

/// The columns of a CSV file, read once from its header and shared by all threads.
#[derive(Debug, Clone)]
pub struct CsvKolommen {
    kolommen: Vec<(Kolom, String)>,
}

/// A household read from a CSV row, with the municipality's own reference.
#[derive(Debug, Clone)]
pub(crate) struct CsvHuishouden {
    /// The household.
    pub(crate) huishouden: Huishouden,
    /// The `kenmerk` column, when present and filled in.
    pub(crate) kenmerk: Option<String>,
    /// The column names behind the record's fields.
    pub(crate) velden: CsvVelden,
}

/// All column names a header may use, for did-you-mean hints and the documentation.
pub(crate) fn toegestane_kolommen() -> Vec<String> {
    let mut v: Vec<String> = ALGEMEEN.iter().map(|(n, _)| n.to_string()).collect();
    for p in 1..=2 {
        for veld in ["bsn", "geboortedatum", "overlijdensdatum"] {
            v.push(format!("persoon{p}_{veld}"));
        }
        for s in Soort::ALLE {
            v.push(format!("persoon{p}_{}", s.naam()));
        }
    }
    v.push("kind1_geboortedatum".into());
    v.push("medebewoner1_geboortedatum".into());
    v
}

impl CsvKolommen {
    /// Read the header. Unknown or duplicate columns are errors (with a did-you-mean).
    pub(crate) fn uit_kop<'a>(
        kop: impl IntoIterator<Item = &'a str>,
    ) -> Result<CsvKolommen, Fouten> {
        let mut kolommen = Vec::new();
        let mut fouten = Vec::new();
        for (i, ruw) in kop.into_iter().enumerate() {
            let naam = ruw.trim_start_matches('\u{feff}').trim().to_lowercase();
            let fout = |bericht: String, hulp: Option<String>| {
                let mut f = Fout::invoer(Code::BatchCsvKop, bericht).bij(Locatie::Veld {
                    record: "regel 1".into(),
                    veld: naam.clone(),
                });
                if let Some(h) = hulp {
                    f = f.hulp(h);
                }
                f
            };
            match herken(&naam) {
                Ok(k) => {
                    if kolommen.iter().any(|(x, _)| *x == k) {
                        fouten.push(fout(format!("kolom `{naam}` staat er twee keer in"), None));
                    }
                    kolommen.push((k, naam));
                }
                Err(hulp) => {
                    let bericht = if naam.is_empty() {
                        format!("kolom {} heeft geen naam", i + 1)
                    } else {
                        format!("onbekende kolom `{naam}`")
                    };
                    fouten.push(fout(bericht, Some(hulp)));
                }
            }
        }
        if !kolommen.iter().any(|(k, _)| *k == Kolom::Jaar) {
            fouten.push(
                Fout::invoer(Code::BatchCsvKop, "de kolom `jaar` ontbreekt")
                    .bij(Locatie::Veld {
                        record: "regel 1".into(),
                        veld: String::new(),
                    })
                    .hulp("de eerste regel noemt de kolommen, bijvoorbeeld jaar;persoon1_geboortedatum;persoon1_wia"),
            );
        }
        if fouten.is_empty() {
            Ok(CsvKolommen { kolommen })
        } else {
            Err(Fouten(fouten))
        }
    }

    /// The name of column `i` (0-based) as the header writes it.
    pub(crate) fn naam(&self, i: usize) -> Option<&str> {
        self.kolommen.get(i).map(|(_, n)| n.as_str())
    }

    /// Turn one row into a household. `record` names the row in messages (`regel 12`). Every
    /// problem in the row is reported, with its column name as the field.
    pub(crate) fn lees_rij(
        &self,
        rij: &csv::ByteRecord,
        record: &str,
    ) -> Result<CsvHuishouden, Fouten> {
        let mut fouten = Vec::new();
        if rij.len() > self.kolommen.len() {
            voeg(
                &mut fouten,
                record,
                "",
                format!(
                    "de regel heeft {} cellen, de kopregel noemt {} kolommen",
                    rij.len(),
                    self.kolommen.len()
                ),
                Some("staat er een scheidingsteken (, of ;) in een bedrag of tekst? Zet de cel dan tussen aanhalingstekens"),
            );
        }
        let mut hh = Huishouden {
            jaar: 0,
            gemeente: None,
            verhuisd_naar_gemeente: None,
            kenmerk: None,
            fiscaal_partner: false,
            toeslagpartner: false,
            op_lijst_belastingdienst: false,
            bekend_uit_handelingsperspectief: false,
            omstandigheden_gewijzigd: false,
            aanvraagdatum: None,
            vermogen: Decimal::ZERO,
            hardheidsclausule_toegepast: false,
            betaaldatum: None,
            vermogen_eigen_woning: None,
            kostendelende_medebewoners: None,
            medebewoners: Vec::new(),
            huur_per_maand: None,
            iban: None,
            personen: Vec::new(),
            kinderen: Vec::new(),
        };
        let mut kenmerk = None;
        let mut personen: [PersoonCellen; 2] = Default::default();
        let mut kinderen: Vec<(usize, Datum)> = Vec::new();
        let mut medebewoners: Vec<(usize, Datum)> = Vec::new();
        let mut jaar_gezien = false;
        for (i, (k, naam)) in self.kolommen.iter().enumerate() {
            let Some(ruw) = rij.get(i) else { continue };
            let cel = match std::str::from_utf8(ruw) {
                Ok(c) => c.trim(),
                Err(e) => {
                    let plek = crate::record::ongeldige_byte(ruw, e.valid_up_to());
                    voeg(
                        &mut fouten,
                        record,
                        naam,
                        format!("de cel is geen geldige UTF-8-tekst: {plek} in de cel"),
                        Some(crate::record::UTF8_HULP),
                    );
                    continue;
                }
            };
            if cel.is_empty() {
                continue;
            }
            let r: Result<(), (String, Option<&str>)> = (|| {
                match *k {
                    Kolom::Jaar => {
                        hh.jaar = cel.parse().map_err(|_| {
                            (
                                format!("`{cel}` is geen jaartal"),
                                Some("bijvoorbeeld 2025"),
                            )
                        })?;
                        jaar_gezien = true;
                    }
                    Kolom::Gemeente => hh.gemeente = Some(cel.to_string()),
                    Kolom::Iban => hh.iban = Some(cel.to_string()),
                    Kolom::Kenmerk => kenmerk = Some(cel.to_string()),
                    Kolom::FiscaalPartner => hh.fiscaal_partner = logisch(cel)?,
                    Kolom::Toeslagpartner => hh.toeslagpartner = logisch(cel)?,
                    Kolom::OpLijst => hh.op_lijst_belastingdienst = logisch(cel)?,
                    Kolom::Bekend => hh.bekend_uit_handelingsperspectief = logisch(cel)?,
                    Kolom::Gewijzigd => hh.omstandigheden_gewijzigd = logisch(cel)?,
                    Kolom::Aanvraagdatum => hh.aanvraagdatum = Some(datum(cel)?),
                    Kolom::Betaaldatum => hh.betaaldatum = Some(datum(cel)?),
                    Kolom::Hardheidsclausule => hh.hardheidsclausule_toegepast = logisch(cel)?,
                    Kolom::Vermogen => hh.vermogen = bedrag(cel)?,
                    Kolom::VermogenEigenWoning => hh.vermogen_eigen_woning = Some(bedrag(cel)?),
                    Kolom::Kostendelers => {
                        hh.kostendelende_medebewoners = Some(cel.parse().map_err(|_| {
                            (
                                format!("`{cel}` is geen aantal personen"),
                                Some("een geheel getal, bijvoorbeeld 1"),
                            )
                        })?)
                    }
                    Kolom::Huur => hh.huur_per_maand = Some(bedrag(cel)?),
                    Kolom::Bsn(p) => {
                        // as in the Belastingdienst list: a spreadsheet drops the leading zero
                        // of an 8-digit BSN and may keep spaces
                        let mut bsn: String = cel.chars().filter(|c| !c.is_whitespace()).collect();
                        if bsn.len() == 8 && bsn.bytes().all(|b| b.is_ascii_digit()) {
                            bsn.insert(0, '0');
                        }
                        personen[p].bsn = Some(bsn);
                        personen[p].gevuld = true;
                    }
                    Kolom::Geboortedatum(p) => {
                        personen[p].geboortedatum = Some(datum(cel)?);
                        personen[p].gevuld = true;
                    }
                    Kolom::Overlijdensdatum(p) => {
                        personen[p].overlijdensdatum = Some(datum(cel)?);
                        personen[p].gevuld = true;
                    }
                    Kolom::Inkomen(p, soort) => {
                        let b = bedrag(cel)?;
                        personen[p].gevuld = true;
                        if !b.is_zero() {
                            personen[p].inkomsten.push((soort, b, naam.clone()));
                        }
                    }
                    Kolom::Kind(n) => kinderen.push((n, datum(cel)?)),
                    Kolom::Medebewoner(n) => medebewoners.push((n, datum(cel)?)),
                }
                Ok(())
            })();
            if let Err((bericht, hulp)) = r {
                voeg(&mut fouten, record, naam, bericht, hulp);
            }
        }
        if !jaar_gezien {
            voeg(
                &mut fouten,
                record,
                "jaar",
                "het jaar ontbreekt".into(),
                Some("bijvoorbeeld 2025"),
            );
        }
        if personen[1].gevuld && !personen[0].gevuld {
            voeg(
                &mut fouten,
                record,
                "persoon1_geboortedatum",
                "persoon2 is ingevuld maar persoon1 niet".into(),
                Some("vul de aanvrager in als persoon1"),
            );
        }
        let mut inkomen_kolommen: [Vec<String>; 2] = Default::default();
        for (p, cellen) in personen.into_iter().enumerate() {
            if !cellen.gevuld && p > 0 {
                continue;
            }
            let kolom = format!("persoon{}_geboortedatum", p + 1);
            let al_gemeld = fouten
                .iter()
                .any(|f| matches!(&f.locatie, Some(Locatie::Veld { veld, .. }) if *veld == kolom));
            let Some(geboortedatum) = cellen.geboortedatum else {
                if al_gemeld {
                    continue;
                }
                voeg(
                    &mut fouten,
                    record,
                    &kolom,
                    format!("de geboortedatum van persoon{} ontbreekt", p + 1),
                    Some("geboortedatum als JJJJ-MM-DD, bijvoorbeeld 1971-03-08"),
                );
                continue;
            };
            let mut inkomsten = Vec::with_capacity(cellen.inkomsten.len());
            for (soort, b, kolom) in cellen.inkomsten {
                inkomsten.push(Inkomen {
                    soort,
                    bruto_per_jaar: Some(b),
                    bruto_per_maand: None,
                });
                inkomen_kolommen[p].push(kolom);
            }
            hh.personen.push(Persoon {
                bsn: cellen.bsn,
                geboortedatum,
                overlijdensdatum: cellen.overlijdensdatum,
                inkomsten,
            });
        }
        kinderen.sort_by_key(|(n, _)| *n);
        let kind_nummers = kinderen.iter().map(|(n, _)| *n).collect();
        hh.kinderen = kinderen
            .into_iter()
            .map(|(_, d)| Kind { geboortedatum: d })
            .collect();
        medebewoners.sort_by_key(|(n, _)| *n);
        let medebewoner_nummers = medebewoners.iter().map(|(n, _)| *n).collect();
        hh.medebewoners = medebewoners
            .into_iter()
            .map(|(_, d)| Medebewoner { geboortedatum: d })
            .collect();
        hh.kenmerk.clone_from(&kenmerk);
        if fouten.is_empty() {
            Ok(CsvHuishouden {
                huishouden: hh,
                kenmerk,
                velden: CsvVelden {
                    inkomen_kolommen,
                    kind_nummers,
                    medebewoner_nummers,
                },
            })
        } else {
            Err(Fouten(fouten))
        }
    }
}

fn voeg(fouten: &mut Vec<Fout>, record: &str, kolom: &str, bericht: String, hulp: Option<&str>) {
    let mut f = Fout::invoer(Code::BatchCsvCel, bericht).bij(Locatie::Veld {
        record: record.to_string(),
        veld: kolom.to_string(),
    });
    if let Some(h) = hulp {
        f = f.hulp(h);
    }
    fouten.push(f);
}

#[derive(Default)]
struct PersoonCellen {
    gevuld: bool,
    bsn: Option<String>,
    geboortedatum: Option<Datum>,
    overlijdensdatum: Option<Datum>,
    inkomsten: Vec<(Soort, Decimal, String)>,
}

fn herken(naam: &str) -> Result<Kolom, String> {
    if let Some((_, k)) = ALGEMEEN.iter().find(|(n, _)| *n == naam) {
        return Ok(*k);
    }
    let hint = || {
        let alle = toegestane_kolommen();
        crate::suggest::dichtstbij(naam, alle.iter().map(String::as_str))
            .map(|s| format!("bedoelt u `{s}`?"))
            .unwrap_or_else(|| {
                "kolommen: jaar, gemeente, vermogen, huur_per_maand, …, persoon1_geboortedatum, persoon1_<soort inkomen>, persoon2_…, kind1_geboortedatum, kenmerk (zie README)".to_string()
            })
    };
    if let Some(rest) = naam.strip_prefix("persoon") {
        let (nr, veld) = rest.split_once('_').ok_or_else(hint)?;
        let p = match nr {
            "1" => 0,
            "2" => 1,
            _ => {
                return Err(
                    "een huishouden heeft 1 of 2 personen: gebruik persoon1_ en persoon2_".into(),
                )
            }
        };
        return match veld {
            "bsn" => Ok(Kolom::Bsn(p)),
            "geboortedatum" => Ok(Kolom::Geboortedatum(p)),
            "overlijdensdatum" => Ok(Kolom::Overlijdensdatum(p)),
            s => Soort::van_naam(s)
                .map(|s| Kolom::Inkomen(p, s))
                .ok_or_else(hint),
        };
    }
    if let Some(rest) = naam.strip_prefix("kind") {
        if let Some(nr) = rest.strip_suffix("_geboortedatum") {
            if let Ok(n) = nr.parse::<usize>() {
                if n >= 1 {
                    return Ok(Kolom::Kind(n));
                }
            }
        }
    }
    if let Some(rest) = naam.strip_prefix("medebewoner") {
        if let Some(nr) = rest.strip_suffix("_geboortedatum") {
            if let Ok(n) = nr.parse::<usize>() {
                if n >= 1 {
                    return Ok(Kolom::Medebewoner(n));
                }
            }
        }
    }
    Err(hint())
}

fn logisch(cel: &str) -> Result<bool, (String, Option<&'static str>)> {
    match cel.to_lowercase().as_str() {
        "ja" | "j" | "true" | "waar" | "1" | "x" | "yes" | "y" => Ok(true),
        "nee" | "n" | "false" | "onwaar" | "0" | "no" => Ok(false),
        _ => Err((
            format!("`{cel}` is geen ja of nee"),
            Some("vul ja of nee in (leeg = nee)"),
        )),
    }
}

fn datum(cel: &str) -> Result<Datum, (String, Option<&'static str>)> {
    crate::record::datum_jjjj_mm_dd(cel)
        .or_else(|_| NaiveDate::parse_from_str(cel, "%d-%m-%Y"))
        .map(Datum)
        .map_err(|_| {
            (
                format!("`{cel}` is geen geldige datum"),
                Some("schrijf een datum als JJJJ-MM-DD (2025-05-20) of DD-MM-JJJJ (20-05-2025)"),
            )
        })
}

fn bedrag(cel: &str) -> Result<Decimal, (String, Option<&'static str>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rij(cellen: &[&str]) -> csv::ByteRecord {
        csv::ByteRecord::from(cellen.to_vec())
    }

    #[test]
    fn rij_wordt_huishouden() {
        let k = CsvKolommen::uit_kop([
            "jaar",
            "fiscaal_partner",
            "toeslagpartner",
            "huur_per_maand",
            "persoon1_geboortedatum",
            "persoon1_wia",
            "persoon1_loon",
            "persoon2_geboortedatum",
            "kind1_geboortedatum",
            "kenmerk",
        ])
        .expect("kop");
        let h = k
            .lees_rij(
                &rij(&[
                    "2025",
                    "ja",
                    "ja",
                    "720,50",
                    "08-03-1971",
                    "31000",
                    "",
                    "1975-11-21",
                    "2013-06-01",
                    "D-17",
                ]),
                "regel 2",
            )
            .expect("rij");
        assert_eq!(h.huishouden.personen.len(), 2);
        assert_eq!(h.huishouden.personen[0].inkomsten.len(), 1);
        assert_eq!(
            h.huishouden.huur_per_maand.map(|d| d.to_string()),
            Some("720.50".into())
        );
        assert_eq!(h.kenmerk.as_deref(), Some("D-17"));
        assert_eq!(
            h.velden.kolom_van_veld("personen[0].inkomsten[0]"),
            "persoon1_wia"
        );
        assert_eq!(h.velden.kolom_van_veld("personen[1].bsn"), "persoon2_bsn");
    }

    #[test]
    fn onbekende_kolom_met_suggestie() {
        let e = CsvKolommen::uit_kop(["jaar", "persoon1_wja"]).expect_err("onbekend");
        assert!(e.0[0]
            .hulp
            .as_deref()
            .unwrap_or_default()
            .contains("persoon1_wia"));
    }

    #[test]
    fn slechte_cellen_allemaal_gemeld() {
        let k = CsvKolommen::uit_kop(["jaar", "vermogen", "persoon1_geboortedatum"]).expect("kop");
        let e = k
            .lees_rij(&rij(&["2025", "1.234,50", "31-02-1970"]), "regel 3")
            .expect_err("fout");
        assert_eq!(e.0.len(), 2);
    }
}
