//! The calculation of a decision (berekening.md §2–§5): the actual household and the bijstand
//! reference as columns of `KOLOM_GROOTHEDEN`, the tekort and the gemiste toeslagen.

use rust_decimal::Decimal;

use super::grootheden::als_decimaal;
use crate::decision::{Bedrag, Berekening, Kolom, KOLOM_GROOTHEDEN};
use crate::error::Fout;
use crate::model::objecten::Huishouden;
use crate::script;

/// One column of the calculation: the quantities of `KOLOM_GROOTHEDEN` of a situation.
pub(super) fn kolom(
    pack: &script::Sessie<'_>,
    s: &crate::model::objecten::Situatie,
) -> Result<Kolom, Fout> {
    let mut w = [Decimal::ZERO; 7];
    for (i, naam) in KOLOM_GROOTHEDEN.iter().enumerate() {
        w[i] = als_decimaal(&pack.op_kolom_w(s, i)?, naam, pack)?;
    }
    Ok(Kolom::uit(w))
}

/// The calculation without the outcome after aanvullende bijstand (that is
/// `aanvullende_bijstand::bereken`).
pub(super) fn bereken(pack: &script::Sessie<'_>, obj: &Huishouden) -> Result<Berekening, Fout> {
    let huishouden = kolom(pack, &obj.0.werkelijk)?;
    let (referentie, tekort, gemist) = match &obj.0.referentie {
        Some(r) => {
            let k = kolom(pack, r)?;
            let t = als_decimaal(&pack.op_huishouden_w(obj, "tekort")?, "tekort", pack)?;
            let g = als_decimaal(
                &pack.op_huishouden_w(obj, "gemiste_toeslagen")?,
                "gemiste_toeslagen",
                pack,
            )?;
            (Some(k), Some(Bedrag(t)), Some(Bedrag(g)))
        }
        None => (None, None, None),
    };
    Ok(Berekening {
        huishouden,
        referentie,
        tekort,
        gemiste_toeslagen: gemist,
        na_aanvullende_bijstand: None,
    })
}
