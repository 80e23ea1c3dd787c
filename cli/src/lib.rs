//! The `avp` command line (CONTRACT §4): parse arguments, call the engine or the workbench
//! (`werkbank`: batch, budget, generate, comparisons, golden cases), render.
//! Exit codes: 0 success, 1 rule or evaluation error, 2 bad input or usage.

mod achtergebleven;
mod batch;
pub mod beleid;
mod beleidsregels;
mod check;
mod commands;
mod direct_io;
mod junit;
mod notatie;
mod populatie;
pub mod rapport;
pub mod render;
mod rules;
pub mod serve;
mod uitvoer;
pub mod vergelijking;
pub mod verschil;
pub mod werkbank;
mod xlsx;

#[cfg(unix)]
pub use uitvoer::genegeerd as signaal_genegeerd;

/// The rules built into the binary.
pub fn ingebouwde_regels() -> avp_engine::source::GeheugenBron {
    rules::ingebouwd()
}

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// avp — beoordeling alleenverdienersproblematiek (Participatiewet art. 78gg)
#[derive(Debug, Parser)]
#[command(name = "avp", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    opdracht: Opdracht,
}

/// Output format of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Formaat {
    /// JSON for systems (CONTRACT §2).
    Json,
    /// Dutch text for a case worker.
    Text,
    /// Markdown for a letter or file (a beschikking with placeholders for the municipality).
    Markdown,
    /// The Markdown letter as a self-contained HTML page.
    Html,
}

/// Output format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormaat {
    /// Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

#[derive(Debug, Subcommand)]
enum BeleidOpdracht {
    /// Render beleidsregels as a legal document (articles with the chosen options filled in).
    Render {
        /// A name under rules/gemeenten/ or a path to a beleidsregels.toml.
        #[arg(default_value = "vng-model")]
        beleidsregels: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DocFormaat,
        /// Rules directory (default: ./rules, else the rules built into avp).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// The national pack whose `keuzes.toml` describes the choices.
        #[arg(long, default_value_t = 2025)]
        jaar: i32,
    },
}

/// Output format of `avp diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormaat {
    /// Dutch text for a policy officer.
    Text,
    /// JSON (`schemas/jaarverschil.schema.json`).
    Json,
}

#[derive(Debug, Subcommand)]
enum Opdracht {
    /// Evaluate one household (JSON or TOML file, or - for stdin).
    Eval(EvalOpdracht),
    /// Write rules/gemeenten/<naam>/beleidsregels.toml from the VNG model, with a comment above
    /// every choice.
    InitGemeente {
        /// Name of the municipality, e.g. "Voorbeeldstad" (directory: voorbeeldstad).
        naam: String,
        /// CBS municipality code (four digits).
        #[arg(long)]
        code: String,
        /// Rules directory to write into (default: ./rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// The national pack whose `keuzes.toml` describes the choices.
        #[arg(long, default_value_t = 2025)]
        jaar: i32,
    },
    /// Work with a municipality's beleidsregels.
    Beleidsregels {
        #[command(subcommand)]
        opdracht: BeleidOpdracht,
    },
    /// Validate every pack and beleidsregels under DIR (default: rules/), and run each pack on
    /// its golden cases and on generated households.
    Check {
        /// Rules directory.
        dir: Option<PathBuf>,
        /// Golden cases to run (default: tests/cases beside DIR, when there).
        #[arg(long)]
        gevallen: Option<PathBuf>,
        /// List every value of JAAR that is still `nog_niet_vastgesteld`, with its file and the
        /// source to watch, instead of checking.
        #[arg(long, value_name = "JAAR")]
        ontbrekend: Option<i32>,
        /// Output: text, or JSON for a rule repository's CI.
        #[arg(long, value_enum, default_value = "text")]
        format: RapportFormaat,
    },
    /// Run golden cases (default: tests/cases).
    Test {
        /// Case files or directories.
        paden: Vec<PathBuf>,
        /// Rules directory.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Also write the results as JUnit XML to FILE (for CI).
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Write the JSON Schemas.
    Schema {
        /// Output directory.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Evaluate many households (JSONL or CSV) in parallel, one decision per line, in input order.
    Batch(BatchOpdracht),
    /// Write shell completions for SHELL (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man page avp(1) (roff) to stdout: `avp man > avp.1`.
    Man,
    /// Serve the web rekenhulp (/) and the HTTP API (/v1, described at /api and /openapi.json)
    /// until SIGTERM or Ctrl-C; SIGHUP reloads the rules.
    Serve(ServeOpdracht),
    /// Show every parameter, rule file and reason text that differs between two years; with
    /// --population, how outcomes change over a population.
    Diff(DiffOpdracht),
    /// Write N synthetic, plausible households (JSONL) to stdout; the same seed gives the same bytes.
    Generate {
        /// Number of households.
        #[arg(long)]
        count: u64,
        /// Seed of the random stream.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The year of the records.
        #[arg(long = "jaar", alias = "year", value_name = "JAAR")]
        year: i32,
    },
    /// The municipality's expected costs and the DU components for a year.
    Budget {
        /// The year.
        #[arg(long)]
        jaar: i32,
        /// Households of the municipality on the Belastingdienst list.
        #[arg(long)]
        lijst_aantal: u64,
        /// Rules directory.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: RapportFormaat,
    },
}

/// Output format of a report (diff, budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RapportFormaat {
    /// Text for a policy officer.
    Text,
    /// JSON for systems.
    Json,
    /// One self-contained HTML page with charts (population comparison and budget).
    Html,
}

/// Output format of `avp batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormaat {
    /// One decision per line (CONTRACT §2) with its input line as `regel`.
    Jsonl,
    /// One summary row per household.
    Csv,
    /// The summary rows as an Excel workbook (needs --out FILE.xlsx).
    Xlsx,
}

/// The style of CSV output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvStijl {
    /// `,` between fields, a decimal point, no byte order mark (RFC 4180).
    Standaard,
    /// What Dutch Excel opens in columns: `;` between fields, a decimal comma, a UTF-8 byte
    /// order mark.
    Nl,
}

/// Input format of `avp batch` and `avp diff --population`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchInvoer {
    /// One JSON household per line.
    Jsonl,
    /// One household per CSV row.
    Csv,
}

impl BatchInvoer {
    fn formaat(self) -> crate::werkbank::batch::InvoerFormaat {
        match self {
            BatchInvoer::Jsonl => crate::werkbank::batch::InvoerFormaat::Jsonl,
            BatchInvoer::Csv => crate::werkbank::batch::InvoerFormaat::Csv,
        }
    }
}

/// Arguments of `avp eval`.
#[derive(Debug, clap::Args)]
struct EvalOpdracht {
    /// Household record file, or `-` for stdin (JSON).
    bestand: String,
    /// Beleidsregels: a name under rules/gemeenten/ or a path to a beleidsregels.toml
    /// (default: vng-model; with --verify-herkomst: the one named in the stored decision).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Rules directory (default: ./rules, else the rules built into avp).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Formaat,
    /// Add every quantity with its rule and parameters.
    #[arg(long)]
    trace: bool,
    /// Re-evaluate and compare with a stored decision (JSON): exit 0 when the same rules
    /// give the same result, 1 with the differing fields and hashes otherwise.
    #[arg(long, value_name = "BESLISSING.json")]
    verify_herkomst: Option<PathBuf>,
}

/// Arguments of `avp diff`.
#[derive(Debug, clap::Args)]
struct DiffOpdracht {
    /// The first year (with JAAR_B: compare two years).
    jaar_a: Option<i32>,
    /// The second year.
    #[arg(requires = "jaar_a")]
    jaar_b: Option<i32>,
    /// One year, under the rules (A) and under a variant of them (B): with --variant or --zet.
    #[arg(long, value_name = "JAAR")]
    jaar: Option<i32>,
    /// The variant: a rules directory (as --rules) whose pack for --jaar is side B.
    #[arg(long, value_name = "DIR")]
    variant: Option<PathBuf>,
    /// Side B with one parameter set to another value, e.g. --zet tegemoetkoming::bedrag=1200
    /// (repeatable; the value as in a parameter file, checked against its unit).
    #[arg(long, value_name = "NAAM=WAARDE")]
    zet: Vec<avp_engine::pack::Zetting>,
    /// Population file (JSONL or CSV, `-` for stdin): evaluate it on both sides.
    #[arg(long = "populatie", alias = "population", value_name = "FILE")]
    population: Option<String>,
    /// With --population: write one row per household to FILE (regel, kenmerk, route,
    /// doelgroep, toegekend, tekort, bedrag and kosten under A and B, the changes); CSV for a
    /// .csv name, else JSONL.
    #[arg(long, value_name = "FILE")]
    per_huishouden: Option<PathBuf>,
    /// Between two years, keep every household's real dates (people a year older in the later
    /// year). Default: all dates move with the year, so that only the rules differ.
    #[arg(long)]
    echte_datums: bool,
    /// Write records that fail to FILE (JSONL; CSV for a .csv name).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Format of the population (default: by extension, `.csv` = CSV, else JSONL); needed
    /// for CSV on stdin.
    #[arg(long, value_enum, value_name = "FORMAAT")]
    invoer_formaat: Option<BatchInvoer>,
    /// Beleidsregels: a name under rules/gemeenten/ or a path (default: AVP_BELEIDSREGELS, else
    /// `beleidsregels` in ./avp.toml, else the VNG model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Rules directory.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: RapportFormaat,
}

/// Arguments of `avp batch`.
#[derive(Debug, clap::Args)]
struct BatchOpdracht {
    /// Input: JSONL (one household per line) or CSV (one row per household); `-` for stdin.
    invoer: String,
    /// Output file (written atomically); default stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write rejected records to FILE with line number, field and message (JSONL; CSV for a .csv name).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: BatchFormaat,
    /// With --format csv: the CSV style (`nl`: `;`, decimal comma, UTF-8 BOM, for Dutch Excel).
    #[arg(long, value_enum, default_value = "standaard")]
    csv_stijl: CsvStijl,
    /// Input format (default: CSV for a .csv name, else JSONL).
    #[arg(long, value_enum)]
    invoer_formaat: Option<BatchInvoer>,
    /// The Belastingdienst list: one BSN per line, or CSV with a `bsn` column.
    #[arg(long, value_name = "FILE")]
    lijst: Option<PathBuf>,
    /// Beleidsregels: a name under rules/gemeenten/ or a path (default: AVP_BELEIDSREGELS, else
    /// `beleidsregels` in ./avp.toml, else the VNG model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Rules directory.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Add the trace to every decision.
    #[arg(long)]
    trace: bool,
    /// Records per block (memory vs. parallelism).
    #[arg(long, default_value_t = crate::werkbank::batch::STANDAARD_BLOK, hide = true)]
    blok: usize,
}

/// The command line with its version: avp's version, the years of the built-in rules and
/// their hash (`avp --version`).
fn opdrachtregel() -> clap::Command {
    use clap::CommandFactory;
    static VERSIE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let versie = VERSIE.get_or_init(|| {
        let regels = avp_engine::Regels::new(Box::new(rules::ingebouwd()));
        let jaren: Vec<String> = regels.jaren().iter().map(i32::to_string).collect();
        let hashes: String = regels
            .jaren()
            .iter()
            .filter_map(|j| regels.pack(*j).ok().map(|p| p.regels_hash.clone()))
            .collect();
        let hash = avp_engine::herkomst::sha256_hex(&[hashes.as_bytes()]);
        format!(
            "{} (ingebouwde regels: jaren {}; hash {})",
            env!("CARGO_PKG_VERSION"),
            jaren.join(", "),
            &hash[..12]
        )
    });
    Cli::command().version(versie.as_str())
}

/// Run the CLI with `args` (including the program name); returns the exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use clap::FromArgMatches;
    let wil_versie = args.iter().skip(1).any(|a| a == "--version" || a == "-V");
    let c = if wil_versie {
        opdrachtregel()
    } else {
        <Cli as clap::CommandFactory>::command()
    };
    match c
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli.opdracht.voer_uit(out, err),
        Err(e) => meld_argumenten(&e, out, err),
    }
}

/// Help and version go to `out` with exit code 0; a usage error goes to `err` with 2.
fn meld_argumenten(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let code = if e.use_stderr() { 2 } else { 0 };
    let tekst = e.render().to_string();
    let _ = if code == 0 {
        write!(out, "{tekst}")
    } else {
        write!(err, "{tekst}")
    };
    code
}

impl Opdracht {
    /// Run the command: the small ones here, the others by their own arguments.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        match self {
            Opdracht::Eval(e) => e.voer_uit(out, err),
            Opdracht::InitGemeente {
                naam,
                code,
                rules,
                jaar,
            } => commands::init_gemeente(&naam, &code, &rules, jaar, out, err),
            Opdracht::Beleidsregels {
                opdracht:
                    BeleidOpdracht::Render {
                        beleidsregels,
                        format,
                        rules,
                        jaar,
                    },
            } => commands::render_beleid(&beleidsregels, format, rules, jaar, out, err),
            Opdracht::Check {
                dir,
                gevallen,
                ontbrekend: Some(jaar),
                format,
            } => {
                let _ = gevallen;
                check::ontbrekend(dir, jaar, format == RapportFormaat::Json, out, err)
            }
            Opdracht::Check {
                dir,
                gevallen,
                format,
                ..
            } => check::check(dir, gevallen, format == RapportFormaat::Json, out, err),
            Opdracht::Test {
                paden,
                rules,
                junit,
            } => commands::test(paden, rules, junit, out, err),
            Opdracht::Schema { out: dir } => commands::schema(&dir, out, err),
            Opdracht::Batch(b) => batch::batch(b.into(), out, err),
            Opdracht::Serve(s) => serve::serve(s.into(), err),
            Opdracht::Completions { shell } => {
                // into memory first: clap_complete panics when its writer fails (a closed pipe)
                let mut tekst = Vec::new();
                clap_complete::generate(shell, &mut opdrachtregel(), "avp", &mut tekst);
                u8::from(out.write_all(&tekst).is_err())
            }
            Opdracht::Man => {
                let mut tekst = Vec::new();
                let _ = clap_mangen::Man::new(opdrachtregel()).render(&mut tekst);
                u8::from(out.write_all(&tekst).is_err())
            }
            Opdracht::Diff(d) => d.voer_uit(out, err),
            Opdracht::Generate { count, seed, year } => {
                batch::generate(count, seed, year, out, err)
            }
            Opdracht::Budget {
                jaar,
                lijst_aantal,
                rules,
                format,
            } => batch::budget(jaar, lijst_aantal, rules, format, out, err),
        }
    }
}

impl EvalOpdracht {
    /// `avp eval`: evaluate and render, or with `--verify-herkomst` compare with a stored
    /// decision.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        match self.verify_herkomst {
            Some(opgeslagen) => commands::verifieer(
                &self.bestand,
                self.beleidsregels.as_deref(),
                self.rules,
                &opgeslagen,
                out,
                err,
            ),
            None => commands::eval(
                &self.bestand,
                beleidsregels::kies(self.beleidsregels, err),
                self.rules,
                self.format,
                self.trace,
                out,
                err,
            ),
        }
    }
}

impl DiffOpdracht {
    /// `avp diff`: with `--population` the comparison over a population, otherwise the
    /// differences between the two sides' packs.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        let vraag = vergelijking::Vraag {
            jaren: self.jaar_a.zip(self.jaar_b),
            jaar: self.jaar,
            rules: self.rules,
            variant: self.variant,
            zettingen: self.zet,
        };
        if self.jaar_a.is_some() && self.jaar_b.is_none() {
            let _ = writeln!(
                err,
                "fout: geef twee jaren (avp diff 2025 2026), of --jaar met --variant of --zet"
            );
            return 2;
        }
        match self.population {
            Some(populatie) => populatie::diff_populatie(
                populatie::PopulatieArgs {
                    vraag,
                    populatie,
                    invoer_formaat: self.invoer_formaat.map(BatchInvoer::formaat),
                    errors: self.errors,
                    beleidsregels: beleidsregels::kies_en_waarschuw(self.beleidsregels, err).naam,
                    echte_datums: self.echte_datums,
                    formaat: self.format,
                    per_huishouden: self.per_huishouden,
                },
                out,
                err,
            ),
            None => {
                let formaat = match self.format {
                    RapportFormaat::Text => DiffFormaat::Text,
                    RapportFormaat::Json => DiffFormaat::Json,
                    RapportFormaat::Html => {
                        let _ = writeln!(err, "fout: --format html geeft het rapport over een populatie; geef --population BESTAND, of kies text of json");
                        return 2;
                    }
                };
                commands::diff(&vraag, formaat, out, err)
            }
        }
    }
}

#[derive(Debug, clap::Args)]
struct ServeOpdracht {
    /// Address to listen on. Beyond this machine (not 127.0.0.1 or ::1) only with
    /// --token-bestand.
    #[arg(long, default_value = "127.0.0.1:8080")]
    adres: std::net::SocketAddr,
    /// Rules directory (default: ./rules, else the rules built into avp).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Beleidsregels when a request names none: a name under rules/gemeenten/ or a path
    /// (default: AVP_BELEIDSREGELS, else `beleidsregels` in ./avp.toml, else the VNG model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// File whose first line is the bearer token every /v1 request must carry (at least 16
    /// characters).
    #[arg(long, value_name = "BESTAND")]
    token_bestand: Option<PathBuf>,
    /// Largest request body in bytes (a larger one gets 413).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_verzoek: usize,
    /// Time limit per request in seconds (a slower one gets 503).
    #[arg(long, default_value_t = 30)]
    tijdslimiet: u64,
    /// Evaluations at the same time; more requests wait for a turn (default: the cores).
    #[arg(long)]
    gelijktijdig: Option<usize>,
    /// Allow the API to be called from a page of this origin (CORS), e.g.
    /// https://zaaksysteem.gemeente.nl; repeatable. Default: no CORS headers.
    #[arg(long, value_name = "HERKOMST")]
    cors: Vec<String>,
}

impl From<ServeOpdracht> for serve::ServeArgs {
    /// The options of `avp serve` as the server takes them.
    fn from(s: ServeOpdracht) -> Self {
        serve::ServeArgs {
            adres: s.adres,
            rules: s.rules,
            beleidsregels: beleidsregels::kies_en_waarschuw(
                s.beleidsregels,
                &mut std::io::stderr(),
            )
            .naam,
            token_bestand: s.token_bestand,
            cors: s.cors,
            limieten: serve::staat::Limieten {
                max_body: s.max_verzoek,
                tijdslimiet: std::time::Duration::from_secs(s.tijdslimiet.max(1)),
                gelijktijdig: s
                    .gelijktijdig
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from)),
            },
        }
    }
}

impl From<BatchOpdracht> for batch::BatchArgs {
    /// The options of `avp batch` as the batch module takes them.
    fn from(b: BatchOpdracht) -> Self {
        batch::BatchArgs {
            xlsx: b.format == BatchFormaat::Xlsx,
            invoer: b.invoer,
            out: b.out,
            errors: b.errors,
            formaat: match b.format {
                BatchFormaat::Jsonl => crate::werkbank::batch::UitvoerFormaat::Jsonl,
                BatchFormaat::Csv if b.csv_stijl == CsvStijl::Nl => {
                    crate::werkbank::batch::UitvoerFormaat::CsvNl
                }
                BatchFormaat::Csv | BatchFormaat::Xlsx => {
                    crate::werkbank::batch::UitvoerFormaat::Csv
                }
            },
            invoer_formaat: b.invoer_formaat.map(BatchInvoer::formaat),
            lijst: b.lijst,
            beleidsregels: beleidsregels::kies_en_waarschuw(
                b.beleidsregels,
                &mut std::io::stderr(),
            )
            .naam,
            rules: b.rules,
            trace: b.trace,
            blok: b.blok,
        }
    }
}
