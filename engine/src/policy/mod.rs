//! A municipality's beleidsregels (VNG model format, CONTRACT §3). A table that is absent means
//! the default applies; the decision's explanation says which. The choices themselves, their
//! defaults and texts are data in the national pack (`keuzes.toml`, see [`keuzes`]).

pub mod keuzes;
mod tabellen;

pub use keuzes::Keuzes;
pub(crate) use tabellen::{
    Aanvraag, AanvullendeBijstand, Ambtshalve, Betaalwijze, Betaling, InkomenRegels,
    TerugwerkendeKracht, ToekennenOp, Vermogen, VermogensgrensKeuze,
};

use std::sync::Arc;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Code, Fout, Fouten, Locatie};
use crate::source::RegelBron;

/// The beleidsregels of one municipality.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "beleidsregels")]
pub struct Beleidsregels {
    /// Officiële naam van de beleidsregels.
    pub naam: String,
    /// Naam van de gemeente zoals in het document (`avp beleidsregels render`), bijvoorbeeld "Voorbeeldstad".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeentenaam: Option<String>,
    /// CBS-gemeentecode, vier cijfers (niet nodig voor het model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) gemeente: Option<Spanned<String>>,
    /// Vindplaats: publicatie (gemeenteblad, CVDR) of het VNG-format.
    pub bron: String,
    /// Art. 2 lid 1: ambtshalve toekenning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) ambtshalve: Option<Ambtshalve>,
    /// Art. 2 lid 2 en 3: jaren waarop wordt teruggekeken (2023, 2024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) terugwerkende_kracht: Option<TerugwerkendeKracht>,
    /// Vermogensgrens voor zelfmelders. Afwezig: de grens van art. 34 Participatiewet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) vermogen: Option<Vermogen>,
    /// Vaststelling van het inkomen van zelfmelders (referteperiode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) inkomen: Option<InkomenRegels>,
    /// Aanvraagperiode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aanvraag: Option<Aanvraag>,
    /// Wijze van betalen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) betaling: Option<Betaling>,
    /// Toets en bedragen bij een netto-inkomen onder de bijstandsnorm: op het werkelijke inkomen
    /// (standaard) of op de uitkomst na aanvullende algemene bijstand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aanvullende_bijstand: Option<AanvullendeBijstand>,
}

/// The tables of `beleidsregels.toml` that hold a choice (CONTRACT §3), in document order.
pub const TABELLEN: [&str; 7] = [
    "ambtshalve",
    "terugwerkende_kracht",
    "aanvraag",
    "inkomen",
    "vermogen",
    "betaling",
    "aanvullende_bijstand",
];

/// Every key of those tables in the order of CONTRACT §3 (for files and documents avp writes).
pub(crate) const SLEUTELS: [&str; 14] = [
    "lijst_belastingdienst",
    "bekend_uit_handelingsperspectief",
    "jaren",
    "grens",
    "bedrag",
    "referteperiode_maanden",
    "referteperiode_gelijk_inkomen_maanden",
    "vakantietoeslag_opslag",
    "uiterlijk_maanden_na_afloop_jaar",
    "hardheidsclausule",
    "wijze",
    "termijnen",
    "termijn_maanden",
    "toekennen_op",
];

/// The keys of `tabel` in contract order (`SLEUTELS`); unknown keys last, alphabetically.
pub fn in_volgorde(tabel: &toml::Table) -> Vec<(&String, &toml::Value)> {
    let mut v: Vec<_> = tabel.iter().collect();
    v.sort_by_key(|(k, _)| {
        SLEUTELS
            .iter()
            .position(|s| s == k)
            .unwrap_or(SLEUTELS.len())
    });
    v
}

/// The effective income rules (beleidsregels or the VNG advice when absent).
#[derive(Debug, Clone, Copy)]
pub struct Referteperiode {
    /// Months averaged.
    pub(crate) maanden: usize,
    /// Months that suffice when all are equal.
    pub(crate) gelijk_maanden: usize,
    /// Holiday-allowance surcharge.
    pub(crate) vakantietoeslag_opslag: Decimal,
}

/// Loaded beleidsregels with their name and hash.
#[derive(Debug, Clone)]
pub struct GeladenBeleid {
    /// The parsed rules.
    pub regels: Beleidsregels,
    /// Short name (directory name or file name).
    pub naam: String,
    /// sha256 of the file text.
    pub(crate) hash: String,
}

impl Beleidsregels {
    /// These beleidsregels completed with `standaard` (the pack's defaults, `keuzes.toml`): every
    /// table this file does not name is taken from the defaults.
    pub fn aangevuld(&self, standaard: Option<&Beleidsregels>) -> Beleidsregels {
        let mut b = self.clone();
        if let Some(s) = standaard {
            b.ambtshalve = b.ambtshalve.or_else(|| s.ambtshalve.clone());
            b.terugwerkende_kracht = b
                .terugwerkende_kracht
                .or_else(|| s.terugwerkende_kracht.clone());
            b.vermogen = b.vermogen.or_else(|| s.vermogen.clone());
            b.inkomen = b.inkomen.or_else(|| s.inkomen.clone());
            b.aanvraag = b.aanvraag.or_else(|| s.aanvraag.clone());
            b.betaling = b.betaling.or_else(|| s.betaling.clone());
            b.aanvullende_bijstand = b
                .aanvullende_bijstand
                .or_else(|| s.aanvullende_bijstand.clone());
        }
        b
    }

    /// Whether this file names table `tabel` (one of [`TABELLEN`]).
    pub fn noemt(&self, tabel: &str) -> bool {
        match tabel {
            "ambtshalve" => self.ambtshalve.is_some(),
            "terugwerkende_kracht" => self.terugwerkende_kracht.is_some(),
            "vermogen" => self.vermogen.is_some(),
            "inkomen" => self.inkomen.is_some(),
            "aanvraag" => self.aanvraag.is_some(),
            "betaling" => self.betaling.is_some(),
            "aanvullende_bijstand" => self.aanvullende_bijstand.is_some(),
            _ => false,
        }
    }

    /// The table `tabel` as TOML values (for rendering), or `None` when absent.
    pub fn tabel(&self, tabel: &str) -> Option<toml::Table> {
        let v = toml::Table::try_from(self).ok()?;
        match v.get(tabel) {
            Some(toml::Value::Table(t)) => Some(t.clone()),
            _ => None,
        }
    }

    /// Whether the beleidsregels look back on `jaar` (art. 2 lid 2 and 3).
    pub fn kijkt_terug_naar(&self, jaar: i32) -> bool {
        self.terugwerkende_kracht
            .as_ref()
            .is_some_and(|t| t.jaren.get_ref().contains(&jaar))
    }

    /// The last day on which an application for `jaar` is accepted, if there is a deadline.
    pub fn uiterste_aanvraagdatum(&self, jaar: i32) -> Option<chrono::NaiveDate> {
        let a = self.aanvraag.as_ref()?;
        chrono::NaiveDate::from_ymd_opt(jaar, 12, 31).and_then(|d| {
            d.checked_add_months(chrono::Months::new(
                *a.uiterlijk_maanden_na_afloop_jaar.get_ref(),
            ))
        })
    }

    /// Whether a late application is assessed under the hardheidsclausule instead of rejected
    /// outright (true when the beleidsregels do not say otherwise).
    pub fn hardheidsclausule_bij_late_aanvraag(&self) -> bool {
        self.aanvraag.as_ref().is_none_or(|a| a.hardheidsclausule)
    }

    /// Whether the doelgroep test and the amounts are decided on the outcome after aanvullende
    /// algemene bijstand (false when the beleidsregels do not say so).
    pub fn toekennen_na_aanvullende_bijstand(&self) -> bool {
        self.aanvullende_bijstand
            .as_ref()
            .is_some_and(|a| a.toekennen_op == ToekennenOp::NaAanvullendeBijstand)
    }

    /// How a grant is paid: the way and the number of instalments (in one go when absent).
    pub fn betaalwijze(&self) -> (Betaalwijze, u32) {
        match &self.betaling {
            Some(b) => (b.wijze, *b.termijnen.get_ref()),
            None => (Betaalwijze::Ineens, 1),
        }
    }

    /// The payment date of every instalment when the first is paid on `eerste`: one a month, or
    /// every `termijn_maanden` months.
    pub fn betaaldatums(&self, eerste: chrono::NaiveDate) -> Vec<chrono::NaiveDate> {
        let (_, n) = self.betaalwijze();
        let stap = self
            .betaling
            .as_ref()
            .map_or(1, |b| *b.termijn_maanden.get_ref());
        (0..n.max(1))
            .map(|k| {
                eerste
                    .checked_add_months(chrono::Months::new(k.saturating_mul(stap)))
                    .unwrap_or(eerste)
            })
            .collect()
    }
    /// The referteperiode that applies: the beleidsregels' or, when absent, the VNG advice.
    pub fn referteperiode(&self) -> Referteperiode {
        match &self.inkomen {
            Some(i) => Referteperiode {
                maanden: *i.referteperiode_maanden.get_ref() as usize,
                gelijk_maanden: *i.referteperiode_gelijk_inkomen_maanden.get_ref() as usize,
                vakantietoeslag_opslag: *i.vakantietoeslag_opslag.get_ref(),
            },
            None => Referteperiode {
                maanden: 3,
                gelijk_maanden: 1,
                vakantietoeslag_opslag: Decimal::new(8, 2),
            },
        }
    }

    /// Whether list households are granted without further test.
    pub fn lijst_ambtshalve(&self) -> bool {
        self.ambtshalve
            .as_ref()
            .map(|a| a.lijst_belastingdienst)
            .unwrap_or(true)
    }

    /// Whether known households with unchanged circumstances are granted ambtshalve.
    pub fn bekend_ambtshalve(&self) -> bool {
        self.ambtshalve
            .as_ref()
            .map(|a| a.bekend_uit_handelingsperspectief)
            .unwrap_or(false)
    }

    /// The vermogensgrens choice (`participatiewet` when absent).
    pub fn vermogensgrens(&self) -> (VermogensgrensKeuze, Option<Decimal>) {
        match &self.vermogen {
            Some(v) => (v.grens, v.bedrag.as_ref().map(|b| *b.get_ref())),
            None => (VermogensgrensKeuze::Participatiewet, None),
        }
    }
}

/// Read and check beleidsregels from text.
pub fn lees_beleidsregels(pad: &str, tekst: &str) -> Result<Beleidsregels, Fouten> {
    let t: Arc<str> = Arc::from(tekst);
    let de = toml::Deserializer::parse(tekst)
        .map_err(|e| Fouten::from(crate::params::toml_fout(pad, &t, &e, Code::BeleidToml)))?;
    let b: Beleidsregels = serde_path_to_error::deserialize(de).map_err(|e| {
        let veld = e
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "");
        let inner = e.into_inner();
        let (bericht, hulp) = crate::record::serde_bericht_pub(inner.message());
        let (bericht, hulp) = leesbaar_type(bericht, hulp);
        let mut f = Fout::regel(Code::BeleidVeld, format!("`{veld}`: {bericht}"));
        if let Some(h) = hulp {
            f = f.hulp(h);
        }
        Fouten::from(match inner.span() {
            Some(s) => f.in_bestand(pad, &t, s),
            None => f.bij(Locatie::Pad(pad.to_string())),
        })
    })?;
    let mut fouten: Vec<(usize, Fout)> = Vec::new();
    let mut fout = |span: std::ops::Range<usize>, bericht: String, hulp: &str| {
        fouten.push((
            span.start,
            Fout::regel(Code::BeleidWaarde, bericht)
                .in_bestand(pad, &t, span)
                .hulp(hulp.to_string()),
        ));
    };
    let tabel_span = |naam: &str| tabel_span(tekst, naam);
    if let Some(v) = &b.vermogen {
        controleer_vermogen(v, tabel_span("vermogen"), &mut fout);
    }
    if let Some(i) = &b.inkomen {
        controleer_inkomen(i, &mut fout);
    }
    if let Some(bt) = &b.betaling {
        controleer_betaling(bt, tabel_span("betaling"), &mut fout);
    }
    if let Some(t) = &b.terugwerkende_kracht {
        for j in t.jaren.get_ref() {
            if !(2023..=2024).contains(j) {
                fout(
                    t.jaren.span(),
                    format!("{j} is geen jaar van het handelingsperspectief"),
                    "terugwerkende kracht geldt alleen voor 2023 en 2024 (art. 2 lid 2 en 3 VNG-format)",
                );
            }
        }
    }
    if let Some(a) = &b.aanvraag {
        let m = *a.uiterlijk_maanden_na_afloop_jaar.get_ref();
        if m > 60 {
            fout(
                a.uiterlijk_maanden_na_afloop_jaar.span(),
                format!("een aanvraagperiode van {m} maanden na afloop van het jaar is niet aannemelijk"),
                "kies een termijn van 0 tot en met 60 maanden (VNG-model: 12)",
            );
        }
    }
    if let Some(g) = &b.gemeente {
        if g.get_ref().len() != 4 || !g.get_ref().bytes().all(|c| c.is_ascii_digit()) {
            fout(
                g.span(),
                format!("`{}` is geen CBS-gemeentecode", g.get_ref()),
                "een CBS-gemeentecode heeft vier cijfers, bijvoorbeeld \"0344\"",
            );
        }
    }
    if fouten.is_empty() {
        Ok(b)
    } else {
        // in the order of the file
        fouten.sort_by_key(|(begin, _)| *begin);
        Err(Fouten(fouten.into_iter().map(|(_, f)| f).collect()))
    }
}

/// Reports a wrong value: its span, the message and the hint.
type Melder<'a> = dyn FnMut(std::ops::Range<usize>, String, &str) + 'a;

/// `[vermogen]`: a `bedrag` exactly when `grens = "bedrag"`, and not negative. `tabel`: the
/// span of the table's header.
fn controleer_vermogen(v: &Vermogen, tabel: std::ops::Range<usize>, fout: &mut Melder) {
    match (v.grens, &v.bedrag) {
        (VermogensgrensKeuze::Bedrag, None) => fout(
            tabel,
            "`vermogen.grens = \"bedrag\"` vraagt ook `vermogen.bedrag`".into(),
            "voeg `bedrag = 50000.00` (of het gekozen bedrag) toe aan [vermogen]",
        ),
        (VermogensgrensKeuze::Bedrag, Some(b)) if *b.get_ref() < Decimal::ZERO => fout(
            b.span(),
            "het bedrag van de vermogensgrens mag niet negatief zijn".into(),
            "kies een bedrag van 0 of meer",
        ),
        (VermogensgrensKeuze::Zorgtoeslag | VermogensgrensKeuze::Participatiewet, Some(b)) => fout(
            b.span(),
            format!(
                "`bedrag` geldt alleen bij `grens = \"bedrag\"`, niet bij `grens = \"{}\"`",
                v.grens.naam()
            ),
            "verwijder `bedrag` of kies `grens = \"bedrag\"`",
        ),
        _ => {}
    }
}

/// `[inkomen]`: a referteperiode of 1-12 months, the equal-income months within it, the
/// holiday-allowance surcharge a fraction.
fn controleer_inkomen(i: &InkomenRegels, fout: &mut Melder) {
    let m = *i.referteperiode_maanden.get_ref();
    if !(1..=12).contains(&m) {
        fout(
            i.referteperiode_maanden.span(),
            format!("een referteperiode van {m} maanden is niet mogelijk"),
            "kies 1 tot en met 12 maanden (VNG-advies: 3)",
        );
    }
    let g = *i.referteperiode_gelijk_inkomen_maanden.get_ref();
    if g < 1 || g > m {
        fout(
            i.referteperiode_gelijk_inkomen_maanden.span(),
            format!(
                "{g} maanden bij gelijk inkomen moet tussen 1 en de referteperiode ({m}) liggen"
            ),
            "VNG-advies: 1 maand als elke maand hetzelfde inkomen geeft",
        );
    }
    let o = *i.vakantietoeslag_opslag.get_ref();
    if o < Decimal::ZERO || o > Decimal::ONE {
        fout(
            i.vakantietoeslag_opslag.span(),
            format!("opslag {o} is geen fractie tussen 0 en 1"),
            "schrijf 8% als 0.08",
        );
    }
}

/// `[betaling]`: 1-12 instalments that fit the `wijze`, 1-12 months between two of them.
/// `tabel`: the span of the table's header.
fn controleer_betaling(bt: &Betaling, tabel: std::ops::Range<usize>, fout: &mut Melder) {
    let n = *bt.termijnen.get_ref();
    if n == 0 || n > 12 {
        fout(
            bt.termijnen.span(),
            format!("{n} termijnen is niet mogelijk"),
            "kies 1 tot en met 12 termijnen (VNG-advies: in één keer of een beperkt aantal termijnen)",
        );
    } else if bt.wijze == Betaalwijze::Ineens && n != 1 {
        fout(
            bt.termijnen.span(),
            format!("`wijze = \"ineens\"` met {n} termijnen past niet"),
            "kies `wijze = \"termijnen\"` of zet `termijnen = 1`",
        );
    } else if bt.wijze == Betaalwijze::Termijnen && n == 1 && bt.termijnen.span().is_empty() {
        fout(
            tabel,
            "`wijze = \"termijnen\"` zonder `termijnen`".to_string(),
            "voeg `termijnen = 4` (of het gekozen aantal) toe aan [betaling]",
        );
    }
    let m = *bt.termijn_maanden.get_ref();
    if !(1..=12).contains(&m) {
        fout(
            bt.termijn_maanden.span(),
            format!("{m} maanden tussen twee termijnen is niet mogelijk"),
            "kies 1 tot en met 12 maanden (standaard 1: elke maand een termijn)",
        );
    }
}

/// Type names for policy officers instead of Rust's (`u32` → "een geheel getal").
fn leesbaar_type(bericht: String, hulp: Option<String>) -> (String, Option<String>) {
    if !bericht.starts_with("verkeerd type") {
        return (bericht, hulp);
    }
    let vertalingen = [
        (
            "verwacht u32",
            "verwacht een geheel getal",
            "schrijf een getal zonder aanhalingstekens, bijvoorbeeld 12",
        ),
        (
            "verwacht i32",
            "verwacht een jaartal",
            "schrijf een jaartal zonder aanhalingstekens, bijvoorbeeld 2024",
        ),
        (
            "verwacht a sequence",
            "verwacht een lijst",
            "schrijf een lijst tussen rechte haken, bijvoorbeeld [2023, 2024]",
        ),
        (
            "verwacht a boolean",
            "verwacht true of false",
            "schrijf true of false, zonder aanhalingstekens",
        ),
        (
            "verwacht a string",
            "verwacht tekst",
            "zet de tekst tussen aanhalingstekens",
        ),
        (
            "verwacht a Decimal type representing a fixed-point number",
            "verwacht een bedrag of getal",
            "schrijf een getal met een punt als decimaalteken, bijvoorbeeld 50000.00",
        ),
    ];
    // The record layer may already have translated the type names: the same hints apply.
    let al_vertaald = [
        (
            "verwacht een geheel getal",
            "schrijf een getal zonder aanhalingstekens, bijvoorbeeld 12",
        ),
        (
            "verwacht een jaartal",
            "schrijf een jaartal zonder aanhalingstekens, bijvoorbeeld 2024",
        ),
        (
            "verwacht een lijst",
            "schrijf een lijst tussen rechte haken, bijvoorbeeld [2023, 2024]",
        ),
        (
            "verwacht true of false",
            "schrijf true of false, zonder aanhalingstekens",
        ),
        ("verwacht tekst", "zet de tekst tussen aanhalingstekens"),
        (
            "verwacht een bedrag",
            "schrijf een getal met een punt als decimaalteken, bijvoorbeeld 50000.00",
        ),
    ];
    let mut hulp = hulp;
    for (nl, tip) in al_vertaald {
        if bericht.contains(nl) {
            hulp = hulp.or_else(|| Some(tip.to_string()));
        }
    }
    let mut b = bericht.replace("verkeerd type: string ", "verkeerd type: tekst ");
    let mut h = hulp;
    for (rust, nl, tip) in vertalingen {
        if b.contains(rust) {
            b = b.replace(rust, nl);
            h = h.or_else(|| Some(tip.to_string()));
        }
    }
    (b, h)
}

/// The span of the header of table `naam` (`[naam]`), or the start of the file.
fn tabel_span(tekst: &str, naam: &str) -> std::ops::Range<usize> {
    toml::de::DeTable::parse(tekst)
        .ok()
        .and_then(|t| {
            t.get_ref()
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == naam)
                .map(|(k, _)| k.span())
        })
        .unwrap_or(0..0)
}

/// Find beleidsregels by name (`vng-model` → `gemeenten/vng-model/beleidsregels.toml` in the
/// rules tree) or by path on disk.
pub fn laad_beleidsregels(
    bron: &dyn RegelBron,
    naam_of_pad: &str,
) -> Result<GeladenBeleid, Fouten> {
    let is_pad = naam_of_pad.ends_with(".toml") || naam_of_pad.contains('/');
    let (tekst, toon, naam) = if is_pad {
        let tekst = std::fs::read_to_string(naam_of_pad).map_err(|e| {
            Fouten::from(
                Fout::invoer(
                    Code::BeleidBestand,
                    format!("kan {naam_of_pad} niet lezen: {e}"),
                )
                .bij(Locatie::Pad(naam_of_pad.to_string())),
            )
        })?;
        // `…/<naam>/beleidsregels.toml` is called <naam>; any other file by its stem
        let p = std::path::Path::new(naam_of_pad);
        let naam = if p.file_name().is_some_and(|f| f == "beleidsregels.toml") {
            p.parent().and_then(|d| d.file_name())
        } else {
            p.file_stem()
        }
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| naam_of_pad.to_string());
        (tekst, naam_of_pad.to_string(), naam)
    } else {
        let pad = format!("gemeenten/{naam_of_pad}/beleidsregels.toml");
        let tekst = bron.lees(&pad).ok_or_else(|| {
            let bekend = bron.inhoud("gemeenten");
            Fouten::from(
                Fout::invoer(
                    Code::BeleidOnbekend,
                    format!("geen beleidsregels `{naam_of_pad}` in {}", bron.naam()),
                )
                .hulp(
                    match crate::suggest::dichtstbij(naam_of_pad, bekend.iter().map(String::as_str))
                    {
                        Some(s) => format!("bedoelt u `{s}`?"),
                        None => format!("beschikbaar: {}", bekend.join(", ")),
                    },
                ),
            )
        })?;
        (tekst, bron.toon_pad(&pad), naam_of_pad.to_string())
    };
    let regels = lees_beleidsregels(&toon, &tekst)?;
    Ok(GeladenBeleid {
        regels,
        naam,
        hash: crate::herkomst::sha256_hex(&[tekst.as_bytes()]),
    })
}
