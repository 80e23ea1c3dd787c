//! The CSV reader of `avp batch`: header, rows, and each row's parse and validation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    avp_tests::invarianten::csv(data);
});
