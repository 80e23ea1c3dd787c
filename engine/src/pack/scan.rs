//! A small lexical scan of a Rhai rule file: which functions it defines (name, parameters,
//! line, private or not, doc comment) and which parameters (`ns::naam`) each function reads.
//! Used to check parameter names at load time and to list the parameters of a quantity in the
//! trace without any cost during evaluation.

/// A function found in a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctieInfo {
    /// Function name.
    pub naam: String,
    /// Parameter names.
    pub params: Vec<String>,
    /// Declared `private`.
    pub prive: bool,
    /// 1-based line of `fn`.
    pub regel: usize,
    /// 1-based line of the closing brace of the body.
    pub einde: usize,
    /// The `///` doc comment, joined.
    pub omschrijving: String,
    /// Qualified names read in the body: (`zorgtoeslag::standaardpremie`, line, column).
    pub verwijzingen: Vec<(String, usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Pad(String),
    Sym(char),
    Doc(String),
}

/// Scan a rule file.
pub fn scan(tekst: &str) -> Vec<FunctieInfo> {
    let toks = lex(tekst);
    let mut uit = Vec::new();
    let mut i = 0;
    let mut doc = String::new();
    let mut prive = false;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Doc(d) => {
                if !doc.is_empty() {
                    doc.push(' ');
                }
                doc.push_str(d.trim());
                i += 1;
            }
            Tok::Ident(w) if w == "private" => {
                prive = true;
                i += 1;
            }
            Tok::Ident(w) if w == "fn" => {
                let regel = toks[i].1;
                let naam = match toks.get(i + 1) {
                    Some((Tok::Ident(n), ..)) => n.clone(),
                    _ => String::new(),
                };
                i += 2;
                let mut params = Vec::new();
                if matches!(toks.get(i), Some((Tok::Sym('('), ..))) {
                    i += 1;
                    while let Some((t, ..)) = toks.get(i) {
                        i += 1;
                        match t {
                            Tok::Sym(')') => break,
                            Tok::Ident(p) => params.push(p.clone()),
                            _ => {}
                        }
                    }
                }
                // body
                let mut diepte = 0i32;
                let mut verwijzingen = Vec::new();
                let mut einde = regel;
                while let Some((t, r, k)) = toks.get(i) {
                    i += 1;
                    einde = *r;
                    match t {
                        Tok::Sym('{') => diepte += 1,
                        Tok::Sym('}') => {
                            diepte -= 1;
                            if diepte <= 0 {
                                break;
                            }
                        }
                        Tok::Pad(p) => verwijzingen.push((p.clone(), *r, *k)),
                        _ => {}
                    }
                }
                uit.push(FunctieInfo {
                    naam,
                    params,
                    prive,
                    regel,
                    einde,
                    omschrijving: std::mem::take(&mut doc),
                    verwijzingen,
                });
                prive = false;
            }
            _ => {
                doc.clear();
                prive = false;
                i += 1;
            }
        }
    }
    uit
}

/// A position in the text being scanned: index, 1-based line and character column.
struct Lezer {
    chars: Vec<char>,
    i: usize,
    regel: usize,
    kolom: usize,
}

impl Lezer {
    fn teken(&self, d: usize) -> Option<char> {
        self.chars.get(self.i + d).copied()
    }

    /// One character further.
    fn stap(&mut self) {
        if self.teken(0) == Some('\n') {
            self.regel += 1;
            self.kolom = 1;
        } else {
            self.kolom += 1;
        }
        self.i += 1;
    }

    /// `// …` up to the line end: a `///` doc comment as its text.
    fn regelcommentaar(&mut self) -> Option<String> {
        let is_doc = self.teken(2) == Some('/') && self.teken(3) != Some('/');
        let begin = self.i + if is_doc { 3 } else { 2 };
        let mut j = begin;
        while j < self.chars.len() && self.chars[j] != '\n' {
            j += 1;
        }
        let doc = is_doc.then(|| self.chars[begin..j].iter().collect());
        self.kolom += j - self.i;
        self.i = j;
        doc
    }

    /// `/* … */`.
    fn blokcommentaar(&mut self) {
        self.i += 2;
        self.kolom += 2;
        while self.i < self.chars.len()
            && !(self.teken(0) == Some('*') && self.teken(1) == Some('/'))
        {
            self.stap();
        }
        self.i += 2;
        self.kolom += 2;
    }

    /// A text or character literal, escapes included.
    fn tekst(&mut self, eind: char) {
        self.stap();
        while self.i < self.chars.len() && self.teken(0) != Some(eind) {
            if self.teken(0) == Some('\\') {
                self.stap();
            }
            if self.i < self.chars.len() {
                self.stap();
            }
        }
        self.stap();
    }

    /// A name, or a path `a::b::c`.
    fn woord(&mut self) -> Tok {
        let mut woord = String::new();
        let mut delen = 1;
        loop {
            while let Some(c) = self.teken(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                woord.push(c);
                self.i += 1;
                self.kolom += 1;
            }
            if self.teken(0) == Some(':') && self.teken(1) == Some(':') {
                woord.push_str("::");
                self.i += 2;
                self.kolom += 2;
                delen += 1;
            } else if delen > 1 {
                return Tok::Pad(woord);
            } else {
                return Tok::Ident(woord);
            }
        }
    }
}

/// Tokens with 1-based line and character column.
fn lex(tekst: &str) -> Vec<(Tok, usize, usize)> {
    let mut l = Lezer {
        chars: tekst.chars().collect(),
        i: 0,
        regel: 1,
        kolom: 1,
    };
    let mut uit = Vec::new();
    while let Some(c) = l.teken(0) {
        let (regel, kolom) = (l.regel, l.kolom);
        match (c, l.teken(1)) {
            ('/', Some('/')) => {
                if let Some(doc) = l.regelcommentaar() {
                    uit.push((Tok::Doc(doc), regel, kolom));
                }
            }
            ('/', Some('*')) => l.blokcommentaar(),
            ('"' | '`' | '\'', _) => l.tekst(c),
            _ if c.is_alphabetic() || c == '_' => uit.push((l.woord(), regel, kolom)),
            _ => {
                // punctuation (it also breaks a doc-comment run)
                if !c.is_whitespace() {
                    uit.push((Tok::Sym(c), regel, kolom));
                }
                l.stap();
            }
        }
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vindt_functies_en_parameters() {
        let t = "// Wet\n/// De premie.\nfn premie(s) {\n  let x = \"a::b\"; // c::d\n  zorgtoeslag::standaardpremie * 2\n}\nprivate fn hulp(a, b) { a }\n";
        let f = scan(t);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].naam, "premie");
        assert_eq!(f[0].params, vec!["s"]);
        assert_eq!(f[0].omschrijving, "De premie.");
        assert_eq!(f[0].regel, 3);
        assert_eq!(
            f[0].verwijzingen,
            vec![("zorgtoeslag::standaardpremie".to_string(), 5, 3)]
        );
        assert!(f[1].prive);
        assert_eq!(f[1].params, vec!["a", "b"]);
    }
}
