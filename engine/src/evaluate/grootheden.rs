//! A quantity's value as the decision needs it: an amount, an amount the regeling may not have,
//! or yes/no/does not apply. A rule that returns something else is a rule error.

use crate::error::Code;
use rust_decimal::Decimal;

use crate::error::{Fout, Locatie};
use crate::model::objecten::Huishouden;
use crate::model::objecten::W;
use crate::script::{self, GecompileerdPack};

/// The value of quantity `naam` as an amount; the error names the rule's file and line.
pub(super) fn als_decimaal(v: &W, naam: &str, pack: &GecompileerdPack) -> Result<Decimal, Fout> {
    if let W::Dec(d) = v {
        Ok(*d)
    } else if let W::Int(i) = v {
        Ok(Decimal::from(*i))
    } else {
        Err(Fout::regel(
            Code::RegelsType,
            format!(
                "grootheid `{naam}` gaf {} in plaats van een bedrag",
                v.type_naam()
            ),
        )
        .bij(Locatie::Pad(
            pack.functies
                .get(naam)
                .map(|f| format!("{}:{}", f.pad, f.info.regel))
                .unwrap_or_default(),
        )))
    }
}

/// A household-level amount that a regeling may not have: the rule returns `()`.
pub(super) fn als_bedrag_of_geen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    naam: &str,
) -> Result<Option<Decimal>, Fout> {
    let w = pack.op_huishouden_w(obj, naam)?;
    if let W::Unit = w {
        Ok(None)
    } else {
        als_decimaal(&w, naam, pack).map(Some)
    }
}

/// The value of rule `naam` as yes or no; `None` when the rule returns `()` (does not apply).
pub(super) fn als_logisch(v: &W, naam: &str) -> Result<Option<bool>, Fout> {
    if let W::Unit = v {
        Ok(None)
    } else if let W::Bool(b) = v {
        Ok(Some(*b))
    } else {
        Err(Fout::regel(
            Code::RegelsType,
            format!(
                "regel `{naam}` gaf {} in plaats van true, false of ()",
                v.type_naam()
            ),
        ))
    }
}
