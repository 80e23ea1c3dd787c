//! The payment of the amount granted (beleidsregels `[betaling]`): at once or in instalments on
//! their dates, with its reasons; and the account it is paid to.

use rust_decimal::Decimal;

use super::object::eerste_betaaldatum;
use super::teksten::{termijnbedragen, vul_in, Motivering};
use crate::decision::{Betaling, Reden, Waarschuwing};
use crate::error::Fout;
use crate::notatie::euro;
use crate::policy::Beleidsregels;
use crate::record;

/// An invalid IBAN does not block the decision: a warning (and the action `iban_opvragen` when
/// something is paid). `iban_fout` is what is wrong with it.
pub(super) fn waarschuwingen(iban_fout: Option<String>) -> Vec<Waarschuwing> {
    iban_fout
        .into_iter()
        .map(|bericht| Waarschuwing {
            veld: "iban".into(),
            bericht,
            hulp: "vraag het huishouden om een juist rekeningnummer (IBAN) voordat u betaalt"
                .into(),
        })
        .collect()
}

/// The payment of `totaal` as the beleidsregels `regels` say, with its reasons; `eigen` are the
/// municipality's own beleidsregels (without the pack's defaults). `iban_opvragen`: the account
/// is missing or invalid, so the municipality must ask for it.
pub(super) fn betaal(
    m: &mut Motivering<'_, '_>,
    regels: &Beleidsregels,
    eigen: &Beleidsregels,
    hh: &record::Huishouden,
    totaal: Decimal,
    iban_opvragen: bool,
) -> Result<Betaling, Fout> {
    if iban_opvragen {
        m.acties.push("iban_opvragen".to_string());
    }
    let (wijze, n) = regels.betaalwijze();
    let mut b = Betaling::verdeel(wijze.naam(), totaal, n);
    for (t, d) in b
        .termijnen
        .iter_mut()
        .zip(regels.betaaldatums(eerste_betaaldatum(hh)))
    {
        t.datum = Some(d.format("%Y-%m-%d").to_string());
    }
    // the payment's values only for the payment's reasons
    let eerder = m.extra.len();
    m.extra.push(("betaling_totaal", euro(b.totaal.0)));
    m.extra.push(("betaling_termijnen", n.to_string()));
    let in_woorden = termijnbedragen(&b);
    m.extra.push(("betaling_termijnbedragen", in_woorden));
    let redenen = redenen(m, eigen, n);
    m.extra.truncate(eerder);
    redenen?;
    Ok(b)
}

/// The reason of the payment in `n` instalments, and the default of the beleidsregels when the
/// municipality's own do not choose.
fn redenen(m: &mut Motivering<'_, '_>, eigen: &Beleidsregels, n: u32) -> Result<(), Fout> {
    let code = if n > 1 {
        "betaling_termijnen"
    } else {
        "betaling_ineens"
    };
    m.geef(code)?;
    if eigen.noemt("betaling") {
        return Ok(());
    }
    let keuzes = m.pack.pack.keuzes.as_ref();
    if let Some(k) = keuzes.and_then(|k| k.keuze("betaling")) {
        let reden = Reden {
            code: k.reden_code(),
            tekst: vul_in(m.pack, m.obj, &k.zonder_beleidsregel, &m.extra)?,
            grondslag: k.bron.clone(),
        };
        m.redenen.push(reden);
    }
    Ok(())
}
