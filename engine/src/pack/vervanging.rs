//! Replacing single inherited functions (`[vervangen]` in `pack.toml`): a year that `extends` an
//! earlier year may redefine one function of an inherited rule file without copying the file.
//! The new definition stands in a rule file of the year's own with another name than the
//! inherited files; the inherited file stays where it is, without the replaced function, and its
//! other functions keep holding. Every replacement names its reason, as `[overgenomen]` does for
//! parameters, so a function is never replaced by accident of a name.

use std::collections::BTreeSet;
use std::sync::Arc;

use toml::Spanned;

use super::pakket::{Pack, RegelBestand};
use crate::error::{Code, Fout};

/// The file names of a year's own directory, and of the rule files it inherited (before its own
/// files were read: a file of the same name replaces the inherited one as a whole).
pub(super) struct Bestanden {
    /// Every file name in the year's own directory.
    pub eigen: BTreeSet<String>,
    /// The rule files inherited from the years before.
    pub geerfd: BTreeSet<String>,
}

/// Apply the `[vervangen]` entries of the year `jaar` (its files: `bestanden`; its manifest's
/// path and text: `manifest`) to `pack`: each replaced function is taken out of the inherited
/// file that defines it. Problems go to `fouten`.
pub(super) fn pas_toe(
    pack: &mut Pack,
    jaar: i32,
    bestanden: &Bestanden,
    manifest: (&str, &Arc<str>),
    fouten: &mut Vec<Fout>,
) {
    let eigen = &bestanden.eigen;
    let vervangen = pack.manifest.vervangen.clone();
    for (naam, reden) in &vervangen {
        let functie = naam.get_ref();
        if reden.get_ref().trim().is_empty() {
            fouten.push(zonder_reden(naam, reden, jaar, manifest));
        }
        let nieuw = bestanden_met(pack, functie, |b| eigen.contains(&b.naam));
        let oud = bestanden_met(pack, functie, |b| !eigen.contains(&b.naam));
        if nieuw.is_empty() || oud.is_empty() {
            let heel = nieuw
                .iter()
                .filter(|n| bestanden.geerfd.contains(*n))
                .find_map(|n| pack.regels.get(n))
                .map(|b| b.pad.clone());
            fouten.push(onbekend(
                pack,
                naam,
                jaar,
                manifest,
                nieuw.is_empty(),
                heel.as_deref(),
            ));
            continue;
        }
        for bestand in oud {
            if let Some(b) = pack.regels.get_mut(&bestand) {
                b.vervangen.insert(functie.clone(), jaar);
            }
        }
    }
}

/// The names of the rule files of `pack` that pass `filter` and define `functie` (not already
/// replaced by a later year).
fn bestanden_met(
    pack: &Pack,
    functie: &str,
    filter: impl Fn(&RegelBestand) -> bool,
) -> Vec<String> {
    pack.regels
        .values()
        .filter(|b| filter(b))
        .filter(|b| b.functies().iter().any(|f| f.naam == functie))
        .map(|b| b.naam.clone())
        .collect()
}

/// The error for entry `naam` with an empty reason.
fn zonder_reden(
    naam: &Spanned<String>,
    reden: &Spanned<String>,
    jaar: i32,
    (pad, tekst): (&str, &Arc<str>),
) -> Fout {
    Fout::regel(
        Code::PackVervangenZonderReden,
        format!(
            "`[vervangen]` vervangt functie `{}` zonder te zeggen waarom",
            naam.get_ref()
        ),
    )
    .in_bestand(pad, tekst, reden.span())
    .hulp(format!(
        "schrijf waarom de functie in {jaar} anders luidt en op welke bron dat berust, bijvoorbeeld \"<wet, artikel> zoals geldend vanaf 1 januari {jaar}\""
    ))
}

/// The error for entry `naam` whose function the year does not define in a file of its own
/// (`geen_nieuwe`) or does not inherit; `heel`: the year's file that defines it, when that file
/// replaced an inherited file of the same name as a whole.
fn onbekend(
    pack: &Pack,
    naam: &Spanned<String>,
    jaar: i32,
    (pad, tekst): (&str, &Arc<str>),
    geen_nieuwe: bool,
    heel: Option<&str>,
) -> Fout {
    let functie = naam.get_ref();
    let bericht = if geen_nieuwe {
        format!("`[vervangen]` noemt functie `{functie}`, maar geen regelbestand van {jaar} zelf definieert haar")
    } else {
        format!(
            "`[vervangen]` noemt functie `{functie}`, maar {jaar} erft geen functie met die naam"
        )
    };
    let namen: Vec<String> = pack
        .regels
        .values()
        .flat_map(|b| b.functies().into_iter().map(|f| f.naam))
        .collect();
    let hulp = match crate::suggest::dichtstbij(functie, namen.iter().map(String::as_str)) {
        _ if heel.is_some() => format!(
            "{} vervangt het geërfde bestand met dezelfde naam als geheel; zet alleen de vervangen functies in een bestand met een andere naam (bijvoorbeeld wijzigingen.rhai)",
            heel.unwrap_or_default()
        ),
        Some(s) if s != functie => format!("bedoelt u `{s}`?"),
        _ if !geen_nieuwe => "een nieuwe functie hoeft niet in `[vervangen]`; verwijder de regel".to_string(),
        _ => format!(
            "zet de nieuwe `fn {functie}(…)` in een eigen regelbestand van {jaar} met een andere naam dan de geërfde bestanden (bijvoorbeeld rules/nl/{jaar}/wijzigingen.rhai); een bestand met dezelfde naam als een geërfd bestand vervangt dat bestand als geheel"
        ),
    };
    Fout::regel(Code::PackVervangenOnbekend, bericht)
        .in_bestand(pad, tekst, naam.span())
        .hulp(hulp)
}
