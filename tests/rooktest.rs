//! Smoke test of the fuzz harness in the normal, stable suite: the invariants of
//! `invarianten.rs` on a few hundred mutated copies of the repository's own inputs, for each of
//! the three readers the fuzz targets cover (record, CSV, beleidsregels). The real search is
//! `cargo +nightly fuzz run` (ARCHITECTURE.md "Fuzzing"); this keeps the entry points and the
//! invariants true between fuzz runs, in a few seconds. Inputs a fuzz run found go at the
//! bottom, as plain tests.

use std::path::Path;
use std::sync::OnceLock;

use avp_engine::record::Formaat;
use avp_tests::invarianten;
use proptest::prelude::*;

/// Bits that reach the readers' edges: structure, BSNs, extreme numbers and dates, names.
#[rustfmt::skip]
const STUKJES: &[&str] = &[
    "\"", "{", "}", "[", "]", ",", ";", ":", "=", "\n", "\r\n", "\r", "\u{feff}", "'''", "\"\"\"",
    "111222333", "123456782", "77160525", "1234567890", "-1", "0", "1e30", "4294967295",
    "99999999999999999999", "0.001", "1.5", "2025", "2028", "1900-01-01", "2025-02-30",
    "31-12-2025", "jaar", "personen", "bsn", "geboortedatum", "inkomsten", "soort", "ww",
    "bruto_per_maand", "kinderen", "medebewoners", "persoon1_bsn", "persoon2_ww", "kenmerk",
    "kind1_geboortedatum", "termijn_maanden", "termijnen", "wijze", "[betaling]", "[vermogen]",
    "grens", "bedrag", "gemeente", "jaren", "ja", "x", "€", "<script>", "[a](javascript:x)",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

/// One edit of a seed; positions are taken modulo the length.
#[derive(Debug, Clone)]
enum Bewerking {
    Weg(usize, usize),
    Voeg(usize, usize),
    Vervang(usize, u8),
    Herhaal(usize, usize),
}

fn bewerking() -> impl Strategy<Value = Bewerking> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Bewerking::Weg(p, n)),
        (any::<usize>(), 0..STUKJES.len()).prop_map(|(p, s)| Bewerking::Voeg(p, s)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Bewerking::Vervang(p, b)),
        (any::<usize>(), 1usize..200).prop_map(|(p, n)| Bewerking::Herhaal(p, n)),
    ]
}

fn muteer(zaad: &[u8], bewerkingen: &[Bewerking]) -> Vec<u8> {
    let mut d = zaad.to_vec();
    for b in bewerkingen {
        let p = |p: usize, d: &Vec<u8>| p % (d.len() + 1);
        match *b {
            Bewerking::Weg(i, n) => {
                let i = p(i, &d);
                d.drain(i..(i + n).min(d.len()));
            }
            Bewerking::Voeg(i, s) => {
                let i = p(i, &d);
                d.splice(i..i, STUKJES[s].bytes());
            }
            Bewerking::Vervang(i, x) if !d.is_empty() => {
                let i = i % d.len();
                d[i] = x;
            }
            Bewerking::Vervang(..) => {}
            Bewerking::Herhaal(i, n) => {
                let i = p(i, &d);
                let stuk: Vec<u8> = d[i..(i + n).min(d.len())].to_vec();
                d.splice(i..i, stuk);
            }
        }
    }
    d
}

fn bestanden(map: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut v: Vec<_> = std::fs::read_dir(avp_tests::root().join(map))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    v.sort();
    v.iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

/// The `[huishouden]` table of a golden case as a TOML record of its own.
fn huishouden_uit_geval(pad: &Path) -> Option<Vec<u8>> {
    let tekst = std::fs::read_to_string(pad).ok()?;
    let mut uit = String::new();
    let mut binnen = false;
    for r in tekst.lines() {
        if r == "[huishouden]" {
            binnen = true;
        } else if r.starts_with("[[huishouden.") || r.starts_with("[huishouden.") {
            uit.push_str(&r.replacen("huishouden.", "", 1));
            uit.push('\n');
        } else if r.starts_with('[') {
            binnen = false;
        } else if binnen {
            uit.push_str(r);
            uit.push('\n');
        }
    }
    Some(uit.into_bytes())
}

fn huishoudens() -> &'static [Vec<u8>] {
    static Z: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    Z.get_or_init(|| {
        let mut z = bestanden("examples", "json");
        z.extend(bestanden("tests/fixtures", "json"));
        let geval = avp_tests::root().join("tests/cases/2025");
        for naam in [
            "dg-001-c1-partners-voldaan.toml",
            "dg-003-c2-uitkering-met-loon.toml",
        ] {
            z.extend(huishouden_uit_geval(&geval.join(naam)));
        }
        z
    })
}

const CSV: &[&str] = &[
    "kenmerk;jaar;fiscaal_partner;toeslagpartner;aanvraagdatum;vermogen;huur_per_maand;iban;gemeente;persoon1_bsn;persoon1_geboortedatum;persoon1_wia;persoon2_geboortedatum;persoon2_loon;kind1_geboortedatum\nD-1;2025;ja;ja;20-05-2025;8500;720,00;NL91ABNA0417164300;0344;111222333;08-03-1971;31000,00;1975-11-21;;2013-06-01\nD-2;2025;nee;nee;;;;;;;1980-01-01;;;;\n",
    "kenmerk;jaar;persoon1_geboortedatum;persoon1_ww\r\n\"a\r\nb\";2025;1980-01-01;100\r\n\r\nc;2025;1980-01-01;x\r\n;;;\r\n",
    "\u{feff}jaar,persoon1_bsn,persoon1_geboortedatum,persoon1_ww,persoon2_bsn,persoon2_geboortedatum,kostendelende_medebewoners,medebewoner1_geboortedatum\n2025,123456782,1970-01-01,\"26000,50\",111222333,1972-02-02,1,1990-01-01\n",
];

fn beleidsregels() -> &'static [Vec<u8>] {
    static Z: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    Z.get_or_init(|| {
        ["vng-model", "voorbeeldstad", "ander-dorp"]
            .iter()
            .filter_map(|g| {
                let p = format!("rules/gemeenten/{g}/beleidsregels.toml");
                std::fs::read(avp_tests::root().join(p)).ok()
            })
            .collect()
    })
}

fn kies(zaden: &[Vec<u8>], i: prop::sample::Index, bw: &[Bewerking]) -> String {
    assert!(!zaden.is_empty(), "geen zaden gevonden");
    String::from_utf8_lossy(&muteer(&zaden[i.index(zaden.len())], bw)).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn huishouden(i in any::<prop::sample::Index>(), bw in prop::collection::vec(bewerking(), 0..6)) {
        let tekst = kies(huishoudens(), i, &bw);
        invarianten::huishouden(&tekst, Formaat::Json);
        invarianten::huishouden(&tekst, Formaat::Toml);
    }

    #[test]
    fn csv(i in any::<prop::sample::Index>(), bw in prop::collection::vec(bewerking(), 0..6)) {
        let zaden: Vec<Vec<u8>> = CSV.iter().map(|c| c.as_bytes().to_vec()).collect();
        invarianten::csv(&muteer(&zaden[i.index(zaden.len())], &bw));
    }

    #[test]
    fn beleidsregels_laden(i in any::<prop::sample::Index>(), bw in prop::collection::vec(bewerking(), 0..6)) {
        invarianten::beleidsregels(&kies(beleidsregels(), i, &bw));
    }
}

#[test]
fn de_zaden_zelf() {
    // unmutated: accepted, and the checks hold
    assert!(huishoudens().len() >= 5 && beleidsregels().len() == 3);
    for z in huishoudens() {
        let t = String::from_utf8_lossy(z);
        invarianten::huishouden(&t, Formaat::Json);
        invarianten::huishouden(&t, Formaat::Toml);
    }
    for c in CSV {
        invarianten::csv(c.as_bytes());
    }
    for b in beleidsregels() {
        invarianten::beleidsregels(&String::from_utf8_lossy(b));
    }
}

#[test]
fn de_controle_op_bsns_bijt() {
    // the check itself: a BSN of the input, whole or broken over a wrapped line, is found; a
    // masked one, a longer run and a shorter one are not
    let invoer = "{\"bsn\": \"111222333\", \"x\": 1234567890}";
    assert_eq!(
        invarianten::gelekte_bsn(invoer, "bsn 111222333"),
        Some("111222333")
    );
    assert_eq!(
        invarianten::gelekte_bsn(invoer, "aaa11122\n  │ 2333`"),
        Some("111222333")
    );
    assert_eq!(
        invarianten::gelekte_bsn(invoer, "bsn …333, 1234567890"),
        None
    );
    assert_eq!(invarianten::gelekte_bsn(invoer, "bsn ******333"), None);
    assert_eq!(invarianten::gelekte_bsn("geen", "111222333"), None);
}
