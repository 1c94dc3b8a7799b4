//! Telling the import formats apart by their content, not their file name.

/// The formats warraq imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: a news page's visible text or wire copy.
    WireText,
    /// An IPTC ninjs JSON document (or an array of them).
    Ninjs,
    /// A WordPress eXtended RSS export.
    Wxr,
}

/// How far into an XML document the WXR markers are looked for: WordPress writes its
/// namespace declarations on the `<rss>` element, within the first kilobytes.
const XML_SNIFF_BYTES: usize = 64 * 1024;

/// Detects the format from the content: JSON (an object or array) is ninjs; XML that
/// declares the WordPress export namespace, or an `<rss>` document with `wp:` elements, is
/// WXR; anything else is wire text.
pub fn detect_format(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let content = &bytes[start..];
    match content.first() {
        Some(b'{') | Some(b'[') => Format::Ninjs,
        Some(b'<') => {
            let head = &content[..content.len().min(XML_SNIFF_BYTES)];
            let wxr_namespace = contains(head, b"http://wordpress.org/export/");
            let rss_with_wp = contains(head, b"<rss") && contains(head, b"<wp:");
            if wxr_namespace || rss_with_wp {
                Format::Wxr
            } else {
                Format::WireText
            }
        }
        _ => Format::WireText,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_objects_and_arrays_are_ninjs() {
        assert_eq!(detect_format(br#"  {"uri": "x"}"#), Format::Ninjs);
        assert_eq!(detect_format("\u{FEFF}[{}]".as_bytes()), Format::Ninjs);
    }

    #[test]
    fn xml_with_the_wordpress_namespace_or_wp_elements_is_wxr() {
        let wxr = br#"<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>"#;
        assert_eq!(detect_format(wxr), Format::Wxr);
        assert_eq!(
            detect_format(b"<rss><channel><wp:author/></channel></rss>"),
            Format::Wxr
        );
    }

    #[test]
    fn other_xml_and_plain_text_are_wire_text() {
        assert_eq!(
            detect_format(b"<rss><channel><title>t</title></channel></rss>"),
            Format::WireText
        );
        assert_eq!(detect_format("موسكو تعلن\nTT".as_bytes()), Format::WireText);
        assert_eq!(detect_format(b""), Format::WireText);
    }
}
