//! The `avp` command line (CONTRACT §4): parse arguments, call the engine or the workbench
//! (`werkbank`: batch, budget, generate, comparisons, golden cases), render.
//! Exit codes: 0 success, 1 rule or evaluation error, 2 bad input or usage.

mod achtergebleven;
mod argumentfout;
mod batch;
pub mod beleid;
mod beleidsregels;
mod budget;
mod check;
mod commands;
mod direct_io;
mod foutbestand;
mod hulp;
mod invoer;
mod junit;
mod notatie;
mod populatie;
pub mod rapport;
pub mod render;
mod rules;
pub mod serve;
mod uitvoer;
pub mod vergelijking;
pub mod verschil;
pub mod werkbank;
mod xlsx;

#[cfg(unix)]
pub use uitvoer::genegeerd as signaal_genegeerd;

/// The rules built into the binary.
pub fn ingebouwde_regels() -> avp_engine::source::GeheugenBron {
    rules::ingebouwd()
}

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// avp — beoordeling alleenverdienersproblematiek (Participatiewet art. 78gg)
#[derive(Debug, Parser)]
#[command(
    name = "avp",
    version,
    about = "avp — beoordeling alleenverdienersproblematiek (Participatiewet art. 78gg)",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    opdracht: Opdracht,
}

/// Output format of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Formaat {
    /// JSON voor systemen (het besluit, schemas/beslissing.schema.json).
    Json,
    /// Nederlandse tekst voor de behandelaar.
    Text,
    /// Markdown voor een brief of dossier (een beschikking met plaatshouders voor de gemeente).
    Markdown,
    /// De brief in Markdown als zelfstandige HTML-pagina.
    Html,
}

/// Output format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormaat {
    /// Markdown.
    Markdown,
    /// Een zelfstandige HTML-pagina.
    Html,
}

#[derive(Debug, Subcommand)]
enum BeleidOpdracht {
    /// De beleidsregels als juridisch document (artikelen met de gekozen opties ingevuld).
    Render {
        /// Een naam onder rules/gemeenten/ of een pad naar een beleidsregels.toml.
        #[arg(default_value = "vng-model")]
        beleidsregels: String,
        /// Uitvoerformaat.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DocFormaat,
        /// Map met regels (standaard: ./rules, anders de regels in avp zelf).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Het landelijke pakket waarvan keuzes.toml de keuzes beschrijft.
        #[arg(long, default_value_t = 2025)]
        jaar: i32,
    },
}

/// Output format of `avp diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormaat {
    /// Nederlandse tekst voor de beleidsmedewerker.
    Text,
    /// JSON (schemas/jaarverschil.schema.json).
    Json,
}

#[derive(Debug, Subcommand)]
enum Opdracht {
    /// Beoordeel één huishouden (JSON- of TOML-bestand, of - voor standaardinvoer).
    Eval(EvalOpdracht),
    /// Schrijf rules/gemeenten/<naam>/beleidsregels.toml vanuit het VNG-model, met uitleg boven
    /// elke keuze.
    InitGemeente {
        /// Naam van de gemeente, bijvoorbeeld "Voorbeeldstad" (map: voorbeeldstad).
        naam: String,
        /// CBS-gemeentecode (vier cijfers).
        #[arg(long)]
        code: String,
        /// Map met regels om in te schrijven (standaard: ./rules).
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Het landelijke pakket waarvan keuzes.toml de keuzes beschrijft.
        #[arg(long, default_value_t = 2025)]
        jaar: i32,
    },
    /// Werken met de beleidsregels van een gemeente.
    Beleidsregels {
        #[command(subcommand)]
        opdracht: BeleidOpdracht,
    },
    /// Controleer elk pakket en alle beleidsregels onder DIR (standaard: rules/) en reken elk pakket
    /// door op zijn gouden gevallen en op gegenereerde huishoudens.
    Check {
        /// Map met regels.
        dir: Option<PathBuf>,
        /// Gouden gevallen om door te rekenen (standaard: tests/cases naast DIR, als die er is).
        #[arg(long)]
        gevallen: Option<PathBuf>,
        /// Noem elke waarde van JAAR die nog `nog_niet_vastgesteld` is, met bestand en de bron om te
        /// volgen, in plaats van te controleren.
        #[arg(long, value_name = "JAAR")]
        ontbrekend: Option<i32>,
        /// Uitvoer: tekst, of JSON voor de CI van een regelrepository.
        #[arg(long, value_enum, default_value = "text")]
        format: RapportFormaat,
    },
    /// Reken gouden gevallen door (standaard: tests/cases).
    Test {
        /// Bestanden of mappen met gevallen.
        paden: Vec<PathBuf>,
        /// Map met regels.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Schrijf de uitkomsten ook als JUnit-XML naar BESTAND (voor CI).
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Schrijf de JSON-schema's.
    Schema {
        /// Uitvoermap.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Beoordeel veel huishoudens (JSONL of CSV) parallel, één besluit per regel, in invoervolgorde.
    Batch(BatchOpdracht),
    /// Schrijf shell-aanvullingen voor SHELL (bash, zsh, fish, elvish, powershell) naar standaarduitvoer.
    Completions {
        /// De shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Schrijf de man-pagina avp(1) (roff) naar standaarduitvoer: `avp man > avp.1`
    ///
    /// Met een opdracht de pagina van die opdracht (`avp man diff > avp-diff.1`); met --map MAP
    /// alle pagina's als bestanden in MAP.
    Man {
        /// De opdracht waarvan de pagina wordt geschreven (standaard: avp zelf).
        opdracht: Option<String>,
        /// Schrijf avp.1 en avp-OPDRACHT.1 van elke opdracht in deze map.
        #[arg(long, value_name = "MAP", conflicts_with = "opdracht")]
        map: Option<PathBuf>,
    },
    /// Start de rekenhulp (/) en de HTTP-API (/v1, beschreven op /api en /openapi.json) tot
    /// SIGTERM of Ctrl-C; SIGHUP laadt de regels opnieuw.
    Serve(serve::ServeOpdracht),
    /// Toon elke parameter, elk regelbestand en elke redentekst die verschilt tussen twee jaren (of
    /// een jaar en een variant); met --populatie wat dat doet met de uitkomsten van een populatie.
    Diff(DiffOpdracht),
    /// Schrijf N synthetische, plausibele huishoudens (JSONL) naar standaarduitvoer; dezelfde seed geeft dezelfde bytes.
    Generate {
        /// Aantal huishoudens.
        #[arg(long)]
        count: u64,
        /// Seed van de willekeurige reeks.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Het jaar van de huishoudens.
        #[arg(long = "jaar", alias = "year", value_name = "JAAR")]
        year: i32,
    },
    /// De verwachte kosten van de gemeente en de onderdelen van de decentralisatie-uitkering voor een jaar.
    Budget(budget::BudgetOpdracht),
}

/// Output format of `avp diff`'s reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RapportFormaat {
    /// Tekst voor de beleidsmedewerker.
    Text,
    /// JSON voor systemen.
    Json,
    /// Eén zelfstandige HTML-pagina met grafieken (met --populatie).
    Html,
}

/// Output format of `avp batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormaat {
    /// Eén besluit per regel (schemas/beslissing.schema.json) met de invoerregel als `regel`.
    Jsonl,
    /// Eén samenvattende rij per huishouden.
    Csv,
    /// De samenvattende rijen als Excel-werkmap (met --out BESTAND.xlsx).
    Xlsx,
}

/// The style of CSV output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvStijl {
    /// `,` tussen de velden, een decimale punt, geen byte order mark (RFC 4180).
    Standaard,
    /// Wat Nederlandse Excel in kolommen opent: `;` tussen de velden, een decimale komma, een
    /// UTF-8 byte order mark.
    Nl,
}

/// Input format of `avp batch` and `avp diff --population`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchInvoer {
    /// Eén huishouden in JSON per regel.
    Jsonl,
    /// Eén huishouden per CSV-rij.
    Csv,
}

impl BatchInvoer {
    fn formaat(self) -> crate::werkbank::batch::InvoerFormaat {
        match self {
            BatchInvoer::Jsonl => crate::werkbank::batch::InvoerFormaat::Jsonl,
            BatchInvoer::Csv => crate::werkbank::batch::InvoerFormaat::Csv,
        }
    }
}

/// Arguments of `avp eval`.
#[derive(Debug, clap::Args)]
struct EvalOpdracht {
    /// Bestand met het huishouden, of `-` voor standaardinvoer (JSON).
    bestand: String,
    /// Beleidsregels: een naam onder rules/gemeenten/ of een pad naar een beleidsregels.toml
    /// (standaard: AVP_BELEIDSREGELS, avp.toml, anders het VNG-model; met --verify-herkomst: die uit het opgeslagen besluit).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Map met regels (standaard: ./rules, anders de regels in avp zelf).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Uitvoerformaat.
    #[arg(long, value_enum, default_value = "json")]
    format: Formaat,
    /// Voeg elke grootheid toe met haar regel en parameters (trace).
    #[arg(long)]
    trace: bool,
    /// Beoordeel opnieuw en vergelijk met een opgeslagen besluit (JSON): afsluitcode 0 als dezelfde
    /// regels dezelfde uitkomst geven, anders 1 met de verschillende velden en hashes.
    #[arg(long, value_name = "BESLISSING.json")]
    verify_herkomst: Option<PathBuf>,
}

/// Arguments of `avp diff`.
#[derive(Debug, clap::Args)]
struct DiffOpdracht {
    /// Het eerste jaar (met JAAR_B: vergelijk twee jaren).
    jaar_a: Option<i32>,
    /// Het tweede jaar.
    #[arg(requires = "jaar_a")]
    jaar_b: Option<i32>,
    /// Eén jaar, onder de regels (A) en onder een variant daarvan (B): met --variant of --zet.
    #[arg(long, value_name = "JAAR")]
    jaar: Option<i32>,
    /// De variant: een map met regels (zoals --rules) waarvan het pakket voor --jaar kant B is.
    #[arg(long, value_name = "DIR")]
    variant: Option<PathBuf>,
    /// Kant B met één parameter op een andere waarde, bijvoorbeeld --zet tegemoetkoming::bedrag=1200
    /// (herhaalbaar; de waarde zoals in een parameterbestand, getoetst aan haar eenheid).
    #[arg(long, value_name = "NAAM=WAARDE")]
    zet: Vec<avp_engine::pack::Zetting>,
    /// Bestand met de populatie (JSONL of CSV, `-` voor standaardinvoer): beoordeel die aan beide kanten.
    #[arg(long = "populatie", alias = "population", value_name = "FILE")]
    population: Option<String>,
    /// Met --populatie: schrijf één rij per huishouden naar BESTAND (regel, kenmerk, route,
    /// doelgroep, toegekend, tekort, bedrag en kosten onder A en B, de verschillen); CSV voor een
    /// naam op .csv, een Excel-werkmap voor .xlsx, anders JSONL.
    #[arg(long, value_name = "FILE")]
    per_huishouden: Option<PathBuf>,
    /// Tussen twee jaren: houd de echte datums van elk huishouden (iedereen een jaar ouder in het
    /// latere jaar). Standaard schuiven alle datums mee, zodat alleen de regels verschillen.
    #[arg(long)]
    echte_datums: bool,
    /// Schrijf records met een fout naar BESTAND (JSONL; CSV voor een naam op .csv).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Formaat van de populatie (standaard: naar de extensie, .csv = CSV, anders JSONL); nodig
    /// voor CSV op standaardinvoer.
    #[arg(long, value_enum, value_name = "FORMAAT")]
    invoer_formaat: Option<BatchInvoer>,
    /// Beleidsregels: een naam onder rules/gemeenten/ of een pad (standaard: AVP_BELEIDSREGELS,
    /// anders `beleidsregels` in ./avp.toml, anders het VNG-model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Map met regels.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Uitvoerformaat.
    #[arg(long, value_enum, default_value = "text")]
    format: RapportFormaat,
    /// Met --per-huishouden BESTAND.csv: de CSV-stijl (`nl`: `;`, decimale komma, UTF-8 BOM,
    /// voor Nederlandse Excel).
    #[arg(long, value_enum, default_value = "standaard")]
    csv_stijl: CsvStijl,
}

/// Arguments of `avp batch`.
#[derive(Debug, clap::Args)]
struct BatchOpdracht {
    /// Invoer: JSONL (één huishouden per regel) of CSV (één rij per huishouden); `-` voor standaardinvoer.
    invoer: String,
    /// Uitvoerbestand (atomair geschreven); standaard standaarduitvoer.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Schrijf geweigerde records naar BESTAND met regelnummer, veld en melding (JSONL; CSV voor een naam op .csv).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Uitvoerformaat.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: BatchFormaat,
    /// Met --format csv: de CSV-stijl (`nl`: `;`, decimale komma, UTF-8 BOM, voor Nederlandse Excel).
    #[arg(long, value_enum, default_value = "standaard")]
    csv_stijl: CsvStijl,
    /// Invoerformaat (standaard: CSV voor een naam op .csv, anders JSONL).
    #[arg(long, value_enum)]
    invoer_formaat: Option<BatchInvoer>,
    /// De lijst van de Belastingdienst: één BSN per regel, of CSV met een kolom `bsn`.
    #[arg(long, value_name = "FILE")]
    lijst: Option<PathBuf>,
    /// Beleidsregels: een naam onder rules/gemeenten/ of een pad (standaard: AVP_BELEIDSREGELS,
    /// anders `beleidsregels` in ./avp.toml, anders het VNG-model).
    #[arg(long)]
    beleidsregels: Option<String>,
    /// Map met regels.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Voeg de trace toe aan elk besluit.
    #[arg(long)]
    trace: bool,
    /// Records per blok (geheugen tegenover parallellisme).
    #[arg(long, default_value_t = crate::werkbank::batch::STANDAARD_BLOK, hide = true)]
    blok: usize,
}

/// Run the CLI with `args` (including the program name); returns the exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use clap::FromArgMatches;
    let wil_versie = args.iter().skip(1).any(|a| a == "--version" || a == "-V");
    let mut c = if wil_versie {
        hulp::opdrachtregel()
    } else {
        hulp::nederlands(<Cli as clap::CommandFactory>::command())
    };
    match c
        .try_get_matches_from_mut(args.iter())
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => {
            if cli.opdracht.kiest_beleidsregels() {
                if let Some(fout) = beleidsregels::controleer_avp_toml() {
                    let _ = writeln!(err, "fout: {fout}");
                    return 2;
                }
            }
            cli.opdracht.voer_uit(out, err)
        }
        Err(e) => hulp::meld_argumenten(&e, &c, &args, out, err),
    }
}

impl Opdracht {
    /// Whether the command decides with beleidsregels it may take from `./avp.toml` (which must
    /// then be valid).
    fn kiest_beleidsregels(&self) -> bool {
        matches!(
            self,
            Opdracht::Eval(_) | Opdracht::Batch(_) | Opdracht::Diff(_) | Opdracht::Serve(_)
        )
    }

    /// Run the command: the small ones here, the others by their own arguments.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        match self {
            Opdracht::Eval(e) => e.voer_uit(out, err),
            Opdracht::InitGemeente {
                naam,
                code,
                rules,
                jaar,
            } => commands::init_gemeente(&naam, &code, &rules, jaar, out, err),
            Opdracht::Beleidsregels {
                opdracht:
                    BeleidOpdracht::Render {
                        beleidsregels,
                        format,
                        rules,
                        jaar,
                    },
            } => commands::render_beleid(&beleidsregels, format, rules, jaar, out, err),
            Opdracht::Check {
                dir,
                gevallen,
                ontbrekend: Some(jaar),
                format,
            } => {
                let _ = gevallen;
                check::ontbrekend(dir, jaar, format == RapportFormaat::Json, out, err)
            }
            Opdracht::Check {
                dir,
                gevallen,
                format,
                ..
            } => check::check(dir, gevallen, format == RapportFormaat::Json, out, err),
            Opdracht::Test {
                paden,
                rules,
                junit,
            } => commands::test(paden, rules, junit, out, err),
            Opdracht::Schema { out: dir } => commands::schema(&dir, out, err),
            Opdracht::Batch(b) => batch::batch(b.into(), out, err),
            Opdracht::Serve(s) => serve::serve(s.into(), err),
            Opdracht::Completions { shell } => {
                // into memory first: clap_complete panics when its writer fails (a closed pipe)
                let mut tekst = Vec::new();
                clap_complete::generate(shell, &mut hulp::opdrachtregel(), "avp", &mut tekst);
                u8::from(out.write_all(&tekst).is_err())
            }
            Opdracht::Man { opdracht, map } => {
                hulp::man(opdracht.as_deref(), map.as_deref(), out, err)
            }
            Opdracht::Diff(d) => d.voer_uit(out, err),
            Opdracht::Generate { count, seed, year } => {
                batch::generate(count, seed, year, out, err)
            }
            Opdracht::Budget(b) => b.voer_uit(out, err),
        }
    }
}

impl EvalOpdracht {
    /// `avp eval`: evaluate and render, or with `--verify-herkomst` compare with a stored
    /// decision.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        match self.verify_herkomst {
            Some(opgeslagen) => commands::verifieer(
                &self.bestand,
                self.beleidsregels.as_deref(),
                self.rules,
                &opgeslagen,
                out,
                err,
            ),
            None => commands::eval(
                &self.bestand,
                beleidsregels::kies(self.beleidsregels),
                self.rules,
                self.format,
                self.trace,
                out,
                err,
            ),
        }
    }
}

impl DiffOpdracht {
    /// `avp diff`: with `--population` the comparison over a population, otherwise the
    /// differences between the two sides' packs.
    fn voer_uit(self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        let vraag = vergelijking::Vraag {
            jaren: self.jaar_a.zip(self.jaar_b),
            jaar: self.jaar,
            rules: self.rules,
            variant: self.variant,
            zettingen: self.zet,
        };
        if self.jaar_a.is_some() && self.jaar_b.is_none() {
            let _ = writeln!(
                err,
                "fout: geef twee jaren (avp diff 2025 2026), of --jaar met --variant of --zet"
            );
            return 2;
        }
        match self.population {
            Some(populatie) => populatie::diff_populatie(
                populatie::PopulatieArgs {
                    vraag,
                    populatie,
                    invoer_formaat: self.invoer_formaat.map(BatchInvoer::formaat),
                    errors: self.errors,
                    beleidsregels: beleidsregels::kies_en_waarschuw(self.beleidsregels, err).naam,
                    echte_datums: self.echte_datums,
                    formaat: self.format,
                    per_huishouden: self.per_huishouden,
                    csv_nl: self.csv_stijl == CsvStijl::Nl,
                },
                out,
                err,
            ),
            None => {
                let formaat = match self.format {
                    RapportFormaat::Text => DiffFormaat::Text,
                    RapportFormaat::Json => DiffFormaat::Json,
                    RapportFormaat::Html => {
                        let _ = writeln!(err, "fout: --format html geeft het rapport over een populatie; geef --populatie BESTAND, of kies text of json");
                        return 2;
                    }
                };
                commands::diff(&vraag, formaat, out, err)
            }
        }
    }
}

impl From<BatchOpdracht> for batch::BatchArgs {
    /// The options of `avp batch` as the batch module takes them.
    fn from(b: BatchOpdracht) -> Self {
        batch::BatchArgs {
            xlsx: b.format == BatchFormaat::Xlsx,
            invoer: b.invoer,
            out: b.out,
            errors: b.errors,
            formaat: match b.format {
                BatchFormaat::Jsonl => crate::werkbank::batch::UitvoerFormaat::Jsonl,
                BatchFormaat::Csv if b.csv_stijl == CsvStijl::Nl => {
                    crate::werkbank::batch::UitvoerFormaat::CsvNl
                }
                BatchFormaat::Csv | BatchFormaat::Xlsx => {
                    crate::werkbank::batch::UitvoerFormaat::Csv
                }
            },
            invoer_formaat: b.invoer_formaat.map(BatchInvoer::formaat),
            lijst: b.lijst,
            beleidsregels: beleidsregels::kies_en_waarschuw(
                b.beleidsregels,
                &mut std::io::stderr(),
            )
            .naam,
            rules: b.rules,
            trace: b.trace,
            blok: b.blok,
        }
    }
}
