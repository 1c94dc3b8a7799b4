//! Inline marks (strong, emphasis, links) on the plain text of a body block.
//!
//! Block text stays plain, so ledes, search and word counts never see markup; the marks
//! sit beside it as character ranges, and only the renderers (reader page, feeds, ninjs
//! export) turn them into tags, escaping every character of text and href on the way.
//!
//! Offsets count Unicode scalar values (Rust `char`s, not UTF-8 bytes nor the UTF-16
//! units of JavaScript strings) of the block's text, half-open `[start, end)`. Text is
//! stored normalised ([`normalize_text`](crate::arabic::normalize_text)), which can change
//! the number of characters (NFC composes, spaces collapse, ends are trimmed): whoever
//! normalises marked text uses [`normalize_marked_text`], which moves the marks with it,
//! and validates afterwards (the store validates what it is given, it does not normalise).

pub mod html;
mod offsets;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use offsets::normalize_marked_text;

/// One mark: a range of the block's text and what it means there.
///
/// JSON: `{"start":0,"end":5,"type":"link","href":"https://example.org/x"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub start: u32,
    pub end: u32,
    #[serde(flatten)]
    pub kind: MarkKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MarkKind {
    Strong,
    Emphasis,
    Link { href: String },
}

impl Mark {
    pub fn new(start: u32, end: u32, kind: MarkKind) -> Self {
        Self { start, end, kind }
    }

    pub fn strong(start: u32, end: u32) -> Self {
        Self::new(start, end, MarkKind::Strong)
    }

    pub fn emphasis(start: u32, end: u32) -> Self {
        Self::new(start, end, MarkKind::Emphasis)
    }

    pub fn link(start: u32, end: u32, href: impl Into<String>) -> Self {
        Self::new(start, end, MarkKind::Link { href: href.into() })
    }

    pub fn is_link(&self) -> bool {
        matches!(self.kind, MarkKind::Link { .. })
    }

    fn overlaps(&self, other: &Mark) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl MarkKind {
    /// The fixed order of kinds: in sorted marks, and outermost first in rendered HTML
    /// (a link stays one element whatever strong or emphasis does inside it).
    fn rank(&self) -> u8 {
        match self {
            MarkKind::Link { .. } => 0,
            MarkKind::Strong => 1,
            MarkKind::Emphasis => 2,
        }
    }
}

/// Why a mark cannot be kept.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MarkError {
    #[error("start {start} must be before end {end}")]
    Empty { start: u32, end: u32 },
    #[error("end {end} is past the end of the text ({len} characters)")]
    PastEnd { end: u32, len: usize },
    #[error(
        "link `{href}` is not allowed: only http, https, mailto and site paths starting with a single `/`"
    )]
    UnsafeHref { href: String },
    #[error("link overlaps the link at marks[{other}]; links may not overlap")]
    OverlappingLinks { other: usize },
}

/// A mark that breaks a rule, with its index in the list it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidMark {
    pub index: usize,
    pub error: MarkError,
}

/// Checks `marks` against `text`: every range inside the text and not empty, every href
/// safe (see [`is_safe_href`]), no two links overlapping. Strong and emphasis may overlap
/// anything. The order of the marks does not matter.
pub fn validate_marks(text: &str, marks: &[Mark]) -> Result<(), InvalidMark> {
    if marks.is_empty() {
        return Ok(());
    }
    let len = text.chars().count();
    for (index, mark) in marks.iter().enumerate() {
        let invalid = |error| Err(InvalidMark { index, error });
        if mark.start >= mark.end {
            return invalid(MarkError::Empty {
                start: mark.start,
                end: mark.end,
            });
        }
        if mark.end as usize > len {
            return invalid(MarkError::PastEnd { end: mark.end, len });
        }
        if let MarkKind::Link { href } = &mark.kind {
            if !is_safe_href(href) {
                return invalid(MarkError::UnsafeHref { href: href.clone() });
            }
            if let Some(other) = marks[..index]
                .iter()
                .position(|m| m.is_link() && m.overlaps(mark))
            {
                return invalid(MarkError::OverlappingLinks { other });
            }
        }
    }
    Ok(())
}

/// Whether a link may point at `href`: `http(s)://host…`, `mailto:…`, or a path of this
/// site (`/article/…`).
///
/// Everything else is refused: `javascript:` and `data:` run code, `//host` leaves the
/// site while looking like a path, and browsers read `\` as `/` and drop tabs and line
/// breaks inside URLs, so `/\host` or `/<tab>/host` would do the same. Whitespace must be
/// percent-encoded; relative paths (`x.html`) mean nothing once the text moves.
pub fn is_safe_href(href: &str) -> bool {
    if href.is_empty()
        || href
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    if let Some(path) = href.strip_prefix('/') {
        return !path.starts_with('/');
    }
    let Some((scheme, rest)) = href.split_once(':') else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        // The same rule as the newsroom editor's (`isAllowedHref`): a host with a letter
        // or digit in it.
        "http" | "https" => rest.strip_prefix("//").is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            host.chars().any(char::is_alphanumeric)
        }),
        "mailto" => !rest.is_empty(),
        _ => false,
    }
}

/// The marks in their canonical form: empty ranges dropped, marks of the same kind (links:
/// to the same href) that overlap or touch merged into one, sorted by start, end and
/// kind. Rendering the result gives the same HTML as rendering the input; two mark lists
/// that mean the same thing normalise to the same list, so comparisons (an import read
/// back, an unchanged edit) do not depend on how an editor split its ranges.
pub fn normalize_marks(marks: &[Mark]) -> Vec<Mark> {
    let mut by_kind: Vec<Mark> = marks.iter().filter(|m| m.start < m.end).cloned().collect();
    by_kind.sort_by(|a, b| {
        (a.kind.rank(), href_of(a), a.start, a.end).cmp(&(
            b.kind.rank(),
            href_of(b),
            b.start,
            b.end,
        ))
    });
    let mut merged: Vec<Mark> = Vec::with_capacity(by_kind.len());
    for mark in by_kind {
        match merged.last_mut() {
            Some(last) if last.kind == mark.kind && mark.start <= last.end => {
                last.end = last.end.max(mark.end);
            }
            _ => merged.push(mark),
        }
    }
    merged.sort_by(|a, b| {
        (a.start, a.end, a.kind.rank(), href_of(a)).cmp(&(
            b.start,
            b.end,
            b.kind.rank(),
            href_of(b),
        ))
    });
    merged
}

fn href_of(mark: &Mark) -> &str {
    match &mark.kind {
        MarkKind::Link { href } => href,
        _ => "",
    }
}

/// The marks that fall inside the character range `[from, to)` of a text, cut to it and
/// counted from `from`: the marks of one line when a renderer splits a block into lines.
pub fn marks_within(marks: &[Mark], from: u32, to: u32) -> Vec<Mark> {
    marks
        .iter()
        .filter_map(|m| {
            let start = m.start.max(from);
            let end = m.end.min(to);
            (start < end).then(|| Mark::new(start - from, end - from, m.kind.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_serialises_flat_with_its_type() {
        let link = Mark::link(0, 5, "https://example.org/x");
        let json = serde_json::to_string(&link).unwrap();
        assert_eq!(
            json,
            r#"{"start":0,"end":5,"type":"link","href":"https://example.org/x"}"#
        );
        assert_eq!(serde_json::from_str::<Mark>(&json).unwrap(), link);
        let strong: Mark = serde_json::from_str(r#"{"type":"strong","start":2,"end":4}"#).unwrap();
        assert_eq!(strong, Mark::strong(2, 4));
        assert_eq!(
            serde_json::to_string(&Mark::emphasis(1, 2)).unwrap(),
            r#"{"start":1,"end":2,"type":"emphasis"}"#
        );
        assert!(serde_json::from_str::<Mark>(r#"{"start":0,"end":1,"type":"underline"}"#).is_err());
    }

    #[test]
    fn ranges_must_be_inside_the_text_and_count_characters_not_bytes() {
        // Five Arabic letters are ten bytes of UTF-8.
        let text = "مرحبا";
        assert!(validate_marks(text, &[Mark::strong(0, 5)]).is_ok());
        assert_eq!(
            validate_marks(text, &[Mark::strong(0, 5), Mark::emphasis(3, 6)]),
            Err(InvalidMark {
                index: 1,
                error: MarkError::PastEnd { end: 6, len: 5 }
            })
        );
        assert_eq!(
            validate_marks(text, &[Mark::strong(2, 2)]),
            Err(InvalidMark {
                index: 0,
                error: MarkError::Empty { start: 2, end: 2 }
            })
        );
        assert!(validate_marks(text, &[Mark::strong(3, 1)]).is_err());
    }

    #[test]
    fn links_may_touch_but_not_overlap_and_other_marks_overlap_anything() {
        let text = "0123456789";
        let ok = [
            Mark::link(0, 4, "/a"),
            Mark::link(4, 8, "/b"),
            Mark::strong(2, 6),
            Mark::emphasis(3, 9),
            Mark::strong(1, 7),
        ];
        assert!(validate_marks(text, &ok).is_ok());
        assert_eq!(
            validate_marks(
                text,
                &[
                    Mark::strong(0, 9),
                    Mark::link(0, 4, "/a"),
                    Mark::link(3, 5, "/b")
                ]
            ),
            Err(InvalidMark {
                index: 2,
                error: MarkError::OverlappingLinks { other: 1 }
            })
        );
    }

    #[test]
    fn only_web_mail_and_site_links_are_safe() {
        for good in [
            "https://example.org/x?a=1&b='2'",
            "HTTP://example.org",
            "mailto:desk@example.org",
            "/article/1/خبر",
            "/",
        ] {
            assert!(is_safe_href(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            " https://example.org",
            "https:evil.example",
            "https:///evil",
            "https://?q=1",
            "article/1",
            "mailto:",
            "",
            "vbscript:x",
        ] {
            assert!(!is_safe_href(bad), "{bad:?}");
        }
        let error = validate_marks("نص", &[Mark::link(0, 2, "javascript:alert(1)")]).unwrap_err();
        assert!(matches!(error.error, MarkError::UnsafeHref { .. }));
    }

    #[test]
    fn normalising_sorts_merges_touching_marks_of_one_kind_and_drops_empty_ones() {
        let marks = [
            Mark::emphasis(6, 9),
            Mark::strong(0, 3),
            Mark::emphasis(2, 6),
            Mark::strong(3, 5),
            Mark::link(0, 2, "/a"),
            Mark::link(2, 4, "/b"),
            Mark::link(4, 6, "/b"),
            Mark::strong(7, 7),
        ];
        assert_eq!(
            normalize_marks(&marks),
            vec![
                Mark::link(0, 2, "/a"),
                Mark::strong(0, 5),
                Mark::link(2, 6, "/b"),
                Mark::emphasis(2, 9),
            ]
        );
        assert_eq!(
            normalize_marks(&normalize_marks(&marks)),
            normalize_marks(&marks)
        );
    }

    #[test]
    fn marks_within_a_line_are_cut_and_shifted() {
        let marks = [Mark::strong(0, 6), Mark::link(5, 9, "/a")];
        assert_eq!(
            marks_within(&marks, 4, 8),
            vec![Mark::strong(0, 2), Mark::link(1, 4, "/a")]
        );
        assert!(marks_within(&marks, 9, 12).is_empty());
    }
}
