//! Provenance of a decision (`herkomst`, CONTRACT §2): engine version and hashes of the rule
//! files and beleidsregels used, so that a decision can be reproduced years later.

use sha2::{Digest, Sha256};

/// Lowercase hex sha256 over the given parts, each prefixed by its length so that part
/// boundaries count.
pub fn sha256_hex(delen: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for d in delen {
        h.update((d.len() as u64).to_le_bytes());
        h.update(d);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The engine version written into every decision.
pub(crate) const ENGINE_VERSIE: &str = env!("CARGO_PKG_VERSION");
