//! Which beleidsregels a command takes without `--beleidsregels` (issue 19 item 7):
//! `AVP_BELEIDSREGELS`, else `beleidsregels` in `./avp.toml`, else the VNG model with a warning,
//! and the decision's `herkomst` names what was used.

use std::path::Path;
use std::process::Command;

/// `avp eval` of the example couple in `map` (the built-in rules: no ./rules there).
fn eval(map: &Path, env: Option<&str>) -> (String, String) {
    let voorbeeld = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/paar-ww.json");
    let mut c = Command::new(env!("CARGO_BIN_EXE_avp"));
    c.current_dir(map)
        .args(["eval", voorbeeld.to_str().expect("pad")]);
    c.env_remove("AVP_BELEIDSREGELS");
    if let Some(e) = env {
        c.env("AVP_BELEIDSREGELS", e);
    }
    let u = c.output().expect("avp");
    assert!(u.status.success(), "{}", String::from_utf8_lossy(&u.stderr));
    let uit: serde_json::Value = serde_json::from_slice(&u.stdout).expect("json");
    let naam = uit["herkomst"]["beleidsregels"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (naam, String::from_utf8_lossy(&u.stderr).into_owned())
}

#[test]
fn omgeving_dan_avp_toml_dan_vng_model_met_waarschuwing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (naam, err) = eval(tmp.path(), None);
    assert_eq!(naam, "vng-model");
    assert!(
        err.contains("let op: geen beleidsregels opgegeven"),
        "{err}"
    );
    std::fs::write(
        tmp.path().join("avp.toml"),
        "beleidsregels = \"voorbeeldstad\"\n",
    )
    .expect("avp.toml");
    let (naam, err) = eval(tmp.path(), None);
    assert_eq!(naam, "voorbeeldstad");
    assert!(err.is_empty(), "{err}");
    let (naam, err) = eval(tmp.path(), Some("ander-dorp"));
    assert_eq!(naam, "ander-dorp", "de omgeving gaat voor avp.toml");
    assert!(err.is_empty(), "{err}");
}

/// An `avp.toml` avp cannot read stops a deciding command (exit 2) with what is wrong, instead
/// of deciding with the VNG model: not TOML, a misspelt key, a value that is no text.
#[test]
fn een_onleesbare_avp_toml_stopt() {
    let tmp = tempfile::tempdir().expect("tmp");
    let voorbeeld = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/paar-ww.json");
    let gevallen = [
        (
            "beleidsregel = \"ander-dorp\"\n",
            "onbekende sleutel `beleidsregel` (bedoelt u `beleidsregels`?)",
        ),
        ("beleidsregels = \n", "avp.toml:1:"),
        ("beleidsregels = 3\n", "`beleidsregels` moet een tekst zijn"),
    ];
    for (inhoud, melding) in gevallen {
        std::fs::write(tmp.path().join("avp.toml"), inhoud).expect("avp.toml");
        let u = Command::new(env!("CARGO_BIN_EXE_avp"))
            .current_dir(tmp.path())
            .env_remove("AVP_BELEIDSREGELS")
            .args(["eval", voorbeeld.to_str().expect("pad")])
            .output()
            .expect("avp");
        let err = String::from_utf8_lossy(&u.stderr);
        assert_eq!(u.status.code(), Some(2), "{inhoud}: {err}");
        assert!(u.stdout.is_empty());
        assert!(
            err.starts_with("fout: avp.toml") && err.contains(melding),
            "{inhoud}: {err}"
        );
    }
    // a command that does not decide is not stopped by it
    let u = Command::new(env!("CARGO_BIN_EXE_avp"))
        .current_dir(tmp.path())
        .args(["generate", "--count", "1", "--jaar", "2025"])
        .output()
        .expect("avp");
    assert!(u.status.success());
}
