//! The columns a CSV header may name (csv_invoer.rs lists them) and what each holds.

use avp_engine::record::Soort;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kolom {
    Jaar,
    Gemeente,
    FiscaalPartner,
    Toeslagpartner,
    OpLijst,
    Bekend,
    Gewijzigd,
    Aanvraagdatum,
    Betaaldatum,
    Hardheidsclausule,
    Vermogen,
    VermogenEigenWoning,
    Kostendelers,
    Huur,
    Iban,
    Kenmerk,
    Bsn(usize),
    Geboortedatum(usize),
    Overlijdensdatum(usize),
    Inkomen(usize, Soort),
    /// `persoon1_ww_per_maand`: monthly amounts separated by `|`, the oldest first.
    InkomenPerMaand(usize, Soort),
    Kind(usize),
    Medebewoner(usize),
}

/// The columns about the household as a whole, by name.
const ALGEMEEN: [(&str, Kolom); 16] = [
    ("jaar", Kolom::Jaar),
    ("gemeente", Kolom::Gemeente),
    ("fiscaal_partner", Kolom::FiscaalPartner),
    ("toeslagpartner", Kolom::Toeslagpartner),
    ("op_lijst_belastingdienst", Kolom::OpLijst),
    ("bekend_uit_handelingsperspectief", Kolom::Bekend),
    ("omstandigheden_gewijzigd", Kolom::Gewijzigd),
    ("aanvraagdatum", Kolom::Aanvraagdatum),
    ("betaaldatum", Kolom::Betaaldatum),
    ("hardheidsclausule_toegepast", Kolom::Hardheidsclausule),
    ("vermogen", Kolom::Vermogen),
    ("vermogen_eigen_woning", Kolom::VermogenEigenWoning),
    ("kostendelende_medebewoners", Kolom::Kostendelers),
    ("huur_per_maand", Kolom::Huur),
    ("iban", Kolom::Iban),
    ("kenmerk", Kolom::Kenmerk),
];

/// All column names a header may use, for did-you-mean hints and the documentation.
pub(super) fn toegestane_kolommen() -> Vec<String> {
    let mut v: Vec<String> = ALGEMEEN.iter().map(|(n, _)| n.to_string()).collect();
    for p in 1..=2 {
        for veld in ["bsn", "geboortedatum", "overlijdensdatum"] {
            v.push(format!("persoon{p}_{veld}"));
        }
        for s in Soort::ALLE {
            v.push(format!("persoon{p}_{}", s.naam()));
            v.push(format!("persoon{p}_{}_per_maand", s.naam()));
        }
    }
    v.push("kind1_geboortedatum".into());
    v.push("medebewoner1_geboortedatum".into());
    v
}

/// What column `naam` holds, or a hint for an unknown name.
pub(super) fn herken(naam: &str) -> Result<Kolom, String> {
    if let Some((_, k)) = ALGEMEEN.iter().find(|(n, _)| *n == naam) {
        return Ok(*k);
    }
    let hint = || {
        let alle = toegestane_kolommen();
        avp_engine::suggest::dichtstbij(naam, alle.iter().map(String::as_str))
            .map(|s| format!("bedoelt u `{s}`?"))
            .unwrap_or_else(|| {
                "kolommen: jaar, gemeente, vermogen, huur_per_maand, …, persoon1_geboortedatum, persoon1_<soort inkomen>, persoon2_…, kind1_geboortedatum, kenmerk (zie README)".to_string()
            })
    };
    if let Some(rest) = naam.strip_prefix("persoon") {
        let (nr, veld) = rest.split_once('_').ok_or_else(hint)?;
        let p = match nr {
            "1" => 0,
            "2" => 1,
            _ => {
                return Err(
                    "een huishouden heeft 1 of 2 personen: gebruik persoon1_ en persoon2_".into(),
                )
            }
        };
        return match veld {
            "bsn" => Ok(Kolom::Bsn(p)),
            "geboortedatum" => Ok(Kolom::Geboortedatum(p)),
            "overlijdensdatum" => Ok(Kolom::Overlijdensdatum(p)),
            s => match s.strip_suffix("_per_maand") {
                Some(m) => Soort::van_naam(m).map(|s| Kolom::InkomenPerMaand(p, s)),
                None => Soort::van_naam(s).map(|s| Kolom::Inkomen(p, s)),
            }
            .ok_or_else(hint),
        };
    }
    if let Some(rest) = naam.strip_prefix("kind") {
        if let Some(nr) = rest.strip_suffix("_geboortedatum") {
            if let Ok(n) = nr.parse::<usize>() {
                if n >= 1 {
                    return Ok(Kolom::Kind(n));
                }
            }
        }
    }
    if let Some(rest) = naam.strip_prefix("medebewoner") {
        if let Some(nr) = rest.strip_suffix("_geboortedatum") {
            if let Ok(n) = nr.parse::<usize>() {
                if n >= 1 {
                    return Ok(Kolom::Medebewoner(n));
                }
            }
        }
    }
    Err(hint())
}
