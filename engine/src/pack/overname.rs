//! Explicit takeover (`[overgenomen]` in `pack.toml`): a year that `extends` an earlier year
//! may not silently reuse an earlier year's number. Every inherited parameter that a rule of the
//! pack reads is either redefined in the year's own files, marked `nog_niet_vastgesteld`, or
//! covered by an `[overgenomen]` entry that says why the earlier value also holds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::error::{regel_kolom, Code, Fout, Fouten};
use crate::params::{Parameter, Waarde};

use super::pakket::Pack;

/// A takeover key as written (`zorgtoeslag::standaardpremie`, `bijstand`) in dotted form.
fn punt(sleutel: &str) -> String {
    sleutel.replace("::", ".")
}

/// Whether the takeover key `sleutel` (dotted) covers the parameter `naam` (dotted): the same
/// name, or a namespace path above it.
fn dekt(sleutel: &str, naam: &str) -> bool {
    naam == sleutel
        || naam
            .strip_prefix(sleutel)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Every namespace path above `naam` and `naam` itself: `a.b.c` → `a`, `a.b`, `a.b.c`.
fn voorvoegsels(naam: &str) -> impl Iterator<Item = &str> {
    naam.match_indices('.')
        .map(|(i, _)| &naam[..i])
        .chain(std::iter::once(naam))
}

/// Check the takeover rules of a loaded pack (only a pack with `extends`).
///
/// `manifest_pad` and `manifest_tekst` are the year's own `pack.toml`, for locations.
pub(crate) fn controleer(
    pack: &Pack,
    manifest_pad: &str,
    manifest_tekst: &Arc<str>,
) -> Result<(), Fouten> {
    if pack.manifest.extends.is_none() {
        return Ok(());
    }
    let controle = Controle {
        pack,
        jaar: pack.manifest.jaar,
        manifest_pad,
        manifest_tekst,
        sleutels: pack
            .manifest
            .overgenomen
            .iter()
            .map(|(k, v)| (punt(k.get_ref()), k, v))
            .collect(),
    };
    let mut fouten = Vec::new();
    controle.sleutels(&mut fouten);
    controle.niet_overgenomen(&mut fouten);
    if fouten.is_empty() {
        Ok(())
    } else {
        Err(Fouten(fouten))
    }
}

/// An `[overgenomen]` entry: the key in dotted form, the key and the reason as written.
type Sleutel<'a> = (String, &'a toml::Spanned<String>, &'a toml::Spanned<String>);

/// The takeover check of one pack: the pack, its year and manifest, its `[overgenomen]` keys.
struct Controle<'a> {
    pack: &'a Pack,
    jaar: i32,
    manifest_pad: &'a str,
    manifest_tekst: &'a Arc<str>,
    sleutels: Vec<Sleutel<'a>>,
}

impl Controle<'_> {
    /// Keys: a non-empty reason, and each must cover at least one inherited parameter.
    fn sleutels(&self, fouten: &mut Vec<Fout>) {
        let geerfd: Vec<&str> = self
            .pack
            .parameters
            .iter()
            .filter(|p| p.jaar != self.jaar)
            .map(|p| p.naam.as_str())
            .collect();
        for (sleutel, k, v) in &self.sleutels {
            if v.get_ref().trim().is_empty() {
                fouten.push(self.zonder_reden(k, v));
            }
            if !geerfd.iter().any(|n| dekt(sleutel, n)) {
                fouten.push(self.onbekend(sleutel, k, &geerfd));
            }
        }
    }

    /// The error for key `k` with an empty reason `v`.
    fn zonder_reden(&self, k: &toml::Spanned<String>, v: &toml::Spanned<String>) -> Fout {
        let jaar = self.jaar;
        Fout::regel(
            Code::PackOvergenomenZonderReden,
            format!(
                "`[overgenomen]` neemt `{}` over zonder te zeggen waarom",
                k.get_ref()
            ),
        )
        .in_bestand(self.manifest_pad, self.manifest_tekst, v.span())
        .hulp(format!(
            "schrijf waarom de waarde van een eerder jaar ook in {jaar} geldt en op welke bron dat berust, bijvoorbeeld \"ongewijzigd volgens <regeling, artikel, publicatie {jaar}>\""
        ))
    }

    /// The error for key `k` (dotted: `sleutel`) that covers no parameter in `geerfd`, with a
    /// hint: the year sets it itself, or a did-you-mean among the inherited names.
    fn onbekend(&self, sleutel: &str, k: &toml::Spanned<String>, geerfd: &[&str]) -> Fout {
        let jaar = self.jaar;
        let kandidaten: BTreeSet<&str> = geerfd.iter().flat_map(|n| voorvoegsels(n)).collect();
        let eigen = self.pack.parameters.iter().any(|p| dekt(sleutel, &p.naam));
        let hulp = if eigen {
            format!("`{}` wordt in {jaar} zelf vastgesteld en hoeft niet te worden overgenomen; verwijder de regel", k.get_ref())
        } else {
            match crate::suggest::dichtstbij(sleutel, kandidaten.iter().copied()) {
                Some(s) => format!("bedoelt u `{}`?", s.replace('.', "::")),
                None => "noem een parameter (`zorgtoeslag::standaardpremie`) of een namespace (`bijstand`) die het pakket erft".to_string(),
            }
        };
        Fout::regel(
            Code::PackOvergenomenOnbekend,
            format!(
                "`[overgenomen]` noemt `{}`, maar geen parameter die {jaar} erft heet zo of valt daaronder",
                k.get_ref()
            ),
        )
        .in_bestand(self.manifest_pad, self.manifest_tekst, k.span())
        .hulp(hulp)
    }

    /// Every inherited parameter a rule reads must be covered. Uncovered parameters are
    /// grouped per namespace and source year: one error each, at `extends` in the manifest.
    fn niet_overgenomen(&self, fouten: &mut Vec<Fout>) {
        let gelezen = gelezen_parameters(self.pack);
        let mut open: BTreeMap<(&str, i32), Vec<(&Parameter, &str)>> = BTreeMap::new();
        for (naam, regel) in &gelezen {
            let Some(p) = self.pack.parameters.get(naam) else {
                continue; // an unknown name is reported when the pack is compiled
            };
            if p.jaar == self.jaar
                || p.waarde == Waarde::NogNietVastgesteld
                || self.sleutels.iter().any(|(s, ..)| dekt(s, naam))
            {
                continue;
            }
            let ns = p.naam.split('.').next().unwrap_or(&p.naam);
            open.entry((ns, p.jaar)).or_default().push((p, regel));
        }
        for ((ns, van), lijst) in open {
            fouten.push(self.niet_overgenomen_fout(ns, van, &lijst));
        }
    }

    /// The error for the parameters `lijst` of namespace `ns`, inherited from `van`, that the
    /// rules read without the year taking them over.
    fn niet_overgenomen_fout(&self, ns: &str, van: i32, lijst: &[(&Parameter, &str)]) -> Fout {
        let (jaar, manifest_pad) = (self.jaar, self.manifest_pad);
        let (r, k) = self
            .manifest_tekst
            .find("extends")
            .map(|i| regel_kolom(self.manifest_tekst, i))
            .unwrap_or((1, 1));
        let namen = lijst
            .iter()
            .map(|(p, regel)| format!("`{}` ({regel})", p.rhai_naam()))
            .collect::<Vec<_>>()
            .join(", ");
        let (eerste, _) = lijst[0];
        let kort = eerste
            .naam
            .strip_prefix(&format!("{ns}."))
            .unwrap_or(&eerste.naam);
        Fout::regel(
            Code::PackNietOvergenomen,
            format!(
                "het pakket {jaar} erft van {van} ({}) en de regels lezen {namen}, maar {jaar} zegt niet dat {} ook voor {jaar} {}",
                eerste.pad,
                if lijst.len() == 1 { "die waarde" } else { "deze waarden" },
                if lijst.len() == 1 { "geldt" } else { "gelden" },
            ),
        )
        .op_positie(manifest_pad, None, r, k)
        .hulp(format!(
            "kies per parameter één van drie: (1) stel de waarde voor {jaar} vast in rules/nl/{jaar}/{ns}.toml, met haar bron; (2) staat de waarde voor {jaar} nog niet vast, zet daar bijvoorbeeld `{kort} = {{ nog_niet_vastgesteld = true, eenheid = \"…\", bron = \"…\" }}`; (3) geldt de waarde van {van} ongewijzigd, zet in {manifest_pad} onder `[overgenomen]` bijvoorbeeld `\"{}\" = \"<waarom, met bron>\"`, of `\"{ns}\" = \"…\"` voor de hele namespace",
            eerste.rhai_naam(),
        ))
    }
}

/// Every parameter (dotted) that a rule of the pack reads, with the first `bestand:functie`
/// that reads it.
fn gelezen_parameters(pack: &Pack) -> BTreeMap<String, String> {
    let mut gelezen: BTreeMap<String, String> = BTreeMap::new();
    for bestand in pack.regels.values() {
        for f in bestand.functies() {
            for (naam, ..) in f.verwijzingen {
                gelezen
                    .entry(punt(&naam))
                    .or_insert_with(|| format!("{}:{}", bestand.naam, f.naam));
            }
        }
    }
    gelezen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dekt_naam_en_namespace() {
        assert!(dekt("bijstand", "bijstand.norm"));
        assert!(dekt("bijstand.norm", "bijstand.norm"));
        assert!(!dekt("bijstand", "bijstandsnorm"));
        assert!(!dekt("bijstand.norm", "bijstand"));
        assert_eq!(
            voorvoegsels("a.b.c").collect::<Vec<_>>(),
            ["a", "a.b", "a.b.c"]
        );
    }
}
