//! Marked text as HTML, for every place that writes a body (reader page, feeds, ninjs
//! export): `<a href>`, `<strong>` and `<em>` around escaped text.
//!
//! Marks may overlap, tags may not, so the text is cut at every mark boundary and each
//! piece gets the tags of the marks covering it, always nested in one order (link
//! outermost, then strong, then emphasis). Between pieces only the tags that change are
//! closed and opened: `<strong>a<em>b</em></strong><em>c</em>` for strong on `ab` and
//! emphasis on `bc`, and a link stays one element whatever happens inside it.

use super::{Mark, MarkKind, is_safe_href};
use crate::html::escape_into;

/// How the HTML is written, for where it will be read.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkupOptions<'a> {
    /// The site's origin (`https://example.org`, no trailing slash): links to other sites
    /// get `rel="noopener"`, links here do not.
    pub origin: &'a str,
    /// Site paths (`/article/…`) written as absolute URLs on `origin`: feeds and exports
    /// are read away from the site, where a bare path would point elsewhere.
    pub absolute_paths: bool,
    /// Line breaks in the text written as `<br>` (the ninjs export); a reader page leaves
    /// them as text.
    pub line_breaks: bool,
}

/// `text` with its marks as HTML.
pub fn marked_html(text: &str, marks: &[Mark], options: &MarkupOptions) -> String {
    let mut out = String::with_capacity(text.len() + 16 * marks.len());
    write_marked_html(text, marks, options, &mut out);
    out
}

/// Appends `text` with its marks as HTML to `out`.
///
/// Marks that cannot be drawn (a range outside the text, an unsafe href) are left out
/// rather than failing a page: validation refuses them on the way in, and whatever
/// reached storage anyway must still render safely with all its text.
pub fn write_marked_html(text: &str, marks: &[Mark], options: &MarkupOptions, out: &mut String) {
    let len = text.chars().count();
    let usable: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && m.end as usize <= len)
        .filter(|m| match &m.kind {
            MarkKind::Link { href } => is_safe_href(href),
            _ => true,
        })
        .collect();
    if usable.is_empty() {
        write_text(text, options, out);
        return;
    }
    let mut cuts: Vec<usize> = usable
        .iter()
        .flat_map(|m| [m.start as usize, m.end as usize])
        .chain([0, len])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let byte_at = byte_offsets(text, &cuts);

    let mut open: Vec<&MarkKind> = Vec::new();
    for (piece, pair) in cuts.windows(2).enumerate() {
        let wanted = covering(&usable, pair[0]);
        let kept = open
            .iter()
            .zip(&wanted)
            .take_while(|(open, wanted)| open == wanted)
            .count();
        for kind in open.drain(kept..).rev() {
            close_tag(kind, out);
        }
        for kind in &wanted[kept..] {
            open_tag(kind, options, out);
        }
        open.extend_from_slice(&wanted[kept..]);
        write_text(&text[byte_at[piece]..byte_at[piece + 1]], options, out);
    }
    for kind in open.iter().rev() {
        close_tag(kind, out);
    }
}

/// The kinds of the marks covering the piece that starts at character `at`, outermost
/// first. Overlapping links are refused by validation; should two reach here, the first
/// one listed wins.
fn covering<'m>(marks: &[&'m Mark], at: usize) -> Vec<&'m MarkKind> {
    let covers = |m: &&&Mark| m.start as usize <= at && at < m.end as usize;
    let link = marks.iter().filter(covers).find(|m| m.is_link());
    let strong = marks
        .iter()
        .filter(covers)
        .find(|m| m.kind == MarkKind::Strong);
    let emphasis = marks
        .iter()
        .filter(covers)
        .find(|m| m.kind == MarkKind::Emphasis);
    [link, strong, emphasis]
        .into_iter()
        .flatten()
        .map(|m| &m.kind)
        .collect()
}

/// The byte offset of each character offset in `cuts` (sorted, each at most the length).
fn byte_offsets(text: &str, cuts: &[usize]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(cuts.len());
    let mut chars = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let mut at = 0;
    let mut byte = chars.next().unwrap_or(0);
    for &cut in cuts {
        while at < cut {
            byte = chars.next().unwrap_or(text.len());
            at += 1;
        }
        offsets.push(byte);
    }
    offsets
}

fn open_tag(kind: &MarkKind, options: &MarkupOptions, out: &mut String) {
    match kind {
        MarkKind::Strong => out.push_str("<strong>"),
        MarkKind::Emphasis => out.push_str("<em>"),
        MarkKind::Link { href } => {
            out.push_str("<a href=\"");
            if options.absolute_paths && href.starts_with('/') {
                escape_into(options.origin, out);
            }
            escape_into(href, out);
            out.push('"');
            if leaves_site(href, options.origin) {
                out.push_str(" rel=\"noopener\"");
            }
            out.push('>');
        }
    }
}

fn close_tag(kind: &MarkKind, out: &mut String) {
    out.push_str(match kind {
        MarkKind::Strong => "</strong>",
        MarkKind::Emphasis => "</em>",
        MarkKind::Link { .. } => "</a>",
    });
}

/// Whether `href` is a web address on another site than `origin`.
fn leaves_site(href: &str, origin: &str) -> bool {
    let web = ["http://", "https://"].iter().any(|scheme| {
        href.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    });
    if !web {
        return false;
    }
    let here = !origin.is_empty()
        && href
            .get(..origin.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(origin))
        && matches!(
            href[origin.len()..].chars().next(),
            None | Some('/' | '?' | '#')
        );
    !here
}

fn write_text(text: &str, options: &MarkupOptions, out: &mut String) {
    if !options.line_breaks {
        escape_into(text, out);
        return;
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        escape_into(line, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: MarkupOptions<'static> = MarkupOptions {
        origin: "https://news.example",
        absolute_paths: false,
        line_breaks: false,
    };

    #[test]
    fn text_without_marks_is_only_escaped() {
        assert_eq!(
            marked_html("<b>«نص»</b> & 'x'", &[], &PAGE),
            "&lt;b&gt;«نص»&lt;/b&gt; &amp; &#39;x&#39;"
        );
    }

    #[test]
    fn overlapping_marks_nest_in_one_order() {
        // strong on «قال الوزير» (0..10), emphasis on «الوزير إن» (4..13).
        let text = "قال الوزير إن الخطة";
        let html = marked_html(text, &[Mark::emphasis(4, 13), Mark::strong(0, 10)], &PAGE);
        assert_eq!(
            html,
            "<strong>قال <em>الوزير</em></strong><em> إن</em> الخطة"
        );
    }

    #[test]
    fn a_link_stays_one_element_around_changing_marks() {
        let text = "اقرأ التقرير الكامل هنا";
        let marks = [
            Mark::link(5, 19, "/article/7/تقرير"),
            Mark::strong(0, 12),
            Mark::emphasis(13, 23),
        ];
        assert_eq!(
            marked_html(text, &marks, &PAGE),
            "<strong>اقرأ </strong><a href=\"/article/7/تقرير\"><strong>التقرير</strong> \
             <em>الكامل</em></a><em> هنا</em>"
        );
    }

    #[test]
    fn marks_at_both_ends_cover_the_whole_text() {
        let html = marked_html("خبر", &[Mark::strong(0, 3), Mark::emphasis(0, 3)], &PAGE);
        assert_eq!(html, "<strong><em>خبر</em></strong>");
        let html = marked_html("خبر عاجل", &[Mark::emphasis(4, 8)], &PAGE);
        assert_eq!(html, "خبر <em>عاجل</em>");
    }

    #[test]
    fn hrefs_are_escaped_and_links_elsewhere_get_noopener() {
        let text = "المصدر والموقع";
        let marks = [
            Mark::link(0, 6, "https://other.example/q?a=1&b=\"2\"'"),
            Mark::link(7, 14, "https://news.example/article/1"),
        ];
        assert_eq!(
            marked_html(text, &marks, &PAGE),
            "<a href=\"https://other.example/q?a=1&amp;b=&quot;2&quot;&#39;\" rel=\"noopener\">المصدر</a> \
             <a href=\"https://news.example/article/1\">والموقع</a>"
        );
        assert!(!leaves_site("mailto:desk@news.example", PAGE.origin));
        assert!(leaves_site("https://news.example.evil/x", PAGE.origin));
        assert!(!leaves_site("HTTPS://NEWS.EXAMPLE", PAGE.origin));
    }

    #[test]
    fn nothing_can_be_injected() {
        let text = "<script>alert(1)</script>";
        let marks = [
            Mark::link(0, 8, "javascript:alert(1)"),
            Mark::link(8, 16, "/x\"><script>alert(2)</script>"),
            Mark::strong(3, 99),
            Mark::emphasis(5, 2),
        ];
        let html = marked_html(text, &marks, &PAGE);
        assert_eq!(
            html,
            "&lt;script&gt;<a href=\"/x&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\">alert(1)</a>&lt;/script&gt;"
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn exports_write_site_paths_absolute_and_line_breaks_as_br() {
        let options = MarkupOptions {
            absolute_paths: true,
            line_breaks: true,
            ..PAGE
        };
        let html = marked_html("سطر\nآخر", &[Mark::link(0, 7, "/article/1/x")], &options);
        assert_eq!(
            html,
            "<a href=\"https://news.example/article/1/x\">سطر<br>آخر</a>"
        );
    }
}
