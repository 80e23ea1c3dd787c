//! `avp batch` and `avp generate`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::werkbank::batch::{
    self, Instellingen, InvoerFormaat, Lezer, Lijst, Samenvatting, UitvoerFormaat, ROUTES,
};
use avp_engine::notatie::euro;
use avp_engine::{Opties, Regels};

use crate::foutbestand::open_foutbestand_of_meld;
use crate::invoer::{open_invoer, open_invoer_of_meld};
use crate::notatie::{getal, telwoord};
use crate::render::meld;
use crate::uitvoer::{voortgang, Doel};

/// Options of `avp batch`.
pub struct BatchArgs {
    /// Input file or `-`.
    pub invoer: String,
    /// Output file (`None`/`-` = stdout).
    pub out: Option<PathBuf>,
    /// Error file.
    pub errors: Option<PathBuf>,
    /// Output format.
    pub formaat: UitvoerFormaat,
    /// Input format (default: by extension).
    pub invoer_formaat: Option<InvoerFormaat>,
    /// Belastingdienst list.
    pub lijst: Option<PathBuf>,
    /// Beleidsregels.
    pub beleidsregels: String,
    /// Rules directory.
    pub rules: Option<PathBuf>,
    /// Trace.
    pub trace: bool,
    /// Records per block.
    pub blok: usize,
    /// Write the CSV summary as an Excel workbook to `out` (`--format xlsx`).
    pub xlsx: bool,
}

/// `avp batch --format xlsx --out FILE.xlsx`: the batch's CSV summary into a temporary file
/// beside the output, then as a workbook at the output's place.
fn batch_xlsx(a: BatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(doel) = a.out.clone().filter(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    }) else {
        let _ = writeln!(
            err,
            "fout: --format xlsx schrijft een werkmap; geef --out BESTAND.xlsx"
        );
        return 2;
    };
    let map = doel
        .parent()
        .filter(|m| !m.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tijdelijk = match tempfile::Builder::new()
        .prefix(".avp-")
        .suffix(".csv.tmp")
        .tempfile_in(map)
    {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                err,
                "fout: kan geen tijdelijk bestand maken in {}: {e}",
                map.display()
            );
            return 2;
        }
    };
    let csv_pad = tijdelijk.path().to_path_buf();
    let code = batch(
        BatchArgs {
            out: Some(csv_pad.clone()),
            xlsx: false,
            ..a
        },
        out,
        err,
    );
    if code == 1 && std::fs::metadata(&csv_pad).map_or(true, |m| m.len() == 0) {
        return code;
    }
    let omzetting = std::fs::File::open(&csv_pad)
        .and_then(|f| Ok((f, crate::uitvoer::AtomischBestand::nieuw(&doel, err)?)))
        .map_err(|e| e.to_string())
        .and_then(|(f, uit)| {
            let csv = std::io::BufReader::new(f);
            crate::xlsx::csv_naar_xlsx(csv, "besluiten", batch_kolom, uit)
        });
    if let Err(e) = omzetting {
        let _ = writeln!(err, "fout: kan {} niet schrijven: {e}", doel.display());
        return 2;
    }
    code
}

/// What a column of the batch's CSV summary holds: the amounts `tegemoetkoming` up to and
/// including `besteedbaar_inkomen_referentie`, the whole numbers `regel` and `jaar`, else text.
fn batch_kolom(naam: &str) -> crate::xlsx::Soort {
    use crate::xlsx::Soort;
    match naam {
        "regel" | "jaar" => Soort::Geheel,
        _ if batch::CSV_KOLOMMEN[7..14].contains(&naam) => Soort::Bedrag,
        _ => Soort::Tekst,
    }
}

/// Read the Belastingdienst list; bad lines are reported masked on `err`.
fn lees_lijst(pad: &Path, err: &mut dyn Write) -> Result<Lijst, u8> {
    let naam = pad.display().to_string();
    let (r, _) = open_invoer(&naam).map_err(|e| {
        let _ = writeln!(err, "fout: kan de lijst {naam} niet lezen: {e}");
        2
    })?;
    let lijst = Lijst::lees(r, &naam).map_err(|f| meld(err, &f))?;
    for f in &lijst.fouten {
        let _ = writeln!(err, "fout[{}]: {f}", f.code);
    }
    Ok(lijst)
}

/// `avp batch`: evaluate every record of the input into the output (and rejected records into
/// the error file), then print the summary on `err`.
pub fn batch(a: BatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if a.xlsx {
        return batch_xlsx(a, out, err);
    }
    // a name on .xlsx holds a workbook: JSONL or CSV under that name would not open
    if let Some(p) = a.out.as_deref().filter(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    }) {
        let _ = writeln!(
            err,
            "fout: --out {} is de naam van een Excel-werkmap; geef --format xlsx, of een naam zonder .xlsx",
            p.display()
        );
        return 2;
    }
    match verwerk_invoer(&a, out, err) {
        Ok(code) | Err(code) => code,
    }
}

/// The batch run: `Ok` with the exit code of a finished run, `Err` with the exit code when it
/// stopped early (the reason reported on `err`).
fn verwerk_invoer(a: &BatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, u8> {
    controleer_paden(a, err)?;
    let formaat_in = a
        .invoer_formaat
        .unwrap_or_else(|| InvoerFormaat::van_pad(&a.invoer));
    let (invoer, grootte) = open_invoer_of_meld(&a.invoer, err)?;
    let lijst = a.lijst.as_deref().map(|p| lees_lijst(p, err)).transpose()?;
    let regels = Regels::new(crate::rules::kies(a.rules.clone()));
    let beleid = regels
        .beleidsregels(&a.beleidsregels)
        .map_err(|f| meld(err, &f))?;
    let mut lezer = Lezer::nieuw(invoer, formaat_in).map_err(|f| meld(err, &f))?;
    let mut doel = Doel::open(a.out.as_deref(), out, err).map_err(|e| {
        let _ = writeln!(err, "fout: kan de uitvoer niet openen: {e}");
        2
    })?;
    let mut fouten = open_foutbestand_of_meld(
        a.errors.as_deref(),
        a.formaat == crate::werkbank::batch::UitvoerFormaat::CsvNl,
        err,
    )?;
    let pb = voortgang(grootte);
    let inst = Instellingen {
        opties: Opties { trace: a.trace },
        uitvoer: a.formaat,
        lijst: lijst.as_ref(),
        blok: a.blok,
    };
    let s = batch::verwerk(
        &regels,
        &beleid,
        &mut lezer,
        inst,
        &mut doel,
        &mut |f| fouten.schrijf(f),
        &|n| pb.set_position(n),
    );
    pb.finish_and_clear();
    let s = s.map_err(|f| meld(err, &f))?;
    doel.voltooi().map_err(|e| {
        let _ = writeln!(err, "fout: kan de uitvoer niet schrijven: {e}");
        2
    })?;
    fouten.sluit(err)?;
    let _ = write!(err, "{}", samenvatting(&s, lijst.as_ref()));
    Ok(afsluitcode(&s, lijst.as_ref()))
}

/// The input, the list, the output and the error file must be different files (exit code 2).
fn controleer_paden(a: &BatchArgs, err: &mut dyn Write) -> Result<(), u8> {
    crate::uitvoer::controleer_verschillend(
        &[
            ("de invoer", Some(Path::new(&a.invoer))),
            ("--lijst", a.lijst.as_deref()),
            ("--out", a.out.as_deref()),
            ("--errors", a.errors.as_deref()),
        ],
        2,
        err,
    )
}

/// The exit code of a finished run: 1 with a rule error, 2 with a rejected record or list line,
/// else 0.
fn afsluitcode(s: &Samenvatting, lijst: Option<&Lijst>) -> u8 {
    if s.regelfouten > 0 {
        1
    } else if s.geweigerd > 0 || lijst.is_some_and(|l| !l.fouten.is_empty()) {
        2
    } else {
        0
    }
}

/// The summary printed at the end of a batch (standard error).
pub fn samenvatting(s: &Samenvatting, lijst: Option<&Lijst>) -> String {
    let mut t = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(
        t,
        "avp batch: {} gelezen, {} beoordeeld, {} geweigerd (invoerfout), {} met een regelfout",
        telwoord(s.records, "record", "records"),
        getal(s.beoordeeld),
        getal(s.geweigerd),
        getal(s.regelfouten)
    );
    let r = s.invoerregels;
    if r.regels != r.records {
        let mut delen = vec![format!("{} met een record", getal(r.in_records))];
        if r.kop > 0 {
            delen.push(telwoord(r.kop, "kopregel", "kopregels"));
        }
        delen.push(telwoord(r.leeg, "lege regel", "lege regels"));
        let regels = telwoord(r.regels, "regel", "regels");
        let _ = writeln!(t, "invoer: {regels}: {}", delen.join(", "));
    }
    let _ = writeln!(
        t,
        "{:<20}{:>12}{:>12}{:>16}",
        "route", "toegekend", "afgewezen", "niet toegekend"
    );
    for (r, route) in ROUTES.iter().enumerate() {
        let _ = writeln!(
            t,
            "{:<20}{:>12}{:>12}{:>16}",
            route.naam(),
            getal(s.per_route[r][0]),
            getal(s.per_route[r][1]),
            getal(s.per_route[r][2])
        );
    }
    let _ = writeln!(t, "{:<28}{:>20}", "tegemoetkoming", euro(s.tegemoetkoming));
    let _ = writeln!(t, "{:<28}{:>20}", "eindheffing", euro(s.eindheffing));
    let _ = writeln!(
        t,
        "{:<28}{:>20}",
        "bijzondere bijstand",
        euro(s.bijzondere_bijstand)
    );
    let _ = writeln!(t, "{:<28}{:>20}", "totaal", euro(s.kosten().0));
    if let Some(l) = lijst {
        let _ = writeln!(
            t,
            "lijst Belastingdienst: {}, {}; {} op de lijst (meestverdienende partner), {} niet in de invoer gevonden, {} waarvan alleen de minstverdienende partner op de lijst staat (niet gemarkeerd)",
            telwoord(l.len() as u64, "geldig BSN", "geldige BSN's"),
            telwoord(l.fouten.len() as u64, "afgekeurde regel", "afgekeurde regels"),
            telwoord(s.op_lijst, "huishouden", "huishoudens"),
            telwoord(l.len().saturating_sub(s.gevonden.len()) as u64, "BSN", "BSN's"),
            telwoord(s.lijst_minstverdienende, "huishouden", "huishoudens")
        );
    }
    t
}

/// `avp generate`.
pub fn generate(aantal: u64, seed: u64, jaar: i32, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // records of a year the regulation does not cover would all be rejected by `avp batch`
    if let Err(mut f) = avp_engine::evaluate::controleer_jaar(jaar, "--jaar") {
        f.locatie = None;
        f.bericht = format!("--jaar {jaar}: {}", f.bericht);
        return meld(err, &f.into());
    }
    let mut w = std::io::BufWriter::with_capacity(crate::uitvoer::BUFFER, out);
    let r = crate::werkbank::generate::schrijf_jsonl(&mut w, aantal, seed, jaar)
        .and_then(|_| w.flush());
    match r {
        Ok(()) => 0,
        // `avp generate … | head`: the reader has what it wants
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "fout: kan niet schrijven: {e}");
            2
        }
    }
}
