//! The decision's texts: the motivering as the steps build it, reasons and changes from the
//! pack's `redenen.toml` with their placeholders filled, the defaults of the beleidsregels that
//! applied, and the wording of income soorten, monthly incomes and instalments. The notation of
//! amounts, dates and months is `crate::notatie`.

use rust_decimal::Decimal;

use super::grootheden::als_logisch;
use super::inkomen::Jaarinkomen;
use super::route::Route;
use crate::decision::{Betaling, Reden, Verandering};
use crate::error::{Code, Fout};
use crate::model::objecten::Huishouden;
use crate::model::objecten::W;
use crate::notatie::{euro, maanden, procent_afgerond, schrijf_euro};
use crate::pack::Regeling;
use crate::policy::Beleidsregels;
use crate::record::{self, Soort};
use crate::script;

/// The decision's motivering as the steps build it: the reasons in the order they are given,
/// the actions for the municipality and the changes that would alter the outcome; with the
/// household whose quantities fill the texts and the values the evaluation computed for them.
pub(super) struct Motivering<'a, 's> {
    /// The evaluation of the decision's quantities.
    pub(super) pack: &'a script::Sessie<'s>,
    /// The household decided on: the variant after aanvullende bijstand when the beleidsregels
    /// decide on that outcome.
    pub(super) obj: &'a Huishouden,
    /// Placeholder values the evaluation computed itself, found before a quantity of that name.
    pub(super) extra: Vec<(&'static str, String)>,
    /// The reasons given so far.
    pub(super) redenen: Vec<Reden>,
    /// The actions found so far.
    pub(super) acties: Vec<String>,
    /// The changes found so far.
    pub(super) veranderingen: Vec<Verandering>,
}

impl<'a, 's> Motivering<'a, 's> {
    /// An empty motivering whose texts can name the values in `extra`.
    pub(super) fn nieuw(
        pack: &'a script::Sessie<'s>,
        obj: &'a Huishouden,
        extra: Vec<(&'static str, String)>,
    ) -> Self {
        Motivering {
            pack,
            obj,
            extra,
            redenen: Vec::new(),
            acties: Vec::new(),
            veranderingen: Vec::new(),
        }
    }

    /// The reason `code` with its placeholders filled (not given yet).
    pub(super) fn reden(&self, code: &str) -> Result<Reden, Fout> {
        maak_reden(self.pack, self.obj, code, &self.extra)
    }

    /// Give the reason `code`.
    pub(super) fn geef(&mut self, code: &str) -> Result<(), Fout> {
        let r = self.reden(code)?;
        self.redenen.push(r);
        Ok(())
    }

    /// Give the reason `code` with `waarden` as extra placeholder values for this text only.
    pub(super) fn geef_met(
        &mut self,
        code: &str,
        waarden: impl IntoIterator<Item = (&'static str, String)>,
    ) -> Result<(), Fout> {
        let eerder = self.extra.len();
        self.extra.extend(waarden);
        let r = self.reden(code);
        self.extra.truncate(eerder);
        self.redenen.push(r?);
        Ok(())
    }

    /// Add the change `code` of `redenen.toml` for the failed reason `reden`.
    pub(super) fn verandering(&mut self, reden: &str, code: &str) -> Result<(), Fout> {
        let v = verandering(self.pack, self.obj, reden, code, &self.extra)?;
        self.veranderingen.push(v);
        Ok(())
    }

    /// Give the reasons that name the defaults of the beleidsregels that applied
    /// ([`standaard_redenen`]).
    pub(super) fn geef_standaard_redenen(
        &mut self,
        eigen: &Beleidsregels,
        hh: &record::Huishouden,
        route: Route,
        getoetst: bool,
    ) -> Result<(), Fout> {
        let r = standaard_redenen(self.pack, self.obj, eigen, hh, route, getoetst, &self.extra)?;
        self.redenen.extend(r);
        Ok(())
    }
}

/// For every choice the municipality's own beleidsregels (`eigen`) do not make, the reason that
/// names the default that applied — only where the choice mattered for this decision
/// (decision 003 §3). Payment is handled where the payment is decided.
fn standaard_redenen(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    eigen: &Beleidsregels,
    hh: &record::Huishouden,
    route: Route,
    getoetst: bool,
    extra: &[(&str, String)],
) -> Result<Vec<Reden>, Fout> {
    let mut uit = Vec::new();
    let Some(keuzes) = &pack.pack.keuzes else {
        return Ok(uit);
    };
    for k in &keuzes.keuze {
        let telt = match k.tabel.as_str() {
            "ambtshalve" => route != Route::Aanvraag || hh.bekend_uit_handelingsperspectief,
            "terugwerkende_kracht" => {
                pack.pack.manifest.regeling == Regeling::Handelingsperspectief
            }
            "aanvraag" => route == Route::Aanvraag && hh.aanvraagdatum.is_some(),
            "inkomen" => {
                route == Route::Aanvraag
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
fn maak_reden(
    pack: &script::Sessie<'_>,
    obj: &Huishouden,
    code: &str,
    extra: &[(&str, String)],
) -> Result<Reden, Fout> {
    let t = uit_redenen(
        &pack.pack.redenen.reden,
        pack.pack.manifest.jaar,
        code,
        Code::PackRedenOntbreekt,
    )?;
    let mut sjabloon = &t.tekst;
    for v in &t.variant {
        let w = pack.op_huishouden_w(obj, &v.als)?;
        if als_logisch(&w, &v.als)? == Some(true) {
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

/// The text `code` of a table of `redenen.toml` (`[reden.…]` or `[verandering.…]`), or the
/// error that it is missing, with what to add.
fn uit_redenen<'a, T>(
    tabel: &'a std::collections::BTreeMap<String, T>,
    jaar: i32,
    code: &str,
    fout: Code,
) -> Result<&'a T, Fout> {
    let (soort, velden) = match fout {
        Code::PackRedenOntbreekt => ("reden", "`tekst` en `grondslag`"),
        _ => ("verandering", "`tekst`"),
    };
    tabel.get(code).ok_or_else(|| {
        Fout::regel(
            fout,
            format!("redenen.toml van {jaar} heeft geen tekst voor {soort} `{code}`"),
        )
        .hulp(format!("voeg `[{soort}.{code}]` met {velden} toe"))
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
                W::Dec(d) => schrijf_euro(&mut tekst, d),
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
    let t = uit_redenen(
        &pack.pack.redenen.verandering,
        pack.pack.manifest.jaar,
        code,
        Code::PackVeranderingOntbreekt,
    )?;
    Ok(Verandering {
        reden: reden.to_string(),
        code: code.to_string(),
        tekst: vul_in(pack, obj, &t.tekst, extra)?,
    })
}

/// How an income given in monthly amounts became a year income, for the reason
/// `inkomen_uit_maandbedragen`: `WW van de aanvrager: gemiddeld € 1.500,00 per maand over de
/// laatste 3 maanden × 12 + 8% vakantietoeslag = € 19.440,00 per jaar`.
pub(super) fn maandinkomen(soort: Soort, aanvrager: bool, j: &Jaarinkomen) -> String {
    format!(
        "{} van {}: gemiddeld {} per maand over {} × 12{} = {} per jaar",
        soort_tekst(soort),
        if aanvrager {
            "de aanvrager"
        } else {
            "de partner"
        },
        euro(j.gemiddelde),
        if j.alle_gelijk {
            format!("{} (elke maand gelijk)", maanden(j.maanden))
        } else {
            format!("de laatste {}", maanden(j.maanden))
        },
        if j.opslag > Decimal::ZERO {
            format!(" + {}% vakantietoeslag", procent_afgerond(j.opslag, 2))
        } else {
            String::new()
        },
        euro(j.bedrag)
    )
}

/// An income kind as it reads in a letter: `WW`, `Wajong`, `loon`.
fn soort_tekst(s: Soort) -> String {
    match s.naam() {
        "wajong" => "Wajong".to_string(),
        n @ ("ww" | "zw" | "wia" | "wao" | "ioaw" | "ioaz" | "tw") => n.to_uppercase(),
        n => n.replace('_', " "),
    }
}

/// The instalments in words: `elk € 250,00`, `2 × € 333,33 en een laatste termijn van € 333,34`.
pub(super) fn termijnbedragen(b: &Betaling) -> String {
    let eerste = b.termijnen.first().map(|t| t.bedrag);
    let laatste = b.termijnen.last().map(|t| t.bedrag);
    match (eerste, laatste) {
        (Some(e), Some(l)) if e == l => format!("elk {}", euro(e.0)),
        (Some(e), Some(l)) => format!(
            "{} × {} en een laatste termijn van {}",
            b.termijnen.len() - 1,
            euro(e.0),
            euro(l.0)
        ),
        _ => String::new(),
    }
}

fn toon_waarde(w: &W) -> String {
    match w {
        W::Dec(d) => euro(*d),
        W::Int(i) => i.to_string(),
        W::Bool(b) => if *b { "ja" } else { "nee" }.to_string(),
        _ => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A placeholder's value in a reason text: an amount in euros, a count as a number, a
    /// yes/no in words.
    #[test]
    fn waarden_in_een_tekst() {
        assert_eq!(toon_waarde(&W::Dec(Decimal::new(123_450, 2))), "€ 1.234,50");
        assert_eq!(toon_waarde(&W::Int(3)), "3");
        assert_eq!(toon_waarde(&W::Bool(true)), "ja");
        assert_eq!(toon_waarde(&W::Bool(false)), "nee");
        assert_eq!(toon_waarde(&W::Unit), W::Unit.to_string());
    }

    /// A text missing from redenen.toml: which table, and what to add there.
    #[test]
    fn ontbrekende_tekst_zegt_wat_toe_te_voegen() {
        let leeg = std::collections::BTreeMap::<String, ()>::new();
        let r = uit_redenen(&leeg, 2026, "x", Code::PackRedenOntbreekt).expect_err("ontbreekt");
        assert_eq!(
            r.bericht,
            "redenen.toml van 2026 heeft geen tekst voor reden `x`"
        );
        assert_eq!(
            r.hulp.as_deref(),
            Some("voeg `[reden.x]` met `tekst` en `grondslag` toe")
        );
        let v =
            uit_redenen(&leeg, 2026, "y", Code::PackVeranderingOntbreekt).expect_err("ontbreekt");
        assert_eq!(
            v.bericht,
            "redenen.toml van 2026 heeft geen tekst voor verandering `y`"
        );
        assert_eq!(
            v.hulp.as_deref(),
            Some("voeg `[verandering.y]` met `tekst` toe")
        );
    }
}
