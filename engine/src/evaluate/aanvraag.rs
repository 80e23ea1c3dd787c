//! The application (route `aanvraag`): a handelingsperspectief year outside the terugwerkende
//! kracht of the beleidsregels, the aanvraagperiode with the hardheidsclausule (Awb 4:84), and
//! how incomes given in monthly amounts became year incomes.

use super::route::Route;
use super::teksten::Motivering;
use crate::error::Fout;
use crate::notatie::maanden;
use crate::policy::Beleidsregels;
use crate::record;

/// Whether the application came within the aanvraagperiode of the beleidsregels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Termijn {
    /// In time, no period applies, or the hardheidsclausule was applied to it already.
    Binnen,
    /// Late, and the beleidsregels apply the hardheidsclausule: the application is assessed,
    /// but nothing is granted until the college decides on the clause.
    Hardheidsclausule,
    /// Late, without the hardheidsclausule: rejected without further assessment.
    Verstreken,
}

/// A handelingsperspectief year the beleidsregels do not look back to: its reason, the
/// defaults that applied and the change that would allow it.
pub(super) fn buiten_terugwerkende_kracht(
    m: &mut Motivering<'_, '_>,
    eigen: &Beleidsregels,
    hh: &record::Huishouden,
) -> Result<(), Fout> {
    m.geef("jaar_niet_in_terugwerkende_kracht")?;
    m.geef_standaard_redenen(eigen, hh, Route::Aanvraag, false)?;
    m.verandering("jaar_niet_in_terugwerkende_kracht", "terugkijken")
}

/// The aanvraagperiode of the tijdelijke regeling; a looked-back year of the
/// handelingsperspectief is applied for later by nature (decision 002). A late application
/// gets its reason and the change that would have met the period.
pub(super) fn aanvraagperiode(
    m: &mut Motivering<'_, '_>,
    hh: &record::Huishouden,
    regels: &Beleidsregels,
) -> Result<Termijn, Fout> {
    let (Some(datum), Some(einde)) = (hh.aanvraagdatum, regels.uiterste_aanvraagdatum(hh.jaar))
    else {
        return Ok(Termijn::Binnen);
    };
    if datum.0 <= einde {
        return Ok(Termijn::Binnen);
    }
    if hh.hardheidsclausule_toegepast {
        m.geef("hardheidsclausule_toegepast")?;
        return Ok(Termijn::Binnen);
    }
    // Awb 4:84: the aanvraagperiode of the beleidsregels cannot cut off the statutory right
    // without the hardheidsclausule; with it the application is assessed and the college
    // decides on the clause.
    let (termijn, code) = if regels.hardheidsclausule_bij_late_aanvraag() {
        let code = "aanvraag_buiten_termijn_hardheidsclausule";
        (Termijn::Hardheidsclausule, code)
    } else {
        (Termijn::Verstreken, "aanvraag_buiten_termijn")
    };
    m.geef(code)?;
    if termijn == Termijn::Hardheidsclausule {
        m.acties.push("hardheidsclausule_beoordelen".to_string());
    }
    m.verandering(code, "aanvraag_op_tijd")?;
    Ok(termijn)
}

/// The reason that explains the year incomes found from monthly amounts (`uit_maanden`, one
/// text per income), with the referteperiode of the beleidsregels.
pub(super) fn inkomen_uit_maanden(
    m: &mut Motivering<'_, '_>,
    regels: &Beleidsregels,
    uit_maanden: &[String],
) -> Result<(), Fout> {
    if uit_maanden.is_empty() {
        return Ok(());
    }
    let rp = regels.referteperiode();
    m.geef_met(
        "inkomen_uit_maandbedragen",
        [
            ("inkomen_uit_maanden", uit_maanden.join("; ")),
            ("referteperiode_maanden", maanden(rp.maanden)),
            (
                "referteperiode_gelijk_inkomen_maanden",
                maanden(rp.gelijk_maanden),
            ),
        ],
    )
}
