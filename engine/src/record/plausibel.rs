//! Plausibility check of a record (docs/huishouden.md "Bounds"; the bounds in grenzen.rs):
//! values that are valid as data but cannot describe a household in scope, most often a typing
//! error. A record outside a bound is refused with the bound and the field named; avp never
//! guesses or rounds.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::grenzen::{
    KIND_JONGER_DAN, MAXIMUM_BEDRAG, MAXIMUM_KINDEREN, MAXIMUM_LEEFTIJD, MAXIMUM_MEDEBEWONERS,
    MINIMUM_LEEFTIJD, TE_GROOT,
};
use super::huishouden::Huishouden;

/// Report one problem: field, message, hint.
pub(super) type Meld<'a> = dyn FnMut(String, String, Option<&str>) + 'a;

/// Report amount `b` of field `veld` as above the largest amount; `wat` names it in the message.
pub(super) fn te_groot(veld: String, wat: &str, b: Decimal, meld: &mut Meld<'_>) {
    meld(
        veld,
        format!("{wat} {b} is groter dan avp kan beoordelen"),
        Some(TE_GROOT),
    );
}

const CENTEN: &str = "een bedrag is in hele centen: hooguit twee cijfers achter de punt (1234.56); avp rondt een bedrag niet zelf af";

/// Check every bound; `eind_jaar` is 31 December of the assessed year.
pub(super) fn controleer(hh: &Huishouden, eind_jaar: NaiveDate, meld: &mut Meld<'_>) {
    bedragen(hh, meld);
    for (i, p) in hh.personen.iter().enumerate() {
        if p.geboortedatum.0 <= eind_jaar {
            leeftijd(
                || format!("personen[{i}].geboortedatum"),
                p.geboortedatum.0,
                hh.jaar,
                MINIMUM_LEEFTIJD,
                meld,
            );
        }
    }
    if hh.kinderen.len() > MAXIMUM_KINDEREN {
        meld(
            "kinderen".into(),
            format!(
                "het huishouden heeft {} thuiswonende kinderen; avp beoordeelt er hooguit {MAXIMUM_KINDEREN}",
                hh.kinderen.len()
            ),
            Some("controleer de kinderen: staat een kind er twee keer in?"),
        );
    }
    let grens =
        NaiveDate::from_ymd_opt(hh.jaar - KIND_JONGER_DAN, 12, 31).unwrap_or(NaiveDate::MIN);
    for (i, k) in hh.kinderen.iter().enumerate() {
        if k.geboortedatum.0 <= grens {
            meld(
                format!("kinderen[{i}].geboortedatum"),
                format!(
                    "geboortedatum {}: het kind is eind {} {} jaar of ouder; een thuiswonend kind is jonger dan {KIND_JONGER_DAN} jaar",
                    k.geboortedatum.0,
                    hh.jaar,
                    KIND_JONGER_DAN
                ),
                Some("controleer de geboortedatum (JJJJ-MM-DD); een volwassene die de woning deelt, is een medebewoner"),
            );
        }
    }
    medebewoners(hh, eind_jaar, meld);
}

/// A person's age in `jaar` (the age reached on the birthday in that year) within
/// `minimum`..=MAXIMUM_LEEFTIJD. `veld` names the field, made only for a message (every
/// record passes here; formatting the path each time was a percent of a batch).
fn leeftijd(
    veld: impl FnOnce() -> String,
    geboren: NaiveDate,
    jaar: i32,
    minimum: i32,
    meld: &mut Meld<'_>,
) {
    let l = jaar - geboren.year();
    if (minimum..=MAXIMUM_LEEFTIJD).contains(&l) {
        return;
    }
    let bereik = if minimum > 0 {
        format!("van {minimum} tot en met {MAXIMUM_LEEFTIJD} jaar")
    } else {
        format!("tot en met {MAXIMUM_LEEFTIJD} jaar")
    };
    meld(
        veld(),
        format!("geboortedatum {geboren}: de persoon wordt in {jaar} {l} jaar; avp beoordeelt personen {bereik} in het beoordeelde jaar"),
        Some(if l < minimum {
            "controleer de geboortedatum (JJJJ-MM-DD); een kind hoort bij de kinderen, niet bij de personen"
        } else {
            "controleer de geboortedatum (JJJJ-MM-DD)"
        }),
    );
}

fn medebewoners(hh: &Huishouden, eind_jaar: NaiveDate, meld: &mut Meld<'_>) {
    let te_veel = |n: usize| {
        format!("{n} medebewoners; avp beoordeelt een woning met hooguit {MAXIMUM_MEDEBEWONERS} andere volwassenen")
    };
    if let Some(n) = hh.kostendelende_medebewoners {
        if n as usize > MAXIMUM_MEDEBEWONERS {
            meld(
                "kostendelende_medebewoners".into(),
                te_veel(n as usize),
                Some("geef het aantal andere volwassenen dat de woning deelt, bijvoorbeeld 1"),
            );
        }
    }
    if hh.medebewoners.len() > MAXIMUM_MEDEBEWONERS {
        meld(
            "medebewoners".into(),
            te_veel(hh.medebewoners.len()),
            Some("controleer de medebewoners: staat iemand er twee keer in?"),
        );
    }
    for (i, m) in hh.medebewoners.iter().enumerate() {
        let veld = || format!("medebewoners[{i}].geboortedatum");
        if m.geboortedatum.0 > eind_jaar {
            meld(
                veld(),
                format!(
                    "geboortedatum {} ligt na het beoordeelde jaar {}",
                    m.geboortedatum.0, hh.jaar
                ),
                None,
            );
        } else {
            leeftijd(veld, m.geboortedatum.0, hh.jaar, 0, meld);
        }
    }
}

/// Every amount in whole cents; the own home's net value (which may be negative) within the
/// largest amount.
fn bedragen(hh: &Huishouden, meld: &mut Meld<'_>) {
    // `veld` names the field; it is made only for a message (every amount of every record
    // passes here)
    fn centen(veld: impl FnOnce() -> String, b: Decimal, meld: &mut Meld<'_>) {
        if b.scale() > 2 && b.normalize().scale() > 2 {
            meld(
                veld(),
                format!("bedrag {b} heeft meer dan twee decimalen"),
                Some(CENTEN),
            );
        }
    }
    centen(|| "vermogen".into(), hh.vermogen, meld);
    if let Some(w) = hh.vermogen_eigen_woning {
        centen(|| "vermogen_eigen_woning".into(), w, meld);
        if w.abs() > MAXIMUM_BEDRAG {
            te_groot(
                "vermogen_eigen_woning".into(),
                "netto waarde eigen woning",
                w,
                meld,
            );
        }
    }
    if let Some(h) = hh.huur_per_maand {
        centen(|| "huur_per_maand".into(), h, meld);
    }
    for (i, p) in hh.personen.iter().enumerate() {
        for (j, ink) in p.inkomsten.iter().enumerate() {
            let veld = || format!("personen[{i}].inkomsten[{j}]");
            if let Some(b) = ink.bruto_per_jaar {
                centen(|| format!("{}.bruto_per_jaar", veld()), b, meld);
            }
            for (k, b) in ink.bruto_per_maand.iter().flatten().enumerate() {
                centen(|| format!("{}.bruto_per_maand[{k}]", veld()), *b, meld);
            }
        }
    }
}
