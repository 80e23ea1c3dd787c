//! What the municipality must still do and what a rule asks to explain (`redenen.toml`
//! `[[actie]]` and `[[uitleg]]`), closing with the limits of the calculation.

use super::grootheden::als_logisch;
use super::teksten::Motivering;
use crate::error::Fout;
use crate::model::objecten::Huishouden;

/// The actions and explanations of a decision, then its closing reason: `berekening_beperkingen`
/// when there was a calculation, else `geen_berekening`. The actions look at `werkelijk`, the
/// actual household (the aanvullende bijstand is not granted yet).
pub(super) fn acties_en_uitleg(
    m: &mut Motivering<'_, '_>,
    werkelijk: &Huishouden,
    berekend: bool,
) -> Result<(), Fout> {
    if !berekend {
        return m.geef("geen_berekening");
    }
    acties(m, werkelijk)?;
    uitleg(m)?;
    m.geef("berekening_beperkingen")
}

/// Every action whose rule holds, with its reason when it has one.
fn acties(m: &mut Motivering<'_, '_>, werkelijk: &Huishouden) -> Result<(), Fout> {
    let pack = m.pack;
    for a in &pack.pack.redenen.actie {
        let w = pack.op_huishouden_w(werkelijk, &a.regel)?;
        if als_logisch(&w, &a.regel)? == Some(true) {
            m.acties.push(a.code.clone());
            if let Some(r) = &a.reden {
                m.geef(r)?;
            }
        }
    }
    Ok(())
}

/// The reason of every explanation whose rule holds for the household decided on.
fn uitleg(m: &mut Motivering<'_, '_>) -> Result<(), Fout> {
    let (pack, obj) = (m.pack, m.obj);
    for u in &pack.pack.redenen.uitleg {
        let w = pack.op_huishouden_w(obj, &u.regel)?;
        if als_logisch(&w, &u.regel)? == Some(true) {
            m.geef(&u.reden)?;
        }
    }
    Ok(())
}
