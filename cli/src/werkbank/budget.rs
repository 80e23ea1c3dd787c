//! The municipality's expected costs and the components of the decentralisatie-uitkering (DU)
//! for a year (`avp budget`): per household on the Belastingdienst list the vaste
//! tegemoetkoming plus eindheffing, the surcharges of the DU on the list count, and the
//! uitvoeringskosten. Every number comes from the pack (`decentralisatie_uitkering.toml`,
//! `tegemoetkoming.toml` via the rules); a component whose amount is not published is shown as
//! unknown, never guessed. The method is in `docs/budget.md`.

use rust_decimal::Decimal;
use serde::Serialize;

use avp_engine::decision::Bedrag;
use avp_engine::error::{Code, Fout, Fouten};
use avp_engine::pack::Pack;
use avp_engine::params::{Parameter, Waarde};
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::script::GecompileerdPack;
use avp_engine::{Opties, Regels};

/// Per household on the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerHuishouden {
    /// Vaste tegemoetkoming (net to the household).
    pub tegemoetkoming: Bedrag,
    /// Eindheffing the municipality pays on it.
    pub eindheffing: Bedrag,
    /// Sum.
    pub totaal: Bedrag,
}

/// One component of the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// Stable code.
    pub code: String,
    /// What it is for, in Dutch.
    pub omschrijving: String,
    /// The surcharge as a fraction of the list count, for surcharges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opslag: Option<String>,
    /// Number of households the component pays for (list count × surcharge).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huishoudens: Option<String>,
    /// The amount; null when not published.
    pub bedrag: Option<Bedrag>,
    /// Where the number comes from.
    pub bron: String,
}

/// The budget of a municipality for a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Begroting {
    /// The year.
    pub jaar: i32,
    /// Households of the municipality on the Belastingdienst list.
    pub lijst_aantal: u64,
    /// Cost per list household; null when the year's amount is not published.
    pub per_huishouden: Option<PerHuishouden>,
    /// The components.
    pub componenten: Vec<Component>,
    /// Sum of the known components.
    pub totaal_bekend: Bedrag,
    /// Codes of the components whose amount is unknown (the total is then a lower bound).
    pub onbekend: Vec<String>,
}

const OPSLAGEN: [(&str, &str); 3] = [
    (
        "later_in_problematiek",
        "opslag voor huishoudens die na het peiljaar (t-2) in de problematiek komen: bekende huishoudens en zelfmelders",
    ),
    (
        "deel_van_jaar",
        "opslag voor aanvragen van huishoudens die niet het hele jaar tot de doelgroep horen",
    ),
    (
        "databeperkingen",
        "opslag voor databeperkingen en analysekeuzes bij het samenstellen van de lijst",
    ),
];

const UITVOERING: [(&str, &str); 5] = [
    (
        "ambtshalve_toekenning",
        "uitvoeringskosten ambtshalve toekenning",
    ),
    (
        "aanvraag_beoordelen",
        "uitvoeringskosten beoordelen van een aanvraag",
    ),
    (
        "bijzondere_bijstand_berekenen",
        "uitvoeringskosten berekenen van bijzondere bijstand",
    ),
    (
        "aanvraag_afwijzen",
        "uitvoeringskosten afwijzen van een aanvraag",
    ),
    (
        "implementatiekosten",
        "implementatiekosten (bedrag per gemeente)",
    ),
];

/// A household on the list, used to read the year's tegemoetkoming and eindheffing through the
/// rules (so the budget uses exactly the decision's amounts and rounding).
const LIJST_HUISHOUDEN: &str = r#"{"jaar":JAAR,"op_lijst_belastingdienst":true,"iban":"NL91ABNA0417164300","personen":[{"geboortedatum":"1970-01-01"}]}"#;

/// Compute the budget of `jaar` for `lijst_aantal` list households.
pub fn begroot(regels: &Regels, jaar: i32, lijst_aantal: u64) -> Result<Begroting, Fouten> {
    avp_engine::evaluate::controleer_jaar(jaar, "budget")?;
    let pack = regels.pack(jaar)?;
    if pack.pack.manifest.regeling != avp_engine::pack::Regeling::TijdelijkeRegeling {
        return Err(Fout::invoer(
            Code::BudgetGeenTijdelijkeRegeling,
            format!(
                "voor {jaar} is er geen budget van de tijdelijke regeling: in 2023 en 2024 (handelingsperspectief) waren er geen lijst van de Belastingdienst, geen vaste tegemoetkoming en geen decentralisatie-uitkering; gemeenten verstrekten bijzondere bijstand"
            ),
        )
        .hulp("geef een jaar van de tijdelijke regeling: 2025, 2026 of 2027")
        .into());
    }
    let b = Begroter {
        pack: &pack.pack,
        jaar,
        n: Decimal::from(lijst_aantal),
        per_huishouden: per_lijsthuishouden(regels, &pack, jaar)?,
    };
    let mut componenten = vec![b.vaste_tegemoetkoming(), b.eindheffing()];
    for (code, omschrijving) in OPSLAGEN {
        componenten.push(b.opslag(code, omschrijving)?);
    }
    for (code, omschrijving) in UITVOERING {
        componenten.push(b.uitvoeringskosten(code, omschrijving)?);
    }
    let totaal_bekend = Bedrag(
        componenten
            .iter()
            .filter_map(|c| c.bedrag.map(Bedrag::centen))
            .sum(),
    );
    let onbekend = componenten
        .iter()
        .filter(|c| c.bedrag.is_none())
        .map(|c| c.code.clone())
        .collect();
    Ok(Begroting {
        jaar,
        lijst_aantal,
        per_huishouden: b.per_huishouden,
        componenten,
        totaal_bekend,
        onbekend,
    })
}

/// The tegemoetkoming and eindheffing of a list household in `jaar`, by the rules (with the
/// VNG model beleidsregels); `None` when the year's amount is not yet published.
fn per_lijsthuishouden(
    regels: &Regels,
    pack: &GecompileerdPack,
    jaar: i32,
) -> Result<Option<PerHuishouden>, Fouten> {
    let beleid = regels.beleidsregels("vng-model")?;
    let hh = lees_huishouden(
        &LIJST_HUISHOUDEN.replace("JAAR", &jaar.to_string()),
        Formaat::Json,
        "budget",
    )?;
    match avp_engine::evaluate::beoordeel(pack, &beleid, &hh, "budget", Opties::default()) {
        Ok(b) => Ok(Some(PerHuishouden {
            tegemoetkoming: b.tegemoetkoming,
            eindheffing: b.eindheffing,
            totaal: Bedrag(b.tegemoetkoming.centen() + b.eindheffing.centen()),
        })),
        Err(f) if f.code == Code::RegelsNogNietVastgesteld => Ok(None),
        Err(f) => Err(f.into()),
    }
}

/// The components of a budget: the year's pack, the number of list households `n` and the
/// cost per list household.
struct Begroter<'a> {
    pack: &'a Pack,
    jaar: i32,
    n: Decimal,
    per_huishouden: Option<PerHuishouden>,
}

impl Begroter<'_> {
    /// A parameter the budget needs; the pack must have it.
    fn parameter(&self, naam: &str) -> Result<&Parameter, Fout> {
        self.pack.parameters.get(naam).ok_or_else(|| {
            Fout::regel(
                Code::BudgetParameter,
                format!("het pakket {} heeft geen parameter `{naam}`", self.jaar),
            )
            .hulp("voeg rules/nl/<jaar>/decentralisatie_uitkering.toml toe (zie docs/budget.md)")
        })
    }

    /// The source of an optional parameter (empty without it).
    fn bron_van(&self, naam: &str) -> String {
        self.pack
            .parameters
            .get(naam)
            .map(|p| p.bron.clone())
            .unwrap_or_default()
    }

    /// The vaste tegemoetkoming for every list household.
    fn vaste_tegemoetkoming(&self) -> Component {
        Component {
            code: "vaste_tegemoetkoming".into(),
            omschrijving: "vaste tegemoetkoming voor elk huishouden op de lijst".into(),
            opslag: None,
            huishoudens: Some(self.n.to_string()),
            bedrag: self
                .per_huishouden
                .as_ref()
                .map(|p| Bedrag(p.tegemoetkoming.centen() * self.n)),
            bron: self.bron_van("tegemoetkoming.bedrag"),
        }
    }

    /// The eindheffing on the tegemoetkoming of every list household, at the rate of the year
    /// of payment (a list household is paid in the year itself).
    fn eindheffing(&self) -> Component {
        Component {
            code: "eindheffing".into(),
            omschrijving: "eindheffing op de vaste tegemoetkoming voor elk huishouden op de lijst"
                .into(),
            opslag: None,
            huishoudens: Some(self.n.to_string()),
            bedrag: self
                .per_huishouden
                .as_ref()
                .map(|p| Bedrag(p.eindheffing.centen() * self.n)),
            bron: self.bron_van(&format!(
                "tegemoetkoming.eindheffing_percentage_per_betaaljaar.j{}",
                self.jaar
            )),
        }
    }

    /// A surcharge of the DU: a fraction of the list count, each at the cost per household.
    fn opslag(&self, code: &str, omschrijving: &str) -> Result<Component, Fout> {
        let p = self.parameter(&format!("decentralisatie_uitkering.opslag.{code}"))?;
        let opslag = match &p.waarde {
            Waarde::Getal(d) => Some(*d),
            _ => None,
        };
        let huishoudens = opslag.map(|o| (o * self.n).normalize());
        Ok(Component {
            code: format!("opslag_{code}"),
            omschrijving: omschrijving.into(),
            opslag: opslag.map(|o| o.to_string()),
            huishoudens: huishoudens.map(|h| h.to_string()),
            bedrag: match (&self.per_huishouden, huishoudens) {
                (Some(pp), Some(h)) => Some(Bedrag(pp.totaal.centen() * h)),
                _ => None,
            },
            bron: p.bron.clone(),
        })
    }

    /// A component of the uitvoeringskosten: its amounts are not published (a known amount
    /// would need its rekenwijze first), so only its source is shown.
    fn uitvoeringskosten(&self, code: &str, omschrijving: &str) -> Result<Component, Fout> {
        let p = self.parameter(&format!(
            "decentralisatie_uitkering.uitvoeringskosten.{code}"
        ))?;
        Ok(Component {
            code: code.into(),
            omschrijving: omschrijving.into(),
            opslag: None,
            huishoudens: None,
            bedrag: None,
            bron: p.bron.clone(),
        })
    }
}
