//! The record reader (`avp eval FILE`): every input is read both as JSON and as TOML.
#![no_main]

use avp_engine::record::Formaat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // the reader takes text; the CLI refuses non-UTF-8 before it gets there
    if let Ok(tekst) = std::str::from_utf8(data) {
        avp_tests::invarianten::huishouden(tekst, Formaat::Json);
        avp_tests::invarianten::huishouden(tekst, Formaat::Toml);
    }
});
