//! The beleidsregels loader (`--beleidsregels`, `avp check`) and the document rendered from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // beleidsregels are read as text (`read_to_string`): non-UTF-8 never reaches the loader
    if let Ok(tekst) = std::str::from_utf8(data) {
        avp_tests::invarianten::beleidsregels(tekst);
    }
});
