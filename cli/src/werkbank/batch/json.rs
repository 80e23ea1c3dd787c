//! A decision as one JSONL line, written field by field (issue 21, "parse and write").
//!
//! The same bytes as serde's derived `Serialize` of `Beslissing` through serde_json's compact
//! writer: the fields in declaration order, `null` for an absent option, the skipped fields
//! skipped (`na_aanvullende_bijstand`, a payment's `datum`), amounts as text with two decimals
//! (`Bedrag::tekst`), texts escaped by sonic-rs's SIMD escaping (serde_json's escapes). What the
//! derived writer spends on the structure — every key escaped again, a call per field through
//! the `Serializer` — is here a constant byte string. A decision with a trace or with warnings
//! (`--trace`, rare) goes through the derived writer (`uitvoer::schrijf_jsonl`).
//!
//! `tests/batch.rs` (`jsonl_regel_is_serde_json`) compares the bytes with serde_json's for the
//! golden cases and for generated households of every year under the shipped beleidsregels,
//! every route and kind of outcome counted; a field added to `Beslissing` without its line here
//! fails it.

use avp_engine::decision::{
    Bedrag, Berekening, Beslissing, Betaling, Herkomst, Kolom, NaAanvullendeBijstand, Reden,
    Verandering,
};
use sonic_rs::format::{CompactFormatter, Formatter};

/// Write `"jaar":…}` — the decision's fields and its closing brace — after the caller's
/// `{"regel":N,`. `false` (nothing written) when the decision has a trace or warnings: the
/// caller then writes it with the derived writer.
pub(super) fn schrijf_velden(uit: &mut Vec<u8>, b: &Beslissing) -> bool {
    if b.trace.is_some() || !b.waarschuwingen.is_empty() {
        return false;
    }
    uit.extend_from_slice(b"\"jaar\":");
    uit.extend_from_slice(itoa::Buffer::new().format(b.jaar).as_bytes());
    uit.extend_from_slice(b",\"regeling\":");
    tekst(uit, &b.regeling);
    uit.extend_from_slice(b",\"route\":");
    tekst(uit, b.route.naam());
    uit.extend_from_slice(b",\"doelgroep\":");
    uit.extend_from_slice(match b.doelgroep {
        Some(true) => b"true",
        Some(false) => b"false",
        None => b"null",
    });
    uit.extend_from_slice(b",\"toegekend\":");
    uit.extend_from_slice(if b.toegekend { b"true" } else { b"false" });
    veld(uit, b",\"tegemoetkoming\":", b.tegemoetkoming);
    veld(uit, b",\"eindheffing\":", b.eindheffing);
    veld(uit, b",\"bijzondere_bijstand\":", b.bijzondere_bijstand);
    uit.extend_from_slice(b",\"berekening\":");
    match &b.berekening {
        Some(k) => berekening(uit, k),
        None => uit.extend_from_slice(b"null"),
    }
    uit.extend_from_slice(b",\"redenen\":");
    lijst(uit, &b.redenen, reden);
    uit.extend_from_slice(b",\"acties\":");
    lijst(uit, &b.acties, |uit, a| tekst(uit, a));
    uit.extend_from_slice(b",\"betaling\":");
    match &b.betaling {
        Some(p) => betaling(uit, p),
        None => uit.extend_from_slice(b"null"),
    }
    uit.extend_from_slice(b",\"wat_zou_veranderen\":");
    lijst(uit, &b.wat_zou_veranderen, verandering);
    uit.extend_from_slice(b",\"herkomst\":");
    herkomst(uit, &b.herkomst);
    uit.push(b'}');
    true
}

/// A text as a JSON string (quoted and escaped).
fn tekst(uit: &mut Vec<u8>, s: &str) {
    // writing to a `Vec` cannot fail
    let _ = CompactFormatter.write_string_fast(uit, s, true);
}

/// An amount: `"1234.56"`.
fn bedrag(uit: &mut Vec<u8>, b: Bedrag) {
    uit.push(b'"');
    uit.extend_from_slice(b.tekst().as_bytes());
    uit.push(b'"');
}

/// A key (given with its leading comma, quotes and colon) and an amount.
fn veld(uit: &mut Vec<u8>, sleutel: &[u8], b: Bedrag) {
    uit.extend_from_slice(sleutel);
    bedrag(uit, b);
}

fn optioneel(uit: &mut Vec<u8>, sleutel: &[u8], b: Option<Bedrag>) {
    uit.extend_from_slice(sleutel);
    match b {
        Some(b) => bedrag(uit, b),
        None => uit.extend_from_slice(b"null"),
    }
}

/// A list: `[a,b]`.
fn lijst<T>(uit: &mut Vec<u8>, items: &[T], mut element: impl FnMut(&mut Vec<u8>, &T)) {
    uit.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            uit.push(b',');
        }
        element(uit, x);
    }
    uit.push(b']');
}

fn kolom(uit: &mut Vec<u8>, k: &Kolom) {
    veld(uit, b"{\"toetsingsinkomen\":", k.toetsingsinkomen);
    veld(uit, b",\"inkomstenbelasting\":", k.inkomstenbelasting);
    veld(uit, b",\"netto_inkomen\":", k.netto_inkomen);
    veld(uit, b",\"zorgtoeslag\":", k.zorgtoeslag);
    veld(uit, b",\"huurtoeslag\":", k.huurtoeslag);
    veld(uit, b",\"kindgebonden_budget\":", k.kindgebonden_budget);
    veld(uit, b",\"besteedbaar_inkomen\":", k.besteedbaar_inkomen);
    uit.push(b'}');
}

fn berekening(uit: &mut Vec<u8>, b: &Berekening) {
    uit.extend_from_slice(b"{\"huishouden\":");
    kolom(uit, &b.huishouden);
    uit.extend_from_slice(b",\"referentie\":");
    match &b.referentie {
        Some(k) => kolom(uit, k),
        None => uit.extend_from_slice(b"null"),
    }
    optioneel(uit, b",\"tekort\":", b.tekort);
    optioneel(uit, b",\"gemiste_toeslagen\":", b.gemiste_toeslagen);
    if let Some(n) = &b.na_aanvullende_bijstand {
        uit.extend_from_slice(b",\"na_aanvullende_bijstand\":");
        na_aanvullende_bijstand(uit, n);
    }
    uit.push(b'}');
}

fn na_aanvullende_bijstand(uit: &mut Vec<u8>, n: &NaAanvullendeBijstand) {
    veld(
        uit,
        b"{\"aanvullende_bijstand_netto\":",
        n.aanvullende_bijstand_netto,
    );
    veld(
        uit,
        b",\"aanvullende_bijstand_bruto\":",
        n.aanvullende_bijstand_bruto,
    );
    uit.extend_from_slice(b",\"huishouden\":");
    kolom(uit, &n.huishouden);
    veld(uit, b",\"tekort\":", n.tekort);
    veld(uit, b",\"gemiste_toeslagen\":", n.gemiste_toeslagen);
    veld(uit, b",\"bijzondere_bijstand\":", n.bijzondere_bijstand);
    uit.push(b'}');
}

/// An object of text fields, each key given with the `{` or `,` before it and its colon.
fn tekstobject(uit: &mut Vec<u8>, velden: &[(&[u8], &str)]) {
    for (sleutel, waarde) in velden {
        uit.extend_from_slice(sleutel);
        tekst(uit, waarde);
    }
    uit.push(b'}');
}

fn reden(uit: &mut Vec<u8>, r: &Reden) {
    tekstobject(
        uit,
        &[
            (b"{\"code\":", &r.code),
            (b",\"tekst\":", &r.tekst),
            (b",\"grondslag\":", &r.grondslag),
        ],
    );
}

fn verandering(uit: &mut Vec<u8>, v: &Verandering) {
    tekstobject(
        uit,
        &[
            (b"{\"reden\":", &v.reden),
            (b",\"code\":", &v.code),
            (b",\"tekst\":", &v.tekst),
        ],
    );
}

fn betaling(uit: &mut Vec<u8>, b: &Betaling) {
    uit.extend_from_slice(b"{\"wijze\":");
    tekst(uit, b.wijze());
    veld(uit, b",\"totaal\":", b.totaal);
    uit.extend_from_slice(b",\"termijnen\":");
    lijst(uit, &b.termijnen, |uit, t| {
        uit.extend_from_slice(b"{\"nummer\":");
        uit.extend_from_slice(itoa::Buffer::new().format(t.nummer).as_bytes());
        veld(uit, b",\"bedrag\":", t.bedrag);
        if let Some(d) = t.datum() {
            uit.extend_from_slice(b",\"datum\":");
            tekst(uit, d);
        }
        uit.push(b'}');
    });
    uit.push(b'}');
}

fn herkomst(uit: &mut Vec<u8>, h: &Herkomst) {
    tekstobject(
        uit,
        &[
            (b"{\"engine_versie\":", &h.engine_versie),
            (b",\"regels_hash\":", &h.regels_hash),
            (b",\"beleidsregels\":", &h.beleidsregels),
            (b",\"beleidsregels_hash\":", &h.beleidsregels_hash),
        ],
    );
}
