//! Validation of a parsed household: every problem is reported with its field path, all at
//! once.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::grenzen::MAXIMUM_BEDRAG;
use super::huishouden::{Huishouden, Inkomen, Persoon};
use super::plausibel::{te_groot, Meld};
use crate::error::{Code, Fout, Fouten, Locatie};

/// Check a household; returns every problem found, in the order of the checks below.
pub fn valideer(hh: &Huishouden, record: &str) -> Result<(), Fouten> {
    let mut fouten = Vec::new();
    let mut meld = |veld: String, bericht: String, hulp: Option<&str>| {
        let mut f = Fout::invoer(Code::RecordOngeldig, bericht).bij(Locatie::Veld {
            record: record.to_string(),
            veld,
        });
        if let Some(h) = hulp {
            f = f.hulp(h);
        }
        fouten.push(f);
    };
    let eind_jaar = NaiveDate::from_ymd_opt(hh.jaar, 12, 31).unwrap_or(NaiveDate::MAX);
    samenstelling(hh, &mut meld);
    bedragen(hh, &mut meld);
    gemeentecodes(hh, &mut meld);
    betaaldatum(hh, &mut meld);
    if hh.kostendelende_medebewoners.is_some() && !hh.medebewoners.is_empty() {
        meld(
            "kostendelende_medebewoners".into(),
            "zowel `kostendelende_medebewoners` als `medebewoners` is gegeven".into(),
            Some("geef het aantal kostendelende medebewoners of hun geboortedatums, niet beide"),
        );
    }
    for (i, p) in hh.personen.iter().enumerate() {
        persoon(i, p, hh.jaar, eind_jaar, &mut meld);
    }
    for (i, k) in hh.kinderen.iter().enumerate() {
        if k.geboortedatum.0 > eind_jaar {
            na_het_jaar(
                format!("kinderen[{i}].geboortedatum"),
                k.geboortedatum.0,
                hh.jaar,
                &mut meld,
            );
        }
    }
    aanvraagdatum(hh, &mut meld);
    super::plausibel::controleer(hh, eind_jaar, &mut meld);
    if fouten.is_empty() {
        Ok(())
    } else {
        Err(Fouten(fouten))
    }
}

/// The assessed year is a calendar year; a household has one or two persons, and a partnership
/// needs the partner.
fn samenstelling(hh: &Huishouden, meld: &mut Meld<'_>) {
    if !(1900..=2100).contains(&hh.jaar) {
        meld(
            "jaar".into(),
            format!("jaar {} is geen geldig kalenderjaar", hh.jaar),
            None,
        );
    }
    match hh.personen.len() {
        1 | 2 => {}
        n => meld(
            "personen".into(),
            format!("een huishouden heeft 1 of 2 personen, niet {n}"),
            Some("noem de aanvrager en, bij een paar, de partner"),
        ),
    }
    if hh.personen.len() == 1 && (hh.fiscaal_partner || hh.toeslagpartner) {
        meld(
            if hh.fiscaal_partner { "fiscaal_partner" } else { "toeslagpartner" }.into(),
            "partnerschap opgegeven bij een huishouden met één persoon".into(),
            Some("voeg de partner toe aan `personen`, of zet fiscaal_partner en toeslagpartner op false"),
        );
    }
}

/// Vermogen and huur: not above the largest amount (both first), then not negative.
fn bedragen(hh: &Huishouden, meld: &mut Meld<'_>) {
    if hh.vermogen > MAXIMUM_BEDRAG {
        te_groot("vermogen".into(), "vermogen", hh.vermogen, meld);
    }
    if let Some(h) = hh.huur_per_maand.filter(|h| *h > MAXIMUM_BEDRAG) {
        te_groot("huur_per_maand".into(), "huur", h, meld);
    }
    if hh.vermogen < Decimal::ZERO {
        meld(
            "vermogen".into(),
            format!("vermogen mag niet negatief zijn ({})", hh.vermogen),
            None,
        );
    }
    if let Some(h) = hh.huur_per_maand.filter(|h| *h < Decimal::ZERO) {
        meld(
            "huur_per_maand".into(),
            format!("huur mag niet negatief zijn ({h})"),
            None,
        );
    }
}

/// The municipality and the one moved to are CBS codes: four digits.
fn gemeentecodes(hh: &Huishouden, meld: &mut Meld<'_>) {
    for (veld, g) in [
        ("gemeente", &hh.gemeente),
        ("verhuisd_naar_gemeente", &hh.verhuisd_naar_gemeente),
    ] {
        if let Some(g) = g {
            if g.len() != 4 || !g.chars().all(|c| c.is_ascii_digit()) {
                meld(
                    veld.into(),
                    format!("`{g}` is geen CBS-gemeentecode"),
                    Some("een CBS-gemeentecode heeft vier cijfers, bijvoorbeeld \"0344\""),
                );
            }
        }
    }
}

/// A payment over a year is made in that year or later.
fn betaaldatum(hh: &Huishouden, meld: &mut Meld<'_>) {
    if let Some(d) = hh.betaaldatum.filter(|d| d.0.year() < hh.jaar) {
        meld(
            "betaaldatum".into(),
            format!(
                "de betaaldatum {} ligt vóór het beoordeelde jaar {}",
                d.0.format("%Y-%m-%d"),
                hh.jaar
            ),
            Some("een tegemoetkoming over een jaar wordt in dat jaar of later betaald; laat het veld weg als de datum nog niet bekend is"),
        );
    }
}

/// One person (`personen[i]`): BSN, birth and death dates, and every income.
///
/// An invalid IBAN does not block a decision (it does not depend on the account): the
/// evaluation gives a warning and the action `iban_opvragen` (see `iban_probleem`).
fn persoon(i: usize, p: &Persoon, jaar: i32, eind_jaar: NaiveDate, meld: &mut Meld<'_>) {
    if let Some(bsn) = &p.bsn {
        if let Some(wat) = bsn_probleem(bsn) {
            meld(
                format!("personen[{i}].bsn"),
                format!("BSN eindigend op {} {wat}", maskeer(bsn)),
                Some("een BSN heeft 9 cijfers en voldoet aan de elfproef; controleer het nummer"),
            );
        }
    }
    if p.geboortedatum.0 > eind_jaar {
        na_het_jaar(
            format!("personen[{i}].geboortedatum"),
            p.geboortedatum.0,
            jaar,
            meld,
        );
    }
    if p.overlijdensdatum.is_some_and(|o| o < p.geboortedatum) {
        meld(
            format!("personen[{i}].overlijdensdatum"),
            "overlijdensdatum ligt vóór de geboortedatum".into(),
            None,
        );
    }
    for (j, ink) in p.inkomsten.iter().enumerate() {
        inkomen(i, j, ink, meld);
    }
}

/// What is wrong with a BSN (completing "BSN eindigend op …"), or `None` when it passes the
/// elfproef.
fn bsn_probleem(bsn: &str) -> Option<String> {
    if bsn_elfproef(bsn) {
        return None;
    }
    let cijfers = bsn.chars().filter(char::is_ascii_digit).count();
    Some(if bsn.chars().any(|c| !c.is_ascii_digit()) {
        "bevat tekens die geen cijfer zijn (spaties, punten, streepjes)".to_string()
    } else if cijfers != 9 {
        format!("heeft {cijfers} cijfers in plaats van 9")
    } else if bsn.bytes().all(|b| b == b'0') {
        "bestaat alleen uit nullen".to_string()
    } else {
        "voldoet niet aan de elfproef".to_string()
    })
}

/// A date of birth after the assessed year.
fn na_het_jaar(veld: String, geboren: NaiveDate, jaar: i32, meld: &mut Meld<'_>) {
    meld(
        veld,
        format!("geboortedatum {geboren} ligt na het beoordeelde jaar {jaar}"),
        None,
    );
}

/// One income (`personen[i].inkomsten[j]`): a yearly amount or a list of monthly amounts,
/// neither negative nor above the largest amount.
fn inkomen(i: usize, j: usize, ink: &Inkomen, meld: &mut Meld<'_>) {
    // the field path is only built for a message
    let veld = || format!("personen[{i}].inkomsten[{j}]");
    match (&ink.bruto_per_jaar, &ink.bruto_per_maand) {
        (Some(_), Some(_)) => meld(
            veld(),
            "geef `bruto_per_jaar` of `bruto_per_maand`, niet allebei".into(),
            None,
        ),
        (None, None) => meld(
            veld(),
            "geef `bruto_per_jaar` of `bruto_per_maand`".into(),
            Some("bruto_per_maand is een lijst met de maanden van de referteperiode, oudste eerst"),
        ),
        (Some(b), None) if *b < Decimal::ZERO => meld(
            format!("{}.bruto_per_jaar", veld()),
            format!("een bruto inkomen mag niet negatief zijn ({b})"),
            None,
        ),
        (Some(b), None) if *b > MAXIMUM_BEDRAG => te_groot(
            format!("{}.bruto_per_jaar", veld()),
            "bruto inkomen",
            *b,
            meld,
        ),
        (None, Some(m)) => maandbedragen(&veld, m, meld),
        _ => {}
    }
}

/// The monthly amounts of one income: a list that is not empty, each amount within bounds.
fn maandbedragen(veld: &dyn Fn() -> String, m: &[Decimal], meld: &mut Meld<'_>) {
    if m.is_empty() {
        meld(
            format!("{}.bruto_per_maand", veld()),
            "de lijst met maandbedragen is leeg".into(),
            None,
        );
    }
    for (k, b) in m.iter().enumerate() {
        if *b > MAXIMUM_BEDRAG {
            te_groot(
                format!("{}.bruto_per_maand[{k}]", veld()),
                "maandbedrag",
                *b,
                meld,
            );
        }
        if *b < Decimal::ZERO {
            meld(
                format!("{}.bruto_per_maand[{k}]", veld()),
                format!("een bruto inkomen mag niet negatief zijn ({b})"),
                None,
            );
        }
    }
}

/// The application date lies in or after the year applied for.
///
/// Outside 2023–2027 the year itself is the error (evaluate::controleer_jaar, exit 2); the
/// application date is then not compared with it.
fn aanvraagdatum(hh: &Huishouden, meld: &mut Meld<'_>) {
    let jaar_in_regeling =
        (crate::evaluate::jaar::EERSTE_JAAR..crate::evaluate::jaar::EINDE_JAAR).contains(&hh.jaar);
    if let Some(d) = hh
        .aanvraagdatum
        .filter(|d| jaar_in_regeling && d.0.year() < hh.jaar)
    {
        meld(
            "aanvraagdatum".into(),
            format!(
                "aanvraagdatum {} ligt vóór het jaar {} waarvoor wordt aangevraagd",
                d.0, hh.jaar
            ),
            None,
        );
    }
}

/// The elfproef for a BSN: 9 digits, 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11, not all zeros.
pub fn bsn_elfproef(bsn: &str) -> bool {
    let b = bsn.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) || b.iter().all(|&c| c == b'0') {
        return false;
    }
    let som: i64 = b
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let d = i64::from(c - b'0');
            if i == 8 {
                -d
            } else {
                (9 - i as i64) * d
            }
        })
        .sum();
    som % 11 == 0
}

/// Only the last three characters of a BSN may appear in messages.
pub fn maskeer(bsn: &str) -> String {
    let n = bsn.chars().count();
    let staart: String = bsn.chars().skip(n.saturating_sub(3)).collect();
    format!("…{staart}")
}

/// What is wrong with an IBAN, or `None` when it is valid. An IBAN as banks print it (groups of
/// four, lower case) is read as one word in capitals. The message does not repeat the IBAN.
pub(crate) fn iban_probleem(iban: &str) -> Option<String> {
    // the usual form (one word in capitals) without copying it
    if iban
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && iban.parse::<iban::Iban>().is_ok()
    {
        return None;
    }
    let schoon: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let fout = match schoon.parse::<iban::Iban>() {
        Ok(_) => return None,
        Err(fout) => fout,
    };
    let land = schoon.get(..2).unwrap_or_default();
    Some(match fout {
        _ if schoon.is_empty() => "het IBAN is leeg".into(),
        _ if !schoon.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            "het IBAN bevat tekens die geen letter of cijfer zijn".into()
        }
        _ if land == "NL" && schoon.len() != 18 => format!(
            "het IBAN heeft {} tekens; een Nederlands IBAN heeft er 18 (NL, 2 controlecijfers, 4 letters van de bank, 10 cijfers)",
            schoon.len()
        ),
        _ if schoon.len() < 15 || schoon.len() > 34 => format!(
            "het IBAN heeft {} tekens; een IBAN heeft er 15 tot 34 (in Nederland 18)",
            schoon.len()
        ),
        iban::ParseIbanError::InvalidBaseIban {
            source: iban::ParseBaseIbanError::InvalidChecksum,
        } => "de controlecijfers van het IBAN kloppen niet: controleer het nummer op een tikfout".into(),
        iban::ParseIbanError::UnknownCountry(_) => {
            format!("het IBAN begint met {land}, en dat is geen landcode van een IBAN")
        }
        iban::ParseIbanError::InvalidBban(_) => format!(
            "het IBAN past niet bij het formaat van landcode {land} (voor NL: 4 letters van de bank en 10 cijfers)"
        ),
        iban::ParseIbanError::InvalidBaseIban { .. } => {
            "het IBAN heeft niet de vorm van een IBAN: twee letters van het land, twee controlecijfers en het rekeningnummer".into()
        }
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn iban_probleem_zegt_wat_er_mis_is() {
        assert_eq!(iban_probleem("NL91ABNA0417164300"), None);
        assert_eq!(iban_probleem("nl91 abna 0417 1643 00"), None);
        let fout = |s: &str| iban_probleem(s).unwrap_or_default();
        assert!(fout("NL91ABNA0417164301").contains("controlecijfers"));
        assert!(fout("NL91ABNA04171").contains("13 tekens"));
        assert!(fout("NL91ABNA04171643000").contains("Nederlands IBAN heeft er 18"));
        // a valid checksum with a bank code of digits: the Dutch format is 4 letters + 10 digits
        assert!(
            fout("NL5312340417164300").contains("formaat van landcode NL"),
            "{}",
            fout("NL5312340417164300")
        );
        // valid check digits for a country that has no IBAN
        assert!(fout("XX62ABNA0417164300").contains("geen landcode"));
        assert!(fout("DE89370400440532013001").contains("controlecijfers"));
        assert!(fout("NL91-ABNA-0417-1643-00").contains("geen letter of cijfer"));
        assert!(fout("").contains("leeg"));
        // the message never repeats the account number
        assert!(!fout("NL91ABNA0417164301").contains("0417164301"));
    }

    use super::*;

    #[test]
    fn bsn_fout_zegt_wat_er_mis_is() {
        let hh = |bsn: &str| {
            let t = format!(
                r#"{{"jaar":2025,"fiscaal_partner":false,"toeslagpartner":false,"personen":[{{"bsn":"{bsn}","geboortedatum":"1970-01-01"}}]}}"#
            );
            serde_json::from_str::<Huishouden>(&t).expect("json")
        };
        let bericht = |bsn: &str| {
            valideer(&hh(bsn), "r")
                .err()
                .map(|f| f.to_string())
                .unwrap_or_default()
        };
        assert!(bericht("1234567820").contains("…820 heeft 10 cijfers in plaats van 9"));
        assert!(bericht("123.45.6782").contains("bevat tekens die geen cijfer zijn"));
        assert!(bericht("123456789").contains("…789 voldoet niet aan de elfproef"));
        assert!(!bericht("123456789").contains("123456789"), "gemaskeerd");
        assert_eq!(bericht("123456782"), "");
    }

    #[test]
    fn elfproef() {
        assert!(bsn_elfproef("111222333"));
        assert!(bsn_elfproef("123456782"));
        assert!(!bsn_elfproef("123456789"));
        assert!(!bsn_elfproef("000000000"));
        assert!(!bsn_elfproef("12345678"));
        assert!(!bsn_elfproef("12345678a"));
    }
}
