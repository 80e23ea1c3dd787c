//! Runs every golden case in `tests/cases/` (the same cases `avp test` runs).

use avp_cli::werkbank::golden;

#[test]
fn alle_gouden_gevallen_slagen() {
    let regels = avp_tests::regels();
    let gevallen = golden::zoek_gevallen(&[avp_tests::root().join("tests/cases")]);
    assert!(
        gevallen.len() >= 40,
        "te weinig gouden gevallen: {}",
        gevallen.len()
    );
    let mislukt: Vec<String> = gevallen
        .iter()
        .map(|p| golden::voer_uit(&regels, p))
        .filter(|u| !u.geslaagd())
        .map(|u| {
            let mut s = format!("{} — {}", u.pad.display(), u.naam);
            if let Some(f) = &u.fout {
                s.push_str(&format!("\n    fout: {f}"));
            }
            for v in &u.verschillen {
                s.push_str(&format!(
                    "\n    {}: verwacht {}, kreeg {}",
                    v.veld, v.verwacht, v.werkelijk
                ));
            }
            s
        })
        .collect();
    assert!(
        mislukt.is_empty(),
        "{} geval(len) mislukt:\n{}",
        mislukt.len(),
        mislukt.join("\n")
    );
}

#[test]
fn een_fout_verwacht_wordt_gemeld() {
    // A case with a deliberately wrong expectation must fail: the runner really compares.
    let dir = std::env::temp_dir().join(format!("avp-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok();
    let pad = dir.join("fout.toml");
    std::fs::write(
        &pad,
        r#"naam = "opzettelijk fout"
bron = "test van de testloper"
[huishouden]
jaar = 2025
op_lijst_belastingdienst = true
[[huishouden.personen]]
geboortedatum = 1970-01-01
[verwacht]
tegemoetkoming = "999.00"
redenen = ["bestaat_niet"]
"#,
    )
    .ok();
    let u = golden::voer_uit(&avp_tests::regels(), &pad);
    assert!(!u.geslaagd());
    let velden: Vec<&str> = u.verschillen.iter().map(|v| v.veld.as_str()).collect();
    assert_eq!(velden, vec!["redenen", "tegemoetkoming"]);
    assert_eq!(u.verschillen[1].werkelijk, "1000.00");
}
