//! Issue 11 item 1: a rule cannot exhaust the host's memory. Every way a rule can grow a value
//! (text doubling, text plus a number, nested arrays, text in arrays, a range as a value, deep
//! recursion over ranges) stops with a located rule error (exit 1) while `avp eval` stays under
//! 100 MB of peak memory. Before the fix the first rule grew to 24 GB.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn kopieer(van: &Path, naar: &Path) {
    std::fs::create_dir_all(naar).expect("map");
    for e in std::fs::read_dir(van).expect("lees map").flatten() {
        let doel = naar.join(e.file_name());
        if e.path().is_dir() {
            kopieer(&e.path(), &doel);
        } else {
            std::fs::copy(e.path(), doel).expect("kopieer");
        }
    }
}

/// Run `avp eval` on the example with `regel` put at the start of `zorgtoeslag(s)` and `functies`
/// at the end of its file: exit code, stderr and peak resident memory in kB.
fn eval_met(regel: &str, functies: &str) -> (i32, String, i64) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = tempfile::tempdir().expect("tmp");
    let regels = tmp.path().join("rules");
    kopieer(&root.join("rules"), &regels);
    let pad = regels.join("nl/2025/zorgtoeslag.rhai");
    let tekst = std::fs::read_to_string(&pad).expect("zorgtoeslag.rhai");
    let tekst = tekst.replacen(
        "fn zorgtoeslag(s) {\n",
        &format!("fn zorgtoeslag(s) {{\n{regel}\n"),
        1,
    );
    let tekst = format!("{tekst}\n{functies}\n");
    std::fs::write(&pad, tekst).expect("schrijf");
    // waited for with wait4 below (for its peak memory), not with `Child::wait`
    #[allow(clippy::zombie_processes)]
    let mut kind = Command::new(env!("CARGO_BIN_EXE_avp"))
        .arg("eval")
        .arg(root.join("examples/paar-ww.json"))
        .arg("--rules")
        .arg(&regels)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("avp");
    let mut err = String::new();
    if let Some(mut e) = kind.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let mut status = 0;
    // SAFETY: wait4 on our own child's pid, with valid pointers to locals.
    let mut gebruik: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = kind.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut gebruik) };
    assert_eq!(r, pid, "wait4");
    (libc::WEXITSTATUS(status), err, gebruik.ru_maxrss)
}

#[test]
fn een_regel_die_groeit_stopt_met_een_fout_op_zijn_plaats_onder_100_mb() {
    // (the rule, the message, where: line 7 is the rule, line 6 the function as a whole)
    let gevallen = [
        (
            "let t = \"x\"; loop { t += t; }",
            "tekst wordt langer dan 10.000 tekens",
            ":7:",
        ),
        (
            "let t = \"x\"; loop { t = t + 1.5; }",
            "tekst wordt langer dan 10.000 tekens",
            ":7:",
        ),
        (
            "let a = [1]; loop { a = [a, a]; }",
            "lijst wordt groter dan 10.000 elementen",
            ":7:",
        ),
        (
            "let t = \"x\"; for i in 0..13 { t += t; } let a = [t, t];",
            "tekst wordt langer dan 10.000 tekens",
            ":7:",
        ),
        (
            "let n = 1000000000; let r = 0..n; for x in r { }",
            "lijst wordt groter dan 10.000 elementen",
            ":7:",
        ),
        (
            "let t = 0; for i in 0..1000000000 { t += 1; }",
            "te veel rekenstappen",
            ":6:1",
        ),
    ];
    for (regel, verwacht, plek) in gevallen {
        let (code, err, kb) = eval_met(regel, "");
        assert_eq!(code, 1, "{regel}: {err}");
        assert!(err.contains(verwacht), "{regel}: {err}");
        assert!(
            err.contains(&format!("zorgtoeslag.rhai{plek}")),
            "{regel}: niet op {plek}: {err}"
        );
        assert!(kb < 100 * 1024, "{regel}: {kb} kB");
    }
}

#[test]
fn diepe_aanroepen_over_bereiken_bouwen_geen_lijsten() {
    // 96 nested calls, each in a `for` over a range of a billion numbers: a range walked by
    // `for` is never built as an array
    let groei = "private fn groei(n) { for i in 0..1000000000 { return groei(n + 1); } }";
    let (code, err, kb) = eval_met("groei(0);", groei);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("te diepe aanroepketen"), "{err}");
    assert!(kb < 100 * 1024, "{kb} kB");
}
