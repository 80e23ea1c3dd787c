//! Population regression: evaluate every household of a population under two years' packs and
//! summarise how the outcomes change — who enters or leaves the doelgroep, how the tekort and
//! the amounts move (quantiles and classes), the total cost per year and the households that
//! change most. Used by `avp diff YEAR_A YEAR_B --population FILE`.
//!
//! Per household the *bedrag* is what the household receives (tegemoetkoming + bijzondere
//! bijstand); the *kosten* of a year add the eindheffing the municipality pays.

use std::cmp::Reverse;
use std::io;

use rust_decimal::Decimal;
use serde::Serialize;

use super::rangorde::Top;
use super::uitsplitsing::{HuishoudenRegel, Kenmerken, SchrijfRegel, Uitsplitsing, Verzamelaar};
use super::{parallel_geordend, Context, Lezer, RecordFout, RuwRecord, Werker};
use avp_engine::decision::{Bedrag, Beslissing, Route};
use avp_engine::error::Fouten;
use avp_engine::policy::GeladenBeleid;
use avp_engine::record::maskeer;
use avp_engine::{Opties, Regels};

/// How many households the report lists as changing most.
pub(crate) const GROOTSTE_AANTAL: usize = 10;

/// Totals of one year over the population.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct JaarTotalen {
    /// The year.
    pub(crate) jaar: i32,
    /// Households in the doelgroep (`doelgroep` = true).
    pub doelgroep: u64,
    /// Households granted something.
    pub toegekend: u64,
    /// Total vaste tegemoetkoming.
    pub tegemoetkoming: Bedrag,
    /// Total eindheffing.
    pub eindheffing: Bedrag,
    /// Total bijzondere bijstand.
    pub bijzondere_bijstand: Bedrag,
    /// tegemoetkoming + eindheffing + bijzondere bijstand.
    pub kosten: Bedrag,
}

/// One quantile of a distribution of changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kwantiel {
    /// `p50` is the median.
    pub p: String,
    /// The change at that quantile (B − A).
    pub waarde: Bedrag,
}

/// One class of changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Klasse {
    /// The range in euros, e.g. `[-100, -10)`; `0` for no change.
    pub klasse: String,
    /// Households in it.
    pub aantal: u64,
}

/// The distribution of a change (year B minus year A) over the households.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verdeling {
    /// Households with a value in both years.
    pub aantal: u64,
    /// … of which higher in B.
    pub hoger: u64,
    /// … of which lower in B.
    pub lager: u64,
    /// … of which unchanged.
    pub gelijk: u64,
    /// Sum of the changes.
    pub som: Bedrag,
    /// Nearest-rank quantiles p1 … p99.
    pub kwantielen: Vec<Kwantiel>,
    /// Counts per class.
    pub klassen: Vec<Klasse>,
}

/// A household that changes, for the top list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verandering {
    /// Line number in the population file.
    pub regel: u64,
    /// BSN of the meestverdienende partner, masked (`…333`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bsn: Option<String>,
    /// Route in year A.
    pub route_a: Route,
    /// Route in year B.
    pub route_b: Route,
    /// Doelgroep in year A.
    pub doelgroep_a: Option<bool>,
    /// Doelgroep in year B.
    pub doelgroep_b: Option<bool>,
    /// tegemoetkoming + bijzondere bijstand in A.
    pub bedrag_a: Bedrag,
    /// … in B.
    pub bedrag_b: Bedrag,
    /// bedrag_b − bedrag_a.
    pub verschil: Bedrag,
    /// Tekort in A.
    pub tekort_a: Option<Bedrag>,
    /// Tekort in B.
    pub tekort_b: Option<Bedrag>,
}

/// The comparison of two years over a population.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PopulatieVergelijking {
    /// Year A.
    pub jaar_a: i32,
    /// Year B.
    pub jaar_b: i32,
    /// B has other rules than A (a variant: `--variant`, `--zet`).
    pub variant: bool,
    /// What side B is: `2026`, or `2025 met --zet tegemoetkoming::bedrag=1200`.
    pub naam_b: String,
    /// What differs in the rules of A and B (as `avp diff JAAR_A JAAR_B` reports it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regels: Option<crate::werkbank::diff::Jaarverschil>,
    /// Assessed in another year than their own, the households' dates moved with it (birth
    /// dates included); false with `--echte-datums` or within one year.
    pub datums_verschoven: bool,
    /// With the dates moved: the birth-date boundaries of the law in A's rules (parameters with
    /// unit `geboortedatumgrens`), which moved with them on side B.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub geboortedatumgrenzen: Vec<super::verschuiven::Geboortedatumgrens>,
    /// Records read.
    pub records: u64,
    /// Records evaluated in both years.
    pub vergeleken: u64,
    /// Records that failed (bad input or rule error in either year).
    pub fouten: u64,
    /// Of those, records that failed on an error in the rules (exit 1, as in `avp batch`)
    /// rather than on bad input (exit 2).
    pub regelfouten: u64,
    /// Totals of year A.
    pub a: JaarTotalen,
    /// Totals of year B.
    pub b: JaarTotalen,
    /// B's kosten − A's kosten.
    pub(crate) kosten_verschil: Bedrag,
    /// Households in the doelgroep in B but not in A.
    pub doelgroep_erbij: u64,
    /// Households in the doelgroep in A but not in B.
    pub doelgroep_eraf: u64,
    /// Households granted in B but not in A.
    pub toegekend_erbij: u64,
    /// Households granted in A but not in B.
    pub toegekend_eraf: u64,
    /// Change in tekort (couples, both years calculated).
    pub tekort: Verdeling,
    /// Change in bedrag (tegemoetkoming + bijzondere bijstand).
    pub bedrag: Verdeling,
    /// The households whose bedrag (then tekort) changes most, largest first.
    pub grootste: Vec<Verandering>,
    /// The households whose bedrag falls most (then whose tekort rises most), largest fall
    /// first: the losers, which `grootste` may not show when most changes are gains.
    pub grootste_dalingen: Vec<Verandering>,
    /// The changes by household type and by income decile.
    pub uitsplitsing: Uitsplitsing,
}

/// One household evaluated in both years, with the masked BSN of its meestverdienende partner.
struct Paar {
    regel: u64,
    bsn: Option<String>,
    kenmerken: Kenmerken,
    a: Beslissing,
    b: Beslissing,
}

impl Paar {
    /// The household as an entry of a top list.
    fn verandering(self, tekort_a: Option<Decimal>, tekort_b: Option<Decimal>) -> Verandering {
        Verandering {
            regel: self.regel,
            bsn: self.bsn,
            route_a: self.a.route,
            route_b: self.b.route,
            doelgroep_a: self.a.doelgroep,
            doelgroep_b: self.b.doelgroep,
            bedrag_a: Bedrag(bedrag(&self.a)),
            bedrag_b: Bedrag(bedrag(&self.b)),
            verschil: Bedrag(bedrag(&self.b) - bedrag(&self.a)),
            tekort_a: tekort_a.map(Bedrag),
            tekort_b: tekort_b.map(Bedrag),
        }
    }
}

/// The result of one part of the population: its pairs and its errors, in record order.
struct Deel {
    paren: Vec<Paar>,
    fouten: Vec<RecordFout>,
    records: u64,
}

fn bedrag(b: &Beslissing) -> Decimal {
    b.tegemoetkoming.centen() + b.bijzondere_bijstand.centen()
}

fn tekort(b: &Beslissing) -> Option<Decimal> {
    b.berekening
        .as_ref()
        .and_then(|x| x.tekort)
        .map(|t| t.centen())
}

fn centen(d: Decimal) -> i64 {
    (d * Decimal::ONE_HUNDRED)
        .round()
        .try_into()
        .unwrap_or(i64::MAX)
}

/// Where a comparison writes as it goes: every failing record, and on request every household.
pub struct Uitvoer<'a> {
    /// A record that failed (bad input or a rule error on either side).
    pub fout: &'a mut dyn FnMut(&RecordFout) -> io::Result<()>,
    /// Every compared household, in input order (`--per-huishouden`).
    pub per_huishouden: Option<SchrijfRegel<'a>>,
}

/// One side of a comparison: the rules and the year a population is assessed under.
#[derive(Clone, Copy)]
pub struct Kant<'a> {
    /// The rules (a variant has its own).
    pub regels: &'a Regels,
    /// The year (each record's own `jaar` is replaced).
    pub jaar: i32,
}

/// Evaluate every record of `lezer` under side A and side B and compare. With `alle_datums` a
/// record assessed in another year than its own moves all its dates (people stay as old as in
/// their own year), else only its application date. Records that fail go to `fout`.
#[allow(clippy::too_many_arguments)]
pub fn vergelijk(
    (kant_a, kant_b): (Kant<'_>, Kant<'_>),
    beleid: &GeladenBeleid,
    lezer: &mut Lezer,
    alle_datums: bool,
    blok: usize,
    mut uit: Uitvoer<'_>,
    voortgang: &(dyn Fn(u64) + Sync),
) -> Result<PopulatieVergelijking, Fouten> {
    let ctx_a = Context::nieuw(kant_a.regels, beleid, None, lezer).verschuif_datums(alle_datums);
    let ctx_b = Context::nieuw(kant_b.regels, beleid, None, lezer).verschuif_datums(alle_datums);
    let jaren = (kant_a.jaar, kant_b.jaar);
    let mut telling = Telling::nieuw(kant_a.jaar, kant_b.jaar);
    telling.v.variant = !std::ptr::eq(kant_a.regels, kant_b.regels);
    telling.v.datums_verschoven = alle_datums && kant_a.jaar != kant_b.jaar;
    if telling.v.datums_verschoven {
        telling.v.geboortedatumgrenzen =
            super::verschuiven::geboortedatumgrenzen(kant_a.regels, kant_a.jaar);
    }
    parallel_geordend(
        lezer,
        super::STANDAARD_BLOK.min(blok.max(1)),
        <(Werker, Werker)>::default,
        |w: &mut (Werker, Werker), records| beoordeel_deel((&ctx_a, &ctx_b), w, records, jaren),
        |deel: Deel| telling.neem_op(deel, &mut *uit.fout, &mut uit.per_huishouden),
        voortgang,
    )?;
    Ok(telling.uitkomst())
}

/// Evaluate a part of the population on both sides.
fn beoordeel_deel(
    ctx: (&Context<'_>, &Context<'_>),
    w: &mut (Werker, Werker),
    records: &[RuwRecord],
    jaren: (i32, i32),
) -> Deel {
    let mut deel = Deel {
        paren: Vec::with_capacity(records.len()),
        fouten: Vec::new(),
        records: 0,
    };
    for r in records {
        deel.records += 1;
        match beoordeel_paar(ctx, w, r, jaren) {
            Ok(p) => deel.paren.push(p),
            Err(f) => deel.fouten.extend(f),
        }
    }
    deel
}

/// Read one record and evaluate it in year A and in year B.
fn beoordeel_paar(
    (ctx_a, ctx_b): (&Context<'_>, &Context<'_>),
    (w_a, w_b): &mut (Werker, Werker),
    r: &RuwRecord,
    (jaar_a, jaar_b): (i32, i32),
) -> Result<Paar, Vec<RecordFout>> {
    let naam = format!("regel {}", r.regel);
    let g = ctx_a.lees(r, &naam)?;
    let a = ctx_a.beoordeel(w_a, &g, Some(jaar_a), &naam, Opties::default(), r.regel)?;
    let b = ctx_b.beoordeel(w_b, &g, Some(jaar_b), &naam, Opties::default(), r.regel)?;
    let m = super::lijst::meestverdienende(&g.huishouden);
    let bsn = g
        .huishouden
        .personen
        .get(m)
        .and_then(|p| p.bsn.as_deref())
        .map(maskeer);
    Ok(Paar {
        regel: r.regel,
        bsn,
        kenmerken: Kenmerken::van(&g.huishouden),
        a,
        b,
    })
}

/// The comparison as it is built up, part by part in input order: the counts and totals, the
/// change of every household, and the two top lists.
struct Telling {
    v: PopulatieVergelijking,
    /// The change in tekort (cents) of every couple with a tekort in both years.
    d_tekort: Vec<i64>,
    /// The change in bedrag (cents) of every household.
    d_bedrag: Vec<i64>,
    top: Top<Verandering>,
    dalingen: Top<Verandering>,
    uitsplitsing: Verzamelaar,
}

impl Telling {
    fn nieuw(jaar_a: i32, jaar_b: i32) -> Telling {
        let v = PopulatieVergelijking {
            jaar_a,
            jaar_b,
            a: JaarTotalen {
                jaar: jaar_a,
                ..Default::default()
            },
            b: JaarTotalen {
                jaar: jaar_b,
                ..Default::default()
            },
            ..Default::default()
        };
        Telling {
            v,
            d_tekort: Vec::new(),
            d_bedrag: Vec::new(),
            top: Top::new(GROOTSTE_AANTAL),
            dalingen: Top::new(GROOTSTE_AANTAL),
            uitsplitsing: Verzamelaar::default(),
        }
    }

    /// Take in one evaluated part: its errors go to `fout` (a record with several errors
    /// counts once), its households are compared.
    fn neem_op(
        &mut self,
        deel: Deel,
        fout: &mut dyn FnMut(&RecordFout) -> io::Result<()>,
        per_huishouden: &mut Option<SchrijfRegel<'_>>,
    ) -> io::Result<()> {
        self.v.records += deel.records;
        let mut vorige = 0;
        for f in &deel.fouten {
            if f.regel != vorige {
                self.v.fouten += 1;
                if !f.is_invoer() {
                    self.v.regelfouten += 1;
                }
                vorige = f.regel;
            }
            fout(f)?;
        }
        for p in deel.paren {
            let regel = HuishoudenRegel::van(p.regel, p.bsn.clone(), &p.kenmerken, &p.a, &p.b);
            self.uitsplitsing.neem_op(&p.kenmerken, &regel);
            if let Some(schrijf) = per_huishouden {
                schrijf(&regel)?;
            }
            self.vergelijk_paar(p);
        }
        Ok(())
    }

    /// Count one household in both years' totals, the doelgroep and toekenning it enters or
    /// leaves, and its changes in bedrag and tekort.
    fn vergelijk_paar(&mut self, p: Paar) {
        let v = &mut self.v;
        v.vergeleken += 1;
        tel(&mut v.a, &p.a);
        tel(&mut v.b, &p.b);
        let dg = |b: &Beslissing| b.doelgroep == Some(true);
        match (dg(&p.a), dg(&p.b)) {
            (false, true) => v.doelgroep_erbij += 1,
            (true, false) => v.doelgroep_eraf += 1,
            _ => {}
        }
        match (p.a.toegekend, p.b.toegekend) {
            (false, true) => v.toegekend_erbij += 1,
            (true, false) => v.toegekend_eraf += 1,
            _ => {}
        }
        let db = centen(bedrag(&p.b) - bedrag(&p.a));
        self.d_bedrag.push(db);
        let (ta, tb) = (tekort(&p.a), tekort(&p.b));
        let dt = match (ta, tb) {
            (Some(x), Some(y)) => {
                let d = centen(y - x);
                self.d_tekort.push(d);
                d
            }
            _ => 0,
        };
        if db != 0 || dt != 0 {
            self.rangschik(p, (db, dt), (ta, tb));
        }
    }

    /// Put a changing household (changes `db` in bedrag and `dt` in tekort, in cents) in the
    /// top lists it ranks high enough for.
    fn rangschik(
        &mut self,
        p: Paar,
        (db, dt): (i64, i64),
        (ta, tb): (Option<Decimal>, Option<Decimal>),
    ) {
        let sleutel = (db.abs(), dt.abs(), Reverse(p.regel));
        // a fall in bedrag, or the same bedrag with a larger tekort
        let daling = (db < 0 || (db == 0 && dt > 0)).then_some((-db, dt, Reverse(p.regel)));
        let in_top = self.top.past(&sleutel);
        let in_dalingen = daling.as_ref().is_some_and(|k| self.dalingen.past(k));
        if !in_top && !in_dalingen {
            return;
        }
        let v = p.verandering(ta, tb);
        if let (true, Some(k)) = (in_dalingen, daling) {
            self.dalingen.voeg_toe(k, v.clone());
        }
        if in_top {
            self.top.voeg_toe(sleutel, v);
        }
    }

    /// The finished comparison: the costs per year and the distributions of the changes.
    fn uitkomst(self) -> PopulatieVergelijking {
        let mut v = self.v;
        v.a.kosten = Bedrag(v.a.tegemoetkoming.0 + v.a.eindheffing.0 + v.a.bijzondere_bijstand.0);
        v.b.kosten = Bedrag(v.b.tegemoetkoming.0 + v.b.eindheffing.0 + v.b.bijzondere_bijstand.0);
        v.kosten_verschil = Bedrag(v.b.kosten.0 - v.a.kosten.0);
        v.tekort = verdeling(self.d_tekort);
        v.bedrag = verdeling(self.d_bedrag);
        v.grootste = self.top.lijst();
        v.grootste_dalingen = self.dalingen.lijst();
        v.uitsplitsing = self.uitsplitsing.uitkomst();
        v
    }
}

fn tel(t: &mut JaarTotalen, b: &Beslissing) {
    if b.doelgroep == Some(true) {
        t.doelgroep += 1;
    }
    if b.toegekend {
        t.toegekend += 1;
    }
    t.tegemoetkoming.0 += b.tegemoetkoming.centen();
    t.eindheffing.0 += b.eindheffing.centen();
    t.bijzondere_bijstand.0 += b.bijzondere_bijstand.centen();
}

/// Class edges in euros, mirrored for decreases; 0 is a class of its own.
const GRENZEN_EURO: [i64; 4] = [10, 100, 1000, 10000];

/// Class labels, from the largest decrease to the largest increase.
fn klassen() -> Vec<String> {
    let randen = randen();
    let e = |c: i64| (c / 100).to_string();
    let n = GRENZEN_EURO.len();
    let mut labels = vec![format!("< {}", e(randen[0]))];
    for w in randen[..n].windows(2) {
        labels.push(format!("[{}, {})", e(w[0]), e(w[1])));
    }
    labels.push(format!("[{}, 0)", e(randen[n - 1])));
    labels.push("0".into());
    labels.push(format!("(0, {})", e(randen[n])));
    for w in randen[n..].windows(2) {
        labels.push(format!("[{}, {})", e(w[0]), e(w[1])));
    }
    labels.push(format!(">= {}", e(randen[2 * n - 1])));
    labels
}

/// The class index of a change in cents, in [`klassen`] order.
fn klasse(x: i64) -> usize {
    let n = GRENZEN_EURO.len();
    if x == 0 {
        return n + 1;
    }
    // number of edges at or below x; positive values skip the "0" and "(0, 10)" slots' offset
    let k = randen().iter().filter(|r| x >= **r).count();
    if x > 0 {
        k + 2
    } else {
        k
    }
}

/// The class edges in cents, low to high (without 0).
fn randen() -> Vec<i64> {
    let mut r: Vec<i64> = GRENZEN_EURO.iter().rev().map(|g| -g * 100).collect();
    r.extend(GRENZEN_EURO.iter().map(|g| g * 100));
    r
}

fn verdeling(mut d: Vec<i64>) -> Verdeling {
    d.sort_unstable();
    let n = d.len() as u64;
    let som: i64 = d.iter().sum();
    let mut v = Verdeling {
        aantal: n,
        hoger: d.iter().filter(|x| **x > 0).count() as u64,
        lager: d.iter().filter(|x| **x < 0).count() as u64,
        gelijk: d.iter().filter(|x| **x == 0).count() as u64,
        som: Bedrag(Decimal::new(som, 2)),
        ..Default::default()
    };
    if !d.is_empty() {
        for p in [1u64, 5, 10, 25, 50, 75, 90, 95, 99] {
            // nearest rank: the smallest value with at least p% of the values at or below it
            let rang = (p * n).div_ceil(100).max(1) as usize;
            v.kwantielen.push(Kwantiel {
                p: format!("p{p}"),
                waarde: Bedrag(Decimal::new(d[rang - 1], 2)),
            });
        }
    }
    let labels = klassen();
    let mut aantallen = vec![0u64; labels.len()];
    for x in &d {
        aantallen[klasse(*x)] += 1;
    }
    v.klassen = labels
        .into_iter()
        .zip(aantallen)
        .map(|(klasse, aantal)| Klasse { klasse, aantal })
        .collect();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn klassegrenzen() {
        let k = klassen();
        let naam = |c: i64| k[klasse(c)].clone();
        assert_eq!(naam(-1_000_001), "< -10000");
        assert_eq!(naam(-1_000_000), "[-10000, -1000)");
        assert_eq!(naam(-1), "[-10, 0)");
        assert_eq!(naam(0), "0");
        assert_eq!(naam(1), "(0, 10)");
        assert_eq!(naam(999), "(0, 10)");
        assert_eq!(naam(1000), "[10, 100)");
        assert_eq!(naam(1_000_000), ">= 10000");
        assert_eq!(k.len(), 11);
    }

    #[test]
    fn verdeling_kwantielen_en_klassen() {
        let v = verdeling(vec![0, 0, 10000, -500, 250_000, 0, 0, 0, 0, 0]);
        assert_eq!(v.aantal, 10);
        assert_eq!((v.hoger, v.lager, v.gelijk), (2, 1, 7));
        assert_eq!(v.som.to_string(), "2595.00");
        let p = |n: &str| {
            v.kwantielen
                .iter()
                .find(|k| k.p == n)
                .map(|k| k.waarde.to_string())
        };
        assert_eq!(p("p50").as_deref(), Some("0.00"));
        assert_eq!(p("p1").as_deref(), Some("-5.00"));
        assert_eq!(p("p99").as_deref(), Some("2500.00"));
        let totaal: u64 = v.klassen.iter().map(|k| k.aantal).sum();
        assert_eq!(totaal, 10);
        let k = |n: &str| v.klassen.iter().find(|k| k.klasse == n).map(|k| k.aantal);
        assert_eq!(k("[-10, 0)"), Some(1));
        assert_eq!(k("[100, 1000)"), Some(1));
        assert_eq!(k("[1000, 10000)"), Some(1));
    }
}
