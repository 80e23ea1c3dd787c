//! The decision as Dutch text for a case worker (`avp eval --format text`): one function per
//! section, each starting with the blank line that separates it from the one before.

use std::fmt::Write;

use avp_engine::decision::Beslissing;
use avp_engine::notatie::euro;

use super::onderdelen::{
    herkomst_tekst, na_aanvullende_bijstand_regels, route_naam, tabel_regels, uitkomst, vast_bedrag,
};

/// Dutch text for a case worker.
pub fn tekst(b: &Beslissing) -> String {
    let mut s = String::new();
    kop(&mut s, b);
    bedragen(&mut s, b);
    berekening(&mut s, b);
    betaling(&mut s, b);
    redenen(&mut s, b);
    opsomming(
        &mut s,
        "Wat zou de uitkomst veranderen",
        b.wat_zou_veranderen
            .iter()
            .map(|v| format!("[{}] {}", v.reden, v.tekst)),
    );
    opsomming(
        &mut s,
        "Waarschuwingen",
        b.waarschuwingen
            .iter()
            .map(|w| format!("{}: {} ({})", w.veld, w.bericht, w.hulp)),
    );
    opsomming(
        &mut s,
        "Acties voor de gemeente",
        b.acties.iter().map(|a| a.replace('_', " ")),
    );
    rekenspoor(&mut s, b);
    herkomst(&mut s, b);
    s
}

/// The heading: year and outcome, route, doelgroep and regeling.
fn kop(s: &mut String, b: &Beslissing) {
    let _ = writeln!(
        s,
        "Beslissing alleenverdienersproblematiek {} — {}",
        b.jaar,
        uitkomst(b)
    );
    let _ = writeln!(s, "Route:        {}", route_naam(b.route));
    let doelgroep = match b.doelgroep {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "niet getoetst",
    };
    let _ = writeln!(s, "Doelgroep:    {doelgroep}");
    let _ = writeln!(s, "Regeling:     {}", b.regeling.replace('_', " "));
}

/// The three amounts of the decision (tegemoetkoming and eindheffing `n.v.t.` in the
/// handelingsperspectief).
fn bedragen(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Bedragen");
    for (naam, bedrag) in [
        (
            "Vaste tegemoetkoming (netto)",
            vast_bedrag(b, b.tegemoetkoming),
        ),
        ("Eindheffing (gemeente)", vast_bedrag(b, b.eindheffing)),
        ("Bijzondere bijstand", euro(b.bijzondere_bijstand.0)),
    ] {
        let _ = writeln!(s, "  {naam:<30} {bedrag:>14}");
    }
}

/// The calculation per year (household against the bijstandsreferentie), the shortfall, and the
/// outcome after aanvullende algemene bijstand when there is one; nothing without a calculation.
fn berekening(s: &mut String, b: &Beslissing) {
    let Some(ber) = &b.berekening else {
        return;
    };
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Berekening per jaar          {:>16}  {:>16}",
        "werkelijk", "bijstandsreferentie"
    );
    for (n, w, r) in tabel_regels(b) {
        let _ = writeln!(s, "  {n:<26} {w:>16}  {r:>16}");
    }
    if let (Some(t), Some(g)) = (ber.tekort, ber.gemiste_toeslagen) {
        let _ = writeln!(s, "  {:<26} {:>16}", "Tekort", euro(t.0));
        let _ = writeln!(s, "  {:<26} {:>16}", "Gemiste toeslagen", euro(g.0));
    }
    if let Some(na) = &ber.na_aanvullende_bijstand {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Na aanvullende algemene bijstand (netto-inkomen op de bijstandsnorm)"
        );
        for (n, w) in na_aanvullende_bijstand_regels(na) {
            let _ = writeln!(s, "  {n:<34} {w:>16}");
        }
    }
}

/// The payment: in one go, or the instalments and their total.
fn betaling(s: &mut String, b: &Beslissing) {
    let Some(bt) = &b.betaling else {
        return;
    };
    let _ = writeln!(s);
    if bt.termijnen.len() > 1 {
        let _ = writeln!(s, "Betaling in {} termijnen", bt.termijnen.len());
        for t in &bt.termijnen {
            let _ = writeln!(s, "  Termijn {:<22} {:>14}", t.nummer, euro(t.bedrag.0));
        }
        let _ = writeln!(s, "  {:<30} {:>14}", "Totaal", euro(bt.totaal.0));
    } else {
        let _ = writeln!(s, "Betaling in één keer {:>24}", euro(bt.totaal.0));
    }
}

/// Every reason with its grondslag (the heading also when there are none).
fn redenen(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Redenen");
    for r in &b.redenen {
        let _ = writeln!(s, "  - {}", r.tekst);
        let _ = writeln!(s, "    (grondslag: {})", r.grondslag);
    }
}

/// A heading with a bulleted list under it; nothing when the list is empty.
fn opsomming(s: &mut String, kop: &str, punten: impl Iterator<Item = String>) {
    let mut punten = punten.peekable();
    if punten.peek().is_none() {
        return;
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{kop}");
    for p in punten {
        let _ = writeln!(s, "  - {p}");
    }
}

/// With `--trace`: every quantity with its rule, and under it the parameters it read.
fn rekenspoor(s: &mut String, b: &Beslissing) {
    let Some(t) = &b.trace else {
        return;
    };
    let _ = writeln!(s);
    let _ = writeln!(s, "Rekenspoor");
    for r in t {
        let _ = writeln!(s, "  {} = {}   [{}]", r.naam, r.waarde, r.regel);
        for p in &r.parameters {
            let _ = writeln!(
                s,
                "      {} = {}   (bron: {}; pakket {})",
                p.naam, p.waarde, p.bron, p.jaar
            );
        }
    }
}

/// The provenance line: engine version and the hashes of the rules and the beleidsregels.
fn herkomst(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Herkomst: {}", herkomst_tekst(b));
}
