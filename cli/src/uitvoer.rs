//! Output plumbing shared by `batch`, `diff --population` and `generate`: atomic output files,
//! the error file, opening the input, and the progress bar.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tempfile::NamedTempFile;

use crate::direct_io::DirectSchrijver;

/// Buffer size for input and output: large writes, few system calls.
pub const BUFFER: usize = 1 << 20;

/// The outputs of this process: temporary files not yet finished, and targets already renamed
/// into place. When the run is interrupted (Ctrl-C, SIGTERM, SIGHUP) the handler removes the
/// unfinished ones: a destructor does not run when a signal ends the process, and an
/// interrupted batch would leave a hidden `.avp-*.tmp` of up to gigabytes.
struct Register {
    open: Vec<PathBuf>,
    voltooid: Vec<PathBuf>,
}

static REGISTER: Mutex<Register> = Mutex::new(Register {
    open: Vec::new(),
    voltooid: Vec::new(),
});

fn register() -> std::sync::MutexGuard<'static, Register> {
    REGISTER.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether signal `nr` is ignored by this process (`nohup` ignores SIGHUP; a background job of
/// a script ignores SIGINT): such a signal is left alone. Linux: `SigIgn` in /proc/self/status.
#[cfg(unix)]
pub fn genegeerd(nr: i32) -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("SigIgn:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        })
        .is_some_and(|m| nr >= 1 && m & (1u64 << (nr - 1)) != 0)
}

/// Install the interrupt handler (once per process): a thread that waits for SIGINT, SIGTERM
/// or SIGHUP (those not ignored), removes the unfinished outputs and then ends the process by
/// the same signal, so a shell sees an interrupted command (a loop over files stops).
///
/// The register's lock is held from the signal until the process ends: an output being renamed
/// into place (`AtomischBestand::voltooi`, under the same lock) either finishes first or never.
/// The message goes to a copy of the standard-error descriptor: the command holds the lock of
/// `std::io::stderr()` while it runs, so writing through it would wait forever.
fn ruim_op_bij_onderbreking() {
    static EENMAAL: Once = Once::new();
    #[cfg(unix)]
    EENMAAL.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use std::os::fd::AsFd;
        let signalen: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter(|s| !genegeerd(*s))
            .collect();
        let Ok(mut wacht) = signal_hook::iterator::Signals::new(&signalen) else {
            return;
        };
        let mut melding: Option<File> = std::io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .map(File::from);
        let _ = std::thread::Builder::new()
            .name("avp-onderbreking".into())
            .spawn(move || {
                let Some(signaal) = wacht.forever().next() else {
                    return;
                };
                let r = register();
                for p in &r.open {
                    let _ = std::fs::remove_file(p);
                }
                if let Some(f) = &mut melding {
                    let al = if r.voltooid.is_empty() {
                        "de doelbestanden zijn niet aangeraakt".to_string()
                    } else {
                        let namen: Vec<String> =
                            r.voltooid.iter().map(|p| p.display().to_string()).collect();
                        format!("al volledig geschreven: {}", namen.join(", "))
                    };
                    let _ = writeln!(
                        f,
                        "avp: afgebroken; {} onvoltooid uitvoerbestand(en) verwijderd; {al}",
                        r.open.len()
                    );
                }
                let _ = signal_hook::low_level::emulate_default_handler(signaal);
                std::process::exit(128 + signaal);
            });
    });
    #[cfg(not(unix))]
    EENMAAL.call_once(|| {});
}

/// A temporary file registered for removal on an interrupt, for as long as this lives.
struct Aangemeld(PathBuf);

impl Drop for Aangemeld {
    fn drop(&mut self) {
        register().open.retain(|p| p != &self.0);
    }
}

/// A file written atomically: into a temporary file in the same directory, renamed over the
/// target only by [`AtomischBestand::voltooi`]. An interrupted run leaves no half file, and no
/// temporary file either (it is removed on Ctrl-C or SIGTERM; after SIGKILL the next run into
/// the directory removes it: the file is locked while written, see [`crate::achtergebleven`]). The file gets the permissions of
/// the file it replaces, or those of a new file (0666 minus the umask) — not the private 0600
/// of a temporary file.
///
/// A target that exists and is not a regular file (`/dev/null`, a named pipe) is written
/// directly: renaming a file over it would replace the device or pipe itself.
///
/// The temporary file is written past the page cache where the system allows it
/// ([`DirectSchrijver`]): large outputs cost far less CPU that way.
pub struct AtomischBestand {
    schrijver: Uitvoer,
    pad: PathBuf,
    _aangemeld: Option<Aangemeld>,
}

enum Uitvoer {
    Tijdelijk(NamedTempFile, Box<DirectSchrijver>),
    Direct(BufWriter<File>),
}

impl Write for Uitvoer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Uitvoer::Tijdelijk(_, w) => w.write(buf),
            Uitvoer::Direct(f) => f.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Uitvoer::Tijdelijk(_, w) => w.write_all(buf),
            Uitvoer::Direct(f) => f.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Uitvoer::Tijdelijk(_, w) => w.flush(),
            Uitvoer::Direct(f) => f.flush(),
        }
    }
}

/// The absolute path `pad` names (its directory resolved for a file that does not exist yet).
fn genormaliseerd(pad: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(pad) {
        return Some(p);
    }
    let naam = pad.file_name()?;
    let map = match pad.parent() {
        Some(m) if !m.as_os_str().is_empty() => m,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(map).ok()?.join(naam))
}

/// What a path of a run is, for comparing: the file itself (device and inode) when it exists,
/// else the absolute path it will get.
#[derive(PartialEq)]
enum Identiteit {
    Bestand(u64, u64),
    Pad(PathBuf),
}

fn identiteit_van(m: &std::fs::Metadata) -> Option<Identiteit> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identiteit::Bestand(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

fn identiteit(pad: &Path, invoer: bool) -> Option<Identiteit> {
    if pad.as_os_str() == "-" {
        // standard input redirected from a file (`avp batch - < p.jsonl`) is that file
        #[cfg(unix)]
        if invoer {
            use std::os::fd::AsFd;
            let f = File::from(io::stdin().as_fd().try_clone_to_owned().ok()?);
            let m = f.metadata().ok()?;
            return if m.is_file() {
                identiteit_van(&m)
            } else {
                None
            };
        }
        return None;
    }
    if is_bijzonder_bestand(pad) {
        return None;
    }
    match std::fs::metadata(pad) {
        Ok(m) => identiteit_van(&m).or_else(|| genormaliseerd(pad).map(Identiteit::Pad)),
        Err(_) => genormaliseerd(pad).map(Identiteit::Pad),
    }
}

/// Refuse a run that would write over its own input or write two outputs to one file
/// (`--out` = the input, `--out` = `--errors`, standard input redirected from `--out`, a hard
/// link, …). Devices (`/dev/null`) and standard output never clash. `paden`: (option name,
/// path) of the inputs first, then the outputs; `uitvoer_vanaf` is the index of the first
/// output.
pub fn controleer_verschillend(
    paden: &[(&str, Option<&Path>)],
    uitvoer_vanaf: usize,
    err: &mut dyn Write,
) -> Result<(), u8> {
    let echt: Vec<(usize, &str, Identiteit, &Path)> = paden
        .iter()
        .enumerate()
        .filter_map(|(i, (naam, p))| {
            let p = (*p)?;
            Some((i, *naam, identiteit(p, i < uitvoer_vanaf)?, p))
        })
        .collect();
    for (k, (i, a, pa, _)) in echt.iter().enumerate() {
        for (j, b, pb, pad_b) in &echt[k + 1..] {
            if pa == pb && *j >= uitvoer_vanaf {
                let wat = if *i < uitvoer_vanaf {
                    format!("{b} is hetzelfde bestand als {a}, dat dan overschreven zou worden")
                } else {
                    format!("{a} en {b} schrijven naar hetzelfde bestand")
                };
                let _ = writeln!(
                    err,
                    "fout: {wat} ({}); kies een ander bestand voor {b}",
                    pad_b.display()
                );
                return Err(2);
            }
        }
    }
    Ok(())
}

/// Whether `pad` exists and is something other than a regular file (a device, a pipe).
pub fn is_bijzonder_bestand(pad: &Path) -> bool {
    std::fs::metadata(pad).is_ok_and(|m| !m.file_type().is_file() && !m.is_dir())
}

impl AtomischBestand {
    /// Start writing `pad`. Temporary files that a killed run left in its directory are removed
    /// first, each with a line on `err` ([`crate::achtergebleven`]).
    pub fn nieuw(pad: &Path, err: &mut dyn Write) -> io::Result<AtomischBestand> {
        let uit = if is_bijzonder_bestand(pad) {
            (
                Uitvoer::Direct(BufWriter::with_capacity(
                    BUFFER,
                    std::fs::OpenOptions::new().write(true).open(pad)?,
                )),
                None,
            )
        } else {
            let map = match pad.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            // the handler first, and the file registered as it is created: an interrupt in
            // between would leave it behind
            ruim_op_bij_onderbreking();
            crate::achtergebleven::ruim_op_en_meld(&map, err);
            let bestaand = std::fs::metadata(pad).ok().map(|m| m.permissions());
            let mut b = tempfile::Builder::new();
            b.prefix(".avp-").suffix(".tmp");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // a replaced file's mode from the start (a private file is never readable to
                // others, not even briefly); a new file 0666 minus the umask
                b.permissions(
                    bestaand
                        .clone()
                        .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)),
                );
            }
            let mut reg = register();
            let tmp = loop {
                // locked while it is written, so that a later run knows it is not left behind
                let tmp = b.tempfile_in(&map)?;
                if crate::achtergebleven::vergrendel(tmp.as_file(), tmp.path())? {
                    break tmp;
                }
                // another run's cleanup took it before the lock: not ours to remove by name
                let _ = tmp.into_temp_path().keep();
            };
            reg.open.push(tmp.path().to_path_buf());
            drop(reg);
            let aangemeld = Aangemeld(tmp.path().to_path_buf());
            if let Some(r) = bestaand {
                // bits the umask cleared; a file system without modes keeps its own
                let _ = tmp.as_file().set_permissions(r);
            }
            let w = DirectSchrijver::nieuw(tmp.as_file().try_clone()?, tmp.path());
            (Uitvoer::Tijdelijk(tmp, Box::new(w)), Some(aangemeld))
        };
        let (uit, aangemeld) = uit;
        Ok(AtomischBestand {
            schrijver: uit,
            pad: pad.to_path_buf(),
            _aangemeld: aangemeld,
        })
    }

    /// Flush, sync and rename over the target (a device or pipe: flush only).
    pub fn voltooi(self) -> io::Result<()> {
        match self.schrijver {
            Uitvoer::Tijdelijk(tmp, w) => {
                w.voltooi()?.sync_all()?;
                // not while an interrupt removes the temporary files (see the handler)
                let mut reg = register();
                let tijdelijk = tmp.path().to_path_buf();
                tmp.persist(&self.pad).map_err(|e| e.error)?;
                reg.open.retain(|p| p != &tijdelijk);
                reg.voltooid.push(self.pad.clone());
                drop(reg);
            }
            Uitvoer::Direct(mut f) => f.flush()?,
        }
        Ok(())
    }
}

impl Write for AtomischBestand {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.schrijver.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.schrijver.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.schrijver.flush()
    }
}

/// Where output goes: an atomic file, or the command's standard output.
pub enum Doel<'a> {
    /// A file, renamed into place at the end.
    Bestand(AtomischBestand),
    /// Standard output (or the test's buffer).
    Stdout(BufWriter<&'a mut dyn Write>),
}

impl<'a> Doel<'a> {
    /// `None` or `-` → `out`; otherwise an atomic file (left-behind files reported on `err`).
    pub fn open(
        pad: Option<&Path>,
        out: &'a mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Doel<'a>> {
        match pad {
            Some(p) if p.as_os_str() != "-" => Ok(Doel::Bestand(AtomischBestand::nieuw(p, err)?)),
            _ => Ok(Doel::Stdout(BufWriter::with_capacity(BUFFER, out))),
        }
    }

    /// Finish: rename the file into place, or flush standard output.
    pub fn voltooi(self) -> io::Result<()> {
        match self {
            Doel::Bestand(b) => b.voltooi(),
            Doel::Stdout(mut w) => w.flush(),
        }
    }
}

impl Write for Doel<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Doel::Bestand(b) => b.write(buf),
            Doel::Stdout(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Doel::Bestand(b) => b.write_all(buf),
            Doel::Stdout(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Doel::Bestand(b) => b.flush(),
            Doel::Stdout(w) => w.flush(),
        }
    }
}

/// A progress bar on standard error when it is a terminal (and not under CI); hidden otherwise.
pub fn voortgang(totaal: Option<u64>) -> ProgressBar {
    let zichtbaar = io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !zichtbaar {
        return ProgressBar::hidden();
    }
    let pb = match totaal {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let stijl = if totaal.is_some() {
        ProgressStyle::with_template(
            "{bar:40} {percent:>3}% {bytes}/{total_bytes} {elapsed} (nog {eta})",
        )
    } else {
        ProgressStyle::with_template("{spinner} {bytes} gelezen {elapsed}")
    };
    if let Ok(s) = stijl {
        pb.set_style(s);
    }
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apparaat_wordt_niet_vervangen() {
        // /dev/null is a device: written directly, never renamed over (not written here: a
        // regression would replace the machine's /dev/null with a file)
        assert!(is_bijzonder_bestand(Path::new("/dev/null")));
        // a regular file or a new path: atomic
        let map = tempfile::tempdir().expect("map");
        let pad = map.path().join("uit.jsonl");
        assert!(!is_bijzonder_bestand(&pad));
        let mut b = AtomischBestand::nieuw(&pad, &mut io::sink()).expect("open");
        b.write_all(b"{}\n").expect("schrijf");
        b.voltooi().expect("voltooi");
        assert_eq!(std::fs::read_to_string(&pad).expect("lees"), "{}\n");
        assert!(!is_bijzonder_bestand(&pad));
    }
}
