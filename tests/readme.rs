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
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = avp_cli::run(
            argv.iter()
                .map(Into::into)
                .collect::<Vec<std::ffi::OsString>>(),
            &mut out,
            &mut err,
        );
        assert_eq!(code, 0, "{regel}: {}", String::from_utf8_lossy(&err));
        gedraaid += 1;
    }
    assert_eq!(gedraaid, 4, "{blok}");
}
