//! How a batch writes one decision: a JSONL line, or a row of the CSV summary (with its columns
//! and the escaping that keeps a spreadsheet from running a cell as a formula).

use avp_engine::decision::{Bedrag, Beslissing};

/// Columns of the CSV summary output.
pub(crate) const CSV_KOLOMMEN: [&str; 16] = [
    "regel",
    "kenmerk",
    "jaar",
    "regeling",
    "route",
    "doelgroep",
    "toegekend",
    "tegemoetkoming",
    "eindheffing",
    "bijzondere_bijstand",
    "tekort",
    "gemiste_toeslagen",
    "besteedbaar_inkomen",
    "besteedbaar_inkomen_referentie",
    "acties",
    "redenen",
];

/// Append `{"regel":N,` + the decision's JSON (without its opening brace) + newline: byte for
/// byte serde_json's text (`tests/batch.rs` checks it). The fields are written one by one
/// (`json::schrijf_velden`: constant keys, SIMD escaping of the texts); a decision with a trace or
/// warnings goes through sonic-rs's serde writer, written in place after `{"regel":N` with its
/// opening brace made the comma. Should serialising fail, nothing of the record stays in `uit`.
pub fn schrijf_jsonl(uit: &mut Vec<u8>, regel: u64, b: &Beslissing) {
    let begin = uit.len();
    uit.extend_from_slice(b"{\"regel\":");
    uit.extend_from_slice(itoa::Buffer::new().format(regel).as_bytes());
    let open = uit.len();
    uit.push(b',');
    if super::json::schrijf_velden(uit, b) {
        uit.push(b'\n');
        return;
    }
    uit.truncate(open);
    if sonic_rs::to_writer(&mut *uit, b).is_err() || uit.get(open) != Some(&b'{') {
        uit.truncate(begin);
        return;
    }
    uit[open] = b',';
    uit.push(b'\n');
}

/// A boolean as the CSV outputs write it.
pub(crate) fn ja_nee(b: bool) -> &'static str {
    if b {
        "ja"
    } else {
        "nee"
    }
}

/// A text cell of a CSV output that a spreadsheet would not run as a formula: a text that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (the OWASP
/// advice against CSV injection; Excel and LibreOffice show the text as written). Only cells
/// that carry the user's own text pass through here (`kenmerk`, an error's field and message);
/// amounts are never escaped.
pub fn csv_tekst(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// An amount in a CSV cell: `1234.56`, or with `komma` `1234,56`.
pub(crate) fn csv_bedrag(x: Bedrag, komma: bool) -> String {
    let t = x.to_string();
    if komma {
        t.replace('.', ",")
    } else {
        t
    }
}

/// One CSV summary row ([`CSV_KOLOMMEN`]); with `komma` the amounts have a decimal comma.
pub(crate) fn csv_rij(
    regel: u64,
    kenmerk: Option<&str>,
    b: &Beslissing,
    komma: bool,
) -> [String; 16] {
    let ber = b.berekening.as_ref();
    let bedrag = |x: Bedrag| csv_bedrag(x, komma);
    let opt = |x: Option<Bedrag>| x.map(bedrag).unwrap_or_default();
    [
        regel.to_string(),
        csv_tekst(kenmerk.unwrap_or_default()).into_owned(),
        b.jaar.to_string(),
        b.regeling.clone(),
        b.route.naam().to_string(),
        b.doelgroep.map(ja_nee).unwrap_or_default().to_string(),
        ja_nee(b.toegekend).to_string(),
        bedrag(b.tegemoetkoming),
        bedrag(b.eindheffing),
        bedrag(b.bijzondere_bijstand),
        opt(ber.and_then(|x| x.tekort)),
        opt(ber.and_then(|x| x.gemiste_toeslagen)),
        opt(ber.map(|x| x.huishouden.besteedbaar_inkomen)),
        opt(ber
            .and_then(|x| x.referentie.as_ref())
            .map(|k| k.besteedbaar_inkomen)),
        b.acties.join(";"),
        b.redenen
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_tekst_geen_formule() {
        for (in_, uit) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+31", "'+31"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("D-2025-001", "D-2025-001"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_tekst(in_), uit, "{in_:?}");
        }
    }
}
