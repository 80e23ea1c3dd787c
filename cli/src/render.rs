//! Rendering decisions (text, markdown) and errors (miette, without colour so output is stable).

use std::fmt::Write;

use avp_engine::decision::{Beslissing, Kolom, Route};
use avp_engine::error::Fouten;
use avp_engine::notatie::euro;
use avp_engine::pack::Brief;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// Report errors on `err` (as `fouten` renders them) and give the exit code: 2 for bad input,
/// 1 for an error in the rules.
pub fn meld(err: &mut dyn std::io::Write, f: &Fouten) -> u8 {
    let _ = write!(err, "{}", fouten(f));
    if f.is_invoer() {
        2
    } else {
        1
    }
}

/// Errors for humans: what, where, how to fix. Every run of 8 or 9 digits (a possible BSN) in the
/// messages and in the quoted source lines is masked (`…333`), as the batch error file does.
///
/// Masked before the layout as well as after: miette wraps a long message at 100 columns and
/// can break a word inside a run of digits (a BSN at the end of a long field name), and the
/// halves on two lines would no longer be recognised afterwards.
pub fn fouten(f: &Fouten) -> String {
    let gemaskeerd = Fouten(f.0.iter().map(gemaskeerde_tekst).collect());
    avp_engine::batch::maskeer_bsns(&fouten_ongemaskeerd(&gemaskeerd))
}

/// `f` with every possible BSN masked in its message, hint and location.
fn gemaskeerde_tekst(f: &avp_engine::error::Fout) -> avp_engine::error::Fout {
    use avp_engine::batch::maskeer_bsns;
    use avp_engine::error::Locatie;
    let mut f = f.clone();
    f.bericht = maskeer_bsns(&f.bericht);
    f.hulp = f.hulp.as_deref().map(maskeer_bsns);
    f.locatie = f.locatie.map(|l| match l {
        Locatie::Veld { record, veld } => Locatie::Veld {
            record: maskeer_bsns(&record),
            veld: maskeer_bsns(&veld),
        },
        Locatie::Bestand { pad, regel, kolom } => Locatie::Bestand {
            pad: maskeer_bsns(&pad),
            regel,
            kolom,
        },
        Locatie::Pad(p) => Locatie::Pad(maskeer_bsns(&p)),
    });
    f
}

fn fouten_ongemaskeerd(f: &Fouten) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut s = String::new();
    for fout in &f.0 {
        if let Some(fragment) = &fout.fragment {
            // the quoted source with every possible BSN masked to the same length, so that the
            // marker under the line still points at the right place
            let mut gemaskeerd = fout.clone();
            if let Some(g) = gemaskeerd.fragment.as_mut() {
                g.bron = std::sync::Arc::new(miette::NamedSource::new(
                    fragment.naam.clone(),
                    maskeer_even_lang(&fragment.tekst),
                ));
            }
            let _ = handler.render_report(&mut s, &gemaskeerd);
        } else {
            let _ = writeln!(
                s,
                "fout[{}]: {}",
                fout.code,
                fout.to_string().lines().next().unwrap_or_default()
            );
            if let Some(h) = &fout.hulp {
                let _ = writeln!(s, "  hulp: {h}");
            }
        }
        s.push('\n');
    }
    s
}

/// Every run of 8 or 9 digits with all but its last three digits replaced by `*` (same length).
fn maskeer_even_lang(tekst: &str) -> String {
    let mut uit = String::with_capacity(tekst.len());
    let mut cijfers = String::new();
    let schrijf = |uit: &mut String, cijfers: &mut String| {
        if (8..=9).contains(&cijfers.len()) {
            uit.push_str(&"*".repeat(cijfers.len() - 3));
            uit.push_str(&cijfers[cijfers.len() - 3..]);
        } else {
            uit.push_str(cijfers);
        }
        cijfers.clear();
    };
    for c in tekst.chars() {
        if c.is_ascii_digit() {
            cijfers.push(c);
        } else {
            schrijf(&mut uit, &mut cijfers);
            uit.push(c);
        }
    }
    schrijf(&mut uit, &mut cijfers);
    uit
}

fn route_naam(r: Route) -> &'static str {
    match r {
        Route::AmbtshalveLijst => "ambtshalve (lijst Belastingdienst)",
        Route::AmbtshalveBekend => "ambtshalve (bekend uit het handelingsperspectief)",
        Route::Aanvraag => "aanvraag",
    }
}

fn uitkomst(b: &Beslissing) -> &'static str {
    let handelingsperspectief = b.regeling == "handelingsperspectief";
    match (b.toegekend, b.doelgroep) {
        (true, _) => "TOEGEKEND",
        (false, None) if handelingsperspectief => "NIET BEOORDEELD",
        (false, Some(false)) => "AFGEWEZEN",
        (false, _) => "NIET TOEGEKEND",
    }
}

/// The tegemoetkoming and eindheffing do not exist in the handelingsperspectief (2023/2024).
fn vast_bedrag(b: &Beslissing, bedrag: avp_engine::decision::Bedrag) -> String {
    if b.regeling == "handelingsperspectief" {
        "n.v.t.".to_string()
    } else {
        euro(bedrag.0)
    }
}

fn tabel_regels(b: &Beslissing) -> Vec<(String, String, String)> {
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

/// Dutch text for a case worker.
pub fn tekst(b: &Beslissing) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Beslissing alleenverdienersproblematiek {} — {}",
        b.jaar,
        uitkomst(b)
    );
    let _ = writeln!(s, "Route:        {}", route_naam(b.route));
    let _ = writeln!(
        s,
        "Doelgroep:    {}",
        match b.doelgroep {
            Some(true) => "ja",
            Some(false) => "nee",
            None => "niet getoetst",
        }
    );
    let _ = writeln!(s, "Regeling:     {}", b.regeling.replace('_', " "));
    let _ = writeln!(s);
    let _ = writeln!(s, "Bedragen");
    let _ = writeln!(
        s,
        "  Vaste tegemoetkoming (netto)   {:>14}",
        vast_bedrag(b, b.tegemoetkoming)
    );
    let _ = writeln!(
        s,
        "  Eindheffing (gemeente)         {:>14}",
        vast_bedrag(b, b.eindheffing)
    );
    let _ = writeln!(
        s,
        "  Bijzondere bijstand            {:>14}",
        euro(b.bijzondere_bijstand.0)
    );
    if let Some(ber) = &b.berekening {
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
    if let Some(bt) = &b.betaling {
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
    let _ = writeln!(s);
    let _ = writeln!(s, "Redenen");
    for r in &b.redenen {
        let _ = writeln!(s, "  - {}", r.tekst);
        let _ = writeln!(s, "    (grondslag: {})", r.grondslag);
    }
    if !b.wat_zou_veranderen.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Wat zou de uitkomst veranderen");
        for v in &b.wat_zou_veranderen {
            let _ = writeln!(s, "  - [{}] {}", v.reden, v.tekst);
        }
    }
    if !b.waarschuwingen.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Waarschuwingen");
        for w in &b.waarschuwingen {
            let _ = writeln!(s, "  - {}: {} ({})", w.veld, w.bericht, w.hulp);
        }
    }
    if !b.acties.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Acties voor de gemeente");
        for a in &b.acties {
            let _ = writeln!(s, "  - {}", a.replace('_', " "));
        }
    }
    if let Some(t) = &b.trace {
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
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Herkomst: avp {}, regels {}, beleidsregels {} ({})",
        b.herkomst.engine_versie,
        &b.herkomst.regels_hash[..12.min(b.herkomst.regels_hash.len())],
        b.herkomst.beleidsregels,
        &b.herkomst.beleidsregels_hash[..12.min(b.herkomst.beleidsregels_hash.len())]
    );
    s
}

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

fn brief_markdown(b: &Beslissing, brief: Option<&Brief>) -> String {
    let mut s = String::new();
    if !b.acties.is_empty() || !b.waarschuwingen.is_empty() {
        let _ = writeln!(
            s,
            "> **Voor de behandelaar** (verwijder dit blok voor verzending): {}.\n",
            b.acties
                .iter()
                .map(|a| a.replace('_', " "))
                .chain(
                    b.waarschuwingen
                        .iter()
                        .map(|w| format!("{}: {}", w.veld, w.bericht))
                )
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if let Some(br) = brief {
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
    } else {
        let _ = writeln!(
            s,
            "# Beslissing alleenverdienersproblematiek {}: {}\n",
            b.jaar,
            uitkomst(b).to_lowercase()
        );
    }

    let _ = writeln!(s, "## Ons besluit\n");
    let _ = writeln!(s, "{}\n", besluit_zin(b));
    if b.toegekend {
        let _ = writeln!(s, "| | bedrag |\n|---|---:|");
        if b.regeling != "handelingsperspectief" {
            let _ = writeln!(
                s,
                "| Vaste tegemoetkoming (netto) | {} |",
                euro(b.tegemoetkoming.0)
            );
        }
        if !b.bijzondere_bijstand.0.is_zero() {
            let _ = writeln!(
                s,
                "| {} (onbelast) | {} |",
                if b.regeling == "handelingsperspectief" {
                    "Bijzondere bijstand"
                } else {
                    "Aanvullende bijzondere bijstand"
                },
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
    if let Some(bt) = &b.betaling {
        let _ = writeln!(s, "### Betaling\n");
        let zonder_iban = b.acties.iter().any(|a| a == "iban_opvragen");
        let rekening = if zonder_iban {
            brief.map(|br| br.betaling_zonder_iban.clone())
        } else {
            None
        };
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
        if let Some(r) = rekening {
            let _ = writeln!(s, "{r}\n");
        }
    }

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

    if !b.wat_zou_veranderen.is_empty() {
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

    if let Some(ber) = &b.berekening {
        let _ = writeln!(s, "## Berekening\n");
        if let Some(br) = brief {
            if ber.referentie.is_some() {
                let _ = writeln!(s, "{}\n", br.uitleg_berekening);
            }
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
    }

    if let Some(br) = brief {
        if b.toegekend && !b.tegemoetkoming.0.is_zero() {
            let _ = writeln!(s, "## Goed om te weten\n");
            for v in &br.bij_toekenning {
                let _ = writeln!(s, "- {} *({})*", v.tekst, v.grondslag);
            }
            s.push('\n');
        }
        let _ = writeln!(s, "## Bezwaar\n");
        let _ = writeln!(s, "{}\n", br.bezwaar);
        for r in &br.slot {
            let _ = writeln!(s, "{r}\n");
        }
    }
    let _ = writeln!(s, "---\n");
    let _ = writeln!(
        s,
        "<small>Herkomst: avp {}, regels {}, beleidsregels {} ({}). Met deze gegevens is het besluit te herhalen.</small>",
        b.herkomst.engine_versie,
        kort(&b.herkomst.regels_hash),
        b.herkomst.beleidsregels,
        kort(&b.herkomst.beleidsregels_hash)
    );
    s
}

fn kort(h: &str) -> &str {
    &h[..12.min(h.len())]
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

/// The rows of the outcome after aanvullende algemene bijstand, for text and letter.
fn na_aanvullende_bijstand_regels(
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
