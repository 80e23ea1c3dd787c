//! The decision's texts: reasons and changes from the pack's `redenen.toml` with their
//! placeholders filled, the defaults of the beleidsregels that applied, and Dutch notation of
//! dates, months, income soorten and instalments.

use chrono::{Datelike, NaiveDate};

use crate::decision::{Betaling, Reden, Verandering};
use crate::error::{Code, Fout};
use crate::pack::Regeling;
use crate::policy::Beleidsregels;
use crate::record::{self, Soort};
use crate::script;
use crate::script::types::Huishouden;
use crate::script::waarde::W;

/// For every choice the municipality's own beleidsregels (`eigen`) do not make, the reason that
/// names the default that applied — only where the choice mattered for this decision
/// (decision 003 §3). Payment is handled where the payment is decided.
pub(super) fn standaard_redenen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    eigen: &Beleidsregels,
    hh: &record::Huishouden,
    route: &str,
    getoetst: bool,
    extra: &[(&str, String)],
) -> Result<Vec<Reden>, Fout> {
    let mut uit = Vec::new();
    let Some(keuzes) = &pack.pack.keuzes else {
        return Ok(uit);
    };
    for k in &keuzes.keuze {
        let telt = match k.tabel.as_str() {
            "ambtshalve" => route != "aanvraag" || hh.bekend_uit_handelingsperspectief,
            "terugwerkende_kracht" => {
                pack.pack.manifest.regeling == Regeling::Handelingsperspectief
            }
            "aanvraag" => route == "aanvraag" && hh.aanvraagdatum.is_some(),
            "inkomen" => {
                route == "aanvraag"
                    && hh
                        .personen
                        .iter()
                        .any(|p| p.inkomsten.iter().any(|i| i.bruto_per_maand.is_some()))
            }
            "vermogen" => getoetst,
            _ => false,
        };
        if telt && !eigen.noemt(&k.tabel) {
            uit.push(Reden {
                code: k.reden_code(),
                tekst: vul_in(pack, obj, &k.zonder_beleidsregel, extra)?,
                grondslag: k.bron.clone(),
            });
        }
    }
    Ok(uit)
}

/// Build a reason from the pack's texts, filling `{naam}` placeholders.
pub(super) fn maak_reden(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    code: &str,
    extra: &[(&str, String)],
) -> Result<Reden, Fout> {
    let Some(t) = pack.pack.redenen.reden.get(code) else {
        return Err(Fout::regel(
            Code::PackRedenOntbreekt,
            format!(
                "redenen.toml van {} heeft geen tekst voor reden `{code}`",
                pack.pack.manifest.jaar
            ),
        )
        .hulp(format!(
            "voeg `[reden.{code}]` met `tekst` en `grondslag` toe"
        )));
    };
    let mut sjabloon = &t.tekst;
    for v in &t.variant {
        let w = pack.op_huishouden_w(obj, &v.als)?;
        if super::als_logisch(&w, &v.als)? == Some(true) {
            sjabloon = &v.tekst;
            break;
        }
    }
    Ok(Reden {
        code: code.to_string(),
        tekst: vul_in(pack, obj, sjabloon, extra)?,
        grondslag: t.grondslag.clone(),
    })
}

/// Fill `{naam}` placeholders: first from `extra` (values the evaluation computed itself), else
/// with the household-level quantity `naam`.
pub(super) fn vul_in(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    sjabloon: &str,
    extra: &[(&str, String)],
) -> Result<String, Fout> {
    let mut tekst = String::with_capacity(sjabloon.len() + 64);
    let mut rest = sjabloon;
    // ('{' and '}' are ASCII, so the byte positions are character boundaries)
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        tekst.push_str(&rest[..open]);
        let Some(sluit) = memchr::memchr(b'}', &rest.as_bytes()[open..]) else {
            tekst.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let naam = &rest[open + 1..open + sluit];
        match extra.iter().find(|(k, _)| *k == naam) {
            Some((_, w)) => tekst.push_str(w),
            None => match pack.op_huishouden_w(obj, naam)? {
                W::Dec(d) => crate::decision::schrijf_euro(&mut tekst, d),
                w => tekst.push_str(&toon_waarde(&w)),
            },
        }
        rest = &rest[open + sluit + 1..];
    }
    tekst.push_str(rest);
    Ok(tekst)
}

/// A change from `redenen.toml` `[verandering.<code>]` for the failed reason `reden`.
pub(super) fn verandering(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    reden: &str,
    code: &str,
    extra: &[(&str, String)],
) -> Result<Verandering, Fout> {
    let Some(t) = pack.pack.redenen.verandering.get(code) else {
        return Err(Fout::regel(
            Code::PackVeranderingOntbreekt,
            format!(
                "redenen.toml van {} heeft geen tekst voor verandering `{code}`",
                pack.pack.manifest.jaar
            ),
        )
        .hulp(format!("voeg `[verandering.{code}]` met `tekst` toe")));
    };
    Ok(Verandering {
        reden: reden.to_string(),
        code: code.to_string(),
        tekst: vul_in(pack, obj, &t.tekst, extra)?,
    })
}

/// A date the Dutch way: `31 december 2026`.
pub(crate) fn datum_nl(d: NaiveDate) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {}", d.day(), MAANDEN[d.month0() as usize], d.year())
}

pub(super) fn maanden_tekst(n: usize) -> String {
    if n == 1 {
        "1 maand".to_string()
    } else {
        format!("{n} maanden")
    }
}

/// An income kind as it reads in a letter: `WW`, `Wajong`, `loon`.
pub(super) fn soort_tekst(s: Soort) -> String {
    match s.naam() {
        "wajong" => "Wajong".to_string(),
        n @ ("ww" | "zw" | "wia" | "wao" | "ioaw" | "ioaz" | "tw") => n.to_uppercase(),
        n => n.replace('_', " "),
    }
}

pub(super) fn termijnbedragen(b: &Betaling) -> String {
    let eerste = b.termijnen.first().map(|t| t.bedrag);
    let laatste = b.termijnen.last().map(|t| t.bedrag);
    match (eerste, laatste) {
        (Some(e), Some(l)) if e == l => format!("elk {}", crate::decision::euro(e.0)),
        (Some(e), Some(l)) => format!(
            "{} × {} en een laatste termijn van {}",
            b.termijnen.len() - 1,
            crate::decision::euro(e.0),
            crate::decision::euro(l.0)
        ),
        _ => String::new(),
    }
}

fn toon_waarde(w: &W) -> String {
    match w {
        W::Dec(d) => crate::decision::euro(*d),
        W::Int(i) => i.to_string(),
        W::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        _ => w.naar_dynamic().to_string(),
    }
}
