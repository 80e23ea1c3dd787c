//! A quantity of an object one data field away from a local: `hh.werkelijk.netto_inkomen`,
//! `hh.referentie.besteedbaar_inkomen`, `p.partner.box1_inkomen`. When the value is in the
//! memo it is read without making the object in between (no reference count, no closure call
//! for the field); otherwise the general path makes the object and reads or computes the
//! quantity on it, with the same errors.

use std::sync::Arc;

use super::snel::ex_f;
use crate::model::geheugen::{GeheugenPlaats, Plek};
use crate::model::objecten::W;
use crate::model::velden::{self, Eig};
use crate::model::Niveau;
use crate::script::ir::{Ex, Prop};
use crate::script::vm::ExF;

/// The read of property `prop` of `obj` (lowered generally as `algemeen`): when `obj` is a data
/// field of a local that gives an object (`hh.werkelijk`, `hh.referentie`, `p.partner`) and
/// `prop` a quantity of that object's level, a closure that first looks in the memo without
/// making the object; else `algemeen` itself.
pub(super) fn via_veld_of(obj: &Ex, prop: &Prop, algemeen: ExF) -> ExF {
    let (Ex::Prop(o, Prop::Gegeven(eig), _), Prop::Grootheid { niveau, slot, .. }) = (obj, prop)
    else {
        return algemeen;
    };
    let past = matches!(
        (eig, niveau),
        (Eig::Werkelijk | Eig::Referentie, Niveau::Situatie) | (Eig::Partner, Niveau::Persoon)
    );
    let (Ex::Local(i), true) = (&**o, past) else {
        return algemeen;
    };
    let (i, eig, slot) = (*i, *eig, *slot);
    ex_f(move |vm, f| {
        if let Some((plaats, plek)) = plek_via(&vm.stack[f + i], eig) {
            let plek = Some(vm.in_dit_geheugen(plaats, plek));
            if let Some(w) = vm.memo(plek, slot) {
                return Ok(w.clone());
            }
        }
        algemeen(vm, f)
    })
}

/// The memo place and position of the object field `eig` of `o` gives, exactly as
/// `objecten::plek_van` finds them for that object once made (`velden::Eig::lees`).
#[inline(always)]
fn plek_via(o: &W, eig: Eig) -> Option<(&Arc<GeheugenPlaats<W>>, Plek)> {
    match (eig, o) {
        (Eig::Werkelijk, W::Hh(h)) => {
            let s = &h.0.werkelijk.0;
            Some((&s.geheugen, Plek::Situatie(s.nr)))
        }
        (Eig::Referentie, W::Hh(h)) => {
            let s = &h.0.referentie.as_ref()?.0;
            Some((&s.geheugen, Plek::Situatie(s.nr)))
        }
        (Eig::Partner, W::Pers(p)) => {
            let partner = velden::partner_index(p)?;
            Some((&p.sit.geheugen, Plek::Persoon(p.sit.nr, partner)))
        }
        _ => None,
    }
}
