//! The route's reasons and the doelgroep test (art. 78gg lid 1 PW; berekening.md §1): on
//! application the aanvraagperiode first, on an ambtshalve route the route itself; then the
//! conditions of `redenen.toml` `[[voorwaarde]]` where the route tests them, each failed one
//! with the change that would meet it.

use super::aanvraag::{self, Termijn};
use super::grootheden::als_logisch;
use super::object::{overleden_in_jaar, overleden_voor_jaar};
use super::route::Route;
use super::teksten::Motivering;
use super::veranderingen::wat_zou_veranderen;
use crate::error::Fout;
use crate::model::objecten::Huishouden;
use crate::pack::Regeling;
use crate::policy::Beleidsregels;
use crate::record;
use crate::script;

/// The outcome of the route and the doelgroep test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Toetsing {
    /// Whether the household belongs to the doelgroep; `None` when the route did not test it
    /// (CONTRACT §2).
    pub(super) doelgroep: Option<bool>,
    /// Whether the amounts are to be decided: the test passed, or the route grants without it.
    pub(super) toegekend: bool,
}

/// The route's reasons and, where the route asks for it, the doelgroep test; with the defaults
/// of the beleidsregels that applied. `eigen` are the municipality's own beleidsregels,
/// `regels` the same completed with the pack's defaults.
pub(super) fn toets(
    m: &mut Motivering<'_, '_>,
    hh: &record::Huishouden,
    regels: &Beleidsregels,
    eigen: &Beleidsregels,
    route: Route,
    uit_maanden: &[String],
) -> Result<Toetsing, Fout> {
    let regeling = m.pack.pack.manifest.regeling;
    if regeling == Regeling::Handelingsperspectief
        && !regels.kijkt_terug_naar(hh.jaar)
        && route == Route::Aanvraag
    {
        aanvraag::buiten_terugwerkende_kracht(m, eigen, hh)?;
        return Ok(Toetsing {
            doelgroep: None,
            toegekend: false,
        });
    }
    let termijn = match route {
        Route::Aanvraag if regeling == Regeling::TijdelijkeRegeling => {
            aanvraag::aanvraagperiode(m, hh, regels)?
        }
        Route::Aanvraag => Termijn::Binnen,
        Route::AmbtshalveLijst | Route::AmbtshalveBekend => {
            ambtshalve(m, hh, route)?;
            Termijn::Binnen
        }
    };
    let verstreken = termijn == Termijn::Verstreken;
    if route == Route::Aanvraag && !verstreken {
        aanvraag::inkomen_uit_maanden(m, regels, uit_maanden)?;
    }
    let vooraf = route.toetst_vooraf(regels);
    m.geef_standaard_redenen(eigen, hh, route, vooraf && !verstreken)?;
    if verstreken || !vooraf {
        return Ok(Toetsing {
            doelgroep: None,
            toegekend: !verstreken,
        });
    }
    let alle = voorwaarden(m, hh, regels, route)?;
    Ok(Toetsing {
        doelgroep: Some(alle),
        toegekend: alle && termijn != Termijn::Hardheidsclausule,
    })
}

/// The reasons of an ambtshalve route: the route, the list municipality that pays after a
/// move, a partner who died in the year.
fn ambtshalve(
    m: &mut Motivering<'_, '_>,
    hh: &record::Huishouden,
    route: Route,
) -> Result<(), Fout> {
    m.geef(route.naam())?;
    if route == Route::AmbtshalveLijst && hh.verhuisd_naar_gemeente.is_some() {
        m.geef("verhuisd_lijstgemeente_betaalt")?;
    }
    if overleden_in_jaar(hh).is_some() {
        m.geef("partner_overleden")?;
    }
    Ok(())
}

/// The doelgroep test: a reason (and what would change it) per failed condition, `doelgroep`
/// when all hold. Whether all hold.
fn voorwaarden(
    m: &mut Motivering<'_, '_>,
    hh: &record::Huishouden,
    regels: &Beleidsregels,
    route: Route,
) -> Result<bool, Fout> {
    if route == Route::Aanvraag {
        if overleden_in_jaar(hh).is_some() {
            m.geef("partner_overleden")?;
        } else if overleden_voor_jaar(hh).is_some() {
            m.geef("partner_overleden_voor_jaar")?;
        }
    }
    let gefaald = niet_vervulde_voorwaarden(m.pack, m.obj)?;
    for code in &gefaald {
        m.geef(code)?;
        let v = wat_zou_veranderen(m.pack, m.obj, code, regels, &m.extra)?;
        m.veranderingen.extend(v);
    }
    let alle = gefaald.is_empty();
    if alle {
        m.geef("doelgroep")?;
    }
    Ok(alle)
}

/// The reason codes of the doelgroep conditions (`redenen.toml` `[[voorwaarde]]`, in order) that
/// do not hold; a condition that does not apply (`()`) is not a failure.
pub(super) fn niet_vervulde_voorwaarden(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
) -> Result<Vec<String>, Fout> {
    let mut gefaald = Vec::new();
    for v in &pack.pack.redenen.voorwaarde {
        let w = pack.op_huishouden_w(obj, &v.regel)?;
        if als_logisch(&w, &v.regel)? == Some(false) {
            gefaald.push(v.reden.clone());
        }
    }
    Ok(gefaald)
}
