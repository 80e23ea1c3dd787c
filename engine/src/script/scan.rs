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
                while let Some((t, r, k)) = toks.get(i) {
                    i += 1;
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

/// Tokens with 1-based line and character column.
fn lex(tekst: &str) -> Vec<(Tok, usize, usize)> {
    let chars: Vec<char> = tekst.chars().collect();
    let mut uit = Vec::new();
    let (mut i, mut regel, mut kolom) = (0usize, 1usize, 1usize);
    let stap = |i: &mut usize, regel: &mut usize, kolom: &mut usize, c: char| {
        *i += 1;
        if c == '\n' {
            *regel += 1;
            *kolom = 1;
        } else {
            *kolom += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let volgende = chars.get(i + 1).copied();
        if c == '/' && volgende == Some('/') {
            let is_doc = chars.get(i + 2) == Some(&'/') && chars.get(i + 3) != Some(&'/');
            let begin = i + if is_doc { 3 } else { 2 };
            let mut j = begin;
            while j < chars.len() && chars[j] != '\n' {
                j += 1;
            }
            if is_doc {
                uit.push((Tok::Doc(chars[begin..j].iter().collect()), regel, kolom));
            }
            kolom += j - i;
            i = j;
        } else if c == '/' && volgende == Some('*') {
            i += 2;
            kolom += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                let c2 = chars[i];
                stap(&mut i, &mut regel, &mut kolom, c2);
            }
            i += 2;
            kolom += 2;
        } else if c == '"' || c == '`' || c == '\'' {
            let eind = c;
            stap(&mut i, &mut regel, &mut kolom, c);
            while i < chars.len() && chars[i] != eind {
                if chars[i] == '\\' {
                    stap(&mut i, &mut regel, &mut kolom, '\\');
                }
                if i < chars.len() {
                    let c2 = chars[i];
                    stap(&mut i, &mut regel, &mut kolom, c2);
                }
            }
            stap(&mut i, &mut regel, &mut kolom, eind);
        } else if c.is_alphabetic() || c == '_' {
            let (r0, k0) = (regel, kolom);
            let mut woord = String::new();
            let mut delen = 1;
            loop {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    woord.push(chars[i]);
                    i += 1;
                    kolom += 1;
                }
                if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
                    woord.push_str("::");
                    i += 2;
                    kolom += 2;
                    delen += 1;
                } else {
                    break;
                }
            }
            uit.push((
                if delen > 1 {
                    Tok::Pad(woord)
                } else {
                    Tok::Ident(woord)
                },
                r0,
                k0,
            ));
        } else {
            if matches!(c, '{' | '}' | '(' | ')') {
                uit.push((Tok::Sym(c), regel, kolom));
            } else if !c.is_whitespace() {
                // other punctuation breaks a doc-comment run
                uit.push((Tok::Sym(c), regel, kolom));
            }
            stap(&mut i, &mut regel, &mut kolom, c);
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
