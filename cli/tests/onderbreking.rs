//! An interrupted `avp batch` leaves neither a half output file nor its temporary files
//! (README "Batches"; the brief: "an interrupted run leaves no half file").

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("populatie.jsonl");
    let gen = Command::new(avp)
        .args([
            "generate", "--count", "40000", "--seed", "3", "--year", "2025",
        ])
        .output()
        .expect("generate");
    assert!(gen.status.success());
    std::fs::write(&invoer, &gen.stdout).expect("schrijf");
    for signaal in ["-TERM", "-INT"] {
        let uit = tmp.path().join("uit.jsonl");
        let fouten = tmp.path().join("fouten.jsonl");
        let mut kind = Command::new(avp)
            .arg("batch")
            .arg(&invoer)
            .arg("--out")
            .arg(&uit)
            .arg("--errors")
            .arg(&fouten)
            .arg("--rules")
            .arg(&rules)
            .stderr(Stdio::piped())
            .spawn()
            .expect("batch");
        // wait until the run has started writing
        let start = Instant::now();
        while tijdelijke(tmp.path()).len() < 2 && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
        let klaar_voor_het_signaal = kind.try_wait().expect("wacht").is_some();
        let k = Command::new("kill")
            .arg(signaal)
            .arg(kind.id().to_string())
            .status()
            .expect("kill");
        assert!(k.success());
        let uitkomst = kind.wait_with_output().expect("wacht");
        if klaar_voor_het_signaal {
            // a very fast machine: nothing to interrupt
            continue;
        }
        let err = String::from_utf8_lossy(&uitkomst.stderr);
        assert_eq!(uitkomst.status.code(), Some(130), "{signaal}: {err}");
        assert!(err.contains("afgebroken"), "{err}");
        assert!(!uit.exists(), "geen half uitvoerbestand na {signaal}");
        assert!(!fouten.exists(), "geen half foutenbestand na {signaal}");
        assert_eq!(tijdelijke(tmp.path()), Vec::<String>::new(), "{signaal}");
    }
}

#[test]
fn uitvoer_krijgt_gewone_rechten() {
    use std::os::unix::fs::PermissionsExt;
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let invoer = tmp.path().join("p.jsonl");
    let gen = Command::new(avp)
        .args(["generate", "--count", "5", "--year", "2025"])
        .output()
        .expect("generate");
    std::fs::write(&invoer, &gen.stdout).expect("schrijf");
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
