//! What the server carries: the years and their parameters, the beleidsregels, its health, and
//! reloading the rules.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::probleem::Probleem;
use super::staat::Gedeeld;
use crate::werkbank::diff::ParameterStand;

/// A year the server carries.
#[derive(Debug, Serialize, ToSchema)]
pub struct Jaar {
    /// The year.
    pub jaar: i32,
    /// `handelingsperspectief` (2023, 2024) or `tijdelijke_regeling` (2025-2027).
    pub regeling: String,
    /// The pack's name.
    pub naam: String,
    /// sha256 over the pack's rule files and parameters (as in a decision's `herkomst`).
    pub regels_hash: String,
}

/// The years the server carries.
#[utoipa::path(get, path = "/v1/jaren", tag = "regels",
    responses((status = 200, description = "De jaren met een regelpakket.", body = [Jaar])))]
pub async fn jaren(State(gedeeld): State<Arc<Gedeeld>>) -> Result<Json<Vec<Jaar>>, Probleem> {
    let g = gedeeld.huidig();
    let mut uit = Vec::new();
    for &jaar in &g.jaren {
        let p = g.regels.pack(jaar).map_err(|f| Probleem::van_fouten(&f))?;
        uit.push(Jaar {
            jaar,
            regeling: p.pack.manifest.regeling.naam().to_string(),
            naam: p.pack.manifest.naam.clone(),
            regels_hash: p.regels_hash.clone(),
        });
    }
    Ok(Json(uit))
}

/// One parameter of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParameterRegel {
    /// The name as the rules read it: `tegemoetkoming::bedrag`.
    pub naam: String,
    /// The value as in the parameter file (`nog niet vastgesteld` when not yet published).
    pub waarde: String,
    /// The public source of the value.
    pub bron: String,
    /// The unit, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eenheid: Option<String>,
    /// False when the value is not yet published for this year.
    pub vastgesteld: bool,
    /// The year of the pack that sets the value (earlier when inherited).
    pub pakket: i32,
}

/// Every parameter of a year, with its source.
#[utoipa::path(get, path = "/v1/jaren/{jaar}/parameters", tag = "regels",
    params(("jaar" = i32, Path, description = "Het jaar, 2023-2027.")),
    responses(
        (status = 200, description = "Elke parameter met waarde en bron.", body = [ParameterRegel]),
        (status = 404, description = "Geen regelpakket voor dit jaar.", body = Probleem, content_type = "application/problem+json"),
    ))]
pub async fn parameters(
    State(gedeeld): State<Arc<Gedeeld>>,
    Path(jaar): Path<i32>,
) -> Result<Json<Vec<ParameterRegel>>, Probleem> {
    let g = gedeeld.huidig();
    if !g.jaren.contains(&jaar) {
        return Err(onbekend_jaar(jaar, &g.jaren));
    }
    let p = g.regels.pack(jaar).map_err(|f| Probleem::van_fouten(&f))?;
    let uit = p
        .pack
        .parameters
        .iter()
        .map(|par| {
            let s = ParameterStand::van(par);
            ParameterRegel {
                naam: par.naam.replace('.', "::"),
                waarde: s.waarde,
                bron: s.bron,
                eenheid: s.eenheid,
                vastgesteld: s.vastgesteld,
                pakket: s.pakket,
            }
        })
        .collect();
    Ok(Json(uit))
}

fn onbekend_jaar(jaar: i32, jaren: &[i32]) -> Probleem {
    let lijst: Vec<String> = jaren.iter().map(i32::to_string).collect();
    Probleem::nieuw(
        StatusCode::NOT_FOUND,
        "avp::jaar::onbekend",
        format!("geen regelpakket voor {jaar}"),
    )
    .hulp(format!("de server kent {}", lijst.join(", ")))
}

/// A municipality's beleidsregels, in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeleidsregelsKort {
    /// The name to use in `?beleidsregels=`.
    pub naam: String,
    /// The municipality's name, when the beleidsregels give it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gemeentenaam: Option<String>,
    /// sha256 of the file (as in a decision's `herkomst`).
    pub hash: String,
    /// Whether these are the server's default.
    pub standaard: bool,
}

/// The beleidsregels the server has.
#[utoipa::path(get, path = "/v1/beleidsregels", tag = "regels",
    responses((status = 200, description = "De beleidsregels onder rules/gemeenten/.", body = [BeleidsregelsKort])))]
pub async fn beleidsregels(State(gedeeld): State<Arc<Gedeeld>>) -> Json<Vec<BeleidsregelsKort>> {
    let g = gedeeld.huidig();
    let mut uit: Vec<BeleidsregelsKort> = g
        .regels
        .bron()
        .inhoud("gemeenten")
        .into_iter()
        .filter_map(|naam| g.regels.beleidsregels(&naam).ok())
        .map(|b| BeleidsregelsKort {
            standaard: b.hash == g.standaard_beleid.hash,
            naam: b.naam,
            gemeentenaam: b.regels.gemeentenaam,
            hash: b.hash,
        })
        .collect();
    if !uit.iter().any(|b| b.standaard) {
        let b = &g.standaard_beleid;
        uit.push(BeleidsregelsKort {
            naam: b.naam.clone(),
            gemeentenaam: b.regels.gemeentenaam.clone(),
            hash: b.hash.clone(),
            standaard: true,
        });
    }
    Json(uit)
}

/// One municipality's beleidsregels.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeleidsregelsVolledig {
    /// The name.
    pub naam: String,
    /// sha256 of the file.
    pub hash: String,
    /// The beleidsregels as in their TOML file (schema `beleidsregels.schema.json`).
    #[schema(value_type = Object)]
    pub regels: avp_engine::policy::Beleidsregels,
}

/// One municipality's beleidsregels, every choice.
#[utoipa::path(get, path = "/v1/beleidsregels/{naam}", tag = "regels",
    params(("naam" = String, Path, description = "Een naam uit GET /v1/beleidsregels.")),
    responses(
        (status = 200, description = "De beleidsregels.", body = BeleidsregelsVolledig),
        (status = 422, description = "Onbekende beleidsregels.", body = Probleem, content_type = "application/problem+json"),
    ))]
pub async fn beleidsregels_naam(
    State(gedeeld): State<Arc<Gedeeld>>,
    Path(naam): Path<String>,
) -> Result<Json<BeleidsregelsVolledig>, Probleem> {
    let g = gedeeld.huidig();
    let b = super::beoordeel::beleid_van(&g, Some(&naam))?;
    Ok(Json(BeleidsregelsVolledig {
        naam: b.naam,
        hash: b.hash,
        regels: b.regels,
    }))
}

/// The server's health.
#[derive(Debug, Serialize, ToSchema)]
pub struct Gezondheid {
    /// `ok`.
    pub status: String,
    /// The version of avp.
    pub versie: String,
    /// sha256 over the years' rules hashes: changes with any rule file.
    pub regels_hash: String,
    /// The years carried.
    pub jaren: Vec<i32>,
    /// The default beleidsregels.
    pub beleidsregels: String,
}

/// Health: the rules in service and the years carried.
#[utoipa::path(get, path = "/v1/gezond", tag = "server",
    responses((status = 200, description = "De server draait.", body = Gezondheid)))]
pub async fn gezond(State(gedeeld): State<Arc<Gedeeld>>) -> Json<Gezondheid> {
    let g = gedeeld.huidig();
    Json(Gezondheid {
        status: "ok".into(),
        versie: env!("CARGO_PKG_VERSION").into(),
        regels_hash: g.hash.clone(),
        jaren: g.jaren.clone(),
        beleidsregels: g.standaard_beleid.naam.clone(),
    })
}

/// Load the rules again (as SIGHUP does); rules that do not load are refused and the old ones
/// stay in service.
#[utoipa::path(post, path = "/v1/herladen", tag = "server",
    responses(
        (status = 200, description = "De nieuwe regels zijn in gebruik.", body = Gezondheid),
        (status = 422, description = "De regels laden niet; de oude blijven in gebruik. Elke fout met bestand, regel en kolom.", body = Probleem, content_type = "application/problem+json"),
    ))]
pub async fn herladen(State(gedeeld): State<Arc<Gedeeld>>) -> Result<Json<Gezondheid>, Probleem> {
    let g2 = gedeeld.clone();
    let uitkomst = tokio::task::spawn_blocking(move || g2.herlaad())
        .await
        .map_err(|_| {
            Probleem::nieuw(
                StatusCode::INTERNAL_SERVER_ERROR,
                "avp::serve::intern",
                "herladen is afgebroken",
            )
        })?;
    match uitkomst {
        Ok(_) => {
            eprintln!("avp serve: regels herladen");
            Ok(gezond(State(gedeeld)).await)
        }
        Err(f) => {
            eprintln!("avp serve: herladen geweigerd, de oude regels blijven in gebruik");
            let mut p = Probleem::van_fouten(&f);
            p.status = 422;
            p.title = "De regels laden niet; de oude blijven in gebruik".into();
            Err(p)
        }
    }
}
