//! A national rule pack `rules/nl/<jaar>/`: its manifest (`pack.toml`), parameters (`*.toml`),
//! texts (`redenen.toml`) and rules (`*.rhai`), with `extends` inheritance resolved.

mod brief;
mod overname;
mod pakket;
mod redenen;
mod regeling;
pub mod scan;
mod vervanging;
mod zetten;

pub use brief::{Brief, Verklaring};
pub use pakket::Pack;
pub use pakket::{Manifest, RegelBestand};
pub use redenen::{RedenTekst, Redenen};
pub use regeling::Regeling;
pub use zetten::Zetting;
pub(crate) use zetten::{verschuif_geboortedatumgrenzen, zet};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::{Code, Fout, Fouten, Locatie};
use crate::params::{laad_parameterbestand, Parameters};
use crate::policy::Keuzes;
use crate::source::RegelBron;

/// The directory of a year's national pack inside the rules tree.
pub(crate) fn pack_map(jaar: i32) -> String {
    format!("nl/{jaar}")
}

/// The years that have a pack in `bron`.
pub fn beschikbare_jaren(bron: &dyn RegelBron) -> Vec<i32> {
    bron.inhoud("nl")
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// Load the pack of `jaar`, following `extends`, and check that every inherited parameter a
/// rule reads is taken over explicitly (`[overgenomen]`).
pub fn laad_pack(bron: &dyn RegelBron, jaar: i32) -> Result<Pack, Fouten> {
    let pack = laad_keten(bron, jaar, &mut Vec::new())?;
    let manifest_pad = format!("{}/pack.toml", pack_map(jaar));
    if let Some((_, tekst)) = pack.bestanden.iter().find(|(p, _)| *p == manifest_pad) {
        overname::controleer(&pack, &bron.toon_pad(&manifest_pad), &tekst.clone())?;
    }
    Ok(pack)
}

/// Load the pack of `jaar` and the packs it extends (`bezocht`: the years on the way here, to
/// find a cycle). The year's own files override inherited ones by name.
fn laad_keten(bron: &dyn RegelBron, jaar: i32, bezocht: &mut Vec<i32>) -> Result<Pack, Fouten> {
    let map = pack_map(jaar);
    let manifest_pad = format!("{map}/pack.toml");
    let toon = bron.toon_pad(&manifest_pad);
    let (manifest, tekst) = lees_manifest(bron, jaar, &manifest_pad, &toon)?;
    bezocht.push(jaar);
    let mut pack = match &manifest.extends {
        Some(ouder) => {
            let ouder_jaar = ouder_jaar(ouder, bezocht, &toon)?;
            let mut p = laad_keten(bron, ouder_jaar, bezocht)?;
            p.manifest = manifest.clone();
            p
        }
        None => Pack::leeg(manifest.clone()),
    };
    pack.bestanden.push((manifest_pad, tekst.clone()));
    let mut fouten = Vec::new();
    let geerfd = pack.regels.keys().cloned().collect();
    let eigen = bron.inhoud(&map);
    for naam in &eigen {
        let pad = format!("{map}/{naam}");
        pack.laad_bestand(bron, naam, pad, jaar, &mut fouten);
    }
    let eigen = eigen.into_iter().collect();
    let bestanden = vervanging::Bestanden { eigen, geerfd };
    vervanging::pas_toe(&mut pack, jaar, &bestanden, (&toon, &tekst), &mut fouten);
    if fouten.is_empty() {
        Ok(pack)
    } else {
        Err(Fouten(fouten))
    }
}

/// The manifest of `jaar` (`manifest_pad`, shown as `toon`) and its text; it must exist, parse
/// and name the year of its directory.
fn lees_manifest(
    bron: &dyn RegelBron,
    jaar: i32,
    manifest_pad: &str,
    toon: &str,
) -> Result<(Manifest, Arc<str>), Fouten> {
    let Some(tekst) = bron.lees(manifest_pad) else {
        let jaren = beschikbare_jaren(bron);
        return Err(Fout::regel(
            Code::PackOntbreekt,
            format!("er is geen rekenpakket voor {jaar} ({toon} bestaat niet)"),
        )
        .hulp(format!(
            "beschikbare jaren in {}: {}",
            bron.naam(),
            jaren
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    };
    let tekst: Arc<str> = Arc::from(tekst);
    let manifest: Manifest = toml::from_str(&tekst).map_err(|e| {
        Fouten::from(crate::params::toml_fout(
            toon,
            &tekst,
            &e,
            Code::PackManifest,
        ))
    })?;
    if manifest.jaar != jaar {
        return Err(Fout::regel(
            Code::PackJaar,
            format!(
                "{toon} zegt jaar = {}, maar staat in de map van {jaar}",
                manifest.jaar
            ),
        )
        .bij(Locatie::Pad(toon.to_string()))
        .into());
    }
    Ok((manifest, tekst))
}

/// The year of `extends = "<ouder>"` in manifest `toon`; a year already `bezocht` is a cycle.
fn ouder_jaar(ouder: &str, bezocht: &[i32], toon: &str) -> Result<i32, Fouten> {
    let ouder_jaar: i32 = ouder.parse().map_err(|_| {
        Fouten::from(
            Fout::regel(
                Code::PackExtends,
                format!("extends = \"{ouder}\" is geen jaartal"),
            )
            .bij(Locatie::Pad(toon.to_string())),
        )
    })?;
    if bezocht.contains(&ouder_jaar) {
        return Err(Fout::regel(
            Code::PackExtendsKring,
            format!("extends vormt een kring: {bezocht:?} → {ouder_jaar}"),
        )
        .bij(Locatie::Pad(toon.to_string()))
        .into());
    }
    Ok(ouder_jaar)
}

impl Pack {
    /// A pack that extends nothing, before its files are read.
    fn leeg(manifest: Manifest) -> Pack {
        Pack {
            manifest,
            parameters: Parameters::default(),
            regels: BTreeMap::new(),
            redenen: Redenen::default(),
            keuzes: None,
            standaard_beleid: None,
            brief: None,
            bestanden: Vec::new(),
        }
    }

    /// Read file `naam` (at `pad`) of the pack of `jaar` into the pack; its problems go to
    /// `fouten`. A rule or parameter file that cannot be read is not silently left out.
    fn laad_bestand(
        &mut self,
        bron: &dyn RegelBron,
        naam: &str,
        pad: String,
        jaar: i32,
        fouten: &mut Vec<Fout>,
    ) {
        let toon = bron.toon_pad(&pad);
        let Some(inhoud) = bron.lees(&pad) else {
            if naam.ends_with(".toml") || naam.ends_with(".rhai") {
                fouten.push(
                    Fout::regel(
                        Code::PackOnleesbaar,
                        "het bestand is onleesbaar: geen geldige UTF-8-tekst, of geen leesrechten",
                    )
                    .bij(Locatie::Pad(toon))
                    .hulp("sla het bestand op als UTF-8 (zonder andere tekenset) en controleer de rechten"),
                );
            }
            return;
        };
        let inhoud: Arc<str> = Arc::from(inhoud);
        if self.neem_op(naam, &toon, &inhoud, jaar, fouten) {
            self.bestanden.push((pad, inhoud));
        }
    }

    /// Take in a file by its kind: reason texts, choices, letter texts, parameters or rules.
    /// Returns whether the file belongs to the pack (the manifest is taken in by `laad_keten`,
    /// other files are ignored), also when it has errors.
    fn neem_op(
        &mut self,
        naam: &str,
        toon: &str,
        inhoud: &Arc<str>,
        jaar: i32,
        fouten: &mut Vec<Fout>,
    ) -> bool {
        let r = match naam {
            "pack.toml" => return false,
            "redenen.toml" => Redenen::laad(toon, inhoud).map(|r| self.redenen.overschrijf(r)),
            "keuzes.toml" => Keuzes::laad(toon, inhoud)
                .and_then(|k| {
                    let s = k.standaard(toon)?;
                    Ok((k, s))
                })
                .map(|(k, s)| {
                    self.keuzes = Some(Arc::new(k));
                    self.standaard_beleid = Some(Arc::new(s));
                }),
            "brief.toml" => Brief::laad(toon, inhoud).map(|b| self.brief = Some(Arc::new(b))),
            _ if naam.ends_with(".toml") => {
                let stam = naam.strip_suffix(".toml").unwrap_or(naam);
                laad_parameterbestand(toon, inhoud, stam, jaar, &self.parameters)
                    .map(|ps| ps.into_iter().for_each(|p| self.parameters.zet(p)))
            }
            _ if naam.ends_with(".rhai") => {
                let bestand = RegelBestand {
                    naam: naam.to_string(),
                    pad: toon.to_string(),
                    tekst: inhoud.clone(),
                    jaar,
                    vervangen: BTreeMap::new(),
                };
                self.regels.insert(naam.to_string(), bestand);
                Ok(())
            }
            _ => return false,
        };
        if let Err(e) = r {
            fouten.extend(e.0);
        }
        true
    }
}
