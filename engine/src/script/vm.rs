//! The state of one evaluation: the frame stack of the running rule functions, the operation
//! count and call depth (the limits of `fout.rs`), the household's memo, and the trace when one
//! is asked for. A named quantity is computed here at most once per object (`grootheid`).

use std::sync::Arc;

use super::fout::{RegelFout, Soort, MAX_DIEPTE, MAX_OPERATIES};
use std::sync::OnceLock;

use super::ir::{Kind, Pos, Prop, St};
use crate::model::geheugen::{Geheugen, GeheugenPlaats, Plek};
use crate::model::objecten::plek_van;
use crate::model::objecten::{vervang, weg, W};
use crate::model::Niveau;

/// An error of a running rule.
pub type Fout = Box<RegelFout>;

/// Non-local control flow while running a block (errors included).
pub enum Stroom {
    /// An error.
    Fout(Fout),
    /// `break`.
    Breek,
    /// `continue`.
    Verder,
    /// `return` with its value.
    Terug(W),
}

impl From<Fout> for Stroom {
    fn from(f: Fout) -> Self {
        Stroom::Fout(f)
    }
}

/// The error `soort` at `pos`, as control flow.
#[cold]
pub fn fout(soort: Soort, pos: Pos) -> Stroom {
    Stroom::Fout(RegelFout::nieuw(soort, pos))
}

/// The state of one evaluation.
pub struct Vm<'a> {
    kern: &'a Kern,
    ops: u64,
    diepte: u32,
    /// The quantities computed, in the order they completed, when a trace is asked for.
    trace: Option<Vec<TracePunt>>,
    /// Frames of the running functions (locals by slot, from a base index).
    pub(crate) stack: Vec<W>,
    /// The memo place of the household being evaluated.
    plaats: Option<Arc<GeheugenPlaats<W>>>,
    /// Its memo, taken out for the duration of this evaluation (`genomen`) or, when another
    /// evaluation holds it, a fresh one of our own.
    geheugen: Geheugen<W>,
    genomen: bool,
}

thread_local! {
    /// The frame stack, kept between evaluations so it is allocated once per thread.
    static STAPEL: std::cell::RefCell<Vec<W>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for Vm<'_> {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        STAPEL.with(|s| *s.borrow_mut() = stack);
        if self.genomen {
            if let Some(p) = &self.plaats {
                p.zet_terug(std::mem::take(&mut self.geheugen));
            }
        }
    }
}

impl<'a> Vm<'a> {
    /// A fresh evaluation of quantities of `obj`'s household; `trace` collects every quantity
    /// computed.
    pub fn nieuw(kern: &'a Kern, obj: &W, trace: bool) -> Self {
        let plaats = match obj {
            W::Hh(h) => Some(h.0.geheugen.clone()),
            W::Sit(s) => Some(s.0.geheugen.clone()),
            W::Pers(p) => Some(p.sit.geheugen.clone()),
            _ => None,
        };
        let genomen = plaats.as_ref().and_then(|p| p.neem());
        Vm {
            kern,
            ops: 0,
            diepte: 0,
            trace: trace.then(Vec::new),
            stack: STAPEL.with(|s| std::mem::take(&mut *s.borrow_mut())),
            plaats,
            genomen: genomen.is_some(),
            geheugen: genomen.unwrap_or_default(),
        }
    }

    /// The trace collected so far (empty when none was asked for).
    pub fn neem_trace(&mut self) -> Vec<TracePunt> {
        self.trace.take().unwrap_or_default()
    }

    /// Pop the frame stack down to `basis`.
    #[inline(always)]
    pub(crate) fn ruim_op(&mut self, basis: usize) {
        // value by value with the inline drop (`weg`): a frame holds a few numbers and objects
        while self.stack.len() > basis {
            if let Some(w) = self.stack.pop() {
                weg(w);
            }
        }
    }

    /// Start a new top-level request: a fresh operation budget.
    pub(crate) fn begin(&mut self) {
        self.ops = 0;
        self.diepte = 0;
    }

    /// Where object `o` keeps its quantities of level `niveau`: `None` when `o` is no object of
    /// that level; `Some(None)` for an object of another household (computed without memo);
    /// `Some(Some(plek))` in this evaluation's memo. Found once per quantity read, for the
    /// lookup and, when the value is not there yet, for the store.
    #[inline(always)]
    pub(crate) fn memo_plek(&self, o: &W, niveau: Niveau) -> Option<Option<Plek>> {
        let (p, plek) = plek_van(o, niveau)?;
        Some(self.in_dit_geheugen(p, plek))
    }

    /// `plek` of memo place `p` when that is this evaluation's memo (`memo_plek`).
    #[inline(always)]
    pub(crate) fn in_dit_geheugen(&self, p: &Arc<GeheugenPlaats<W>>, plek: Plek) -> Option<Plek> {
        self.plaats
            .as_ref()
            .is_some_and(|q| Arc::ptr_eq(p, q))
            .then_some(plek)
    }

    /// The value in memo place `plek` (of `memo_plek`), if computed.
    #[inline(always)]
    pub(crate) fn memo(&self, plek: Option<Option<Plek>>, slot: usize) -> Option<&W> {
        self.geheugen.lees(plek??, slot)
    }

    /// A named quantity on an object that is not in its memo slot (the caller has looked
    /// there): computed, traced and memoised.
    /// The object is taken by value and handed back with the result, so that a call moves it
    /// into the callee's frame and out again instead of counting references (the hot path of
    /// every quantity). `plek`: the object's memo place (`memo_plek`). `leen`: the caller's
    /// frame, which may lend a person's situation.
    #[inline(always)]
    pub(crate) fn grootheid(
        &mut self,
        i: usize,
        slot: usize,
        obj: W,
        plek: Option<Option<Plek>>,
        leen: Option<usize>,
        pos: Pos,
    ) -> (Result<W, Fout>, W) {
        let f = &self.kern.functies[i];
        let Some(plek) = plek else {
            let e = RegelFout::nieuw(
                Soort::Gegeven(format!(
                    "een {} heeft geen grootheid `{}`",
                    obj.type_naam(),
                    f.naam
                )),
                pos,
            );
            return (Err(e), obj);
        };
        if let Some(e) = nog_niet_vastgesteld(f, i, pos) {
            return (Err(e), obj);
        }
        // A pack-constant quantity is computed once per pack (not while tracing, so the trace
        // shows every step for this household).
        let gedeeld = (f.constant && self.trace.is_none()).then(|| &self.kern.constanten[i]);
        if let Some(w) = gedeeld.and_then(|c| c.get()) {
            let w = w.clone();
            if let Some(p) = plek {
                self.geheugen.zet(p, slot, w.clone(), self.kern.slots);
            }
            return (Ok(w), obj);
        }
        let (r, obj) = self.voer_grootheid_uit(f, obj, leen, pos);
        let w = match r {
            Ok(w) => w,
            Err(mut e) => {
                e.functie.get_or_insert(i);
                e.grootheid.get_or_insert(i);
                return (Err(e), obj);
            }
        };
        if let Some(t) = &mut self.trace {
            t.push(TracePunt::van(&obj, &f.naam, w.clone()));
        }
        if let Some(c) = gedeeld {
            let _ = c.set(w.clone());
        }
        if let Some(p) = plek {
            self.geheugen.zet(p, slot, w.clone(), self.kern.slots);
        }
        (Ok(w), obj)
    }

    /// Run a quantity's function with its arguments on the frame stack: `(s, p)` for a person,
    /// else `(obj)`.
    #[inline(always)]
    fn voer_grootheid_uit(
        &mut self,
        f: &UitvoerbareFunctie,
        obj: W,
        leen: Option<usize>,
        pos: Pos,
    ) -> (Result<W, Fout>, W) {
        let basis = self.stack.len();
        // `s` for a person, only when the function reads it; lent (moved in and back) from the
        // caller's frame when that holds this person's situation.
        let mut geleend = None;
        if let W::Pers(p) = &obj {
            let s = if !f.leest_situatie {
                W::Unit
            } else if let Some(j) = leen.filter(|j| {
                !f.zet_parameter
                    && matches!(self.stack.get(*j), Some(W::Sit(x)) if Arc::ptr_eq(&x.0, &p.sit))
            }) {
                geleend = Some(j);
                std::mem::replace(&mut self.stack[j], W::Unit)
            } else {
                W::Sit(p.situatie())
            };
            self.stack.push(s);
        }
        let k = self.stack.len();
        if f.zet_parameter {
            self.stack.push(obj.clone());
            let r = self.roep(f, basis, pos);
            return (r, obj);
        }
        self.stack.push(obj);
        let r = self.roep_zonder_afbouw(f, basis, pos);
        let obj = std::mem::replace(&mut self.stack[k], W::Unit);
        if let Some(j) = geleend {
            let s = std::mem::replace(&mut self.stack[basis], W::Unit);
            vervang(&mut self.stack[j], s);
        }
        self.ruim_op(basis);
        (r, obj)
    }

    /// Count one operation (the limit on runaway rules).
    #[inline(always)]
    pub(crate) fn tel(&mut self, pos: Pos) -> Result<(), Fout> {
        self.ops += 1;
        if self.ops > MAX_OPERATIES {
            return Err(RegelFout::nieuw(Soort::TeVeelRekenstappen, pos));
        }
        Ok(())
    }

    /// Run a function whose arguments are on the frame stack from `basis` on; the frame is
    /// popped when it returns.
    pub fn roep(&mut self, f: &UitvoerbareFunctie, basis: usize, pos: Pos) -> Result<W, Fout> {
        let r = self.roep_zonder_afbouw(f, basis, pos);
        self.ruim_op(basis);
        r
    }

    /// `roep`, leaving the frame on the stack (the caller takes its arguments back first).
    fn roep_zonder_afbouw(
        &mut self,
        f: &UitvoerbareFunctie,
        basis: usize,
        pos: Pos,
    ) -> Result<W, Fout> {
        if self.diepte >= MAX_DIEPTE {
            return Err(RegelFout::nieuw(Soort::TeDiep, pos));
        }
        self.tel(pos)?;
        self.diepte += 1;
        if self.stack.len() < basis + f.locals {
            self.stack.resize_with(basis + f.locals, || W::Unit);
        }
        let r = f.code.voer_uit(self, basis);
        self.diepte -= 1;
        match r {
            Ok(w) | Err(Stroom::Terug(w)) => Ok(w),
            Err(Stroom::Fout(e)) => Err(e),
            Err(Stroom::Breek) | Err(Stroom::Verder) => {
                Err(RegelFout::nieuw(Soort::BuitenLus, pos))
            }
        }
    }

    /// A helper function (`private fn`) or a quantity called as a function, with its
    /// arguments on the frame stack from `basis` on.
    pub(crate) fn script(&mut self, i: usize, basis: usize, pos: Pos) -> Result<W, Fout> {
        let f = &self.kern.functies[i];
        if let Some(e) = nog_niet_vastgesteld(f, i, pos) {
            self.ruim_op(basis);
            return Err(e);
        }
        self.roep(f, basis, pos).map_err(|mut e| {
            e.functie.get_or_insert(i);
            e
        })
    }

    /// A property of a computed object: a data field or a quantity.
    pub(crate) fn prop(&mut self, o: W, prop: &Prop, pos: Pos) -> Result<W, Fout> {
        match prop {
            Prop::Gegeven(eig) => {
                let r = eig.lees(&o);
                weg(o);
                r.map_err(|m| RegelFout::nieuw(Soort::Gegeven(m), pos))
            }
            Prop::Grootheid {
                functie,
                niveau,
                slot,
            } => {
                let plek = self.memo_plek(&o, *niveau);
                if let Some(w) = self.memo(plek, *slot) {
                    let w = w.clone();
                    weg(o);
                    return Ok(w);
                }
                let (r, o) = self.grootheid(*functie, *slot, o, plek, None, pos);
                weg(o);
                r
            }
        }
    }
}

/// The error for function `i` when it reads a parameter not yet published for the year.
#[inline(always)]
fn nog_niet_vastgesteld(f: &UitvoerbareFunctie, i: usize, pos: Pos) -> Option<Fout> {
    let p = f.nog_niet_vastgesteld.as_ref()?;
    let mut e = RegelFout::nieuw(Soort::NogNietVastgesteld(p.clone()), pos);
    e.functie = Some(i);
    Some(e)
}

/// A lowered expression: its value, given the running VM and the frame base.
pub type ExF = Box<dyn Fn(&mut Vm<'_>, usize) -> Result<W, Stroom> + Send + Sync>;
/// A lowered condition (`if`, `while`, `&&`, `||`): a boolean or the error Rhai gives.
/// The lowered body of a function: its statements in order; the last one's value is the
/// function's value unless a `return` comes first.
#[derive(Clone)]
pub struct Code(Arc<[ExF]>);

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({} opdrachten)", self.0.len())
    }
}

impl Default for Code {
    fn default() -> Self {
        Code(Arc::from(Vec::new()))
    }
}

impl Code {
    /// The code of these lowered statements (`lower::lager`).
    pub fn nieuw(opdrachten: Arc<[ExF]>) -> Code {
        Code(opdrachten)
    }

    /// Run the body on the frame at `f`.
    #[inline]
    pub fn voer_uit(&self, vm: &mut Vm<'_>, f: usize) -> Result<W, Stroom> {
        blok(&self.0, vm, f)
    }
}

/// A block: every statement in order, the value of the last.
#[inline]
pub(crate) fn blok(b: &[ExF], vm: &mut Vm<'_>, f: usize) -> Result<W, Stroom> {
    let Some((laatste, rest)) = b.split_last() else {
        return Ok(W::Unit);
    };
    for s in rest {
        weg(s(vm, f)?);
    }
    laatste(vm, f)
}

/// A rule function ready to run.
#[derive(Debug, Clone)]
pub struct UitvoerbareFunctie {
    /// Name.
    pub naam: String,
    /// Number of parameters (the first frame slots).
    pub params: usize,
    /// Frame size.
    pub locals: usize,
    /// Body.
    pub body: Vec<St>,
    /// A quantity whose value depends only on the pack (its object is used solely to read other
    /// such quantities): computed once per pack and shared by every household.
    pub constant: bool,
    /// The body lowered to closures, which is what runs.
    pub code: Code,
    /// Whether the body reads its first parameter (for a person quantity: `s`; when it does
    /// not, the call passes `()` and saves building the situation object).
    pub leest_situatie: bool,
    /// Whether the body assigns to one of its parameters (then the object is copied into the
    /// frame rather than moved in and out).
    pub zet_parameter: bool,
    /// A parameter it reads that is not yet published for the pack's year (dotted name):
    /// running it is an error.
    pub nog_niet_vastgesteld: Option<String>,
}

impl UitvoerbareFunctie {
    /// A function with this body, not yet analysed or lowered (`maak_uitvoerbaar`).
    pub fn nieuw(naam: String, params: usize, locals: usize, body: Vec<St>) -> Self {
        UitvoerbareFunctie {
            naam,
            params,
            locals,
            body,
            constant: false,
            code: Code::default(),
            leest_situatie: true,
            zet_parameter: true,
            nog_niet_vastgesteld: None,
        }
    }

    /// Every node of the body.
    pub(crate) fn alles<'a>(&'a self, bezoek: &mut impl FnMut(Kind<'a>)) {
        for s in &self.body {
            Kind::St(s).alles(bezoek);
        }
    }
}

/// Every function of the pack ready to run, by index, and the memo slots per level.
#[derive(Debug, Default)]
pub struct Kern {
    /// Functions in the order of the rule files.
    pub functies: Vec<UitvoerbareFunctie>,
    /// Values of pack-constant quantities, once computed.
    pub constanten: Vec<OnceLock<W>>,
    /// Memo slot counts per level (huishouden, situatie, persoon).
    pub slots: (usize, usize, usize),
}

/// One entry of the evaluation trace (raw; turned into `decision::TraceRegel`).
#[derive(Debug, Clone)]
pub struct TracePunt {
    /// `huishouden`, `referentie`, `huishouden.persoon1`, or empty for household level.
    pub onderwerp: String,
    /// Quantity name.
    pub naam: String,
    /// Value.
    pub waarde: W,
}

impl TracePunt {
    /// The entry for quantity `naam` of object `obj`.
    pub fn van(obj: &W, naam: &str, waarde: W) -> TracePunt {
        let situatie = |s: &crate::model::objecten::SituatieData| {
            if s.is_referentie {
                "referentie"
            } else {
                "huishouden"
            }
        };
        TracePunt {
            onderwerp: match obj {
                W::Sit(s) => situatie(&s.0).to_string(),
                W::Pers(p) => format!("{}.persoon{}", situatie(&p.sit), p.data().nummer),
                _ => String::new(),
            },
            naam: naam.to_string(),
            waarde,
        }
    }
}
