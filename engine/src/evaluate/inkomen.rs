//! Year income per income entry (berekening.md §2): `bruto_per_jaar` as given, or the
//! average of the referteperiode's months × 12, plus the holiday-allowance surcharge for the
//! soorten the pack lists.

use rust_decimal::Decimal;

use crate::error::{Fout, Locatie};
use crate::policy::Referteperiode;
use crate::record::{Inkomen, Soort};

/// How a year income was found, for the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Jaarinkomen {
    /// The year amount.
    pub bedrag: Decimal,
    /// Months used (0 when `bruto_per_jaar` was given).
    pub maanden: usize,
    /// The monthly average over those months (zero when `bruto_per_jaar` was given).
    pub gemiddelde: Decimal,
    /// Whether the holiday-allowance surcharge was added.
    pub met_opslag: bool,
    /// Whether every month given was equal (so the shorter period applied).
    pub alle_gelijk: bool,
}

/// The year income of one entry. `veld` gives the field path, for errors only (built only when
/// there is one: formatting it for every income cost ~2% of a batch).
pub fn jaarinkomen(
    ink: &Inkomen,
    rp: &Referteperiode,
    opslag_soorten: &[Soort],
    record: &str,
    veld: impl FnOnce() -> String,
) -> Result<Jaarinkomen, Fout> {
    if let Some(b) = ink.bruto_per_jaar {
        return Ok(Jaarinkomen {
            bedrag: b,
            maanden: 0,
            gemiddelde: Decimal::ZERO,
            met_opslag: false,
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
            "avp::record::referteperiode",
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
    let met_opslag = opslag_soorten.contains(&ink.soort);
    if met_opslag {
        jaar *= Decimal::ONE + rp.vakantietoeslag_opslag;
    }
    Ok(Jaarinkomen {
        bedrag: jaar,
        maanden: nodig,
        gemiddelde,
        met_opslag,
        alle_gelijk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
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
        let j = jaarinkomen(&ink, &rp(), &[Soort::Ww], "r", || "i".into()).map(|j| j.bedrag);
        assert_eq!(j.ok(), Some(d("20736")));
    }

    #[test]
    fn een_maand_bij_gelijk_inkomen() {
        let ink = Inkomen {
            soort: Soort::Pensioen,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("1000")]),
        };
        let j = jaarinkomen(&ink, &rp(), &[Soort::Ww], "r", || "i".into()).map(|j| j.bedrag);
        assert_eq!(j.ok(), Some(d("12000")));
    }

    #[test]
    fn te_weinig_maanden() {
        let ink = Inkomen {
            soort: Soort::Ww,
            bruto_per_jaar: None,
            bruto_per_maand: Some(vec![d("1000"), d("1100")]),
        };
        let e = jaarinkomen(&ink, &rp(), &[], "r", || "personen[0].inkomsten[0]".into()).err();
        assert!(e
            .map(|e| e.to_string())
            .unwrap_or_default()
            .contains("bruto_per_maand"));
    }
}
