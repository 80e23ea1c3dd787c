//! Unit tests of the translation into the rule language: what it builds, and what it refuses
//! with which place and hint.

use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::model::objecten::W;
use crate::pack::scan::scan;
use crate::params::{Parameter, Parameters, Waarde};
use crate::script::functie::Functie;
use crate::script::ir::{Ex, Nat, Op, Prop};

fn parameters() -> Parameters {
    let mut p = Parameters::default();
    p.zet(Parameter {
        naam: "zorgtoeslag.standaardpremie".into(),
        waarde: Waarde::Getal("2112".parse().unwrap_or_default()),
        bron: "test".into(),
        eenheid: None,
        mag_negatief: false,
        toelichting: None,
        jaar: 2025,
        pad: "t.toml".into(),
        regel: 1,
    });
    p
}

/// Translate every function of `tekst`; the quantities are those `scan` finds.
fn vertaal_alles(tekst: &str) -> Vec<Result<(Vec<St>, usize), NietInDeTaal>> {
    let params = parameters();
    let ontleder = Ontleder::nieuw();
    let bestand = ontleder
        .bestand(tekst)
        .map_err(|e| e.bericht)
        .expect("syntax");
    let defs = definities(&bestand);
    let index: HashMap<(String, usize), usize> = defs
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.naam.clone(), d.params.len()), i))
        .collect();
    let functies: BTreeMap<String, Functie> = scan(tekst)
        .into_iter()
        .map(|info| {
            let niveau = match info.params.as_slice() {
                [a] if a == "hh" => Some(Niveau::Huishouden),
                [a] if a == "s" => Some(Niveau::Situatie),
                _ => None,
            };
            let f = Functie {
                uitvoer: 0,
                leest_nog_niet_vastgesteld: None,
                pad: "t.rhai".into(),
                bestand: "t.rhai".into(),
                niveau: if info.prive { None } else { niveau },
                slot: 0,
                info,
            };
            (f.info.naam.clone(), f)
        })
        .collect();
    let omgeving = Omgeving {
        functies: &functies,
        index: &index,
        params: &params,
    };
    defs.iter().map(|d| vertaal(d, &omgeving)).collect()
}

fn fout_van(tekst: &str) -> NietInDeTaal {
    vertaal_alles(tekst)
        .into_iter()
        .find_map(Result::err)
        .expect("een fout")
}

use crate::script::Niveau;

#[test]
fn bouwt_locals_parameters_en_helpers() {
    let r = vertaal_alles(
        "fn premie(s) { let x = zorgtoeslag::standaardpremie; positief(x - s.vermogen) }",
    );
    let (body, locals) = r.into_iter().next().expect("één").expect("vertaald");
    assert_eq!(locals, 2, "s en x");
    let [St::Let(1, Ex::Const(W::Dec(d))), St::Ex(Ex::Native(Nat::Positief, args, _))] =
        body.as_slice()
    else {
        panic!("{body:?}");
    };
    assert_eq!(d.to_string(), "2112");
    assert!(matches!(
        &args[0],
        Ex::Bin(Op::Min, a, b, _) if matches!(**a, Ex::Local(1)) && matches!(**b, Ex::Prop(..))
    ));
}

#[test]
fn grootheid_als_eigenschap() {
    let r = vertaal_alles("fn a(hh) { 1 }\nfn b(hh) { hh.a + 1 }");
    // (Rhai lists the functions in its own order)
    let gevonden = r.iter().flatten().any(|(body, _)| {
        matches!(&body[0], St::Ex(Ex::Bin(Op::Plus, a, _, _))
            if matches!(&**a, Ex::Prop(_, Prop::Grootheid { .. }, _)))
    });
    assert!(gevonden, "{r:?}");
}

#[test]
fn switch_geweigerd_met_plaats_en_hint() {
    let f = fout_van("fn a(hh) {\n    switch 1 { 1 => 2, _ => 3 }\n}");
    assert_eq!(f.bericht, "`switch` hoort niet bij de regeltaal");
    assert_eq!(f.pos, Pos { regel: 2, kolom: 5 });
    assert_eq!(f.hulp.as_deref(), Some("schrijf `if … else if … else`"));
}

#[test]
fn verkeerd_gespelde_grootheid_met_suggestie() {
    let f = fout_van("fn tegemoetkoming(hh) { 1 }\nfn b(hh) { hh.tegemoetkomingg }");
    assert!(
        f.bericht.contains("`tegemoetkomingg` is geen grootheid"),
        "{f:?}"
    );
    assert_eq!(f.hulp.as_deref(), Some("bedoelt u `tegemoetkoming`?"));
    assert_eq!(f.pos.regel, 2);
}

#[test]
fn gegeven_met_suggestie() {
    let f = fout_van("fn b(s) { s.vermogn }");
    assert_eq!(f.hulp.as_deref(), Some("bedoelt u `vermogen`?"));
}

#[test]
fn onbekende_variabele_en_parameter() {
    let f = fout_van("fn b(hh) {\n  let x = 1;\n  x + y\n}");
    assert_eq!(f.bericht, "onbekende variabele `y`");
    assert_eq!(f.pos, Pos { regel: 3, kolom: 7 });
    let f = fout_van("fn b(hh) { zorgtoeslag::standaardpremi }");
    assert_eq!(
        f.bericht,
        "parameter `zorgtoeslag::standaardpremi` bestaat niet"
    );
}

#[test]
fn onbekende_functie_en_verkeerd_aantal_argumenten() {
    let f = fout_van("fn b(hh) { positif(1) }");
    assert_eq!(f.hulp.as_deref(), Some("bedoelt u `positief`?"));
    let f = fout_van("fn b(hh) { afbouw(1, 2) }");
    assert_eq!(f.hulp.as_deref(), Some("`afbouw` heeft 4 argument(en)"));
}

#[test]
fn andere_vormen_buiten_de_taal() {
    for (tekst, wat) in [
        ("fn b(hh) { let x = [1]; x[0] }", "indexering"),
        ("fn b(hh) { let x = 1; `a${x}` }", "tekst met"),
        ("fn b(hh) { #{a: 1} }", "een object"),
        (
            "fn b(hh) { let x = 1; do { x += 1; } while x < 3; x }",
            "`do",
        ),
        ("fn b(hh) { import \"x\" as y; 1 }", "`import`"),
        ("fn b(hh) { [1].len() }", "methode `.len"),
        (
            "fn b(hh) { let t = 0; for (x, i) in [1] { t += i; } t }",
            "teller",
        ),
    ] {
        let f = vertaal_alles(tekst)
            .into_iter()
            .find_map(Result::err)
            .unwrap_or_else(|| panic!("{tekst}: geen fout"));
        assert!(f.bericht.contains(wat), "{tekst}: {f:?}");
        assert!(f.hulp.is_some(), "{tekst}: geen hint");
        assert!(!f.pos.is_geen(), "{tekst}: geen plaats");
    }
}

#[test]
fn groot_vast_bereik_blijft_een_bereik() {
    let r = vertaal_alles("fn b(hh) { let t = 0; for i in 0..200000 { t += i; } t }");
    let (body, _) = r[0].clone().expect("vertaald");
    assert!(
        matches!(&body[1], St::Voor(_, Ex::Bereik(..), ..)),
        "{body:?}"
    );
    let r = vertaal_alles("fn b(hh) { let t = 0; for i in 0..20 { t += i; } t }");
    let (body, _) = r[0].clone().expect("vertaald");
    assert!(
        matches!(&body[1], St::Voor(_, Ex::Const(W::Arr(a)), ..) if a.len() == 20),
        "{body:?}"
    );
}
