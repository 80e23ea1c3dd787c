//! Rendering decisions (text, markdown) and errors (miette, without colour so output is stable).

use std::fmt::Write;

use avp_engine::decision::{euro, Beslissing, Kolom};
use avp_engine::error::Fouten;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// Errors for humans: what, where, how to fix.
pub fn fouten(f: &Fouten) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut s = String::new();
    for fout in &f.0 {
        if fout.fragment.is_some() {
            let _ = handler.render_report(&mut s, fout);
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

fn route_naam(r: &str) -> &str {
    match r {
        "ambtshalve_lijst" => "ambtshalve (lijst Belastingdienst)",
        "ambtshalve_bekend" => "ambtshalve (bekend uit het handelingsperspectief)",
        _ => "aanvraag",
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
    let _ = writeln!(s, "Route:        {}", route_naam(&b.route));
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
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Redenen");
    for r in &b.redenen {
        let _ = writeln!(s, "  - {}", r.tekst);
        let _ = writeln!(s, "    (grondslag: {})", r.grondslag);
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

/// Markdown (a first version; the full letter is issue 4).
pub fn markdown(b: &Beslissing) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Beslissing alleenverdienersproblematiek {}: {}\n",
        b.jaar,
        uitkomst(b).to_lowercase()
    );
    let _ = writeln!(s, "| | bedrag |\n|---|---:|");
    let _ = writeln!(
        s,
        "| Vaste tegemoetkoming (netto) | {} |",
        vast_bedrag(b, b.tegemoetkoming)
    );
    let _ = writeln!(
        s,
        "| Eindheffing (gemeente) | {} |",
        vast_bedrag(b, b.eindheffing)
    );
    let _ = writeln!(
        s,
        "| Bijzondere bijstand | {} |\n",
        euro(b.bijzondere_bijstand.0)
    );
    if b.berekening.is_some() {
        let _ = writeln!(
            s,
            "## Berekening\n\n| per jaar | werkelijk | bijstandsreferentie |\n|---|---:|---:|"
        );
        for (n, w, r) in tabel_regels(b) {
            let _ = writeln!(s, "| {n} | {w} | {r} |");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Motivering\n");
    for r in &b.redenen {
        let _ = writeln!(s, "- {} *(grondslag: {})*", r.tekst, r.grondslag);
    }
    s
}
