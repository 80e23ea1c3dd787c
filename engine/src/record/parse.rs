//! Reading a household record from JSON or TOML with the field path and position in every
//! error, and a did-you-mean for unknown fields.

use std::sync::Arc;

use super::huishouden::Huishouden;
use crate::error::{Code, Fout, Fouten, Locatie};

/// Input format of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formaat {
    /// JSON (one object).
    Json,
    /// TOML.
    Toml,
}

impl Formaat {
    /// Guess from a file name (`.toml` → TOML, else JSON).
    pub fn van_pad(pad: &str) -> Formaat {
        if pad.ends_with(".toml") {
            Formaat::Toml
        } else {
            Formaat::Json
        }
    }
}

/// Parse and validate one household. `naam` names the record in messages (a file name, or
/// `regel 12` in a batch).
pub fn lees_huishouden(tekst: &str, formaat: Formaat, naam: &str) -> Result<Huishouden, Fouten> {
    // a UTF-8 byte-order mark (as some editors on Windows write it) is not part of the record
    let tekst = tekst.strip_prefix('\u{feff}').unwrap_or(tekst);
    let hh = match formaat {
        Formaat::Json => lees_json(tekst, naam)?,
        Formaat::Toml => lees_toml(tekst, naam)?,
    };
    super::validate::valideer(&hh, naam)?;
    Ok(hh)
}

/// Read `bytes` as UTF-8 text. Otherwise an input error naming the first byte that is not
/// UTF-8, its offset in the file and its line and column.
pub fn utf8_tekst(bytes: Vec<u8>, naam: &str) -> Result<String, Fout> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let plek = e.utf8_error().valid_up_to();
        // the valid part is UTF-8: line and column (characters) from it
        let voor = std::str::from_utf8(&bytes[..plek]).unwrap_or_default();
        let regel = voor.matches('\n').count() + 1;
        let kolom = voor.rsplit('\n').next().map_or(0, |r| r.chars().count()) + 1;
        Fout::invoer(
            Code::RecordUtf8,
            format!("geen geldige UTF-8-tekst: {}", ongeldige_byte(bytes, plek)),
        )
        .hulp(UTF8_HULP)
        .bij(Locatie::Bestand {
            pad: naam.to_string(),
            regel,
            kolom,
        })
    })
}

/// How to fix text that is not UTF-8.
pub const UTF8_HULP: &str = "sla het bestand op als UTF-8 (in een spreadsheet: 'CSV UTF-8'); tekst in Windows-1252 of Latin-1 (é als één byte) moet eerst worden omgezet";

/// `byte 0xE9 op offset 29`: the first byte at `plek` (0-based) that is not UTF-8.
pub fn ongeldige_byte(bytes: &[u8], plek: usize) -> String {
    match bytes.get(plek) {
        Some(b) => format!("byte 0x{b:02X} op offset {plek}"),
        None => format!("onvolledig teken op offset {plek}"),
    }
}

/// Whether `tekst` is a JSON object (serde would also read a struct from an array of its
/// fields in order, which the contract does not allow).
pub(crate) fn is_object(tekst: &str) -> bool {
    tekst
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('{')
}

fn lees_json(tekst: &str, naam: &str) -> Result<Huishouden, Fout> {
    if !is_object(tekst) && !tekst.trim().is_empty() {
        let voor = &tekst[..tekst.len() - tekst.trim_start().len()];
        let regel = voor.matches('\n').count() + 1;
        let kolom = voor.rsplit('\n').next().map_or(0, |r| r.chars().count()) + 1;
        return Err(Fout::invoer(
            Code::RecordJson,
            "een huishouden is een JSON-object `{ … }`",
        )
        .hulp("schrijf het huishouden als `{\"jaar\": 2025, \"personen\": [ … ], …}`")
        .op_positie(naam, Some(&Arc::from(tekst)), regel, kolom));
    }
    // A good record is read without tracking the field path (a batch reads millions); a bad
    // one is read again with it, for the message.
    if let Ok(hh) = serde_json::from_str::<Huishouden>(tekst) {
        return Ok(hh);
    }
    let mut de = serde_json::Deserializer::from_str(tekst);
    let res: Result<Huishouden, _> = serde_path_to_error::deserialize(&mut de);
    let hh = match res {
        Ok(hh) => hh,
        Err(e) => {
            let mut pad = e.path().to_string();
            let inner = e.into_inner();
            let (regel, kolom) = (inner.line(), inner.column());
            let bericht = match pad.find(GETAL_SLEUTEL) {
                // a JSON number that is no Decimal (too many digits, a large exponent): serde
                // names its internal field and rust_decimal's English reason
                Some(i) => {
                    pad.truncate(i.saturating_sub(1));
                    getal_bericht(tekst, regel, kolom)
                }
                None => serde_bericht(&inner.to_string()),
            };
            return Err(fout_met_pad(
                naam,
                &pad,
                bericht,
                tekst,
                Some((regel, kolom)),
            ));
        }
    };
    de.end().map_err(|e| {
        Fout::invoer(Code::RecordJson, "na het huishouden staat nog tekst")
            .hulp("één huishouden per bestand, of in JSONL één huishouden per regel")
            .op_positie(naam, Some(&Arc::from(tekst)), e.line(), e.column())
    })?;
    Ok(hh)
}

/// The field serde_json (`arbitrary_precision`) hands a number through.
const GETAL_SLEUTEL: &str = "$serde_json::private::Number";

/// The message for a JSON number that is not an amount; the number is quoted from the text
/// (serde_json's position is its last character).
fn getal_bericht(tekst: &str, regel: usize, kolom: usize) -> (String, Option<String>) {
    let getal = tekst
        .lines()
        .nth(regel.saturating_sub(1))
        .and_then(|r| r.get(..kolom.min(r.len())))
        .map(|r| {
            let begin = r
                .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
                .map_or(0, |i| i + 1);
            &r[begin..]
        })
        .filter(|g| !g.is_empty() && g.len() <= 60);
    let wat = getal.map_or("het getal".to_string(), |g| format!("het getal `{g}`"));
    (
        format!("geen geldig bedrag: {wat} is te groot of heeft te veel cijfers"),
        Some("schrijf een bedrag als getal met een punt als decimaalteken, zonder exponent, in hele centen, bijvoorbeeld 1234.56; avp beoordeelt bedragen tot € 1.000.000.000".to_string()),
    )
}

fn lees_toml(tekst: &str, naam: &str) -> Result<Huishouden, Fout> {
    let de = toml::Deserializer::parse(tekst).map_err(|e| {
        let t: Arc<str> = Arc::from(tekst);
        let f = Fout::invoer(Code::RecordToml, crate::params::vertaal_toml(e.message()));
        match e.span() {
            Some(s) => f.in_bestand(naam, &t, s),
            None => f.bij(Locatie::Pad(naam.to_string())),
        }
    })?;
    let res: Result<Huishouden, _> = serde_path_to_error::deserialize(de);
    res.map_err(|e| {
        let pad = e.path().to_string();
        let inner = e.into_inner();
        let bericht = serde_bericht(inner.message());
        let t: Arc<str> = Arc::from(tekst);
        let mut f = fout_met_pad(naam, &pad, bericht, tekst, None);
        if let Some(span) = inner.span() {
            let loc = f.locatie.clone();
            f = f.in_bestand(naam, &t, span);
            // keep the field path in the message, the position in the location
            if let Some(Locatie::Veld { veld, .. }) = loc {
                if !veld.is_empty() && veld != "." {
                    f.bericht = format!("veld `{veld}`: {}", f.bericht);
                }
            }
        }
        f
    })
}

fn fout_met_pad(
    naam: &str,
    pad: &str,
    bericht: (String, Option<String>),
    tekst: &str,
    pos: Option<(usize, usize)>,
) -> Fout {
    // serde_path_to_error says `?` when a syntax error comes before any field: no field then.
    let veld = if pad == "." || pad == "?" {
        String::new()
    } else {
        pad.to_string()
    };
    let code = if veld.is_empty() {
        Code::RecordJson
    } else {
        Code::RecordVeld
    };
    let mut f = Fout::invoer(code, bericht.0);
    if let Some(h) = bericht.1 {
        f = f.hulp(h);
    }
    match pos {
        Some((r, k)) if r > 0 => {
            let t: Arc<str> = Arc::from(tekst);
            f = f.op_positie(naam, Some(&t), r, k);
            if !veld.is_empty() {
                f.bericht = format!("veld `{veld}`: {}", f.bericht);
            }
            f
        }
        _ => f.bij(Locatie::Veld {
            record: naam.to_string(),
            veld,
        }),
    }
}

/// A message in Dutch and an optional hint.
type Bericht = (String, Option<String>);

/// Dutch wording of serde's messages, with a did-you-mean for unknown fields and variants.
pub fn serde_bericht(m: &str) -> Bericht {
    let m = m.split(" at line ").next().unwrap_or(m).trim();
    naam_bericht(m)
        .or_else(|| syntax_bericht(m))
        .or_else(|| bedrag_bericht(m))
        .or_else(|| type_bericht(m))
        .unwrap_or_else(|| (m.to_string(), None))
}

/// The names between backticks in a serde message: `` unknown field `x`, expected `a` or `b` ``
/// → `x`, `a`, `b`.
fn tussen_backticks(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde's messages about a field or value by name: unknown (with a did-you-mean), duplicate
/// or missing.
fn naam_bericht(m: &str) -> Option<Bericht> {
    const SOORTEN: [&str; 4] = [
        "unknown field ",
        "unknown variant ",
        "duplicate field ",
        "missing field ",
    ];
    let (soort, rest) = SOORTEN
        .iter()
        .find_map(|s| m.strip_prefix(s).map(|rest| (*s, rest)))?;
    let namen = tussen_backticks(rest);
    let (naam, verwacht) = namen.split_first()?;
    let dichtstbij = || crate::suggest::dichtstbij(naam, verwacht.iter().map(String::as_str));
    Some(match soort {
        "unknown field " => {
            let hint = dichtstbij()
                .map(|s| format!("bedoelt u `{s}`?"))
                .unwrap_or_else(|| format!("toegestane velden: {}", verwacht.join(", ")));
            (format!("onbekend veld `{naam}`"), Some(hint))
        }
        "unknown variant " => {
            let hint = dichtstbij()
                .map(|s| format!("bedoelt u `{s}`? Toegestaan: {}", verwacht.join(", ")))
                .unwrap_or_else(|| format!("toegestaan: {}", verwacht.join(", ")));
            (format!("onbekende waarde `{naam}`"), Some(hint))
        }
        "duplicate field " => (
            format!("veld `{naam}` staat twee keer in het huishouden"),
            Some("laat één van de twee weg".to_string()),
        ),
        _ => (format!("verplicht veld `{naam}` ontbreekt"), None),
    })
}

/// serde_json's syntax errors, in Dutch with a hint: (the start of the English message, the
/// Dutch message, the hint).
const SYNTAX: &[(&str, &str, &str)] = &[
    (
        "EOF while parsing a list",
        "de invoer houdt op midden in een lijst `[ … ]`",
        "sluit de lijst met `]`",
    ),
    (
        "EOF while parsing an object",
        "de invoer houdt op midden in een object `{ … }`",
        "sluit het object met `}`",
    ),
    (
        "EOF while parsing a string",
        "de invoer houdt op midden in een tekst",
        "sluit de tekst met `\"`",
    ),
    (
        "EOF while parsing a value",
        "de invoer houdt op waar een waarde wordt verwacht",
        "vul de waarde aan of verwijder de laatste komma",
    ),
    (
        "expected `,` or `]`",
        "verwacht `,` of `]`",
        "scheid de elementen van een lijst met komma's",
    ),
    (
        "expected `,` or `}`",
        "verwacht `,` of `}`",
        "scheid de velden van een object met komma's",
    ),
    (
        "expected `:`",
        "verwacht `:`",
        "schrijf een veld als `\"naam\": waarde`",
    ),
    (
        "trailing comma",
        "komma te veel na het laatste element",
        "verwijder de komma vóór `]` of `}`",
    ),
    (
        "expected value",
        "hier wordt een waarde verwacht",
        "een getal, een tekst tussen aanhalingstekens, true/false, null, een lijst of een object",
    ),
    (
        "key must be a string",
        "een veldnaam moet tussen aanhalingstekens staan",
        "schrijf `\"naam\": waarde`",
    ),
    (
        "invalid number",
        "ongeldig getal",
        "schrijf bedragen met een punt als decimaalteken, zonder duizendtalscheiding: 1234.56",
    ),
    (
        "expected ident",
        "onbekend woord",
        "gebruik true, false of null, of zet tekst tussen aanhalingstekens",
    ),
];

/// A syntax error of serde_json, from [`SYNTAX`].
fn syntax_bericht(m: &str) -> Option<Bericht> {
    SYNTAX
        .iter()
        .find(|(en, ..)| m.starts_with(en))
        .map(|(_, nl, hulp)| (nl.to_string(), Some(hulp.to_string())))
}

/// A value that is not a Decimal.
fn bedrag_bericht(m: &str) -> Option<Bericht> {
    if !(m.starts_with("invalid value: ") && m.contains("expected a Decimal")) {
        return None;
    }
    let waarde = m
        .trim_start_matches("invalid value: ")
        .split(", expected")
        .next()
        .unwrap_or("")
        .replacen("string ", "tekst ", 1)
        .replacen("floating point ", "getal ", 1)
        .replacen("integer ", "geheel getal ", 1);
    Some((
        format!("geen geldig bedrag: {waarde}"),
        Some("schrijf een bedrag als getal met een punt als decimaalteken, zonder exponent en met hooguit 28 cijfers, bijvoorbeeld 1234.56".to_string()),
    ))
}

/// A value of the wrong type: what was given and what was expected, in Dutch.
fn type_bericht(m: &str) -> Option<Bericht> {
    let rest = m.strip_prefix("invalid type: ")?;
    let (kreeg, verwacht) = rest.split_once(", expected ").unwrap_or((rest, "?"));
    // a list where an object belongs: the values would be read by position
    let hulp = (kreeg.trim() == "sequence" && verwacht.starts_with("struct "))
        .then(|| "schrijf de velden met hun naam: `{\"veld\": waarde, …}`".to_string());
    Some((
        format!(
            "verkeerd type: {}, verwacht {}",
            type_naam(kreeg),
            type_naam(verwacht)
        ),
        hulp,
    ))
}

/// serde's name of a type or a value (`a string`, `integer 3`, `i32`) in Dutch.
fn type_naam(t: &str) -> String {
    let t = t.trim();
    let (soort, rest) = t.split_once(' ').unwrap_or((t, ""));
    match soort {
        "a" | "an" => match rest {
            "string" => "tekst".to_string(),
            "sequence" => "een lijst".to_string(),
            "boolean" => "true of false".to_string(),
            "map" => "een object".to_string(),
            _ if rest.starts_with("Decimal") => "een bedrag".to_string(),
            _ => t.to_string(),
        },
        "integer" => format!("geheel getal {rest}"),
        "floating" => format!("getal {}", rest.trim_start_matches("point ")),
        "string" => format!("tekst {rest}"),
        "boolean" => rest.to_string(),
        "sequence" => "een lijst".to_string(),
        "map" => "een object".to_string(),
        "struct" => format!("een object ({rest})"),
        "i32" => "een jaartal".to_string(),
        "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => "een geheel getal".to_string(),
        _ => t.to_string(),
    }
}
