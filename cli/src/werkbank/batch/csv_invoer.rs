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

use rust_decimal::Decimal;

use super::csv_cellen::{self as cellen, CelFout};
use super::csv_kolommen::{herken, Kolom};
use avp_engine::error::{Code, Fout, Fouten, Locatie};
use avp_engine::record::{Datum, Huishouden, Inkomen, Kind, Medebewoner, Persoon, Soort};

pub(crate) use super::csv_velden::CsvVelden;

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
        let mut meldingen = Meldingen {
            record,
            fouten: Vec::new(),
        };
        if rij.len() > self.kolommen.len() {
            meldingen.voeg(
                "",
                format!(
                    "de regel heeft {} cellen, de kopregel noemt {} kolommen",
                    rij.len(),
                    self.kolommen.len()
                ),
                Some("staat er een scheidingsteken (, of ;) in een bedrag of tekst? Zet de cel dan tussen aanhalingstekens"),
            );
        }
        let mut cellen = RijCellen::default();
        for (i, (k, naam)) in self.kolommen.iter().enumerate() {
            let Some(ruw) = rij.get(i) else { continue };
            let Some(cel) = meldingen.tekst(ruw, naam) else {
                continue;
            };
            if cel.is_empty() {
                continue;
            }
            if let Err((bericht, hulp)) = cellen.vul(*k, naam, cel) {
                meldingen.voeg(naam, bericht, hulp);
            }
        }
        cellen.huishouden(meldingen)
    }
}

/// The problems found in one row (`record`, e.g. `regel 12`), each with its column as the field.
struct Meldingen<'a> {
    record: &'a str,
    fouten: Vec<Fout>,
}

impl Meldingen<'_> {
    /// Report a problem in column `kolom`.
    fn voeg(&mut self, kolom: &str, bericht: String, hulp: Option<&str>) {
        let mut f = Fout::invoer(Code::BatchCsvCel, bericht).bij(Locatie::Veld {
            record: self.record.to_string(),
            veld: kolom.to_string(),
        });
        if let Some(h) = hulp {
            f = f.hulp(h);
        }
        self.fouten.push(f);
    }

    /// Whether a problem in column `kolom` has been reported.
    fn gemeld(&self, kolom: &str) -> bool {
        self.fouten
            .iter()
            .any(|f| matches!(&f.locatie, Some(Locatie::Veld { veld, .. }) if veld == kolom))
    }

    /// A cell's text without surrounding spaces; a cell that is not UTF-8 is reported.
    fn tekst<'r>(&mut self, ruw: &'r [u8], naam: &str) -> Option<&'r str> {
        match std::str::from_utf8(ruw) {
            Ok(c) => Some(c.trim()),
            Err(e) => {
                let plek = avp_engine::record::ongeldige_byte(ruw, e.valid_up_to());
                self.voeg(
                    naam,
                    format!("de cel is geen geldige UTF-8-tekst: {plek} in de cel"),
                    Some(avp_engine::record::UTF8_HULP),
                );
                None
            }
        }
    }
}

/// The cells of one row as read so far, column by column; at the end of the row they become a
/// household.
struct RijCellen {
    hh: Huishouden,
    kenmerk: Option<String>,
    jaar_gezien: bool,
    personen: [PersoonCellen; 2],
    /// `(n, geboortedatum)` of each `kind<n>_geboortedatum`, in column order.
    kinderen: Vec<(usize, Datum)>,
    /// `(n, geboortedatum)` of each `medebewoner<n>_geboortedatum`, in column order.
    medebewoners: Vec<(usize, Datum)>,
}

impl Default for RijCellen {
    fn default() -> Self {
        RijCellen {
            hh: Huishouden {
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
            },
            kenmerk: None,
            jaar_gezien: false,
            personen: Default::default(),
            kinderen: Vec::new(),
            medebewoners: Vec::new(),
        }
    }
}

impl RijCellen {
    /// Put one filled-in cell of column `naam` in its place.
    fn vul(&mut self, k: Kolom, naam: &str, cel: &str) -> Result<(), CelFout> {
        match k {
            Kolom::Bsn(p)
            | Kolom::Geboortedatum(p)
            | Kolom::Overlijdensdatum(p)
            | Kolom::Inkomen(p, _)
            | Kolom::InkomenPerMaand(p, _) => self.personen[p].vul(k, naam, cel),
            Kolom::Kind(n) => {
                self.kinderen.push((n, cellen::datum(cel)?));
                Ok(())
            }
            Kolom::Medebewoner(n) => {
                self.medebewoners.push((n, cellen::datum(cel)?));
                Ok(())
            }
            Kolom::Kenmerk => {
                self.kenmerk = Some(cel.to_string());
                Ok(())
            }
            _ => self.vul_huishouden(k, cel),
        }
    }

    /// A cell of a column about the household as a whole (`jaar`, `vermogen`, `toeslagpartner`, …).
    fn vul_huishouden(&mut self, k: Kolom, cel: &str) -> Result<(), CelFout> {
        let hh = &mut self.hh;
        match k {
            Kolom::Jaar => {
                hh.jaar = cellen::jaartal(cel)?;
                self.jaar_gezien = true;
            }
            Kolom::Gemeente => hh.gemeente = Some(cel.to_string()),
            Kolom::Iban => hh.iban = Some(cel.to_string()),
            Kolom::FiscaalPartner => hh.fiscaal_partner = cellen::logisch(cel)?,
            Kolom::Toeslagpartner => hh.toeslagpartner = cellen::logisch(cel)?,
            Kolom::OpLijst => hh.op_lijst_belastingdienst = cellen::logisch(cel)?,
            Kolom::Bekend => hh.bekend_uit_handelingsperspectief = cellen::logisch(cel)?,
            Kolom::Gewijzigd => hh.omstandigheden_gewijzigd = cellen::logisch(cel)?,
            Kolom::Aanvraagdatum => hh.aanvraagdatum = Some(cellen::datum(cel)?),
            Kolom::Betaaldatum => hh.betaaldatum = Some(cellen::datum(cel)?),
            Kolom::Hardheidsclausule => hh.hardheidsclausule_toegepast = cellen::logisch(cel)?,
            Kolom::Vermogen => hh.vermogen = cellen::bedrag(cel)?,
            Kolom::VermogenEigenWoning => hh.vermogen_eigen_woning = Some(cellen::bedrag(cel)?),
            Kolom::Kostendelers => hh.kostendelende_medebewoners = Some(cellen::aantal(cel)?),
            Kolom::Huur => hh.huur_per_maand = Some(cellen::bedrag(cel)?),
            // the columns of persons, children, medebewoners and the kenmerk are placed by `vul`
            Kolom::Kenmerk
            | Kolom::Bsn(_)
            | Kolom::Geboortedatum(_)
            | Kolom::Overlijdensdatum(_)
            | Kolom::Inkomen(..)
            | Kolom::InkomenPerMaand(..)
            | Kolom::Kind(_)
            | Kolom::Medebewoner(_) => {}
        }
        Ok(())
    }

    /// The household of the completed row, or every problem of the row: those of its cells
    /// (already in `meldingen`), then a missing year, then missing persons.
    fn huishouden(self, mut meldingen: Meldingen<'_>) -> Result<CsvHuishouden, Fouten> {
        let RijCellen {
            mut hh,
            kenmerk,
            jaar_gezien,
            personen,
            kinderen,
            medebewoners,
        } = self;
        if !jaar_gezien {
            meldingen.voeg(
                "jaar",
                "het jaar ontbreekt".into(),
                Some("bijvoorbeeld 2025"),
            );
        }
        let (lijst, inkomen_kolommen) = lees_personen(personen, &mut meldingen);
        hh.personen = lijst;
        let (kind_datums, kind_nummers) = op_nummer(kinderen);
        hh.kinderen = kind_datums
            .into_iter()
            .map(|d| Kind { geboortedatum: d })
            .collect();
        let (medebewoner_datums, medebewoner_nummers) = op_nummer(medebewoners);
        hh.medebewoners = medebewoner_datums
            .into_iter()
            .map(|d| Medebewoner { geboortedatum: d })
            .collect();
        hh.kenmerk.clone_from(&kenmerk);
        if !meldingen.fouten.is_empty() {
            return Err(Fouten(meldingen.fouten));
        }
        Ok(CsvHuishouden {
            huishouden: hh,
            kenmerk,
            velden: CsvVelden {
                inkomen_kolommen,
                kind_nummers,
                medebewoner_nummers,
            },
        })
    }
}

/// The persons of a row with the columns of their incomes: persoon1 always, persoon2 when any
/// of its cells is filled in. persoon2 without persoon1, and a person without a date of birth,
/// are reported (a date already reported as unreadable is not reported again).
fn lees_personen(
    personen: [PersoonCellen; 2],
    meldingen: &mut Meldingen<'_>,
) -> (Vec<Persoon>, [Vec<String>; 2]) {
    if personen[1].gevuld && !personen[0].gevuld {
        meldingen.voeg(
            "persoon1_geboortedatum",
            "persoon2 is ingevuld maar persoon1 niet".into(),
            Some("vul de aanvrager in als persoon1"),
        );
    }
    let mut lijst = Vec::new();
    let mut inkomen_kolommen: [Vec<String>; 2] = Default::default();
    for (p, cellen) in personen.into_iter().enumerate() {
        if !cellen.gevuld && p > 0 {
            continue;
        }
        let Some(geboortedatum) = cellen.geboortedatum else {
            let kolom = format!("persoon{}_geboortedatum", p + 1);
            if !meldingen.gemeld(&kolom) {
                meldingen.voeg(
                    &kolom,
                    format!("de geboortedatum van persoon{} ontbreekt", p + 1),
                    Some("geboortedatum als JJJJ-MM-DD, bijvoorbeeld 1971-03-08"),
                );
            }
            continue;
        };
        let (persoon, kolommen) = cellen.persoon(geboortedatum);
        lijst.push(persoon);
        inkomen_kolommen[p] = kolommen;
    }
    (lijst, inkomen_kolommen)
}

/// Numbered dates (`kind3_…`, `kind1_…`) in the order of their numbers, and those numbers.
fn op_nummer(mut genummerd: Vec<(usize, Datum)>) -> (Vec<Datum>, Vec<usize>) {
    genummerd.sort_by_key(|(n, _)| *n);
    genummerd.into_iter().map(|(n, d)| (d, n)).unzip()
}

/// An income as a cell gives it: a year amount, or monthly amounts (`…_per_maand`, `|` between
/// the months, the oldest first).
enum Bedragen {
    Jaar(Decimal),
    Maand(Vec<Decimal>),
}

/// The cells of one person (`persoon1_…` or `persoon2_…`) as read so far.
#[derive(Default)]
struct PersoonCellen {
    /// Whether any of the person's cells was read (an unreadable date or amount does not count).
    gevuld: bool,
    bsn: Option<String>,
    geboortedatum: Option<Datum>,
    overlijdensdatum: Option<Datum>,
    /// Each income that is not zero (a year amount, or monthly amounts), with its column.
    inkomsten: Vec<(Soort, Bedragen, String)>,
    /// Every income column filled in (a year amount of 0 is not), with its soort: one soort
    /// has a year amount or monthly amounts, not both.
    ingevuld: Vec<(Soort, String)>,
}

impl PersoonCellen {
    /// Put one filled-in cell of the person's column `naam` in its place.
    fn vul(&mut self, k: Kolom, naam: &str, cel: &str) -> Result<(), CelFout> {
        // a year amount of 0 is no income (as an empty cell), whatever the column order
        let nul = matches!(k, Kolom::Inkomen(..)) && cellen::bedrag(cel).is_ok_and(|b| b.is_zero());
        if let (Kolom::Inkomen(_, soort) | Kolom::InkomenPerMaand(_, soort), false) = (k, nul) {
            if let Some((_, eerder)) = self.ingevuld.iter().find(|(s, _)| *s == soort) {
                return Err((
                    format!("{eerder} is ook ingevuld: een inkomen heeft een jaarbedrag of maandbedragen, niet allebei"),
                    Some("vul per soort inkomen één van beide kolommen in"),
                ));
            }
            self.ingevuld.push((soort, naam.to_string()));
        }
        match k {
            Kolom::Bsn(_) => self.bsn = Some(cellen::bsn(cel)),
            Kolom::Geboortedatum(_) => self.geboortedatum = Some(cellen::datum(cel)?),
            Kolom::Overlijdensdatum(_) => self.overlijdensdatum = Some(cellen::datum(cel)?),
            Kolom::Inkomen(_, soort) => {
                let b = cellen::bedrag(cel)?;
                if !b.is_zero() {
                    self.inkomsten
                        .push((soort, Bedragen::Jaar(b), naam.to_string()));
                }
            }
            Kolom::InkomenPerMaand(_, soort) => {
                let maanden = cel
                    .split('|')
                    .map(|m| cellen::bedrag(m.trim()))
                    .collect::<Result<Vec<_>, _>>()?;
                self.inkomsten
                    .push((soort, Bedragen::Maand(maanden), naam.to_string()));
            }
            _ => return Ok(()),
        }
        self.gevuld = true;
        Ok(())
    }

    /// The person, born on `geboortedatum`, and the column of each of its incomes.
    fn persoon(self, geboortedatum: Datum) -> (Persoon, Vec<String>) {
        let mut inkomsten = Vec::with_capacity(self.inkomsten.len());
        let mut kolommen = Vec::with_capacity(self.inkomsten.len());
        for (soort, b, kolom) in self.inkomsten {
            let (bruto_per_jaar, bruto_per_maand) = match b {
                Bedragen::Jaar(j) => (Some(j), None),
                Bedragen::Maand(m) => (None, Some(m)),
            };
            inkomsten.push(Inkomen {
                soort,
                bruto_per_jaar,
                bruto_per_maand,
            });
            kolommen.push(kolom);
        }
        let persoon = Persoon {
            bsn: self.bsn,
            geboortedatum,
            overlijdensdatum: self.overlijdensdatum,
            inkomsten,
        };
        (persoon, kolommen)
    }
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
