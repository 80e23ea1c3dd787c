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
pub fn kies(gegeven: Option<String>, err: &mut dyn Write) -> Keuze {
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
    if let Some(naam) = uit_avp_toml(err) {
        return gekozen(naam);
    }
    Keuze {
        naam: "vng-model".into(),
        standaard: true,
    }
}

/// `kies`, warning at once when the VNG model is taken by default.
pub fn kies_en_waarschuw(gegeven: Option<String>, err: &mut dyn Write) -> Keuze {
    let k = kies(gegeven, err);
    k.waarschuw(err);
    k
}

/// `beleidsregels` from `./avp.toml`, when the file is there and names them; a file that cannot
/// be read is reported on `err`.
fn uit_avp_toml(err: &mut dyn Write) -> Option<String> {
    let tekst = std::fs::read_to_string(AVP_TOML).ok()?;
    match toml::from_str::<toml::Table>(&tekst) {
        Ok(t) => t
            .get("beleidsregels")
            .and_then(|w| w.as_str())
            .map(String::from),
        Err(e) => {
            let _ = writeln!(
                err,
                "let op: {AVP_TOML} is geen geldige TOML en is overgeslagen: {}",
                e.message()
            );
            None
        }
    }
}
