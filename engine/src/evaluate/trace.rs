//! The trace of a decision: every quantity computed, with its rule and the parameters it reads.

use crate::decision::{TraceParameter, TraceRegel};
use crate::model::objecten::W;
use crate::script::{self, GecompileerdPack};

/// A value as the trace shows it: a decimal without trailing zeros, anything else as written.
fn toon_exact(w: &W) -> String {
    match w {
        W::Dec(d) => d.normalize().to_string(),
        w => w.to_string(),
    }
}

pub(super) fn trace_regels(
    pack: &GecompileerdPack,
    punten: Vec<script::TracePunt>,
) -> Vec<TraceRegel> {
    punten
        .into_iter()
        .map(|p| {
            let f = pack.functies.get(&p.naam);
            TraceRegel {
                naam: if p.onderwerp.is_empty() {
                    p.naam.clone()
                } else {
                    format!("{}.{}", p.onderwerp, p.naam)
                },
                waarde: toon_exact(&p.waarde),
                regel: f
                    .map(|f| format!("{}:{}", f.bestand, p.naam))
                    .unwrap_or_default(),
                omschrijving: f.map(|f| f.info.omschrijving.clone()).unwrap_or_default(),
                parameters: pack
                    .parameters_van(&p.naam)
                    .into_iter()
                    .map(|par| TraceParameter {
                        naam: par.rhai_naam(),
                        waarde: par.waarde.to_string(),
                        bron: par.bron.clone(),
                        jaar: par.jaar,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// The trace shows a decimal exactly, without trailing zeros; anything else as written.
    #[test]
    fn waarden_exact() {
        assert_eq!(toon_exact(&W::Dec(Decimal::new(100_000, 2))), "1000");
        assert_eq!(toon_exact(&W::Dec(Decimal::new(12_345, 3))), "12.345");
        assert_eq!(toon_exact(&W::Dec(Decimal::new(-5, 1))), "-0.5");
        assert_eq!(toon_exact(&W::Int(7)), "7");
        assert_eq!(toon_exact(&W::Bool(false)), W::Bool(false).to_string());
    }
}
