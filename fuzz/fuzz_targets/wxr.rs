//! WXR from arbitrary bytes, including invalid UTF-8 and broken XML. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = warraq_ingest::detect_format(data);
    let _ = warraq_ingest::parse_wxr(data);
});
