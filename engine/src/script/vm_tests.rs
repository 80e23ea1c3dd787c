//! Unit tests of the lowering and the evaluation state: functions built directly as
//! instructions, run on a fresh `Vm`, with the limits and the errors of the rule language.

use std::sync::OnceLock;

use super::compile::{maak_uitvoerbaar, UitvoerbareFunctie};
use super::fout::{RegelFout, Soort};
use super::ir::{Ex, Op, Pos, St};
use super::vm::Vm;
use super::Kern;
use crate::model::objecten::W;

fn pos(regel: u32, kolom: u32) -> Pos {
    Pos { regel, kolom }
}

fn c(w: W) -> Box<Ex> {
    Box::new(Ex::Const(w))
}

fn bin(op: Op, a: Ex, b: Ex, p: Pos) -> Ex {
    Ex::Bin(op, Box::new(a), Box::new(b), p)
}

/// Run function 0 (no parameters) of these bodies, each with `locals` frame slots.
fn draai(bodies: Vec<(usize, Vec<St>)>) -> Result<W, Box<RegelFout>> {
    let mut functies: Vec<UitvoerbareFunctie> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, (locals, body))| UitvoerbareFunctie::nieuw(format!("f{i}"), 0, locals, body))
        .collect();
    maak_uitvoerbaar(&mut functies, |_| false);
    let kern = Kern {
        constanten: functies.iter().map(|_| OnceLock::new()).collect(),
        functies,
        slots: (0, 0, 0),
    };
    let mut vm = Vm::nieuw(&kern, &W::Unit, false);
    vm.roep(&kern.functies[0], 0, Pos::GEEN)
}

fn waarde(bodies: Vec<(usize, Vec<St>)>) -> String {
    match draai(bodies) {
        Ok(w) => w.to_string(),
        Err(e) => format!("fout: {}", e.bericht()),
    }
}

#[test]
fn rekenen_met_constanten_en_locals() {
    // 2 * 3 + 1 (folded while lowering)
    let e = bin(
        Op::Plus,
        bin(
            Op::Maal,
            Ex::Const(W::Int(2)),
            Ex::Const(W::Int(3)),
            Pos::GEEN,
        ),
        Ex::Const(W::Int(1)),
        Pos::GEEN,
    );
    assert_eq!(waarde(vec![(0, vec![St::Ex(e)])]), "7");
    // { let x = 1; x + { x = 5; 1 } + x } reads x before and after the block assigns it
    let blok = Ex::Blok(vec![
        St::Zet(0, None, Ex::Const(W::Int(5)), Pos::GEEN),
        St::Ex(Ex::Const(W::Int(1))),
    ]);
    let som = bin(
        Op::Plus,
        bin(Op::Plus, Ex::Local(0), blok, Pos::GEEN),
        Ex::Local(0),
        Pos::GEEN,
    );
    let body = vec![St::Let(0, Ex::Const(W::Int(1))), St::Ex(som)];
    assert_eq!(waarde(vec![(1, body)]), "7");
}

#[test]
fn deling_door_nul_op_zijn_plaats() {
    let e = bin(
        Op::Deel,
        Ex::Const(W::Int(1)),
        Ex::Const(W::Int(0)),
        pos(3, 7),
    );
    let fout = draai(vec![(0, vec![St::Ex(e)])]).expect_err("fout");
    assert_eq!(fout.soort, Soort::DelingDoorNul("1 / 0".into()));
    assert_eq!(fout.pos, pos(3, 7));
    assert_eq!(fout.functie, None, "toegewezen door de aanroeper");
}

#[test]
fn een_lus_zonder_einde_stopt_bij_de_grens() {
    let fout = draai(vec![(0, vec![St::Zolang(None, vec![])])]).expect_err("fout");
    assert_eq!(fout.soort, Soort::TeVeelRekenstappen);
    assert!(fout.is_grens());
}

#[test]
fn een_functie_die_zichzelf_aanroept_stopt_bij_de_diepte() {
    let body = vec![St::Ex(Ex::Script(0, vec![], pos(1, 12)))];
    let fout = draai(vec![(0, body)]).expect_err("fout");
    assert_eq!(fout.soort, Soort::TeDiep);
    assert_eq!(fout.functie, Some(0));
}

#[test]
fn groei_van_lijsten_en_teksten_is_begrensd() {
    // let a = [1]; loop { a = [a, a]; }
    let lijst = Ex::Lijst(vec![Ex::Local(0), Ex::Local(0)], pos(2, 9));
    let body = vec![
        St::Let(
            0,
            Ex::Const(W::Arr(std::sync::Arc::new(vec![W::Int(1)].into()))),
        ),
        St::Zolang(None, vec![St::Zet(0, None, lijst, Pos::GEEN)]),
    ];
    let fout = draai(vec![(1, body)]).expect_err("fout");
    assert_eq!(
        (fout.soort.clone(), fout.pos),
        (Soort::LijstTeGroot, pos(2, 9))
    );
    // let s = "x"; loop { s += s; }
    let body = vec![
        St::Let(0, Ex::Const(W::Str("x".into()))),
        St::Zolang(
            None,
            vec![St::Zet(0, Some(Op::Plus), Ex::Local(0), pos(4, 3))],
        ),
    ];
    let fout = draai(vec![(1, body)]).expect_err("fout");
    assert_eq!(
        (fout.soort.clone(), fout.pos),
        (Soort::TekstTeLang, pos(4, 3))
    );
}

#[test]
fn een_voorwaarde_moet_waar_of_onwaar_zijn() {
    let body = vec![St::Als(
        Ex::Neg(c(W::Int(1)), pos(1, 4)),
        vec![St::Ex(Ex::Const(W::Int(1)))],
        vec![],
    )];
    let fout = draai(vec![(0, body)]).expect_err("fout");
    assert_eq!(fout.soort, Soort::GeenWaarOfOnwaar("geheel getal"));
    assert_eq!(fout.pos, pos(1, 4));
}

#[test]
fn een_bereik_in_for_bouwt_geen_lijst() {
    // let t = 0; for i in 0..1_000_000 { if i == 5 { break; } t += i; } t
    let bereik = Ex::Bereik(c(W::Int(0)), c(W::Int(1_000_000)), false, Pos::GEEN);
    let stop = St::Als(
        bin(Op::Gelijk, Ex::Local(1), Ex::Const(W::Int(5)), Pos::GEEN),
        vec![St::Breek],
        vec![],
    );
    let body = vec![
        St::Let(0, Ex::Const(W::Int(0))),
        St::Voor(
            1,
            bereik,
            vec![stop, St::Zet(0, Some(Op::Plus), Ex::Local(1), Pos::GEEN)],
            Pos::GEEN,
        ),
        St::Ex(Ex::Local(0)),
    ];
    assert_eq!(waarde(vec![(2, body)]), "10");
}

#[test]
fn break_buiten_een_lus() {
    let fout = draai(vec![(0, vec![St::Breek])]).expect_err("fout");
    assert_eq!(fout.soort, Soort::BuitenLus);
}
