//! Loading a pack's rules: every rule file checked (its opening article, the parameters it
//! reads, its functions' signatures and names), parsed and translated into the rule language
//! (`parse.rs`), then analysed and lowered (`compile.rs`). Every problem is reported at its
//! file, line and column; a pack with problems is refused as a whole.

use crate::error::Code;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::compile::{maak_uitvoerbaar, UitvoerbareFunctie};
use super::functie::Functie;
use super::parse::{self, Ontleder};
use super::vm::Kern;
use crate::error::{Fout, Fouten};
use crate::model::velden;
use crate::model::Niveau;
use crate::pack::scan::{self, scan};
use crate::pack::{Pack, RegelBestand};
use crate::params::Waarde;

/// Every function of the pack by name, with the problems found in the files' text.
fn verzamel_functies(pack: &Pack, fouten: &mut Vec<Fout>) -> BTreeMap<String, Functie> {
    let mut functies: BTreeMap<String, Functie> = BTreeMap::new();
    let mut slots = [0usize; 3];
    for bestand in pack.regels.values() {
        controleer_artikel(bestand, fouten);
        for info in bestand.functies() {
            controleer_verwijzingen(pack, bestand, &info, fouten);
            let niveau = if info.prive {
                None
            } else {
                niveau_van(&info.params)
            };
            if let Some(f) = controleer_functie(pack, bestand, &info, niveau, &functies) {
                fouten.push(f);
                continue;
            }
            let slot = match niveau {
                Some(n) => {
                    let k = n as usize;
                    slots[k] += 1;
                    slots[k] - 1
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
    }
    functies
}

fn controleer_artikel(bestand: &RegelBestand, fouten: &mut Vec<Fout>) {
    let eerste = bestand
        .tekst
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if !eerste.trim_start().starts_with("//") {
        fouten.push(
            Fout::regel(
                Code::RegelsArtikel,
                "een regelbestand begint met een commentaarregel die het artikel noemt dat het uitvoert",
            )
            .op_positie(&bestand.pad, Some(&bestand.tekst), 1, 1)
            .hulp("bijvoorbeeld: `// Wet op de zorgtoeslag, art. 2 — hoogte van de zorgtoeslag`"),
        );
    }
}

/// Every parameter `ns::naam` the function reads must exist.
fn controleer_verwijzingen(
    pack: &Pack,
    bestand: &RegelBestand,
    info: &scan::FunctieInfo,
    fouten: &mut Vec<Fout>,
) {
    for (naam, r, k) in &info.verwijzingen {
        let punt = naam.replace("::", ".");
        if pack.parameters.get(&punt).is_some() {
            continue;
        }
        let hint = pack
            .parameters
            .lijkt_op(&punt)
            .map(|s| format!("bedoelt u `{}`?", s.replace('.', "::")))
            .unwrap_or_else(|| {
                format!("voeg `{punt}` met zijn `bron` toe aan een parameterbestand van het pakket")
            });
        fouten.push(
            Fout::regel(
                Code::RegelsParameterOntbreekt,
                format!(
                    "regel `{}` leest parameter `{naam}`, maar die bestaat niet",
                    info.naam
                ),
            )
            .op_positie(&bestand.pad, Some(&bestand.tekst), *r, *k)
            .hulp(hint),
        );
    }
}

/// A problem with the function's signature or name, if any.
fn controleer_functie(
    pack: &Pack,
    bestand: &RegelBestand,
    info: &scan::FunctieInfo,
    niveau: Option<Niveau>,
    functies: &BTreeMap<String, Functie>,
) -> Option<Fout> {
    let hier = |f: Fout| f.op_positie(&bestand.pad, Some(&bestand.tekst), info.regel, 1);
    if !info.prive && niveau.is_none() {
        return Some(hier(Fout::regel(
            Code::RegelsSignatuur,
            format!(
                "functie `{}({})` is geen grootheid: een grootheid heeft (hh), (s) of (s, p) als parameters",
                info.naam,
                info.params.join(", ")
            ),
        ))
        .hulp("maak een hulpfunctie `private fn …`, of geef haar de parameters van een grootheid"));
    }
    if !info.prive && velden::is_gegeven(&info.naam) {
        return Some(hier(Fout::regel(
            Code::RegelsNaamBezet,
            format!(
                "`{}` is al een gegeven van het huishouden; kies een andere naam",
                info.naam
            ),
        )));
    }
    let ander = functies.get(&info.naam)?;
    let ander_jaar = pack.regels.get(&ander.bestand).map(|b| b.jaar);
    Some(
        hier(Fout::regel(
            Code::RegelsDubbel,
            format!(
                "functie `{}` staat ook in {}:{}",
                info.naam, ander.pad, ander.info.regel
            ),
        ))
        .hulp(match ander_jaar {
            Some(j) if j != bestand.jaar => format!(
                "elke grootheid en hulpfunctie heeft één thuis; wilt u de functie van {} voor {} vervangen, noem haar dan in `[vervangen]` van het pack.toml van {}, met de reden: `{} = \"<waarom, met bron>\"`",
                j.min(bestand.jaar), j.max(bestand.jaar), j.max(bestand.jaar), info.naam
            ),
            _ => "elke grootheid en hulpfunctie heeft één thuis; hernoem of verwijder één van beide".to_string(),
        }),
    )
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

/// Check, parse and translate every rule file of the pack; gives every function by name and
/// the kernel that runs them.
pub(super) fn laad(pack: &Pack) -> Result<(BTreeMap<String, Functie>, Kern), Fouten> {
    let mut fouten = Vec::new();
    let mut functies = verzamel_functies(pack, &mut fouten);
    let mut definities = ontleed(pack, &mut fouten);
    if !fouten.is_empty() {
        return Err(Fouten(fouten));
    }
    // in the order of the files and of the functions in them, so errors come in reading order
    definities.sort_by_key(|(d, b)| (&b.pad, functies.get(&d.naam).map_or(0, |f| f.info.regel)));
    let index: HashMap<(String, usize), usize> = definities
        .iter()
        .enumerate()
        .map(|(i, (d, _))| ((d.naam.clone(), d.params.len()), i))
        .collect();
    let omgeving = parse::Omgeving {
        functies: &functies,
        index: &index,
        params: &pack.parameters,
    };
    let mut uitvoerbaar = Vec::with_capacity(definities.len());
    for (d, bestand) in &definities {
        match parse::vertaal(d, &omgeving) {
            Ok((body, locals)) => uitvoerbaar.push(UitvoerbareFunctie::nieuw(
                d.naam.clone(),
                d.params.len(),
                locals,
                body,
            )),
            Err(e) => fouten.push(niet_in_de_taal(&d.naam, bestand, e)),
        }
    }
    if !fouten.is_empty() {
        return Err(Fouten(fouten));
    }
    for (i, f) in uitvoerbaar.iter_mut().enumerate() {
        if let Some(fd) = functies.get_mut(&f.naam) {
            if fd.info.params.len() == f.params {
                f.nog_niet_vastgesteld = fd.leest_nog_niet_vastgesteld.clone();
                fd.uitvoer = i;
            }
        }
    }
    let is_grootheid: Vec<bool> = uitvoerbaar
        .iter()
        .map(|f| {
            functies
                .get(&f.naam)
                .is_some_and(|x| x.niveau.is_some() && x.info.params.len() == f.params)
        })
        .collect();
    maak_uitvoerbaar(&mut uitvoerbaar, |i| is_grootheid[i]);
    let mut slots = [0; 3];
    for f in functies.values() {
        if let Some(n) = f.niveau {
            slots[n as usize] = slots[n as usize].max(f.slot + 1);
        }
    }
    let slots = (slots[0], slots[1], slots[2]);
    let kern = Kern {
        constanten: (0..uitvoerbaar.len()).map(|_| OnceLock::new()).collect(),
        functies: uitvoerbaar,
        slots,
    };
    Ok((functies, kern))
}

/// Parse every rule file: each function with its file.
fn ontleed<'p>(
    pack: &'p Pack,
    fouten: &mut Vec<Fout>,
) -> Vec<(parse::Definitie, &'p RegelBestand)> {
    let ontleder = Ontleder::nieuw();
    let mut definities = Vec::new();
    for bestand in pack.regels.values() {
        match ontleder.bestand(&bestand.tekst) {
            Ok(b) => definities.extend(
                parse::definities(&b)
                    .into_iter()
                    .filter(|d| !bestand.vervangen.contains_key(&d.naam))
                    .map(|d| (d, bestand)),
            ),
            Err(e) => fouten.push(
                Fout::regel(Code::RegelsSyntax, format!("Rhai: {}", e.bericht))
                    .op_positie(
                        &bestand.pad,
                        Some(&bestand.tekst),
                        (e.pos.regel as usize).max(1),
                        (e.pos.kolom as usize).max(1),
                    )
                    .hulp(e.hulp),
            ),
        }
    }
    definities
}

/// The error for a part of function `naam` outside the rule language.
fn niet_in_de_taal(naam: &str, bestand: &RegelBestand, e: parse::NietInDeTaal) -> Fout {
    let (regel, kolom) = if e.pos.is_geen() {
        let regel = scan(&bestand.tekst)
            .into_iter()
            .find(|f| f.naam == naam)
            .map_or(1, |f| f.regel);
        (regel, 1)
    } else {
        (e.pos.regel as usize, (e.pos.kolom as usize).max(1))
    };
    let f = Fout::regel(
        Code::RegelsNietInDeTaal,
        format!("in regel `{naam}`: {}", e.bericht),
    )
    .op_positie(&bestand.pad, Some(&bestand.tekst), regel, kolom);
    match e.hulp {
        Some(h) => f.hulp(h),
        None => f,
    }
}
