//! The invariants of avp's three readers of outside input, checked on arbitrary bytes: by the
//! fuzz targets (`engine/fuzz/fuzz_targets/`, libFuzzer, nightly) and by the smoke test of the
//! normal suite (`tests/rooktest.rs`, proptest, stable). ARCHITECTURE.md "Fuzzing".
//!
//! Every check feeds arbitrary bytes to one reader of avp and checks:
//! - no panic (libFuzzer reports a panic as a crash; debug assertions are on, so an arithmetic
//!   overflow is one too);
//! - an error is a value: a `Fouten` with at least one error, each with an `avp::` code and a
//!   message;
//! - no run of 8 or 9 digits of the input (a possible BSN) reaches the user unmasked. Who masks
//!   differs per path, and the check is made where the masking is done:
//!   - `Fouten` of the record reader, the CSV header and the beleidsregels loader carry the
//!     input as it is (the snippet needs the real text); the CLI masks when it renders them
//!     (`avp_cli::render::fouten`, used by every command). Checked on that rendering.
//!   - a batch's record errors (`RecordFout`) go to an error file that the CLI writes as they
//!     are: the engine masks them (`RecordFout::van`). Checked on the fields and on `Display`.
//!
//! A crash found by a fuzz target replays with `cargo +nightly fuzz run <target> <artifact>`;
//! a regression test then calls the same function here on the minimised input.

use std::collections::HashSet;
use std::io::BufRead;
use std::sync::OnceLock;

use avp_cli::werkbank::batch::{Context, InvoerFormaat, Lezer, Lijst, RecordFout};
use avp_engine::error::Fouten;
use avp_engine::pack::Pack;
use avp_engine::policy::{self, GeladenBeleid, TABELLEN};
use avp_engine::record::{self, Formaat};
use avp_engine::source::GeheugenBron;
use avp_engine::Regels;

/// The maximal runs of ASCII digits in `tekst`.
fn cijferreeksen(tekst: &str) -> impl Iterator<Item = &str> {
    tekst
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// `uitvoer` with every line's leading white space and frame characters (miette's gutter:
/// `│`, `╰`, `×`, …) removed and the lines joined: a run of digits that a line break splits
/// (a wrapped message) is whole again.
fn aaneengesloten(uitvoer: &str) -> String {
    let kader = |c: char| {
        c.is_whitespace() || ('\u{2500}'..='\u{257f}').contains(&c) || matches!(c, '×' | '·')
    };
    uitvoer
        .lines()
        .map(|l| l.trim_start_matches(kader).trim_end())
        .collect()
}

/// The first run of 8 or 9 digits of `invoer` that `uitvoer` shows whole (also across a line
/// break), if any.
pub fn gelekte_bsn<'a>(invoer: &'a str, uitvoer: &str) -> Option<&'a str> {
    let bsns: HashSet<&str> = cijferreeksen(invoer)
        .filter(|r| (8..=9).contains(&r.len()))
        .collect();
    if bsns.is_empty() {
        return None;
    }
    let samen = aaneengesloten(uitvoer);
    let gevonden = cijferreeksen(uitvoer)
        .chain(cijferreeksen(&samen))
        .find_map(|r| bsns.get(r).copied());
    gevonden
}

fn geen_bsn(invoer: &str, uitvoer: &str, wat: &str) {
    if let Some(b) = gelekte_bsn(invoer, uitvoer) {
        panic!("{wat} toont de cijferreeks {b} van de invoer ongemaskeerd:\n{uitvoer}");
    }
}

/// Errors as every command shows them: at least one, each with a message (a code it has by its
/// type), and no possible BSN of `invoer` in the rendering.
pub fn controleer_fouten(invoer: &str, f: &Fouten) {
    assert!(!f.0.is_empty(), "een lege foutenlijst");
    for fout in &f.0 {
        assert!(!fout.bericht.trim().is_empty(), "geen bericht: {fout:?}");
        // the one-line form (`avp check`) must not panic either
        let _ = fout.to_string();
    }
    geen_bsn(invoer, &avp_cli::render::fouten(f), "de foutmelding");
}

/// A batch record error as it goes to the error file: masked by the engine.
pub fn controleer_recordfout(invoer: &str, f: &RecordFout, regel: u64) {
    assert_eq!(f.regel, regel, "de fout hoort bij een andere regel: {f:?}");
    assert!(!f.bericht.trim().is_empty(), "geen bericht: {f:?}");
    for (wat, tekst) in [
        ("veld", f.veld.as_str()),
        ("bericht", f.bericht.as_str()),
        ("hulp", f.hulp.as_deref().unwrap_or_default()),
    ] {
        geen_bsn(invoer, tekst, &format!("het {wat} van een regelfout"));
    }
    geen_bsn(invoer, &f.to_string(), "een regelfout");
}

/// The record reader (`avp eval FILE`): JSON or TOML. An accepted household validates, and
/// reads back unchanged from its own JSON; the batch's fast path (plain serde_json) accepts
/// nothing that the full reader refuses.
pub fn huishouden(tekst: &str, formaat: Formaat) {
    let naam = match formaat {
        Formaat::Json => "huishouden.json",
        Formaat::Toml => "huishouden.toml",
    };
    let hh = match record::lees_huishouden(tekst, formaat, naam) {
        Ok(hh) => hh,
        Err(f) => {
            controleer_fouten(tekst, &f);
            if formaat == Formaat::Json {
                snel_pad_weigert_ook(tekst, naam);
            }
            return;
        }
    };
    if let Err(f) = record::valideer(&hh, naam) {
        panic!("gelezen, maar valideer weigert het huishouden: {f}");
    }
    let json = match serde_json::to_string(&hh) {
        Ok(j) => j,
        Err(e) => panic!("een gelezen huishouden is niet als JSON te schrijven: {e}"),
    };
    match record::lees_huishouden(&json, Formaat::Json, naam) {
        Ok(terug) => assert_eq!(terug, hh, "anders teruggelezen uit {json}"),
        Err(f) => panic!("het eigen JSON van een gelezen huishouden wordt geweigerd: {f}\n{json}"),
    }
}

/// `Context::lees` first tries plain serde_json + `valideer`; what that accepts, the full reader
/// must accept too (else `avp batch` and `avp eval` disagree on a record).
fn snel_pad_weigert_ook(tekst: &str, naam: &str) {
    if let Ok(hh) = serde_json::from_str::<record::Huishouden>(tekst) {
        assert!(
            !(tekst.starts_with('{') && record::valideer(&hh, naam).is_ok()),
            "de batch zou dit huishouden aanvaarden, avp eval weigert het"
        );
    }
}

/// Rules, beleidsregels and a Belastingdienst list for the batch context (built once).
fn batch_omgeving() -> &'static (Regels, GeladenBeleid, Lijst) {
    static OMGEVING: OnceLock<(Regels, GeladenBeleid, Lijst)> = OnceLock::new();
    OMGEVING.get_or_init(|| {
        let regels = Regels::new(Box::new(avp_cli::ingebouwde_regels()));
        let beleid = match regels.beleidsregels("vng-model") {
            Ok(b) => b,
            Err(f) => panic!("vng-model: {f}"),
        };
        // two BSNs of the examples and seeds (elfproef-valid)
        let lijst = match Lijst::lees(&b"bsn\n111222333\n123456782\n"[..], "lijst.csv") {
            Ok(l) => l,
            Err(f) => panic!("lijst: {f}"),
        };
        (regels, beleid, lijst)
    })
}

/// The CSV reader of `avp batch` (`--invoer-formaat csv`): the header, then every row through
/// the batch's own parse and validation (`Context::lees`), read in small blocks. Rows come in
/// order, with line numbers within the input.
pub fn csv(data: &[u8]) {
    let tekst = String::from_utf8_lossy(data);
    let invoer: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
    let mut lezer = match Lezer::nieuw(invoer, InvoerFormaat::Csv) {
        Ok(l) => l,
        Err(f) => return controleer_fouten(&tekst, &f),
    };
    assert!(lezer.kolommen().is_some(), "CSV-invoer zonder kolommen");
    let (regels, beleid, lijst) = batch_omgeving();
    let ctx = Context::nieuw(regels, beleid, Some(lijst), &lezer);
    let regeleinden = data.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() as u64;
    let mut blok = Vec::new();
    let mut vorige = 1;
    loop {
        let n = match lezer.lees_blok(&mut blok, 3) {
            Ok(0) => break,
            Ok(n) => n,
            Err(f) => return controleer_fouten(&tekst, &f),
        };
        for r in &blok[..n] {
            assert!(
                r.regel > vorige && r.regel <= regeleinden + 1,
                "regel {} na regel {vorige}, met {regeleinden} regeleinden in de invoer",
                r.regel
            );
            vorige = r.regel;
            match ctx.lees(r, &format!("regel {}", r.regel)) {
                Ok(g) => {
                    if let Err(f) = record::valideer(&g.huishouden, "csv") {
                        panic!("de batch aanvaardt een rij die valideer weigert: {f}");
                    }
                }
                Err(fouten) => {
                    assert!(!fouten.is_empty(), "een geweigerde rij zonder fout");
                    for f in &fouten {
                        controleer_recordfout(&tekst, f, r.regel);
                    }
                }
            }
        }
    }
}

/// The 2025 pack (for the beleidsregels' defaults and the document texts), loaded once.
fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(
        || match avp_engine::pack::laad_pack(&avp_cli::ingebouwde_regels(), 2025) {
            Ok(p) => p,
            Err(f) => panic!("pack 2025: {f}"),
        },
    )
}

/// The beleidsregels loader (`--beleidsregels`, `avp check`): accepted beleidsregels answer
/// every question evaluation asks of them, and render as a document (`avp beleidsregels
/// render`) whose HTML runs no script.
pub fn beleidsregels(tekst: &str) {
    let bron = GeheugenBron::new("fuzz").met("gemeenten/fuzz/beleidsregels.toml", tekst);
    let b = match policy::laad_beleidsregels(&bron, "fuzz") {
        Ok(b) => b,
        Err(f) => return controleer_fouten(tekst, &f),
    };
    let pack = pack();
    let r = b.regels.aangevuld(pack.standaard_beleid.as_deref());
    for t in TABELLEN {
        assert!(!b.regels.noemt(t) || r.noemt(t), "tabel {t} verdwijnt");
        let _ = r.tabel(t);
    }
    for jaar in 2023..=2028 {
        let _ = (r.kijkt_terug_naar(jaar), r.uiterste_aanvraagdatum(jaar));
    }
    let (_, termijnen) = r.betaalwijze();
    if let Some(eerste) = chrono::NaiveDate::from_ymd_opt(2025, 5, 20) {
        let datums = r.betaaldatums(eerste);
        assert_eq!(
            datums.len(),
            termijnen.max(1) as usize,
            "aantal betaaldatums"
        );
        assert!(
            datums.windows(2).all(|w| w[0] <= w[1]),
            "betaaldatums: {datums:?}"
        );
    }
    let _ = (r.referteperiode(), r.vermogensgrens(), r.lijst_ambtshalve());
    let _ = (
        r.bekend_ambtshalve(),
        r.hardheidsclausule_bij_late_aanvraag(),
    );
    let _ = r.toekennen_na_aanvullende_bijstand();
    if let Some(k) = &pack.keuzes {
        let md = avp_cli::beleid::document(&b.regels, k, pack.standaard_beleid.as_deref());
        let html = avp_cli::beleid::html(&b.regels.naam, &md).to_lowercase();
        assert!(!html.contains("<script"), "een script in de HTML:\n{html}");
        assert!(
            !html.contains("href=\"javascript:"),
            "een javascript-link:\n{html}"
        );
    }
}
