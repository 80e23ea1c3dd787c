//! The rule language as the engine runs it: a small tree of expressions (`Ex`) and statements
//! (`St`) that `parse.rs` builds from a rule function's Rhai syntax, `compile.rs` analyses and
//! `lower.rs` turns into closures. Locals are frame slots, parameters are constants, properties
//! are resolved to a data field or a named quantity, helpers to a native function.
//!
//! One walk serves every pass: `Ex::kinderen` and `St::kinderen` name the direct children of a
//! node, so adding a kind of expression touches this enum, `kinderen` and the places that give
//! the kind its meaning (`parse.rs`, `lower.rs`).

use crate::model::objecten::W;
use crate::model::velden::Eig;
use crate::model::Niveau;

/// A place in a rule file: line and column, counted from 1 (0: unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub regel: u32,
    /// Column, from 1.
    pub kolom: u32,
}

impl Pos {
    /// An unknown place.
    pub const GEEN: Pos = Pos { regel: 0, kolom: 0 };

    /// Whether the place is unknown.
    pub fn is_geen(self) -> bool {
        self.regel == 0
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Plus,
    Min,
    Maal,
    Deel,
    Rest,
    Gelijk,
    Ongelijk,
    Kleiner,
    KleinerGelijk,
    Groter,
    GroterGelijk,
}

/// Every operator with how it is written.
const OPERATOREN: &[(Op, &str)] = &[
    (Op::Plus, "+"),
    (Op::Min, "-"),
    (Op::Maal, "*"),
    (Op::Deel, "/"),
    (Op::Rest, "%"),
    (Op::Gelijk, "=="),
    (Op::Ongelijk, "!="),
    (Op::Kleiner, "<"),
    (Op::KleinerGelijk, "<="),
    (Op::Groter, ">"),
    (Op::GroterGelijk, ">="),
];

impl Op {
    /// The operator written as `teken`.
    pub fn van(teken: &str) -> Option<Op> {
        OPERATOREN
            .iter()
            .find(|(_, t)| *t == teken)
            .map(|(o, _)| *o)
    }

    /// The operator as written.
    pub fn teken(self) -> &'static str {
        OPERATOREN
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("?", |(_, t)| t)
    }

    /// Whether the operator computes a number (else it compares).
    pub fn is_rekenkundig(self) -> bool {
        matches!(self, Op::Plus | Op::Min | Op::Maal | Op::Deel | Op::Rest)
    }
}

/// A helper of the rule language, computed natively (`helpers.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nat {
    Min,
    Max,
    Abs,
    Positief,
    Begrens,
    Afbouw,
    Schijven,
    Stuksgewijs,
    AfrondenEuros,
    AfrondenEurosBeneden,
    AfrondenCenten,
    LeeftijdOp,
    LeeftijdInMaandenOp,
    Datum,
    Decimaal,
}

/// Every helper with its name and number of arguments.
pub const HELPERS: &[(Nat, &str, usize)] = &[
    (Nat::Min, "min", 2),
    (Nat::Max, "max", 2),
    (Nat::Abs, "abs", 1),
    (Nat::Positief, "positief", 1),
    (Nat::Begrens, "begrens", 3),
    (Nat::Afbouw, "afbouw", 4),
    (Nat::Schijven, "schijven", 2),
    (Nat::Stuksgewijs, "stuksgewijs", 2),
    (Nat::AfrondenEuros, "afronden_op_hele_euros", 1),
    (
        Nat::AfrondenEurosBeneden,
        "afronden_op_hele_euros_naar_beneden",
        1,
    ),
    (Nat::AfrondenCenten, "afronden_op_centen", 1),
    (Nat::LeeftijdOp, "leeftijd_op", 2),
    (Nat::LeeftijdInMaandenOp, "leeftijd_in_maanden_op", 2),
    (Nat::Datum, "datum", 3),
    (Nat::Decimaal, "decimaal", 1),
];

impl Nat {
    /// The helper called `naam` with `n` arguments.
    pub fn van(naam: &str, n: usize) -> Option<Nat> {
        HELPERS
            .iter()
            .find(|(_, h, a)| *h == naam && *a == n)
            .map(|(x, ..)| *x)
    }

    /// The helper's name in rules.
    pub fn naam(self) -> &'static str {
        HELPERS
            .iter()
            .find(|(x, ..)| *x == self)
            .map_or("?", |(_, h, _)| h)
    }
}

/// A property read: a data field of the household, or a named quantity (memoised).
#[derive(Debug, Clone)]
pub enum Prop {
    /// A data field (`s.vermogen`).
    Gegeven(Eig),
    /// A named quantity: its function index, level and memo slot.
    Grootheid {
        /// Function index (`Kern::functies`).
        functie: usize,
        /// The object it is computed on.
        niveau: Niveau,
        /// Memo slot within the level.
        slot: usize,
    },
}

/// An expression.
#[derive(Debug, Clone)]
pub enum Ex {
    Const(W),
    Local(usize),
    Neg(Box<Ex>, Pos),
    Niet(Box<Ex>, Pos),
    Bin(Op, Box<Ex>, Box<Ex>, Pos),
    En(Vec<Ex>, Pos),
    Of(Vec<Ex>, Pos),
    Prop(Box<Ex>, Prop, Pos),
    Native(Nat, Vec<Ex>, Pos),
    /// A call of a rule function (a `private fn` helper or a quantity called as a function).
    Script(usize, Vec<Ex>, Pos),
    Inkomen(Box<Ex>, Box<Ex>, Pos),
    /// `p.inkomen(…)` with constant soorten, resolved to their indices at compile time.
    InkomenVast(Box<Ex>, Vec<usize>, Pos),
    /// `lijst.contains(x)` and `x in lijst`: whether an element equals `x`.
    Bevat(Box<Ex>, Box<Ex>, Pos),
    Lijst(Vec<Ex>, Pos),
    Bereik(Box<Ex>, Box<Ex>, bool, Pos),
    Blok(Vec<St>),
}

/// A statement.
#[derive(Debug, Clone)]
pub enum St {
    Niets,
    Let(usize, Ex),
    Zet(usize, Option<Op>, Ex, Pos),
    Ex(Ex),
    Als(Ex, Vec<St>, Vec<St>),
    Voor(usize, Ex, Vec<St>, Pos),
    Zolang(Option<Ex>, Vec<St>),
    Breek,
    Verder,
    Terug(Option<Ex>),
}

/// A direct child of a node.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// An expression.
    Ex(&'a Ex),
    /// A statement.
    St(&'a St),
}

impl Ex {
    /// Visit the direct children in evaluation order.
    pub fn kinderen<'a>(&'a self, bezoek: &mut impl FnMut(Kind<'a>)) {
        match self {
            Ex::Const(_) | Ex::Local(_) => {}
            Ex::Neg(a, _) | Ex::Niet(a, _) | Ex::InkomenVast(a, _, _) | Ex::Prop(a, _, _) => {
                bezoek(Kind::Ex(a))
            }
            Ex::Bin(_, a, b, _)
            | Ex::Inkomen(a, b, _)
            | Ex::Bereik(a, b, _, _)
            | Ex::Bevat(a, b, _) => {
                bezoek(Kind::Ex(a));
                bezoek(Kind::Ex(b));
            }
            Ex::En(xs, _)
            | Ex::Of(xs, _)
            | Ex::Native(_, xs, _)
            | Ex::Lijst(xs, _)
            | Ex::Script(_, xs, _) => xs.iter().for_each(|x| bezoek(Kind::Ex(x))),
            Ex::Blok(b) => b.iter().for_each(|s| bezoek(Kind::St(s))),
        }
    }

    /// The position an error of this expression names.
    pub fn positie(&self) -> Pos {
        match self {
            Ex::Neg(_, p)
            | Ex::Niet(_, p)
            | Ex::Bin(_, _, _, p)
            | Ex::En(_, p)
            | Ex::Of(_, p)
            | Ex::Prop(_, _, p)
            | Ex::Native(_, _, p)
            | Ex::Script(_, _, p)
            | Ex::Inkomen(_, _, p)
            | Ex::InkomenVast(_, _, p)
            | Ex::Bevat(_, _, p)
            | Ex::Lijst(_, p)
            | Ex::Bereik(_, _, _, p) => *p,
            Ex::Const(_) | Ex::Local(_) | Ex::Blok(_) => Pos::GEEN,
        }
    }
}

impl St {
    /// Visit the direct children in evaluation order.
    pub fn kinderen<'a>(&'a self, bezoek: &mut impl FnMut(Kind<'a>)) {
        match self {
            St::Niets | St::Breek | St::Verder | St::Terug(None) => {}
            St::Let(_, e) | St::Zet(_, _, e, _) | St::Ex(e) | St::Terug(Some(e)) => {
                bezoek(Kind::Ex(e))
            }
            St::Als(c, a, b) => {
                bezoek(Kind::Ex(c));
                a.iter().chain(b).for_each(|s| bezoek(Kind::St(s)));
            }
            St::Voor(_, e, b, _) => {
                bezoek(Kind::Ex(e));
                b.iter().for_each(|s| bezoek(Kind::St(s)));
            }
            St::Zolang(c, b) => {
                if let Some(c) = c {
                    bezoek(Kind::Ex(c));
                }
                b.iter().for_each(|s| bezoek(Kind::St(s)));
            }
        }
    }
}

impl<'a> Kind<'a> {
    /// Visit the direct children of this node.
    pub fn kinderen(self, bezoek: &mut impl FnMut(Kind<'a>)) {
        match self {
            Kind::Ex(e) => e.kinderen(bezoek),
            Kind::St(s) => s.kinderen(bezoek),
        }
    }

    /// Whether a property holds for this node and every node below it: `oordeel` decides a
    /// node with its subtree (`Some`) or leaves it to the node's children (`None`; a leaf
    /// without children then holds). Stops at the first that fails.
    pub fn overal(self, oordeel: &mut impl FnMut(Kind<'a>) -> Option<bool>) -> bool {
        if let Some(b) = oordeel(self) {
            return b;
        }
        let mut goed = true;
        self.kinderen(&mut |k| goed = goed && k.overal(oordeel));
        goed
    }

    /// Visit this node and every node below it, parents first.
    pub fn alles(self, bezoek: &mut impl FnMut(Kind<'a>)) {
        bezoek(self);
        self.kinderen(&mut |k| k.alles(bezoek));
    }
}
