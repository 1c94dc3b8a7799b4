//! One article of a wire-text page, from its header to the next header.

use chrono::{NaiveTime, TimeZone, Utc};
use sha2::{Digest, Sha256};
use warraq_domain::agency::Agency;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{Block, IncomingArticle, IncomingMedia};

use super::attribution::wire_sources;
use super::caption::split_caption;
use super::dates::proposed_day;
use super::lines::Line;
use super::related::parse_related;

/// The line that opens the related-articles module.
const RELATED_MARKER: &str = "مقالات ذات صلة";

/// Characters a complete paragraph ends with; anything else at the very end of a page
/// suggests it was cut mid-sentence.
const SENTENCE_ENDS: [char; 12] = ['.', '؟', '?', '!', '»', '"', '”', '…', ')', ':', '،', '؛'];

/// The lines of one article, already split into header and the rest.
pub struct ArticleLines<'a> {
    headline: &'a Line,
    caption: Option<&'a Line>,
    rest: &'a [Line],
}

impl<'a> ArticleLines<'a> {
    /// From a header (headline, caption, caption, `TT`) to the next header. The layout
    /// repeats the headline and the caption pair after `TT`; those copies are skipped.
    pub fn from_header(lines: &'a [Line]) -> Self {
        let (headline, caption) = (&lines[0], &lines[1]);
        let mut at = 4.min(lines.len());
        if lines.get(at).is_some_and(|l| l.text == headline.text) {
            at += 1;
        }
        while lines.get(at).is_some_and(|l| l.text == caption.text) {
            at += 1;
        }
        Self {
            headline,
            caption: Some(caption),
            rest: &lines[at..],
        }
    }

    /// Copy without a header: the first line is the headline, the rest is the body.
    pub fn plain(lines: &'a [Line]) -> Self {
        Self {
            headline: &lines[0],
            caption: None,
            rest: &lines[1..],
        }
    }
}

/// An article with what the reader noticed on the way.
pub struct ReadArticle {
    pub article: IncomingArticle,
    pub warnings: Vec<String>,
    pub ends_mid_sentence: bool,
    pub last_line: usize,
}

pub fn read_article(
    lines: ArticleLines<'_>,
    known_sections: &[String],
    agencies: &[Agency],
) -> ReadArticle {
    let marker = fold_for_matching(RELATED_MARKER);
    let related_at = lines
        .rest
        .iter()
        .position(|l| fold_for_matching(&l.text) == marker);
    let (body_lines, related_lines) = match related_at {
        Some(i) => (&lines.rest[..i], &lines.rest[i + 1..]),
        None => (lines.rest, &lines.rest[lines.rest.len()..]),
    };
    let paragraphs: Vec<String> = body_lines.iter().map(|l| l.text.clone()).collect();
    let mut warnings = Vec::new();
    if paragraphs.is_empty() {
        warnings.push(format!(
            "line {}: the article «{}» has no body text",
            lines.headline.number, lines.headline.text
        ));
    }

    let hero = lines.caption.map(|line| {
        let parts = split_caption(&line.text, agencies);
        IncomingMedia {
            caption: parts.caption.clone(),
            alt: Some(parts.caption),
            credit: parts.credit,
            archive: parts.archive,
            ..IncomingMedia::default()
        }
    });
    let caption_text = hero.as_ref().map_or("", |h| h.caption.as_str());
    let proposed = proposed_day(caption_text, &paragraphs)
        .map(|day| Utc.from_utc_datetime(&day.and_time(NOON)));

    let module = parse_related(related_lines, known_sections, agencies);
    warnings.extend(module.warnings);
    if related_at.is_some() && module.items.is_empty() {
        warnings.push(format!(
            "line {}: the related-articles module holds no item",
            lines.headline.number
        ));
    }

    let last = lines.rest.last().unwrap_or(lines.headline);
    let ends_mid_sentence = related_lines.is_empty()
        && paragraphs
            .last()
            .is_some_and(|p| !p.trim_end().ends_with(SENTENCE_ENDS));

    let article = IncomingArticle {
        source_key: source_key(&lines.headline.text, &paragraphs),
        headline: lines.headline.text.clone(),
        wire_sources: wire_sources(&paragraphs, agencies),
        body: paragraphs.into_iter().map(Block::paragraph).collect(),
        hero,
        related: module.items,
        proposed_published_at: proposed,
        ..IncomingArticle::default()
    };
    ReadArticle {
        article,
        warnings,
        ends_mid_sentence,
        last_line: last.number,
    }
}

/// A proposed day is set at noon UTC, so it reads as the same calendar day in every time
/// zone from UTC−11 to UTC+11.
const NOON: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// `wire:` + SHA-256 of the normalised headline and paragraphs: the same text imported
/// again maps to the same article.
fn source_key(headline: &str, paragraphs: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(headline.as_bytes());
    for p in paragraphs {
        hasher.update(b"\n");
        hasher.update(p.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("wire:{hex}")
}
