//! Wire text: the visible text of a news page (or wire copy) as a crawler extracts it.
//!
//! A page is cut into articles at each header (headline, the hero caption twice, `TT`).
//! Within an article: the header's layout repeats are dropped, body paragraphs run to the
//! `مقالات ذات صلة` line, and the related-articles module follows. A page cut off midway
//! gives what it holds and a warning.

mod article;
mod attribution;
mod caption;
mod dates;
mod lines;
mod related;
mod words;

use warraq_domain::default_agencies;

use crate::report::{ParseError, ParseWarning, Parsed, ParsedItem};
use article::{ArticleLines, read_article};
use lines::{content_lines, ends_with_cut_header, is_header_at};

/// Parses wire text into articles. `known_sections` are the section names that may be
/// glued to related-article thumbnail captions (the site's sections). Never fails on
/// text: the `Result` is for a uniform parser signature; problems become warnings.
pub fn parse_wire_text(text: &str, known_sections: &[String]) -> Result<Parsed, ParseError> {
    let agencies = default_agencies();
    let mut parsed = Parsed::default();
    let mut lines = content_lines(text);
    if lines.is_empty() {
        parsed
            .warnings
            .push(ParseWarning::about_input("the text is empty: no article"));
        return Ok(parsed);
    }
    // A page cut right after a header's caption pair (before `TT`) ends with a header that
    // has no text. Only a page that has headers at all is read that way.
    let has_headers = lines.iter().any(|l| l.text == lines::TEXT_SIZE_CONTROL);
    if has_headers && ends_with_cut_header(&lines) {
        let cut = lines.len() - 3;
        parsed.warnings.push(ParseWarning::about_input(format!(
            "line {}: an article header is cut off before its text (the page ends there); it was skipped",
            lines[cut].number
        )));
        lines.truncate(cut);
    }

    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| is_header_at(&lines, i))
        .collect();
    let Some(&first) = starts.first() else {
        parsed.warnings.push(ParseWarning::about_input(
            "no article header (headline, caption twice, TT) found: the first line was taken as the headline and the rest as paragraphs",
        ));
        let article = read_article(ArticleLines::plain(&lines), known_sections, &agencies);
        push_article(&mut parsed, article, true);
        return Ok(parsed);
    };
    if first > 0 {
        parsed.warnings.push(ParseWarning::about_input(format!(
            "lines {}–{} come before the first article header and were skipped",
            lines[0].number,
            lines[first - 1].number
        )));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let is_last = k + 1 == starts.len();
        let article = read_article(
            ArticleLines::from_header(&lines[start..end]),
            known_sections,
            &agencies,
        );
        push_article(&mut parsed, article, is_last);
    }
    Ok(parsed)
}

fn push_article(parsed: &mut Parsed, read: article::ReadArticle, is_last: bool) {
    let index = parsed.items.len();
    for message in read.warnings {
        parsed
            .warnings
            .push(ParseWarning::about_item(index, message));
    }
    if is_last && read.ends_mid_sentence {
        parsed.warnings.push(ParseWarning::about_item(
            index,
            format!(
                "line {}: the text ends mid-sentence; the page may be cut off",
                read.last_line
            ),
        ));
    }
    parsed
        .items
        .push(ParsedItem::Article(Box::new(read.article)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_domain::Block;

    #[test]
    fn copy_without_a_header_is_one_article_from_its_first_line_with_a_warning() {
        let parsed = parse_wire_text("عنوان الخبر\n\nالفقرة الأولى.\n\nالفقرة الثانية.", &[])
            .unwrap_or_default();
        let articles: Vec<_> = parsed.articles().collect();
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].headline, "عنوان الخبر");
        assert_eq!(
            articles[0].body,
            [
                Block::paragraph("الفقرة الأولى."),
                Block::paragraph("الفقرة الثانية.")
            ]
        );
        assert!(articles[0].hero.is_none());
        assert_eq!(parsed.warnings.len(), 1);
        assert!(parsed.warnings[0].message.contains("no article header"));
    }

    #[test]
    fn empty_text_gives_no_article_and_says_so() {
        let parsed = parse_wire_text(" \n\u{200F}\n", &[]).unwrap_or_default();
        assert!(parsed.items.is_empty());
        assert_eq!(parsed.warnings.len(), 1);
    }

    #[test]
    fn lines_before_the_first_header_are_skipped_with_their_line_numbers() {
        let text = "قائمة التنقل\nالرئيسية\nعنوان\nتعليق (رويترز)\nتعليق (رويترز)\nTT\nنص الخبر.";
        let parsed = parse_wire_text(text, &[]).unwrap_or_default();
        assert_eq!(parsed.articles().count(), 1);
        assert_eq!(parsed.warnings.len(), 1);
        assert!(
            parsed.warnings[0].message.contains("lines 1–2"),
            "{}",
            parsed.warnings[0].message
        );
    }
}
