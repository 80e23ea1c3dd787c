//! Reading a parameter file. The TOML is walked as a raw tree (`toml::de::DeTable`) so that
//! decimal literals arrive exactly as written (`0.0661`, `1800.00`): TOML floats never pass
//! through binary floating point.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::parameter::{Parameter, Parameters, Waarde, EENHEDEN};
use crate::error::{Code, Fout, Fouten};

const META: &[&str] = &["bron", "eenheid", "toelichting", MAG_NEGATIEF];
/// Allows a negative amount or fraction (`bereik`), on a value or an enclosing table.
const MAG_NEGATIEF: &str = "mag_negatief";
/// Marks a value that is not yet published: `{ nog_niet_vastgesteld = true, bron = "…" }`.
pub(crate) const NOG_NIET_VASTGESTELD: &str = "nog_niet_vastgesteld";

/// Metadata inherited from enclosing tables.
#[derive(Clone, Default)]
struct Meta {
    bron: Option<String>,
    eenheid: Option<String>,
    toelichting: Option<String>,
    mag_negatief: bool,
}

struct Lezer<'a> {
    pad: &'a str,
    /// The parameters of the years this file's year extends: a value without a unit of its own
    /// keeps the unit (and `mag_negatief`) of the value it overrides.
    geerfd: &'a Parameters,
    tekst: Arc<str>,
    jaar: i32,
    uit: Vec<Parameter>,
    fouten: Vec<Fout>,
}

/// Read the parameters of one file. `namespace` is the file stem (`zorgtoeslag`), `jaar` the
/// pack year, `pad` the path shown in messages, `geerfd` the parameters inherited through
/// `extends` (their units apply to an override that does not name its own).
pub(crate) fn laad_parameterbestand(
    pad: &str,
    tekst: &str,
    namespace: &str,
    jaar: i32,
    geerfd: &Parameters,
) -> Result<Vec<Parameter>, Fouten> {
    let tekst: Arc<str> = Arc::from(tekst);
    let (tabel, syntax) = DeTable::parse_recoverable(&tekst);
    if !syntax.is_empty() {
        return Err(Fouten(
            syntax
                .into_iter()
                .map(|e| toml_fout(pad, &tekst, &e, Code::ParamsToml))
                .collect(),
        ));
    }
    let mut lezer = Lezer {
        pad,
        geerfd,
        tekst: tekst.clone(),
        jaar,
        uit: Vec::new(),
        fouten: Vec::new(),
    };
    lezer.tabel(namespace, tabel.get_ref(), &Meta::default());
    if lezer.fouten.is_empty() {
        Ok(lezer.uit)
    } else {
        Err(Fouten(lezer.fouten))
    }
}

/// Turn a toml error into a located error.
pub fn toml_fout(pad: &str, tekst: &Arc<str>, e: &toml::de::Error, code: Code) -> Fout {
    let f = Fout::regel(code, vertaal_toml(e.message()));
    match e.span() {
        Some(span) => f.in_bestand(pad, tekst, span),
        None => f.bij(crate::error::Locatie::Pad(pad.to_string())),
    }
}

/// Dutch wording for the commonest toml messages; the original is kept for the rest (behind
/// "ongeldige TOML:").
pub fn vertaal_toml(m: &str) -> String {
    let m = m.trim();
    let vertaald = TOML_MELDINGEN
        .iter()
        .find(|(engels, _)| m.starts_with(engels))
        .map(|(_, nl)| *nl);
    match vertaald {
        Some(nl) => format!("ongeldige TOML: {nl}"),
        None if m == "duplicate key" => {
            "deze sleutel staat twee keer in dezelfde tabel".to_string()
        }
        None => format!("ongeldige TOML: {m}"),
    }
}

/// The toml parser's commonest messages (their start) in Dutch.
const TOML_MELDINGEN: [(&str, &str); 5] = [
    (
        "string values must be quoted",
        "een tekst hoort tussen aanhalingstekens (\"…\")",
    ),
    (
        "extra comma in inline table",
        "een komma die hier niet hoort; een getal schrijft u met een punt (1200.50)",
    ),
    (
        "invalid number",
        "geen geldig getal; schrijf een getal met een punt (1200.50)",
    ),
    ("expected `=`", "hier hoort `=` (sleutel = waarde)"),
    ("unclosed inline table", "een `{` zonder `}`"),
];

impl Lezer<'_> {
    fn fout(
        &mut self,
        code: Code,
        bericht: String,
        span: std::ops::Range<usize>,
        hulp: Option<String>,
    ) {
        let mut f = Fout::regel(code, bericht).in_bestand(self.pad, &self.tekst, span);
        if let Some(h) = hulp {
            f = f.hulp(h);
        }
        self.fouten.push(f);
    }

    fn meta_van(&mut self, tabel: &DeTable<'_>, ouder: &Meta) -> Meta {
        let mut m = ouder.clone();
        for (k, v) in tabel.iter() {
            let veld = match k.get_ref().as_ref() {
                MAG_NEGATIEF => {
                    match v.get_ref() {
                        DeValue::Boolean(b) => m.mag_negatief = *b,
                        _ => self.fout(
                            Code::ParamsMetaType,
                            format!("`{MAG_NEGATIEF}` moet `true` of `false` zijn"),
                            v.span(),
                            None,
                        ),
                    }
                    continue;
                }
                "bron" => &mut m.bron,
                "eenheid" => &mut m.eenheid,
                "toelichting" => &mut m.toelichting,
                _ => continue,
            };
            match v.get_ref().as_str() {
                Some(s) if !s.trim().is_empty() => *veld = Some(s.to_string()),
                _ => {
                    let naam = k.get_ref().to_string();
                    self.fout(
                        Code::ParamsMetaType,
                        format!("`{naam}` moet een niet-lege tekst zijn"),
                        v.span(),
                        None,
                    );
                }
            }
        }
        if let Some(e) = m.eenheid.clone() {
            if !EENHEDEN.contains(&e.as_str()) {
                if let Some(v) = tabel.get("eenheid") {
                    let hint = crate::suggest::dichtstbij(&e, EENHEDEN.iter().copied())
                        .map(|s| format!("bedoelt u `{s}`? Toegestaan: {}", EENHEDEN.join(", ")))
                        .or_else(|| Some(format!("toegestaan: {}", EENHEDEN.join(", "))));
                    self.fout(
                        Code::ParamsEenheid,
                        format!("onbekende eenheid `{e}`"),
                        v.span(),
                        hint,
                    );
                }
            }
        }
        m
    }

    fn tabel(&mut self, prefix: &str, tabel: &DeTable<'_>, ouder: &Meta) {
        let meta = self.meta_van(tabel, ouder);
        for (k, v) in tabel.iter() {
            let sleutel = k.get_ref().as_ref();
            if META.contains(&sleutel) {
                continue;
            }
            if sleutel == "waarde" {
                self.fout(
                    Code::ParamsWaardeInTabel,
                    "`waarde` hoort in een inline tabel met de naam van de parameter".to_string(),
                    k.span(),
                    Some("schrijf `naam = { waarde = …, bron = \"…\" }`".to_string()),
                );
                continue;
            }
            let naam = format!("{prefix}.{sleutel}");
            if !geldige_naam(sleutel) {
                self.fout(
                    Code::ParamsNaam,
                    format!("`{sleutel}` is geen geldige parameternaam"),
                    k.span(),
                    Some(
                        "gebruik kleine letters, cijfers en `_`, beginnend met een letter"
                            .to_string(),
                    ),
                );
                continue;
            }
            match v.get_ref() {
                DeValue::Table(t)
                    if t.get("waarde").is_some() || t.get(NOG_NIET_VASTGESTELD).is_some() =>
                {
                    self.met_waarde(&naam, k, t, &meta)
                }
                DeValue::Table(t) => self.tabel(&naam, t, &meta),
                _ => {
                    if let Some(w) = self.waarde(v) {
                        let mut meta = meta.clone();
                        self.in_bereik(&naam, &w, v, &mut meta);
                        self.voeg_toe(&naam, k, w, &meta);
                    }
                }
            }
        }
    }

    fn met_waarde(
        &mut self,
        naam: &str,
        k: &Spanned<toml::de::DeString<'_>>,
        t: &DeTable<'_>,
        ouder: &Meta,
    ) {
        for (sk, _) in t.iter() {
            let s = sk.get_ref().as_ref();
            if s != "waarde" && s != NOG_NIET_VASTGESTELD && !META.contains(&s) {
                let hint = crate::suggest::dichtstbij(s, ["waarde", "bron", "eenheid", "toelichting", MAG_NEGATIEF, NOG_NIET_VASTGESTELD])
                    .map(|x| format!("bedoelt u `{x}`? Een waarde-tabel kent alleen waarde (of nog_niet_vastgesteld), bron, eenheid, toelichting en mag_negatief"));
                self.fout(
                    Code::ParamsOnbekendeSleutel,
                    format!("onbekende sleutel `{s}` in parameter `{naam}`"),
                    sk.span(),
                    hint,
                );
            }
        }
        let meta = self.meta_van(t, ouder);
        if let Some(v) = t.get(NOG_NIET_VASTGESTELD) {
            if !matches!(v.get_ref(), DeValue::Boolean(true)) {
                self.fout(
                    Code::ParamsNogNietVastgesteld,
                    format!("`{NOG_NIET_VASTGESTELD}` kan alleen `true` zijn"),
                    v.span(),
                    Some(
                        "laat de sleutel weg en geef een `waarde` als het bedrag bekend is"
                            .to_string(),
                    ),
                );
                return;
            }
            if let Some(w) = t.get("waarde") {
                self.fout(
                    Code::ParamsNogNietVastgesteld,
                    format!("parameter `{naam}` heeft een `waarde` én `{NOG_NIET_VASTGESTELD} = true`"),
                    w.span(),
                    Some(format!("een gepubliceerde waarde: laat `{NOG_NIET_VASTGESTELD}` weg; nog niet gepubliceerd: laat `waarde` weg")),
                );
                return;
            }
            self.voeg_toe(naam, k, Waarde::NogNietVastgesteld, &meta);
        } else if let Some(v) = t.get("waarde") {
            if let Some(w) = self.waarde(v) {
                let mut meta = meta;
                self.in_bereik(naam, &w, v, &mut meta);
                self.voeg_toe(naam, k, w, &meta);
            }
        }
    }

    /// The value fits its unit (`bereik`); an error at the value's position otherwise.
    fn in_bereik(&mut self, naam: &str, w: &Waarde, v: &Spanned<DeValue<'_>>, meta: &mut Meta) {
        if meta.eenheid.is_none() {
            if let Some(p) = self.geerfd.get(naam) {
                meta.eenheid.clone_from(&p.eenheid);
                meta.mag_negatief |= p.mag_negatief;
            }
        }
        let mut buiten = Vec::new();
        let eenheid = meta.eenheid.as_deref();
        super::bereik::controleer(naam, eenheid, meta.mag_negatief, w, v, &mut buiten);
        for b in buiten {
            self.fout(b.code, b.bericht, b.span, Some(b.hulp));
        }
    }

    fn voeg_toe(
        &mut self,
        naam: &str,
        k: &Spanned<toml::de::DeString<'_>>,
        waarde: Waarde,
        meta: &Meta,
    ) {
        let Some(bron) = meta.bron.clone() else {
            self.fout(
                Code::ParamsMissingBron,
                format!("parameter `{naam}` heeft geen `bron`"),
                k.span(),
                Some(
                    "elke waarde noemt zijn wettelijke bron: schrijf `{ waarde = …, bron = \"regeling, artikel, publicatie\" }` \
                     of zet `bron = \"…\"` in de omringende tabel"
                        .to_string(),
                ),
            );
            return;
        };
        let (regel, _) = crate::error::regel_kolom(&self.tekst, k.span().start);
        self.uit.push(Parameter {
            naam: naam.to_string(),
            waarde,
            bron,
            eenheid: meta.eenheid.clone(),
            mag_negatief: meta.mag_negatief,
            toelichting: meta.toelichting.clone(),
            jaar: self.jaar,
            pad: self.pad.to_string(),
            regel,
        });
    }

    fn waarde(&mut self, v: &Spanned<DeValue<'_>>) -> Option<Waarde> {
        match v.get_ref() {
            DeValue::String(s) => Some(Waarde::Tekst(s.to_string())),
            DeValue::Boolean(b) => Some(Waarde::Logisch(*b)),
            DeValue::Integer(i) => {
                let tekst = i.as_str().replace('_', "");
                let d = if i.radix() == 10 {
                    Decimal::from_str(&tekst).ok()
                } else {
                    i64::from_str_radix(&tekst, i.radix())
                        .ok()
                        .map(Decimal::from)
                };
                self.getal(d, v)
            }
            DeValue::Float(f) => {
                let tekst = f.as_str().replace('_', "");
                let d = Decimal::from_str(&tekst)
                    .ok()
                    .or_else(|| Decimal::from_scientific(&tekst).ok());
                self.getal(d, v)
            }
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match chrono::NaiveDate::from_ymd_opt(
                        d.year as i32,
                        d.month as u32,
                        d.day as u32,
                    ) {
                        Some(nd) => Some(Waarde::Datum(nd)),
                        None => {
                            self.fout(
                                Code::ParamsDatum,
                                format!("ongeldige datum `{dt}`"),
                                v.span(),
                                None,
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.fout(
                        Code::ParamsDatum,
                        format!("`{dt}` bevat een tijd; een parameter is een datum zonder tijd"),
                        v.span(),
                        Some("schrijf de datum als JJJJ-MM-DD".to_string()),
                    );
                    None
                }
            },
            DeValue::Array(a) => {
                let mut lijst = Vec::with_capacity(a.len());
                for item in a.iter() {
                    let w = match item.get_ref() {
                        DeValue::Table(t) => self.rij(t),
                        _ => self.waarde(item),
                    };
                    lijst.push(w?);
                }
                Some(Waarde::Lijst(lijst))
            }
            DeValue::Table(t) => self.rij(t),
        }
    }

    fn rij(&mut self, t: &DeTable<'_>) -> Option<Waarde> {
        let mut rij = std::collections::BTreeMap::new();
        for (k, v) in t.iter() {
            let w = self.waarde(v)?;
            rij.insert(k.get_ref().to_string(), w);
        }
        Some(Waarde::Rij(rij))
    }

    fn getal(&mut self, d: Option<Decimal>, v: &Spanned<DeValue<'_>>) -> Option<Waarde> {
        match d {
            Some(d) => Some(Waarde::Getal(d)),
            None => {
                self.fout(
                    Code::ParamsGetal,
                    "dit getal kan niet exact als decimaal worden gelezen".to_string(),
                    v.span(),
                    Some("schrijf het getal zonder exponent, met hooguit 28 cijfers".to_string()),
                );
                None
            }
        }
    }
}

fn geldige_naam(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(x) if x.is_ascii_lowercase())
        && c.all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laad(t: &str) -> Result<Vec<Parameter>, Fouten> {
        laad_parameterbestand("t.toml", t, "ns", 2025, &Parameters::default())
    }

    #[test]
    fn decimalen_komen_exact_aan() {
        let p = laad("bron = \"x\"\na = 0.0661\nb = 1800.00\nc = 0.55812\nd = 12345678901.123456789\ne = 7\n")
            .unwrap_or_default();
        let get = |n: &str| {
            p.iter()
                .find(|x| x.naam == n)
                .map(|x| x.waarde.to_string())
                .unwrap_or_default()
        };
        assert_eq!(get("ns.a"), "0.0661");
        assert_eq!(get("ns.b"), "1800.00");
        assert_eq!(get("ns.c"), "0.55812");
        assert_eq!(get("ns.d"), "12345678901.123456789");
        assert_eq!(get("ns.e"), "7");
    }

    #[test]
    fn bron_van_omringende_tabel() {
        let p = laad("[x]\nbron = \"wet\"\na = { waarde = 0.5, eenheid = \"fractie\" }\n")
            .unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].naam, "ns.x.a");
        assert_eq!(p[0].bron, "wet");
        assert_eq!(p[0].eenheid.as_deref(), Some("fractie"));
        assert_eq!(p[0].regel, 3);
    }

    #[test]
    fn ontbrekende_bron_noemt_regel_en_kolom() {
        let e = laad("[x]\n  a = 1\n").unwrap_err();
        assert_eq!(e.0[0].code, Code::ParamsMissingBron);
        assert_eq!(
            e.to_string().lines().next().unwrap_or_default(),
            "t.toml:2:3: parameter `ns.x.a` heeft geen `bron`"
        );
    }

    fn eerste_fout(t: &str) -> String {
        laad(t)
            .err()
            .map(|e| e.to_string().lines().next().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn negatief_bedrag_geweigerd_op_zijn_plaats() {
        let e =
            eerste_fout("bron = \"x\"\nbedrag = { waarde = -1000, eenheid = \"euro_per_jaar\" }\n");
        assert!(e.starts_with("t.toml:2:21: "), "{e}");
        assert!(e.contains("niet negatief"), "{e}");
    }

    #[test]
    fn percentage_als_fractie_geweigerd() {
        let e = eerste_fout("bron = \"x\"\n[p]\neenheid = \"fractie\"\nj2025 = 55.81\n");
        assert!(e.starts_with("t.toml:4:9: "), "{e}");
        assert!(e.contains("tussen 0 en 1"), "{e}");
    }
}
