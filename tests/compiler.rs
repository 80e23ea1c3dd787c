//! The rule compiler against the Rhai interpreter: for every golden case of every year, and for
//! random households, the compiled rules and the interpreted rules give byte-identical decisions
//! (including the full trace) or the same error.

use avp_cli::werkbank::golden::zoek_gevallen;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::{Opties, Regels};
use proptest::prelude::*;

fn beide() -> (Regels, Regels) {
    (avp_tests::regels(), avp_tests::regels().met_interpreter())
}

fn beoordeel(regels: &Regels, hh: &avp_engine::record::Huishouden, beleid: &str) -> String {
    // Unreadable beleidsregels would make both sides equal for the wrong reason: fail instead.
    let b = regels.beleidsregels(beleid).expect("beleidsregels");
    match regels.beoordeel(hh, &b, "t", Opties { trace: true }) {
        Ok(d) => serde_json::to_string_pretty(&d).unwrap_or_default(),
        Err(e) => format!("fout: {e}"),
    }
}

/// The first line where two outputs differ, both versions.
fn eerste_verschil(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("gecompileerd `{}` ≠ interpreter `{}`", x.trim(), y.trim()))
        .unwrap_or_else(|| "verschillende lengte".to_string())
}

#[test]
fn gecompileerd_gelijk_aan_interpreter_op_alle_gouden_gevallen() {
    let (c, i) = beide();
    let gevallen = zoek_gevallen(&[avp_tests::root().join("tests/cases")]);
    assert!(
        gevallen.len() >= 60,
        "te weinig gevallen: {}",
        gevallen.len()
    );
    let mut verschillen = Vec::new();
    for g in &gevallen {
        let geval = avp_cli::werkbank::golden::lees_geval(g).expect("geval leesbaar");
        let a = beoordeel(&c, &geval.huishouden, &geval.beleidsregels);
        let b = beoordeel(&i, &geval.huishouden, &geval.beleidsregels);
        if a != b {
            verschillen.push(format!("{}: {}", g.display(), eerste_verschil(&a, &b)));
        }
    }
    assert!(verschillen.is_empty(), "verschillen: {verschillen:#?}");
}

#[test]
fn pakketconstante_grootheden_van_2025() {
    let pack = avp_tests::regels().pack(2025).expect("pakket");
    // the bijstand gross-up without kostendelers is computed once per pack
    assert!(pack
        .constante_grootheden()
        .contains(&"bijstand_bruto_zonder_kostendelers".to_string()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn gecompileerd_gelijk_aan_interpreter_op_willekeurige_huishoudens(
        inkomen in 0u32..90_000, soort in 0usize..5, huur in prop::option::of(300u32..1200),
        kinderen in 0usize..3, vermogen in 0u32..200_000, geboren in 1950i32..2000,
        partner_inkomen in prop::option::of(0u32..30_000), lijst in any::<bool>(),
    ) {
        let soorten = ["ww", "wia", "loon", "wajong", "pensioen"];
        let mut personen = vec![format!(
            r#"{{"geboortedatum":"{geboren}-05-01","inkomsten":[{{"soort":"{}","bruto_per_jaar":{inkomen}}}]}}"#,
            soorten[soort]
        )];
        if let Some(pi) = partner_inkomen {
            personen.push(format!(
                r#"{{"geboortedatum":"{}-09-09","inkomsten":[{{"soort":"loon","bruto_per_jaar":{pi}}}]}}"#,
                geboren + 2
            ));
        }
        let kids: Vec<String> = (0..kinderen).map(|k| format!(r#"{{"geboortedatum":"{}-01-15"}}"#, 2008 + 4 * k)).collect();
        let json = format!(
            r#"{{"jaar":2025,"fiscaal_partner":{p},"toeslagpartner":{p},"vermogen":{vermogen},{huur}"op_lijst_belastingdienst":{lijst},"aanvraagdatum":"2025-06-01","personen":[{}],"kinderen":[{}]}}"#,
            personen.join(","),
            kids.join(","),
            p = partner_inkomen.is_some(),
            huur = huur.map(|h| format!(r#""huur_per_maand":{h},"#)).unwrap_or_default(),
        );
        let hh = lees_huishouden(&json, Formaat::Json, "t").expect("record");
        let (c, i) = beide();
        let (a, b) = (beoordeel(&c, &hh, "vng-model"), beoordeel(&i, &hh, "vng-model"));
        prop_assert!(a == b, "eerste verschil: {}", eerste_verschil(&a, &b));
    }
}

/// Expressions with edge semantics (mixed types, integer division, text, errors): the compiled
/// rule and the interpreter give the same value or the same error message.
#[test]
fn randgevallen_gelijk_aan_interpreter() {
    let uitdrukkingen = [
        "7 / 2",
        "7.0 / 2",
        "-7 / 2",
        "7 % 3",
        "1 + 2.50",
        "2.50 * 2",
        "0.1 + 0.2 == 0.3",
        "1 == 1.0",
        "1 < 1.5",
        "\"a\" + 1 + 1.50 + true + ()",
        "1 + \"a\"",
        "\"b\" < \"a\"",
        "() == ()",
        "1 == \"1\"",
        "true != 1",
        "min(1, 2.5)",
        "max(3, 2)",
        "abs(-2.25)",
        "positief(-3)",
        "[1, 2, 3].contains(2)",
        "2 in [1, 2.0]",
        "if 1 > 2 { 5 }",
        "{ let x = 1; x += 2.5; x }",
        "{ let t = 0; for i in 0..5 { if i == 3 { break; } t += i; } t }",
        "{ let t = 0; let i = 0; while i < 4 { i += 1; if i == 2 { continue; } t += i; } t }",
        "1 / 0",
        "1.5 / 0",
        "9223372036854775807 + 1",
        "{ let b = true; b + 1 }",
        "{ let x = 5; !x }",
        "{ let x = 5; x && true }",
        "afronden_op_hele_euros(2.5) + afronden_op_hele_euros(-2.5)",
        "afronden_op_centen(1.005)",
        "leeftijd_op(datum(1970, 3, 2), datum(2025, 3, 1))",
        "datum(2025, 2, 30)",
        // shapes the lowering treats specially (lower.rs): locals and constants read in
        // place, folded constants, conditions as booleans, compound assignment
        "2 * 3 + 1",
        "{ let x = 2.5; let y = 1.5; x * y - y / x }",
        "{ let x = 1; x + { x = 5; 1 } + x }",
        "{ let x = 3; if x > 2 && x < 5 || x == 9 { 1 } else { 2 } }",
        "{ let x = 1.5; if x { 1 } }",
        "{ let x = 2; 1 < 2 && x }",
        "{ let x = 5; while x { x -= 1; } }",
        "{ let x = 0.1; min(x, 0.05) + max(x, positief(x - 1)) }",
        "{ let t = 1.00; t *= 79228162514264337593543950335; t }",
        "{ let x = 1; -x + -(2.5) }",
        "{ let x = 2.0; x == 2 && 2 <= x && x != \"2\" }",
        "{ let x = 1.5; let y = 1.50; [x < y, x <= y, x > y, x >= y, x == y, x != y, x + y, x - y, x * y] }",
        "{ let x = 1.5; let y = 1.50; if x < y { 1 } else if x <= y && x >= y && !(x > y) { 2 } }",
        "datum(1946, 1, 1) < datum(1946, 1, 2)",
        "max(2, 3.5) + min(1, 2) + afbouw(100, 50, 10, 0.5)",
        "datum(2025, 13, 1)",
        "{ let l = [1, 2]; let x = 2; l.contains(x) && !l.contains(3) && l.contains(1 + 0) }",
        "{ let l = 5; l.contains(1) }",
        "{ let n = 0; for p in hh.werkelijk.personen { n += p.nummer; p = 7; } n }",
        "{ let n = 0; let q = 0; for p in hh.werkelijk.personen { if n == 0 { q = p; } n += p.nummer; } [n, q.nummer] }",
        "{ let n = 0; for p in hh.werkelijk.personen { n = n * 10 + p.nummer; } n }",
        // growth is bounded as Rhai bounds it (issue 11 item 1): text, nested arrays, text in
        // arrays, ranges; a `for` over a range builds no array
        "{ let s = \"x\"; loop { s += s; } }",
        "{ let s = \"x\"; loop { s = s + 1; } }",
        "{ let s = \"\"; for i in 0..20000 { s = i + s; } s }",
        "{ let a = [1]; loop { a = [a, a]; } }",
        "{ let s = \"x\"; for i in 0..13 { s += s; } [s, s] }",
        "{ let r = 0..20000; 1 }",
        "{ let t = 0; for i in 0..=20000 { t += i; } t }",
        "{ let t = 0; for i in 5..2 { t += i; } t }",
        // constant sub-expressions folded at lowering (and one that fails only at run time);
        // a local and `!x` as conditions
        "{ let x = 1; x + 2 * 3.5 - -1 + -(2 * 3) + 10 / 4 }",
        "{ let x = 1; if x >= 6 * 12 + 3 { 1 } else { min(2 * 3, 1 + 1.5) + afronden_op_centen(1 / 3.0) } }",
        "{ let x = 1; x + 2 * datum(2025, 1, 1) }",
        "{ let x = 1; x + 1 / 0 }",
        "{ let b = true; let c = false; if !b || c { 1 } else if !c { 2 } }",
        "{ let b = 1; if !b { 1 } }",
        "{ let b = 2; if b { 1 } }",
        "{ let x = 1; [x > 0 && x < 5 && x != 3, x > 5 || x < 0 || x == 1, x > 5 || x, x < 5 || x] }",
        "{ let x = 1; if x > 0 { let y = if x > 2 { 5 } else { 6 }; y } }",
        "{ let paar = hh.werkelijk.aantal_personen == 2; let k = hh.vermogensgrens_keuze; if k == \"zorgtoeslag\" { if paar && hh.werkelijk.toeslagpartner { 1 } else { 2 } } else if k == \"participatiewet\" { if paar { 3 } else { 4 } } else { 5 } }",
        "{ let k = \"zorgtoeslag\"; if k == \"zorgtoeslag\" { 1 } else if k == \"participatiewet\" { 3 } else { 5 } }",
        // a helper whose result leaves the decimals: an overflow error, not a panic
        "afbouw(79228162514264337593543950335, 79228162514264337593543950335, -79228162514264337593543950335, 2)",
    ];
    vergelijk_met_interpreter(
        &uitdrukkingen,
        r#"{"jaar":2025,"fiscaal_partner":true,"toeslagpartner":true,"personen":[{"geboortedatum":"1970-01-01"},{"geboortedatum":"1972-05-01"}]}"#,
    );
}

/// A quantity of an object one data field away (`hh.werkelijk.x`, `hh.referentie.x`,
/// `p.partner.x`; read from the memo without making the object, `lower/keten.rs`): the same
/// values as the interpreter, read twice (the second from the memo), and the same errors for a
/// single person (no partner, no reference).
#[test]
fn grootheid_via_een_veld_gelijk_aan_interpreter() {
    let uitdrukkingen = [
        "hh.werkelijk.netto_inkomen + hh.werkelijk.netto_inkomen * 2 + hh.werkelijk.toetsingsinkomen",
        "hh.referentie.netto_inkomen - hh.referentie.netto_inkomen / 4",
        "{ let t = 0.00; for p in hh.werkelijk.personen { t = t * 1000 + p.partner.box1_inkomen + p.partner.box1_inkomen; } t }",
        "{ let n = 0; for p in hh.referentie.personen { if p.partner.heeft_aow_leeftijd { n = n * 10 + p.nummer; } } n }",
    ];
    for personen in [
        r#"[{"geboortedatum":"1950-01-01","inkomsten":[{"soort":"ww","bruto_per_jaar":"20000"}]},{"geboortedatum":"1972-05-01","inkomsten":[{"soort":"loon","bruto_per_jaar":"5000"}]}]"#,
        r#"[{"geboortedatum":"1970-01-01","inkomsten":[{"soort":"wia","bruto_per_jaar":"30000"}]}]"#,
    ] {
        let paar = personen.matches("geboortedatum").count() == 2;
        vergelijk_met_interpreter(
            &uitdrukkingen,
            &format!(
                r#"{{"jaar":2025,"fiscaal_partner":{paar},"toeslagpartner":{paar},"personen":{personen}}}"#
            ),
        );
    }
}

/// Each expression as the body of a household quantity, evaluated on `huishouden` by the
/// compiled rules and by the interpreter: the same value or the same error message.
fn vergelijk_met_interpreter(uitdrukkingen: &[&str], huishouden: &str) {
    let mut tekst = String::from("// testregels: randgevallen van de compiler\n");
    for (i, u) in uitdrukkingen.iter().enumerate() {
        tekst.push_str(&format!("fn proef_{i}(hh) {{ {u} }}\n"));
    }
    let uitkomsten = |interpreter: bool| -> Vec<String> {
        let mut bron = avp_tests::regels_2025_in_geheugen();
        bron.zet("nl/2025/proef.rhai", tekst.clone());
        let mut regels = Regels::new(Box::new(bron));
        if interpreter {
            regels = regels.met_interpreter();
        }
        let pack = regels.pack(2025).expect("pakket");
        let beleid = regels.beleidsregels("vng-model").expect("beleid");
        let hh = lees_huishouden(huishouden, Formaat::Json, "t").expect("record");
        let obj =
            avp_engine::evaluate::huishouden_object(&pack, &beleid, &hh, "t").expect("object");
        (0..uitdrukkingen.len())
            .map(|i| match pack.op_huishouden(&obj, &format!("proef_{i}")) {
                Ok(w) => format!("{} = {} ({})", uitdrukkingen[i], w, w.type_naam()),
                Err(e) => format!("{} → fout: {}", uitdrukkingen[i], e.bericht),
            })
            .collect()
    };
    let (c, i) = (uitkomsten(false), uitkomsten(true));
    let verschillen: Vec<String> = c
        .iter()
        .zip(&i)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("gecompileerd: {a}\n   interpreter: {b}"))
        .collect();
    assert!(verschillen.is_empty(), "{}", verschillen.join("\n"));
}
