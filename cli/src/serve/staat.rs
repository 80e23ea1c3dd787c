//! What the server serves from: the rules tree with every year's pack compiled once, the
//! default beleidsregels, and the limits. The loaded rules are swapped whole on a reload (`POST
//! /v1/herladen` or SIGHUP); a rules tree that does not load is refused and the old one stays.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use avp_engine::error::Fouten;
use avp_engine::policy::GeladenBeleid;
use avp_engine::Regels;
use tokio::sync::Semaphore;

/// The limits of the server (`avp serve` options).
#[derive(Debug, Clone)]
pub struct Limieten {
    /// The largest request body in bytes (a larger one: 413).
    pub max_body: usize,
    /// The time one request may take (a slower one: 503).
    pub tijdslimiet: Duration,
    /// How many evaluations run at once; more requests wait for a turn.
    pub gelijktijdig: usize,
}

/// One loaded rules tree: every year compiled, the default beleidsregels read.
pub struct Geladen {
    /// The engine over the rules tree, with every year's pack compiled.
    pub regels: Regels,
    /// The years carried, ascending.
    pub jaren: Vec<i32>,
    /// sha256 over the years' `regels_hash`es: changes with any rule file.
    pub hash: String,
    /// The beleidsregels used when a request names none.
    pub standaard_beleid: GeladenBeleid,
}

impl Geladen {
    /// Load and compile every year of the rules tree and the default beleidsregels; the errors
    /// of every year that does not load.
    pub fn laad(rules: Option<PathBuf>, beleidsregels: &str) -> Result<Geladen, Fouten> {
        let regels = Regels::new(crate::rules::kies(rules));
        let jaren = regels.jaren();
        let mut fouten = Vec::new();
        if jaren.is_empty() {
            fouten.push(
                avp_engine::error::Fout::invoer(
                    avp_engine::error::Code::PackOntbreekt,
                    "de regels hebben geen enkel jaar (geen map nl/<jaar>/)",
                )
                .hulp("geef met --rules de map met nl/ en gemeenten/, of laat --rules weg voor de ingebouwde regels"),
            );
        }
        let mut hashes = String::new();
        for &jaar in &jaren {
            match regels.pack(jaar) {
                Ok(p) => hashes.push_str(&p.regels_hash),
                Err(f) => fouten.extend(f.0),
            }
        }
        let standaard_beleid = regels.beleidsregels(beleidsregels);
        if let Err(f) = &standaard_beleid {
            fouten.extend(f.0.iter().cloned());
        }
        match standaard_beleid {
            Ok(standaard_beleid) if fouten.is_empty() => Ok(Geladen {
                regels,
                jaren,
                hash: avp_engine::herkomst::sha256_hex(&[hashes.as_bytes()]),
                standaard_beleid,
            }),
            _ => Err(Fouten(fouten)),
        }
    }
}

/// The state every request shares.
pub struct Gedeeld {
    /// The rules in service; replaced whole by a reload.
    huidig: RwLock<Arc<Geladen>>,
    /// Where the rules come from (`--rules`).
    pub rules: Option<PathBuf>,
    /// The default beleidsregels (`--beleidsregels`).
    pub beleidsregels: String,
    /// The bearer token that every `/v1` request must carry, when one is set.
    pub token: Option<String>,
    /// The limits.
    pub limieten: Limieten,
    /// Turns for evaluations (`Limieten::gelijktijdig`).
    pub beurten: Arc<Semaphore>,
}

impl Gedeeld {
    /// Shared state around loaded rules.
    pub fn nieuw(
        geladen: Geladen,
        rules: Option<PathBuf>,
        beleidsregels: String,
        token: Option<String>,
        limieten: Limieten,
    ) -> Gedeeld {
        Gedeeld {
            huidig: RwLock::new(Arc::new(geladen)),
            rules,
            beleidsregels,
            token,
            beurten: Arc::new(Semaphore::new(limieten.gelijktijdig.max(1))),
            limieten,
        }
    }

    /// The rules in service now (a request keeps them to its end, also across a reload).
    pub fn huidig(&self) -> Arc<Geladen> {
        match self.huidig.read() {
            Ok(g) => g.clone(),
            Err(e) => e.into_inner().clone(),
        }
    }

    /// Load the rules again; in service only when they load. The new state, or the errors.
    pub fn herlaad(&self) -> Result<Arc<Geladen>, Fouten> {
        let nieuw = Arc::new(Geladen::laad(self.rules.clone(), &self.beleidsregels)?);
        match self.huidig.write() {
            Ok(mut g) => *g = nieuw.clone(),
            Err(e) => *e.into_inner() = nieuw.clone(),
        }
        Ok(nieuw)
    }
}
