//! Turns the bytes of one input into units, by its format (given, or recognised from the
//! content), with the parsers of `warraq-ingest` and `warraq-ninjs`.

use warraq_ingest::{
    Format, Parsed, ParsedItem, detect_format, parse_wire_text, parse_wxr, text_from_bytes,
};
use warraq_ninjs::NinjsVersion;

use crate::args::ImportFormat;
use crate::ninjs_input::ninjs_units;
use crate::report::Warning;
use crate::unit::{ArticleUnit, FileUnits, Origin, Unit};

/// What reading needs besides the bytes.
pub struct ReadOptions<'a> {
    pub format: ImportFormat,
    pub ninjs_version: Option<NinjsVersion>,
    /// Section names the wire-text parser can recognise in glued labels (`آسيا فلاديمير…`).
    pub known_sections: &'a [String],
}

pub fn units_of_file(file: &str, bytes: &[u8], options: &ReadOptions<'_>) -> FileUnits {
    let format = match options.format {
        ImportFormat::WireText => Format::WireText,
        ImportFormat::Ninjs => Format::Ninjs,
        ImportFormat::Wxr => Format::Wxr,
        ImportFormat::Auto => detect_format(bytes),
    };
    match format {
        Format::Ninjs => match text_from_bytes(bytes) {
            Ok(text) => ninjs_units(file, text, options.ninjs_version),
            Err(e) => FileUnits::refused(Origin::file(file), e.to_string()),
        },
        Format::WireText => match text_from_bytes(bytes) {
            Ok(text) => match parse_wire_text(text, options.known_sections) {
                Ok(parsed) => from_parsed(file, parsed),
                Err(e) => FileUnits::refused(Origin::file(file), e.to_string()),
            },
            Err(e) => FileUnits::refused(Origin::file(file), e.to_string()),
        },
        Format::Wxr => match parse_wxr(bytes) {
            Ok(parsed) => from_parsed(file, parsed),
            Err(e) => FileUnits::refused(Origin::file(file), e.to_string()),
        },
    }
}

/// Parser items keep their position in the file, so a report line points at the item
/// within a file that holds many.
fn from_parsed(file: &str, parsed: Parsed) -> FileUnits {
    let origin_of = |i: usize| Origin::item(file, i);
    let units = parsed
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            ParsedItem::Article(incoming) => Unit::Article(Box::new(ArticleUnit {
                origin: origin_of(i),
                incoming: *incoming,
                source_status: None,
            })),
            ParsedItem::Media(media) => Unit::Media {
                origin: origin_of(i),
                media,
            },
            ParsedItem::Skipped { what, reason } => Unit::Skipped {
                origin: origin_of(i),
                kind: what,
                reason,
            },
        })
        .collect();
    let warnings = parsed
        .warnings
        .into_iter()
        .map(|w| match w.item {
            Some(i) => Warning::new(&origin_of(i), w.message),
            None => Warning::new(&Origin::file(file), w.message),
        })
        .collect();
    FileUnits { units, warnings }
}
