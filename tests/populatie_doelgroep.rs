//! Issue 6: invariants of the decisions over a generated population (20,000 households per
//! year, 2025 and 2026, VNG model), each checked against the record itself, not against the
//! engine's own intermediate quantities:
//! - every doelgroep household meets all five conditions of art. 78gg lid 1 (two fiscal and
//!   toeslag partners; benefits more than half of the box-1 income; minstverdienende partner
//!   born after 1962; tekort and gemiste toeslagen positive; vermogen not above the limit);
//! - no household is rejected on the income condition unless its benefits are at most half of
//!   its income (other income never excludes by itself), and every household whose benefits are
//!   more than half passes that condition;
//! - the kindgebonden budget never exceeds the full-year maximum of its children;
//! - `tekort` is exactly referentie.besteedbaar_inkomen − huishouden.besteedbaar_inkomen.

use avp_cli::werkbank::generate::Generator;
use avp_engine::evaluate::{beoordeel, Opties, Route};
use avp_engine::params::Waarde;
use avp_engine::record::{Huishouden, Soort};
use chrono::Datelike;
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

fn jaarbedrag(hh: &Huishouden, telt: impl Fn(Soort) -> bool) -> Decimal {
    hh.personen
        .iter()
        .flat_map(|p| &p.inkomsten)
        .filter(|i| telt(i.soort))
        .filter_map(|i| i.bruto_per_jaar)
        .sum()
}

fn getal(pack: &avp_engine::script::GecompileerdPack, naam: &str) -> Decimal {
    match pack.pack.parameters.get(naam).map(|p| &p.waarde) {
        Some(Waarde::Getal(d)) => *d,
        w => panic!("parameter {naam}: {w:?}"),
    }
}

fn controleer_jaar(jaar: i32) -> Vec<String> {
    let regels = avp_tests::regels();
    let pack = regels.pack(jaar).expect("pack");
    let beleid = regels.beleidsregels("vng-model").expect("vng-model");
    let grens = getal(&pack, "zorgtoeslag.vermogensgrens.partner");
    let per_kind = getal(&pack, "kindgebonden_budget.bedrag_per_kind")
        + getal(&pack, "kindgebonden_budget.verhoging_16_tot_18");
    let kop = getal(&pack, "kindgebonden_budget.alleenstaande_ouderkop");
    let mut fouten = Vec::new();
    let mut generator = Generator::nieuw(6, jaar);
    let (mut doelgroep, mut inkomen_afgewezen, mut met_ander_inkomen) = (0, 0, 0);
    for n in 0..AANTAL {
        let hh = generator.volgende();
        let b = match beoordeel(&pack, &beleid, &hh, "populatie", Opties::default()) {
            Ok(b) => b,
            Err(f) => {
                fouten.push(format!("{jaar} #{n}: {f}"));
                continue;
            }
        };
        let Some(ber) = &b.berekening else { continue };
        let uitkering = jaarbedrag(&hh, |s| UITKERINGEN.contains(&s));
        let totaal = jaarbedrag(&hh, |s| s != Soort::Kinderalimentatie);
        let hoofdzakelijk = totaal > Decimal::ZERO && uitkering * Decimal::TWO > totaal;
        let codes: Vec<&str> = b.redenen.iter().map(|r| r.code.as_str()).collect();
        let afgewezen_op_inkomen = codes.contains(&"geen_uitkering_als_hoofdinkomen");
        if afgewezen_op_inkomen {
            inkomen_afgewezen += 1;
        }
        if hoofdzakelijk && uitkering < totaal {
            met_ander_inkomen += 1;
        }
        if afgewezen_op_inkomen == hoofdzakelijk && b.route == Route::Aanvraag {
            fouten.push(format!(
                "{jaar} #{n}: uitkering {uitkering} van {totaal}, maar afgewezen op inkomen: {afgewezen_op_inkomen}"
            ));
        }
        if let (Some(r), Some(t)) = (&ber.referentie, ber.tekort) {
            if t.0 != r.besteedbaar_inkomen.0 - ber.huishouden.besteedbaar_inkomen.0 {
                fouten.push(format!("{jaar} #{n}: tekort {} klopt niet", t.0));
            }
        }
        let kinderen = hh.kinderen.len() as u64;
        let maximum =
            Decimal::from(kinderen) * per_kind + if kinderen > 0 { kop } else { Decimal::ZERO };
        if ber.huishouden.kindgebonden_budget.0 > maximum {
            fouten.push(format!(
                "{jaar} #{n}: kindgebonden budget {} boven het maximum {maximum}",
                ber.huishouden.kindgebonden_budget.0
            ));
        }
        if b.doelgroep == Some(true) {
            doelgroep += 1;
            // the minstverdienende partner: the lower box-1 income, the second person on a tie
            let minst = hh.personen.iter().rev().min_by_key(|p| {
                p.inkomsten
                    .iter()
                    .filter(|i| i.soort != Soort::Kinderalimentatie)
                    .filter_map(|i| i.bruto_per_jaar)
                    .sum::<Decimal>()
            });
            let vijf = [
                hh.personen.len() == 2 && hh.fiscaal_partner && hh.toeslagpartner,
                hoofdzakelijk,
                minst.is_some_and(|p| p.geboortedatum.0.year() >= 1963),
                ber.tekort.is_some_and(|t| t.0 > Decimal::ZERO)
                    && ber.gemiste_toeslagen.is_some_and(|g| g.0 > Decimal::ZERO),
                hh.vermogen <= grens,
            ];
            if vijf.contains(&false) {
                fouten.push(format!("{jaar} #{n}: doelgroep, maar voorwaarden {vijf:?}"));
            }
        }
    }
    // the population must exercise what is tested
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
