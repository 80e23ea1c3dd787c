//! Coverage across years (like Catala's temporal coverage test): for every year 2023–2027 that
//! has a pack, every named quantity either computes on a reference household or stops on a
//! parameter that is not yet published (`avp::regels::nog_niet_vastgesteld`). Any other outcome
//! — a missing parameter, a type error, a division by zero, a pack that does not load — fails,
//! listing every offender. And values that the sources say changed must differ between
//! consecutive years.

use avp_engine::error::Code;
use avp_engine::params::Waarde;
use avp_engine::record::{lees_huishouden, Formaat};
use avp_engine::script::{GecompileerdPack, Niveau};
use avp_engine::{evaluate, Fout, Regels};

const JAREN: std::ops::RangeInclusive<i32> = 2023..=2027;

/// Known offenders, each with why, until the engine is fixed: `(year, rule)`. Only a failure that
/// is about a not-yet-published value may be listed; an entry that no longer occurs fails the test
/// so that the list stays honest. (Empty since private helpers that read a `nog_niet_vastgesteld`
/// parameter also stop with `avp::regels::nog_niet_vastgesteld`.)
const BEKEND: &[(i32, &str)] = &[];

/// A doelgroep couple with rent and a child (berekening.md §6): WW for one partner, nothing for
/// the other, born after 1962.
fn referentiehuishouden(jaar: i32) -> String {
    format!(
        r#"{{"jaar":{jaar},"fiscaal_partner":true,"toeslagpartner":true,"vermogen":5000,
        "huur_per_maand":700.00,
        "personen":[{{"geboortedatum":"1972-04-01","inkomsten":[{{"soort":"ww","bruto_per_jaar":29000.00}}]}},
                    {{"geboortedatum":"1975-09-15"}}],
        "kinderen":[{{"geboortedatum":"{}-06-01"}}]}}"#,
        jaar - 9
    )
}

fn beoordeel_uitkomst(
    jaar: i32,
    naam: &str,
    onderwerp: &str,
    r: Result<avp_engine::model::objecten::W, Fout>,
    overtreders: &mut Vec<String>,
    geteld: &mut (usize, usize),
) {
    match r {
        Ok(_) => geteld.0 += 1,
        Err(f) if f.code == Code::RegelsNogNietVastgesteld => geteld.1 += 1,
        Err(f) => overtreders.push(format!("{jaar} {naam} ({onderwerp}): [{}] {f}", f.code)),
    }
}

/// Evaluate every quantity of every year in `regels` that has a pack; returns the offenders and
/// a summary per year.
fn dekking(regels: &Regels, heeft_pack: impl Fn(i32) -> bool) -> (Vec<String>, Vec<String>) {
    let beleid = regels.beleidsregels("vng-model").expect("vng-model");
    let mut overtreders = Vec::new();
    let mut jaren = Vec::new();
    for jaar in JAREN {
        if !heeft_pack(jaar) {
            continue;
        }
        let pack = match regels.pack(jaar) {
            Ok(p) => p,
            Err(f) => {
                overtreders.push(format!("{jaar}: pakket laadt niet: {f}"));
                continue;
            }
        };
        let hh = lees_huishouden(
            &referentiehuishouden(jaar),
            Formaat::Json,
            "referentie.json",
        )
        .expect("referentiehuishouden");
        let obj = evaluate::huishouden_object(&pack, &beleid, &hh, "referentie.json")
            .expect("huishouden");
        let mut geteld = (0usize, 0usize);
        let situaties = [
            ("huishouden", Some(obj.0.werkelijk.clone())),
            ("referentie", obj.0.referentie.clone()),
        ];
        for (naam, f) in &pack.functies {
            match f.niveau {
                None => {}
                Some(Niveau::Huishouden) => beoordeel_uitkomst(
                    jaar,
                    naam,
                    "hh",
                    pack.op_huishouden(&obj, naam),
                    &mut overtreders,
                    &mut geteld,
                ),
                Some(Niveau::Situatie) => {
                    for (o, s) in &situaties {
                        let s = s.as_ref().expect("een paar heeft een referentie");
                        let r = pack.op_situatie(s, naam);
                        beoordeel_uitkomst(jaar, naam, o, r, &mut overtreders, &mut geteld);
                    }
                }
                Some(Niveau::Persoon) => {
                    for (o, s) in &situaties {
                        let s = s.as_ref().expect("een paar heeft een referentie");
                        for i in 0..s.0.personen.len() {
                            let r = pack.op_persoon(&pack.persoon(s, i), naam);
                            let o = format!("{o}.persoon{}", i + 1);
                            beoordeel_uitkomst(jaar, naam, &o, r, &mut overtreders, &mut geteld);
                        }
                    }
                }
            }
        }
        assert!(geteld.0 + geteld.1 > 0, "{jaar}: geen grootheden");
        jaren.push(format!(
            "{jaar}: {} berekend, {} wachten op een vastgestelde waarde",
            geteld.0, geteld.1
        ));
    }
    (overtreders, jaren)
}

#[test]
fn elke_grootheid_rekent_of_wacht_op_een_vastgestelde_waarde() {
    let regels = avp_tests::regels();
    let (mut overtreders, jaren) = dekking(&regels, |j| {
        avp_tests::root()
            .join(format!("rules/nl/{j}/pack.toml"))
            .exists()
    });
    let mut bekend_gezien = vec![false; BEKEND.len()];
    overtreders.retain(|o| {
        let i = BEKEND.iter().position(|(j, regel)| {
            o.starts_with(&format!("{j} "))
                && o.contains(&format!("in regel `{regel}`"))
                && o.contains("nog niet is vastgesteld")
        });
        if let Some(i) = i {
            bekend_gezien[i] = true;
        }
        i.is_none()
    });
    for (i, gezien) in bekend_gezien.iter().enumerate() {
        if !gezien
            && avp_tests::root()
                .join(format!("rules/nl/{}/pack.toml", BEKEND[i].0))
                .exists()
        {
            overtreders.push(format!(
                "BEKEND {:?} komt niet meer voor: haal het uit de lijst",
                BEKEND[i]
            ));
        }
    }
    assert!(
        overtreders.is_empty(),
        "grootheden die niet rekenen en niet op een nog niet vastgestelde waarde wachten:\n{}\n\nper jaar:\n{}",
        overtreders.join("\n"),
        jaren.join("\n")
    );
    assert!(!jaren.is_empty(), "geen enkel jaar heeft een pakket");
}

#[test]
fn dekking_vindt_een_regel_die_niet_rekent() {
    // The test itself can fail: a 2025 rule that divides by zero is listed as an offender.
    let mut bron = avp_tests::regels_2025_in_geheugen();
    let tekst =
        avp_engine::source::RegelBron::lees(&bron, "nl/2025/uitkomst.rhai").unwrap_or_default();
    bron.zet(
        "nl/2025/uitkomst.rhai",
        tekst.replace(
            "s.netto_inkomen + s.toeslagen",
            "s.netto_inkomen / 0 + s.toeslagen",
        ),
    );
    let (overtreders, _) = dekking(&Regels::new(Box::new(bron)), |j| j == 2025);
    assert!(
        overtreders
            .iter()
            .any(|o| o
                .starts_with("2025 besteedbaar_inkomen (huishouden): [avp::regels::evaluatie]")),
        "{overtreders:#?}"
    );
}

/// Values that the sources say changed from one year to the next (facts.md §4): a year that
/// reused the previous year's number would show up here.
const VERANDERD: &[(&str, &[i32], &str)] = &[
    (
        "tegemoetkoming.bedrag",
        &[2025, 2026],
        "art. 15ba Regeling PW, IOAW en IOAZ: € 1.000 (2025), € 1.100 (2026)",
    ),
    (
        "inkomstenbelasting.schijven[0].tarief",
        &[2023, 2024, 2025, 2026],
        "Wet IB 2001 art. 2.10: 36,93% (2023), 36,97% (2024), 35,82% (2025), 35,75% (2026)",
    ),
    (
        "heffingskortingen.algemene_heffingskorting.maximum",
        &[2023, 2024, 2025, 2026],
        "Wet IB 2001 art. 8.10: € 3.070, € 3.362, € 3.068, € 3.115",
    ),
    (
        "bijstand.gehuwdennorm.januari",
        &[2023, 2024, 2025, 2026],
        "Participatiewet art. 21: de normen worden halfjaarlijks geïndexeerd",
    ),
];

/// The value of `pad` (`naam` or `naam[rij].kolom`) in the pack of `jaar`, with the pack year
/// that defines it.
fn waarde(pack: &GecompileerdPack, pad: &str) -> Option<(String, i32)> {
    let (naam, rest) = match pad.split_once('[') {
        Some((n, r)) => (n, Some(r)),
        None => (pad, None),
    };
    let p = pack.pack.parameters.get(naam)?;
    let w = match (rest, &p.waarde) {
        (None, w) => w.to_string(),
        (_, Waarde::NogNietVastgesteld) => Waarde::NogNietVastgesteld.to_string(),
        (Some(r), Waarde::Lijst(rijen)) => {
            let (i, kolom) = r.split_once("].")?;
            match rijen.get(i.parse::<usize>().ok()?)? {
                Waarde::Rij(rij) => rij.get(kolom)?.to_string(),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some((w, p.jaar))
}

#[test]
fn waarden_die_volgens_de_bronnen_veranderen_verschillen_per_jaar() {
    let regels = avp_tests::regels();
    let mut fouten = Vec::new();
    for (pad, jaren, bron) in VERANDERD {
        let standen: Vec<(i32, String, i32)> = jaren
            .iter()
            .filter(|j| {
                avp_tests::root()
                    .join(format!("rules/nl/{j}/pack.toml"))
                    .exists()
            })
            .filter_map(|&j| {
                let pack = regels.pack(j).ok()?;
                waarde(&pack, pad).map(|(w, van)| (j, w, van))
            })
            .collect();
        for (j, w, van) in &standen {
            if j != van {
                fouten.push(format!(
                    "{pad} {j}: komt uit het pakket {van} ({w}), maar volgens de bronnen is de waarde in {j} anders ({bron})"
                ));
            }
        }
        for paar in standen.windows(2) {
            let ((ja, wa, _), (jb, wb, _)) = (&paar[0], &paar[1]);
            if wa == wb {
                fouten.push(format!("{pad}: {ja} en {jb} hebben allebei {wa} ({bron})"));
            }
        }
    }
    assert!(fouten.is_empty(), "{}", fouten.join("\n"));
}
