//! The objects and values rules compute with: `hh` (the household and its two situations),
//! `s` (a situation: the actual one or the bijstand reference), `p` (a person in a situation),
//! and the value `W` of everything a rule computes, a parameter holds or a memo slot keeps.
//! Each object knows its place in the household's memo (`geheugen.rs`), so that every quantity
//! is computed once per household.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::geheugen::{GeheugenPlaats, Plek};
use super::Niveau;
use crate::params::Waarde;
use crate::record::Soort;

/// Text in a rule: shared, immutable.
pub type Tekst = Arc<str>;

/// Per-person data of a situation.
#[derive(Debug, Clone)]
pub struct PersoonData {
    /// 1 or 2.
    pub nummer: i64,
    /// Date of birth.
    pub geboortedatum: NaiveDate,
    /// Date of death.
    pub overlijdensdatum: Option<NaiveDate>,
    /// Year income per soort (index = `Soort::index`).
    pub inkomen: [Decimal; Soort::AANTAL],
}

/// A situation (actual or reference).
#[derive(Debug)]
pub struct SituatieData {
    /// The bijstand reference couple rather than the actual household.
    pub is_referentie: bool,
    /// Year assessed.
    pub jaar: i32,
    /// The persons.
    pub personen: Vec<PersoonData>,
    /// Birth dates of the children living at home.
    pub kinderen: Vec<NaiveDate>,
    /// Rekenhuur per month, if any.
    pub huur_per_maand: Option<Decimal>,
    /// Joint assets on 1 January (the own home excluded).
    pub vermogen: Decimal,
    /// Net value of the own home on 1 January (zero when not given).
    pub vermogen_eigen_woning: Decimal,
    /// The number of kostendelende medebewoners as given in the record, if given.
    pub kostendelende_medebewoners: Option<u32>,
    /// Birth dates of the other adults sharing the home.
    pub medebewoners: Vec<NaiveDate>,
    /// Toeslagpartners.
    pub toeslagpartner: bool,
    /// Fiscal partners.
    pub fiscaal_partner: bool,
    /// The household's memo.
    pub(crate) geheugen: Arc<GeheugenPlaats<W>>,
    /// This situation's number in the memo.
    pub(crate) nr: usize,
}

/// `s` in rules.
#[derive(Debug, Clone)]
pub struct Situatie(pub Arc<SituatieData>);

/// `p` in rules.
#[derive(Debug, Clone)]
pub struct Persoon {
    pub(crate) sit: Arc<SituatieData>,
    pub(crate) idx: usize,
}

impl Persoon {
    /// The person's data.
    pub fn data(&self) -> &PersoonData {
        &self.sit.personen[self.idx]
    }
    /// The situation this person belongs to.
    pub fn situatie(&self) -> Situatie {
        Situatie(self.sit.clone())
    }
}

/// Choices of the beleidsregels that rules read.
#[derive(Debug, Clone)]
pub struct Beleid {
    /// `zorgtoeslag`, `participatiewet` or `bedrag`.
    pub vermogensgrens_keuze: &'static str,
    /// The amount with `bedrag`.
    pub vermogensgrens_bedrag: Decimal,
    /// Whether the beleidsregels name a vermogensgrens at all.
    pub vermogensgrens_in_beleidsregels: bool,
}

/// The household: input flags plus the situations.
#[derive(Debug)]
pub struct HuishoudenData {
    /// Year assessed.
    pub jaar: i32,
    /// The actual situation.
    pub werkelijk: Situatie,
    /// The bijstand reference (couples only).
    pub referentie: Option<Situatie>,
    /// The beleidsregels' choices.
    pub beleid: Beleid,
    /// On the Belastingdienst list.
    pub op_lijst: bool,
    /// The year in which each payment instalment is made (one per instalment).
    pub betaaljaren: Vec<i32>,
    /// The household's memo (shared with its situations).
    pub(crate) geheugen: Arc<GeheugenPlaats<W>>,
    /// This household variant's number in the memo.
    pub(crate) variant: usize,
}

/// `hh` in rules.
#[derive(Debug, Clone)]
pub struct Huishouden(pub Arc<HuishoudenData>);

impl SituatieData {
    /// A new situation of the household whose memo is `geheugen`: children, rent and assets
    /// from the record `basis`, the partnerships (fiscal, toeslagen) as given (they hold only
    /// for two persons).
    pub fn nieuw(
        is_referentie: bool,
        jaar: i32,
        personen: Vec<PersoonData>,
        basis: &crate::record::Huishouden,
        (fiscaal_partner, toeslagpartner): (bool, bool),
        geheugen: &Arc<GeheugenPlaats<W>>,
    ) -> Self {
        let n = personen.len();
        SituatieData {
            is_referentie,
            jaar,
            kinderen: basis.kinderen.iter().map(|k| k.geboortedatum.0).collect(),
            huur_per_maand: basis.huur_per_maand,
            vermogen: basis.vermogen,
            vermogen_eigen_woning: basis.vermogen_eigen_woning.unwrap_or_default(),
            kostendelende_medebewoners: basis.kostendelende_medebewoners,
            medebewoners: basis
                .medebewoners
                .iter()
                .map(|m| m.geboortedatum.0)
                .collect(),
            toeslagpartner: toeslagpartner && n == 2,
            fiscaal_partner: fiscaal_partner && n == 2,
            personen,
            nr: geheugen.nieuwe_situatie(),
            geheugen: geheugen.clone(),
        }
    }
}

/// Create the household object (its memo is that of its situations).
pub fn nieuw_huishouden(
    jaar: i32,
    werkelijk: SituatieData,
    referentie: Option<SituatieData>,
    beleid: Beleid,
    op_lijst: bool,
    betaaljaren: Vec<i32>,
) -> Huishouden {
    let geheugen = werkelijk.geheugen.clone();
    Huishouden(Arc::new(HuishoudenData {
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

/// The memo place and the position of an object, if it is an object of level `niveau`.
#[inline]
pub fn plek_van(o: &W, niveau: Niveau) -> Option<(&Arc<GeheugenPlaats<W>>, Plek)> {
    match (niveau, o) {
        (Niveau::Huishouden, W::Hh(h)) => Some((&h.0.geheugen, Plek::Huishouden(h.0.variant))),
        (Niveau::Situatie, W::Sit(s)) => Some((&s.0.geheugen, Plek::Situatie(s.0.nr))),
        (Niveau::Persoon, W::Pers(p)) => Some((&p.sit.geheugen, Plek::Persoon(p.sit.nr, p.idx))),
        _ => None,
    }
}

/// The columns a bracket or piecewise table may have, in this order.
pub const TABEL_KOLOMMEN: [&str; 5] = ["tot", "tarief", "vanaf", "basis", "percentage"];

/// A typed row of a table: the decimal in each of `TABEL_KOLOMMEN`, if present.
pub type TabelRij = [Option<Decimal>; 5];

/// An array, with its rows as typed table rows computed once when a helper first uses it as a
/// table (`schijven`, `stuksgewijs`): a parameter table is read by name only once per pack.
#[derive(Debug, Default)]
pub struct Lijst {
    items: Vec<W>,
    tabel: std::sync::OnceLock<Result<Vec<TabelRij>, String>>,
    /// Elements (nested arrays counted in full) and text bytes, as Rhai counts an array's size.
    pub omvang: Omvang,
}

/// The size of an array as Rhai's limits count it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Omvang {
    /// Elements, those of nested arrays included.
    pub elementen: usize,
    /// Bytes of text, in nested arrays included.
    pub tekst: usize,
}

impl From<Vec<W>> for Lijst {
    fn from(items: Vec<W>) -> Self {
        let mut omvang = Omvang {
            elementen: items.len(),
            tekst: 0,
        };
        for w in &items {
            match w {
                W::Arr(l) => {
                    omvang.elementen = omvang.elementen.saturating_add(l.omvang.elementen);
                    omvang.tekst = omvang.tekst.saturating_add(l.omvang.tekst);
                }
                W::Str(t) => omvang.tekst = omvang.tekst.saturating_add(t.len()),
                _ => {}
            }
        }
        Lijst {
            items,
            tabel: std::sync::OnceLock::new(),
            omvang,
        }
    }
}

impl std::ops::Deref for Lijst {
    type Target = [W];
    fn deref(&self) -> &[W] {
        &self.items
    }
}

impl Lijst {
    /// The rows as typed table rows (an error names a row that is not a table row or a field
    /// that is not a number).
    pub fn als_tabel(&self) -> Result<&[TabelRij], &str> {
        self.tabel
            .get_or_init(|| {
                self.items
                    .iter()
                    .map(|r| {
                        let W::Map(m) = r else {
                            return Err(format!(
                                "tabelrij moet een tabel zijn, kreeg {}",
                                r.type_naam()
                            ));
                        };
                        let mut rij = [None; 5];
                        for (i, k) in TABEL_KOLOMMEN.iter().enumerate() {
                            rij[i] = match m.get(*k) {
                                None => None,
                                Some(W::Dec(d)) => Some(*d),
                                Some(W::Int(n)) => Some(Decimal::from(*n)),
                                Some(w) => {
                                    return Err(format!(
                                        "{k}: verwacht een getal, kreeg {}",
                                        w.type_naam()
                                    ))
                                }
                            };
                        }
                        Ok(rij)
                    })
                    .collect()
            })
            .as_deref()
            .map_err(String::as_str)
    }
}

/// A value in a compiled rule. The tag is a full word (`repr(u64)`) so every payload starts
/// at offset 8: values are copied as whole words, which the processor forwards from store to
/// load (a byte tag made copies of `W` stall; measured in `examples/profiel`).
#[derive(Debug, Clone)]
#[repr(u64)]
pub enum W {
    /// `()`.
    Unit,
    /// A boolean.
    Bool(bool),
    /// A whole number (Rhai's `INT`).
    Int(i64),
    /// An exact decimal.
    Dec(Decimal),
    /// Text.
    Str(Tekst),
    /// A date.
    Datum(NaiveDate),
    /// An array.
    Arr(Arc<Lijst>),
    /// A map (a table row).
    Map(Arc<BTreeMap<Tekst, W>>),
    /// `hh`.
    Hh(Huishouden),
    /// `s`.
    Sit(Situatie),
    /// `p`.
    Pers(Persoon),
    /// A parameter value not yet published.
    NogNietVastgesteld,
}

// A value is three words: the tag and a decimal (the largest payload).
const _: () = assert!(std::mem::size_of::<W>() == 24);

/// Drop a value, without a call when it holds nothing to release (a number, a boolean, a
/// date, `()`): the common case on the hot paths, where the generic drop is an out-of-line
/// call.
#[inline(always)]
pub fn weg(w: W) {
    match w {
        W::Unit | W::Bool(_) | W::Int(_) | W::Dec(_) | W::Datum(_) | W::NogNietVastgesteld => {
            std::mem::forget(w)
        }
        w => drop(w),
    }
}

/// Put `w` in `plek`, dropping the old value inline (`weg`): the slots of a frame mostly hold
/// numbers or `()`, and the generic drop of an assignment is an out-of-line call.
#[inline(always)]
pub fn vervang(plek: &mut W, w: W) {
    weg(std::mem::replace(plek, w));
}

impl W {
    /// The type's name in messages.
    pub fn type_naam(&self) -> &'static str {
        match self {
            W::Unit => "()",
            W::Bool(_) => "waar/onwaar",
            W::Int(_) => "geheel getal",
            W::Dec(_) => "getal",
            W::Str(_) => "tekst",
            W::Datum(_) => "datum",
            W::Arr(_) => "lijst",
            W::Map(_) => "tabel",
            W::Hh(_) => "huishouden",
            W::Sit(_) => "situatie",
            W::Pers(_) => "persoon",
            W::NogNietVastgesteld => "nog niet vastgestelde waarde",
        }
    }

    /// A parameter value as a rule value.
    pub fn van_waarde(w: &Waarde) -> W {
        match w {
            Waarde::Getal(d) => W::Dec(*d),
            Waarde::Tekst(t) => W::Str(t.as_str().into()),
            Waarde::Logisch(b) => W::Bool(*b),
            Waarde::Datum(d) => W::Datum(*d),
            Waarde::Lijst(l) => W::Arr(Arc::new(
                l.iter().map(W::van_waarde).collect::<Vec<_>>().into(),
            )),
            Waarde::NogNietVastgesteld => W::NogNietVastgesteld,
            Waarde::Rij(r) => W::Map(Arc::new(
                r.iter()
                    .map(|(k, v)| (Tekst::from(k.as_str()), W::van_waarde(v)))
                    .collect(),
            )),
        }
    }
}

/// A value as text, as Rhai writes it (`to_string`): decimals as computed, texts without
/// quotes, arrays as `[1, "a"]` (texts quoted inside).
impl std::fmt::Display for W {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            W::Unit => Ok(()),
            W::Bool(b) => write!(f, "{b}"),
            W::Int(i) => write!(f, "{i}"),
            W::Dec(d) => write!(f, "{d}"),
            W::Str(s) => f.write_str(s),
            W::Datum(d) => write!(f, "{d}"),
            W::Arr(a) => {
                f.write_str("[")?;
                for (i, w) in a.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    match w {
                        W::Str(s) => write!(f, "{s:?}")?,
                        W::Unit => f.write_str("()")?,
                        w => write!(f, "{w}")?,
                    }
                }
                f.write_str("]")
            }
            W::Map(m) => {
                f.write_str("#{")?;
                for (i, (k, w)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k:?}: {w}")?;
                }
                f.write_str("}")
            }
            w => f.write_str(w.type_naam()),
        }
    }
}
