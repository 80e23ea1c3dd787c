//! `keuzes.toml` in a national pack: the choices the law and the VNG format leave to the
//! municipality, with the value that applies when the beleidsregels are silent, the VNG model's
//! value, the explanation for a decision, the comment for `avp init-gemeente` and the article
//! text for `avp beleidsregels render`. One description of each choice serves all four.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::beleidsregels::{Beleidsregels, TABELLEN};
use super::lezen::lees_beleidsregels;
use crate::error::{Code, Fout, Fouten, Locatie};

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "keuzes")]
pub struct Keuzes {
    /// Bron van de keuzes en hun standaardwaarden.
    pub bron: String,
    /// De vaste delen van het document met de beleidsregels.
    pub document: Document,
    /// De keuzes, in de volgorde van het document.
    pub keuze: Vec<Keuze>,
}

/// The fixed parts of the beleidsregels document; `{gemeente}` is the municipality's name.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Titel; `{gemeente}` wordt de naam van de gemeente.
    pub titel: String,
    /// Aanhef: bevoegdheid en overwegingen.
    pub aanhef: String,
    /// Artikel 1: begripsbepalingen, één per onderdeel.
    pub definities: Vec<String>,
    /// Artikelen na de keuzes (hardheidsclausule, inwerkingtreding).
    pub slot: Vec<SlotArtikel>,
    /// Ondertekening.
    pub ondertekening: String,
    /// Opmerking over de herkomst van de artikelstructuur.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opmerking: Option<String>,
}

/// A fixed article.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotArtikel {
    /// Titel van het artikel.
    pub titel: String,
    /// Tekst van het artikel.
    pub tekst: String,
}

/// One choice: one table of `beleidsregels.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keuze {
    /// De tabel in beleidsregels.toml, bijvoorbeeld `vermogen`.
    pub tabel: String,
    /// Korte naam van de keuze, bijvoorbeeld "Vermogensgrens".
    pub naam: String,
    /// Artikelnummer in het document (keuzes met hetzelfde nummer vormen één artikel).
    pub artikel: u32,
    /// Titel van het artikel.
    pub titel: String,
    /// Wat de keuze betekent (commentaar in een nieuw beleidsregelbestand).
    pub toelichting: String,
    /// Het advies van de VNG.
    pub vng_advies: String,
    /// Bron van de standaardwaarde en het advies.
    pub(crate) bron: String,
    /// Uitleg in de beschikking als de beleidsregels deze tabel niet noemen; `{naam}` wordt de
    /// grootheid `naam` van het huishouden.
    pub zonder_beleidsregel: String,
    /// Code van die reden (standaard `standaard_<tabel>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reden: Option<String>,
    /// Wat geldt als de tabel ontbreekt; afwezig: niets (bijvoorbeeld geen aanvraagtermijn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub(crate) standaard: Option<toml::Table>,
    /// De waarden van het VNG-format.
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub model: toml::Table,
    /// De leden van het artikel.
    pub leden: Vec<Lid>,
}

impl Keuze {
    /// The code of the reason given when the table is absent.
    pub(crate) fn reden_code(&self) -> String {
        self.reden
            .clone()
            .unwrap_or_else(|| format!("standaard_{}", self.tabel))
    }
}

/// One paragraph of an article.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lid {
    /// Voorwaarde: `"sleutel = waarde"` of `"sleutel bevat waarde"`; afwezig: altijd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) als: Option<String>,
    /// De tekst; `{sleutel}` wordt de gekozen waarde.
    pub tekst: String,
    /// Plaats binnen het artikel als keuzes een artikel delen (lager eerst; standaard na de
    /// genummerde leden, in volgorde van het bestand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaats: Option<u32>,
}

impl Lid {
    /// Whether this paragraph applies to the chosen values of its table.
    pub fn geldt(&self, waarden: &toml::Table) -> bool {
        let Some(als) = &self.als else {
            return true;
        };
        if let Some((k, v)) = als.split_once(" bevat ") {
            return match waarden.get(k.trim()) {
                Some(toml::Value::Array(a)) => a.iter().any(|x| kaal(x) == v.trim()),
                _ => false,
            };
        }
        match als.split_once('=') {
            Some((k, v)) => waarden.get(k.trim()).map(kaal).as_deref() == Some(v.trim()),
            None => false,
        }
    }
}

/// A TOML value as plain text (strings without quotes).
pub fn kaal(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Keuzes {
    /// Read `keuzes.toml`.
    pub(crate) fn laad(pad: &str, tekst: &Arc<str>) -> Result<Keuzes, Fouten> {
        let k: Keuzes = toml::from_str(tekst).map_err(|e| {
            Fouten::from(crate::params::toml_fout(pad, tekst, &e, Code::PackKeuzes))
        })?;
        let mut fouten = Vec::new();
        for keuze in &k.keuze {
            if !TABELLEN.contains(&keuze.tabel.as_str()) {
                fouten.push(
                    Fout::regel(
                        Code::PackKeuzes,
                        format!(
                            "keuze `{}` is geen tabel van beleidsregels.toml",
                            keuze.tabel
                        ),
                    )
                    .bij(Locatie::Pad(pad.to_string()))
                    .hulp(format!("tabellen: {}", TABELLEN.join(", "))),
                );
            }
        }
        if fouten.is_empty() {
            Ok(k)
        } else {
            Err(Fouten(fouten))
        }
    }

    /// The choice for table `tabel`.
    pub(crate) fn keuze(&self, tabel: &str) -> Option<&Keuze> {
        self.keuze.iter().find(|k| k.tabel == tabel)
    }

    /// The beleidsregels that hold when a municipality says nothing: every table with a
    /// `standaard`, checked like a municipality's file.
    pub(crate) fn standaard(&self, pad: &str) -> Result<Beleidsregels, Fouten> {
        self.als_beleidsregels(pad, |k| k.standaard.clone())
    }

    /// The VNG model as beleidsregels (tests).
    #[cfg(test)]
    fn model(&self, pad: &str) -> Result<Beleidsregels, Fouten> {
        self.als_beleidsregels(pad, |k| Some(k.model.clone()))
    }

    fn als_beleidsregels(
        &self,
        pad: &str,
        waarden: impl Fn(&Keuze) -> Option<toml::Table>,
    ) -> Result<Beleidsregels, Fouten> {
        let mut t = toml::Table::new();
        t.insert("naam".into(), toml::Value::String("standaard".into()));
        t.insert("bron".into(), toml::Value::String(self.bron.clone()));
        for k in &self.keuze {
            if let Some(w) = waarden(k) {
                t.insert(k.tabel.clone(), toml::Value::Table(w));
            }
        }
        let tekst = toml::to_string(&t).map_err(|e| {
            Fouten::from(
                Fout::regel(Code::PackKeuzes, format!("keuzes niet te lezen: {e}"))
                    .bij(Locatie::Pad(pad.to_string())),
            )
        })?;
        lees_beleidsregels(pad, &tekst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tabel(t: &str) -> toml::Table {
        t.parse().unwrap_or_default()
    }

    #[test]
    fn lid_geldt_voor_de_gekozen_waarde() {
        let lid = |als: &str| Lid {
            als: Some(als.to_string()),
            tekst: String::new(),
            plaats: None,
        };
        let w = tabel("grens = \"bedrag\"\njaren = [2024]\nlijst = true\n");
        assert!(lid("grens = bedrag").geldt(&w));
        assert!(!lid("grens = zorgtoeslag").geldt(&w));
        assert!(lid("jaren bevat 2024").geldt(&w));
        assert!(!lid("jaren bevat 2023").geldt(&w));
        assert!(lid("lijst = true").geldt(&w));
        assert!(!lid("onbekend = x").geldt(&w));
    }

    #[test]
    fn standaard_en_model_uit_het_pakket() {
        let tekst = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../rules/nl/2025/keuzes.toml"
        ))
        .unwrap_or_default();
        let k = Keuzes::laad("keuzes.toml", &Arc::from(tekst.as_str()));
        assert!(k.is_ok(), "{k:?}");
        let Ok(k) = k else { return };
        let s = k.standaard("keuzes.toml");
        assert!(s.is_ok(), "{s:?}");
        let Ok(s) = s else { return };
        assert_eq!(
            s.vermogensgrens().0,
            crate::policy::VermogensgrensKeuze::Participatiewet
        );
        assert!(s.aanvraag.is_none(), "the law has no aanvraagtermijn");
        assert!(!s.kijkt_terug_naar(2023));
        let m = k.model("keuzes.toml");
        assert!(m.as_ref().is_ok_and(|m| m.kijkt_terug_naar(2023)), "{m:?}");
        // every table of the contract is a choice
        for t in crate::policy::TABELLEN {
            assert!(k.keuze(t).is_some(), "{t}");
        }
    }
}
