//! Synthetic, plausible household records for load tests and population regression
//! (`avp generate`). The distributions and their reasoning are in `docs/generate.md`.
//!
//! Deterministic by construction: one ChaCha8 stream (`rand_chacha`, a fixed, documented
//! algorithm) seeded from `--seed`, drawn on one thread in a fixed order, and only integer
//! arithmetic on the draws — every amount is interpolated in whole cents from a quantile table,
//! so no floating point (and no platform `exp`/`ln`) is involved. Same seed and year → same bytes.
//!
//! These numbers describe a *synthetic population*, not the law: they are not parameters with
//! a `bron` and no decision depends on them.

use std::io::{self, Write};

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use rust_decimal::Decimal;

use avp_engine::record::{Datum, Huishouden, Inkomen, Kind, Persoon, Soort};

/// A quantile table: (cumulative share in per mille, amount in euros); amounts between two
/// points are interpolated linearly (in cents).
type Tabel = &'static [(u64, i64)];

/// Gross yearly wage of an employee (CBS-like shape: median about € 40.000, long right tail).
const LOON: Tabel = &[
    (0, 6_000),
    (100, 16_000),
    (250, 27_000),
    (500, 40_000),
    (750, 56_000),
    (900, 75_000),
    (990, 140_000),
    (1000, 250_000),
];
/// A small wage of a partner who works a few hours.
const KLEIN_LOON: Tabel = &[(0, 1_000), (500, 6_000), (900, 12_000), (1000, 16_000)];
/// WW / ZW: 70% of the former wage, capped at the maximum dagloon (about € 53.000 a year).
const WW: Tabel = &[
    (0, 9_000),
    (250, 16_000),
    (500, 22_000),
    (750, 30_000),
    (950, 42_000),
    (1000, 53_000),
];
/// WIA / WAO / private loondervingsuitkering.
const WIA: Tabel = &[
    (0, 11_000),
    (250, 18_000),
    (500, 24_000),
    (750, 32_000),
    (950, 44_000),
    (1000, 55_000),
];
/// A benefit of a household that the municipality signals (VNG FAQ §7): a loondervings- or
/// Wajong-uitkering around the social minimum of a couple, where the alleenverdiener problem
/// lives.
const UITKERING_ROND_MINIMUM: Tabel = &[(0, 20_000), (500, 28_000), (1000, 36_000)];
/// Wajong: about 70–75% of the minimum wage.
const WAJONG: Tabel = &[(0, 14_000), (500, 17_500), (1000, 21_000)];
/// Aanvullende bijstand on top of a low benefit (up to € 10.200 netto a year, VNG FAQ §7).
const BIJSTAND_AANVULLEND: Tabel = &[(0, 500), (500, 3_000), (1000, 11_000)];
/// Occupational pension next to AOW.
const PENSIOEN: Tabel = &[
    (0, 1_000),
    (250, 5_000),
    (500, 12_000),
    (750, 22_000),
    (900, 35_000),
    (1000, 90_000),
];
/// AOW, gross a year incl. holiday allowance: couple member, single (approximation of 2025).
const AOW_PAAR: Tabel = &[(0, 13_400), (1000, 13_900)];
const AOW_ALLEEN: Tabel = &[(0, 19_600), (1000, 20_100)];
/// Profit of a self-employed person.
const WINST: Tabel = &[(0, 2_000), (500, 30_000), (900, 70_000), (1000, 150_000)];
/// Age of an adult below AOW age.
const LEEFTIJD_WERKEND: Tabel = &[(0, 19), (250, 32), (500, 44), (750, 55), (1000, 66)];
/// Age of a person above AOW age.
const LEEFTIJD_AOW: Tabel = &[(0, 68), (500, 75), (900, 84), (1000, 95)];
/// Rekenhuur per month of a tenant (social and private).
const HUUR: Tabel = &[(0, 350), (100, 520), (500, 720), (900, 950), (1000, 1_400)];
/// Joint assets on 1 January.
const VERMOGEN: Tabel = &[
    (0, 0),
    (300, 1_500),
    (600, 12_000),
    (850, 50_000),
    (950, 140_000),
    (1000, 600_000),
];
/// Municipalities (CBS codes) with a rough weight by size, per mille (cumulative).
const GEMEENTEN: &[(u64, &str)] = &[
    (60, "0363"),
    (100, "0599"),
    (130, "0518"),
    (150, "0344"),
    (165, "0772"),
    (175, "0014"),
    (185, "0034"),
    (195, "0855"),
    (1000, ""),
];
/// Bank codes for generated IBANs.
const BANKEN: [&str; 8] = [
    "ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ",
];

/// Household types, per mille (cumulative) — see docs/generate.md.
const TYPEN: &[(u64, Type)] = &[
    (330, Type::Alleenstaand),
    (380, Type::AlleenstaandAow),
    (650, Type::Tweeverdieners),
    (730, Type::AlleenverdienerLoon),
    (880, Type::AlleenverdienerUitkering),
    (900, Type::Zelfstandige),
    (1000, Type::PaarAow),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Alleenstaand,
    AlleenstaandAow,
    Tweeverdieners,
    AlleenverdienerLoon,
    AlleenverdienerUitkering,
    Zelfstandige,
    PaarAow,
}

/// The adults of a household being drawn: its type and their ages.
struct Samenstelling {
    soort: Type,
    /// Both adults are above AOW age.
    aow: bool,
    /// Two adults (fiscal and toeslag partners).
    paar: bool,
    leeftijd: i64,
    /// 0 without a partner.
    leeftijd_partner: i64,
}

/// The generator: a seeded stream of households for one year.
pub struct Generator {
    rng: ChaCha8Rng,
    jaar: i32,
    /// BSNs handed out so far (each person gets the next one of a permutation: no duplicates).
    bsn_teller: u64,
    /// Where the permutation of BSN prefixes starts (from the seed).
    bsn_begin: u64,
}

/// The 8-digit BSN prefixes used: first digit 1–6, then seven digits.
const BSN_PREFIXEN: u64 = 60_000_000;
/// Step of the permutation of prefixes: a prime, so coprime with 60,000,000 = 2⁸·3·5⁷, and every
/// prefix comes once before any comes twice.
const BSN_STAP: u64 = 39_916_801;

impl Generator {
    /// A generator for `jaar` from `seed`.
    pub fn nieuw(seed: u64, jaar: i32) -> Generator {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            jaar,
            bsn_teller: 0,
            bsn_begin: ChaCha8Rng::seed_from_u64(seed ^ 0x6273_6e5f_7065_726d).next_u64()
                % BSN_PREFIXEN,
        }
    }

    /// A uniform integer in `0..n`.
    fn bereik(&mut self, n: u64) -> u64 {
        ((self.rng.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// True with probability `promille` / 1000.
    fn kans(&mut self, promille: u64) -> bool {
        self.bereik(1000) < promille
    }

    /// An amount in cents drawn from a quantile table.
    fn trek(&mut self, t: Tabel) -> i64 {
        // u in per-million, interpolated between the table's per-mille points
        let u = self.bereik(1_000_000) as i64;
        for w in t.windows(2) {
            let ((p0, a0), (p1, a1)) = (w[0], w[1]);
            let (p0, p1) = (p0 as i64 * 1000, p1 as i64 * 1000);
            if u < p1 || p1 == 1_000_000 {
                let span = (p1 - p0).max(1);
                return a0 * 100 + (a1 - a0) * 100 * (u - p0) / span;
            }
        }
        t.last().map(|x| x.1 * 100).unwrap_or(0)
    }

    fn bedrag(&mut self, t: Tabel) -> Decimal {
        Decimal::new(self.trek(t), 2)
    }

    fn kies<T: Copy>(&mut self, t: &[(u64, T)], anders: T) -> T {
        let u = self.bereik(1000);
        t.iter()
            .find(|(p, _)| u < *p)
            .or(t.last())
            .map(|x| x.1)
            .unwrap_or(anders)
    }

    fn datum_in_jaar(&mut self, jaar: i32) -> Datum {
        let begin = NaiveDate::from_ymd_opt(jaar, 1, 1).unwrap_or_default();
        let dag = self.bereik(365);
        Datum(begin + chrono::Days::new(dag))
    }

    fn geboren(&mut self, leeftijd: i64) -> Datum {
        self.datum_in_jaar(self.jaar - leeftijd as i32 - 1)
    }

    /// A valid BSN that no other person of this run has: the next prefix of a permutation of
    /// all prefixes, with its elfproef check digit (a prefix without one is skipped). Random
    /// BSNs collided: some 10 in 20,000 households, tens of thousands in a million, and a
    /// list BSN then marked two households.
    fn bsn(&mut self) -> String {
        // The random draws of earlier versions still happen (until a prefix with a check digit
        // comes up), so every other field of a household stays what the same seed gave before.
        loop {
            let mut d = [0u64; 8];
            d[0] = 1 + self.bereik(6);
            for x in d.iter_mut().skip(1) {
                *x = self.bereik(10);
            }
            if met_controlecijfer(d).is_some() {
                break;
            }
        }
        loop {
            let k = (self.bsn_begin + self.bsn_teller % BSN_PREFIXEN * BSN_STAP) % BSN_PREFIXEN;
            self.bsn_teller += 1;
            let mut d = [0u64; 8];
            d[0] = 1 + k / 10_000_000;
            let mut rest = k % 10_000_000;
            for x in d.iter_mut().skip(1).rev() {
                *x = rest % 10;
                rest /= 10;
            }
            if let Some(bsn) = met_controlecijfer(d) {
                return bsn;
            }
        }
    }

    fn iban(&mut self) -> String {
        let bank = BANKEN[self.bereik(BANKEN.len() as u64) as usize];
        let rekening: String = (0..10)
            .map(|_| char::from(b'0' + self.bereik(10) as u8))
            .collect();
        // ISO 13616: move "NL00" to the end, letters → 10..35, check = 98 − (n mod 97)
        let mut rest = 0u64;
        for c in format!("{bank}{rekening}NL00").chars() {
            let v = c.to_digit(36).unwrap_or(0) as u64;
            rest = if v >= 10 {
                (rest * 100 + v) % 97
            } else {
                (rest * 10 + v) % 97
            };
        }
        format!("NL{:02}{bank}{rekening}", 98 - rest)
    }

    fn inkomen(soort: Soort, bedrag: Decimal) -> Inkomen {
        Inkomen {
            soort,
            bruto_per_jaar: Some(bedrag),
            bruto_per_maand: None,
        }
    }

    /// An income of `soort` drawn from table `t`.
    fn trek_inkomen(&mut self, soort: Soort, t: Tabel) -> Inkomen {
        let b = self.bedrag(t);
        Generator::inkomen(soort, b)
    }

    fn uitkering(&mut self) -> Inkomen {
        let (soort, t) = match self.bereik(100) {
            0..=29 => (Soort::Ww, WW),
            30..=54 => (Soort::Wia, WIA),
            55..=64 => (Soort::Wao, WIA),
            65..=76 => (Soort::Zw, WW),
            77..=89 => (Soort::Wajong, WAJONG),
            _ => (Soort::LoondervingsuitkeringParticulier, WIA),
        };
        self.trek_inkomen(soort, t)
    }

    fn persoon(&mut self, leeftijd: i64, inkomsten: Vec<Inkomen>) -> Persoon {
        Persoon {
            bsn: self.kans(950).then(|| self.bsn()),
            geboortedatum: self.geboren(leeftijd),
            overlijdensdatum: None,
            inkomsten,
        }
    }

    /// The next household. The draws happen in a fixed order (type and ages, incomes, persons,
    /// children, rent, assets, municipality, IBAN, signals, application date): the same seed
    /// gives the same households.
    pub fn volgende(&mut self) -> Huishouden {
        let s = self.samenstelling();
        let (eerste, tweede) = self.inkomsten(s.soort);
        let mut personen = vec![self.persoon(s.leeftijd, eerste)];
        if s.paar {
            personen.push(self.persoon(s.leeftijd_partner, tweede));
        }
        let kinderen = self.kinderen(&s);
        let huur = self.huur(s.soort);
        let vermogen = self.bedrag(VERMOGEN);
        let gemeente = self.gemeente();
        let iban = self.kans(850).then(|| self.iban());
        let bekend = s.soort == Type::AlleenverdienerUitkering && self.kans(50);
        let gewijzigd = bekend && self.kans(300);
        let aanvraag = self.kans(100).then(|| self.datum_in_jaar(self.jaar));
        Huishouden {
            jaar: self.jaar,
            gemeente,
            verhuisd_naar_gemeente: None,
            kenmerk: None,
            fiscaal_partner: s.paar,
            toeslagpartner: s.paar,
            op_lijst_belastingdienst: false,
            bekend_uit_handelingsperspectief: bekend,
            omstandigheden_gewijzigd: gewijzigd,
            aanvraagdatum: aanvraag,
            vermogen,
            hardheidsclausule_toegepast: false,
            betaaldatum: None,
            vermogen_eigen_woning: None,
            kostendelende_medebewoners: None,
            medebewoners: Vec::new(),
            huur_per_maand: huur,
            iban,
            personen,
            kinderen,
        }
    }

    /// The household type and the ages of its adults.
    fn samenstelling(&mut self) -> Samenstelling {
        let soort = self.kies(TYPEN, Type::Alleenstaand);
        let aow = matches!(soort, Type::AlleenstaandAow | Type::PaarAow);
        let leeftijd = if aow {
            self.trek(LEEFTIJD_AOW) / 100
        } else {
            self.trek(LEEFTIJD_WERKEND) / 100
        };
        let paar = !matches!(soort, Type::Alleenstaand | Type::AlleenstaandAow);
        let leeftijd_partner = if paar {
            // partner: 0–6 years younger or older, within the same stage of life
            let d = self.bereik(13) as i64 - 6;
            if aow {
                (leeftijd + d).max(67)
            } else {
                (leeftijd + d).clamp(19, 66)
            }
        } else {
            0
        };
        Samenstelling {
            soort,
            aow,
            paar,
            leeftijd,
            leeftijd_partner,
        }
    }

    /// The incomes of the first and the second adult of a household of type `soort` (the
    /// second list is empty for a single person).
    fn inkomsten(&mut self, soort: Type) -> (Vec<Inkomen>, Vec<Inkomen>) {
        match soort {
            Type::Alleenstaand => {
                let i = if self.kans(800) {
                    self.trek_inkomen(Soort::Loon, LOON)
                } else {
                    self.uitkering()
                };
                (vec![i], vec![])
            }
            Type::AlleenstaandAow => {
                let mut v = vec![self.trek_inkomen(Soort::Aow, AOW_ALLEEN)];
                if self.kans(800) {
                    v.push(self.trek_inkomen(Soort::Pensioen, PENSIOEN));
                }
                (v, vec![])
            }
            Type::Tweeverdieners => (
                vec![self.trek_inkomen(Soort::Loon, LOON)],
                vec![self.trek_inkomen(Soort::Loon, LOON)],
            ),
            Type::AlleenverdienerLoon => (vec![self.trek_inkomen(Soort::Loon, LOON)], vec![]),
            Type::AlleenverdienerUitkering => self.inkomsten_alleenverdiener_uitkering(),
            Type::Zelfstandige => (
                vec![self.trek_inkomen(Soort::Winst, WINST)],
                if self.kans(500) {
                    vec![self.trek_inkomen(Soort::Loon, LOON)]
                } else {
                    vec![]
                },
            ),
            Type::PaarAow => self.inkomsten_paar_aow(),
        }
    }

    /// A benefit (sometimes around the social minimum, sometimes with aanvullende bijstand),
    /// and a partner without income, with a small wage or with partneralimentatie.
    fn inkomsten_alleenverdiener_uitkering(&mut self) -> (Vec<Inkomen>, Vec<Inkomen>) {
        let mut u = self.uitkering();
        if u.soort != Soort::Wajong && self.kans(400) {
            u.bruto_per_jaar = Some(self.bedrag(UITKERING_ROND_MINIMUM));
        }
        let mut v = vec![u];
        if self.kans(150) {
            v.push(self.trek_inkomen(Soort::BijstandAanvullend, BIJSTAND_AANVULLEND));
        }
        let partner = match self.bereik(10) {
            0..=6 => vec![],
            7..=8 => vec![self.trek_inkomen(Soort::Loon, KLEIN_LOON)],
            _ => vec![self.trek_inkomen(Soort::Partneralimentatie, KLEIN_LOON)],
        };
        (v, partner)
    }

    /// AOW for both, each with an occupational pension or not.
    fn inkomsten_paar_aow(&mut self) -> (Vec<Inkomen>, Vec<Inkomen>) {
        let mut a = vec![self.trek_inkomen(Soort::Aow, AOW_PAAR)];
        let mut b = vec![self.trek_inkomen(Soort::Aow, AOW_PAAR)];
        if self.kans(850) {
            a.push(self.trek_inkomen(Soort::Pensioen, PENSIOEN));
        }
        if self.kans(400) {
            b.push(self.trek_inkomen(Soort::Pensioen, PENSIOEN));
        }
        (a, b)
    }

    /// Children living at home, oldest first: only in households below AOW age whose youngest
    /// adult is 20–55; a single parent has at most two.
    fn kinderen(&mut self, s: &Samenstelling) -> Vec<Kind> {
        let jongste = if s.paar {
            s.leeftijd.min(s.leeftijd_partner)
        } else {
            s.leeftijd
        };
        let mut kinderen = Vec::new();
        if !(20..=55).contains(&jongste) || s.aow {
            return kinderen;
        }
        let aantal = match self.bereik(100) {
            0..=44 => 0,
            45..=64 => 1,
            65..=89 => 2,
            _ => 3,
        };
        let max_leeftijd = (jongste - 19).clamp(1, 18) as u64;
        for _ in 0..(if s.paar { aantal } else { aantal.min(2) }) {
            let l = self.bereik(max_leeftijd) as i64;
            kinderen.push(Kind {
                geboortedatum: self.geboren(l),
            });
        }
        kinderen.sort_by_key(|k| k.geboortedatum);
        kinderen
    }

    /// The rent per month, for a tenant (how likely depends on the household type).
    fn huur(&mut self, soort: Type) -> Option<Decimal> {
        let huurder = match soort {
            Type::AlleenverdienerUitkering => self.kans(750),
            Type::Alleenstaand | Type::AlleenstaandAow => self.kans(600),
            Type::Tweeverdieners => self.kans(250),
            _ => self.kans(450),
        };
        huurder.then(|| self.bedrag(HUUR))
    }

    /// The municipality's CBS code, for the share of households that has one.
    fn gemeente(&mut self) -> Option<String> {
        let gemeente = self.kies(GEMEENTEN, "");
        (!gemeente.is_empty()).then(|| gemeente.to_string())
    }
}

/// The BSN of an 8-digit prefix with its elfproef check digit (9·d1 + 8·d2 + … + 2·d8 − d9
/// divisible by 11), `None` when the digit would have to be 10.
fn met_controlecijfer(d: [u64; 8]) -> Option<String> {
    let som: u64 = d.iter().zip((2..=9).rev()).map(|(c, w)| c * w).sum();
    let laatste = som % 11;
    (laatste < 10).then(|| {
        d.iter()
            .chain(std::iter::once(&laatste))
            .map(|c| char::from(b'0' + *c as u8))
            .collect()
    })
}

/// Write `aantal` households as JSONL to `uit`.
pub fn schrijf_jsonl(uit: &mut dyn Write, aantal: u64, seed: u64, jaar: i32) -> io::Result<()> {
    let mut g = Generator::nieuw(seed, jaar);
    let mut buf = Vec::with_capacity(1024);
    for _ in 0..aantal {
        buf.clear();
        serde_json::to_writer(&mut buf, &g.volgende()).map_err(io::Error::other)?;
        buf.push(b'\n');
        uit.write_all(&buf)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use avp_engine::record::{bsn_elfproef, valideer};

    #[test]
    fn geen_dubbele_bsns() {
        let mut g = Generator::nieuw(11, 2025);
        let mut gezien = std::collections::HashSet::new();
        for i in 0..100_000 {
            for p in g.volgende().personen {
                if let Some(b) = p.bsn {
                    assert!(bsn_elfproef(&b), "{b}");
                    assert!(
                        gezien.insert(b.clone()),
                        "huishouden {i}: {b} komt twee keer voor"
                    );
                }
            }
        }
        assert!(gezien.len() > 100_000);
    }

    #[test]
    fn geldige_records() {
        let mut g = Generator::nieuw(7, 2025);
        for i in 0..2000 {
            let hh = g.volgende();
            let r = valideer(&hh, "gen");
            assert!(r.is_ok(), "record {i}: {:?}", r.err());
            for p in &hh.personen {
                if let Some(b) = &p.bsn {
                    assert!(bsn_elfproef(b));
                }
            }
        }
    }

    #[test]
    fn zelfde_zaad_zelfde_bytes() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        assert!(schrijf_jsonl(&mut a, 200, 42, 2025).is_ok());
        assert!(schrijf_jsonl(&mut b, 200, 42, 2025).is_ok());
        assert_eq!(a, b);
        let mut c = Vec::new();
        assert!(schrijf_jsonl(&mut c, 200, 43, 2025).is_ok());
        assert_ne!(a, c);
    }
}
