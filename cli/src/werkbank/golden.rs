//! Golden test cases (`tests/cases/**/*.toml`, CONTRACT §3): a household, the beleidsregels to
//! use, and the expected decision fields with their source and derivation. Used by `avp test`
//! and by `cargo test`.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use avp_engine::error::{Code, Fout, Fouten, Locatie};
use avp_engine::record::Huishouden;
use avp_engine::{Opties, Regels};

/// A case file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "testgeval")]
pub(crate) struct Testgeval {
    /// Korte omschrijving van het geval.
    pub(crate) naam: String,
    /// Waar de verwachte waarden vandaan komen en hoe ze zijn afgeleid (verplicht).
    pub(crate) bron: String,
    /// Naam van de beleidsregels onder rules/gemeenten/ (standaard `vng-model`), of een pad
    /// (met `/` of eindigend op `.toml`) relatief aan dit bestand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) beleidsregels: Option<String>,
    /// Toegestane afwijking in euro's voor elk vergeleken bedrag (standaard 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) marge: Option<toml::Value>,
    /// Het huishouden: inline, of een pad (relatief aan dit bestand) naar een JSON- of TOML-bestand.
    #[schemars(with = "HuishoudenSchema")]
    pub(crate) huishouden: toml::Value,
    /// Verwachte velden van de beslissing; gestippelde paden mogen (`berekening.tekort`; een getal
    /// kiest uit een lijst: `betaling.termijnen.0.bedrag`). `redenen` en `wat_zou_veranderen`:
    /// codes die aanwezig moeten zijn; `acties`: de exacte lijst; "null" voor null.
    #[schemars(with = "serde_json::Map<String, Json>")]
    pub(crate) verwacht: toml::Table,
}

#[derive(JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum HuishoudenSchema {
    Pad(String),
    Inline(Box<Huishouden>),
}

/// A mismatch between expected and actual.
#[derive(Debug, Clone, PartialEq)]
pub struct Verschil {
    /// Dotted field.
    pub veld: String,
    /// Expected, as written.
    pub verwacht: String,
    /// Actual.
    pub werkelijk: String,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Uitkomst {
    /// Case file.
    pub pad: PathBuf,
    /// Case name (or the file name if it could not be read).
    pub naam: String,
    /// Mismatches (empty = passed, unless `fout`).
    pub verschillen: Vec<Verschil>,
    /// The case could not be run.
    pub fout: Option<String>,
}

impl Uitkomst {
    /// Whether the case passed.
    pub fn geslaagd(&self) -> bool {
        self.fout.is_none() && self.verschillen.is_empty()
    }
}

/// All `*.toml` files under the given paths (files or directories), sorted.
pub fn zoek_gevallen(paden: &[PathBuf]) -> Vec<PathBuf> {
    let mut uit = Vec::new();
    fn loop_door(p: &Path, uit: &mut Vec<PathBuf>) {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(p) {
                for e in rd.flatten() {
                    loop_door(&e.path(), uit);
                }
            }
        } else if p.extension().is_some_and(|e| e == "toml") {
            uit.push(p.to_path_buf());
        }
    }
    for p in paden {
        loop_door(p, &mut uit);
    }
    uit.sort();
    uit
}

/// Run one case file.
pub fn voer_uit(regels: &Regels, pad: &Path) -> Uitkomst {
    let naam_fallback = pad.display().to_string();
    match voer_uit_inner(regels, pad) {
        Ok((naam, verschillen)) => Uitkomst {
            pad: pad.to_path_buf(),
            naam,
            verschillen,
            fout: None,
        },
        Err(e) => Uitkomst {
            pad: pad.to_path_buf(),
            naam: naam_fallback,
            verschillen: Vec::new(),
            fout: Some(e.to_string()),
        },
    }
}

/// A case file read: its household and the beleidsregels it names (default `vng-model`).
pub struct GelezenGeval {
    /// The household.
    pub huishouden: avp_engine::record::Huishouden,
    /// Name or path of the beleidsregels.
    pub beleidsregels: String,
}

/// Read a case file's household and beleidsregels (without evaluating it).
pub fn lees_geval(pad: &Path) -> Result<GelezenGeval, Fouten> {
    let (geval, toon) = lees_testgeval(pad)?;
    Ok(GelezenGeval {
        huishouden: lees_huishouden(&geval.huishouden, pad, &toon)?,
        beleidsregels: beleidsregels_van(&geval, pad),
    })
}

/// Read and parse a case file; also returns the path as shown in messages.
fn lees_testgeval(pad: &Path) -> Result<(Testgeval, String), Fouten> {
    let toon = pad.display().to_string();
    let tekst = std::fs::read_to_string(pad).map_err(|e| {
        Fout::invoer(Code::TestBestand, format!("kan niet lezen: {e}"))
            .bij(Locatie::Pad(toon.clone()))
    })?;
    let t: Arc<str> = Arc::from(tekst.as_str());
    let geval: Testgeval = toml::from_str(&tekst)
        .map_err(|e| avp_engine::params::toml_fout(&toon, &t, &e, Code::TestGeval))?;
    Ok((geval, toon))
}

/// The beleidsregels a case names: a path (with `/` or ending in `.toml`) is relative to the case
/// file; a name is looked up under rules/gemeenten/; none means `vng-model`.
fn beleidsregels_van(geval: &Testgeval, pad: &Path) -> String {
    match geval.beleidsregels.as_deref() {
        Some(p) if p.contains('/') || p.ends_with(".toml") => pad
            .parent()
            .unwrap_or(Path::new("."))
            .join(p)
            .display()
            .to_string(),
        Some(naam) => naam.to_string(),
        None => "vng-model".to_string(),
    }
}

fn voer_uit_inner(regels: &Regels, pad: &Path) -> Result<(String, Vec<Verschil>), Fouten> {
    let (geval, toon) = lees_testgeval(pad)?;
    let hh = lees_huishouden(&geval.huishouden, pad, &toon)?;
    let beleid = regels.beleidsregels(&beleidsregels_van(&geval, pad))?;
    let marge = match &geval.marge {
        None => Decimal::ZERO,
        Some(v) => getal(v).ok_or_else(|| {
            Fout::invoer(Code::TestMarge, "`marge` is geen bedrag").bij(Locatie::Pad(toon.clone()))
        })?,
    };
    let b = regels.beoordeel(&hh, &beleid, &toon, Opties::default())?;
    let json = serde_json::to_value(&b).map_err(|e| {
        Fout::regel(
            Code::TestJson,
            format!("beslissing niet te serialiseren: {e}"),
        )
    })?;
    let mut verschillen = Vec::new();
    let mut velden = Vec::new();
    plat(&geval.verwacht, "", &mut velden);
    for (veld, verwacht) in velden {
        if let Some(v) = vergelijk(&json, &veld, &verwacht, marge) {
            verschillen.push(v);
        }
    }
    Ok((geval.naam, verschillen))
}

fn lees_huishouden(v: &toml::Value, geval_pad: &Path, toon: &str) -> Result<Huishouden, Fouten> {
    match v {
        toml::Value::String(rel) => {
            let p = geval_pad.parent().unwrap_or(Path::new(".")).join(rel);
            let tekst = std::fs::read_to_string(&p).map_err(|e| {
                Fout::invoer(
                    Code::TestHuishouden,
                    format!("kan huishouden {} niet lezen: {e}", p.display()),
                )
                .bij(Locatie::Pad(toon.to_string()))
            })?;
            let ps = p.display().to_string();
            avp_engine::record::lees_huishouden(
                &tekst,
                avp_engine::record::Formaat::van_pad(&ps),
                &ps,
            )
        }
        toml::Value::Table(_) => {
            let hh: Huishouden = serde_path_to_error::deserialize(v.clone()).map_err(|e| {
                let veld = e.path().to_string();
                let (bericht, hulp) =
                    avp_engine::record::serde_bericht_pub(&e.into_inner().to_string());
                let mut f = Fout::invoer(Code::RecordVeld, bericht).bij(Locatie::Veld {
                    record: format!("{toon} [huishouden]"),
                    veld,
                });
                if let Some(h) = hulp {
                    f = f.hulp(h);
                }
                f
            })?;
            avp_engine::record::valideer(&hh, &format!("{toon} [huishouden]"))?;
            Ok(hh)
        }
        _ => Err(Fout::invoer(
            Code::TestHuishouden,
            "`huishouden` is een tabel of een pad naar een bestand",
        )
        .bij(Locatie::Pad(toon.to_string()))
        .into()),
    }
}

fn plat(t: &toml::Table, prefix: &str, uit: &mut Vec<(String, toml::Value)>) {
    for (k, v) in t {
        let veld = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(sub) => plat(sub, &veld, uit),
            _ => uit.push((veld, v.clone())),
        }
    }
}

fn getal(v: &toml::Value) -> Option<Decimal> {
    match v {
        toml::Value::String(s) => Decimal::from_str(s).ok(),
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        _ => None,
    }
}

fn toon_toml(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Follow a dotted path; a numeric part indexes an array (`betaling.termijnen.0.bedrag`).
fn zoek<'a>(json: &'a Json, veld: &str) -> Option<&'a Json> {
    veld.split('.')
        .try_fold(json, |j, deel| match (j, deel.parse::<usize>()) {
            (Json::Array(a), Ok(i)) => a.get(i),
            _ => j.get(deel),
        })
}

fn vergelijk(json: &Json, veld: &str, verwacht: &toml::Value, marge: Decimal) -> Option<Verschil> {
    let verschil = |werkelijk: String| {
        Some(Verschil {
            veld: veld.to_string(),
            verwacht: toon_toml(verwacht),
            werkelijk,
        })
    };
    let werkelijk = zoek(json, veld);
    if veld == "redenen" || veld == "wat_zou_veranderen" {
        let codes: Vec<&str> = werkelijk
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.get("code").and_then(Json::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let gevraagd: Vec<String> = verwacht
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let ontbreekt: Vec<&String> = gevraagd
            .iter()
            .filter(|g| !codes.contains(&g.as_str()))
            .collect();
        return if ontbreekt.is_empty() {
            None
        } else {
            verschil(format!("[{}] (ontbreekt: {ontbreekt:?})", codes.join(", ")))
        };
    }
    let Some(werkelijk) = werkelijk else {
        return verschil("(veld bestaat niet in de beslissing)".to_string());
    };
    let gelijk = match (verwacht, werkelijk) {
        (toml::Value::String(s), Json::Null) => s == "null",
        (toml::Value::Boolean(a), Json::Bool(b)) => a == b,
        (toml::Value::Array(a), Json::Array(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x.as_str().is_some() && x.as_str() == y.as_str())
        }
        (v, Json::String(s)) => match (getal(v), Decimal::from_str(s).ok()) {
            (Some(a), Some(b)) => (a - b).abs() <= marge,
            _ => v.as_str() == Some(s.as_str()),
        },
        (v, Json::Number(n)) => {
            getal(v).is_some_and(|a| Decimal::from_str(&n.to_string()).ok() == Some(a))
        }
        _ => false,
    };
    if gelijk {
        None
    } else {
        verschil(match werkelijk {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}
