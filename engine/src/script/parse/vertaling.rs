//! The translation of one function body from Rhai's syntax tree into the engine's
//! instructions: names become frame slots, parameters constants, properties data fields or
//! quantities, calls helpers or rule functions.

use rhai::{ASTFlags, Expr, FnCallExpr, ImmutableString, Position, Stmt, StmtBlock};

use super::namen::{
    constante, eigenschap, fout, onbekende_functie, positie, vaste_soorten, NietInDeTaal, Omgeving,
};
use crate::model::objecten::W;
use crate::script::ir::{Ex, Nat, Op, St};

pub(super) struct Ctx<'a, 'b> {
    pub(super) namen: Vec<(String, usize)>,
    pub(super) volgende: usize,
    pub(super) omgeving: &'a Omgeving<'b>,
}

/// A statement outside the rule language: what it is and the nearest supported form.
fn opdracht_buiten_de_taal(s: &Stmt) -> (&'static str, &'static str) {
    match s {
        Stmt::Switch(..) => ("`switch`", "schrijf `if … else if … else`"),
        Stmt::Do(..) => (
            "`do … while/until`",
            "schrijf `while voorwaarde { … }` of `loop { … if klaar { break; } }`",
        ),
        Stmt::TryCatch(..) => (
            "`try … catch`",
            "regels vangen geen fouten; controleer de waarde vooraf met `if`",
        ),
        Stmt::BreakLoop(Some(_), ..) => (
            "`break` met een waarde",
            "zet de waarde in een variabele en schrijf `break;`",
        ),
        Stmt::Return(..) => (
            "`throw`",
            "een regel meldt zelf geen fouten; geef een waarde terug",
        ),
        Stmt::Import(..) => (
            "`import`",
            "regels laden geen modules; parameters lees je als `naam::sleutel`",
        ),
        Stmt::Export(..) => (
            "`export`",
            "een grootheid is een `fn`; exporteren is niet nodig",
        ),
        _ => ("deze opdracht", ""),
    }
}

/// An expression outside the rule language: what it is and the nearest supported form.
fn expressie_buiten_de_taal(e: &Expr) -> (&'static str, &'static str) {
    match e {
        Expr::InterpolatedString(..) => ("tekst met `${…}`", "plak teksten met `+`: `\"a\" + x`"),
        Expr::Map(..) => (
            "een object `#{…}`",
            "zet een tabel in het parameterbestand (TOML), of gebruik losse variabelen",
        ),
        Expr::Index(..) => (
            "indexering `x[i]`",
            "loop door de lijst met `for x in lijst`, of gebruik `lijst.contains(x)`",
        ),
        Expr::CharConstant(..) => ("een teken `'x'`", "schrijf een tekst: `\"x\"`"),
        Expr::Coalesce(..) => ("`??`", "schrijf `if x == () { … } else { x }`"),
        Expr::ThisPtr(..) => (
            "`this`",
            "gebruik de parameter van de grootheid: `hh`, `s` of `p`",
        ),
        Expr::MethodCall(..) => (
            "een methode-aanroep",
            "de methoden zijn `p.inkomen(soort)` en `lijst.contains(x)`",
        ),
        _ => ("deze expressie", ""),
    }
}

fn buiten_de_taal((wat, hulp): (&str, &str), pos: Position) -> NietInDeTaal {
    fout(format!("{wat} hoort niet bij de regeltaal"), pos, hulp)
}

impl Ctx<'_, '_> {
    pub(super) fn nieuw_slot(&mut self, naam: &str) -> usize {
        let s = self.volgende;
        self.volgende += 1;
        self.namen.push((naam.to_string(), s));
        s
    }

    fn zoek(&self, naam: &str, pos: Position) -> Result<usize, NietInDeTaal> {
        self.namen
            .iter()
            .rev()
            .find(|(n, _)| n == naam)
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                fout(
                    format!("onbekende variabele `{naam}`"),
                    pos,
                    "declareer de variabele met `let`",
                )
            })
    }

    fn blok(&mut self, b: &StmtBlock) -> Result<Vec<St>, NietInDeTaal> {
        let diepte = self.namen.len();
        let uit = b.iter().map(|s| self.stmt(s)).collect();
        self.namen.truncate(diepte);
        uit
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> Result<St, NietInDeTaal> {
        Ok(match s {
            Stmt::Noop(..) => St::Niets,
            Stmt::Expr(e) => St::Ex(self.expr(e)?),
            Stmt::FnCall(f, pos) => St::Ex(self.call(f, *pos)?),
            Stmt::Block(b) => St::Ex(Ex::Blok(self.blok(b)?)),
            Stmt::Var(x, flags, pos) => {
                if flags.contains(ASTFlags::EXPORTED) {
                    return Err(buiten_de_taal(
                        (
                            "`export`",
                            "een grootheid is een `fn`; exporteren is niet nodig",
                        ),
                        *pos,
                    ));
                }
                let (id, e, _) = &**x;
                let waarde = self.expr(e)?;
                let slot = self.nieuw_slot(id.name.as_str());
                St::Let(slot, waarde)
            }
            Stmt::Assignment(x) => self.toewijzing(x)?,
            Stmt::If(fc, _) => {
                let c = self.expr(&fc.expr)?;
                St::Als(c, self.blok(&fc.body)?, self.blok(&fc.branch)?)
            }
            Stmt::For(x, pos) => {
                let (var, teller, fc) = &**x;
                if teller.is_some() {
                    return Err(fout(
                        "`for (x, i) in …` met een teller hoort niet bij de regeltaal",
                        *pos,
                        "tel zelf: `let i = 0; for x in lijst { …; i += 1; }`",
                    ));
                }
                let iter = self.expr(&fc.expr)?;
                let diepte = self.namen.len();
                let slot = self.nieuw_slot(var.name.as_str());
                let body = self.blok(&fc.body);
                self.namen.truncate(diepte);
                St::Voor(slot, iter, body?, positie(*pos))
            }
            Stmt::While(fc, _) => {
                let c = match &fc.expr {
                    Expr::Unit(..) => None,
                    e => Some(self.expr(e)?),
                };
                St::Zolang(c, self.blok(&fc.body)?)
            }
            Stmt::BreakLoop(None, flags, _) => {
                if flags.contains(ASTFlags::BREAK) {
                    St::Breek
                } else {
                    St::Verder
                }
            }
            Stmt::Return(e, flags, _) if !flags.contains(ASTFlags::BREAK) => St::Terug(match e {
                Some(e) => Some(self.expr(e)?),
                None => None,
            }),
            _ => return Err(buiten_de_taal(opdracht_buiten_de_taal(s), s.position())),
        })
    }

    fn toewijzing(
        &mut self,
        x: &(rhai::OpAssignment, rhai::BinaryExpr),
    ) -> Result<St, NietInDeTaal> {
        let (op, bin) = x;
        let Expr::Variable(v, _, pos) = &bin.lhs else {
            return Err(fout(
                "toewijzing aan iets anders dan een variabele hoort niet bij de regeltaal",
                bin.lhs.position(),
                "wijs toe aan een variabele: `let x = …; x = …;`",
            ));
        };
        if !v.2.is_empty() {
            return Err(fout(
                "een parameter `ns::naam` kan niet worden gewijzigd",
                *pos,
                "parameters staan vast; kopieer de waarde in een variabele: `let x = ns::naam;`",
            ));
        }
        let slot = self.zoek(v.1.as_str(), *pos)?;
        let waarde = self.expr(&bin.rhs)?;
        let basis = match op.get_op_assignment_info() {
            None => None,
            Some((.., syntax)) => Some(Op::van(syntax).ok_or_else(|| {
                fout(
                    format!("de toewijzing `{syntax}=` hoort niet bij de regeltaal"),
                    op.position(),
                    "schrijf `x = x … y`",
                )
            })?),
        };
        Ok(St::Zet(slot, basis, waarde, positie(op.position())))
    }

    fn expr(&mut self, e: &Expr) -> Result<Ex, NietInDeTaal> {
        Ok(match e {
            Expr::BoolConstant(b, _) => Ex::Const(W::Bool(*b)),
            Expr::IntegerConstant(i, _) => Ex::Const(W::Int(*i)),
            Expr::StringConstant(s, _) => Ex::Const(W::Str(s.as_str().into())),
            Expr::Unit(_) => Ex::Const(W::Unit),
            Expr::DynamicConstant(d, pos) => constante(d, *pos)?,
            Expr::Array(items, pos) => self.lijst(items, *pos)?,
            Expr::Variable(v, _, pos) => {
                let (_, naam, ns, _) = &**v;
                if ns.is_empty() {
                    Ex::Local(self.zoek(naam.as_str(), *pos)?)
                } else {
                    self.parameter(ns, naam, *pos)?
                }
            }
            Expr::Stmt(b) => Ex::Blok(self.blok(b)?),
            Expr::FnCall(f, pos) => self.call(f, *pos)?,
            Expr::And(xs, pos) => Ex::En(self.alle(xs.iter())?, positie(*pos)),
            Expr::Or(xs, pos) => Ex::Of(self.alle(xs.iter())?, positie(*pos)),
            Expr::Dot(bin, flags, pos) => {
                if flags.contains(ASTFlags::NEGATED) {
                    return Err(fout(
                        "`?.` hoort niet bij de regeltaal",
                        *pos,
                        "lees de eigenschap met `.`",
                    ));
                }
                let basis = self.expr(&bin.lhs)?;
                self.keten(basis, &bin.rhs)?
            }
            _ => return Err(buiten_de_taal(expressie_buiten_de_taal(e), e.position())),
        })
    }

    fn alle<'e>(&mut self, xs: impl Iterator<Item = &'e Expr>) -> Result<Vec<Ex>, NietInDeTaal> {
        xs.map(|x| self.expr(x)).collect()
    }

    fn lijst(&mut self, items: &[Expr], pos: Position) -> Result<Ex, NietInDeTaal> {
        let items = self.alle(items.iter())?;
        if !items.iter().all(|x| matches!(x, Ex::Const(_))) {
            return Ok(Ex::Lijst(items, positie(pos)));
        }
        let waarden = items
            .into_iter()
            .map(|x| match x {
                Ex::Const(w) => w,
                _ => W::Unit,
            })
            .collect::<Vec<_>>();
        Ok(Ex::Const(W::Arr(std::sync::Arc::new(waarden.into()))))
    }

    /// A parameter `ns::naam` as its constant value.
    fn parameter(
        &self,
        ns: &rhai::Namespace,
        naam: &ImmutableString,
        pos: Position,
    ) -> Result<Ex, NietInDeTaal> {
        let pad: Vec<&str> = ns
            .path
            .iter()
            .map(|i| i.name.as_str())
            .chain(std::iter::once(naam.as_str()))
            .collect();
        let punt = pad.join(".");
        let p = self.omgeving.params.get(&punt).ok_or_else(|| {
            fout(
                format!("parameter `{}` bestaat niet", pad.join("::")),
                pos,
                "",
            )
        })?;
        Ok(Ex::Const(W::van_waarde(&p.waarde)))
    }

    fn keten(&mut self, basis: Ex, rhs: &Expr) -> Result<Ex, NietInDeTaal> {
        match rhs {
            Expr::Property(p, pos) => {
                let prop = eigenschap(p.2.as_str(), self.omgeving, *pos)?;
                Ok(Ex::Prop(Box::new(basis), prop, positie(*pos)))
            }
            Expr::MethodCall(f, pos) => {
                let p = positie(*pos);
                match (f.name.as_str(), f.args.len()) {
                    ("inkomen", 1) => {
                        let arg = self.expr(&f.args[0])?;
                        if let Some(soorten) = vaste_soorten(&arg) {
                            return Ok(Ex::InkomenVast(Box::new(basis), soorten, p));
                        }
                        Ok(Ex::Inkomen(Box::new(basis), Box::new(arg), p))
                    }
                    ("contains", 1) => {
                        let x = self.expr(&f.args[0])?;
                        Ok(Ex::Bevat(Box::new(basis), Box::new(x), p))
                    }
                    (naam, _) => Err(fout(
                        format!("de methode `.{naam}(…)` hoort niet bij de regeltaal"),
                        *pos,
                        "de methoden zijn `p.inkomen(soort)` en `lijst.contains(x)`; een \
                         berekening schrijft u als `private fn` en roept u aan als `f(x)`",
                    )),
                }
            }
            Expr::Dot(bin, flags, pos) => {
                if flags.contains(ASTFlags::NEGATED) {
                    return Err(fout(
                        "`?.` hoort niet bij de regeltaal",
                        *pos,
                        "lees de eigenschap met `.`",
                    ));
                }
                let tussen = self.keten(basis, &bin.lhs)?;
                self.keten(tussen, &bin.rhs)
            }
            e => Err(buiten_de_taal(expressie_buiten_de_taal(e), e.position())),
        }
    }

    fn call(&mut self, f: &FnCallExpr, pos: Position) -> Result<Ex, NietInDeTaal> {
        if !f.namespace.is_empty() {
            return Err(fout(
                "een functie met namespace (`ns::f(…)`) hoort niet bij de regeltaal",
                pos,
                "alle functies van het pakket zijn overal bekend: schrijf `f(…)`",
            ));
        }
        if f.capture_parent_scope {
            return Err(fout(
                "`f!(…)` hoort niet bij de regeltaal",
                pos,
                "schrijf `f(…)` en geef de waarden als argumenten mee",
            ));
        }
        let naam = f.name.as_str();
        let n = f.args.len();
        let mut args = self.alle(f.args.iter())?;
        let p = positie(pos);
        if let Some(&i) = self.omgeving.index.get(&(naam.to_string(), n)) {
            return Ok(Ex::Script(i, args, p));
        }
        let mut twee = || {
            let b = args.pop().unwrap_or(Ex::Const(W::Unit));
            let a = args.pop().unwrap_or(Ex::Const(W::Unit));
            (Box::new(a), Box::new(b))
        };
        if let (Some(op), 2) = (Op::van(naam), n) {
            let (a, b) = twee();
            return Ok(Ex::Bin(op, a, b, p));
        }
        Ok(match (naam, n) {
            (".." | "..=", 2) => {
                let (a, b) = twee();
                Ex::Bereik(a, b, naam == "..=", p)
            }
            ("contains", 2) => {
                let (lijst, x) = twee();
                Ex::Bevat(lijst, x, p)
            }
            ("-", 1) => Ex::Neg(Box::new(args.remove(0)), p),
            ("!", 1) => Ex::Niet(Box::new(args.remove(0)), p),
            _ => match Nat::van(naam, n) {
                Some(nat) => Ex::Native(nat, args, p),
                None => return Err(onbekende_functie(naam, n, self.omgeving, pos)),
            },
        })
    }
}
