//! An interrupted `avp batch` leaves neither a half output file nor its temporary files
//! (README "Batches"; the brief: "an interrupted run leaves no half file").

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `avp generate --count n --year 2025` (seed 3): the households as JSONL.
fn genereer(n: u32) -> Vec<u8> {
    let uit = Command::new(env!("CARGO_BIN_EXE_avp"))
        .args([
            "generate",
            "--count",
            &n.to_string(),
            "--seed",
            "3",
            "--year",
            "2025",
        ])
        .output()
        .expect("generate");
    assert!(uit.status.success());
    uit.stdout
}

fn tijdelijke(map: &Path) -> Vec<String> {
    std::fs::read_dir(map)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".avp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sigterm_en_sigint_ruimen_de_tijdelijke_bestanden_op() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let gen = genereer(500);
    for (signaal, nr) in [("-TERM", 15), ("-INT", 2)] {
        // A test run that itself ignores the signal (a background job of a script ignores
        // SIGINT) passes that on to avp, which then rightly leaves it alone.
        if avp_cli::signaal_genegeerd(nr) {
            eprintln!("signaal {nr} wordt door deze testrun genegeerd: overgeslagen");
            continue;
        }
        let uit = tmp.path().join(format!("uit{nr}.jsonl"));
        let fouten = tmp.path().join(format!("fouten{nr}.jsonl"));
        // the input comes from a pipe that stays open: the run waits for more and cannot
        // finish before the signal
        let mut kind = Command::new(avp)
            .args(["batch", "-", "--out"])
            .arg(&uit)
            .arg("--errors")
            .arg(&fouten)
            .arg("--rules")
            .arg(&rules)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("batch");
        let mut invoer = kind.stdin.take().expect("stdin");
        invoer.write_all(&gen).expect("schrijf");
        invoer.flush().expect("flush");
        let start = Instant::now();
        while tijdelijke(tmp.path()).len() < 2 {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "de run begon niet te schrijven"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let k = Command::new("kill")
            .arg(signaal)
            .arg(kind.id().to_string())
            .status()
            .expect("kill");
        assert!(k.success());
        let uitkomst = kind.wait_with_output().expect("wacht");
        drop(invoer);
        let err = String::from_utf8_lossy(&uitkomst.stderr);
        // ended by the signal itself, so a shell sees an interrupted command
        assert_eq!(uitkomst.status.signal(), Some(nr), "{signaal}: {err}");
        assert!(err.contains("afgebroken"), "{err}");
        assert!(err.contains("niet aangeraakt"), "{err}");
        assert!(!uit.exists(), "geen half uitvoerbestand na {signaal}");
        assert!(!fouten.exists(), "geen half foutenbestand na {signaal}");
        assert_eq!(tijdelijke(tmp.path()), Vec::<String>::new(), "{signaal}");
    }
}

#[test]
fn een_genegeerd_signaal_blijft_genegeerd() {
    // under `nohup` SIGHUP is ignored: avp must not take it over (the run goes on)
    use std::io::Write;
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let gen = genereer(50);
    let uit = tmp.path().join("uit.jsonl");
    let mut kind = Command::new("nohup")
        .arg(avp)
        .args(["batch", "-", "--out"])
        .arg(&uit)
        .arg("--rules")
        .arg(&rules)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nohup");
    let mut invoer = kind.stdin.take().expect("stdin");
    invoer.write_all(&gen).expect("schrijf");
    let start = Instant::now();
    while tijdelijke(tmp.path()).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(60), "geen start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let k = Command::new("kill")
        .arg("-HUP")
        .arg(kind.id().to_string())
        .status()
        .expect("kill");
    assert!(k.success());
    std::thread::sleep(Duration::from_millis(200));
    drop(invoer);
    let uitkomst = kind.wait_with_output().expect("wacht");
    let err = String::from_utf8_lossy(&uitkomst.stderr);
    assert_eq!(uitkomst.status.code(), Some(0), "{err}");
    assert_eq!(
        std::fs::read_to_string(&uit)
            .unwrap_or_default()
            .lines()
            .count(),
        50
    );
}

#[test]
fn uitvoer_krijgt_gewone_rechten() {
    use std::os::unix::fs::PermissionsExt;
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let gen = genereer(5);
    std::fs::write(&invoer, &gen).expect("schrijf");
    let uit = tmp.path().join("uit.jsonl");
    let run = || {
        Command::new(avp)
            .arg("batch")
            .arg(&invoer)
            .arg("--out")
            .arg(&uit)
            .arg("--rules")
            .arg(&rules)
            .output()
            .expect("batch")
    };
    assert!(run().status.success());
    let modus = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
    // a new file: 0666 minus the umask (not the private 0600 of a temporary file)
    let nieuw = modus(&uit).expect("uit");
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
        });
    if let Some(m) = umask {
        assert_eq!(nieuw, 0o666 & !m, "umask {m:o}");
    }
    // an existing file keeps its permissions
    std::fs::set_permissions(&uit, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert!(run().status.success());
    assert_eq!(modus(&uit).ok(), Some(0o640));
}

#[test]
fn invoer_via_stdin_uit_het_uitvoerbestand_wordt_geweigerd() {
    // `avp batch - --out p.jsonl < p.jsonl` would replace the input it is reading
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let gen = genereer(5);
    let p = tmp.path().join("p.jsonl");
    std::fs::write(&p, &gen).expect("schrijf");
    let uitkomst = Command::new(avp)
        .args(["batch", "-", "--out"])
        .arg(&p)
        .arg("--rules")
        .arg(&rules)
        .stdin(std::fs::File::open(&p).expect("open"))
        .output()
        .expect("batch");
    let err = String::from_utf8_lossy(&uitkomst.stderr);
    assert_eq!(uitkomst.status.code(), Some(2), "{err}");
    assert!(err.contains("is hetzelfde bestand als de invoer"), "{err}");
    assert_eq!(std::fs::read(&p).unwrap_or_default(), gen);
}
