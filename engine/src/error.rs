//! Errors for policy officers: what is wrong, where (file, line and column, or the record
//! field), and how to fix it.
//!
//! Every error carries a stable [`Code`] (`avp::params::missing_bron`), a Dutch message, an
//! optional location and an optional hint. The CLI renders them with miette; `Display` gives the
//! one-line form `path:line:col: message` that `avp check` prints.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

mod code;

pub use code::Code;

/// Where an error is: a file position or a field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locatie {
    /// A position in a file. `regel` and `kolom` are 1-based; `kolom` counts characters.
    Bestand {
        /// Path as the user knows it (relative to the rules directory when possible).
        pad: String,
        /// 1-based line.
        regel: usize,
        /// 1-based column (characters).
        kolom: usize,
    },
    /// A field of a household record, e.g. `personen[0].inkomsten[1].bruto_per_jaar`.
    Veld {
        /// The record: a file name or `regel 12` of a batch.
        record: String,
        /// Dotted path of the field.
        veld: String,
    },
    /// A file as a whole.
    Pad(String),
}

impl fmt::Display for Locatie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locatie::Bestand { pad, regel, kolom } => write!(f, "{pad}:{regel}:{kolom}"),
            Locatie::Veld { record, veld } if veld.is_empty() => write!(f, "{record}"),
            Locatie::Veld { record, veld } => write!(f, "{record}: veld `{veld}`"),
            Locatie::Pad(p) => write!(f, "{p}"),
        }
    }
}

/// Source text for a rich (miette) rendering of a file error.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// File name shown above the snippet.
    pub naam: String,
    /// The whole file text.
    pub tekst: Arc<str>,
    /// Byte range of the offending token.
    pub(crate) span: Range<usize>,
    /// The same text as a miette source.
    pub bron: Arc<miette::NamedSource<String>>,
}

/// One error.
#[derive(Debug, Clone)]
pub struct Fout {
    /// Stable machine-readable code, e.g. [`Code::ParamsMissingBron`]
    /// (`avp::params::missing_bron`).
    pub code: Code,
    /// What is wrong, in Dutch.
    pub bericht: String,
    /// Where.
    pub locatie: Option<Locatie>,
    /// How to fix it.
    pub hulp: Option<String>,
    /// Source snippet for rich rendering.
    pub fragment: Option<Fragment>,
    /// Exit class: input errors exit 2, rule/evaluation errors exit 1.
    pub soort: FoutSoort,
}

/// Which exit code an error leads to (CONTRACT §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoutSoort {
    /// Bad input or usage: exit 2.
    Invoer,
    /// A rule or evaluation error: exit 1.
    Regel,
}

impl Fout {
    /// A new input error (exit 2).
    pub fn invoer(code: Code, bericht: impl Into<String>) -> Self {
        Fout {
            code,
            bericht: bericht.into(),
            locatie: None,
            hulp: None,
            fragment: None,
            soort: FoutSoort::Invoer,
        }
    }

    /// A new rule/evaluation error (exit 1).
    pub fn regel(code: Code, bericht: impl Into<String>) -> Self {
        Fout {
            soort: FoutSoort::Regel,
            ..Fout::invoer(code, bericht)
        }
    }

    /// Attach a location.
    pub fn bij(mut self, locatie: Locatie) -> Self {
        self.locatie = Some(locatie);
        self
    }

    /// Attach a hint.
    pub fn hulp(mut self, hulp: impl Into<String>) -> Self {
        self.hulp = Some(hulp.into());
        self
    }

    /// Attach a file position computed from a byte span in `tekst`.
    pub(crate) fn in_bestand(mut self, pad: &str, tekst: &Arc<str>, span: Range<usize>) -> Self {
        let (regel, kolom) = regel_kolom(tekst, span.start);
        self.locatie = Some(Locatie::Bestand {
            pad: pad.to_string(),
            regel,
            kolom,
        });
        let eind = span.end.max(span.start).min(tekst.len());
        let begin = span.start.min(eind);
        self.fragment = Some(Fragment::nieuw(pad, tekst, begin..eind));
        self
    }

    /// Attach a file position given as 1-based line and character column.
    pub(crate) fn op_positie(
        mut self,
        pad: &str,
        tekst: Option<&Arc<str>>,
        regel: usize,
        kolom: usize,
    ) -> Self {
        self.locatie = Some(Locatie::Bestand {
            pad: pad.to_string(),
            regel,
            kolom,
        });
        if let Some(t) = tekst {
            if let Some(start) = byte_offset(t, regel, kolom) {
                let len = token_lengte(&t[start..]);
                self.fragment = Some(Fragment::nieuw(pad, t, start..start + len));
            }
        }
        self
    }

    /// Whether this error should lead to exit code 2.
    pub fn is_invoer(&self) -> bool {
        self.soort == FoutSoort::Invoer
    }
}

impl fmt::Display for Fout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.locatie {
            Some(l) => write!(f, "{l}: {}", self.bericht)?,
            None => write!(f, "{}", self.bericht)?,
        }
        Ok(())
    }
}

impl std::error::Error for Fout {}

impl miette::Diagnostic for Fout {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hulp
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.fragment
            .as_ref()
            .map(|f| &*f.bron as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.fragment.as_ref().map(|f| {
            Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
                Some("hier".to_string()),
                f.span.clone(),
            ))) as Box<dyn Iterator<Item = miette::LabeledSpan>>
        })
    }
}

impl Fragment {
    fn nieuw(naam: &str, tekst: &Arc<str>, span: Range<usize>) -> Self {
        Fragment {
            naam: naam.to_string(),
            tekst: tekst.clone(),
            span,
            bron: Arc::new(miette::NamedSource::new(naam, tekst.to_string())),
        }
    }
}

/// Several errors at once (a file can hold more than one mistake).
#[derive(Debug, Clone, Default)]
pub struct Fouten(pub Vec<Fout>);

impl Fouten {
    /// Whether any error should lead to exit 2 rather than 1.
    pub fn is_invoer(&self) -> bool {
        self.0.iter().all(Fout::is_invoer)
    }
}

impl From<Fout> for Fouten {
    fn from(f: Fout) -> Self {
        Fouten(vec![f])
    }
}

impl fmt::Display for Fouten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, fout) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{fout}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Fouten {}

/// 1-based (line, character column) of a byte offset.
pub(crate) fn regel_kolom(tekst: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(tekst.len());
    let voor = &tekst[..floor_char_boundary(tekst, offset)];
    let regel = voor.matches('\n').count() + 1;
    let begin_regel = voor.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let kolom = voor[begin_regel..].chars().count() + 1;
    (regel, kolom)
}

/// Byte offset of a 1-based (line, character column).
pub(crate) fn byte_offset(tekst: &str, regel: usize, kolom: usize) -> Option<usize> {
    let mut start = 0usize;
    for _ in 1..regel {
        start += tekst[start..].find('\n')? + 1;
    }
    let lijn = &tekst[start..];
    let mut off = start;
    for (i, (b, _)) in lijn.char_indices().enumerate() {
        if i + 1 == kolom {
            return Some(start + b);
        }
        off = start + b;
    }
    Some(off.min(tekst.len()))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn token_lengte(s: &str) -> usize {
    let n: usize = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '.')
        .map(char::len_utf8)
        .sum();
    n.max(s.chars().next().map(char::len_utf8).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regel_en_kolom_tellen_tekens() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(regel_kolom(t, 0), (1, 1));
        assert_eq!(regel_kolom(t, 6), (2, 1));
        let off = t.find("= 2").unwrap_or_default();
        assert_eq!(regel_kolom(t, off), (2, 4));
        assert_eq!(byte_offset(t, 2, 4), Some(off));
    }
}
