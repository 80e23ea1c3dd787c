//! The beleidsregels of one municipality as avp reads them (CONTRACT §3): the tables that hold
//! a choice, and what each choice means for a decision.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::tabellen::{
    Aanvraag, AanvullendeBijstand, Ambtshalve, Betaalwijze, Betaling, InkomenRegels,
    TerugwerkendeKracht, ToekennenOp, Vermogen, VermogensgrensKeuze,
};

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
