//! Temporary output files left behind by a run that was killed outright.
//!
//! An output file is written to a hidden temporary file `.avp-XXXXXX.tmp` in the target's
//! directory and renamed at the end ([`crate::uitvoer::AtomischBestand`]); Ctrl-C, SIGTERM and
//! SIGHUP remove it. SIGKILL (the OOM killer, `kill -9`, a container stopped hard) or a power cut
//! leaves it behind, and for a batch it can hold gigabytes. A later run into the same directory
//! removes such files, and says so on standard error.
//!
//! Which files are left behind: every temporary file is **locked while it is written** (an
//! exclusive advisory `flock` on the file, via `fs4`). The kernel drops that lock when the
//! process ends, however it ends, so a file of avp's naming that can be locked belongs to no
//! running avp. That is exact where a process id in the name is not: ids are reused, differ
//! between containers that share a directory, and say nothing about another machine on a
//! network share. Files of avp's naming only (`.avp-` + letters and digits + `.tmp`, a regular
//! file), and only those that can be locked, are removed; never a file another run holds.
//!
//! The one race is the moment between creating a temporary file and locking it: a cleaner may
//! lock and remove the new file in between. The writer therefore checks, once it holds the
//! lock, that its file is still the one at its path ([`vergrendel`]), and otherwise takes a new
//! one. The cleaner removes a file only while it holds the file's lock and after the same check.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Whether `naam` is avp's naming of a temporary output file: `.avp-`, 1 to 32 ASCII letters or
/// digits (tempfile's random part), `.tmp`.
pub fn is_eigen_naam(naam: &OsStr) -> bool {
    let Some(n) = naam.to_str() else {
        return false;
    };
    n.strip_prefix(".avp-")
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|m| {
            (1..=32).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Whether the open file `f` is still the file at `pad` (not removed or replaced since it was
/// opened).
#[cfg(unix)]
fn is_nog_daar(f: &File, pad: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let open = f.metadata()?;
    if open.nlink() == 0 {
        return Ok(false);
    }
    Ok(match std::fs::symlink_metadata(pad) {
        Ok(m) => m.dev() == open.dev() && m.ino() == open.ino(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    })
}

/// Lock the new temporary file `f` at `pad` for as long as it is open (the lock is released
/// when the process ends, however it ends). `Ok(false)`: another run's cleanup removed the file
/// between its creation and this lock; the caller takes a new one.
#[cfg(unix)]
pub fn vergrendel(f: &File, pad: &Path) -> io::Result<bool> {
    // a cleaner holds the lock only while it checks and removes: waiting is short
    fs4::FileExt::lock(f)?;
    is_nog_daar(f, pad)
}

/// Without `flock` (not Unix) nothing is locked and nothing is cleaned up.
#[cfg(not(unix))]
pub fn vergrendel(_f: &File, _pad: &Path) -> io::Result<bool> {
    Ok(true)
}

/// What happened to one left-behind file.
#[derive(Debug)]
pub enum Opgeruimd {
    /// Removed; its size in bytes.
    Verwijderd(PathBuf, u64),
    /// Could not be removed (no permission, …).
    Mislukt(PathBuf, io::Error),
}

/// Open the candidate `pad` without blocking on a named pipe and without following a symbolic
/// link (the name was checked as a regular file, but the directory may change in between).
#[cfg(unix)]
fn open_kandidaat(pad: &Path) -> io::Result<File> {
    let mut opties = std::fs::OpenOptions::new();
    opties.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opties.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    opties.open(pad)
}

/// One candidate: removed when no process holds it. `None`: held by a running avp (or gone, or
/// not lockable: then it is left alone).
#[cfg(unix)]
fn ruim_op_bestand(pad: PathBuf) -> Option<Opgeruimd> {
    let f = open_kandidaat(&pad).ok()?;
    match fs4::FileExt::try_lock(&f) {
        Ok(()) => {}
        Err(_) => return None,
    }
    // locked: no process writes it. Still the file at this name (not replaced meanwhile)?
    if !is_nog_daar(&f, &pad).ok()? || !f.metadata().ok()?.is_file() {
        return None;
    }
    let grootte = f.metadata().map(|m| m.len()).unwrap_or(0);
    // removed while locked: a writer that created this name just now sees that (vergrendel)
    Some(match std::fs::remove_file(&pad) {
        Ok(()) => Opgeruimd::Verwijderd(pad, grootte),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => Opgeruimd::Mislukt(pad, e),
    })
}

/// Remove the temporary files of avp's naming in `map` that no process holds.
#[cfg(unix)]
pub fn ruim_op(map: &Path) -> Vec<Opgeruimd> {
    let Ok(lijst) = std::fs::read_dir(map) else {
        return Vec::new();
    };
    let mut kandidaten: Vec<PathBuf> = lijst
        .filter_map(Result::ok)
        .filter(|e| is_eigen_naam(&e.file_name()))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    kandidaten.sort();
    kandidaten.into_iter().filter_map(ruim_op_bestand).collect()
}

/// Not on Unix: no locks, so nothing can be shown to be left behind.
#[cfg(not(unix))]
pub fn ruim_op(_map: &Path) -> Vec<Opgeruimd> {
    Vec::new()
}

/// A size for people: "312 MB", "4 kB", "17 bytes".
fn grootte(n: u64) -> String {
    const MB: u64 = 1_000_000;
    match n {
        n if n >= MB => format!("{} MB", crate::notatie::getal(n.div_ceil(MB))),
        n if n >= 1000 => format!("{} kB", n.div_ceil(1000)),
        1 => "1 byte".to_string(),
        n => format!("{n} bytes"),
    }
}

/// [`ruim_op`] for the directory of output `pad`, with a line on `err` per file.
pub fn ruim_op_en_meld(map: &Path, err: &mut dyn Write) {
    for o in ruim_op(map) {
        let _ = match o {
            Opgeruimd::Verwijderd(p, n) => writeln!(
                err,
                "avp: achtergebleven tijdelijk bestand {} ({}) van een afgebroken run verwijderd",
                p.display(),
                grootte(n)
            ),
            Opgeruimd::Mislukt(p, e) => writeln!(
                err,
                "avp: waarschuwing: achtergebleven tijdelijk bestand {} van een afgebroken run \
                 kan niet worden verwijderd: {e}; verwijder het zelf als geen avp meer loopt",
                p.display()
            ),
        };
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;

    #[test]
    fn alleen_de_eigen_naam() {
        for ja in [".avp-a1B2c3.tmp", ".avp-x.tmp"] {
            assert!(is_eigen_naam(OsStr::new(ja)), "{ja}");
        }
        for nee in [
            "avp-a1b2c3.tmp",
            ".avp-.tmp",
            ".avp-a1b2c3.tmp.bak",
            ".avp-a b.tmp",
            ".avp-a/b.tmp",
            ".avp-abc.TMP",
            "uit.jsonl",
            ".avp-0123456789012345678901234567890123.tmp",
        ] {
            assert!(!is_eigen_naam(OsStr::new(nee)), "{nee}");
        }
    }

    #[test]
    fn alleen_onvergrendelde_eigen_bestanden_verdwijnen() {
        let map = tempfile::tempdir().expect("map");
        let pad = |n: &str| map.path().join(n);
        std::fs::write(pad(".avp-oud123.tmp"), vec![7u8; 2500]).expect("oud");
        std::fs::write(pad(".avp-bezig1.tmp"), b"bezig").expect("bezig");
        std::fs::write(pad("avp-geen12.tmp"), b"x").expect("andere naam");
        std::fs::write(pad("uitvoer.jsonl"), b"x").expect("uitvoer");
        std::fs::create_dir(pad(".avp-map123.tmp")).expect("map met de naam");
        std::os::unix::fs::symlink(pad("uitvoer.jsonl"), pad(".avp-link12.tmp")).expect("link");
        // a running avp holds its file (another open file description: flock conflicts)
        let bezig = File::open(pad(".avp-bezig1.tmp")).expect("open");
        assert!(vergrendel(&bezig, &pad(".avp-bezig1.tmp")).expect("vergrendel"));
        let mut meldingen = Vec::new();
        ruim_op_en_meld(map.path(), &mut meldingen);
        let meldingen = String::from_utf8(meldingen).expect("utf8");
        assert_eq!(meldingen.lines().count(), 1, "{meldingen}");
        assert!(
            meldingen.contains(".avp-oud123.tmp (3 kB) van een afgebroken run verwijderd"),
            "{meldingen}"
        );
        let mut over: Vec<String> = std::fs::read_dir(map.path())
            .expect("lees")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        over.sort();
        assert_eq!(
            over,
            [
                ".avp-bezig1.tmp",
                ".avp-link12.tmp",
                ".avp-map123.tmp",
                "avp-geen12.tmp",
                "uitvoer.jsonl"
            ]
        );
        // released (the process ended): the next run removes it
        drop(bezig);
        let weg = ruim_op(map.path());
        assert!(
            matches!(&weg[..], [Opgeruimd::Verwijderd(p, 5)] if p.ends_with(".avp-bezig1.tmp")),
            "{weg:?}"
        );
    }

    #[test]
    fn een_weggeruimd_nieuw_bestand_wordt_gemerkt() {
        // the race: a cleaner removed the new file before its writer locked it
        let map = tempfile::tempdir().expect("map");
        let p = map.path().join(".avp-nieuw1.tmp");
        let f = File::create(&p).expect("maak");
        std::fs::remove_file(&p).expect("weg");
        assert!(!vergrendel(&f, &p).expect("vergrendel"));
        // and one replaced by another file of the same name
        let f = File::create(&p).expect("maak");
        std::fs::remove_file(&p).expect("weg");
        std::fs::write(&p, b"ander").expect("ander");
        assert!(!vergrendel(&f, &p).expect("vergrendel"));
    }

    #[test]
    fn groottes() {
        assert_eq!(grootte(0), "0 bytes");
        assert_eq!(grootte(1), "1 byte");
        assert_eq!(grootte(999), "999 bytes");
        assert_eq!(grootte(2500), "3 kB");
        assert_eq!(grootte(312_000_000), "312 MB");
        assert_eq!(grootte(2_400_000_000), "2.400 MB");
    }
}
