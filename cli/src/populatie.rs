//! `avp diff YEAR_A YEAR_B --population FILE`: how outcomes change over a population between two
//! years (the engine computes, this module renders text or JSON).

use std::io::Write;
use std::path::PathBuf;

use crate::uitvoer::AtomischBestand;
use crate::vergelijking::Zijden;
use crate::werkbank::batch::populatie::{
    vergelijk, Kant, PopulatieVergelijking, Uitvoer, Verdeling,
};
use crate::werkbank::batch::uitsplitsing::{Groep, HuishoudenRegel, EXPORT_KOLOMMEN};
use crate::werkbank::batch::{InvoerFormaat, Lezer, STANDAARD_BLOK};
use avp_engine::notatie::euro;

use crate::foutbestand::open_foutbestand_of_meld;
use crate::invoer::open_invoer_of_meld;
use crate::notatie::{bedrag, getal, klasse, verschil_aantal};
use crate::render::meld;
use crate::uitvoer::voortgang;

/// Options of `avp diff --population`.
pub struct PopulatieArgs {
    /// The two sides: two years, or one year and a variant.
    pub vraag: crate::vergelijking::Vraag,
    /// Keep the households' real dates between two years.
    pub echte_datums: bool,
    /// The population (JSONL or CSV, `-` for stdin).
    pub populatie: String,
    /// Its format (default: by extension).
    pub invoer_formaat: Option<InvoerFormaat>,
    /// Error file.
    pub errors: Option<PathBuf>,
    /// Beleidsregels.
    pub beleidsregels: String,
    /// Text, JSON, or an HTML page with charts.
    pub formaat: crate::RapportFormaat,
    /// Write one row per household here (CSV for a `.csv` name, a workbook for `.xlsx`, else
    /// JSONL).
    pub per_huishouden: Option<PathBuf>,
    /// The CSV export in the Dutch style (`;`, decimal comma, byte order mark).
    pub csv_nl: bool,
}

/// The per-household export, written as the comparison goes and put in place at the end.
enum Export {
    /// CSV rows; with `true` amounts with a decimal comma.
    Csv(Box<csv::Writer<AtomischBestand>>, bool),
    Jsonl(AtomischBestand),
    /// The CSV rows into an unnamed temporary file (nothing is left behind, whatever ends the
    /// run), made into a workbook at the end.
    Xlsx(Box<csv::Writer<std::fs::File>>, AtomischBestand),
}

/// What a column of the export holds, for the workbook.
fn export_kolom(naam: &str) -> crate::xlsx::Soort {
    use crate::xlsx::Soort;
    match naam {
        "regel" => Soort::Geheel,
        // the amounts are the columns from `tekort_a` on
        _ if EXPORT_KOLOMMEN
            .iter()
            .skip_while(|k| **k != "tekort_a")
            .any(|k| *k == naam) =>
        {
            Soort::Bedrag
        }
        _ => Soort::Tekst,
    }
}

impl Export {
    /// Open the export at `pad`: CSV for a `.csv` name, a workbook for `.xlsx`, else JSONL.
    /// With `nl` a CSV export is in the Dutch style (`;`, decimal comma, byte order mark).
    fn open(pad: &std::path::Path, nl: bool, err: &mut dyn Write) -> std::io::Result<Export> {
        let mut f = AtomischBestand::nieuw(pad, err)?;
        let extensie = |x: &str| pad.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
        let csv_schrijver = |scheiding: u8| {
            let mut b = csv::WriterBuilder::new();
            b.has_headers(false).delimiter(scheiding);
            b
        };
        Ok(if extensie("csv") {
            if nl {
                f.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = csv_schrijver(if nl { b';' } else { b',' }).from_writer(f);
            w.write_record(EXPORT_KOLOMMEN)?;
            Export::Csv(Box::new(w), nl)
        } else if extensie("xlsx") {
            let mut w = csv_schrijver(b',').from_writer(tempfile::tempfile()?);
            w.write_record(EXPORT_KOLOMMEN)?;
            Export::Xlsx(Box::new(w), f)
        } else {
            Export::Jsonl(f)
        })
    }

    fn schrijf(&mut self, r: &HuishoudenRegel) -> std::io::Result<()> {
        match self {
            Export::Csv(w, nl) => Ok(w.write_record(r.csv_cellen(*nl))?),
            Export::Xlsx(w, _) => Ok(w.write_record(r.csv_cellen(false))?),
            Export::Jsonl(f) => {
                serde_json::to_writer(&mut *f, r).map_err(std::io::Error::other)?;
                f.write_all(b"\n")
            }
        }
    }

    fn voltooi(self) -> std::io::Result<()> {
        use std::io::Seek;
        match self {
            Export::Csv(w, _) => w.into_inner().map_err(|e| e.into_error())?.voltooi(),
            Export::Jsonl(f) => f.voltooi(),
            Export::Xlsx(w, doel) => {
                let mut csv = w.into_inner().map_err(|e| e.into_error())?;
                csv.rewind()?;
                let csv = std::io::BufReader::new(csv);
                crate::xlsx::csv_naar_xlsx(csv, "per huishouden", export_kolom, doel)
                    .map_err(std::io::Error::other)
            }
        }
    }
}

/// Run the comparison and print it.
pub fn diff_populatie(a: PopulatieArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut v = match voorbereid(&a, err) {
        Ok(v) => v,
        Err(c) => return c,
    };
    let mut schrijf_regel = v
        .export
        .as_mut()
        .map(|e| move |r: &HuishoudenRegel| e.schrijf(r));
    let pb = voortgang(v.grootte);
    let kanten = (
        Kant {
            regels: &v.zijden.regels_a,
            jaar: v.zijden.jaar_a,
        },
        Kant {
            regels: v.zijden.regels_b(),
            jaar: v.zijden.jaar_b,
        },
    );
    let fouten = &mut v.fouten;
    let uitkomst = vergelijk(
        kanten,
        &v.beleid,
        &mut v.lezer,
        !a.echte_datums,
        STANDAARD_BLOK,
        Uitvoer {
            fout: &mut |f| fouten.schrijf(f),
            per_huishouden: schrijf_regel
                .as_mut()
                .map(|f| f as crate::werkbank::batch::uitsplitsing::SchrijfRegel<'_>),
        },
        &|n| pb.set_position(n),
    );
    pb.finish_and_clear();
    let mut uitkomst = match uitkomst {
        Ok(u) => u,
        Err(f) => return meld(err, &f),
    };
    uitkomst.regels = Some(crate::werkbank::diff::vergelijk(
        &v.packs.0.pack,
        &v.packs.1.pack,
    ));
    uitkomst.naam_b = v.zijden.naam_b.clone();
    if let Err(code) = v.fouten.sluit(err) {
        return code;
    }
    if let Some(Err(e)) = v.export.map(Export::voltooi) {
        let _ = writeln!(err, "fout: kan --per-huishouden niet schrijven: {e}");
        return 2;
    }
    schrijf_rapport(&uitkomst, a.formaat, out)
}

/// Everything a comparison needs before it runs, opened and checked.
struct Voorbereiding {
    lezer: Lezer,
    grootte: Option<u64>,
    zijden: Zijden,
    beleid: avp_engine::policy::GeladenBeleid,
    packs: (
        std::sync::Arc<avp_engine::script::GecompileerdPack>,
        std::sync::Arc<avp_engine::script::GecompileerdPack>,
    ),
    fouten: crate::foutbestand::FoutBestand,
    export: Option<Export>,
}

/// Check the paths, open the population, load both sides and the beleidsregels (a side without
/// a pack is an error for the whole run, not for every record), open the error file and the
/// export; or the exit code after a message on `err`.
fn voorbereid(a: &PopulatieArgs, err: &mut dyn Write) -> Result<Voorbereiding, u8> {
    crate::uitvoer::controleer_verschillend(
        &[
            ("--populatie", Some(std::path::Path::new(&a.populatie))),
            ("--errors", a.errors.as_deref()),
        ],
        1,
        err,
    )?;
    let (invoer, grootte) = open_invoer_of_meld(&a.populatie, err)?;
    let zijden = Zijden::uit(&a.vraag, err)?;
    let beleid = zijden
        .regels_a
        .beleidsregels(&a.beleidsregels)
        .map_err(|f| meld(err, &f))?;
    let packs = zijden.packs(err)?;
    let formaat = a
        .invoer_formaat
        .unwrap_or_else(|| InvoerFormaat::van_pad(&a.populatie));
    let lezer = Lezer::nieuw(invoer, formaat).map_err(|f| meld(err, &f))?;
    let fouten = open_foutbestand_of_meld(a.errors.as_deref(), a.csv_nl, err)?;
    let export = a
        .per_huishouden
        .as_deref()
        .map(|p| Export::open(p, a.csv_nl, err))
        .transpose()
        .map_err(|e| {
            let _ = writeln!(err, "fout: kan --per-huishouden niet openen: {e}");
            2
        })?;
    Ok(Voorbereiding {
        lezer,
        grootte,
        zijden,
        beleid,
        packs,
        fouten,
        export,
    })
}

/// The report in its format on `out`; exit code 2 when records failed, 1 when `out` fails.
fn schrijf_rapport(
    v: &PopulatieVergelijking,
    formaat: crate::RapportFormaat,
    out: &mut dyn Write,
) -> u8 {
    let tekst = match formaat {
        crate::RapportFormaat::Json => {
            let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
            s.push('\n');
            s
        }
        crate::RapportFormaat::Text => tekst(v),
        crate::RapportFormaat::Html => crate::rapport::populatie(v, &tekst(v)),
    };
    if write!(out, "{tekst}").is_err() {
        return 1;
    }
    // as `avp batch`: a rule error weighs more than a rejected record
    if v.regelfouten > 0 {
        1
    } else if v.fouten > 0 {
        2
    } else {
        0
    }
}

/// How one amount changes from A to B over the households: up, down, equal, the sum, the
/// quantiles and the households per class of difference.
fn verdeling(t: &mut String, titel: &str, v: &Verdeling) {
    use std::fmt::Write as _;
    let _ = writeln!(
        t,
        "{titel} (B − A) over {} huishoudens: {} hoger, {} lager, {} gelijk; som {}",
        getal(v.aantal),
        getal(v.hoger),
        getal(v.lager),
        getal(v.gelijk),
        euro(v.som.0)
    );
    if !v.kwantielen.is_empty() {
        let k: Vec<String> = v
            .kwantielen
            .iter()
            .map(|k| format!("{} {}", k.p, euro(k.waarde.0)))
            .collect();
        let _ = writeln!(t, "  kwantielen: {}", k.join(" · "));
    }
    let _ = writeln!(t, "  {:<20}{:>12}", "verschil in euro", "huishoudens");
    for k in &v.klassen {
        if k.aantal > 0 {
            let _ = writeln!(t, "  {:<20}{:>12}", klasse(&k.klasse), getal(k.aantal));
        }
    }
}

/// The changes per group: households, how many gain and lose, and the sums of the changes.
fn groepen(t: &mut String, titel: &str, lijst: &[Groep]) {
    use std::fmt::Write as _;
    let _ = writeln!(t, "{titel}:");
    let _ = writeln!(
        t,
        "  {:<42}{:>12}{:>10}{:>12}{:>18}{:>18}{:>18}",
        "groep", "huishoudens", "erop +", "erop −", "bedrag B − A", "kosten B − A", "tekort B − A"
    );
    for g in lijst {
        let _ = writeln!(
            t,
            "  {:<42}{:>12}{:>10}{:>12}{:>18}{:>18}{:>18}",
            g.groep,
            getal(g.huishoudens),
            getal(g.erop_vooruit),
            getal(g.erop_achteruit),
            euro(g.verschil_bedrag.0),
            euro(g.verschil_kosten.0),
            euro(g.verschil_tekort.0)
        );
    }
}

/// The comparison as text.
pub fn tekst(v: &PopulatieVergelijking) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    let _ = writeln!(t, "A: {} · B: {}", v.jaar_a, v.naam_b);
    if v.jaar_a != v.jaar_b {
        let datums = if v.datums_verschoven {
            let mut d = "verschoven met het jaar (iedereen even oud als in A), zodat alleen de regels verschillen".to_string();
            if !v.geboortedatumgrenzen.is_empty() {
                let grenzen: Vec<String> = v
                    .geboortedatumgrenzen
                    .iter()
                    .map(|g| {
                        format!(
                            "geboren vóór {} ({})",
                            avp_engine::notatie::datum(g.datum),
                            g.naam
                        )
                    })
                    .collect();
                d.push_str(";\n  de geboortedatumgrenzen in de regels schuiven mee: ");
                d.push_str(&grenzen.join(", "));
            }
            d.push_str(";\n  de eindheffing volgt het (verschoven) jaar van betaling");
            d
        } else {
            "echt (--echte-datums): in het latere jaar is iedereen ouder".to_string()
        };
        let _ = writeln!(t, "Datums van de huishoudens: {datums}");
    }
    let _ = writeln!(
        t,
        "Populatie: {} vergeleken van {} records ({} met een fout)",
        getal(v.vergeleken),
        getal(v.records),
        getal(v.fouten)
    );
    let _ = writeln!(t);
    uitkomsten(&mut t, v);
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "doelgroep: {} erbij, {} eraf; toegekend: {} erbij, {} eraf",
        getal(v.doelgroep_erbij),
        getal(v.doelgroep_eraf),
        getal(v.toegekend_erbij),
        getal(v.toegekend_eraf)
    );
    let _ = writeln!(t);
    verdeling(&mut t, "Tekort", &v.tekort);
    let _ = writeln!(t);
    verdeling(
        &mut t,
        "Bedrag (tegemoetkoming + bijzondere bijstand)",
        &v.bedrag,
    );
    let _ = writeln!(t);
    groepen(&mut t, "Per soort huishouden", &v.uitsplitsing.per_soort);
    let _ = writeln!(t);
    groepen(
        &mut t,
        "Per inkomensdeciel (bruto jaarinkomen in het record)",
        &v.uitsplitsing.per_inkomensdeciel,
    );
    let _ = writeln!(t);
    grootste_veranderingen(&mut t, v);
    if let Some(r) = &v.regels {
        let _ = writeln!(t);
        if r.is_leeg() {
            let _ = writeln!(t, "De regels van A en B zijn gelijk.");
        } else {
            let _ = write!(
                t,
                "Wat verschilt in de regels:\n{}",
                crate::verschil::tekst(r)
            );
        }
    }
    t
}

/// The outcomes over the population in year A and B and the difference: households in the
/// doelgroep and granted, then the amounts.
fn uitkomsten(t: &mut String, v: &PopulatieVergelijking) {
    use std::fmt::Write as _;
    let (a, b) = (&v.a, &v.b);
    let aantallen = [
        ("doelgroep", a.doelgroep, b.doelgroep),
        ("toegekend", a.toegekend, b.toegekend),
    ];
    let bedragen = [
        ("tegemoetkoming", a.tegemoetkoming.0, b.tegemoetkoming.0),
        ("eindheffing", a.eindheffing.0, b.eindheffing.0),
        (
            "bijzondere bijstand",
            a.bijzondere_bijstand.0,
            b.bijzondere_bijstand.0,
        ),
        ("kosten", a.kosten.0, b.kosten.0),
    ];
    let rijen = aantallen
        .map(|(naam, a, b)| (naam, getal(a), getal(b), verschil_aantal(a, b)))
        .into_iter()
        .chain(bedragen.map(|(naam, a, b)| (naam, euro(a), euro(b), euro(b - a))));
    let (kop_a, kop_b) = if v.variant {
        (format!("A ({})", v.jaar_a), "B (variant)".to_string())
    } else {
        (v.jaar_a.to_string(), v.jaar_b.to_string())
    };
    let _ = writeln!(t, "{:<24}{:>20}{:>20}{:>20}", "", kop_a, kop_b, "verschil");
    for (naam, a, b, verschil) in rijen {
        let _ = writeln!(t, "{naam:<24}{a:>20}{b:>20}{verschil:>20}");
    }
}

/// The households that change most, and those that lose most; one line when none changes.
fn grootste_veranderingen(t: &mut String, v: &PopulatieVergelijking) {
    use std::fmt::Write as _;
    if v.grootste.is_empty() {
        let _ = writeln!(t, "Geen huishouden verandert.");
        return;
    }
    veranderingen(t, "Grootste veranderingen:", &v.grootste);
    if !v.grootste_dalingen.is_empty() {
        let _ = writeln!(t);
        veranderingen(
            t,
            "Grootste dalingen (bedrag omlaag, of gelijk bedrag en hoger tekort):",
            &v.grootste_dalingen,
        );
    }
}

/// A table of changed households (`grootste`, `grootste_dalingen`).
fn veranderingen(
    t: &mut String,
    kop: &str,
    lijst: &[crate::werkbank::batch::populatie::Verandering],
) {
    use std::fmt::Write as _;
    let _ = writeln!(t, "{kop}");
    let _ = writeln!(
        t,
        "  {:<12}{:<8}{:>12}{:>12}{:>14}{:>14}{:>14}  doelgroep",
        "record", "bsn", "bedrag A", "bedrag B", "verschil", "tekort A", "tekort B"
    );
    let dg = |d: Option<bool>| match d {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "—",
    };
    for g in lijst {
        let opt = |b: Option<avp_engine::decision::Bedrag>| {
            b.map(|b| bedrag(b.0)).unwrap_or_else(|| "—".into())
        };
        let _ = writeln!(
            t,
            "  {:<12}{:<8}{:>12}{:>12}{:>14}{:>14}{:>14}  {} → {}",
            format!("regel {}", g.regel),
            g.bsn.as_deref().unwrap_or("—"),
            bedrag(g.bedrag_a.0),
            bedrag(g.bedrag_b.0),
            bedrag(g.verschil.0),
            opt(g.tekort_a),
            opt(g.tekort_b),
            dg(g.doelgroep_a),
            dg(g.doelgroep_b)
        );
    }
}
