//! HTML for search results: text escaped, matched words wrapped in `<mark>`.

use std::collections::{BTreeMap, HashSet};

use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

/// Longest snippet, in bytes of text (about 200 Arabic letters).
const SNIPPET_BYTES: usize = 400;

use warraq_domain::html::escape_into as escape_html;

/// The whole `text`, escaped, with every word whose analysed form is in `terms` marked.
pub fn mark_all(analyzer: &mut TextAnalyzer, text: &str, terms: &HashSet<String>) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if terms.contains(&token.text)
            && ranges.last() != Some(&(token.offset_from, token.offset_to))
        {
            ranges.push((token.offset_from, token.offset_to));
        }
    }
    let mut out = String::with_capacity(text.len() + 16 * ranges.len());
    let mut at = 0;
    for (from, to) in ranges {
        if from < at {
            continue;
        }
        escape_html(&text[at..from], &mut out);
        out.push_str("<mark>");
        escape_html(&text[from..to], &mut out);
        out.push_str("</mark>");
        at = to;
    }
    escape_html(&text[at..], &mut out);
    out
}

/// Picks the passages of a field's text that best show the query's words.
pub struct Snippets {
    generator: SnippetGenerator,
}

impl Snippets {
    pub fn new(analyzer: TextAnalyzer, field: Field, terms: &HashSet<String>) -> Self {
        // Rarer words would weigh more; every query word counts the same here.
        let weights: BTreeMap<String, f32> = terms.iter().map(|t| (t.clone(), 1.0)).collect();
        Snippets {
            generator: SnippetGenerator::new(weights, analyzer, field, SNIPPET_BYTES),
        }
    }

    /// The best passage of `text` as HTML, with an ellipsis where it was cut; `None` when
    /// no query word occurs in it.
    pub fn html(&self, text: &str) -> Option<String> {
        let mut snippet = self.generator.snippet(text);
        if snippet.highlighted().is_empty() {
            return None;
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        let range = snippet.fragment_range();
        let mut html = String::new();
        if range.start > 0 {
            html.push_str("… ");
        }
        html.push_str(&snippet.to_html());
        if range.end < text.trim_end().len() {
            html.push_str(" …");
        }
        Some(html)
    }
}

/// The start of `text`, escaped, cut at a word boundary (a snippet when no word matched).
pub fn leading_text(text: &str) -> String {
    let mut end = text.len();
    if text.len() > SNIPPET_BYTES {
        end = text[..SNIPPET_BYTES]
            .rfind(char::is_whitespace)
            .unwrap_or_else(|| text.floor_char_boundary(SNIPPET_BYTES));
    }
    let mut out = String::new();
    escape_html(text[..end].trim_end(), &mut out);
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::arabic_analyzer;

    #[test]
    fn marked_text_is_escaped_and_marks_every_spelling_of_the_word() {
        let terms: HashSet<String> = ["حكوم".to_string()].into();
        let html = mark_all(&mut arabic_analyzer(), "<b>الحكومة</b> & حكومتها", &terms);
        assert_eq!(
            html,
            "&lt;b&gt;<mark>الحكومة</mark>&lt;/b&gt; &amp; <mark>حكومتها</mark>"
        );
    }

    #[test]
    fn leading_text_cuts_at_a_word() {
        let long = "كلمة ".repeat(200);
        let text = leading_text(&long);
        assert!(text.ends_with(" …"));
        assert!(text.len() <= SNIPPET_BYTES + 8);
        assert_eq!(leading_text("قصير <b>"), "قصير &lt;b&gt;");
    }
}
