//! The household record's types (CONTRACT §1): the household, its persons, incomes, children
//! and medebewoners, and the kinds of income.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::datum::Datum;
use super::{grenzen, object};

/// A household as assessed for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "huishouden")]
pub struct Huishouden {
    /// Het beoordeelde jaar (2023–2027).
    pub jaar: i32,
    /// Eigen kenmerk van de gemeente (dossiernummer). Wordt niet beoordeeld en staat niet in de
    /// beslissing; `avp batch --format csv` neemt het over in de kolom `kenmerk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kenmerk: Option<String>,
    /// CBS-gemeentecode, bijvoorbeeld "0344".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeente: Option<String>,
    /// Alleen bij een huishouden op de lijst: de CBS-code van de gemeente waarheen het
    /// huishouden is verhuisd. De gemeente van de lijst betaalt voor dat jaar (VNG-FAQ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verhuisd_naar_gemeente: Option<String>,
    /// De twee personen zijn het hele jaar fiscaal partner.
    #[serde(default)]
    pub fiscaal_partner: bool,
    /// De twee personen zijn het hele jaar toeslagpartner.
    #[serde(default)]
    pub toeslagpartner: bool,
    /// Het BSN van de meestverdienende partner staat op de lijst van de Belastingdienst voor `jaar` (art. 78gg lid 5 PW).
    #[serde(default)]
    pub op_lijst_belastingdienst: bool,
    /// Ontving bijzondere bijstand onder het handelingsperspectief (2023/2024).
    #[serde(default)]
    pub bekend_uit_handelingsperspectief: bool,
    /// De omstandigheden zijn sindsdien gewijzigd.
    #[serde(default)]
    pub omstandigheden_gewijzigd: bool,
    /// Datum van de aanvraag (zelfmelder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aanvraagdatum: Option<Datum>,
    /// Het college past bij een aanvraag na de aanvraagperiode de hardheidsclausule toe (na de
    /// actie `hardheidsclausule_beoordelen`): de aanvraag wordt dan beoordeeld als was zij op tijd.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hardheidsclausule_toegepast: bool,
    /// Datum van de (eerste) betaling, als die bekend is. De eindheffing volgt het tarief van het
    /// jaar van betaling. Zonder deze datum: de aanvraagdatum, en anders 1 januari van `jaar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betaaldatum: Option<Datum>,
    /// Gezamenlijk vermogen op 1 januari van `jaar`.
    #[serde(default)]
    #[schemars(with = "BedragSchema")]
    pub vermogen: Decimal,
    /// Netto waarde van de eigen woning op 1 januari van `jaar`: de waarde min de
    /// eigenwoningschuld. Apart van `vermogen`; onder de vermogensgrens van de Participatiewet
    /// vrijgelaten tot de grens van art. 34 lid 2 onder d, onder de toeslaggrenzen niet meegeteld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BedragSchema>")]
    pub vermogen_eigen_woning: Option<Decimal>,
    /// Het aantal andere volwassenen dat de woning deelt en als kostendelende medebewoner telt
    /// (art. 19a en 22a Participatiewet), voor de bijstandsreferentie. Geef dit of
    /// `medebewoners`, niet beide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = grenzen::MAXIMUM_MEDEBEWONERS))]
    pub kostendelende_medebewoners: Option<u32>,
    /// De andere personen die in de woning hun hoofdverblijf hebben (meerderjarige kinderen,
    /// andere medebewoners), met geboortedatum: wie de leeftijdsgrens van art. 19a
    /// Participatiewet heeft bereikt, telt per maand als kostendelende medebewoner.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "object::lijst"
    )]
    #[schemars(length(max = grenzen::MAXIMUM_MEDEBEWONERS))]
    pub medebewoners: Vec<Medebewoner>,
    /// Rekenhuur per maand; afwezig = geen huurtoeslagsituatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BedragSchema>")]
    pub huur_per_maand: Option<Decimal>,
    /// Rekeningnummer voor de betaling (IBAN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// De aanvrager en, bij een paar, de partner.
    #[serde(deserialize_with = "object::lijst")]
    pub personen: Vec<Persoon>,
    /// Thuiswonende kinderen.
    #[serde(default, deserialize_with = "object::lijst")]
    #[schemars(length(max = grenzen::MAXIMUM_KINDEREN))]
    pub kinderen: Vec<Kind>,
}

/// A person of the household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Persoon {
    /// Burgerservicenummer (9 cijfers, elfproef).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bsn: Option<String>,
    /// Geboortedatum.
    pub geboortedatum: Datum,
    /// Overlijdensdatum, als de persoon is overleden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlijdensdatum: Option<Datum>,
    /// Inkomsten van deze persoon.
    #[serde(default, deserialize_with = "object::lijst")]
    pub inkomsten: Vec<Inkomen>,
}

/// One income of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inkomen {
    /// Soort inkomen.
    pub soort: Soort,
    /// Bruto per jaar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BedragSchema>")]
    pub bruto_per_jaar: Option<Decimal>,
    /// Bruto per maand over de referteperiode, oudste maand eerst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<BedragSchema>>")]
    pub bruto_per_maand: Option<Vec<Decimal>>,
}

/// Another adult who has the home as main residence (for the kostendelersnorm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Medebewoner {
    /// Geboortedatum.
    pub geboortedatum: Datum,
}

impl object::Onderdeel for Medebewoner {
    const NAAM: &'static str = "medebewoner";
}

/// A child living at home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Geboortedatum.
    pub geboortedatum: Datum,
}

impl object::Onderdeel for Persoon {
    const NAAM: &'static str = "persoon";
}

impl object::Onderdeel for Inkomen {
    const NAAM: &'static str = "inkomen";
}

impl object::Onderdeel for Kind {
    const NAAM: &'static str = "kind";
}

/// Kinds of income (CONTRACT §1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Soort {
    /// Werkloosheidswet.
    Ww,
    /// Ziektewet.
    Zw,
    /// Wet werk en inkomen naar arbeidsvermogen.
    Wia,
    /// Wet op de arbeidsongeschiktheidsverzekering.
    Wao,
    /// Wet arbeidsongeschiktheidsvoorziening jonggehandicapten.
    Wajong,
    /// Loondervingsuitkering van een particuliere verzekeraar.
    LoondervingsuitkeringParticulier,
    /// Wet inkomensvoorziening oudere werkloze werknemers.
    Ioaw,
    /// Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte gewezen zelfstandigen.
    Ioaz,
    /// Toeslagenwet: de toeslag van UWV op een loondervingsuitkering.
    Tw,
    /// Loon uit dienstbetrekking.
    Loon,
    /// Winst uit onderneming.
    Winst,
    /// Aanvullende (algemene) bijstand.
    BijstandAanvullend,
    /// Partneralimentatie (telt als inkomen).
    Partneralimentatie,
    /// Kinderalimentatie (telt nooit als inkomen).
    Kinderalimentatie,
    /// Pensioen.
    Pensioen,
    /// AOW.
    Aow,
    /// Overig inkomen.
    Overig,
}

impl Soort {
    /// The number of soorten.
    pub(crate) const AANTAL: usize = 17;

    /// Every soort, in contract order.
    pub const ALLE: [Soort; Soort::AANTAL] = [
        Soort::Ww,
        Soort::Zw,
        Soort::Wia,
        Soort::Wao,
        Soort::Wajong,
        Soort::LoondervingsuitkeringParticulier,
        Soort::Ioaw,
        Soort::Ioaz,
        Soort::Tw,
        Soort::Loon,
        Soort::Winst,
        Soort::BijstandAanvullend,
        Soort::Partneralimentatie,
        Soort::Kinderalimentatie,
        Soort::Pensioen,
        Soort::Aow,
        Soort::Overig,
    ];

    /// The name as written in records and rules.
    pub fn naam(self) -> &'static str {
        match self {
            Soort::Ww => "ww",
            Soort::Zw => "zw",
            Soort::Wia => "wia",
            Soort::Wao => "wao",
            Soort::Wajong => "wajong",
            Soort::LoondervingsuitkeringParticulier => "loondervingsuitkering_particulier",
            Soort::Ioaw => "ioaw",
            Soort::Ioaz => "ioaz",
            Soort::Tw => "tw",
            Soort::Loon => "loon",
            Soort::Winst => "winst",
            Soort::BijstandAanvullend => "bijstand_aanvullend",
            Soort::Partneralimentatie => "partneralimentatie",
            Soort::Kinderalimentatie => "kinderalimentatie",
            Soort::Pensioen => "pensioen",
            Soort::Aow => "aow",
            Soort::Overig => "overig",
        }
    }

    /// Look up by name.
    pub fn van_naam(s: &str) -> Option<Soort> {
        Soort::ALLE.iter().copied().find(|x| x.naam() == s)
    }

    /// Index into per-soort arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Schema of an amount: a number or a decimal string.
#[derive(JsonSchema)]
#[schemars(description = "Bedrag in euro's: een getal of een tekst als \"1000.00\"")]
#[allow(dead_code)]
#[serde(untagged)]
enum BedragSchema {
    Getal(serde_json::Number),
    Tekst(#[schemars(regex(pattern = r"^-?\d+(\.\d+)?$"))] String),
}
