//! # avp-engine
//!
//! Policy-as-data engine for the *Wet tijdelijke regeling alleenverdienersproblematiek*
//! (Participatiewet art. 78gg ff.). Data flows one way: rule files → typed, validated values →
//! evaluation → decision. The engine never prints and never exits.
//!
//! ```text
//! record    parse + validate a household (field path in every error)
//! params    parameters with their `bron`, exact decimals
//! pack      a year's rule pack, `extends` resolved
//! policy    a municipality's beleidsregels
//! script    the sandboxed Rhai engine; quantities memoised and traced
//! evaluate  household + pack + beleidsregels → decision
//! decision  the decision, its reasons and trace
//! notatie   Dutch notation of amounts, dates, months and percentages in texts
//! ```
//!
//! What runs the engine over many households (batch, budget, generate, the population and year
//! comparisons, golden cases, schemas) is the workbench of the `avp-cli` crate.

// `Fout` carries its location, hint and source snippet inline (about 180 bytes); errors are the
// cold path and boxing every one would only add noise.
#![allow(clippy::result_large_err)]

pub mod decision;
pub mod error;
pub mod evaluate;
pub mod herkomst;
pub mod model;
pub mod notatie;
pub mod pack;
pub mod params;
pub mod policy;
pub mod record;
#[cfg(feature = "referentie")]
pub mod referentie;
pub mod script;
pub mod source;
pub mod suggest;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use decision::Beslissing;
pub use error::{Fout, Fouten};
pub use evaluate::Opties;

/// A rules tree with its compiled packs cached per year: load once, evaluate many.
pub struct Regels {
    bron: Box<dyn source::RegelBron>,
    packs: Mutex<HashMap<i32, Arc<script::GecompileerdPack>>>,
    /// Parameters set from outside the rules tree, in every pack (`met_zettingen`).
    zettingen: Vec<pack::Zetting>,
    /// Evaluate with the reference interpreter (tests only).
    #[cfg(feature = "referentie")]
    referentie: bool,
}

impl Regels {
    /// Use the rules in `bron`.
    pub fn new(bron: Box<dyn source::RegelBron>) -> Self {
        Regels {
            bron,
            packs: Mutex::new(HashMap::new()),
            zettingen: Vec::new(),
            #[cfg(feature = "referentie")]
            referentie: false,
        }
    }

    /// Evaluate every rule in the reference interpreter (`referentie`, Rhai's own evaluator
    /// with its own memo and trace) instead of the engine: the tests compare both.
    #[cfg(feature = "referentie")]
    pub fn met_interpreter(mut self) -> Self {
        self.referentie = true;
        self
    }

    /// The compiled pack of `jaar` (compiled on first use).
    pub fn pack(&self, jaar: i32) -> Result<Arc<script::GecompileerdPack>, Fouten> {
        if let Some(p) = self.packs.lock().ok().and_then(|m| m.get(&jaar).cloned()) {
            return Ok(p);
        }
        let c = self.compileer(self.laad(jaar)?)?;
        if let Ok(mut m) = self.packs.lock() {
            m.insert(jaar, c.clone());
        }
        Ok(c)
    }

    /// The compiled pack of `jaar` for households whose dates all moved by `jaren` years (a
    /// comparison without ageing, `avp diff A B --populatie`): every birth-date boundary of
    /// the law (unit `geboortedatumgrens`, such as "born before 1963") moves with them, so that
    /// the same people keep the same standing. Not cached: the caller keeps it.
    pub fn pack_verschoven(
        &self,
        jaar: i32,
        jaren: i32,
    ) -> Result<Arc<script::GecompileerdPack>, Fouten> {
        if jaren == 0 {
            return self.pack(jaar);
        }
        let mut pack = self.laad(jaar)?;
        pack::verschuif_geboortedatumgrenzen(&mut pack, jaren);
        self.compileer(pack)
    }

    /// The pack of `jaar` as read, with the zettingen set.
    fn laad(&self, jaar: i32) -> Result<pack::Pack, Fouten> {
        let mut pack = pack::laad_pack(&*self.bron, jaar)?;
        for z in &self.zettingen {
            pack::zet(&mut pack, z)?;
        }
        Ok(pack)
    }

    /// Compile `pack` (with the reference interpreter when asked for).
    fn compileer(&self, pack: pack::Pack) -> Result<Arc<script::GecompileerdPack>, Fouten> {
        #[allow(unused_mut)]
        let mut c = script::GecompileerdPack::compileer(pack)?;
        #[cfg(feature = "referentie")]
        if self.referentie {
            c.referentie = Some(Box::new(referentie::Interpreter::nieuw(&c)));
        }
        Ok(Arc::new(c))
    }

    /// The same rules with `zettingen` set in every year's pack (a variant without a copy of
    /// the rules; `avp diff --zet`). A name the pack does not have, or a value that does not
    /// fit its unit, is an error when the pack is loaded.
    pub fn met_zettingen(mut self, zettingen: Vec<pack::Zetting>) -> Self {
        self.zettingen = zettingen;
        self
    }

    /// The years the rules tree has a national pack for, ascending.
    pub fn jaren(&self) -> Vec<i32> {
        pack::beschikbare_jaren(&*self.bron)
    }

    /// The rules tree itself.
    pub fn bron(&self) -> &dyn source::RegelBron {
        &*self.bron
    }

    /// Load beleidsregels by name (`vng-model`) or path.
    pub fn beleidsregels(&self, naam_of_pad: &str) -> Result<policy::GeladenBeleid, Fouten> {
        policy::laad_beleidsregels(&*self.bron, naam_of_pad)
    }

    /// Evaluate one household.
    pub fn beoordeel(
        &self,
        hh: &record::Huishouden,
        beleid: &policy::GeladenBeleid,
        record_naam: &str,
        opties: Opties,
    ) -> Result<Beslissing, Fouten> {
        evaluate::controleer_jaar(hh.jaar, record_naam)?;
        let pack = self.pack(hh.jaar)?;
        Ok(evaluate::beoordeel(&pack, beleid, hh, record_naam, opties)?)
    }
}
