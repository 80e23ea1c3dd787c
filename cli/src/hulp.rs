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
        let a = if a.is_positional() {
            a.help_heading("Argumenten")
        } else {
            a.help_heading("Opties")
        };
        waarden_nl(plaatshouder_nl(a))
    })
    .mut_subcommands(nederlands)
}

/// Help and version go to `out` with exit code 0; a usage error goes to `err` with 2, in Dutch
/// ([`crate::argumentfout`]). `c` is the command line that parsed `args`.
pub(crate) fn meld_argumenten(
    e: &clap::Error,
    c: &clap::Command,
    args: &[std::ffi::OsString],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use clap::error::ErrorKind;
    let tekst = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.render().to_string().replace("[OPTIONS]", "[OPTIES]")
        }
        _ => crate::argumentfout::bericht(e, c, args),
    };
    let code = if e.use_stderr() { 2 } else { 0 };
    let _ = if code == 0 {
        write!(out, "{tekst}")
    } else {
        write!(err, "{tekst}")
    };
    code
}

/// An option's placeholder in Dutch (`--out <BESTAND>`, `--rules <MAP>`): clap takes the
/// field's English name or an English `value_name`.
fn plaatshouder_nl(a: clap::Arg) -> clap::Arg {
    if a.is_positional() || !a.get_action().takes_values() {
        return a;
    }
    let naam = a
        .get_value_names()
        .and_then(|v| v.first())
        .map(|n| n.to_string())
        .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
    let nl = match naam.as_str() {
        "FILE" | "OUT" => "BESTAND",
        "DIR" | "RULES" => "MAP",
        "FORMAT" | "INVOER_FORMAAT" => "FORMAAT",
        "COUNT" | "LIJST_AANTAL" | "GELIJKTIJDIG" => "AANTAL",
        "SEED" => "GETAL",
        "CSV_STIJL" => "STIJL",
        "BELEIDSREGELS" => "NAAM|PAD",
        "MAX_VERZOEK" => "BYTES",
        "TIJDSLIMIET" => "SECONDEN",
        "GEVALLEN" => "MAP",
        _ => return a,
    };
    a.value_name(nl)
}

/// An option's possible values and default in Dutch, in its help text (clap writes them in
/// English: `[default: text]`, `Possible values:`), as clap lays them out: after the short help
/// on one line, in the long help the values with their help as a list.
fn waarden_nl(a: clap::Arg) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let standaard: Vec<String> = if a.is_hide_default_value_set() {
        Vec::new()
    } else {
        let d = a.get_default_values().iter();
        d.map(|v| v.to_string_lossy().into_owned()).collect()
    };
    let waarden: Vec<clap::builder::PossibleValue> = if a.is_hide_possible_values_set() {
        Vec::new()
    } else {
        let w = a.get_possible_values().into_iter();
        w.filter(|w| !w.is_hide_set()).collect()
    };
    if standaard.is_empty() && waarden.is_empty() {
        return a;
    }
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let mut kort = help.clone();
    let mut lang = help;
    let namen: Vec<&str> = waarden.iter().map(|w| w.get_name()).collect();
    if !standaard.is_empty() {
        kort.push_str(&format!(" [standaard: {}]", standaard.join(", ")));
    }
    if !waarden.is_empty() {
        kort.push_str(&format!(" [mogelijke waarden: {}]", namen.join(", ")));
    }
    if waarden.iter().any(|w| w.get_help().is_some()) {
        lang.push_str("\n\nMogelijke waarden:");
        // the explanations aligned, as clap does
        let breed = namen.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 1;
        for w in &waarden {
            let naam = format!("{}:", w.get_name());
            match w.get_help() {
                Some(h) => lang.push_str(&format!("\n- {naam:<breed$} {h}")),
                None => lang.push_str(&format!("\n- {}", w.get_name())),
            }
        }
        if !standaard.is_empty() {
            lang.push_str(&format!("\n\n[standaard: {}]", standaard.join(", ")));
        }
    } else {
        lang = kort.clone();
    }
    a.hide_default_value(true)
        .hide_possible_values(true)
        .help(kort)
        .long_help(lang)
}

/// `avp man`: the page avp(1), or avp-OPDRACHT(1) of one command, on `out`; with `map` every
/// page as a file in that directory. An unknown command is exit 2 with did-you-mean.
pub(crate) fn man(
    opdracht: Option<&str>,
    map: Option<&std::path::Path>,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> u8 {
    // the NAME line is "avp - <about>": the about without its own "avp — "
    let avp = opdrachtregel()
        .about("beoordeling alleenverdienersproblematiek (Participatiewet art. 78gg)");
    let pagina = |c: clap::Command| -> Vec<u8> {
        let mut tekst = Vec::new();
        let _ = clap_mangen::Man::new(c).render(&mut tekst);
        tekst
    };
    let van_opdracht = |sub: &clap::Command| {
        let naam = format!("avp-{}", sub.get_name());
        sub.clone().name(naam.clone()).display_name(naam)
    };
    if let Some(map) = map {
        if let Err(e) = std::fs::create_dir_all(map) {
            let _ = writeln!(err, "fout: kan de map {} niet maken: {e}", map.display());
            return 2;
        }
        let mut paginas = vec![("avp.1".to_string(), pagina(avp.clone()))];
        for sub in avp.get_subcommands() {
            paginas.push((
                format!("avp-{}.1", sub.get_name()),
                pagina(van_opdracht(sub)),
            ));
        }
        for (naam, tekst) in &paginas {
            if let Err(e) = std::fs::write(map.join(naam), tekst) {
                let _ = writeln!(
                    err,
                    "fout: kan {} niet schrijven: {e}",
                    map.join(naam).display()
                );
                return 2;
            }
        }
        let _ = writeln!(
            err,
            "{} man-pagina's geschreven in {}",
            paginas.len(),
            map.display()
        );
        return 0;
    }
    let tekst = match opdracht {
        None => pagina(avp),
        Some(naam) => match avp.find_subcommand(naam) {
            Some(sub) => pagina(van_opdracht(sub)),
            None => {
                let namen: Vec<&str> = avp.get_subcommands().map(|c| c.get_name()).collect();
                let hint = avp_engine::suggest::dichtstbij(naam, namen.iter().copied())
                    .map(|n| format!(" (bedoelt u `{n}`?)"))
                    .unwrap_or_default();
                let _ = writeln!(
                    err,
                    "fout: avp heeft geen opdracht `{naam}`{hint}; de opdrachten: {}",
                    namen.join(", ")
                );
                return 2;
            }
        },
    };
    u8::from(out.write_all(&tekst).is_err())
}
