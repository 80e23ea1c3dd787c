//! The decision as a letter (beschikking) in Markdown: one function per section of the letter,
//! in the order the letter has them. The standard texts come from the pack's `brief.toml`.

use std::fmt::Write;

use avp_engine::decision::{Beslissing, NaAanvullendeBijstand, Route};
use avp_engine::notatie::euro;
use avp_engine::pack::Brief;

use super::onderdelen::{herkomst_tekst, na_aanvullende_bijstand_regels, tabel_regels, uitkomst};

/// The decision as a letter (beschikking) in Markdown: outcome, amounts, payment schedule,
/// motivation with grondslag, what would change a rejection, the calculation, the standard
/// statements of a grant and the bezwaar paragraph. The standard texts come from the pack's
/// `brief.toml`; without one, only the decision itself is rendered. `gemeente` (the
/// `gemeentenaam` of the beleidsregels) replaces the placeholder `[naam gemeente]`.
pub fn markdown(b: &Beslissing, brief: Option<&Brief>, gemeente: Option<&str>) -> String {
    let s = brief_markdown(b, brief);
    match gemeente {
        Some(g) => s.replace("[naam gemeente]", g),
        None => s,
    }
}

/// The letter with its placeholders, section by section.
fn brief_markdown(b: &Beslissing, brief: Option<&Brief>) -> String {
    let mut s = String::new();
    voor_de_behandelaar(&mut s, b);
    match brief {
        Some(br) => aanhef(&mut s, b, br),
        None => titel(&mut s, b),
    }
    besluit(&mut s, b);
    betaling(&mut s, b, brief);
    motivering(&mut s, b);
    wat_zou_veranderen(&mut s, b, brief);
    berekening(&mut s, b, brief);
    if let Some(br) = brief {
        goed_om_te_weten(&mut s, b, br);
        bezwaar(&mut s, br);
    }
    herkomst(&mut s, b);
    s
}

/// A note for the case worker above the letter, with the actions and warnings, when there are
/// any.
fn voor_de_behandelaar(s: &mut String, b: &Beslissing) {
    if b.acties.is_empty() && b.waarschuwingen.is_empty() {
        return;
    }
    let punten: Vec<String> = b
        .acties
        .iter()
        .map(|a| a.replace('_', " "))
        .chain(
            b.waarschuwingen
                .iter()
                .map(|w| format!("{}: {}", w.veld, w.bericht)),
        )
        .collect();
    let _ = writeln!(
        s,
        "> **Voor de behandelaar** (verwijder dit blok voor verzending): {}.\n",
        punten.join("; ")
    );
}

/// The letterhead, subject, salutation and the opening paragraph for a grant or a rejection.
fn aanhef(s: &mut String, b: &Beslissing, br: &Brief) {
    for r in &br.briefhoofd {
        if r.is_empty() {
            s.push('\n');
        } else {
            let _ = writeln!(s, "{r}  ");
        }
    }
    s.push('\n');
    let _ = writeln!(
        s,
        "**Onderwerp:** {}\n",
        br.vul(&br.onderwerp, b.jaar, &b.regeling)
    );
    let _ = writeln!(s, "{}\n", br.aanhef);
    // promise "wat de uitkomst zou veranderen" only when the letter lists something
    let inleiding = match &br.inleiding_afwijzing_met_veranderingen {
        _ if b.toegekend => &br.inleiding_toekenning,
        Some(t) if !b.wat_zou_veranderen.is_empty() => t,
        _ => &br.inleiding_afwijzing,
    };
    let _ = writeln!(s, "{}\n", br.vul(inleiding, b.jaar, &b.regeling));
}

/// Without a `brief.toml`: a title with the year and the outcome instead of the letterhead.
fn titel(s: &mut String, b: &Beslissing) {
    let _ = writeln!(
        s,
        "# Beslissing alleenverdienersproblematiek {}: {}\n",
        b.jaar,
        uitkomst(b).to_lowercase()
    );
}

/// "Ons besluit": the one-sentence decision and, for a grant, the amounts.
fn besluit(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s, "## Ons besluit\n");
    let _ = writeln!(s, "{}\n", besluit_zin(b));
    if b.toegekend {
        bedragen(s, b);
    }
}

/// The table of amounts of a grant: what the household receives, and the eindheffing the
/// municipality pays.
fn bedragen(s: &mut String, b: &Beslissing) {
    let handelingsperspectief = b.regeling == "handelingsperspectief";
    let _ = writeln!(s, "| | bedrag |\n|---|---:|");
    if !handelingsperspectief {
        let _ = writeln!(
            s,
            "| Vaste tegemoetkoming (netto) | {} |",
            euro(b.tegemoetkoming.0)
        );
    }
    if !b.bijzondere_bijstand.0.is_zero() {
        let naam = if handelingsperspectief {
            "Bijzondere bijstand"
        } else {
            "Aanvullende bijzondere bijstand"
        };
        let _ = writeln!(
            s,
            "| {naam} (onbelast) | {} |",
            euro(b.bijzondere_bijstand.0)
        );
    }
    if let Some(bt) = &b.betaling {
        let _ = writeln!(s, "| **Totaal aan u** | **{}** |", euro(bt.totaal.0));
    }
    if !b.eindheffing.0.is_zero() {
        let _ = writeln!(
            s,
            "| Eindheffing, betaald door de gemeente (niet aan u) | {} |",
            euro(b.eindheffing.0)
        );
    }
    s.push('\n');
}

/// The one-sentence decision.
fn besluit_zin(b: &Beslissing) -> String {
    let jaar = b.jaar;
    if b.toegekend {
        let mut z = if b.tegemoetkoming.0.is_zero() {
            format!(
                "Wij kennen u over {jaar} bijzondere bijstand toe van {}.",
                euro(b.bijzondere_bijstand.0)
            )
        } else {
            format!(
                "Wij kennen u over {jaar} de vaste tegemoetkoming alleenverdienersproblematiek toe van {} netto.",
                euro(b.tegemoetkoming.0)
            )
        };
        if !b.tegemoetkoming.0.is_zero() && !b.bijzondere_bijstand.0.is_zero() {
            z.push_str(&format!(
                " Daarnaast ontvangt u {} aanvullende bijzondere bijstand.",
                euro(b.bijzondere_bijstand.0)
            ));
        }
        z
    } else if b.route == Route::Aanvraag {
        format!("Wij wijzen uw aanvraag over {jaar} af. U ontvangt geen tegemoetkoming.")
    } else {
        format!("U ontvangt over {jaar} geen tegemoetkoming.")
    }
}

/// "Betaling": in one go or in instalments, to the known account or to the one the household
/// still has to give (then with the letter's request for it).
fn betaling(s: &mut String, b: &Beslissing, brief: Option<&Brief>) {
    let Some(bt) = &b.betaling else {
        return;
    };
    let _ = writeln!(s, "### Betaling\n");
    let zonder_iban = b.acties.iter().any(|a| a == "iban_opvragen");
    let op = if zonder_iban {
        "op de rekening die u ons doorgeeft"
    } else {
        "op uw rekening [IBAN]"
    };
    if bt.termijnen.len() > 1 {
        let _ = writeln!(
            s,
            "De tegemoetkoming is toegekend voor heel {}. Wij betalen het bedrag in {} termijnen {op}:\n",
            b.jaar,
            bt.termijnen.len()
        );
        let _ = writeln!(s, "| termijn | bedrag |\n|---|---:|");
        for t in &bt.termijnen {
            let _ = writeln!(s, "| {} | {} |", t.nummer, euro(t.bedrag.0));
        }
        let _ = writeln!(s, "| **totaal** | **{}** |\n", euro(bt.totaal.0));
    } else {
        let _ = writeln!(
            s,
            "Wij betalen {} in één keer {op}, binnen [termijn] na de datum van deze brief.\n",
            euro(bt.totaal.0)
        );
    }
    if let (true, Some(br)) = (zonder_iban, brief) {
        let _ = writeln!(s, "{}\n", br.betaling_zonder_iban);
    }
}

/// "Motivering": the reasons, numbered, each with its grondslag.
fn motivering(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s, "## Motivering\n");
    for (i, r) in b.redenen.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {}  \n   *Grondslag: {}*",
            i + 1,
            r.tekst,
            r.grondslag
        );
    }
    s.push('\n');
}

/// "Wat zou de uitkomst veranderen": each change with the point of the motivering it answers;
/// nothing when there is none.
fn wat_zou_veranderen(s: &mut String, b: &Beslissing, brief: Option<&Brief>) {
    if b.wat_zou_veranderen.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Wat zou de uitkomst veranderen\n");
    if let Some(br) = brief {
        let _ = writeln!(s, "{}\n", br.uitleg_wat_zou_veranderen);
    }
    for v in &b.wat_zou_veranderen {
        let voorwaarde = b
            .redenen
            .iter()
            .position(|r| r.code == v.reden)
            .map(|i| format!(" (motivering punt {})", i + 1))
            .unwrap_or_default();
        let _ = writeln!(s, "- {}{voorwaarde}", v.tekst);
    }
    s.push('\n');
}

/// "Berekening": the household against a couple in the bijstand, the shortfall, and the outcome
/// after aanvullende algemene bijstand when there is one; nothing without a calculation.
fn berekening(s: &mut String, b: &Beslissing, brief: Option<&Brief>) {
    let Some(ber) = &b.berekening else {
        return;
    };
    let _ = writeln!(s, "## Berekening\n");
    if let (Some(br), Some(_)) = (brief, &ber.referentie) {
        let _ = writeln!(s, "{}\n", br.uitleg_berekening);
    }
    let _ = writeln!(
        s,
        "| per jaar | uw huishouden | paar in de bijstand |\n|---|---:|---:|"
    );
    for (n, w, r) in tabel_regels(b) {
        let _ = writeln!(s, "| {n} | {w} | {r} |");
    }
    if let (Some(t), Some(g)) = (ber.tekort, ber.gemiste_toeslagen) {
        let _ = writeln!(
            s,
            "| **Tekort** (verschil besteedbaar inkomen) | {} | |",
            euro(t.0)
        );
        let _ = writeln!(s, "| **Gemiste toeslagen** | {} | |", euro(g.0));
    }
    s.push('\n');
    if let Some(na) = &ber.na_aanvullende_bijstand {
        na_aanvullende_bijstand(s, na);
    }
}

/// "Na aanvullende algemene bijstand": the calculation as it would be with that bijstand.
fn na_aanvullende_bijstand(s: &mut String, na: &NaAanvullendeBijstand) {
    let _ = writeln!(s, "### Na aanvullende algemene bijstand\n");
    let _ = writeln!(
        s,
        "Uw netto-inkomen ligt onder de bijstandsnorm. Daarom heeft u mogelijk recht op aanvullende algemene bijstand; de gemeente beoordeelt dat apart. Zo ziet de berekening eruit als u die bijstand ontvangt:\n"
    );
    let _ = writeln!(s, "| per jaar | met aanvullende bijstand |\n|---|---:|");
    for (n, w) in na_aanvullende_bijstand_regels(na) {
        let _ = writeln!(s, "| {n} | {w} |");
    }
    s.push('\n');
}

/// "Goed om te weten": the standard statements of a grant of the tegemoetkoming.
fn goed_om_te_weten(s: &mut String, b: &Beslissing, br: &Brief) {
    if !b.toegekend || b.tegemoetkoming.0.is_zero() {
        return;
    }
    let _ = writeln!(s, "## Goed om te weten\n");
    for v in &br.bij_toekenning {
        let _ = writeln!(s, "- {} *({})*", v.tekst, v.grondslag);
    }
    s.push('\n');
}

/// "Bezwaar" and the closing of the letter.
fn bezwaar(s: &mut String, br: &Brief) {
    let _ = writeln!(s, "## Bezwaar\n");
    let _ = writeln!(s, "{}\n", br.bezwaar);
    for r in &br.slot {
        let _ = writeln!(s, "{r}\n");
    }
}

/// The provenance under the letter: with these the decision can be repeated.
fn herkomst(s: &mut String, b: &Beslissing) {
    let _ = writeln!(s, "---\n");
    let _ = writeln!(
        s,
        "<small>Herkomst: {}. Met deze gegevens is het besluit te herhalen.</small>",
        herkomst_tekst(b)
    );
}
