//! The municipality's expected costs and the components of the decentralisatie-uitkering (DU)
//! for a year (`avp budget`): per household on the Belastingdienst list the vaste
//! tegemoetkoming plus eindheffing, the surcharges of the DU on the list count, and the
//! uitvoeringskosten. Every number comes from the pack (`decentralisatie_uitkering.toml`,
//! `tegemoetkoming.toml` via the rules); a component whose amount is not published is shown as
//! unknown, never guessed. The method is in `docs/budget.md`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::decision::Bedrag;
use crate::error::{Code, Fout, Fouten};
use crate::params::Waarde;
use crate::record::{lees_huishouden, Formaat};
use crate::{Opties, Regels};

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
    crate::evaluate::controleer_jaar(jaar, "budget")?;
    let pack = regels.pack(jaar)?;
    if pack.pack.manifest.regeling != crate::pack::Regeling::TijdelijkeRegeling {
        return Err(Fout::invoer(
            Code::BudgetGeenTijdelijkeRegeling,
            format!(
                "voor {jaar} is er geen budget van de tijdelijke regeling: in 2023 en 2024 (handelingsperspectief) waren er geen lijst van de Belastingdienst, geen vaste tegemoetkoming en geen decentralisatie-uitkering; gemeenten verstrekten bijzondere bijstand"
            ),
        )
        .hulp("geef een jaar van de tijdelijke regeling: 2025, 2026 of 2027")
        .into());
    }
    let beleid = regels.beleidsregels("vng-model")?;
    let hh = lees_huishouden(
        &LIJST_HUISHOUDEN.replace("JAAR", &jaar.to_string()),
        Formaat::Json,
        "budget",
    )?;
    let per_huishouden =
        match crate::evaluate::beoordeel(&pack, &beleid, &hh, "budget", Opties::default()) {
            Ok(b) => Some(PerHuishouden {
                tegemoetkoming: b.tegemoetkoming,
                eindheffing: b.eindheffing,
                totaal: Bedrag(b.tegemoetkoming.centen() + b.eindheffing.centen()),
            }),
            Err(f) if f.code == Code::RegelsNogNietVastgesteld => None,
            Err(f) => return Err(f.into()),
        };
    let param = |naam: &str| -> Result<&crate::params::Parameter, Fout> {
        pack.pack.parameters.get(naam).ok_or_else(|| {
            Fout::regel(
                Code::BudgetParameter,
                format!("het pakket {jaar} heeft geen parameter `{naam}`"),
            )
            .hulp("voeg rules/nl/<jaar>/decentralisatie_uitkering.toml toe (zie docs/budget.md)")
        })
    };
    let n = Decimal::from(lijst_aantal);
    let mut componenten = Vec::new();
    let tb = pack.pack.parameters.get("tegemoetkoming.bedrag");
    // the rate of the year of payment; a list household is paid in the year itself
    let eb = pack.pack.parameters.get(&format!(
        "tegemoetkoming.eindheffing_percentage_per_betaaljaar.j{jaar}"
    ));
    let bron_van =
        |p: Option<&crate::params::Parameter>| p.map(|p| p.bron.clone()).unwrap_or_default();
    componenten.push(Component {
        code: "vaste_tegemoetkoming".into(),
        omschrijving: "vaste tegemoetkoming voor elk huishouden op de lijst".into(),
        opslag: None,
        huishoudens: Some(n.to_string()),
        bedrag: per_huishouden
            .as_ref()
            .map(|p| Bedrag(p.tegemoetkoming.centen() * n)),
        bron: bron_van(tb),
    });
    componenten.push(Component {
        code: "eindheffing".into(),
        omschrijving: "eindheffing op de vaste tegemoetkoming voor elk huishouden op de lijst"
            .into(),
        opslag: None,
        huishoudens: Some(n.to_string()),
        bedrag: per_huishouden
            .as_ref()
            .map(|p| Bedrag(p.eindheffing.centen() * n)),
        bron: bron_van(eb),
    });
    for (code, omschrijving) in OPSLAGEN {
        let p = param(&format!("decentralisatie_uitkering.opslag.{code}"))?;
        let opslag = match &p.waarde {
            Waarde::Getal(d) => Some(*d),
            _ => None,
        };
        let huishoudens = opslag.map(|o| (o * n).normalize());
        componenten.push(Component {
            code: format!("opslag_{code}"),
            omschrijving: omschrijving.into(),
            opslag: opslag.map(|o| o.to_string()),
            huishoudens: huishoudens.map(|h| h.to_string()),
            bedrag: match (&per_huishouden, huishoudens) {
                (Some(pp), Some(h)) => Some(Bedrag(pp.totaal.centen() * h)),
                _ => None,
            },
            bron: p.bron.clone(),
        });
    }
    for (code, omschrijving) in UITVOERING {
        let p = param(&format!(
            "decentralisatie_uitkering.uitvoeringskosten.{code}"
        ))?;
        componenten.push(Component {
            code: code.into(),
            omschrijving: omschrijving.into(),
            opslag: None,
            huishoudens: None,
            // the amounts are not published; a known amount would need its rekenwijze first
            bedrag: None,
            bron: p.bron.clone(),
        });
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
        per_huishouden,
        componenten,
        totaal_bekend,
        onbekend,
    })
}
