//! The counts and totals of a batch, and the check that every line and record is accounted for.

use rust_decimal::Decimal;
use serde::Serialize;

use avp_engine::decision::{Bedrag, Beslissing, Route};
use avp_engine::error::{Code, Fout, Fouten};

use super::csv_regels::Telling;

/// Route × outcome counts and totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Samenvatting {
    /// Records read (blank lines not counted).
    pub records: u64,
    /// Records evaluated (a decision was written).
    pub beoordeeld: u64,
    /// Records rejected as bad input.
    pub geweigerd: u64,
    /// Records that stopped on a rule or evaluation error.
    pub regelfouten: u64,
    /// Counts per route (`ambtshalve_lijst`, `ambtshalve_bekend`, `aanvraag`) and outcome
    /// (`toegekend`, `afgewezen` = not in the doelgroep, `niet_toegekend` = otherwise).
    pub per_route: [[u64; 3]; 3],
    /// Total vaste tegemoetkoming.
    pub tegemoetkoming: Decimal,
    /// Total eindheffing.
    pub eindheffing: Decimal,
    /// Total bijzondere bijstand.
    pub bijzondere_bijstand: Decimal,
    /// Households marked because their meestverdienende partner is on the list.
    pub op_lijst: u64,
    /// Households where only the minstverdienende partner's BSN is on the list (not marked).
    pub lijst_minstverdienende: u64,
    /// Distinct list BSNs found in the input.
    #[serde(skip)]
    pub gevonden: Vec<u32>,
    /// Where the physical lines of the input went (set at the end of `batch::verwerk`).
    #[serde(skip)]
    pub invoerregels: Telling,
}

/// The routes, in [`Samenvatting::per_route`] order.
pub const ROUTES: [Route; 3] = Route::ALLE;

impl Samenvatting {
    /// Count one decision.
    pub(crate) fn tel(&mut self, b: &Beslissing) {
        self.beoordeeld += 1;
        let r = ROUTES.iter().position(|r| *r == b.route).unwrap_or(2);
        let u = match (b.toegekend, b.doelgroep) {
            (true, _) => 0,
            (false, Some(false)) => 1,
            _ => 2,
        };
        self.per_route[r][u] += 1;
        self.tegemoetkoming += b.tegemoetkoming.centen();
        self.eindheffing += b.eindheffing.centen();
        self.bijzondere_bijstand += b.bijzondere_bijstand.centen();
    }

    /// Add another part's counts.
    pub(crate) fn voeg_toe(&mut self, o: Samenvatting) {
        self.records += o.records;
        self.beoordeeld += o.beoordeeld;
        self.geweigerd += o.geweigerd;
        self.regelfouten += o.regelfouten;
        for r in 0..3 {
            for u in 0..3 {
                self.per_route[r][u] += o.per_route[r][u];
            }
        }
        self.tegemoetkoming += o.tegemoetkoming;
        self.eindheffing += o.eindheffing;
        self.bijzondere_bijstand += o.bijzondere_bijstand;
        self.op_lijst += o.op_lijst;
        self.lijst_minstverdienende += o.lijst_minstverdienende;
        self.gevonden.extend(o.gevonden);
    }

    /// Total cost: tegemoetkoming + eindheffing + bijzondere bijstand.
    pub fn kosten(&self) -> Bedrag {
        Bedrag(self.tegemoetkoming + self.eindheffing + self.bijzondere_bijstand)
    }
}

/// Every physical line is a header line, a blank line or part of one record, and every record
/// was evaluated or reported: a summary that does not add up means a record was lost, which is
/// an internal error (never a silent one).
pub(crate) fn controleer_telling(s: &Samenvatting) -> Result<(), Fouten> {
    let t = s.invoerregels;
    let afgehandeld = s.beoordeeld + s.geweigerd + s.regelfouten;
    if t.klopt() && t.records == s.records && afgehandeld == s.records {
        return Ok(());
    }
    Err(Fout::regel(
        Code::InternTelling,
        format!(
            "interne fout: de telling klopt niet: {} regels gelezen ({} kop, {} leeg, {} in {} records), \
             {} records verwerkt, waarvan {} beoordeeld, {} geweigerd en {} met een regelfout",
            t.regels, t.kop, t.leeg, t.in_records, t.records, s.records, s.beoordeeld, s.geweigerd,
            s.regelfouten
        ),
    )
    .hulp("er is mogelijk een record zoekgeraakt; meld dit aan de beheerder van avp, met het invoerbestand")
    .into())
}
