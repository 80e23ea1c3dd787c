//! What the text decision and the letter share: the outcome and route in words, the amounts
//! that do not exist in the handelingsperspectief, and the rows of the calculation tables.

use avp_engine::decision::{Beslissing, Kolom, Route};
use avp_engine::notatie::euro;

/// The route in words.
pub(super) fn route_naam(r: Route) -> &'static str {
    match r {
        Route::AmbtshalveLijst => "ambtshalve (lijst Belastingdienst)",
        Route::AmbtshalveBekend => "ambtshalve (bekend uit het handelingsperspectief)",
        Route::Aanvraag => "aanvraag",
    }
}

/// The outcome in capitals, as the heading of the text decision shows it.
pub(super) fn uitkomst(b: &Beslissing) -> &'static str {
    let handelingsperspectief = b.regeling == "handelingsperspectief";
    match (b.toegekend, b.doelgroep) {
        (true, _) => "TOEGEKEND",
        (false, None) if handelingsperspectief => "NIET BEOORDEELD",
        (false, Some(false)) => "AFGEWEZEN",
        (false, _) => "NIET TOEGEKEND",
    }
}

/// The tegemoetkoming and eindheffing do not exist in the handelingsperspectief (2023/2024).
pub(super) fn vast_bedrag(b: &Beslissing, bedrag: avp_engine::decision::Bedrag) -> String {
    if b.regeling == "handelingsperspectief" {
        "n.v.t.".to_string()
    } else {
        euro(bedrag.0)
    }
}

/// The rows of the calculation table: name, the household's value and the reference value
/// (`—` without a reference); empty without a calculation.
pub(super) fn tabel_regels(b: &Beslissing) -> Vec<(String, String, String)> {
    let namen = [
        "Toetsingsinkomen",
        "Inkomstenbelasting",
        "Netto-inkomen",
        "Zorgtoeslag",
        "Huurtoeslag",
        "Kindgebonden budget",
        "Besteedbaar inkomen",
    ];
    let Some(ber) = &b.berekening else {
        return Vec::new();
    };
    let w: Vec<String> = ber.huishouden.waarden().iter().map(|x| euro(x.0)).collect();
    let r: Vec<String> = match &ber.referentie {
        Some(k) => Kolom::waarden(k).iter().map(|x| euro(x.0)).collect(),
        None => vec!["—".to_string(); 7],
    };
    namen
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), w[i].clone(), r[i].clone()))
        .collect()
}

/// The first 12 characters of a hash, as the provenance line shows it.
fn kort(h: &str) -> &str {
    &h[..12.min(h.len())]
}

/// The rows of the outcome after aanvullende algemene bijstand, for text and letter.
pub(super) fn na_aanvullende_bijstand_regels(
    na: &avp_engine::decision::NaAanvullendeBijstand,
) -> Vec<(&'static str, String)> {
    let k = &na.huishouden;
    vec![
        (
            "Aanvullende bijstand (bruto)",
            euro(na.aanvullende_bijstand_bruto.0),
        ),
        (
            "Aanvullende bijstand (netto)",
            euro(na.aanvullende_bijstand_netto.0),
        ),
        ("Toetsingsinkomen", euro(k.toetsingsinkomen.0)),
        ("Netto-inkomen", euro(k.netto_inkomen.0)),
        ("Zorgtoeslag", euro(k.zorgtoeslag.0)),
        ("Huurtoeslag", euro(k.huurtoeslag.0)),
        ("Kindgebonden budget", euro(k.kindgebonden_budget.0)),
        ("Besteedbaar inkomen", euro(k.besteedbaar_inkomen.0)),
        ("Tekort", euro(na.tekort.0)),
        ("Gemiste toeslagen", euro(na.gemiste_toeslagen.0)),
        ("Bijzondere bijstand", euro(na.bijzondere_bijstand.0)),
    ]
}

/// The provenance of a decision in one line: the engine's version and the (shortened) hashes of
/// the rules and the beleidsregels.
pub(super) fn herkomst_tekst(b: &Beslissing) -> String {
    format!(
        "avp {}, regels {}, beleidsregels {} ({})",
        b.herkomst.engine_versie,
        kort(&b.herkomst.regels_hash),
        b.herkomst.beleidsregels,
        kort(&b.herkomst.beleidsregels_hash)
    )
}
