//! Issue 19 item 7: the command line for a rule repository's CI and for a shell: `avp check
//! --format json`, `avp check --ontbrekend JAAR`, `avp test --junit FILE`, `--version`,
//! completions and the man page.

fn avp(args: &[&str]) -> (u8, String, String) {
    avp_tests::avp(args)
}

fn rules() -> String {
    avp_tests::root().join("rules").display().to_string()
}

#[test]
fn check_als_json() {
    let r = rules();
    let (code, out, err) = avp(&["check", &r, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["in_orde"], true);
    assert!(v["fouten"].as_array().is_some_and(Vec::is_empty));
    assert!(v["gecontroleerd"].as_array().is_some_and(|g| g.len() >= 5));
    // a broken pack: the errors with code, place and hint, exit 1
    let tmp = tempfile::tempdir().expect("tmp");
    let kapot = tmp.path().join("rules");
    avp_tests::kopieer_regels(&kapot);
    std::fs::write(
        kapot.join("nl/2025/tegemoetkoming.rhai"),
        "fn tegemoetkoming(hh) { hh.bestaat_niet }",
    )
    .expect("schrijven");
    let (code, out, _) = avp(&["check", kapot.to_str().expect("pad"), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["in_orde"], false);
    let f = &v["fouten"][0];
    assert!(f["code"].as_str().is_some_and(|c| c.starts_with("avp::")));
    assert!(
        f["plaats"]
            .as_str()
            .is_some_and(|p| p.contains("tegemoetkoming.rhai")),
        "{f}"
    );
}

#[test]
fn ontbrekende_waarden_van_een_jaar() {
    let r = rules();
    let (code, out, err) = avp(&["check", "--ontbrekend", "2027", "--format", "json", &r]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let lijst = v["nog_niet_vastgesteld"].as_array().expect("lijst");
    assert!(lijst.len() > 10, "{}", lijst.len());
    assert_eq!(v["aantal"].as_u64(), Some(lijst.len() as u64));
    for p in lijst {
        assert!(
            p["bestand"].as_str().is_some_and(|b| b.ends_with(".toml")),
            "{p}"
        );
        assert!(p["regel"].as_u64().is_some_and(|r| r > 0), "{p}");
        assert!(p["bron"].as_str().is_some_and(|b| !b.is_empty()), "{p}");
    }
    // 2025: the DU's execution-cost components, whose amounts were never found, and the
    // eindheffing rates for payments in 2027 and 2028
    let (code, out, _) = avp(&["check", "--ontbrekend", "2025", "--format", "json", &r]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let lijst = v["nog_niet_vastgesteld"].as_array().expect("lijst");
    assert!(!lijst.is_empty());
    assert!(
        lijst
            .iter()
            .all(|p| p["naam"].as_str().is_some_and(|n| n
                .starts_with("decentralisatie_uitkering::")
                || n.starts_with("tegemoetkoming::eindheffing_percentage_per_betaaljaar::j202"))),
        "{out}"
    );
    let (code, out, _) = avp(&["check", "--ontbrekend", "2027", &r]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("2027: ") && out.contains("\n    te volgen: "),
        "{out}"
    );
}

#[test]
fn test_met_junit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let bron = avp_tests::root().join("tests/cases/2025/dg-001-c1-partners-voldaan.toml");
    let tekst = std::fs::read_to_string(&bron).expect("geval");
    std::fs::write(tmp.path().join("goed.toml"), &tekst).expect("schrijven");
    std::fs::write(
        tmp.path().join("fout.toml"),
        tekst.replace(
            "tegemoetkoming = \"1000.00\"",
            "tegemoetkoming = \"999.00\"",
        ),
    )
    .expect("schrijven");
    let xml = tmp.path().join("junit.xml");
    let (code, out, _) = avp(&[
        "test",
        tmp.path().to_str().expect("pad"),
        "--rules",
        &rules(),
        "--junit",
        xml.to_str().expect("pad"),
    ]);
    assert_eq!(code, 1, "{out}");
    let x = std::fs::read_to_string(&xml).expect("junit");
    assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(x.contains("<testsuites tests=\"2\" failures=\"1\">"), "{x}");
    assert_eq!(x.matches("<testcase ").count(), 2);
    assert_eq!(x.matches("<failure message=").count(), 1);
    assert!(x.contains("verwacht 999.00, kreeg 1000.00"), "{x}");
}

#[test]
fn versie_aanvullingen_en_man() {
    let (code, out, _) = avp(&["--version"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("jaren 2023, 2024, 2025, 2026, 2027; hash "),
        "{out}"
    );
    let (code, out, _) = avp(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("_avp()") && out.contains("--populatie"),
        "{}",
        &out[..200.min(out.len())]
    );
    let (code, out, _) = avp(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH avp 1"), "{}", &out[..200.min(out.len())]);
    assert!(
        out.contains("avp \\- beoordeling alleenverdienersproblematiek"),
        "NAME without a second avp: {}",
        &out[..400.min(out.len())]
    );
    // a command's own page, with its options; every page in a directory
    let (code, out, _) = avp(&["man", "diff"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(".TH avp-diff 1") && out.contains("populatie"),
        "{out}"
    );
    let (code, _, err) = avp(&["man", "dif"]);
    assert_eq!(code, 2);
    assert!(err.contains("bedoelt u `diff`?"), "{err}");
    let map = tempfile::tempdir().expect("tmp");
    let (code, _, err) = avp(&["man", "--map", map.path().to_str().expect("pad")]);
    assert_eq!(code, 0, "{err}");
    for pagina in [
        "avp.1",
        "avp-batch.1",
        "avp-diff.1",
        "avp-budget.1",
        "avp-serve.1",
    ] {
        assert!(map.path().join(pagina).exists(), "{pagina}");
    }
    // the former flag spellings still work
    let (code, _, err) = avp(&["generate", "--count", "1", "--year", "2025"]);
    assert_eq!(code, 0, "{err}");
}

/// Snapshots of the new texts a user reads: the help, the list of values not yet published.
#[test]
fn teksten_als_snapshot() {
    let (_, hulp, _) = avp(&["--help"]);
    insta::assert_snapshot!("hulp", hulp);
    let (_, hulp, _) = avp(&["diff", "--help"]);
    insta::assert_snapshot!("hulp_diff", hulp);
    let (_, ontbrekend, _) = avp(&["check", "--ontbrekend", "2026", &rules()]);
    insta::assert_snapshot!(
        "ontbrekend_2026",
        ontbrekend.replace(&avp_tests::root().display().to_string(), "<repo>")
    );
}

/// Issue 19 item 7: clap's own errors about the arguments in Dutch, on standard error with exit
/// code 2 (bad input or usage): what is wrong, for which command, what was probably meant, the
/// usage line and where the help is. Help and version stay on standard output with exit 0.
#[test]
fn argumentfouten_in_het_nederlands() {
    let gevallen: [(&[&str], &[&str]); 4] = [
        (
            &["budget", "--jaar", "2025", "--lijst-aantl", "3"],
            &[
                "fout: `avp budget` kent de optie `--lijst-aantl` niet\n",
                "\n  bedoelt u `--lijst-aantal`?\n",
                "\nMeer hulp: avp budget --help\n",
            ],
        ),
        (
            &["budget", "--lijst-aantal", "3"],
            &[
                "fout: `avp budget` mist het verplichte argument `--jaar <JAAR>`\n",
                "\nGebruik: avp budget --jaar <JAAR> --lijst-aantal <AANTAL>\n",
            ],
        ),
        (
            &["batch", "x.jsonl", "--format", "jsn"],
            &[
                "fout: `jsn` is geen geldige waarde voor `--format <FORMAAT>`\n",
                "\n  mogelijke waarden: jsonl, csv, xlsx\n",
                "\nMeer hulp: avp batch --help\n",
            ],
        ),
        (
            &["budgt", "--jaar", "2025"],
            &[
                "fout: `avp` kent de opdracht `budgt` niet\n",
                "\n  bedoelt u `avp budget`?\n",
                "\nMeer hulp: avp --help\n",
            ],
        ),
    ];
    let mut alles = String::new();
    for (args, verwacht) in gevallen {
        let (code, out, err) = avp(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        for v in verwacht {
            assert!(err.contains(v), "{args:?}: {v:?} niet in\n{err}");
        }
        for engels in [
            "error",
            "Usage",
            "tip:",
            "For more information",
            "[OPTIONS]",
        ] {
            assert!(!err.contains(engels), "{args:?}: {engels}\n{err}");
        }
        alles.push_str(&format!("$ avp {}\n{err}\n", args.join(" ")));
    }
    insta::assert_snapshot!("argumentfouten", alles);
    for args in [
        &["--help"][..],
        &["budget", "--help"],
        &["--version"],
        &["diff", "-h"],
    ] {
        let (code, out, err) = avp(args);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        assert!(
            out.starts_with("avp ") || out.contains("\nGebruik: avp"),
            "{out}"
        );
        assert!(
            !out.contains("Possible values") && !out.contains("[default: "),
            "{out}"
        );
    }
}

/// Exit codes as README says: a year outside the regulation is bad input (2), also for `check
/// --ontbrekend`; a population comparison whose records meet a value not yet published is a
/// rule error (1), as in `avp batch`, and says how many.
#[test]
fn afsluitcodes_als_de_readme() {
    let r = rules();
    let (code, _, err) = avp(&["check", "--ontbrekend", "2030", &r]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--ontbrekend 2030"), "{err}");
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("p.jsonl");
    let (_, gen, _) = avp(&[
        "generate", "--count", "300", "--seed", "4", "--jaar", "2026",
    ]);
    std::fs::write(&p, gen).expect("schrijven");
    let (code, out, err) = avp(&[
        "diff",
        "2026",
        "2027",
        "--populatie",
        p.to_str().expect("pad"),
        "--rules",
        &r,
        "--format",
        "json",
        "--errors",
        "/dev/null",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(v["regelfouten"].as_u64().is_some_and(|n| n > 0), "{out}");
    assert_eq!(code, 1, "{err}");
}
