//! Wire text from arbitrary bytes: format detection, then the parser on whatever UTF-8
//! the bytes hold. Must never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use warraq_domain::default_sections;

/// The site's section names, built once: rebuilding them for every input would spend the
/// fuzzer's time outside the parser.
fn section_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| default_sections().into_iter().map(|s| s.name).collect())
}

fuzz_target!(|data: &[u8]| {
    let _ = warraq_ingest::detect_format(data);
    let text = String::from_utf8_lossy(data);
    let _ = warraq_ingest::parse_wire_text(&text, section_names());
});
