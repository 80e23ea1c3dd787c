//! From translated rule functions (`parse.rs`) to functions ready to run: what each function's
//! body uses (`leest_situatie`, `zet_parameter`), which quantities are pack-constant, and the
//! body lowered to closures (`lower.rs`).

use super::ir::{Ex, Kind, Prop, St};
use super::lower::lager;
pub use super::vm::UitvoerbareFunctie;

/// Analyse and lower every function. `is_grootheid(i)`: whether function `i` is a named
/// quantity (only those can be pack-constant).
pub fn maak_uitvoerbaar(functies: &mut [UitvoerbareFunctie], is_grootheid: impl Fn(usize) -> bool) {
    let constant = constante_grootheden(functies, is_grootheid);
    for (f, c) in functies.iter_mut().zip(constant) {
        f.constant = c;
        f.code = lager(&f.body);
        let (mut leest, mut zet) = (false, false);
        let params = f.params;
        f.alles(&mut |k| match k {
            Kind::Ex(Ex::Local(0)) => leest = true,
            Kind::St(St::Zet(slot, op, ..)) => {
                leest |= *slot == 0 && op.is_some();
                zet |= *slot < params;
            }
            Kind::St(St::Voor(slot, ..)) => zet |= *slot < params,
            _ => {}
        });
        f.leest_situatie = leest;
        f.zet_parameter = zet;
    }
}

/// Pack-constant quantities (a fixed point): a quantity that uses its object only to read
/// pack-constant quantities.
fn constante_grootheden(
    functies: &[UitvoerbareFunctie],
    is_grootheid: impl Fn(usize) -> bool,
) -> Vec<bool> {
    let mut constant = vec![false; functies.len()];
    loop {
        let mut veranderd = false;
        for (i, f) in functies.iter().enumerate() {
            if constant[i] || !is_grootheid(i) {
                continue;
            }
            let params = f.params;
            let mut oordeel = |k: Kind<'_>| match k {
                Kind::Ex(Ex::Local(s)) => Some(*s >= params),
                // `obj.grootheid` of a constant quantity does not need the object itself
                Kind::Ex(Ex::Prop(obj, Prop::Grootheid { functie, .. }, _)) if matches!(**obj, Ex::Local(s) if s < params) => {
                    Some(constant[*functie])
                }
                _ => None,
            };
            if f.body.iter().all(|s| Kind::St(s).overal(&mut oordeel)) {
                constant[i] = true;
                veranderd = true;
            }
        }
        if !veranderd {
            return constant;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::objecten::W;
    use crate::model::velden::Eig;
    use crate::script::ir::{Pos, Prop};
    use crate::script::Niveau;

    fn grootheid(functie: usize) -> Ex {
        let prop = Prop::Grootheid {
            functie,
            niveau: Niveau::Huishouden,
            slot: functie,
        };
        Ex::Prop(Box::new(Ex::Local(0)), prop, Pos::GEEN)
    }

    #[test]
    fn pakketconstante_grootheden_als_vast_punt() {
        let data = Ex::Prop(
            Box::new(Ex::Local(0)),
            Prop::Gegeven(Eig::Vermogen),
            Pos::GEEN,
        );
        let mut f = vec![
            // 0: a constant; 1: reads 0 through its object; 2: reads a data field;
            // 3: reads 2; 4: a helper (never constant)
            UitvoerbareFunctie::nieuw("a".into(), 1, 1, vec![St::Ex(Ex::Const(W::Int(1)))]),
            UitvoerbareFunctie::nieuw("b".into(), 1, 1, vec![St::Ex(grootheid(0))]),
            UitvoerbareFunctie::nieuw("c".into(), 1, 1, vec![St::Ex(data)]),
            UitvoerbareFunctie::nieuw("d".into(), 1, 1, vec![St::Ex(grootheid(2))]),
            UitvoerbareFunctie::nieuw("e".into(), 1, 1, vec![St::Ex(Ex::Const(W::Int(1)))]),
        ];
        maak_uitvoerbaar(&mut f, |i| i < 4);
        let constant: Vec<bool> = f.iter().map(|f| f.constant).collect();
        assert_eq!(constant, [true, true, false, false, false]);
        assert!(!f[0].leest_situatie && f[1].leest_situatie && f[2].leest_situatie);
    }

    #[test]
    fn leest_en_zet_parameters() {
        let zet = St::Zet(0, None, Ex::Const(W::Int(1)), Pos::GEEN);
        let plus = St::Zet(
            0,
            Some(crate::script::ir::Op::Plus),
            Ex::Const(W::Int(1)),
            Pos::GEEN,
        );
        let lus = St::Voor(1, Ex::Const(W::Unit), vec![], Pos::GEEN);
        let mut f = vec![
            UitvoerbareFunctie::nieuw("a".into(), 2, 2, vec![zet]),
            UitvoerbareFunctie::nieuw("b".into(), 1, 1, vec![plus]),
            UitvoerbareFunctie::nieuw("c".into(), 2, 2, vec![lus]),
            UitvoerbareFunctie::nieuw("d".into(), 1, 2, vec![St::Let(1, Ex::Const(W::Unit))]),
        ];
        maak_uitvoerbaar(&mut f, |_| false);
        let uit: Vec<(bool, bool)> = f
            .iter()
            .map(|f| (f.leest_situatie, f.zet_parameter))
            .collect();
        assert_eq!(
            uit,
            [(false, true), (true, true), (false, true), (false, false)]
        );
    }
}
