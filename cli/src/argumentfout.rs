//! Dutch messages for clap's own errors about the arguments (an unknown option or command, a
//! missing or invalid value, …). clap writes them in English; this module writes them from the
//! error's kind and context (`clap::error::ContextKind`): what is wrong, for which command, what
//! was probably meant (`bedoelt u `--jaar`?`), the usage line and where the help is.

use std::ffi::OsString;
use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Command;

/// The Dutch message for the usage error `e`, which `c` found in `args` (the program name
/// first): `fout: …`, the suggestions, the usage line and `Meer hulp: avp … --help`.
pub(crate) fn bericht(e: &clap::Error, c: &Command, args: &[OsString]) -> String {
    let (pad, opdracht) = opdracht_pad(c, args);
    let mut t = format!("fout: {}\n", hoofdzin(e, &pad, args));
    for regel in aanwijzingen(e, &pad, opdracht) {
        let _ = writeln!(t, "  {regel}");
    }
    if let Some(ContextValue::StyledStr(gebruik)) = e.get(ContextKind::Usage) {
        let _ = writeln!(t, "\n{}", gebruik_nl(&gebruik.to_string()));
    }
    let _ = writeln!(t, "\nMeer hulp: {pad} --help");
    crate::werkbank::batch::maskeer_bsns(&t)
}

/// The command the arguments reached (`avp budget`, `avp beleidsregels render`), and its
/// definition: the subcommands that `args` start with (clap reads a subcommand only before the
/// options of its parent, and avp's commands with subcommands have none).
fn opdracht_pad<'c>(c: &'c Command, args: &[OsString]) -> (String, &'c Command) {
    let mut huidig = c;
    let mut pad = vec![c.get_name().to_string()];
    for a in args.iter().skip(1) {
        match a.to_str().and_then(|a| huidig.find_subcommand(a)) {
            Some(sub) => {
                pad.push(sub.get_name().to_string());
                huidig = sub;
            }
            None => break,
        }
    }
    (pad.join(" "), huidig)
}

/// A context value as text (empty when absent or of another type).
fn tekst(e: &clap::Error, soort: ContextKind) -> Option<String> {
    match e.get(soort)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

/// A context value as a list of texts.
fn lijst(e: &clap::Error, soort: ContextKind) -> Vec<String> {
    match e.get(soort) {
        Some(ContextValue::Strings(l)) => l.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(l)) => l.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// A context value as a number.
fn getal(e: &clap::Error, soort: ContextKind) -> Option<isize> {
    match e.get(soort)? {
        ContextValue::Number(n) => Some(*n),
        _ => None,
    }
}

/// `a`, `b` en `c`.
fn opsomming(namen: &[String]) -> String {
    let namen: Vec<String> = namen.iter().map(|n| format!("`{n}`")).collect();
    match namen.split_last() {
        Some((laatste, rest)) if !rest.is_empty() => format!("{} en {laatste}", rest.join(", ")),
        _ => namen.concat(),
    }
}

/// `er is 1 gegeven`, `er zijn 3 gegeven`.
fn gegeven(n: isize) -> String {
    if n == 1 {
        "er is 1 gegeven".into()
    } else {
        format!("er zijn {n} gegeven")
    }
}

/// What is wrong, in one sentence, from the error's kind and context; a general sentence for
/// a kind when its context is missing (an error clap made without it).
fn hoofdzin(e: &clap::Error, pad: &str, args: &[OsString]) -> String {
    let arg = tekst(e, ContextKind::InvalidArg).unwrap_or_default();
    let waarde = tekst(e, ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::UnknownArgument
            if arg.starts_with('-') && arg.parse::<rust_decimal::Decimal>().is_ok() =>
        {
            format!(
                "`{pad}` neemt geen negatief getal (`{}`): wat met `-` begint, is een optie",
                heel_argument(&arg, args)
            )
        }
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            format!("`{pad}` kent de optie `{arg}` niet")
        }
        ErrorKind::UnknownArgument if !arg.is_empty() => {
            format!("onverwacht argument `{arg}` bij `{pad}`")
        }
        ErrorKind::UnknownArgument => format!("`{pad}` kent een van de argumenten niet"),
        ErrorKind::InvalidSubcommand => match tekst(e, ContextKind::InvalidSubcommand) {
            Some(sub) => format!("`{pad}` kent de opdracht `{sub}` niet"),
            None => format!("`{pad}` kent deze opdracht niet"),
        },
        ErrorKind::InvalidValue => match waarde.as_deref() {
            Some("") => format!("bij `{arg}` ontbreekt de waarde"),
            Some(w) => format!("`{w}` is geen geldige waarde voor `{arg}`"),
            None => "een van de waarden is niet geldig".into(),
        },
        ErrorKind::ValueValidation => match waarde {
            Some(w) => format!("`{w}` is geen geldige waarde voor `{arg}`: {}", reden(e)),
            None => format!("een van de waarden is niet geldig: {}", reden(e)),
        },
        ErrorKind::MissingRequiredArgument => ontbrekend(e, pad),
        ErrorKind::MissingSubcommand => format!("`{pad}` vraagt een opdracht"),
        ErrorKind::ArgumentConflict => conflict(e, &arg),
        ErrorKind::NoEquals => {
            format!("bij `{arg}` hoort de waarde na een `=`, zonder spatie: `--optie=WAARDE`")
        }
        ErrorKind::TooManyValues => match waarde {
            Some(w) => {
                format!("onverwachte waarde `{w}` voor `{arg}`: er past geen waarde meer bij")
            }
            None => "een optie kreeg meer waarden dan ze kan hebben".into(),
        },
        ErrorKind::TooFewValues => aantal_waarden(e, &arg, "ten minste ", ContextKind::MinValues),
        ErrorKind::WrongNumberOfValues => {
            aantal_waarden(e, &arg, "", ContextKind::ExpectedNumValues)
        }
        ErrorKind::InvalidUtf8 => "een van de argumenten is geen geldige UTF-8-tekst".into(),
        ErrorKind::Io | ErrorKind::Format => format!("kan de uitvoer niet schrijven: {}", reden(e)),
        _ => format!("de argumenten van `{pad}` kloppen niet"),
    }
}

/// The argument of `args` that starts with `deel` (clap names `-2` of `-2025`, read as short
/// options), else `deel`.
fn heel_argument(deel: &str, args: &[OsString]) -> String {
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| a.starts_with(deel))
        .unwrap_or(deel)
        .to_string()
}

/// `het verplichte argument `--jaar <JAAR>` ontbreekt`, or several.
fn ontbrekend(e: &clap::Error, pad: &str) -> String {
    let namen = lijst(e, ContextKind::InvalidArg);
    match namen.len() {
        0 => format!("`{pad}` mist een verplicht argument"),
        1 => format!("`{pad}` mist het verplichte argument `{}`", namen[0]),
        _ => format!(
            "`{pad}` mist de verplichte argumenten {}",
            opsomming(&namen)
        ),
    }
}

/// Two arguments that do not go together, or one given twice.
fn conflict(e: &clap::Error, arg: &str) -> String {
    let eerder = lijst(e, ContextKind::PriorArg);
    let wie = match tekst(e, ContextKind::InvalidSubcommand) {
        Some(sub) if arg.is_empty() => format!("de opdracht `{sub}`"),
        _ if arg.is_empty() => return "twee van de argumenten gaan niet samen".into(),
        _ => format!("`{arg}`"),
    };
    if eerder.len() == 1 && eerder[0] == arg {
        format!("{wie} mag maar één keer gegeven worden")
    } else if eerder.is_empty() {
        format!("{wie} gaat niet samen met een van de andere argumenten")
    } else {
        format!("{wie} gaat niet samen met {}", opsomming(&eerder))
    }
}

/// An option with the wrong number of values.
fn aantal_waarden(e: &clap::Error, arg: &str, ten_minste: &str, verwacht: ContextKind) -> String {
    match (getal(e, verwacht), getal(e, ContextKind::ActualNumValues)) {
        (Some(n), Some(echt)) => {
            format!("`{arg}` vraagt {ten_minste}{n} waarden; {}", gegeven(echt))
        }
        _ => format!("`{arg}` kreeg een verkeerd aantal waarden"),
    }
}

/// Why a value was refused, in Dutch: the common parse errors of the standard library and
/// clap's range check; a message of avp's own parsers (already Dutch) as it is.
fn reden(e: &clap::Error) -> String {
    use std::num::IntErrorKind;
    let Some(bron) = std::error::Error::source(e) else {
        return "onbekende reden".into();
    };
    if let Some(f) = bron.downcast_ref::<std::num::ParseIntError>() {
        return match f.kind() {
            IntErrorKind::Empty => "geen getal",
            IntErrorKind::PosOverflow => "het getal is te groot",
            IntErrorKind::NegOverflow => "het getal is te klein",
            IntErrorKind::Zero => "het getal mag geen 0 zijn",
            _ => "geen geheel getal (alleen cijfers, zoals 2025)",
        }
        .into();
    }
    if bron.is::<std::net::AddrParseError>() {
        return "geen adres met poort, zoals 127.0.0.1:8080".into();
    }
    let t = bron.to_string();
    // clap's range check: `-1 is not in 0..=18446744073709551615`
    if let Some((getal, bereik)) = t.split_once(" is not in ") {
        return match bereik.split_once("..=") {
            Some((van, tot)) => format!("{getal} ligt niet tussen {van} en {tot}"),
            None => format!("{getal} ligt buiten {bereik}"),
        };
    }
    t
}

/// What was probably meant, the possible values and clap's tips, each a line in Dutch; for an
/// unknown command without a suggestion, the commands of `opdracht`.
fn aanwijzingen(e: &clap::Error, pad: &str, opdracht: &Command) -> Vec<String> {
    let mut regels = Vec::new();
    if let Some(arg) = tekst(e, ContextKind::SuggestedArg) {
        regels.push(format!("bedoelt u `{arg}`?"));
    }
    let subs = lijst(e, ContextKind::SuggestedSubcommand);
    if !subs.is_empty() {
        let volledig: Vec<String> = subs.iter().map(|s| format!("{pad} {s}")).collect();
        regels.push(format!(
            "bedoelt u {}?",
            opsomming(&volledig).replace(" en ", " of ")
        ));
    }
    if let Some(w) = tekst(e, ContextKind::SuggestedValue) {
        regels.push(format!("bedoelt u `{w}`?"));
    }
    let waarden = lijst(e, ContextKind::ValidValue);
    if !waarden.is_empty() {
        regels.push(format!("mogelijke waarden: {}", waarden.join(", ")));
    }
    let mut opdrachten = lijst(e, ContextKind::ValidSubcommand);
    if opdrachten.is_empty() && subs.is_empty() && e.kind() == ErrorKind::InvalidSubcommand {
        opdrachten = opdracht
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.get_name().to_string())
            .collect();
    }
    if !opdrachten.is_empty() {
        regels.push(format!("opdrachten: {}", opdrachten.join(", ")));
    }
    regels.extend(lijst(e, ContextKind::Suggested).iter().map(|t| tip(t)));
    regels
}

/// One of clap's tips in Dutch (the three clap gives; another one as it is).
fn tip(t: &str) -> String {
    // the texts between quotes: 'X' … 'Y'
    let tussen: Vec<&str> = t.split('\'').skip(1).step_by(2).collect();
    match tussen.as_slice() {
        [waarde, gebruik] if t.starts_with("to pass ") => {
            format!("om `{waarde}` als waarde te geven: `{gebruik}`")
        }
        [opdracht, _] if t.starts_with("subcommand ") => {
            format!("`{opdracht}` is een opdracht: laat de `--` ervoor weg")
        }
        [elders] if t.ends_with(" exists") => match elders.split_once(' ') {
            Some((opdracht, optie)) => {
                format!("`{optie}` hoort bij een opdracht: `avp {opdracht} {optie}`")
            }
            None => format!("bedoelt u `{elders}`?"),
        },
        _ => format!("tip: {t}"),
    }
}

/// clap's usage lines in Dutch: `Gebruik:` and `[OPTIES]`, the following lines aligned.
pub(crate) fn gebruik_nl(t: &str) -> String {
    let t = t.trim_end().replace("[OPTIONS]", "[OPTIES]");
    match t.strip_prefix("Usage:") {
        Some(rest) => format!("Gebruik:{}", rest.replace("\n       ", "\n         ")),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, ArgAction};

    /// A command line with an argument for every kind of error clap makes.
    fn proef() -> Command {
        let budget = Command::new("budget")
            .arg(
                Arg::new("jaar")
                    .long("jaar")
                    .required(true)
                    .value_parser(clap::value_parser!(i32)),
            )
            .arg(
                Arg::new("format")
                    .long("format")
                    .value_parser(["text", "json"]),
            )
            .arg(Arg::new("gelijk").long("gelijk").require_equals(true))
            .arg(Arg::new("twee").long("twee").num_args(2))
            .arg(Arg::new("minstens").long("minstens").num_args(2..))
            .arg(
                Arg::new("a")
                    .long("a")
                    .action(ArgAction::SetTrue)
                    .conflicts_with("b"),
            )
            .arg(Arg::new("b").long("b").action(ArgAction::SetTrue))
            .arg(Arg::new("naam").long("naam"));
        let beleid = Command::new("beleidsregels")
            .subcommand_required(true)
            .subcommand(Command::new("render"));
        crate::hulp::nederlands(Command::new("avp").subcommand(budget).subcommand(beleid))
    }

    /// The kind of error and the Dutch message for `args`.
    fn fout(args: &[&str]) -> (ErrorKind, String) {
        let mut c = proef();
        let args: Vec<OsString> = std::iter::once("avp")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        let e = c
            .try_get_matches_from_mut(args.iter())
            .expect_err("een fout");
        (e.kind(), bericht(&e, &c, &args))
    }

    #[test]
    fn elke_soort_fout_in_het_nederlands() {
        let gevallen: &[(&[&str], ErrorKind, &str)] = &[
            (&["budget", "--jaar", "1", "--jar"], ErrorKind::UnknownArgument, "`avp budget` kent de optie `--jar` niet\n  bedoelt u `--jaar`?"),
            (&["budget", "--jaar", "1", "x"], ErrorKind::UnknownArgument, "onverwacht argument `x` bij `avp budget`"),
            (&["budget", "--jaar", "1", "120"], ErrorKind::UnknownArgument, "onverwacht argument `120` bij `avp budget`"),
            (&["--jaar", "1", "budget"], ErrorKind::UnknownArgument, "`--jaar` hoort bij een opdracht: `avp budget --jaar`"),
            (&["budget", "--jaar", "-12"], ErrorKind::UnknownArgument, "neemt geen negatief getal (`-12`)"),
            (&["budgt"], ErrorKind::InvalidSubcommand, "`avp` kent de opdracht `budgt` niet\n  bedoelt u `avp budget`?"),
            (&["xyz"], ErrorKind::InvalidSubcommand, "opdrachten: budget, beleidsregels"),
            (&["beleidsregels", "rendr"], ErrorKind::InvalidSubcommand, "bedoelt u `avp beleidsregels render`?"),
            (&["budget"], ErrorKind::MissingRequiredArgument, "`avp budget` mist het verplichte argument `--jaar <jaar>`"),
            (&["beleidsregels"], ErrorKind::MissingSubcommand, "`avp beleidsregels` vraagt een opdracht\n  opdrachten: render"),
            (&["budget", "--jaar", "x"], ErrorKind::ValueValidation, "`x` is geen geldige waarde voor `--jaar <jaar>`: geen geheel getal"),
            (&["budget", "--jaar", "99999999999"], ErrorKind::ValueValidation, "99999999999 ligt niet tussen -2147483648 en 2147483647"),
            (&["budget", "--jaar", "1", "--format", "jsn"], ErrorKind::InvalidValue, "`jsn` is geen geldige waarde voor `--format <FORMAAT>`\n  bedoelt u `json`?\n  mogelijke waarden: text, json"),
            (&["budget", "--jaar"], ErrorKind::InvalidValue, "bij `--jaar <jaar>` ontbreekt de waarde"),
            (&["budget", "--jaar", "1", "--gelijk", "x"], ErrorKind::NoEquals, "bij `--gelijk=<gelijk>` hoort de waarde na een `=`"),
            (&["budget", "--jaar", "1", "--twee", "x"], ErrorKind::WrongNumberOfValues, "vraagt 2 waarden; er is 1 gegeven"),
            (&["budget", "--jaar", "1", "--minstens", "x"], ErrorKind::TooFewValues, "vraagt ten minste 2 waarden; er is 1 gegeven"),
            (&["budget", "--jaar", "1", "--a=ja"], ErrorKind::TooManyValues, "onverwachte waarde `ja` voor `--a`"),
            (&["budget", "--jaar", "1", "--a", "--b"], ErrorKind::ArgumentConflict, "`--a` gaat niet samen met `--b`"),
            (&["budget", "--jaar", "1", "--jaar", "2"], ErrorKind::ArgumentConflict, "`--jaar <jaar>` mag maar één keer gegeven worden"),
        ];
        for (args, soort, verwacht) in gevallen {
            let (k, t) = fout(args);
            assert_eq!(k, *soort, "{args:?}: {t}");
            assert!(
                t.starts_with("fout: ") && t.contains(verwacht),
                "{args:?}:\n{t}"
            );
            assert!(t.contains("\n\nMeer hulp: avp"), "{t}");
            for engels in [
                "error",
                "Usage",
                "[OPTIONS]",
                "tip:",
                "possible",
                "required",
                "argument '",
            ] {
                assert!(!t.contains(engels), "{args:?}: {engels}\n{t}");
            }
        }
    }

    /// A value that is no UTF-8 text (Unix: any bytes can be an argument).
    #[cfg(unix)]
    #[test]
    fn geen_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let mut c = proef();
        let args = vec![
            OsString::from("avp"),
            "budget".into(),
            "--jaar".into(),
            "1".into(),
            "--naam".into(),
            OsString::from_vec(vec![0xff]),
        ];
        let e = c
            .try_get_matches_from_mut(args.iter())
            .expect_err("een fout");
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
        let t = bericht(&e, &c, &args);
        assert!(
            t.starts_with("fout: een van de argumenten is geen geldige UTF-8-tekst"),
            "{t}"
        );
    }

    /// An error without context (clap makes them in English with `Error::raw`): a Dutch
    /// sentence for its kind, for every kind.
    #[test]
    fn zonder_context_een_zin_per_soort() {
        let c = proef();
        let args = [OsString::from("avp"), "budget".into()];
        let soorten = [
            ErrorKind::InvalidValue,
            ErrorKind::UnknownArgument,
            ErrorKind::InvalidSubcommand,
            ErrorKind::NoEquals,
            ErrorKind::ValueValidation,
            ErrorKind::TooManyValues,
            ErrorKind::TooFewValues,
            ErrorKind::WrongNumberOfValues,
            ErrorKind::ArgumentConflict,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::MissingSubcommand,
            ErrorKind::InvalidUtf8,
            ErrorKind::DisplayHelp,
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
            ErrorKind::DisplayVersion,
            ErrorKind::Io,
            ErrorKind::Format,
        ];
        for soort in soorten {
            let e = clap::Error::raw(soort, "something went wrong");
            let t = bericht(&e, &c, &args);
            assert!(
                t.starts_with("fout: ") && !t.contains("something"),
                "{soort:?}: {t}"
            );
            assert!(
                t.ends_with("\nMeer hulp: avp budget --help\n"),
                "{soort:?}: {t}"
            );
        }
    }

    #[test]
    fn tips_van_clap() {
        assert_eq!(
            tip("to pass '-x' as a value, use '-- -x'"),
            "om `-x` als waarde te geven: `-- -x`"
        );
        assert_eq!(
            tip("subcommand 'budget' exists; to use it, remove the '--' before it"),
            "`budget` is een opdracht: laat de `--` ervoor weg"
        );
        assert_eq!(
            gebruik_nl("Usage: avp diff [OPTIONS] [A]\n       avp diff <OPDRACHT>"),
            "Gebruik: avp diff [OPTIES] [A]\n         avp diff <OPDRACHT>"
        );
    }
}
