//! The README's walkthrough for a municipality works on a fresh clone (issue 11 item 9: it used
//! a name that already ships, so its first command failed). Every `avp` line of the block under
//! "A municipality's beleidsregels" runs here, in order, on a copy of the shipped rules.

/// Split a command line at spaces, keeping "quoted words" together; stops at `#` or `>`.
fn woorden(regel: &str) -> Vec<String> {
    let mut uit = Vec::new();
    let mut huidig = String::new();
    let mut tussen_quotes = false;
    for c in regel.chars() {
        match c {
            '"' => tussen_quotes = !tussen_quotes,
            '#' | '>' if !tussen_quotes => break,
            ' ' if !tussen_quotes => {
                if !huidig.is_empty() {
                    uit.push(std::mem::take(&mut huidig));
                }
            }
            _ => huidig.push(c),
        }
    }
    if !huidig.is_empty() {
        uit.push(huidig);
    }
    uit
}

#[test]
fn stappen_voor_een_gemeente_uit_de_readme_werken() {
    let readme = std::fs::read_to_string(avp_tests::root().join("README.md")).expect("README");
    let blok = readme
        .split("## A municipality's beleidsregels")
        .nth(1)
        .and_then(|r| r.split("```sh\n").nth(1))
        .and_then(|r| r.split("```").next())
        .expect("het blok onder 'A municipality's beleidsregels'");
    let tmp = tempfile::tempdir().expect("tmp");
    let regels = tmp.path().join("rules");
    avp_tests::kopieer_regels(&regels);
    let regels = regels.display().to_string();
    let mut gedraaid = 0;
    for regel in blok.lines().filter(|l| l.starts_with("avp ")) {
        let mut argv = woorden(regel);
        match argv[1].as_str() {
            "check" => argv.push(regels.clone()),
            _ => argv.extend(["--rules".to_string(), regels.clone()]),
        }
        for a in argv.iter_mut().filter(|a| a.starts_with("examples/")) {
            *a = avp_tests::root().join(&a).display().to_string();
        }
        let (code, _, err) = avp_tests::avp(&argv[1..]);
        assert_eq!(code, 0, "{regel}: {err}");
        gedraaid += 1;
    }
    assert_eq!(gedraaid, 4, "{blok}");
}

/// Issue 11 item 8: every command in the README's table keeps the exit codes the README gives
/// (0 success, 1 a rule or evaluation error, 2 bad input or usage). The table is read from the
/// README, so a command added there without a case here fails this test.
#[test]
fn elke_opdracht_uit_de_readme_geeft_de_beschreven_afsluitcode() {
    let readme = std::fs::read_to_string(avp_tests::root().join("README.md")).expect("README");
    // the command table: the first run of rows that start with an avp command
    let opdrachten: Vec<String> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| `avp "))
        .take_while(|l| l.starts_with("| `avp "))
        .filter_map(|l| l.strip_prefix("| `avp "))
        .map(|l| {
            woorden(l.split('`').next().unwrap_or_default())
                .into_iter()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let regels = avp_tests::root().join("rules").display().to_string();
    let r = regels.as_str();
    let ex = |n: &str| avp_tests::root().join(n).display().to_string();
    let (paar, jaar_2028) = (
        ex("examples/paar-ww.json"),
        ex("tests/fixtures/jaar-2028.json"),
    );
    // (the README's command, its first words, arguments, expected exit code)
    let gevallen: Vec<(&str, Vec<&str>, u8)> = vec![
        ("eval FILE\\|-", vec!["eval", &paar, "--rules", r], 0),
        ("eval FILE\\|-", vec!["eval", "/bestaat/niet.json"], 2),
        ("eval FILE\\|-", vec!["eval", &jaar_2028, "--rules", r], 2),
        (
            "eval FILE",
            vec![
                "eval",
                &paar,
                "--rules",
                r,
                "--verify-herkomst",
                "/bestaat/niet.json",
            ],
            2,
        ),
        (
            "init-gemeente NAAM",
            vec!["init-gemeente", "X", "--code", "99A", "--rules", r],
            2,
        ),
        (
            "beleidsregels render",
            vec!["beleidsregels", "render", "vng-model", "--rules", r],
            0,
        ),
        (
            "beleidsregels render",
            vec!["beleidsregels", "render", "onbekend-dorp", "--rules", r],
            2,
        ),
        ("check [DIR]", vec!["check", "/bestaat/niet"], 2),
        ("test [PATH…]", vec!["test", "/bestaat/niet"], 2),
        ("diff YEAR_A", vec!["diff", "2025", "2026", "--rules", r], 0),
        ("diff YEAR_A", vec!["diff", "2025", "2031", "--rules", r], 2),
        ("schema [--out", vec!["schema", "--onbekend"], 2),
        (
            "batch IN",
            vec!["batch", "/bestaat/niet.jsonl", "--rules", r],
            2,
        ),
        (
            "diff YEAR_A",
            vec![
                "diff",
                "2025",
                "2026",
                "--population",
                "/bestaat/niet.jsonl",
                "--rules",
                r,
            ],
            2,
        ),
        (
            "generate --count",
            vec!["generate", "--count", "2", "--year", "2025"],
            0,
        ),
        (
            "generate --count",
            vec!["generate", "--count", "x", "--year", "2025"],
            2,
        ),
        (
            "budget --jaar",
            vec![
                "budget",
                "--jaar",
                "2025",
                "--lijst-aantal",
                "10",
                "--rules",
                r,
            ],
            0,
        ),
        (
            "diff --jaar",
            vec![
                "diff",
                "--jaar",
                "2025",
                "--zet",
                "tegemoetkoming::bedrag=1200",
                "--rules",
                r,
            ],
            0,
        ),
        (
            "diff --jaar",
            vec!["diff", "--jaar", "2025", "--zet", "x::y=1", "--rules", r],
            2,
        ),
        ("completions SHELL", vec!["completions", "bash"], 0),
        ("completions SHELL", vec!["completions", "tcsh"], 2),
        ("man [OPDRACHT]", vec!["man"], 0),
        ("man [OPDRACHT]", vec!["man", "diff"], 0),
        ("man [OPDRACHT]", vec!["man", "dif"], 2),
        ("man [OPDRACHT]", vec!["man", "--onbekend"], 2),
        (
            "serve [--adres",
            vec!["serve", "--adres", "0.0.0.0:0", "--rules", r],
            2,
        ),
        (
            "serve [--adres",
            vec!["serve", "--rules", "/bestaat/niet"],
            2,
        ),
        (
            "budget --jaar",
            vec![
                "budget",
                "--jaar",
                "2031",
                "--lijst-aantal",
                "10",
                "--rules",
                r,
            ],
            2,
        ),
    ];
    for o in &opdrachten {
        assert!(
            gevallen.iter().any(|(g, ..)| g == o),
            "README-opdracht `{o}` heeft geen geval in deze test"
        );
    }
    for (_, args, verwacht) in &gevallen {
        let (code, _, err) = avp_tests::avp(args);
        assert_eq!(code, *verwacht, "avp {}: {err}", args.join(" "));
    }
    // a rule error is exit 1
    let tmp = tempfile::tempdir().expect("tmp");
    let kapot = tmp.path().join("rules");
    avp_tests::kopieer_regels(&kapot);
    let pad = kapot.join("nl/2025/zorgtoeslag.rhai");
    let tekst = std::fs::read_to_string(&pad).expect("lees");
    let tekst = tekst.replacen(
        "fn zorgtoeslag(s) {\n",
        "fn zorgtoeslag(s) {\n    loop { }\n",
        1,
    );
    std::fs::write(&pad, tekst).expect("schrijf");
    let kapot = kapot.display().to_string();
    let (code, _, err) = avp_tests::avp(&["eval", paar.as_str(), "--rules", kapot.as_str()]);
    assert_eq!(code, 1, "{err}");
}
