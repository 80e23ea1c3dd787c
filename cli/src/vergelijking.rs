//! The two sides of `avp diff`: two years of one rules tree (`avp diff 2025 2026`), or one year
//! under the rules and under a variant of them (`avp diff --jaar 2025 --variant DIR`, `--zet
//! NAAM=WAARDE`). Both the rules diff and the population comparison take them from here.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use avp_engine::error::Fouten;
use avp_engine::pack::Zetting;
use avp_engine::script::GecompileerdPack;
use avp_engine::Regels;

use crate::render::meld;

/// What the user asked to compare.
#[derive(Debug, Clone, Default)]
pub struct Vraag {
    /// `JAAR_A JAAR_B`, when given.
    pub jaren: Option<(i32, i32)>,
    /// `--jaar`: one year under the rules and under the variant.
    pub jaar: Option<i32>,
    /// `--rules`.
    pub rules: Option<PathBuf>,
    /// `--variant DIR`: a rules tree for side B.
    pub variant: Option<PathBuf>,
    /// `--zet NAAM=WAARDE`: parameters set in side B.
    pub zettingen: Vec<Zetting>,
}

/// The two sides, with their rules loaded.
pub struct Zijden {
    /// Side A's rules.
    pub regels_a: Regels,
    /// Side B's rules when they differ from A's (a variant).
    pub regels_b: Option<Regels>,
    /// Side A's year.
    pub jaar_a: i32,
    /// Side B's year.
    pub jaar_b: i32,
    /// What side B is, for the report: `2026`, or `2025 met --zet tegemoetkoming::bedrag=1200`.
    pub naam_b: String,
}

impl Zijden {
    /// The sides of `v`, or the exit code after a message on `err`: 2 for a question that does
    /// not fit together or a year outside 2023–2027, else as loading the packs gives.
    pub fn uit(v: &Vraag, err: &mut dyn Write) -> Result<Zijden, u8> {
        let is_variant = v.variant.is_some() || !v.zettingen.is_empty();
        let (jaar_a, jaar_b) = match (v.jaren, v.jaar, is_variant) {
            (Some(j), None, false) => j,
            (None, Some(j), true) => (j, j),
            (None, None, true) => return Err(fout(err, "een variant (--variant, --zet) hoort bij één jaar: geef --jaar JAAR")),
            (Some(_), _, true) => return Err(fout(err, "vergelijk twee jaren (JAAR_A JAAR_B) of één jaar met een variant (--jaar met --variant of --zet), niet allebei")),
            (_, Some(_), false) => return Err(fout(err, "--jaar hoort bij een variant: geef ook --variant DIR of --zet NAAM=WAARDE, of vergelijk twee jaren met JAAR_A JAAR_B")),
            (None, None, false) => return Err(fout(err, "geef twee jaren (avp diff 2025 2026) of één jaar met een variant (avp diff --jaar 2025 --zet tegemoetkoming::bedrag=1200)")),
        };
        let namen = if is_variant {
            ["--jaar", "--jaar"]
        } else {
            ["JAAR_A", "JAAR_B"]
        };
        controleer_jaren([(jaar_a, namen[0]), (jaar_b, namen[1])], err)?;
        let regels_a = Regels::new(crate::rules::kies(v.rules.clone()));
        let regels_b = is_variant.then(|| {
            let bron = match &v.variant {
                Some(d) => crate::rules::kies(Some(d.clone())),
                None => crate::rules::kies(v.rules.clone()),
            };
            Regels::new(bron).met_zettingen(v.zettingen.clone())
        });
        let mut naam_b = jaar_b.to_string();
        if let Some(d) = &v.variant {
            naam_b = format!("{naam_b} met de variant {}", d.display());
        }
        for z in &v.zettingen {
            naam_b = format!("{naam_b} met {}", z.toon());
        }
        Ok(Zijden {
            regels_a,
            regels_b,
            jaar_a,
            jaar_b,
            naam_b,
        })
    }

    /// Side B's rules.
    pub fn regels_b(&self) -> &Regels {
        self.regels_b.as_ref().unwrap_or(&self.regels_a)
    }

    /// Both sides' packs, or the exit code after the errors of either on `err`.
    pub fn packs(
        &self,
        err: &mut dyn Write,
    ) -> Result<(Arc<GecompileerdPack>, Arc<GecompileerdPack>), u8> {
        match (
            self.regels_a.pack(self.jaar_a),
            self.regels_b().pack(self.jaar_b),
        ) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (a, b) => {
                let mut alle = Fouten::default();
                for f in [a.err(), b.err()].into_iter().flatten() {
                    alle.0.extend(f.0);
                }
                Err(meld(err, &alle))
            }
        }
    }
}

/// A year outside 2023–2027 is bad input (exit 2), as in eval, batch and budget.
/// `jaren`: each year with the argument that gave it (`JAAR_A`, `--jaar`); one that gave both
/// is reported once.
fn controleer_jaren(jaren: [(i32, &str); 2], err: &mut dyn Write) -> Result<(), u8> {
    let mut buiten = Fouten::default();
    let uniek = if jaren[0] == jaren[1] {
        &jaren[..1]
    } else {
        &jaren[..]
    };
    for &(jaar, naam) in uniek {
        if let Err(mut f) = avp_engine::evaluate::controleer_jaar(jaar, naam) {
            f.locatie = None;
            f.bericht = format!("{naam} = {jaar}: {}", f.bericht);
            buiten.0.push(f);
        }
    }
    if buiten.0.is_empty() {
        Ok(())
    } else {
        Err(meld(err, &buiten))
    }
}

fn fout(err: &mut dyn Write, bericht: &str) -> u8 {
    let _ = writeln!(err, "fout: {bericht}");
    2
}
