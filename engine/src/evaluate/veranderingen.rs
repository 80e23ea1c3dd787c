//! What would change the outcome: per failed condition the nearest change that would meet it
//! (berekening.md §6; issue 4), each computed for that condition alone.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::grootheden::als_decimaal;
use super::teksten::verandering;
use crate::decision::Verandering;
use crate::error::Fout;
use crate::model::objecten::{Beleid, Huishouden, HuishoudenData};
use crate::notatie::euro;
use crate::params::Waarde;
use crate::policy::{Beleidsregels, VermogensgrensKeuze};
use crate::script;

/// The nearest changes that would meet the condition whose failure gave reason `reden`, where
/// one exists (berekening.md §6; issue 4). Each is computed for that condition alone.
pub(super) fn wat_zou_veranderen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    reden: &str,
    regels: &Beleidsregels,
    extra: &[(&str, String)],
) -> Result<Vec<Verandering>, Fout> {
    let vraag = Vraag {
        pack,
        obj,
        reden,
        extra,
    };
    match reden {
        "vermogen_boven_grens" => vermogen_lager(&vraag, regels),
        "geen_uitkering_als_hoofdinkomen" => uitkering_als_hoofdinkomen(&vraag),
        _ => Ok(Vec::new()),
    }
}

/// What a change is asked for: the session, the household, the reason of the failed condition
/// and the values its texts may name.
struct Vraag<'a, 's> {
    pack: &'a script::Sessie<'s>,
    obj: &'a Huishouden,
    reden: &'a str,
    extra: &'a [(&'a str, String)],
}

fn bedrag(pack: &script::Sessie<'_>, obj: &Huishouden, naam: &str) -> Result<Decimal, Fout> {
    als_decimaal(&pack.op_huishouden_w(obj, naam)?, naam, pack)
}

/// The vermogen above the limit: how much lower it must be, and each other choice of
/// vermogensgrens under which the household would meet it.
fn vermogen_lager(vraag: &Vraag<'_, '_>, regels: &Beleidsregels) -> Result<Vec<Verandering>, Fout> {
    let (pack, obj, reden, extra) = (vraag.pack, vraag.obj, vraag.reden, vraag.extra);
    let mut uit = Vec::new();
    let mut extra = extra.to_vec();
    let vermogen = bedrag(pack, obj, "getoetst_vermogen")?;
    let grens = bedrag(pack, obj, "vermogensgrens")?;
    extra.push(("vermogen_te_veel", euro(vermogen - grens)));
    uit.push(verandering(pack, obj, reden, "vermogen_lager", &extra)?);
    let (huidig, _) = regels.vermogensgrens();
    for alt in [
        VermogensgrensKeuze::Zorgtoeslag,
        VermogensgrensKeuze::Participatiewet,
    ] {
        if alt == huidig {
            continue;
        }
        // under another choice both the limit and the vermogen tested may differ (the own home
        // counts only under the Participatiewet's limit)
        let ander = met_vermogensgrens(obj, alt);
        let g = bedrag(pack, &ander, "vermogensgrens")?;
        let v = bedrag(pack, &ander, "getoetst_vermogen")?;
        if v <= g {
            let mut e = extra.clone();
            e.push(("andere_vermogensgrens", euro(g)));
            let code = format!("vermogensgrens_{}", alt.naam());
            uit.push(verandering(pack, obj, reden, &code, &e)?);
        }
    }
    Ok(uit)
}

/// The uitkering not the main income: the most other income with which it would be (the
/// pack's `doelgroep.minimaal_aandeel_uitkering`).
fn uitkering_als_hoofdinkomen(vraag: &Vraag<'_, '_>) -> Result<Vec<Verandering>, Fout> {
    let (pack, obj, reden, extra) = (vraag.pack, vraag.obj, vraag.reden, vraag.extra);
    let uitkering = bedrag(pack, obj, "inkomen_uit_uitkering")?;
    let ander = bedrag(pack, obj, "ander_inkomen")?;
    let aandeel = match pack
        .pack
        .parameters
        .get("doelgroep.minimaal_aandeel_uitkering")
        .map(|p| &p.waarde)
    {
        Some(Waarde::Getal(a)) if *a > Decimal::ZERO && *a < Decimal::ONE => *a,
        _ => return Ok(Vec::new()),
    };
    if uitkering <= Decimal::ZERO {
        return Ok(Vec::new());
    }
    // uitkering > aandeel × (uitkering + ander)  ⇔  ander < uitkering × (1 − aandeel) / aandeel
    let max = uitkering * (Decimal::ONE - aandeel) / aandeel;
    let mut extra = extra.to_vec();
    extra.push(("maximaal_ander_inkomen", euro(max)));
    extra.push(("ander_inkomen", euro(ander)));
    let v = verandering(pack, obj, reden, "uitkering_als_hoofdinkomen", &extra)?;
    Ok(vec![v])
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
