//! What would change the outcome: per failed condition the nearest change that would meet it
//! (berekening.md §6; issue 4), each computed for that condition alone.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::als_decimaal;
use super::teksten::verandering;
use crate::decision::Verandering;
use crate::error::Fout;
use crate::params::Waarde;
use crate::policy::{Beleidsregels, VermogensgrensKeuze};
use crate::script;
use crate::script::types::{Beleid, Huishouden, HuishoudenData};

/// The nearest changes that would meet the condition whose failure gave reason `reden`, where
/// one exists (berekening.md §6; issue 4). Each is computed for that condition alone.
pub(super) fn wat_zou_veranderen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    reden: &str,
    regels: &Beleidsregels,
    extra: &[(&str, String)],
) -> Result<Vec<Verandering>, Fout> {
    let mut uit = Vec::new();
    let mut extra = extra.to_vec();
    let bedrag = |naam: &str| -> Result<Decimal, Fout> {
        als_decimaal(&pack.op_huishouden_w(obj, naam)?, naam, pack)
    };
    match reden {
        "vermogen_boven_grens" => {
            let vermogen = bedrag("getoetst_vermogen")?;
            let grens = bedrag("vermogensgrens")?;
            extra.push(("vermogen_te_veel", crate::decision::euro(vermogen - grens)));
            uit.push(verandering(pack, obj, reden, "vermogen_lager", &extra)?);
            let (huidig, _) = regels.vermogensgrens();
            for alt in [
                VermogensgrensKeuze::Zorgtoeslag,
                VermogensgrensKeuze::Participatiewet,
            ] {
                if alt == huidig {
                    continue;
                }
                // under another choice both the limit and the vermogen tested may differ (the
                // own home counts only under the Participatiewet's limit)
                let ander = met_vermogensgrens(obj, alt);
                let g = als_decimaal(
                    &pack.op_huishouden_w(&ander, "vermogensgrens")?,
                    "vermogensgrens",
                    pack,
                )?;
                let v = als_decimaal(
                    &pack.op_huishouden_w(&ander, "getoetst_vermogen")?,
                    "getoetst_vermogen",
                    pack,
                )?;
                if v <= g {
                    let mut e = extra.clone();
                    e.push(("andere_vermogensgrens", crate::decision::euro(g)));
                    uit.push(verandering(
                        pack,
                        obj,
                        reden,
                        &format!("vermogensgrens_{}", alt.naam()),
                        &e,
                    )?);
                }
            }
        }
        "geen_uitkering_als_hoofdinkomen" => {
            let uitkering = bedrag("inkomen_uit_uitkering")?;
            let ander = bedrag("ander_inkomen")?;
            let aandeel = match pack
                .pack
                .parameters
                .get("doelgroep.minimaal_aandeel_uitkering")
                .map(|p| &p.waarde)
            {
                Some(Waarde::Getal(a)) if *a > Decimal::ZERO && *a < Decimal::ONE => *a,
                _ => return Ok(uit),
            };
            if uitkering > Decimal::ZERO {
                // uitkering > aandeel × (uitkering + ander)  ⇔  ander < uitkering × (1 − aandeel) / aandeel
                let max = uitkering * (Decimal::ONE - aandeel) / aandeel;
                extra.push(("maximaal_ander_inkomen", crate::decision::euro(max)));
                extra.push(("ander_inkomen", crate::decision::euro(ander)));
                uit.push(verandering(
                    pack,
                    obj,
                    reden,
                    "uitkering_als_hoofdinkomen",
                    &extra,
                )?);
            }
        }
        _ => {}
    }
    Ok(uit)
}

/// The same household under another vermogensgrens choice (for "what would change it").
/// Shares the situations (and their computed quantities); household-level quantities are new.
fn met_vermogensgrens(obj: &Huishouden, keuze: VermogensgrensKeuze) -> Huishouden {
    let h = &obj.0;
    Huishouden(Arc::new(HuishoudenData {
        jaar: h.jaar,
        werkelijk: h.werkelijk.clone(),
        referentie: h.referentie.clone(),
        beleid: Beleid {
            vermogensgrens_keuze: keuze.naam(),
            vermogensgrens_bedrag: h.beleid.vermogensgrens_bedrag,
            vermogensgrens_in_beleidsregels: true,
        },
        op_lijst: h.op_lijst,
        betaaljaren: h.betaaljaren.clone(),
        geheugen: h.geheugen.clone(),
        variant: h.geheugen.nieuwe_variant(),
    }))
}
