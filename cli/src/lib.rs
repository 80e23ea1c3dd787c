//! The `avp` command line (CONTRACT §4). Thin: parse arguments, call the engine, render.
//! Exit codes: 0 success, 1 rule or evaluation error, 2 bad input or usage.

mod commands;
pub mod render;
mod rules;
pub mod verschil;

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
    /// Markdown for a letter or file.
    Markdown,
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
    Eval {
        /// Household record file, or `-` for stdin (JSON).
        bestand: String,
        /// Beleidsregels: a name under rules/gemeenten/ or a path to a beleidsregels.toml.
        #[arg(long, default_value = "vng-model")]
        beleidsregels: String,
        /// Rules directory (default: ./rules, else the rules built into avp).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Formaat,
        /// Add every quantity with its rule and parameters.
        #[arg(long)]
        trace: bool,
    },
    /// Validate every pack and beleidsregels under DIR (default: rules/).
    Check {
        /// Rules directory.
        dir: Option<PathBuf>,
    },
    /// Run golden cases (default: tests/cases).
    Test {
        /// Case files or directories.
        paden: Vec<PathBuf>,
        /// Rules directory.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Show every parameter, rule file and reason text that differs between two years.
    Diff {
        /// The first (usually earlier) year.
        jaar_a: i32,
        /// The second year.
        jaar_b: i32,
        /// Rules directory (default: ./rules, else the rules built into avp).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormaat,
    },
    /// Write the JSON Schemas.
    Schema {
        /// Output directory.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

/// Run the CLI with `args` (including the program name); returns the exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let tekst = e.render().to_string();
            let _ = if code == 0 {
                write!(out, "{tekst}")
            } else {
                write!(err, "{tekst}")
            };
            return code;
        }
    };
    match cli.opdracht {
        Opdracht::Eval {
            bestand,
            beleidsregels,
            rules,
            format,
            trace,
        } => commands::eval(&bestand, &beleidsregels, rules, format, trace, out, err),
        Opdracht::Check { dir } => commands::check(dir, out, err),
        Opdracht::Test { paden, rules } => commands::test(paden, rules, out, err),
        Opdracht::Diff {
            jaar_a,
            jaar_b,
            rules,
            format,
        } => commands::diff(jaar_a, jaar_b, rules, format, out, err),
        Opdracht::Schema { out: dir } => commands::schema(&dir, out, err),
    }
}
