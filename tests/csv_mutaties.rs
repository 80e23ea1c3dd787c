//! Issue 11 item 2: a mutated CSV file loses no row. Generated households are written as CSV,
//! a third of the rows are damaged (stray quotes, deleted characters, extra separators, line
//! breaks, blank lines), and `avp batch` must account for every physical line: a blank line
//! is skipped, every other line is reported exactly once, in the output or in the error file,
//! and every untouched row gets the same decision as in the undamaged file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// A small deterministic random stream (xorshift), so a failure can be replayed.
struct Toeval(u64);

impl Toeval {
    fn onder(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Damage one row; the result may span several physical lines.
fn beschadig(rij: &str, t: &mut Toeval) -> String {
    let mut tekens: Vec<char> = rij.chars().collect();
    let plek = t.onder(tekens.len() + 1);
    match t.onder(7) {
        0 => tekens.insert(plek, '"'),
        1 if plek < tekens.len() => {
            tekens.remove(plek);
        }
        2 => tekens.insert(plek, ','),
        3 => tekens.insert(plek, '\n'),
        4 => return format!("{rij}\n   \n"),
        5 => tekens.insert(plek, '\r'),
        _ => {
            tekens.insert(plek, '"');
            let tweede = t.onder(tekens.len() + 1);
            tekens.insert(tweede, '"');
        }
    }
    let mut s: String = tekens.into_iter().collect();
    s.push('\n');
    s
}

/// The physical lines of `tekst`, split at `\n`, `\r\n` and a lone `\r` (as avp reads them).
fn fysieke_regels(tekst: &str) -> Vec<String> {
    let mut regels = Vec::new();
    let mut huidig = String::new();
    let mut tekens = tekst.chars().peekable();
    while let Some(c) = tekens.next() {
        match c {
            '\n' => regels.push(std::mem::take(&mut huidig)),
            '\r' => {
                if tekens.peek() == Some(&'\n') {
                    tekens.next();
                }
                regels.push(std::mem::take(&mut huidig));
            }
            _ => huidig.push(c),
        }
    }
    if !huidig.is_empty() {
        regels.push(huidig);
    }
    regels
}

/// Run `avp batch` on `invoer`: decisions by line, error lines, exit code, stderr.
fn batch(tmp: &Path, invoer: &str) -> (BTreeMap<u64, Value>, Vec<u64>, u8, String) {
    let pad = tmp.join("invoer.csv");
    let fouten = tmp.join("fouten.jsonl");
    std::fs::write(&pad, invoer).expect("schrijf");
    let regels = avp_tests::root().join("rules").display().to_string();
    let args = ["avp", "batch", pad.to_str().unwrap_or_default(), "--errors"];
    let mut argv: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    argv.extend([fouten.as_os_str().into(), "--rules".into(), regels.into()]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = avp_cli::run(argv, &mut out, &mut err);
    let mut beslissingen = BTreeMap::new();
    for regel in String::from_utf8_lossy(&out).lines() {
        let mut v: Value = serde_json::from_str(regel).expect("json");
        let n = v
            .as_object_mut()
            .and_then(|m| m.remove("regel"))
            .and_then(|r| r.as_u64())
            .expect("regel");
        assert!(
            beslissingen.insert(n, v).is_none(),
            "regel {n} twee keer beoordeeld"
        );
    }
    let foutregels = std::fs::read_to_string(&fouten)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("foutregel");
            v["regel"].as_u64().expect("regel")
        })
        .collect();
    (
        beslissingen,
        foutregels,
        code,
        String::from_utf8_lossy(&err).into(),
    )
}

#[test]
fn elke_regel_van_een_beschadigd_csv_bestand_komt_terug() {
    let mut gen = Vec::new();
    avp_cli::werkbank::generate::schrijf_jsonl(&mut gen, 600, 11, 2025).expect("genereer");
    let hhs: Vec<avp_engine::record::Huishouden> = String::from_utf8_lossy(&gen)
        .lines()
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect();
    let schoon = avp_tests::als_csv(&hhs);
    let tmp = tempfile::tempdir().expect("tmp");
    let (goed, geen_fouten, code, err) = batch(tmp.path(), &schoon);
    assert_eq!((code, geen_fouten.len(), goed.len()), (0, 0, 600), "{err}");

    let mut t = Toeval(0x5eed_1234_abcd);
    let mut regels = schoon.lines();
    let mut beschadigd = format!("{}\n", regels.next().unwrap_or_default());
    // the original line of each untouched row, by its text
    let mut ongeschonden: Vec<(String, u64)> = Vec::new();
    for (i, rij) in regels.enumerate() {
        if t.onder(3) == 0 {
            beschadigd.push_str(&beschadig(rij, &mut t));
        } else {
            ongeschonden.push((rij.to_string(), i as u64 + 2));
            beschadigd.push_str(rij);
            beschadigd.push('\n');
        }
    }
    let (uit, fouten, code, err) = batch(tmp.path(), &beschadigd);
    assert_eq!(code, 2, "{err}");
    let fout_set: BTreeSet<u64> = fouten.iter().copied().collect();

    let fysiek = fysieke_regels(&beschadigd);
    let mut leeg = 0;
    for (i, regel) in fysiek.iter().enumerate().skip(1) {
        let n = i as u64 + 1;
        let is_leeg = regel.chars().all(|c| c == ',' || c.is_whitespace());
        let (in_uit, in_fout) = (uit.contains_key(&n), fout_set.contains(&n));
        if is_leeg {
            leeg += 1;
            assert!(
                !in_uit && !in_fout,
                "lege regel {n} werd als record gelezen"
            );
        } else {
            assert!(
                in_uit ^ in_fout,
                "regel {n} ({regel:?}): uitvoer {in_uit}, fouten {in_fout}"
            );
        }
    }
    assert!(fouten.len() > 50, "te weinig schade om iets te bewijzen");
    assert!(
        err.contains(&format!("invoer: {} regels: ", fysiek.len())),
        "{err}"
    );
    assert!(err.contains(&format!("{leeg} lege regel")), "{err}");

    // every untouched row is where it was written and decided as in the undamaged file
    let mut plek: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (i, r) in fysiek.iter().enumerate() {
        plek.entry(r.as_str()).or_default().push(i as u64 + 1);
    }
    for (rij, oorspronkelijk) in &ongeschonden {
        let n = plek[rij.as_str()][0];
        assert_eq!(
            uit.get(&n),
            goed.get(oorspronkelijk),
            "rij van regel {oorspronkelijk}, nu {n}"
        );
    }
}
