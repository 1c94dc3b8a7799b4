//! Byte and line helpers shared by the parsers.

use crate::report::ParseError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The input as text, without a leading byte-order mark. Names the offset of the first
/// invalid byte (counted in the input as given, BOM included) when it is not UTF-8.
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, ParseError> {
    let (skipped, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len(), rest),
        None => (0, bytes),
    };
    std::str::from_utf8(body).map_err(|e| ParseError::NotUtf8 {
        offset: skipped + e.valid_up_to(),
    })
}

/// 1-based line and column (in characters) of a byte offset in `text`. Offsets past the end
/// or inside a character are clamped to the nearest earlier character boundary.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_its_byte_offset() {
        assert_eq!(
            text_from_bytes(b"abc\xFFdef"),
            Err(ParseError::NotUtf8 { offset: 3 })
        );
        assert_eq!(
            text_from_bytes(b"\xEF\xBB\xBFab\xC3"),
            Err(ParseError::NotUtf8 { offset: 5 })
        );
        assert_eq!(text_from_bytes("\u{FEFF}خبر".as_bytes()), Ok("خبر"));
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "سطر\nأب<";
        assert_eq!(line_and_column(text, text.find('<').unwrap_or(0)), (2, 3));
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 1), (1, 1));
        assert_eq!(line_and_column(text, 10_000), (2, 4));
    }
}
