//! A municipality's beleidsregels (VNG model format, CONTRACT §3). A table that is absent means
//! the default applies; the decision's explanation says which. The choices themselves, their
//! defaults and texts are data in the national pack (`keuzes.toml`, see [`keuzes`]).

mod beleidsregels;
pub mod keuzes;
mod lezen;
mod tabellen;

pub use beleidsregels::{in_volgorde, Beleidsregels, Referteperiode, TABELLEN};
pub use keuzes::Keuzes;
pub use lezen::lees_beleidsregels;
pub(crate) use tabellen::VermogensgrensKeuze;

use crate::error::{Code, Fout, Fouten, Locatie};
use crate::source::RegelBron;

/// Loaded beleidsregels with their name and hash.
#[derive(Debug, Clone)]
pub struct GeladenBeleid {
    /// The parsed rules.
    pub regels: Beleidsregels,
    /// Short name (directory name or file name).
    pub naam: String,
    /// sha256 of the file text.
    pub hash: String,
}

/// Find beleidsregels by name (`vng-model` → `gemeenten/vng-model/beleidsregels.toml` in the
/// rules tree) or by path on disk.
pub fn laad_beleidsregels(
    bron: &dyn RegelBron,
    naam_of_pad: &str,
) -> Result<GeladenBeleid, Fouten> {
    let is_pad = naam_of_pad.ends_with(".toml") || naam_of_pad.contains('/');
    let (tekst, toon, naam) = if is_pad {
        let tekst = std::fs::read_to_string(naam_of_pad).map_err(|e| {
            Fouten::from(
                Fout::invoer(
                    Code::BeleidBestand,
                    format!("kan {naam_of_pad} niet lezen: {e}"),
                )
                .bij(Locatie::Pad(naam_of_pad.to_string())),
            )
        })?;
        // `…/<naam>/beleidsregels.toml` is called <naam>; any other file by its stem
        let p = std::path::Path::new(naam_of_pad);
        let naam = if p.file_name().is_some_and(|f| f == "beleidsregels.toml") {
            p.parent().and_then(|d| d.file_name())
        } else {
            p.file_stem()
        }
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| naam_of_pad.to_string());
        (tekst, naam_of_pad.to_string(), naam)
    } else {
        let pad = format!("gemeenten/{naam_of_pad}/beleidsregels.toml");
        let tekst = bron.lees(&pad).ok_or_else(|| {
            let bekend = bron.inhoud("gemeenten");
            Fouten::from(
                Fout::invoer(
                    Code::BeleidOnbekend,
                    format!("geen beleidsregels `{naam_of_pad}` in {}", bron.naam()),
                )
                .hulp(
                    match crate::suggest::dichtstbij(naam_of_pad, bekend.iter().map(String::as_str))
                    {
                        Some(s) => format!("bedoelt u `{s}`?"),
                        None => format!("beschikbaar: {}", bekend.join(", ")),
                    },
                ),
            )
        })?;
        (tekst, bron.toon_pad(&pad), naam_of_pad.to_string())
    };
    let regels = lees_beleidsregels(&toon, &tekst)?;
    Ok(GeladenBeleid {
        regels,
        naam,
        hash: crate::herkomst::sha256_hex(&[tekst.as_bytes()]),
    })
}
