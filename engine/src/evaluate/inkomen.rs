//! Year income per income entry (berekening.md §2): `bruto_per_jaar` as given, or the
//! average of the referteperiode's months × 12, plus the holiday-allowance surcharge of the
//! soort: the beleidsregels' surcharge for the soorten the pack lists in
//! `inkomen.vakantietoeslag_soorten`, or the pack's own surcharge for a soort whose amount
//! already contains the vakantietoeslag as a share (`inkomen.vakantietoeslag_in_bedrag.<soort>`,
//! e.g. aanvullende bijstand: 5% of the norm including it, so an uplift of 1/0.95 − 1).

use rust_decimal::Decimal;

use crate::error::{Code, Fout, Locatie};
use crate::policy::Referteperiode;
use crate::record::{Inkomen, Soort};

/// How a year income was found, for the explanation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Jaarinkomen {
    /// The year amount.
    pub(crate) bedrag: Decimal,
    /// Months used (0 when `bruto_per_jaar` was given).
    pub(crate) maanden: usize,
    /// The monthly average over those months (zero when `bruto_per_jaar` was given).
    pub(crate) gemiddelde: Decimal,
    /// The holiday-allowance surcharge added (a fraction; zero when none).
    pub(crate) opslag: Decimal,
    /// Whether every month given was equal (so the shorter period applied).
    pub(crate) alle_gelijk: bool,
}

/// The year income of one entry. `veld` gives the field path, for errors only (built only when
/// there is one: formatting it for every income cost ~2% of a batch).
pub(crate) fn jaarinkomen(
    ink: &Inkomen,
    rp: &Referteperiode,
    opslag_per_soort: &Opslagen,
    record: &str,
    veld: impl FnOnce() -> String,
) -> Result<Jaarinkomen, Fout> {
    if let Some(b) = ink.bruto_per_jaar {
        return Ok(Jaarinkomen {
            bedrag: b,
            maanden: 0,
            gemiddelde: Decimal::ZERO,
            opslag: Decimal::ZERO,
            alle_gelijk: false,
        });
    }
    let maanden = ink.bruto_per_maand.as_deref().unwrap_or(&[]);
    let alle_gelijk = maanden.windows(2).all(|w| w[0] == w[1]);
    let nodig = if alle_gelijk {
        rp.gelijk_maanden
    } else {
        rp.maanden
    };
    if maanden.len() < nodig {
        return Err(Fout::invoer(
            Code::RecordReferteperiode,
            format!(
                "{} maandbedrag(en) gegeven, de referteperiode vraagt er {nodig}{}",
                maanden.len(),
                if alle_gelijk { " (ook bij gelijke bedragen)" } else { "" }
            ),
        )
        .bij(Locatie::Veld {
            record: record.to_string(),
            veld: format!("{}.bruto_per_maand", veld()),
        })
        .hulp(format!(
            "geef de laatste {} maanden (oudste eerst), of 1 maand als het inkomen elke maand precies gelijk is; \
             of geef `bruto_per_jaar`",
            rp.maanden
        )));
    }
    let laatste = &maanden[maanden.len() - nodig..];
    let som: Decimal = laatste.iter().copied().sum();
    let gemiddelde = som / Decimal::from(nodig as u64);
    let mut jaar = gemiddelde * Decimal::from(12);
    let opslag = opslag_per_soort.opslag(ink.soort, rp);
    jaar *= Decimal::ONE + opslag;
    Ok(Jaarinkomen {
        bedrag: jaar,
        maanden: nodig,
        gemiddelde,
        opslag,
        alle_gelijk,
    })
}

/// The holiday-allowance surcharge on monthly amounts, per soort (from the pack).
#[derive(Debug, Clone, Default)]
pub(crate) struct Opslagen {
    /// Soorten that get the beleidsregels' surcharge (`vakantietoeslag_opslag`).
    pub(crate) volgens_beleidsregels: Vec<Soort>,
    /// Soorten whose amount contains the vakantietoeslag as this share of the whole; the
    /// surcharge on an amount without it is then `aandeel / (1 − aandeel)`.
    pub(crate) aandeel_in_bedrag: Vec<(Soort, Decimal)>,
}

impl Opslagen {
    /// The surcharge (a fraction) for a monthly amount of `soort`.
    pub(crate) fn opslag(&self, soort: Soort, rp: &Referteperiode) -> Decimal {
        if let Some((_, a)) = self.aandeel_in_bedrag.iter().find(|(s, _)| *s == soort) {
            if *a < Decimal::ONE {
                return *a / (Decimal::ONE - *a);
            }
        }
        if self.volgens_beleidsregels.contains(&soort) {
            return rp.vakantietoeslag_opslag;
        }
        Decimal::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    fn ww() -> Opslagen {
        Opslagen {
            volgens_beleidsregels: vec![Soort::Ww],
            aandeel_in_bedrag: vec![(Soort::BijstandAanvullend, d("0.05"))],
        }
    }

    #[test]
    fn bijstand_vakantietoeslag_vijf_procent_van_de_norm() {
        // a bijstand norm includes 5% vakantietoeslag (e.g. 2025: 1.858,01 + 97,79 = 1.955,80):
        // 1.858,01 a month without it → 1.858,01 × 12 / 0,95 = 23.469,60 a year (not × 1,08)
        let ink = Inkomen {
            soort: Soort::BijstandAanvullend,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("1858.01")]),
        };
        let j = jaarinkomen(&ink, &rp(), &ww(), "r", || "i".into()).map(|j| j.bedrag.round_dp(2));
        assert_eq!(j.ok(), Some(d("23469.60")));
    }

    /// A share of 1 (the whole amount would be vakantietoeslag) cannot give a surcharge
    /// `a / (1 − a)`: the soort then gets the beleidsregels' surcharge, as without a share
    /// (a parameter error must not divide by zero).
    #[test]
    fn aandeel_een_deelt_niet_door_nul() {
        let o = Opslagen {
            volgens_beleidsregels: vec![Soort::Ww],
            aandeel_in_bedrag: vec![(Soort::Ww, Decimal::ONE)],
        };
        assert_eq!(o.opslag(Soort::Ww, &rp()), rp().vakantietoeslag_opslag);
        let o = Opslagen {
            aandeel_in_bedrag: vec![(Soort::Ww, d("0.2"))],
            ..o
        };
        assert_eq!(o.opslag(Soort::Ww, &rp()), d("0.25"));
    }

    fn rp() -> Referteperiode {
        Referteperiode {
            maanden: 3,
            gelijk_maanden: 1,
            vakantietoeslag_opslag: d("0.08"),
        }
    }

    #[test]
    fn drie_maanden_gemiddeld_met_opslag() {
        let ink = Inkomen {
            soort: Soort::Ww,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("5000"), d("1500"), d("1600"), d("1700")]),
        };
        // (1500 + 1600 + 1700) / 3 × 12 × 1.08 = 20736
        let j = jaarinkomen(&ink, &rp(), &ww(), "r", || "i".into()).map(|j| j.bedrag);
        assert_eq!(j.ok(), Some(d("20736")));
    }

    #[test]
    fn een_maand_bij_gelijk_inkomen() {
        let ink = Inkomen {
            soort: Soort::Pensioen,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("1000")]),
        };
        let j = jaarinkomen(&ink, &rp(), &ww(), "r", || "i".into()).map(|j| j.bedrag);
        assert_eq!(j.ok(), Some(d("12000")));
    }

    #[test]
    fn te_weinig_maanden() {
        let ink = Inkomen {
            soort: Soort::Ww,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("1000"), d("1100")]),
        };
        let e = jaarinkomen(&ink, &rp(), &Opslagen::default(), "r", || {
            "personen[0].inkomsten[0]".into()
        })
        .err();
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("bruto_per_maand"));
    }
}
