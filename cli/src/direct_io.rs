//! Writing a large output file past the operating system's page cache (Linux `O_DIRECT`).
//!
//! Why: `avp batch` writes about 2 KB per household, 2 GB for a million. Copied through the page
//! cache, that costs more CPU than one might think, and the final `fsync` then waits for all of
//! it to reach the disk. On the 2-core test machine `dd` of 2 GB took 6.5 s of CPU buffered and
//! 0.2 s with `O_DIRECT` (docs/decisions/005-snelheid.md), CPU the evaluation needs. A batch of
//! 1,000,000 households to a file took 14–15% less time than through a plain `BufWriter`
//! (005, "direct_io (issue 18)").
//!
//! How: bytes are gathered in an aligned buffer of [`BLOKKEN`] × [`BLOK`] bytes; full blocks go
//! to the disk through a second handle opened with `O_DIRECT`; the last, partial block goes
//! through the ordinary handle. Where `O_DIRECT` is unavailable (another operating system, a
//! file system such as tmpfs) or a direct write fails or comes back short of a block boundary,
//! the rest goes through the ordinary handle. Either way the file holds exactly the bytes
//! written, in order.

use std::fs::File;
use std::io::{self, IoSlice, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Size of one aligned block of the buffer.
pub const BLOK: usize = 64 * 1024;
/// Blocks in the buffer: a direct write of 8 MiB at a time.
pub const BLOKKEN: usize = 128;
/// Alignment `O_DIRECT` asks of memory, file offsets and lengths (the largest logical block
/// size in use).
const UITLIJNING: usize = 4096;

/// One block of the buffer, aligned for `O_DIRECT`.
#[repr(C, align(4096))]
struct Blok([u8; BLOK]);

/// A writer of one regular file that bypasses the page cache where it can. Call
/// [`DirectSchrijver::voltooi`] at the end: bytes still in the buffer are lost otherwise.
pub struct DirectSchrijver {
    /// The ordinary handle: positioned writes of the tail and of everything after a fallback.
    gewoon: File,
    /// The same file opened with `O_DIRECT`; `None` when unavailable or after a failure.
    direct: Option<File>,
    blokken: Vec<Blok>,
    /// Bytes in the buffer.
    vol: usize,
    /// Bytes of the file written (where the buffer starts in the file).
    positie: u64,
}

impl DirectSchrijver {
    /// Write the (new, empty) file at `pad`, of which `gewoon` is an ordinary write handle.
    pub fn nieuw(gewoon: File, pad: &Path) -> DirectSchrijver {
        DirectSchrijver::met(gewoon, open_direct(pad))
    }

    fn met(gewoon: File, direct: Option<File>) -> DirectSchrijver {
        DirectSchrijver {
            gewoon,
            direct,
            blokken: (0..BLOKKEN).map(|_| Blok([0; BLOK])).collect(),
            vol: 0,
            positie: 0,
        }
    }

    /// Whether writes still go past the page cache.
    #[cfg(test)]
    fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    /// Write what is buffered and return the ordinary handle (to sync and rename).
    pub fn voltooi(mut self) -> io::Result<File> {
        let volle = self.vol / BLOK;
        self.schrijf_blokken(volle)?;
        let staart = &self.blokken[volle].0[..self.vol % BLOK];
        self.gewoon.write_all_at(staart, self.positie)?;
        self.positie += staart.len() as u64;
        self.vol = 0;
        Ok(self.gewoon)
    }

    /// Write the first `k` blocks of the buffer (all full) and advance the position.
    fn schrijf_blokken(&mut self, k: usize) -> io::Result<()> {
        let totaal = k * BLOK;
        let mut gedaan = 0;
        while gedaan < totaal {
            if let Some(d) = self.direct.as_mut() {
                if gedaan % UITLIJNING == 0 {
                    let (b, off) = (gedaan / BLOK, gedaan % BLOK);
                    let delen: Vec<IoSlice<'_>> = std::iter::once(&self.blokken[b].0[off..])
                        .chain(self.blokken[b + 1..k].iter().map(|x| &x.0[..]))
                        .map(IoSlice::new)
                        .collect();
                    match d.write_vectored(&delen) {
                        Ok(n) if n > 0 => {
                            gedaan += n;
                            self.positie += n as u64;
                            continue;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        // no progress, an error (EINVAL: the file system will not), …
                        _ => self.direct = None,
                    }
                } else {
                    // a short write off a block boundary: direct writes cannot continue
                    self.direct = None;
                }
            }
            let (b, off) = (gedaan / BLOK, gedaan % BLOK);
            self.gewoon
                .write_all_at(&self.blokken[b].0[off..], self.positie)?;
            let n = BLOK - off;
            gedaan += n;
            self.positie += n as u64;
        }
        Ok(())
    }
}

impl Write for DirectSchrijver {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (b, off) = (self.vol / BLOK, self.vol % BLOK);
        let n = buf.len().min(BLOK - off);
        self.blokken[b].0[off..off + n].copy_from_slice(&buf[..n]);
        self.vol += n;
        if self.vol == BLOK * BLOKKEN {
            self.schrijf_blokken(BLOKKEN)?;
            self.vol = 0;
        }
        Ok(n)
    }

    /// Buffered bytes stay in the buffer until it is full or [`DirectSchrijver::voltooi`]: a
    /// partial block cannot be written directly.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Open `pad` for writing past the page cache, if this system and file system allow it.
#[cfg(target_os = "linux")]
fn open_direct(pad: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_DIRECT)
        .open(pad)
        .ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_pad: &Path) -> Option<File> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that show their own position, so a block written twice or out of place shows.
    fn inhoud(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8 ^ (i / 251) as u8).collect()
    }

    /// Write `data` in pieces of the given sizes (cycled) and read the file back.
    fn schrijf_terug(data: &[u8], stukken: &[usize], direct_kapot: bool) -> (Vec<u8>, bool) {
        let map = tempfile::tempdir().expect("map");
        let pad = map.path().join("uit.jsonl");
        let gewoon = File::create(&pad).expect("maak");
        let mut w = if direct_kapot {
            // a handle that cannot write: the first direct write fails, the rest falls back
            DirectSchrijver::met(gewoon, Some(File::open(&pad).expect("open")))
        } else {
            DirectSchrijver::nieuw(gewoon, &pad)
        };
        let mut i = 0;
        for &s in stukken.iter().cycle() {
            if i >= data.len() {
                break;
            }
            let j = (i + s.max(1)).min(data.len());
            w.write_all(&data[i..j]).expect("schrijf");
            i = j;
        }
        let direct = w.is_direct();
        w.voltooi().expect("voltooi").sync_all().expect("sync");
        (std::fs::read(&pad).expect("lees"), direct)
    }

    #[test]
    fn randen_van_blok_en_buffer() {
        let buffer = BLOK * BLOKKEN;
        for n in [
            0,
            1,
            UITLIJNING - 1,
            UITLIJNING,
            BLOK - 1,
            BLOK,
            BLOK + 1,
            buffer - 1,
            buffer,
            buffer + 1,
            2 * buffer + BLOK + 17,
        ] {
            let data = inhoud(n);
            for stukken in [&[n.max(1)][..], &[1000, 7, 65_537, 3]] {
                assert_eq!(schrijf_terug(&data, stukken, false).0, data, "{n} bytes");
                assert_eq!(
                    schrijf_terug(&data, stukken, true).0,
                    data,
                    "{n} bytes, kapot"
                );
            }
        }
    }

    #[test]
    fn terugval_na_mislukte_directe_schrijf() {
        let data = inhoud(BLOK * BLOKKEN * 2 + 5);
        let (terug, direct) = schrijf_terug(&data, &[4096 * 3 + 1], true);
        assert_eq!(terug, data);
        assert!(!direct, "after a failed direct write the writer falls back");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn zelfde_bytes_in_elke_opdeling(
            n in 0usize..(BLOK * BLOKKEN * 2 + 3 * BLOK),
            stukken in proptest::collection::vec(1usize..300_000, 1..8),
        ) {
            let data = inhoud(n);
            prop_assert_eq!(schrijf_terug(&data, &stukken, false).0, data);
        }
    }
}
