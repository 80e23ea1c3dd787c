//! The Rhai side: one sandboxed engine per pack, every rule file compiled once, parameters as
//! read-only module constants (`zorgtoeslag::standaardpremie`), and named quantities that are
//! memoised per household and traced on request.
//!
//! A *named quantity* is a non-`private` function of a rule file with one of three signatures:
//! `fn naam(hh)` (household level), `fn naam(s)` (per situation) or `fn naam(s, p)` (per person).
//! Rules use other quantities as properties — `s.toetsingsinkomen`, `p.box1_inkomen`,
//! `hh.tekort` — so each is computed once and can be traced. Helpers that take other arguments
//! must be `private`.

pub(crate) mod compile;
pub(crate) mod fout;
mod functie;
pub(crate) mod helpers;
pub(crate) mod ir;
mod laden;
pub(crate) mod lower;
mod parse;
mod rekenen;
pub(crate) mod vm;

pub(crate) use vm::Kern;
pub use vm::TracePunt;

#[cfg(test)]
mod vm_tests;

pub use crate::pack::scan::{scan, FunctieInfo};
pub use functie::Functie;

use crate::error::Code;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::{Fout, Fouten, Locatie};
use crate::model::objecten::W;
use crate::model::objecten::{Huishouden, Persoon, Situatie};
use crate::pack::Pack;
use fout::{RegelFout, Soort};
use ir::Pos;

pub use crate::model::Niveau;

/// A pack compiled and ready to evaluate any number of households.
pub struct GecompileerdPack {
    /// The loaded pack.
    pub pack: Pack,
    /// Every function by name.
    pub functies: BTreeMap<String, Functie>,
    /// sha256 over every file of the pack.
    pub regels_hash: String,
    /// Every function ready to run.
    pub(crate) kern: Kern,
    /// Every quantity by name with its level, memo slot and kernel index: the engine asks for
    /// some 30 quantities per household, so this lookup is a hash, not a tree walk.
    opzoek: rustc_hash::FxHashMap<String, (Niveau, usize, usize)>,
    /// The columns of a decision's calculation (`decision::KOLOM_GROOTHEDEN`), looked up once
    /// per pack: they are asked for every situation of every household. `None`: missing or not
    /// a situation quantity (asking reports it).
    kolommen: [Option<(Niveau, usize, usize)>; 7],
    /// The reference interpreter that answers instead, when the tests ask for it.
    #[cfg(feature = "referentie")]
    pub(crate) referentie: Option<Box<dyn AndereUitvoering>>,
}

/// Quantity requests on one household that share one evaluation state: the household's memo is
/// taken once for all of them instead of once per request, and the trace (when asked for)
/// collects every quantity computed. `evaluate::beoordeel` asks some thirty quantities per
/// household through one. It dereferences to the pack.
pub struct Sessie<'a> {
    pack: &'a GecompileerdPack,
    vm: RefCell<vm::Vm<'a>>,
    /// The household and its situations as values, made once: a request moves its object in
    /// and out instead of counting a reference each time.
    objecten: RefCell<Vec<W>>,
}

impl std::ops::Deref for Sessie<'_> {
    type Target = GecompileerdPack;
    fn deref(&self) -> &GecompileerdPack {
        self.pack
    }
}

impl Sessie<'_> {
    /// `GecompileerdPack::op_huishouden` within the session (also for a variant of the
    /// household that shares its situations).
    pub fn op_huishouden_w(&self, hh: &Huishouden, naam: &str) -> Result<W, Fout> {
        let f = self.pack.grootheid(naam, Niveau::Huishouden)?;
        self.vraag(
            naam,
            f,
            |o| matches!(o, W::Hh(x) if Arc::ptr_eq(&x.0, &hh.0)),
            || W::Hh(hh.clone()),
        )
    }

    /// `GecompileerdPack::op_situatie` within the session.
    pub fn op_situatie_w(&self, s: &Situatie, naam: &str) -> Result<W, Fout> {
        let f = self.pack.grootheid(naam, Niveau::Situatie)?;
        self.op_situatie_met(s, naam, f)
    }

    /// Column `i` of a decision's calculation (`decision::KOLOM_GROOTHEDEN[i]`) for `s`: the
    /// same as `op_situatie_w` with that name, without looking the name up.
    pub fn op_kolom_w(&self, s: &Situatie, i: usize) -> Result<W, Fout> {
        let naam = crate::decision::KOLOM_GROOTHEDEN[i];
        let f = match self.pack.kolommen[i] {
            Some(f) => f,
            None => self.pack.grootheid(naam, Niveau::Situatie)?,
        };
        self.op_situatie_met(s, naam, f)
    }

    fn op_situatie_met(
        &self,
        s: &Situatie,
        naam: &str,
        f: (Niveau, usize, usize),
    ) -> Result<W, Fout> {
        self.vraag(
            naam,
            f,
            |o| matches!(o, W::Sit(x) if Arc::ptr_eq(&x.0, &s.0)),
            || W::Sit(s.clone()),
        )
    }

    /// Every quantity computed in this session so far, in the order completed (empty when the
    /// session was made without trace).
    pub fn trace(&self) -> Vec<TracePunt> {
        #[cfg(feature = "referentie")]
        if let Some(r) = &self.pack.referentie {
            return r.neem_trace(&self.objecten.borrow()[0]);
        }
        self.vm.borrow_mut().neem_trace()
    }

    /// A request on the object `is_het` recognises among the session's objects, else on a new
    /// value `maak` makes.
    fn vraag(
        &self,
        naam: &str,
        f: (Niveau, usize, usize),
        is_het: impl Fn(&W) -> bool,
        maak: impl FnOnce() -> W,
    ) -> Result<W, Fout> {
        let (Ok(mut vm), Ok(mut objecten)) =
            (self.vm.try_borrow_mut(), self.objecten.try_borrow_mut())
        else {
            // a request from within a request (not done today): its own state
            return self.pack.bovenaan(naam, f, maak());
        };
        match objecten.iter_mut().find(|o| is_het(o)) {
            Some(obj) => self.pack.bovenaan_met(&mut vm, naam, f, obj),
            None => self.pack.bovenaan_met(&mut vm, naam, f, &mut maak()),
        }
    }
}

impl std::fmt::Debug for GecompileerdPack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GecompileerdPack")
            .field("jaar", &self.pack.manifest.jaar)
            .field("functies", &self.functies.len())
            .finish()
    }
}

/// Another implementation of the rule language that answers the pack's quantity requests
/// instead of the engine: the reference interpreter the tests compare with (`referentie`).
#[cfg(feature = "referentie")]
pub trait AndereUitvoering: Send + Sync {
    /// Quantity `naam` of `obj`, or the error the engine would give.
    fn vraag(&self, pack: &GecompileerdPack, naam: &str, obj: &W) -> Result<W, Fout>;
    /// The trace of the household of `obj` so far.
    fn neem_trace(&self, obj: &W) -> Vec<TracePunt>;
}

impl GecompileerdPack {
    /// Load a pack's rules: check every rule file, translate it into the rule language and
    /// prepare it to run. Every problem is reported at its file, line and column.
    pub fn compileer(pack: Pack) -> Result<GecompileerdPack, Fouten> {
        let (functies, kern) = laden::laad(&pack)?;
        let regels_hash = crate::herkomst::sha256_hex(
            &pack
                .bestanden
                .iter()
                .flat_map(|(p, t)| [p.as_bytes(), t.as_bytes()])
                .collect::<Vec<_>>(),
        );
        let opzoek = functies
            .iter()
            .filter_map(|(n, f)| Some((n.clone(), (f.niveau?, f.slot, f.uitvoer))))
            .collect::<rustc_hash::FxHashMap<_, _>>();
        let kolommen = crate::decision::KOLOM_GROOTHEDEN.map(|naam| {
            opzoek
                .get(naam)
                .copied()
                .filter(|f| f.0 == Niveau::Situatie)
        });
        Ok(GecompileerdPack {
            pack,
            functies,
            regels_hash,
            kern,
            opzoek,
            kolommen,
            #[cfg(feature = "referentie")]
            referentie: None,
        })
    }

    /// Compute (or fetch from the memo) the household-level quantity `naam`.
    pub fn op_huishouden(&self, hh: &Huishouden, naam: &str) -> Result<W, Fout> {
        let f = self.grootheid(naam, Niveau::Huishouden)?;
        self.bovenaan(naam, f, W::Hh(hh.clone()))
    }

    /// Compute the situation-level quantity `naam`.
    pub fn op_situatie(&self, s: &Situatie, naam: &str) -> Result<W, Fout> {
        let f = self.grootheid(naam, Niveau::Situatie)?;
        self.bovenaan(naam, f, W::Sit(s.clone()))
    }

    /// Compute the person-level quantity `naam`.
    pub fn op_persoon(&self, p: &Persoon, naam: &str) -> Result<W, Fout> {
        let f = self.grootheid(naam, Niveau::Persoon)?;
        self.bovenaan(naam, f, W::Pers(p.clone()))
    }

    /// The quantities computed once per pack (their value does not depend on the household).
    pub fn constante_grootheden(&self) -> Vec<String> {
        self.kern
            .functies
            .iter()
            .filter(|f| f.constant)
            .map(|f| f.naam.clone())
            .collect()
    }

    /// Several quantity requests on one household with one evaluation state (`Sessie`);
    /// `trace`: collect every quantity computed (`Sessie::trace`).
    pub fn sessie<'a>(&'a self, hh: &Huishouden, trace: bool) -> Sessie<'a> {
        let mut objecten = vec![W::Hh(hh.clone()), W::Sit(hh.0.werkelijk.clone())];
        objecten.extend(hh.0.referentie.clone().map(W::Sit));
        Sessie {
            pack: self,
            vm: RefCell::new(vm::Vm::nieuw(&self.kern, &objecten[0], trace)),
            objecten: RefCell::new(objecten),
        }
    }

    /// A top-level quantity request from Rust, with its own evaluation state.
    fn bovenaan(&self, naam: &str, f: (Niveau, usize, usize), obj: W) -> Result<W, Fout> {
        let mut vm = vm::Vm::nieuw(&self.kern, &obj, false);
        let mut obj = obj;
        self.bovenaan_met(&mut vm, naam, f, &mut obj)
    }

    /// A top-level quantity request on an evaluation state (a fresh operation budget each).
    fn bovenaan_met(
        &self,
        vm: &mut vm::Vm<'_>,
        naam: &str,
        f: (Niveau, usize, usize),
        obj: &mut W,
    ) -> Result<W, Fout> {
        let (niveau, slot, i) = f;
        #[cfg(feature = "referentie")]
        if let Some(r) = &self.referentie {
            return r.vraag(self, naam, obj);
        }
        if i >= self.kern.functies.len() {
            return Err(Fout::regel(
                Code::RegelsGrootheidOntbreekt,
                format!("grootheid `{naam}` ontbreekt"),
            ));
        }
        let plek = vm.memo_plek(obj, niveau);
        if let Some(w) = vm.memo(plek, slot) {
            return Ok(w.clone());
        }
        vm.begin();
        let o = std::mem::replace(obj, W::Unit);
        let (r, o) = vm.grootheid(i, slot, o, plek, None, Pos::GEEN);
        *obj = o;
        r.map_err(|e| self.vertaal(*e))
    }

    /// Make a person object of a situation.
    pub fn persoon(&self, s: &Situatie, idx: usize) -> Persoon {
        Persoon {
            sit: s.0.clone(),
            idx,
        }
    }

    fn grootheid(&self, naam: &str, niveau: Niveau) -> Result<(Niveau, usize, usize), Fout> {
        match self.opzoek.get(naam) {
            Some(f) if f.0 == niveau => Ok(*f),
            _ => Err(Fout::regel(
                Code::RegelsGrootheidOntbreekt,
                format!(
                    "het pakket {} heeft geen grootheid `{naam}` met parameters ({})",
                    self.pack.manifest.jaar,
                    match niveau {
                        Niveau::Huishouden => "hh",
                        Niveau::Situatie => "s",
                        Niveau::Persoon => "s, p",
                    }
                ),
            )
            .hulp("de engine vraagt deze grootheid op; definieer haar in een regelbestand van het pakket")),
        }
    }

    /// The error for a quantity that reads a parameter not yet published for this year.
    fn nog_niet_vastgesteld(&self, functie: &str, param: &str) -> Fout {
        let jaar = self.pack.manifest.jaar;
        let mut f = Fout::regel(
            Code::RegelsNogNietVastgesteld,
            format!(
                "regel `{functie}` leest `{}`, maar die waarde is nog niet vastgesteld (rekenpakket {jaar})",
                param.replace('.', "::")
            ),
        );
        if let Some(p) = self.pack.parameters.get(param) {
            f = f.hulp(format!(
                "bron: {}. Zodra de waarde is gepubliceerd: vervang in {}:{} `nog_niet_vastgesteld = true` door `waarde = …` met de vindplaats in `bron`",
                p.bron, p.pad, p.regel
            ));
        }
        if let Some(fd) = self.functies.get(functie) {
            let tekst = self.pack.regels.get(&fd.bestand).map(|b| b.tekst.clone());
            f = f.op_positie(&fd.pad, tekst.as_ref(), fd.info.regel, 1);
        }
        f
    }

    /// A rule error as an error naming the rule file, line and column: at the operation, or at
    /// the function's first line for a limit (the innermost quantity running).
    pub(crate) fn vertaal(&self, e: RegelFout) -> Fout {
        let naam = |i: Option<usize>| {
            i.and_then(|i| self.kern.functies.get(i))
                .map(|f| f.naam.as_str())
        };
        if let Soort::NogNietVastgesteld(p) = &e.soort {
            return self.nog_niet_vastgesteld(naam(e.functie).unwrap_or("?"), p);
        }
        let functie = if e.is_grens() { e.grootheid } else { e.functie };
        let functie = naam(functie).unwrap_or("?");
        let mut uit = Fout::regel(
            Code::RegelsEvaluatie,
            format!("in regel `{functie}`: {}", e.bericht()),
        );
        match self.functies.get(functie) {
            Some(f) => {
                let tekst = self.pack.regels.get(&f.bestand).map(|b| b.tekst.clone());
                let (r, k) = if e.is_grens() || e.pos.is_geen() {
                    (f.info.regel, 1)
                } else {
                    (e.pos.regel as usize, (e.pos.kolom as usize).max(1))
                };
                uit = uit.op_positie(&f.pad, tekst.as_ref(), r, k);
            }
            None => {
                uit = uit.bij(Locatie::Pad(format!(
                    "rules/nl/{}",
                    self.pack.manifest.jaar
                )))
            }
        }
        match e.hulp() {
            Some(h) => uit.hulp(h),
            None => uit,
        }
    }

    /// The parameters a function reads, by dotted name.
    pub fn parameters_van(&self, functie: &str) -> Vec<&crate::params::Parameter> {
        let mut uit: Vec<&crate::params::Parameter> = self
            .functies
            .get(functie)
            .map(|f| {
                f.info
                    .verwijzingen
                    .iter()
                    .filter_map(|(n, ..)| self.pack.parameters.get(&n.replace("::", ".")))
                    .collect()
            })
            .unwrap_or_default();
        uit.sort_by(|a, b| a.naam.cmp(&b.naam));
        uit.dedup_by(|a, b| a.naam == b.naam);
        uit
    }
}
