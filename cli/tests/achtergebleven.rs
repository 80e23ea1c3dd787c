//! A batch killed with SIGKILL cannot clean up: its hidden `.avp-*.tmp` stays. The next run into
//! the same directory removes it and says so, and leaves alone a temporary file that a running
//! process holds (issue 11 item 7; cli/src/achtergebleven.rs).

#![cfg(unix)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn genereer(n: u32) -> Vec<u8> {
    let uit = Command::new(env!("CARGO_BIN_EXE_avp"))
        .args(["generate", "--count", &n.to_string(), "--seed", "5"])
        .args(["--year", "2025"])
        .output()
        .expect("generate");
    assert!(uit.status.success());
    uit.stdout
}

fn tijdelijke(map: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(map)
        .expect("lees map")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".avp-"))
        .collect();
    v.sort();
    v
}

#[test]
fn na_sigkill_ruimt_de_volgende_run_op() {
    let avp = env!("CARGO_BIN_EXE_avp");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let tmp = tempfile::tempdir().expect("tmp");
    let map = tmp.path();
    let gen = genereer(300);
    let uit = map.join("uit.jsonl");
    let fouten = map.join("fouten.jsonl");
    // the input comes from a pipe that stays open: the run waits for more and is still
    // writing its two temporary files when it is killed
    let mut kind = Command::new(avp)
        .args(["batch", "-", "--out"])
        .arg(&uit)
        .arg("--errors")
        .arg(&fouten)
        .arg("--rules")
        .arg(&rules)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("batch");
    let mut invoer = kind.stdin.take().expect("stdin");
    invoer.write_all(&gen).expect("schrijf");
    invoer.flush().expect("flush");
    let start = Instant::now();
    while tijdelijke(map).len() < 2 {
        assert!(start.elapsed() < Duration::from_secs(60), "geen start");
        std::thread::sleep(Duration::from_millis(20));
    }
    kind.kill().expect("SIGKILL");
    kind.wait().expect("wacht");
    drop(invoer);
    let achtergebleven = tijdelijke(map);
    assert_eq!(achtergebleven.len(), 2, "SIGKILL laat ze achter");
    assert!(!uit.exists() && !fouten.exists());

    // a temporary file that a live process holds (this test, as a running avp would)
    let bezig = map.join(".avp-bezig1.tmp");
    std::fs::write(&bezig, b"half").expect("bezig");
    let slot = std::fs::File::open(&bezig).expect("open");
    fs4::FileExt::lock(&slot).expect("lock");

    let invoer_pad = map.join("p.jsonl");
    std::fs::write(
        &invoer_pad,
        &gen[..gen.iter().position(|b| *b == b'\n').unwrap_or(0) + 1],
    )
    .expect("invoer");
    let volgende = Command::new(avp)
        .arg("batch")
        .arg(&invoer_pad)
        .arg("--out")
        .arg(&uit)
        .arg("--rules")
        .arg(&rules)
        .output()
        .expect("volgende batch");
    let err = String::from_utf8_lossy(&volgende.stderr);
    assert_eq!(volgende.status.code(), Some(0), "{err}");
    for naam in &achtergebleven {
        assert!(
            err.contains(&format!(
                "achtergebleven tijdelijk bestand {}",
                map.join(naam).display()
            )),
            "{naam} niet gemeld: {err}"
        );
    }
    assert!(err.contains("van een afgebroken run verwijderd"), "{err}");
    assert!(
        !err.contains("bezig1"),
        "een vastgehouden bestand gemeld: {err}"
    );
    assert_eq!(
        tijdelijke(map),
        [".avp-bezig1.tmp"],
        "alleen het vastgehouden blijft"
    );
    assert_eq!(
        std::fs::read_to_string(&uit)
            .map(|s| s.lines().count())
            .ok(),
        Some(1)
    );

    // once the holder is gone, the next run removes that one too
    drop(slot);
    let derde = Command::new(avp)
        .arg("batch")
        .arg(&invoer_pad)
        .arg("--out")
        .arg(&uit)
        .arg("--rules")
        .arg(&rules)
        .output()
        .expect("derde batch");
    let err = String::from_utf8_lossy(&derde.stderr);
    assert!(
        err.contains(".avp-bezig1.tmp (4 bytes) van een afgebroken run"),
        "{err}"
    );
    assert_eq!(tijdelijke(map), Vec::<String>::new());
}
