//! Wire text from arbitrary bytes: format detection, then the parser on whatever UTF-8
//! the bytes hold. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq_domain::default_sections;

fuzz_target!(|data: &[u8]| {
    let _ = warraq_ingest::detect_format(data);
    let sections: Vec<String> = default_sections().into_iter().map(|s| s.name).collect();
    let text = String::from_utf8_lossy(data);
    let _ = warraq_ingest::parse_wire_text(&text, &sections);
});
