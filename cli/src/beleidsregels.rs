//! Which beleidsregels a command uses when `--beleidsregels` is not given: `AVP_BELEIDSREGELS`,
//! else `beleidsregels = "…"` in `./avp.toml`, else the VNG model, and then a warning, so that
//! a forgotten option does not silently decide with the model's choices.

use std::io::Write;

/// The beleidsregels chosen, by name or path.
pub struct Keuze {
    /// A name under rules/gemeenten/ or a path.
    pub naam: String,
    /// Nothing named them: the VNG model by default.
    pub standaard: bool,
}

impl Keuze {
    /// The warning that the VNG model was used because nothing named beleidsregels (on `err`;
    /// nothing when they were named).
    pub fn waarschuw(&self, err: &mut dyn Write) {
        if self.standaard {
            let _ = writeln!(
                err,
                "let op: geen beleidsregels opgegeven (--beleidsregels, AVP_BELEIDSREGELS of avp.toml); de keuzes van het VNG-model zijn gebruikt (herkomst.beleidsregels = vng-model)"
            );
        }
    }
}

/// The file in the working directory that can name the municipality's beleidsregels.
const AVP_TOML: &str = "avp.toml";

/// `gegeven` (the option), else the environment, else `./avp.toml`, else `vng-model` (then
/// `standaard`; the caller warns with [`Keuze::waarschuw`]).
pub fn kies(gegeven: Option<String>) -> Keuze {
    let gekozen = |naam: String| Keuze {
        naam,
        standaard: false,
    };
    if let Some(naam) = gegeven.filter(|n| !n.is_empty()) {
        return gekozen(naam);
    }
    if let Some(naam) = std::env::var("AVP_BELEIDSREGELS")
        .ok()
        .filter(|n| !n.trim().is_empty())
    {
        return gekozen(naam.trim().to_string());
    }
    if let Some(naam) = uit_avp_toml() {
        return gekozen(naam);
    }
    Keuze {
        naam: "vng-model".into(),
        standaard: true,
    }
}

/// `kies`, warning at once when the VNG model is taken by default.
pub fn kies_en_waarschuw(gegeven: Option<String>, err: &mut dyn Write) -> Keuze {
    let k = kies(gegeven);
    k.waarschuw(err);
    k
}

/// `beleidsregels` from `./avp.toml`, when the file is there and names them (its validity is
/// checked before any command runs: [`controleer_avp_toml`]).
fn uit_avp_toml() -> Option<String> {
    let tekst = std::fs::read_to_string(AVP_TOML).ok()?;
    let t = toml::from_str::<toml::Table>(&tekst).ok()?;
    t.get("beleidsregels")
        .and_then(|w| w.as_str())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// The keys `avp.toml` may have.
const AVP_TOML_SLEUTELS: [&str; 1] = ["beleidsregels"];

/// What is wrong with `avp.toml` in the working directory, if it is there: not TOML, a key avp
/// does not know (a typo would otherwise silently mean the VNG model), or `beleidsregels` that
/// is not a text. A command that decides stops on it (exit 2).
pub fn controleer_avp_toml() -> Option<String> {
    let tekst = std::fs::read_to_string(AVP_TOML).ok()?;
    let tabel = match toml::from_str::<toml::Table>(&tekst) {
        Ok(t) => t,
        Err(e) => {
            let waar = e
                .span()
                .map(|s| {
                    let voor = &tekst[..s.start.min(tekst.len())];
                    let regel = voor.matches('\n').count() + 1;
                    let kolom = voor[voor.rfind('\n').map_or(0, |i| i + 1)..]
                        .chars()
                        .count()
                        + 1;
                    format!(":{regel}:{kolom}")
                })
                .unwrap_or_default();
            return Some(format!(
                "{AVP_TOML}{waar}: {}; schrijf bijvoorbeeld beleidsregels = \"voorbeeldstad\"",
                avp_engine::params::vertaal_toml(e.message())
            ));
        }
    };
    for (sleutel, waarde) in &tabel {
        if !AVP_TOML_SLEUTELS.contains(&sleutel.as_str()) {
            let hint = avp_engine::suggest::dichtstbij(sleutel, AVP_TOML_SLEUTELS.iter().copied())
                .map(|s| format!(" (bedoelt u `{s}`?)"))
                .unwrap_or_default();
            return Some(format!(
                "{AVP_TOML}: onbekende sleutel `{sleutel}`{hint}; avp leest alleen `beleidsregels`"
            ));
        }
        if !waarde.is_str() {
            return Some(format!(
                "{AVP_TOML}: `beleidsregels` moet een tekst zijn (een naam onder rules/gemeenten/ of een pad), bijvoorbeeld beleidsregels = \"voorbeeldstad\""
            ));
        }
    }
    None
}
