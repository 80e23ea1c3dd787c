//! `avp serve` stops gracefully (issue 20 item 4): on SIGTERM it takes no new connections and
//! the request in flight gets its whole answer; the process then exits 0. And SIGHUP reloads.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Start `avp serve` on a free port; the process and its address (from its first log line).
fn start() -> (
    std::process::Child,
    String,
    BufReader<std::process::ChildStderr>,
) {
    let mut kind = Command::new(env!("CARGO_BIN_EXE_avp"))
        .args(["serve", "--adres", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("avp serve");
    let mut log = BufReader::new(kind.stderr.take().expect("stderr"));
    // the line with the address (a warning about the default beleidsregels may come first)
    let mut regel = String::new();
    while !regel.contains("http://") {
        regel.clear();
        if log.read_line(&mut regel).expect("logregel") == 0 {
            panic!("avp serve stopte zonder adres");
        }
    }
    let adres = regel
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("geen adres in {regel}"))
        .to_string();
    (kind, adres, log)
}

fn signaal(kind: &std::process::Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &kind.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

fn verzoek(adres: &str, methode: &str, pad: &str, body: &[u8]) -> TcpStream {
    let mut s = TcpStream::connect(adres).expect("verbinden");
    let kop = format!(
        "{methode} {pad} HTTP/1.1\r\nHost: {adres}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(kop.as_bytes()).expect("kop");
    s.write_all(body).expect("body");
    s
}

#[test]
fn sigterm_maakt_het_lopende_verzoek_af() {
    let gen = Command::new(env!("CARGO_BIN_EXE_avp"))
        .args([
            "generate", "--count", "20000", "--seed", "5", "--year", "2025",
        ])
        .output()
        .expect("generate");
    let (mut kind, adres, mut log) = start();
    let mut s = verzoek(&adres, "POST", "/v1/batch", &gen.stdout);
    std::thread::sleep(Duration::from_millis(150));
    signaal(&kind, "-TERM");
    let na_signaal = std::time::Instant::now();
    let mut antwoord = Vec::new();
    s.read_to_end(&mut antwoord).expect("antwoord");
    // the answer was still being written when the signal came (20,000 households take longer
    // than the 150 ms before it)
    assert!(
        na_signaal.elapsed() > Duration::from_millis(100),
        "{:?}",
        na_signaal.elapsed()
    );
    let tekst = String::from_utf8_lossy(&antwoord);
    assert!(
        tekst.starts_with("HTTP/1.1 200"),
        "{}",
        &tekst[..tekst.len().min(300)]
    );
    // chunked: count the decision lines in the body
    let besluiten = tekst.matches("\"herkomst\"").count();
    assert_eq!(besluiten, 20000, "elk huishouden beantwoord");
    let status = kind.wait().expect("wachten");
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    log.read_to_string(&mut rest).expect("log");
    assert!(
        rest.contains("stoppen; lopende verzoeken worden afgemaakt"),
        "{rest}"
    );
    assert!(rest.contains("avp serve: gestopt"), "{rest}");
    // the log has no record contents
    assert!(!rest.contains("geboortedatum"), "{rest}");
}

#[test]
fn sighup_herlaadt_de_regels() {
    let (mut kind, adres, mut log) = start();
    signaal(&kind, "-HUP");
    let mut regel = String::new();
    log.read_line(&mut regel).expect("logregel");
    assert!(regel.contains("regels herladen (SIGHUP)"), "{regel}");
    let mut s = verzoek(&adres, "GET", "/v1/gezond", b"");
    let mut antwoord = String::new();
    s.read_to_string(&mut antwoord).expect("antwoord");
    assert!(antwoord.starts_with("HTTP/1.1 200"), "{antwoord}");
    signaal(&kind, "-TERM");
    assert!(kind.wait().expect("wachten").success());
}
