//! The tables of `beleidsregels.toml` (CONTRACT §3): one type per table, with the defaults that
//! apply to a key the municipality leaves out.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// On which income the doelgroep test and the amounts are decided when the household's net
/// income is below the bijstand norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ToekennenOp {
    /// Het werkelijke inkomen; de aanvullende bijstand is een aparte aanspraak (standaard).
    WerkelijkInkomen,
    /// De uitkomst nadat het huishouden de aanvullende algemene bijstand ontvangt.
    NaAanvullendeBijstand,
}

/// `[aanvullende_bijstand]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AanvullendeBijstand {
    /// `werkelijk_inkomen` of `na_aanvullende_bijstand`.
    pub(crate) toekennen_op: ToekennenOp,
}

/// `[ambtshalve]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ambtshalve {
    /// Iedereen op de lijst van de Belastingdienst ambtshalve toekennen, zonder verdere toets.
    #[serde(default = "waar")]
    pub(crate) lijst_belastingdienst: bool,
    /// Huishoudens bekend uit het handelingsperspectief met ongewijzigde omstandigheden ambtshalve toekennen.
    #[serde(default)]
    pub(crate) bekend_uit_handelingsperspectief: bool,
}

fn waar() -> bool {
    true
}

/// `[terugwerkende_kracht]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TerugwerkendeKracht {
    /// Jaren van het handelingsperspectief waarop wordt teruggekeken.
    #[schemars(with = "Vec<i32>")]
    pub(crate) jaren: Spanned<Vec<i32>>,
}

/// Choice of vermogensgrens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VermogensgrensKeuze {
    /// De vermogensgrens van de zorgtoeslag (VNG-advies).
    Zorgtoeslag,
    /// De vermogensgrens van art. 34 Participatiewet.
    Participatiewet,
    /// Een eigen bedrag (`bedrag`).
    Bedrag,
}

impl VermogensgrensKeuze {
    /// Name as used in rules.
    pub(crate) fn naam(self) -> &'static str {
        match self {
            VermogensgrensKeuze::Zorgtoeslag => "zorgtoeslag",
            VermogensgrensKeuze::Participatiewet => "participatiewet",
            VermogensgrensKeuze::Bedrag => "bedrag",
        }
    }
}

/// `[vermogen]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vermogen {
    /// Welke vermogensgrens geldt.
    pub(crate) grens: VermogensgrensKeuze,
    /// Het bedrag, alleen bij `grens = "bedrag"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Decimal>")]
    pub(crate) bedrag: Option<Spanned<Decimal>>,
}

/// `[inkomen]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InkomenRegels {
    /// Aantal maanden waarover het inkomen wordt gemiddeld (VNG-advies: 3).
    #[schemars(with = "u32")]
    pub(crate) referteperiode_maanden: Spanned<u32>,
    /// Aantal maanden dat volstaat als elke maand hetzelfde inkomen geeft (VNG-advies: 1).
    #[schemars(with = "u32")]
    pub(crate) referteperiode_gelijk_inkomen_maanden: Spanned<u32>,
    /// Opslag voor vakantietoeslag op maandbedragen van loon en uitkeringen (0.08 = 8%).
    #[schemars(with = "Decimal")]
    pub(crate) vakantietoeslag_opslag: Spanned<Decimal>,
}

/// `[aanvraag]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Aanvraag {
    /// Een aanvraag voor jaar J kan tot zoveel maanden na afloop van J worden ingediend.
    #[schemars(with = "u32")]
    pub(crate) uiterlijk_maanden_na_afloop_jaar: Spanned<u32>,
    /// Een aanvraag na de aanvraagperiode wordt niet zonder meer afgewezen: het college beoordeelt
    /// of de hardheidsclausule (art. 4:84 Awb) toepassing vraagt. Zonder deze sleutel: `true`.
    #[serde(default = "waar")]
    pub(crate) hardheidsclausule: bool,
}

/// How payment is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Betaalwijze {
    /// In één keer.
    Ineens,
    /// In termijnen.
    Termijnen,
}

impl Betaalwijze {
    /// Name as in beleidsregels.toml.
    pub(crate) fn naam(self) -> &'static str {
        match self {
            Betaalwijze::Ineens => "ineens",
            Betaalwijze::Termijnen => "termijnen",
        }
    }
}

/// `[betaling]`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Betaling {
    /// Ineens of in termijnen.
    pub(crate) wijze: Betaalwijze,
    /// Aantal termijnen (1 tot en met 12).
    #[serde(default = "een")]
    #[schemars(with = "u32")]
    pub(crate) termijnen: Spanned<u32>,
    /// Maanden tussen twee termijnen (1 tot en met 12; standaard 1: maandelijks). Bepaalt in
    /// welk jaar elke termijn valt, en daarmee het tarief van de eindheffing.
    #[serde(default = "een")]
    #[schemars(with = "u32")]
    pub(crate) termijn_maanden: Spanned<u32>,
}

fn een() -> Spanned<u32> {
    Spanned::new(0..0, 1)
}
