//! The command line's own texts: the help in Dutch, `--version` with the built-in rules, and
//! how help, version and usage errors are written.

use std::io::Write;

use crate::{rules, Cli};

/// The command line with its version: avp's version, the years of the built-in rules and
/// their hash (`avp --version`).
pub(crate) fn opdrachtregel() -> clap::Command {
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
    nederlands(Cli::command().version(versie.as_str()))
}

/// The help in Dutch, for `c` and every subcommand: headings, the help and version flags, the
/// help subcommand (clap writes its own parts in English).
pub(crate) fn nederlands(c: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    const SJABLOON: &str =
        "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";
    let heeft_versie = c.get_version().is_some();
    // a fixed width: the same help in a terminal, a pipe and a test
    let mut c = c
        .term_width(100)
        .help_template(SJABLOON)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("hulp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp"),
        );
    if heeft_versie {
        c = c.disable_version_flag(true).arg(
            Arg::new("versie")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon de versie, de jaren en de hash van de ingebouwde regels"),
        );
    }
    c.mut_args(|a| {
        if a.is_positional() {
            a.help_heading("Argumenten")
        } else {
            a.help_heading("Opties")
        }
    })
    .mut_subcommands(nederlands)
}

/// Help and version go to `out` with exit code 0; a usage error goes to `err` with 2.
pub(crate) fn meld_argumenten(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let code = if e.use_stderr() { 2 } else { 0 };
    let tekst = e.render().to_string();
    let _ = if code == 0 {
        write!(out, "{tekst}")
    } else {
        write!(err, "{tekst}")
    };
    code
}
