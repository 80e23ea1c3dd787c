//! The Rhai side: one sandboxed engine per pack, every rule file compiled once, parameters as
//! read-only module constants (`zorgtoeslag::standaardpremie`), and named quantities that are
//! memoised per household and traced on request.
//!
//! A *named quantity* is a non-`private` function of a rule file with one of three signatures:
//! `fn naam(hh)` (household level), `fn naam(s)` (per situation) or `fn naam(s, p)` (per person).
//! Rules use other quantities as properties — `s.toetsingsinkomen`, `p.box1_inkomen`,
//! `hh.tekort` — so each is computed once and can be traced. Helpers that take other arguments
//! must be `private`.

pub mod compile;
pub mod geheugen;
mod helpers;
pub mod lower;
mod scan;
pub mod types;
pub mod vm;
pub mod waarde;

pub use scan::{scan, FunctieInfo};

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rhai::{Dynamic, Engine, EvalAltResult, Module, NativeCallContext, AST};

use crate::error::{Fout, Fouten, Locatie};
use crate::pack::Pack;
use crate::params::{Parameters, Waarde};
use types::{Huishouden, Persoon, Situatie};
use waarde::W;

/// Which object a quantity is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Niveau {
    /// `fn naam(hh)`.
    Huishouden,
    /// `fn naam(s)`.
    Situatie,
    /// `fn naam(s, p)`.
    Persoon,
}

/// What the engine knows of a function in the pack.
#[derive(Debug, Clone)]
pub struct Functie {
    /// Scan result.
    pub info: FunctieInfo,
    /// File shown to users.
    pub pad: String,
    /// File name (`zorgtoeslag.rhai`).
    pub bestand: String,
    /// Quantity level, `None` for private helpers.
    pub niveau: Option<Niveau>,
    /// Memo slot index within its level.
    pub slot: usize,
    /// Index of the function in the compiled kernel (`Kern::uitvoer`).
    pub uitvoer: usize,
    /// A parameter this function reads that is not yet published for the pack's year (dotted
    /// name): evaluating the quantity is an error.
    pub leest_nog_niet_vastgesteld: Option<String>,
}

/// A pack compiled and ready to evaluate any number of households.
pub struct GecompileerdPack {
    /// The loaded pack.
    pub pack: Pack,
    engine: Engine,
    ast: AST,
    /// Every function by name.
    pub functies: BTreeMap<String, Functie>,
    /// sha256 over every file of the pack.
    pub regels_hash: String,
    /// How each function runs (compiled or interpreted), shared with the Rhai getters.
    pub(crate) kern: Arc<Kern>,
    /// Every quantity by name with its level, memo slot and kernel index: the engine asks for
    /// some 30 quantities per household, so this lookup is a hash, not a tree walk.
    opzoek: rustc_hash::FxHashMap<String, (Niveau, usize, usize)>,
    /// The columns of a decision's calculation (`decision::KOLOM_GROOTHEDEN`), looked up once
    /// per pack: they are asked for every situation of every household. `None`: missing or not
    /// a situation quantity (asking reports it).
    kolommen: [Option<(Niveau, usize, usize)>; 7],
}

/// How the rule functions of a pack run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Uitvoering {
    /// Compiled where possible (`compile.rs`), the rest in the Rhai interpreter. The default.
    #[default]
    Gecompileerd,
    /// Everything in the Rhai interpreter: the reference the compiled form is tested against.
    Interpreter,
}

/// How one function of the pack runs.
#[derive(Debug)]
pub struct Uitvoer {
    /// Function name.
    pub naam: rhai::ImmutableString,
    /// The compiled form, or why there is none (it then runs in the Rhai interpreter).
    pub gecompileerd: Result<Arc<compile::CFunctie>, compile::Reden>,
    /// A parameter it reads that is not yet published (dotted name).
    pub nog_niet_vastgesteld: Option<String>,
}

/// What the compiled rules and the Rhai getters share: every function by AST index, and the
/// index of every named quantity.
#[derive(Debug, Default)]
pub struct Kern {
    /// Functions in AST order.
    pub uitvoer: Vec<Uitvoer>,
    /// Quantity name → index in `uitvoer`.
    pub per_naam: std::collections::HashMap<String, usize>,
    /// Values of pack-constant quantities, once computed.
    pub constanten: Vec<OnceLock<W>>,
    /// Memo slot counts per level (huishouden, situatie, persoon).
    pub slots: (usize, usize, usize),
}

/// Quantity requests on one household that share one evaluation state: the household's memo is
/// taken once for all of them instead of once per request. `evaluate::beoordeel` asks some
/// thirty quantities per household through one. It dereferences to the pack.
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
    /// `GecompileerdPack::op_huishouden_w` within the session (also for a variant of the
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

    /// `GecompileerdPack::op_situatie_w` within the session.
    pub fn op_situatie_w(&self, s: &Situatie, naam: &str) -> Result<W, Fout> {
        let f = self.pack.grootheid(naam, Niveau::Situatie)?;
        self.vraag(
            naam,
            f,
            |o| matches!(o, W::Sit(x) if Arc::ptr_eq(&x.0, &s.0)),
            || W::Sit(s.clone()),
        )
    }

    /// Column `i` of a decision's calculation (`decision::KOLOM_GROOTHEDEN[i]`) for `s`: the
    /// same as `op_situatie_w` with that name, without looking the name up.
    pub fn op_kolom_w(&self, s: &Situatie, i: usize) -> Result<W, Fout> {
        let naam = crate::decision::KOLOM_GROOTHEDEN[i];
        let f = match self.pack.kolommen[i] {
            Some(f) => f,
            None => self.pack.grootheid(naam, Niveau::Situatie)?,
        };
        self.vraag(
            naam,
            f,
            |o| matches!(o, W::Sit(x) if Arc::ptr_eq(&x.0, &s.0)),
            || W::Sit(s.clone()),
        )
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

/// One entry of the evaluation trace (raw; turned into `decision::TraceRegel`).
#[derive(Debug, Clone)]
pub struct TracePunt {
    /// `huishouden`, `referentie`, `huishouden.persoon1`, or empty for household level.
    pub onderwerp: String,
    /// Quantity name.
    pub naam: String,
    /// Value.
    pub waarde: Dynamic,
}

#[derive(Default)]
struct Status {
    trace: Option<Vec<TracePunt>>,
    /// The innermost quantity that was running when a runaway (system) error happened.
    falen_in: Option<String>,
    /// A quantity stopped because it reads a parameter not yet published: (quantity, parameter).
    nog_niet_vastgesteld: Option<(String, String)>,
}

thread_local! {
    static STATUS: RefCell<Status> = RefCell::new(Status::default());
}

/// Start collecting a trace on this thread.
pub fn trace_aan() {
    STATUS.with(|s| s.borrow_mut().trace = Some(Vec::new()));
}

/// Stop collecting and return what was collected.
pub fn trace_uit() -> Vec<TracePunt> {
    STATUS.with(|s| s.borrow_mut().trace.take().unwrap_or_default())
}

fn noteer(onderwerp: impl FnOnce() -> String, naam: &str, waarde: &Dynamic) {
    STATUS.with(|s| {
        if let Some(t) = s.borrow_mut().trace.as_mut() {
            t.push(TracePunt {
                onderwerp: onderwerp(),
                naam: naam.to_string(),
                waarde: waarde.clone(),
            });
        }
    });
}

pub(crate) fn markeer_falen(naam: &str, e: &EvalAltResult) {
    if e.is_system_exception() {
        STATUS.with(|s| {
            let mut s = s.borrow_mut();
            if s.falen_in.is_none() {
                s.falen_in = Some(naam.to_string());
            }
        });
    }
}

fn onderwerp_sit(s: &Situatie) -> String {
    if s.0.is_referentie {
        "referentie"
    } else {
        "huishouden"
    }
    .to_string()
}

fn onderwerp_pers(p: &Persoon) -> String {
    format!(
        "{}.persoon{}",
        onderwerp_sit(&p.situatie()),
        p.data().nummer
    )
}

/// Build the sandboxed engine with types and helpers (no pack specifics).
fn basis_engine() -> Engine {
    let mut e = Engine::new();
    e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    e.disable_symbol("eval");
    e.set_max_operations(500_000);
    e.set_max_call_levels(96);
    e.set_max_expr_depths(64, 32);
    e.set_max_string_size(vm::MAX_TEKST);
    e.set_max_array_size(vm::MAX_LIJST);
    e.set_max_map_size(1_000);
    e.set_max_modules(0);
    e.set_max_variables(1_000);
    e.set_max_functions(2_000);
    e.set_strict_variables(true);
    e.set_fail_on_invalid_map_property(true);
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    types::registreer(&mut e);
    helpers::registreer(&mut e);
    e
}

/// A parameter value as a Rhai value.
pub fn naar_dynamic(w: &Waarde) -> Dynamic {
    match w {
        Waarde::Getal(d) => Dynamic::from_decimal(*d),
        Waarde::Tekst(t) => Dynamic::from(t.clone()),
        Waarde::Logisch(b) => Dynamic::from_bool(*b),
        Waarde::Datum(d) => Dynamic::from(types::Datum(*d)),
        Waarde::Lijst(l) => Dynamic::from_array(l.iter().map(naar_dynamic).collect()),
        Waarde::NogNietVastgesteld => Dynamic::from(types::NogNietVastgesteld),
        Waarde::Rij(r) => Dynamic::from_map(
            r.iter()
                .map(|(k, v)| (k.as_str().into(), naar_dynamic(v)))
                .collect(),
        ),
    }
}

#[derive(Default)]
struct ModBoom {
    vars: BTreeMap<String, Dynamic>,
    sub: BTreeMap<String, ModBoom>,
}

impl ModBoom {
    fn zet(&mut self, delen: &[&str], w: Dynamic) {
        match delen {
            [laatste] => {
                self.vars.insert((*laatste).to_string(), w);
            }
            [eerste, rest @ ..] => self
                .sub
                .entry((*eerste).to_string())
                .or_default()
                .zet(rest, w),
            [] => {}
        }
    }
    fn module(&self) -> Module {
        let mut m = Module::new();
        for (k, v) in &self.vars {
            m.set_var(k.as_str(), v.clone());
        }
        for (k, s) in &self.sub {
            m.set_sub_module(k.as_str(), s.module());
        }
        m.build_index();
        m
    }
}

fn registreer_parameters(engine: &mut Engine, params: &Parameters) {
    let mut boom = ModBoom::default();
    for p in params.iter() {
        let delen: Vec<&str> = p.naam.split('.').collect();
        boom.zet(&delen, naar_dynamic(&p.waarde));
    }
    for (naam, sub) in &boom.sub {
        engine.register_static_module(naam.as_str(), sub.module().into());
    }
}

fn niveau_van(params: &[String]) -> Option<Niveau> {
    match params
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["hh"] => Some(Niveau::Huishouden),
        ["s"] => Some(Niveau::Situatie),
        ["s", "p"] => Some(Niveau::Persoon),
        _ => None,
    }
}

impl GecompileerdPack {
    /// Compile a loaded pack: scan and check every rule file, compile it, register parameters
    /// and quantity getters.
    pub fn compileer(pack: Pack) -> Result<GecompileerdPack, Fouten> {
        Self::compileer_met(pack, Uitvoering::Gecompileerd)
    }

    /// Compile a loaded pack, choosing how rule functions run.
    pub fn compileer_met(pack: Pack, uitvoering: Uitvoering) -> Result<GecompileerdPack, Fouten> {
        let mut engine = basis_engine();
        registreer_parameters(&mut engine, &pack.parameters);
        let mut fouten = Vec::new();
        let mut functies: BTreeMap<String, Functie> = BTreeMap::new();
        let mut ast = AST::empty();
        let mut bestand_asts: Vec<AST> = Vec::new();
        let mut slots = (0usize, 0usize, 0usize);

        for bestand in pack.regels.values() {
            let eerste = bestand
                .tekst
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            if !eerste.trim_start().starts_with("//") {
                fouten.push(
                    Fout::regel(
                        crate::error::Code::RegelsArtikel,
                        "een regelbestand begint met een commentaarregel die het artikel noemt dat het uitvoert",
                    )
                    .op_positie(&bestand.pad, Some(&bestand.tekst), 1, 1)
                    .hulp("bijvoorbeeld: `// Wet op de zorgtoeslag, art. 2 — hoogte van de zorgtoeslag`"),
                );
            }
            for info in scan(&bestand.tekst) {
                for (naam, r, k) in &info.verwijzingen {
                    let punt = naam.replace("::", ".");
                    if pack.parameters.get(&punt).is_none() {
                        let hint = pack
                            .parameters
                            .lijkt_op(&punt)
                            .map(|s| format!("bedoelt u `{}`?", s.replace('.', "::")))
                            .unwrap_or_else(|| {
                                format!(
                                    "voeg `{}` toe aan het parameterbestand van {}",
                                    punt, pack.manifest.jaar
                                )
                            });
                        fouten.push(
                            Fout::regel(
                                crate::error::Code::RegelsParameterOntbreekt,
                                format!(
                                    "regel `{}` leest parameter `{naam}`, maar die bestaat niet in het pakket {}",
                                    info.naam, pack.manifest.jaar
                                ),
                            )
                            .op_positie(&bestand.pad, Some(&bestand.tekst), *r, *k)
                            .hulp(hint),
                        );
                    }
                }
                let niveau = if info.prive {
                    None
                } else {
                    niveau_van(&info.params)
                };
                if !info.prive && niveau.is_none() {
                    fouten.push(
                        Fout::regel(
                            crate::error::Code::RegelsSignatuur,
                            format!(
                                "functie `{}({})` is geen grootheid: een grootheid heeft (hh), (s) of (s, p) als parameters",
                                info.naam,
                                info.params.join(", ")
                            ),
                        )
                        .op_positie(&bestand.pad, Some(&bestand.tekst), info.regel, 1)
                        .hulp("maak een hulpfunctie `private fn …`, of geef haar de parameters van een grootheid"),
                    );
                }
                if !info.prive && types::DATA_NAMEN.contains(&info.naam.as_str()) {
                    fouten.push(
                        Fout::regel(
                            crate::error::Code::RegelsNaamBezet,
                            format!(
                                "`{}` is al een gegeven van het huishouden; kies een andere naam",
                                info.naam
                            ),
                        )
                        .op_positie(
                            &bestand.pad,
                            Some(&bestand.tekst),
                            info.regel,
                            1,
                        ),
                    );
                }
                if let Some(ander) = functies.get(&info.naam) {
                    fouten.push(
                        Fout::regel(
                            crate::error::Code::RegelsDubbel,
                            format!("functie `{}` staat ook in {}:{}", info.naam, ander.pad, ander.info.regel),
                        )
                        .op_positie(&bestand.pad, Some(&bestand.tekst), info.regel, 1)
                        .hulp("elke grootheid en hulpfunctie heeft één thuis; hernoem of verwijder één van beide"),
                    );
                    continue;
                }
                let slot = match niveau {
                    Some(Niveau::Huishouden) => {
                        slots.0 += 1;
                        slots.0 - 1
                    }
                    Some(Niveau::Situatie) => {
                        slots.1 += 1;
                        slots.1 - 1
                    }
                    Some(Niveau::Persoon) => {
                        slots.2 += 1;
                        slots.2 - 1
                    }
                    None => 0,
                };
                let leest_nog_niet_vastgesteld = info
                    .verwijzingen
                    .iter()
                    .map(|(n, ..)| n.replace("::", "."))
                    .find(|n| {
                        matches!(
                            pack.parameters.get(n).map(|p| &p.waarde),
                            Some(Waarde::NogNietVastgesteld)
                        )
                    });
                functies.insert(
                    info.naam.clone(),
                    Functie {
                        uitvoer: usize::MAX,
                        leest_nog_niet_vastgesteld,
                        info,
                        pad: bestand.pad.clone(),
                        bestand: bestand.naam.clone(),
                        niveau,
                        slot,
                    },
                );
            }
            match engine.compile(&*bestand.tekst) {
                Ok(mut a) => {
                    a.set_source(bestand.pad.as_str());
                    ast = ast.merge(&a);
                    bestand_asts.push(a);
                }
                Err(e) => {
                    let pos = e.position();
                    let bericht = e.err_type().to_string();
                    fouten.push(
                        Fout::regel(crate::error::Code::RegelsSyntax, format!("Rhai: {bericht}"))
                            .op_positie(
                                &bestand.pad,
                                Some(&bestand.tekst),
                                pos.line().unwrap_or(1),
                                pos.position().unwrap_or(1),
                            )
                            .hulp(syntax_hulp(&bericht)),
                    );
                }
            }
        }
        if !fouten.is_empty() {
            return Err(Fouten(fouten));
        }
        let (index, mut gecompileerd) =
            compile::compileer(&bestand_asts, &functies, &pack.parameters);
        if uitvoering == Uitvoering::Interpreter {
            for g in &mut gecompileerd {
                *g = Err("alleen de Rhai-interpreter (gekozen)".to_string());
            }
        }
        let mut uitvoer: Vec<Option<Uitvoer>> = gecompileerd
            .into_iter()
            .map(|g| {
                Some(Uitvoer {
                    naam: "".into(),
                    gecompileerd: g,
                    nog_niet_vastgesteld: None,
                })
            })
            .collect();
        let mut per_naam = std::collections::HashMap::new();
        for ((naam, n), i) in &index {
            if let Some(Some(u)) = uitvoer.get_mut(*i) {
                u.naam = naam.as_str().into();
                if let Some(f) = functies.get(naam) {
                    if f.info.params.len() == *n {
                        u.nog_niet_vastgesteld = f.leest_nog_niet_vastgesteld.clone();
                        if f.niveau.is_some() {
                            per_naam.insert(naam.clone(), *i);
                        }
                    }
                }
            }
        }
        let uitvoer: Vec<Uitvoer> = uitvoer.into_iter().flatten().collect();
        let kern = Arc::new(Kern {
            constanten: (0..uitvoer.len()).map(|_| OnceLock::new()).collect(),
            uitvoer,
            per_naam,
            slots,
        });
        for (naam, f) in functies.iter_mut() {
            if let Some(&i) = kern.per_naam.get(naam) {
                f.uitvoer = i;
            }
        }
        registreer_getters(&mut engine, &functies, &kern);
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
            engine,
            ast,
            functies,
            regels_hash,
            kern,
            opzoek,
            kolommen,
        })
    }

    /// Compute (or fetch from the memo) the household-level quantity `naam`.
    pub fn op_huishouden(&self, hh: &Huishouden, naam: &str) -> Result<Dynamic, Fout> {
        self.op_huishouden_w(hh, naam).map(|w| w.naar_dynamic())
    }

    /// Compute the situation-level quantity `naam`.
    pub fn op_situatie(&self, s: &Situatie, naam: &str) -> Result<Dynamic, Fout> {
        self.op_situatie_w(s, naam).map(|w| w.naar_dynamic())
    }

    /// Compute the person-level quantity `naam`.
    pub fn op_persoon(&self, p: &Persoon, naam: &str) -> Result<Dynamic, Fout> {
        let f = self.grootheid(naam, Niveau::Persoon)?;
        self.bovenaan(naam, f, W::Pers(p.clone()))
            .map(|w| w.naar_dynamic())
    }

    /// `op_huishouden` as the engine's own value type (no boxing into a Rhai value).
    pub fn op_huishouden_w(&self, hh: &Huishouden, naam: &str) -> Result<W, Fout> {
        let f = self.grootheid(naam, Niveau::Huishouden)?;
        self.bovenaan(naam, f, W::Hh(hh.clone()))
    }

    /// `op_situatie` as the engine's own value type.
    pub fn op_situatie_w(&self, s: &Situatie, naam: &str) -> Result<W, Fout> {
        let f = self.grootheid(naam, Niveau::Situatie)?;
        self.bovenaan(naam, f, W::Sit(s.clone()))
    }

    /// Whether every function of the pack runs compiled; otherwise the names of those that run
    /// in the Rhai interpreter, with the reason.
    pub fn niet_gecompileerd(&self) -> Vec<(String, String)> {
        self.kern
            .uitvoer
            .iter()
            .filter_map(|u| match &u.gecompileerd {
                Ok(_) => None,
                Err(r) => Some((u.naam.to_string(), r.clone())),
            })
            .collect()
    }

    /// The quantities computed once per pack (their value does not depend on the household).
    pub fn constante_grootheden(&self) -> Vec<String> {
        self.kern
            .uitvoer
            .iter()
            .filter(|u| matches!(&u.gecompileerd, Ok(f) if f.constant))
            .map(|u| u.naam.to_string())
            .collect()
    }

    /// Several quantity requests on one household with one evaluation state (`Sessie`).
    pub fn sessie<'a>(&'a self, hh: &Huishouden) -> Sessie<'a> {
        let mut objecten = vec![W::Hh(hh.clone()), W::Sit(hh.0.werkelijk.clone())];
        objecten.extend(hh.0.referentie.clone().map(W::Sit));
        Sessie {
            pack: self,
            vm: RefCell::new(self.vm(&objecten[0])),
            objecten: RefCell::new(objecten),
        }
    }

    fn vm<'a>(&'a self, obj: &W) -> vm::Vm<'a> {
        vm::Vm::nieuw(&self.kern, vm::Interp::Rust(&self.engine, &self.ast), obj)
    }

    /// A top-level quantity request from Rust, with its own evaluation state.
    fn bovenaan(&self, naam: &str, f: (Niveau, usize, usize), obj: W) -> Result<W, Fout> {
        let mut vm = self.vm(&obj);
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
        if i >= self.kern.uitvoer.len() {
            return Err(Fout::regel(
                crate::error::Code::RegelsGrootheidOntbreekt,
                format!("grootheid `{naam}` ontbreekt"),
            ));
        }
        if let Some(w) = vm.memo(obj, niveau, slot) {
            return Ok(w.clone());
        }
        STATUS.with(|s| {
            let mut s = s.borrow_mut();
            s.falen_in = None;
            s.nog_niet_vastgesteld = None;
        });
        vm.begin();
        let o = std::mem::replace(obj, W::Unit);
        let (r, o) = vm.grootheid_niet_in_memo(i, niveau, slot, o, None, rhai::Position::NONE);
        *obj = o;
        r.map_err(|e| {
            // The outermost quantity's own frame: strip the wrapper the getter adds.
            let e = match *e {
                EvalAltResult::ErrorInFunctionCall(n, _, binnen, _) if n == naam => binnen,
                e => Box::new(e),
            };
            self.vertaal(naam, *e)
        })
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
                crate::error::Code::RegelsGrootheidOntbreekt,
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
            crate::error::Code::RegelsNogNietVastgesteld,
            format!(
                "regel `{functie}` leest `{}`, maar die is voor {jaar} nog niet vastgesteld",
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

    /// Turn a Rhai error into an error naming the rule file, line and column.
    fn vertaal(&self, buitenste: &str, e: EvalAltResult) -> Fout {
        let mut functie = buitenste.to_string();
        let mut fout = e;
        while let EvalAltResult::ErrorInFunctionCall(naam, _, binnen, _) = fout {
            if !naam.starts_with("get$") {
                functie = naam;
            }
            fout = *binnen;
        }
        if fout.is_system_exception() {
            if let Some(f) = STATUS.with(|s| s.borrow().falen_in.clone()) {
                functie = f;
            }
        }
        if let Some((f, p)) = STATUS.with(|s| s.borrow_mut().nog_niet_vastgesteld.take()) {
            return self.nog_niet_vastgesteld(&f, &p);
        }
        let pos = fout.position();
        let bericht = rhai_bericht(&fout);
        let f = self.functies.get(&functie);
        let mut uit = Fout::regel(
            crate::error::Code::RegelsEvaluatie,
            format!("in regel `{functie}`: {bericht}"),
        );
        if let Some(f) = f {
            let tekst = self.pack.regels.get(&f.bestand).map(|b| b.tekst.clone());
            // a text or array that grows too large is shown where it grows
            let te_groot = matches!(fout, EvalAltResult::ErrorDataTooLarge(..));
            let (r, k) = if (fout.is_system_exception() && !te_groot) || pos.is_none() {
                (f.info.regel, 1)
            } else {
                (
                    pos.line().unwrap_or(f.info.regel),
                    pos.position().unwrap_or(1),
                )
            };
            uit = uit.op_positie(&f.pad, tekst.as_ref(), r, k);
        } else {
            uit = uit.bij(Locatie::Pad(format!(
                "rules/nl/{}",
                self.pack.manifest.jaar
            )));
        }
        if matches!(fout, EvalAltResult::ErrorTooManyOperations(..)) {
            uit = uit.hulp("de regel stopt niet (een lus zonder einde?) of doet veel te veel werk; het maximum is 500.000 operaties");
        } else if matches!(fout, EvalAltResult::ErrorStackOverflow(..)) {
            uit = uit.hulp(
                "een grootheid roept zichzelf (indirect) aan; controleer de afhankelijkheden",
            );
        } else if matches!(fout, EvalAltResult::ErrorDataTooLarge(..)) {
            uit = uit.hulp(format!(
                "regels rekenen met bedragen; een tekst blijft onder {} tekens en een lijst onder \
                 {} elementen (zo blijft het geheugen van één beoordeling begrensd). Bouwt de regel \
                 in een lus een tekst of lijst op?",
                duizendtallen(vm::MAX_TEKST),
                duizendtallen(vm::MAX_LIJST)
            ));
        }
        uit
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

fn registreer_getters(engine: &mut Engine, functies: &BTreeMap<String, Functie>, kern: &Arc<Kern>) {
    for (naam, f) in functies {
        let Some(niveau) = f.niveau else { continue };
        let Some(&i) = kern.per_naam.get(naam) else {
            continue;
        };
        let slot = f.slot;
        let getter = format!("get${naam}");
        let k = kern.clone();
        match niveau {
            Niveau::Huishouden => {
                engine.register_fn(
                    getter,
                    move |ctx: NativeCallContext, hh: &mut Huishouden| {
                        getter_roep(&k, &ctx, i, niveau, slot, W::Hh(hh.clone()))
                    },
                );
            }
            Niveau::Situatie => {
                engine.register_fn(getter, move |ctx: NativeCallContext, s: &mut Situatie| {
                    getter_roep(&k, &ctx, i, niveau, slot, W::Sit(s.clone()))
                });
            }
            Niveau::Persoon => {
                engine.register_fn(getter, move |ctx: NativeCallContext, p: &mut Persoon| {
                    getter_roep(&k, &ctx, i, niveau, slot, W::Pers(p.clone()))
                });
            }
        }
    }
}

fn getter_roep(
    kern: &Kern,
    ctx: &NativeCallContext,
    i: usize,
    niveau: Niveau,
    slot: usize,
    obj: W,
) -> Result<Dynamic, Box<EvalAltResult>> {
    let mut vm = vm::Vm::nieuw(kern, vm::Interp::Rhai(ctx), &obj);
    vm.grootheid(i, niveau, slot, obj, None, ctx.call_position())
        .0
        .map(|w| w.naar_dynamic())
}

/// Whether a trace is being collected on this thread.
pub(crate) fn trace_is_aan() -> bool {
    STATUS.with(|s| s.borrow().trace.is_some())
}

/// Record a computed quantity in the trace (when one is being collected).
pub(crate) fn noteer_w(obj: &W, naam: &str, w: &W) {
    let aan = STATUS.with(|s| s.borrow().trace.is_some());
    if !aan {
        return;
    }
    let onderwerp = || match obj {
        W::Sit(s) => onderwerp_sit(s),
        W::Pers(p) => onderwerp_pers(p),
        _ => String::new(),
    };
    noteer(onderwerp, naam, &w.naar_dynamic());
}

/// Mark a quantity as blocked by a parameter not yet published (for the error message).
pub(crate) fn markeer_nog_niet_vastgesteld(naam: &str, param: &str) {
    STATUS.with(|s| {
        s.borrow_mut().nog_niet_vastgesteld = Some((naam.to_string(), param.to_string()))
    });
}

fn rhai_bericht(e: &EvalAltResult) -> String {
    let s = e.to_string();
    let s = match s.rfind(" (line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    match e {
        EvalAltResult::ErrorArithmetic(..) if s.contains("Division by zero") => {
            format!("deling door nul ({s})")
        }
        EvalAltResult::ErrorTooManyOperations(..) => {
            "de regel is afgebroken: te veel rekenstappen".to_string()
        }
        EvalAltResult::ErrorDataTooLarge(wat, ..) if wat.starts_with("Length of string") => {
            format!(
                "de regel is afgebroken: een tekst wordt langer dan {} tekens",
                duizendtallen(vm::MAX_TEKST)
            )
        }
        EvalAltResult::ErrorDataTooLarge(..) => format!(
            "de regel is afgebroken: een lijst wordt groter dan {} elementen",
            duizendtallen(vm::MAX_LIJST)
        ),
        EvalAltResult::ErrorTooManyModules(..) => {
            "`import` is niet toegestaan: regels laden geen modules".to_string()
        }
        EvalAltResult::ErrorStackOverflow(..) => {
            "de regel is afgebroken: te diepe aanroepketen".to_string()
        }
        EvalAltResult::ErrorFunctionNotFound(f, ..) if f.contains("nog_niet_vastgesteld") => {
            format!(
            "er wordt gerekend met een parameter die voor dit jaar nog niet is vastgesteld ({f})"
        )
        }
        EvalAltResult::ErrorFunctionNotFound(f, ..) => format!("functie niet gevonden: {f}"),
        EvalAltResult::ErrorVariableNotFound(v, ..) => format!("onbekende variabele `{v}`"),
        EvalAltResult::ErrorDotExpr(..) => format!("onbekende eigenschap of grootheid ({s})"),
        EvalAltResult::ErrorRuntime(v, ..) => format!("{v}"),
        _ => s,
    }
}

/// `10000` as `10.000`.
fn duizendtallen(n: usize) -> String {
    let t = n.to_string();
    let mut uit = String::new();
    for (i, c) in t.chars().enumerate() {
        if i > 0 && (t.len() - i) % 3 == 0 {
            uit.push('.');
        }
        uit.push(c);
    }
    uit
}

fn syntax_hulp(bericht: &str) -> String {
    if bericht.contains("eval") {
        "`eval` is uitgeschakeld: regels zijn vaste code".to_string()
    } else if bericht.contains("Undefined variable") || bericht.contains("Variable not found") {
        "een variabele moet met `let` worden gedeclareerd; parameters lees je als `naam::sleutel`"
            .to_string()
    } else {
        "controleer de Rhai-syntaxis op deze plaats".to_string()
    }
}

/// Create the household object (its memo is that of its situations).
pub fn nieuw_huishouden(
    jaar: i32,
    werkelijk: types::SituatieData,
    referentie: Option<types::SituatieData>,
    beleid: types::Beleid,
    op_lijst: bool,
    betaaljaren: Vec<i32>,
) -> Huishouden {
    let geheugen = werkelijk.geheugen.clone();
    Huishouden(Arc::new(types::HuishoudenData {
        jaar,
        werkelijk: Situatie(Arc::new(werkelijk)),
        referentie: referentie.map(|r| Situatie(Arc::new(r))),
        beleid,
        op_lijst,
        betaaljaren,
        variant: geheugen.nieuwe_variant(),
        geheugen,
    }))
}
