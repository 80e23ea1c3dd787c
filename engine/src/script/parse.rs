//! Rhai as the parser of the rule language, and only that: each rule file is parsed by a
//! sandboxed Rhai engine, and each function body is translated into the engine's own
//! instructions (`ir.rs`). This is the one module of the production path that knows Rhai.
//!
//! The rule language is the subset of Rhai this translation takes: numbers, texts, booleans,
//! arrays; `let`, assignment (also `+=` …), `if`/`else`, `for … in`, `while`, `loop`, `break`,
//! `continue`, `return`; the operators; `&&`, `||`, `!`, `in`; properties (`s.vermogen`,
//! `hh.tekort`), `p.inkomen(…)`, `lijst.contains(…)`; the helpers of `helpers.rs`; the rule
//! functions of the pack; parameters as `ns::naam`. Anything else is an error at its place, with
//! the nearest supported form as a hint. So is a property that is neither a data field nor a
//! quantity of the pack, with the closest name.

use rhai::{Engine, Position, Stmt, AST};

use super::fout::{MAX_LIJST, MAX_TEKST};
use super::ir::{Pos, St};

/// A syntax error of a rule file: the message, line and column, and a hint.
#[derive(Debug, Clone)]
pub struct SyntaxFout {
    /// Rhai's message.
    pub bericht: String,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub hulp: String,
}

/// The parser: a sandboxed Rhai engine that knows the pack's parameters as modules.
pub struct Ontleder {
    engine: Engine,
}

/// One parsed rule file.
pub struct Bestand(AST);

/// One function of a rule file, ready to be translated.
pub struct Definitie {
    /// Name.
    pub naam: String,
    /// Parameter names.
    pub params: Vec<String>,
    /// The body's statements (`None`: they could not be told apart from the next function's).
    body: Option<Vec<Stmt>>,
}

impl Ontleder {
    /// A parser for rule files. Names are not checked here but in the translation, which
    /// knows the pack's functions and parameters.
    pub fn nieuw() -> Ontleder {
        let mut e = Engine::new();
        e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
        e.disable_symbol("eval");
        e.set_max_expr_depths(64, 32);
        e.set_max_string_size(MAX_TEKST);
        e.set_max_array_size(MAX_LIJST);
        e.set_max_functions(2_000);
        e.set_max_variables(1_000);
        Ontleder { engine: e }
    }

    /// Parse one rule file.
    pub fn bestand(&self, tekst: &str) -> Result<Bestand, SyntaxFout> {
        self.engine.compile(tekst).map(Bestand).map_err(|e| {
            let bericht = e.err_type().to_string();
            SyntaxFout {
                hulp: syntax_hulp(&bericht),
                pos: positie(e.position()),
                bericht,
            }
        })
    }
}

fn syntax_hulp(bericht: &str) -> String {
    if bericht.contains("eval") {
        "`eval` is uitgeschakeld: regels zijn vaste code".to_string()
    } else {
        "controleer de Rhai-syntaxis op deze plaats".to_string()
    }
}

/// Every function of the parsed files, in order. Rhai does not export a function's body, but
/// its AST walk visits each body's statements in the order of `iter_fn_def`, and within one
/// file the bodies' spans do not overlap, so each statement belongs to the function whose span
/// holds it.
pub fn definities(bestand: &Bestand) -> Vec<Definitie> {
    let ast = &bestand.0;
    let mut alle: Vec<Stmt> = Vec::new();
    ast.walk(&mut |pad: &[rhai::ASTNode]| {
        if let [rhai::ASTNode::Stmt(s)] = pad {
            alle.push((*s).clone());
        }
        true
    });
    let sleutel = |p: Position| (p.line().unwrap_or(0), p.position().unwrap_or(0));
    let mut rest = alle.into_iter().skip(ast.statements().len()).peekable();
    let mut zeker = true;
    ast.iter_fn_def()
        .map(|d| {
            let (begin, eind) = (
                sleutel(d.body.start_position()),
                sleutel(d.body.end_position()),
            );
            let mut body = Vec::new();
            while let Some(s) = rest.peek() {
                let k = sleutel(s.position());
                if k == (0, 0) || begin == (0, 0) || eind == (0, 0) {
                    zeker = false;
                }
                if zeker && k >= begin && k <= eind {
                    body.extend(rest.next());
                } else {
                    break;
                }
            }
            Definitie {
                naam: d.name.to_string(),
                params: d.params.iter().map(|p| p.to_string()).collect(),
                body: zeker.then_some(body),
            }
        })
        .collect()
}

/// Translate a function body; gives the statements and the frame size.
pub fn vertaal(d: &Definitie, omgeving: &Omgeving<'_>) -> Result<(Vec<St>, usize), NietInDeTaal> {
    let body = d.body.as_ref().ok_or_else(|| NietInDeTaal {
        bericht: format!(
            "de opdrachten van functie `{}` zijn niet aan te wijzen (een interne fout van avp)",
            d.naam
        ),
        pos: Pos::GEEN,
        hulp: None,
    })?;
    let mut ctx = Ctx {
        namen: Vec::new(),
        volgende: 0,
        omgeving,
    };
    for p in &d.params {
        ctx.nieuw_slot(p);
    }
    let body = body
        .iter()
        .map(|s| ctx.stmt(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((body, ctx.volgende))
}

mod namen;
mod vertaling;
use namen::positie;
pub use namen::{NietInDeTaal, Omgeving};
use vertaling::Ctx;

#[cfg(test)]
mod tests;
