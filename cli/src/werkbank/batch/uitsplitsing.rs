//! The population comparison per household and per group: one row per household for export
//! (`avp diff --population … --per-huishouden FILE`), and the changes broken down by household
//! type (children, rent, route) and by income decile.

use rust_decimal::Decimal;
use serde::Serialize;

use avp_engine::decision::{Bedrag, Beslissing, Route};
use avp_engine::record::Huishouden;

/// What a household is, for the breakdowns: read from its record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kenmerken {
    /// The record's `kenmerk`.
    pub(crate) kenmerk: Option<String>,
    /// Children living at home.
    pub(crate) kinderen: usize,
    /// Whether the household rents (`huur_per_maand` given).
    pub(crate) huur: bool,
    /// The gross year income of all persons in the record (monthly amounts × 12).
    pub(crate) bruto: Decimal,
}

impl Kenmerken {
    /// The characteristics of `h`.
    pub(crate) fn van(h: &Huishouden) -> Kenmerken {
        let bruto: Decimal = h
            .personen
            .iter()
            .flat_map(|p| &p.inkomsten)
            .map(|i| match (&i.bruto_per_jaar, &i.bruto_per_maand) {
                (Some(j), _) => *j,
                (None, Some(m)) if !m.is_empty() => {
                    m.iter().sum::<Decimal>() / Decimal::from(m.len()) * Decimal::from(12)
                }
                _ => Decimal::ZERO,
            })
            .sum();
        Kenmerken {
            kenmerk: h.kenmerk.clone(),
            kinderen: h.kinderen.len(),
            huur: h.huur_per_maand.is_some(),
            bruto: bruto.round_dp(2),
        }
    }
}

/// Where the rows of the export go, one household at a time.
pub type SchrijfRegel<'a> = &'a mut dyn FnMut(&HuishoudenRegel) -> std::io::Result<()>;

/// One household under A and B: a row of the export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HuishoudenRegel {
    /// Line of the record in the population.
    pub regel: u64,
    /// The record's `kenmerk`.
    pub kenmerk: Option<String>,
    /// Masked BSN of the meestverdienende partner.
    pub bsn: Option<String>,
    /// Route under A and B.
    pub route_a: Route,
    /// Route under B.
    pub route_b: Route,
    /// Doelgroep under A (null: not tested).
    pub doelgroep_a: Option<bool>,
    /// Doelgroep under B.
    pub doelgroep_b: Option<bool>,
    /// Granted under A.
    pub toegekend_a: bool,
    /// Granted under B.
    pub toegekend_b: bool,
    /// Tekort under A, when calculated.
    pub tekort_a: Option<Bedrag>,
    /// Tekort under B.
    pub tekort_b: Option<Bedrag>,
    /// Tegemoetkoming + bijzondere bijstand under A.
    pub bedrag_a: Bedrag,
    /// The same under B.
    pub bedrag_b: Bedrag,
    /// Bedrag + eindheffing under A: what it costs the municipality.
    pub kosten_a: Bedrag,
    /// The same under B.
    pub kosten_b: Bedrag,
    /// bedrag B − bedrag A.
    pub verschil_bedrag: Bedrag,
    /// tekort B − tekort A (null unless both are calculated).
    pub verschil_tekort: Option<Bedrag>,
}

impl HuishoudenRegel {
    /// The row of one household.
    pub(crate) fn van(
        regel: u64,
        bsn: Option<String>,
        k: &Kenmerken,
        a: &Beslissing,
        b: &Beslissing,
    ) -> Self {
        let bedrag = |x: &Beslissing| x.tegemoetkoming.centen() + x.bijzondere_bijstand.centen();
        let tekort = |x: &Beslissing| {
            x.berekening
                .as_ref()
                .and_then(|y| y.tekort)
                .map(|t| t.centen())
        };
        let (ta, tb) = (tekort(a), tekort(b));
        HuishoudenRegel {
            regel,
            kenmerk: k.kenmerk.clone(),
            bsn,
            route_a: a.route,
            route_b: b.route,
            doelgroep_a: a.doelgroep,
            doelgroep_b: b.doelgroep,
            toegekend_a: a.toegekend,
            toegekend_b: b.toegekend,
            tekort_a: ta.map(Bedrag),
            tekort_b: tb.map(Bedrag),
            bedrag_a: Bedrag(bedrag(a)),
            bedrag_b: Bedrag(bedrag(b)),
            kosten_a: Bedrag(bedrag(a) + a.eindheffing.centen()),
            kosten_b: Bedrag(bedrag(b) + b.eindheffing.centen()),
            verschil_bedrag: Bedrag(bedrag(b) - bedrag(a)),
            verschil_tekort: ta.zip(tb).map(|(x, y)| Bedrag(y - x)),
        }
    }

    /// The row as CSV cells ([`EXPORT_KOLOMMEN`]), as the batch's CSV writes them: `ja`/`nee`,
    /// the `kenmerk` safe from spreadsheet formulas, amounts with a decimal comma when `komma`.
    pub fn csv_cellen(&self, komma: bool) -> [String; 17] {
        let bedrag = |x: Bedrag| super::uitvoer::csv_bedrag(x, komma);
        let opt = |x: Option<Bedrag>| x.map(bedrag).unwrap_or_default();
        let ja = |x: bool| super::uitvoer::ja_nee(x).to_string();
        [
            self.regel.to_string(),
            super::uitvoer::csv_tekst(self.kenmerk.as_deref().unwrap_or_default()).into_owned(),
            self.bsn.clone().unwrap_or_default(),
            self.route_a.naam().to_string(),
            self.route_b.naam().to_string(),
            self.doelgroep_a.map(ja).unwrap_or_default(),
            self.doelgroep_b.map(ja).unwrap_or_default(),
            ja(self.toegekend_a),
            ja(self.toegekend_b),
            opt(self.tekort_a),
            opt(self.tekort_b),
            bedrag(self.bedrag_a),
            bedrag(self.bedrag_b),
            bedrag(self.kosten_a),
            bedrag(self.kosten_b),
            bedrag(self.verschil_bedrag),
            opt(self.verschil_tekort),
        ]
    }
}

/// The columns of the per-household export, in order (the fields of [`HuishoudenRegel`]).
pub const EXPORT_KOLOMMEN: [&str; 17] = [
    "regel",
    "kenmerk",
    "bsn",
    "route_a",
    "route_b",
    "doelgroep_a",
    "doelgroep_b",
    "toegekend_a",
    "toegekend_b",
    "tekort_a",
    "tekort_b",
    "bedrag_a",
    "bedrag_b",
    "kosten_a",
    "kosten_b",
    "verschil_bedrag",
    "verschil_tekort",
];

/// The changes within one group of households.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Groep {
    /// The group: `met kinderen`, `huur`, `route aanvraag`, `deciel 3 (€ 18.200 – € 24.000)`.
    pub groep: String,
    /// Households in it.
    pub huishoudens: u64,
    /// … whose bedrag rises from A to B.
    pub erop_vooruit: u64,
    /// … whose bedrag falls.
    pub erop_achteruit: u64,
    /// Sum of the change in bedrag.
    pub verschil_bedrag: Bedrag,
    /// Sum of the change in kosten (bedrag + eindheffing).
    pub verschil_kosten: Bedrag,
    /// Sum of the change in tekort (households with a tekort under both).
    pub verschil_tekort: Bedrag,
}

impl Groep {
    fn tel(&mut self, r: &HuishoudenRegel) {
        self.huishoudens += 1;
        let d = r.verschil_bedrag.0;
        self.erop_vooruit += u64::from(d > Decimal::ZERO);
        self.erop_achteruit += u64::from(d < Decimal::ZERO);
        self.verschil_bedrag.0 += d;
        self.verschil_kosten.0 += r.kosten_b.0 - r.kosten_a.0;
        self.verschil_tekort.0 += r.verschil_tekort.map(|t| t.0).unwrap_or_default();
    }
}

/// `€ 18.459` (whole euros, Dutch notation).
fn hele_euro(d: Decimal) -> String {
    let t = avp_engine::notatie::euro(d.round());
    t.strip_suffix(",00").map(str::to_string).unwrap_or(t)
}

/// The breakdowns of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Uitsplitsing {
    /// By household type: children or not, rent or not, the route under A.
    pub per_soort: Vec<Groep>,
    /// By decile of the gross year income in the record (deciel 1 the lowest tenth).
    pub per_inkomensdeciel: Vec<Groep>,
}

/// Collects the breakdowns household by household; deciles at the end (they need every income).
#[derive(Default)]
pub(crate) struct Verzamelaar {
    soorten: Vec<Groep>,
    /// (gross income, the household's contribution to a group) of every household.
    inkomens: Vec<(Decimal, Groep)>,
}

impl Verzamelaar {
    /// Count one household.
    pub(crate) fn neem_op(&mut self, k: &Kenmerken, r: &HuishoudenRegel) {
        let namen = [
            if k.kinderen > 0 {
                "met kinderen"
            } else {
                "zonder kinderen"
            }
            .to_string(),
            if k.huur { "huur" } else { "geen huur" }.to_string(),
            format!("route {} (A)", r.route_a.naam().replace('_', " ")),
        ];
        for naam in namen {
            let i = match self.soorten.iter().position(|g| g.groep == naam) {
                Some(i) => i,
                None => {
                    self.soorten.push(Groep {
                        groep: naam,
                        ..Groep::default()
                    });
                    self.soorten.len() - 1
                }
            };
            self.soorten[i].tel(r);
        }
        let mut enkel = Groep::default();
        enkel.tel(r);
        self.inkomens.push((k.bruto, enkel));
    }

    /// The breakdowns: the types in a fixed order, then ten income deciles.
    pub(crate) fn uitkomst(mut self) -> Uitsplitsing {
        self.soorten.sort_by(|a, b| a.groep.cmp(&b.groep));
        self.inkomens.sort_by_key(|a| a.0);
        let n = self.inkomens.len();
        let mut per_inkomensdeciel = Vec::new();
        for d in 0..10 {
            let (van, tot) = (n * d / 10, n * (d + 1) / 10);
            if van >= tot {
                continue;
            }
            let deel = &self.inkomens[van..tot];
            let mut g = Groep {
                groep: format!(
                    "deciel {} ({} – {})",
                    d + 1,
                    hele_euro(deel[0].0),
                    hele_euro(deel[deel.len() - 1].0)
                ),
                ..Groep::default()
            };
            for (_, h) in deel {
                g.huishoudens += h.huishoudens;
                g.erop_vooruit += h.erop_vooruit;
                g.erop_achteruit += h.erop_achteruit;
                g.verschil_bedrag.0 += h.verschil_bedrag.0;
                g.verschil_kosten.0 += h.verschil_kosten.0;
                g.verschil_tekort.0 += h.verschil_tekort.0;
            }
            per_inkomensdeciel.push(g);
        }
        Uitsplitsing {
            per_soort: self.soorten,
            per_inkomensdeciel,
        }
    }
}
