//! Load test of `avp serve` (issue 20): N requests `POST /v1/beoordeel` from C concurrent
//! clients (each its own keep-alive connection) against a running server; throughput, p50/p99
//! latency, errors, and the server's memory (VmRSS sampled every 250 ms, VmHWM at the end).
//! Bounded: it stops after N requests or 300 seconds, whichever comes first.
//!
//!   cargo run --release -p avp-cli --example belasting -- ADRES PID RECORD.json [N] [C]
//!
//! `scripts/belasting.sh` starts a server and runs this.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 4 {
        eprintln!("gebruik: belasting ADRES PID RECORD.json [AANTAL] [CLIENTS]");
        std::process::exit(2);
    }
    let adres = a[1].clone();
    let pid = a[2].clone();
    let record = Bytes::from(std::fs::read(&a[3]).expect("het record"));
    let aantal: usize = a.get(4).and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let clients: usize = a.get(5).and_then(|n| n.parse().ok()).unwrap_or(64);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(draai(adres, pid, record, aantal, clients));
}

async fn draai(adres: String, pid: String, record: Bytes, aantal: usize, clients: usize) {
    let volgende = Arc::new(AtomicUsize::new(0));
    let monsters = Arc::new(std::sync::Mutex::new(Vec::new()));
    let geheugen = tokio::spawn(meet_geheugen(pid.clone(), monsters.clone()));
    let begin = Instant::now();
    let mut taken = Vec::new();
    for _ in 0..clients {
        let (adres, record, volgende) = (adres.clone(), record.clone(), volgende.clone());
        taken.push(tokio::spawn(async move {
            client(adres, record, volgende, aantal).await
        }));
    }
    let mut tijden = Vec::with_capacity(aantal);
    let mut fouten = 0usize;
    for t in taken {
        if let Ok((ts, f)) = t.await {
            tijden.extend(ts);
            fouten += f;
        }
    }
    let duur = begin.elapsed();
    geheugen.abort();
    tijden.sort();
    let p = |q: f64| {
        tijden
            .get(((tijden.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{} verzoeken van {clients} clients in {:.2} s: {:.0} verzoeken/s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; fouten {fouten}",
        tijden.len() + fouten,
        duur.as_secs_f64(),
        (tijden.len() + fouten) as f64 / duur.as_secs_f64(),
        p(0.50).as_secs_f64() * 1000.0,
        p(0.99).as_secs_f64() * 1000.0,
        tijden.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    let m = monsters.lock().map(|m| m.clone()).unwrap_or_default();
    let kwart = m.len() / 4;
    let tienden: Vec<String> = (1..=10)
        .filter_map(|i| {
            m.get(m.len() * i / 10 - 1)
                .map(|kb| (kb / 1024).to_string())
        })
        .collect();
    println!("  VmRSS per tiende van de run (MB): {}", tienden.join(" "));
    println!(
        "server: {} ({} metingen van VmRSS: eerste kwart max {} kB, laatste kwart max {} kB, hoogste {} kB)",
        status(&pid, "VmHWM").unwrap_or_default(),
        m.len(),
        m[..kwart].iter().max().copied().unwrap_or_default(),
        m[m.len() - kwart..].iter().max().copied().unwrap_or_default(),
        m.iter().max().copied().unwrap_or_default(),
    );
}

/// One client on its own connection: requests until the shared count reaches `aantal` (or 300 s).
async fn client(
    adres: String,
    record: Bytes,
    volgende: Arc<AtomicUsize>,
    aantal: usize,
) -> (Vec<Duration>, usize) {
    let mut tijden = Vec::new();
    let mut fouten = 0;
    let Ok(stroom) = tokio::net::TcpStream::connect(&adres).await else {
        return (tijden, 1);
    };
    let Ok((mut zender, verbinding)) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stroom)).await
    else {
        return (tijden, 1);
    };
    tokio::spawn(verbinding);
    let einde = Instant::now() + Duration::from_secs(300);
    while volgende.fetch_add(1, Ordering::Relaxed) < aantal && Instant::now() < einde {
        let verzoek = hyper::Request::post("/v1/beoordeel")
            .header("host", &adres)
            .header("content-type", "application/json")
            .body(Full::new(record.clone()))
            .expect("verzoek");
        let begin = Instant::now();
        match zender.send_request(verzoek).await {
            Ok(r) if r.status() == 200 => {
                let _ = r.into_body().collect().await;
                tijden.push(begin.elapsed());
            }
            _ => fouten += 1,
        }
    }
    (tijden, fouten)
}

/// The server's resident memory (kB) every 100 ms until aborted.
async fn meet_geheugen(pid: String, monsters: Arc<std::sync::Mutex<Vec<u64>>>) {
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let kb = status(&pid, "VmRSS")
            .and_then(|s| s.split_whitespace().nth(1).and_then(|k| k.parse().ok()));
        if let (Some(kb), Ok(mut m)) = (kb, monsters.lock()) {
            m.push(kb);
        }
    }
}

fn status(pid: &str, veld: &str) -> Option<String> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(veld))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .map(|w| format!("{veld} {w}"))
}
