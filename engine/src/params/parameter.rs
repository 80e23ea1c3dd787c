//! The parameter types: a value (`Waarde`), one parameter with its `bron`, unit and year
//! (`Parameter`), all parameters of a pack (`Parameters`) and the accepted units.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A parameter value. Numbers are always exact decimals.
#[derive(Debug, Clone, PartialEq)]
pub enum Waarde {
    /// An exact decimal (amounts, rates, counts).
    Getal(Decimal),
    /// Text.
    Tekst(String),
    /// A boolean.
    Logisch(bool),
    /// A calendar date.
    Datum(NaiveDate),
    /// A list of values.
    Lijst(Vec<Waarde>),
    /// A row of a table (an inline table inside a list), e.g. one tax bracket.
    Rij(BTreeMap<String, Waarde>),
    /// Not yet published for this year (`nog_niet_vastgesteld = true`): a rule that reads it
    /// fails with an error naming the parameter and the year.
    NogNietVastgesteld,
}

impl std::fmt::Display for Waarde {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Waarde::Getal(d) => write!(f, "{d}"),
            Waarde::Tekst(t) => write!(f, "\"{t}\""),
            Waarde::Logisch(b) => write!(f, "{b}"),
            Waarde::Datum(d) => write!(f, "{d}"),
            Waarde::Lijst(l) => {
                write!(f, "[")?;
                for (i, w) in l.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{w}")?;
                }
                write!(f, "]")
            }
            Waarde::NogNietVastgesteld => write!(f, "nog niet vastgesteld"),
            Waarde::Rij(r) => {
                write!(f, "{{ ")?;
                for (i, (k, w)) in r.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k} = {w}")?;
                }
                write!(f, " }}")
            }
        }
    }
}

/// One parameter with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Full dotted name: `zorgtoeslag.vermogensgrens.partner`. In Rhai: `zorgtoeslag::vermogensgrens::partner`.
    pub naam: String,
    /// The value.
    pub waarde: Waarde,
    /// The legal source (regulation, article, publication, validity year).
    pub bron: String,
    /// Unit (`euro_per_jaar`, `fractie`, …) when given (on the value, an enclosing table, or
    /// the value of an earlier year that this one overrides).
    pub eenheid: Option<String>,
    /// The amount or fraction may be negative (`mag_negatief = true`): a saldo, a korting.
    pub(crate) mag_negatief: bool,
    /// Explanation for readers, when given.
    pub(crate) toelichting: Option<String>,
    /// The pack year that defined this value (differs from the evaluated year when inherited).
    pub jaar: i32,
    /// File (as shown to users) and line where the value is defined.
    pub pad: String,
    /// 1-based line of the definition.
    pub regel: usize,
}

impl Parameter {
    /// The name as written in Rhai: `zorgtoeslag::standaardpremie`.
    pub(crate) fn rhai_naam(&self) -> String {
        self.naam.replace('.', "::")
    }
}

/// The unit of a date in the law that divides birth cohorts ("geboren vóór 1 januari 1963"): a
/// date, which a comparison without ageing moves with the households' birth dates.
pub const GEBOORTEDATUMGRENS: &str = "geboortedatumgrens";

/// The accepted units.
pub const EENHEDEN: &[&str] = &[
    "euro_per_jaar",
    "euro_per_maand",
    "fractie",
    "jaren",
    "maanden",
    "datum",
    GEBOORTEDATUMGRENS,
    "lijst",
    "tabel",
    "tekst",
    "aantal",
];

/// All parameters of a pack, by full dotted name.
#[derive(Debug, Clone, Default)]
pub struct Parameters {
    map: BTreeMap<String, Parameter>,
}

impl Parameters {
    /// Add or override a parameter (a later year overrides an earlier one by name).
    pub(crate) fn zet(&mut self, p: Parameter) {
        self.map.insert(p.naam.clone(), p);
    }
    /// Look up by dotted name.
    pub fn get(&self, naam: &str) -> Option<&Parameter> {
        self.map.get(naam)
    }
    /// All parameters in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Parameter> {
        self.map.values()
    }
    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    /// Names close to `naam`, for a did-you-mean hint.
    pub(crate) fn lijkt_op(&self, naam: &str) -> Option<&str> {
        crate::suggest::dichtstbij(naam, self.map.keys().map(String::as_str))
    }
}
