//! The page as numbered, normalised, non-empty lines, and the article header pattern.

use warraq_domain::arabic::normalize_text;

/// A non-empty line of the input, normalised, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// The text-size control printed under every article header.
pub const TEXT_SIZE_CONTROL: &str = "TT";

pub fn content_lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| Line {
            number: i + 1,
            text: normalize_text(raw),
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Whether an article header starts at `at`: a headline, the hero caption twice (alt text
/// and figcaption), then `TT`.
pub fn is_header_at(lines: &[Line], at: usize) -> bool {
    match lines.get(at..at + 4) {
        Some([headline, alt, caption, control]) => {
            control.text == TEXT_SIZE_CONTROL
                && alt.text == caption.text
                && headline.text != alt.text
                && headline.text != TEXT_SIZE_CONTROL
                && alt.text != TEXT_SIZE_CONTROL
        }
        _ => false,
    }
}

/// Whether the lines end with a header that the cut removed `TT` from: a headline and the
/// caption twice, as the last three lines.
pub fn ends_with_cut_header(lines: &[Line]) -> bool {
    match lines
        .len()
        .checked_sub(3)
        .and_then(|start| lines.get(start..))
    {
        Some([headline, alt, caption]) => {
            alt.text == caption.text && headline.text != alt.text && alt.text != TEXT_SIZE_CONTROL
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_from_one_normalised_and_blank_ones_dropped() {
        let lines = content_lines("عنوان  \r\n\n  فقرة\u{200F}\n");
        assert_eq!(
            lines,
            [
                Line {
                    number: 1,
                    text: "عنوان".into()
                },
                Line {
                    number: 3,
                    text: "فقرة".into()
                }
            ]
        );
    }

    #[test]
    fn a_header_is_headline_caption_pair_and_tt() {
        let lines = content_lines("عنوان\nتعليق\nتعليق\nTT\nفقرة");
        assert!(is_header_at(&lines, 0));
        assert!(!is_header_at(&lines, 1));
        assert!(!is_header_at(&content_lines("عنوان\nتعليق\nآخر\nTT"), 0));
        assert!(ends_with_cut_header(&content_lines(
            "فقرة\nعنوان\nتعليق\nتعليق"
        )));
        assert!(!ends_with_cut_header(&content_lines("فقرة\nعنوان\nتعليق")));
    }
}
