//! The options of `avp serve`: as the command line reads them and as the server takes them.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::staat::Limieten;

/// The options of `avp serve`.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    /// Where to listen.
    pub adres: SocketAddr,
    /// The rules tree (`--rules`).
    pub rules: Option<PathBuf>,
    /// The default beleidsregels: a name or a path.
    pub beleidsregels: String,
    /// A file whose first line is the bearer token.
    pub token_bestand: Option<PathBuf>,
    /// Origins whose pages may call the API (CORS); empty: none.
    pub cors: Vec<String>,
    /// The limits.
    pub limieten: Limieten,
}

/// `avp serve`'s options.
#[derive(Debug, clap::Args)]
pub struct ServeOpdracht {
    /// Adres om op te luisteren. Buiten deze machine (niet 127.0.0.1 of ::1) alleen met
    /// --token-bestand.
    #[arg(long, default_value = "127.0.0.1:8080")]
    adres: std::net::SocketAddr,
    /// Map met regels (standaard: ./rules, anders de regels in avp zelf).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Beleidsregels als een verzoek er geen noemt: een naam onder rules/gemeenten/ of een pad
    /// (standaard: AVP_BELEIDSREGELS, anders `beleidsregels` in ./avp.toml, anders het VNG-model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Bestand met op de eerste regel het token dat elk /v1-verzoek moet meesturen (minstens 16
    /// tekens).
    #[arg(long, value_name = "BESTAND")]
    token_bestand: Option<PathBuf>,
    /// Grootste verzoek in bytes (een groter krijgt 413).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_verzoek: usize,
    /// Tijdslimiet per verzoek in seconden (een trager krijgt 503).
    #[arg(long, default_value_t = 30)]
    tijdslimiet: u64,
    /// Beoordelingen tegelijk; meer verzoeken wachten op hun beurt (standaard: het aantal kernen).
    #[arg(long)]
    gelijktijdig: Option<usize>,
    /// Sta toe dat pagina's van deze herkomst de API aanroepen (CORS), bijvoorbeeld
    /// https://zaaksysteem.gemeente.nl; herhaalbaar. Standaard: geen CORS-kopregels.
    #[arg(long, value_name = "HERKOMST")]
    cors: Vec<String>,
}

impl From<ServeOpdracht> for ServeArgs {
    /// The options of `avp serve` as the server takes them.
    fn from(s: ServeOpdracht) -> Self {
        ServeArgs {
            adres: s.adres,
            rules: s.rules,
            beleidsregels: crate::beleidsregels::kies_en_waarschuw(
                s.beleidsregels,
                &mut std::io::stderr(),
            )
            .naam,
            token_bestand: s.token_bestand,
            cors: s.cors,
            limieten: Limieten {
                max_body: s.max_verzoek,
                tijdslimiet: std::time::Duration::from_secs(s.tijdslimiet.max(1)),
                gelijktijdig: s
                    .gelijktijdig
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from)),
            },
        }
    }
}
