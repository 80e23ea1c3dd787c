//! Issue 6: invariants of the decisions over a generated population (20,000 households per
//! year, 2025 and 2026, VNG model), each checked against the record itself, not against the
//! engine's own intermediate quantities:
//! - every doelgroep household meets all five conditions of art. 78gg lid 1 (two fiscal and
//!   toeslag partners; benefits more than half of the box-1 income without the aanvulling with
//!   algemene bijstand, which the law allows; minstverdienende partner
//!   born after 1962; tekort and gemiste toeslagen positive; vermogen not above the limit);
//! - no household is rejected on the income condition unless its benefits are at most half of
//!   its income (other income never excludes by itself), and every household whose benefits are
//!   more than half passes that condition;
//! - the kindgebonden budget never exceeds the full-year maximum of its children;
//! - `tekort` is exactly referentie.besteedbaar_inkomen − huishouden.besteedbaar_inkomen.
//!
//! `avp generate`'s Generator never produces the income soorten tw/ioaz/ioaw/overig, an own home,
//! medebewoners, a child born in the assessed year or monthly amounts. So a deterministic share
//! of the generated households is altered into a variant that has them (issue 17 review); every
//! variant must meet the invariants above, and each kind of variant one more that follows from
//! the law:
//! - every 7th: part of a benefit becomes a Toeslagenwet supplement (`tw`), or WW becomes IOAZ
//!   or IOAW: the same decision (all are benefits of art. 78gg lid 1 onder a, none is loon);
//!   or the first person gets `overig` income (only the invariants above);
//! - every 11th: an own home (`vermogen_eigen_woning`): under the VNG model's toeslag-based
//!   vermogensgrens the same decision (the Awir tests box-3 wealth; the home is box 1); under the
//!   Participatiewet grens (tests/fixtures/i6-vermogen-participatiewet.toml) a couple fails on
//!   vermogen exactly when vermogen + max(0, home − the exemption of art. 34 lid 2 onder d PW)
//!   is above the gezin limit of art. 34 lid 3;
//! - every 13th: a kostendelende medebewoner (a number, or a medebewoner turning 27 in the
//!   year): the household's own column is unchanged and the bijstand reference's netto income is
//!   lower (art. 22a PW);
//! - every 17th: a baby born in the year: its kindgebonden budget is at most that with the same
//!   child born before the year (a full year), lower when that is the only child and the full
//!   year gives any, and equal to the household without it when born in December (WKB art. 2
//!   lid 1: from the month after the birth);
//! - every 19th: the first benefit as three equal monthly amounts plus monthly aanvullende
//!   bijstand: the toetsingsinkomen is the months × 12 with 8% vakantietoeslag on the benefit
//!   (VNG model) and 1/0.95 − 1 on the bijstand (its norm includes 5% vakantietoeslag).

use avp_cli::werkbank::generate::Generator;
use avp_engine::decision::Beslissing;
use avp_engine::evaluate::{beoordeel, Opties, Route};
use avp_engine::params::Waarde;
use avp_engine::policy::GeladenBeleid;
use avp_engine::record::{Datum, Huishouden, Inkomen, Kind, Medebewoner, Soort};
use avp_engine::script::GecompileerdPack;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

const AANTAL: usize = 20_000;

const UITKERINGEN: [Soort; 9] = [
    Soort::Ww,
    Soort::Zw,
    Soort::Wia,
    Soort::Wao,
    Soort::Wajong,
    Soort::Ioaw,
    Soort::Ioaz,
    Soort::Tw,
    Soort::LoondervingsuitkeringParticulier,
];

/// Soorten whose monthly amounts get the beleidsregels' vakantietoeslag (inkomen.toml
/// `vakantietoeslag_soorten`; the VNG model's `vakantietoeslag_opslag` is 8%).
const MET_VAKANTIETOESLAG: [Soort; 10] = [
    Soort::Loon,
    Soort::Ww,
    Soort::Zw,
    Soort::Wia,
    Soort::Wao,
    Soort::Wajong,
    Soort::Ioaw,
    Soort::Ioaz,
    Soort::Tw,
    Soort::LoondervingsuitkeringParticulier,
];

/// The year amount of one income as the law and the VNG model's referteperiode give it: the
/// year amount, or the average of the last 3 months (1 when all are equal) × 12 with the
/// vakantietoeslag: 8% for benefits and loon, 5/95 for aanvullende bijstand (its norm includes
/// 5% vakantietoeslag, art. 19 lid 2 PW), none for other soorten.
fn jaar_van(i: &Inkomen) -> Decimal {
    if let Some(b) = i.bruto_per_jaar {
        return b;
    }
    let m = i.bruto_per_maand.as_deref().unwrap_or(&[]);
    if m.is_empty() {
        return Decimal::ZERO;
    }
    let gelijk = m.windows(2).all(|w| w[0] == w[1]);
    let n = if gelijk { 1 } else { 3.min(m.len()) };
    let gemiddeld = m[m.len() - n..].iter().copied().sum::<Decimal>() / Decimal::from(n as u64);
    let opslag = if i.soort == Soort::BijstandAanvullend {
        Decimal::new(5, 2) / Decimal::new(95, 2)
    } else if MET_VAKANTIETOESLAG.contains(&i.soort) {
        Decimal::new(8, 2)
    } else {
        Decimal::ZERO
    };
    gemiddeld * Decimal::from(12) * (Decimal::ONE + opslag)
}

fn jaarbedrag(hh: &Huishouden, telt: impl Fn(Soort) -> bool) -> Decimal {
    hh.personen
        .iter()
        .flat_map(|p| &p.inkomsten)
        .filter(|i| telt(i.soort))
        .map(jaar_van)
        .sum()
}

fn getal(pack: &GecompileerdPack, naam: &str) -> Decimal {
    match pack.pack.parameters.get(naam).map(|p| &p.waarde) {
        Some(Waarde::Getal(d)) => *d,
        w => panic!("parameter {naam}: {w:?}"),
    }
}

fn datum(j: i32, m: u32, d: u32) -> Datum {
    Datum(NaiveDate::from_ymd_opt(j, m, d).expect("datum"))
}

/// One year's pack, beleidsregels and the parameters the invariants need.
struct Jaar {
    jaar: i32,
    pack: std::sync::Arc<GecompileerdPack>,
    beleid: GeladenBeleid,
    /// The same VNG model with the Participatiewet vermogensgrens.
    beleid_pw: GeladenBeleid,
    grens: Decimal,
    per_kind: Decimal,
    kop: Decimal,
    woning_vrij: Decimal,
    gezin_grens: Decimal,
}

#[derive(Default)]
struct Telling {
    doelgroep: usize,
    inkomen_afgewezen: usize,
    met_ander_inkomen: usize,
    /// variants evaluated per kind: tw/ioaz/ioaw, overig, woning, kostendeler, baby, maanden
    varianten: [usize; 6],
}

/// The decision, or `None` (with an error recorded) when it could not be made.
fn beslis(
    j: &Jaar,
    beleid: &GeladenBeleid,
    hh: &Huishouden,
    wie: &str,
    fouten: &mut Vec<String>,
) -> Option<Beslissing> {
    match beoordeel(&j.pack, beleid, hh, "populatie", Opties::default()) {
        Ok(b) => Some(b),
        Err(f) => {
            fouten.push(format!("{wie}: {f}"));
            None
        }
    }
}

/// The invariants of every household (see the module documentation).
fn controleer(
    j: &Jaar,
    hh: &Huishouden,
    wie: &str,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) -> Option<Beslissing> {
    let b = beslis(j, &j.beleid, hh, wie, fouten)?;
    let Some(ber) = &b.berekening else {
        return Some(b);
    };
    let uitkering = jaarbedrag(hh, |s| UITKERINGEN.contains(&s));
    // art. 78gg lid 1 onder a: the aanvulling with algemene bijstand counts on neither side
    let totaal = jaarbedrag(hh, |s| {
        s != Soort::Kinderalimentatie && s != Soort::BijstandAanvullend
    });
    let hoofdzakelijk = totaal > Decimal::ZERO && uitkering * Decimal::TWO > totaal;
    let codes: Vec<&str> = b.redenen.iter().map(|r| r.code.as_str()).collect();
    let afgewezen_op_inkomen = codes.contains(&"geen_uitkering_als_hoofdinkomen");
    if afgewezen_op_inkomen {
        t.inkomen_afgewezen += 1;
    }
    if hoofdzakelijk && uitkering < totaal {
        t.met_ander_inkomen += 1;
    }
    if afgewezen_op_inkomen == hoofdzakelijk && b.route == Route::Aanvraag {
        fouten.push(format!(
            "{wie}: uitkering {uitkering} van {totaal}, maar afgewezen op inkomen: {afgewezen_op_inkomen}"
        ));
    }
    if let (Some(r), Some(te)) = (&ber.referentie, ber.tekort) {
        if te.0 != r.besteedbaar_inkomen.0 - ber.huishouden.besteedbaar_inkomen.0 {
            fouten.push(format!("{wie}: tekort {} klopt niet", te.0));
        }
    }
    let kinderen = hh.kinderen.len() as u64;
    let maximum =
        Decimal::from(kinderen) * j.per_kind + if kinderen > 0 { j.kop } else { Decimal::ZERO };
    if ber.huishouden.kindgebonden_budget.0 > maximum {
        fouten.push(format!(
            "{wie}: kindgebonden budget {} boven het maximum {maximum}",
            ber.huishouden.kindgebonden_budget.0
        ));
    }
    if b.doelgroep == Some(true) {
        t.doelgroep += 1;
        // the minstverdienende partner: the lower box-1 income, the second person on a tie
        let minst = hh.personen.iter().rev().min_by_key(|p| {
            p.inkomsten
                .iter()
                .filter(|i| i.soort != Soort::Kinderalimentatie)
                .map(jaar_van)
                .sum::<Decimal>()
        });
        let vijf = [
            hh.personen.len() == 2 && hh.fiscaal_partner && hh.toeslagpartner,
            hoofdzakelijk,
            minst.is_some_and(|p| p.geboortedatum.0.year() >= 1963),
            ber.tekort.is_some_and(|t| t.0 > Decimal::ZERO)
                && ber.gemiste_toeslagen.is_some_and(|g| g.0 > Decimal::ZERO),
            hh.vermogen <= j.grens,
        ];
        if vijf.contains(&false) {
            fouten.push(format!("{wie}: doelgroep, maar voorwaarden {vijf:?}"));
        }
    }
    Some(b)
}

/// The decision's outcome without the explanation: what must be equal for two households the
/// law treats alike. `zonder` names reason codes that only explain the difference in the record.
fn uitkomst(b: &Beslissing, zonder: &[&str]) -> String {
    let codes: Vec<&str> = b
        .redenen
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| !zonder.contains(c))
        .collect();
    format!(
        "route {:?} doelgroep {:?} toegekend {} tegemoetkoming {} eindheffing {} bijzondere bijstand {} redenen {codes:?} acties {:?} berekening {:?}",
        b.route,
        b.doelgroep,
        b.toegekend,
        b.tegemoetkoming.0,
        b.eindheffing.0,
        b.bijzondere_bijstand.0,
        b.acties,
        b.berekening
    )
}

fn vergelijk(
    wie: &str,
    wat: &str,
    a: &Beslissing,
    b: &Beslissing,
    zonder: &[&str],
) -> Option<String> {
    let (x, y) = (uitkomst(a, zonder), uitkomst(b, zonder));
    (x != y).then(|| format!("{wie} ({wat}): andere uitkomst\n  zonder: {x}\n  met:    {y}"))
}

/// The first income of a benefit soort given as a year amount: (person, income).
fn eerste_uitkering(hh: &Huishouden, soorten: &[Soort]) -> Option<(usize, usize)> {
    hh.personen.iter().enumerate().find_map(|(p, persoon)| {
        persoon
            .inkomsten
            .iter()
            .position(|i| {
                soorten.contains(&i.soort) && i.bruto_per_jaar.is_some_and(|b| b > Decimal::ZERO)
            })
            .map(|i| (p, i))
    })
}

/// Every 7th household: a TW supplement, IOAZ or IOAW instead of WW (same decision), or
/// `overig` income (invariants only).
fn variant_uitkering(
    j: &Jaar,
    n: usize,
    hh: &Huishouden,
    orig: &Beslissing,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) {
    let wie = format!("{} #{n}", j.jaar);
    let mut v = hh.clone();
    let wat = match (n / 7) % 4 {
        0 | 1 => {
            // 15% of the first benefit becomes a Toeslagenwet supplement of the same person
            let Some((p, i)) = eerste_uitkering(hh, &UITKERINGEN) else {
                return;
            };
            let x = hh.personen[p].inkomsten[i]
                .bruto_per_jaar
                .unwrap_or_default();
            let tw = (x * Decimal::new(15, 2)).round_dp(2);
            v.personen[p].inkomsten[i].bruto_per_jaar = Some(x - tw);
            v.personen[p].inkomsten.push(Inkomen {
                soort: Soort::Tw,
                bruto_per_jaar: Some(tw),
                bruto_per_maand: None,
            });
            "tw"
        }
        2 => {
            let Some((p, i)) = eerste_uitkering(hh, &[Soort::Ww]) else {
                return;
            };
            v.personen[p].inkomsten[i].soort = if n % 2 == 0 { Soort::Ioaz } else { Soort::Ioaw };
            "ioaz/ioaw"
        }
        _ => {
            v.personen[0].inkomsten.push(Inkomen {
                soort: Soort::Overig,
                bruto_per_jaar: Some(Decimal::from(250 + (n % 40) * 100)),
                bruto_per_maand: None,
            });
            t.varianten[1] += 1;
            controleer(j, &v, &format!("{wie} (overig)"), t, fouten);
            return;
        }
    };
    t.varianten[0] += 1;
    if let Some(b) = controleer(j, &v, &format!("{wie} ({wat})"), t, fouten) {
        fouten.extend(vergelijk(&wie, wat, orig, &b, &[]));
    }
}

/// Every 11th household: an own home.
fn variant_woning(
    j: &Jaar,
    n: usize,
    hh: &Huishouden,
    orig: &Beslissing,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) {
    let wie = format!("{} #{n} (eigen woning)", j.jaar);
    let mut v = hh.clone();
    let woning = Decimal::from(40_000 + 15_000 * ((n / 11) % 8) as i64);
    v.vermogen_eigen_woning = Some(woning);
    t.varianten[2] += 1;
    let Some(b) = controleer(j, &v, &wie, t, fouten) else {
        return;
    };
    fouten.extend(vergelijk(
        &wie,
        "VNG-model",
        orig,
        &b,
        &["vermogen_eigen_woning"],
    ));
    // the Participatiewet grens: a couple fails on vermogen exactly when the counted part of the
    // home and the vermogen together exceed the gezin limit
    if v.personen.len() != 2 {
        return;
    }
    let Some(pw) = beslis(j, &j.beleid_pw, &v, &wie, fouten) else {
        return;
    };
    if pw.route != Route::Aanvraag || pw.doelgroep.is_none() {
        return;
    }
    let getoetst = v.vermogen + (woning - j.woning_vrij).max(Decimal::ZERO);
    let boven = pw.redenen.iter().any(|r| r.code == "vermogen_boven_grens");
    if boven != (getoetst > j.gezin_grens) {
        fouten.push(format!(
            "{wie}: Participatiewet-grens: getoetst {getoetst} (grens {}), maar vermogen_boven_grens: {boven}",
            j.gezin_grens
        ));
    }
}

/// Every 13th household: a kostendelende medebewoner.
fn variant_kostendeler(
    j: &Jaar,
    n: usize,
    hh: &Huishouden,
    orig: &Beslissing,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) {
    let wie = format!("{} #{n} (kostendeler)", j.jaar);
    let mut v = hh.clone();
    if (n / 13) % 2 == 0 {
        v.kostendelende_medebewoners = Some(1 + ((n / 26) % 2) as u32);
    } else {
        // 27 (art. 19a lid 1 PW) in January–November: counts from the month after, or from
        // that month when born on the 1st
        let maand = 1 + (n % 11) as u32;
        v.medebewoners = vec![Medebewoner {
            geboortedatum: datum(j.jaar - 27, maand, 1 + (n % 28) as u32),
        }];
    }
    t.varianten[3] += 1;
    let Some(b) = controleer(j, &v, &wie, t, fouten) else {
        return;
    };
    let (Some(zonder), Some(met)) = (&orig.berekening, &b.berekening) else {
        return;
    };
    if zonder.huishouden != met.huishouden {
        fouten.push(format!(
            "{wie}: de kolom huishouden verandert: {:?} -> {:?}",
            zonder.huishouden, met.huishouden
        ));
    }
    if let (Some(r0), Some(r1)) = (&zonder.referentie, &met.referentie) {
        if r1.netto_inkomen >= r0.netto_inkomen {
            fouten.push(format!(
                "{wie}: netto bijstand van de referentie {} niet lager dan zonder kostendeler {}",
                r1.netto_inkomen.0, r0.netto_inkomen.0
            ));
        }
    }
}

/// Every 17th household: a baby born in the year.
fn variant_baby(
    j: &Jaar,
    n: usize,
    hh: &Huishouden,
    orig: &Beslissing,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) {
    let maand = 1 + ((n / 17) % 12) as u32;
    let wie = format!("{} #{n} (baby geboren in maand {maand})", j.jaar);
    let met_kind = |geboren: Datum| {
        let mut v = hh.clone();
        v.kinderen.push(Kind {
            geboortedatum: geboren,
        });
        v
    };
    let v = met_kind(datum(j.jaar, maand, 15));
    let heel_jaar = met_kind(datum(j.jaar - 1, 12, 15));
    t.varianten[4] += 1;
    let Some(b) = controleer(j, &v, &wie, t, fouten) else {
        return;
    };
    let Some(h) = beslis(j, &j.beleid, &heel_jaar, &wie, fouten) else {
        return;
    };
    let kgb = |b: &Beslissing| {
        b.berekening
            .as_ref()
            .map(|x| x.huishouden.kindgebonden_budget.0)
    };
    let (Some(baby), Some(vol), Some(zonder)) = (kgb(&b), kgb(&h), kgb(orig)) else {
        return;
    };
    if baby > vol || (hh.kinderen.is_empty() && vol > Decimal::ZERO && baby >= vol) {
        fouten.push(format!(
            "{wie}: kindgebonden budget {baby}, een heel jaar {vol}"
        ));
    }
    if maand == 12 && baby != zonder {
        fouten.push(format!(
            "{wie}: geboren in december telt pas vanaf januari: {baby}, zonder het kind {zonder}"
        ));
    }
}

/// Every 19th household: the first benefit as three equal months, plus monthly aanvullende
/// bijstand.
fn variant_maanden(
    j: &Jaar,
    n: usize,
    hh: &Huishouden,
    orig: &Beslissing,
    t: &mut Telling,
    fouten: &mut Vec<String>,
) {
    let wie = format!("{} #{n} (maandbedragen)", j.jaar);
    let Some((p, i)) = eerste_uitkering(hh, &UITKERINGEN) else {
        return;
    };
    let mut v = hh.clone();
    let x = hh.personen[p].inkomsten[i]
        .bruto_per_jaar
        .unwrap_or_default();
    let per_maand = (x / Decimal::from(12)).round_dp(2);
    let bijstand = Decimal::from(50 + (n % 30) * 10);
    let ink = &mut v.personen[p].inkomsten;
    ink[i].bruto_per_jaar = None;
    ink[i].bruto_per_maand = Some(vec![per_maand; 3]);
    ink.push(Inkomen {
        soort: Soort::BijstandAanvullend,
        bruto_per_jaar: None,
        bruto_per_maand: Some(vec![bijstand; 3]),
    });
    t.varianten[5] += 1;
    let Some(b) = controleer(j, &v, &wie, t, fouten) else {
        return;
    };
    let (Some(zonder), Some(met)) = (&orig.berekening, &b.berekening) else {
        return;
    };
    let verwacht = zonder.huishouden.toetsingsinkomen.0 - x
        + per_maand * Decimal::from(12) * Decimal::new(108, 2)
        + bijstand * Decimal::from(12) / Decimal::new(95, 2);
    if (met.huishouden.toetsingsinkomen.0 - verwacht).abs() > Decimal::new(1, 2) {
        fouten.push(format!(
            "{wie}: toetsingsinkomen {} (verwacht {verwacht}: {per_maand} x 12 x 1,08 voor {x} per jaar, plus {bijstand} x 12 / 0,95)",
            met.huishouden.toetsingsinkomen.0
        ));
    }
}

fn controleer_jaar(jaar: i32) -> Vec<String> {
    let regels = avp_tests::regels();
    let pack = regels.pack(jaar).expect("pack");
    let beleid = regels.beleidsregels("vng-model").expect("vng-model");
    let pw_pad = avp_tests::root().join("tests/fixtures/i6-vermogen-participatiewet.toml");
    let beleid_pw = regels
        .beleidsregels(&pw_pad.display().to_string())
        .expect("participatiewet-fixture");
    let j = Jaar {
        jaar,
        grens: getal(&pack, "zorgtoeslag.vermogensgrens.partner"),
        per_kind: getal(&pack, "kindgebonden_budget.bedrag_per_kind")
            + getal(&pack, "kindgebonden_budget.verhoging_16_tot_18"),
        kop: getal(&pack, "kindgebonden_budget.alleenstaande_ouderkop"),
        woning_vrij: getal(&pack, "bijstand.vermogensgrens.eigen_woning"),
        gezin_grens: getal(&pack, "bijstand.vermogensgrens.gezin"),
        pack,
        beleid,
        beleid_pw,
    };
    let mut fouten = Vec::new();
    let mut t = Telling::default();
    let mut generator = Generator::nieuw(6, jaar);
    for n in 0..AANTAL {
        let hh = generator.volgende();
        let Some(orig) = controleer(&j, &hh, &format!("{jaar} #{n}"), &mut t, &mut fouten) else {
            continue;
        };
        if n % 7 == 0 {
            variant_uitkering(&j, n, &hh, &orig, &mut t, &mut fouten);
        }
        if n % 11 == 0 {
            variant_woning(&j, n, &hh, &orig, &mut t, &mut fouten);
        }
        if n % 13 == 0 {
            variant_kostendeler(&j, n, &hh, &orig, &mut t, &mut fouten);
        }
        if n % 17 == 0 {
            variant_baby(&j, n, &hh, &orig, &mut t, &mut fouten);
        }
        if n % 19 == 0 {
            variant_maanden(&j, n, &hh, &orig, &mut t, &mut fouten);
        }
    }
    // the population must exercise what is tested
    let Telling {
        doelgroep,
        inkomen_afgewezen,
        met_ander_inkomen,
        varianten,
    } = t;
    assert!(
        doelgroep > 50,
        "{jaar}: te weinig doelgroephuishoudens ({doelgroep})"
    );
    assert!(
        inkomen_afgewezen > 50,
        "{jaar}: te weinig afwijzingen op inkomen ({inkomen_afgewezen})"
    );
    assert!(
        met_ander_inkomen > 0,
        "{jaar}: geen uitkering met ander inkomen ({met_ander_inkomen})"
    );
    assert!(
        varianten.iter().all(|&v| v > 100),
        "{jaar}: te weinig varianten (tw/ioaz/ioaw, overig, woning, kostendeler, baby, maanden): {varianten:?}"
    );
    fouten
}

#[test]
fn doelgroep_2025_en_2026_over_20000_huishoudens() {
    let mut fouten = controleer_jaar(2025);
    fouten.extend(controleer_jaar(2026));
    assert!(
        fouten.is_empty(),
        "{} fouten, o.a.:\n{}",
        fouten.len(),
        fouten
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
