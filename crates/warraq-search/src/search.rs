//! Searching: the reader's words analysed like the articles, matched in the headline, the
//! summary, the tags and the body (headline first), filtered to what readers may see.

use std::collections::HashSet;
use std::ops::Bound;
use std::sync::atomic::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};
use warraq_domain::{ArticleId, SectionId};

use crate::analyzer::analyze;
use crate::error::SearchResult;
use crate::highlight::{Snippets, leading_text, mark_all};
use crate::index::SearchIndex;
use crate::schema::{Fields, from_tantivy, id_from_u64, id_to_u64, to_tantivy};

/// Most results one page may hold.
pub const MAX_LIMIT: u32 = 100;
/// Query text beyond this is ignored (a pasted article is not a query).
const MAX_QUERY_BYTES: usize = 1000;
/// Words of a query beyond this many are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// How much a field counts: a word in the headline outweighs the same word in the body.
const HEADLINE_BOOST: f32 = 3.0;
const TAGS_BOOST: f32 = 2.0;
const SUMMARY_BOOST: f32 = 1.5;
const BODY_BOOST: f32 = 1.0;
/// Share of the other fields' scores added to the best field's for one word.
const TIE_BREAKER: f32 = 0.3;
/// Recent news gets up to this share more score, halving every `RECENCY_HALF_LIFE_DAYS`.
const RECENCY_WEIGHT: f32 = 0.15;
const RECENCY_HALF_LIFE_DAYS: f32 = 30.0;
/// A word the index does not know, at least this long (in letters), also matches words
/// one edit away (a typo); rarely useful on short Arabic stems.
const TYPO_MIN_CHARS: usize = 5;
const TYPO_BOOST: f32 = 0.5;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Relevance,
    Newest,
}

/// What a reader asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    pub section: Option<SectionId>,
    /// Articles that became visible at or after this moment.
    pub from: Option<DateTime<Utc>>,
    /// Articles that became visible at or before this moment.
    pub to: Option<DateTime<Utc>>,
    pub sort: SortOrder,
    /// 1-based.
    pub page: u32,
    /// Results per page, at most [`MAX_LIMIT`].
    pub limit: u32,
}

impl SearchQuery {
    /// The first page of results for `text`, by relevance.
    pub fn new(text: &str) -> Self {
        SearchQuery {
            text: text.to_string(),
            section: None,
            from: None,
            to: None,
            sort: SortOrder::Relevance,
            page: 1,
            limit: 10,
        }
    }
}

/// One found article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: ArticleId,
    pub headline: String,
    /// The headline, HTML-escaped, with the matched words in `<mark>`.
    pub headline_html: String,
    /// A passage of the body (or the lede) showing the matched words, HTML-escaped, with
    /// them in `<mark>`.
    pub snippet_html: String,
    pub section: SectionId,
    /// The publication time.
    pub published: DateTime<Utc>,
    pub score: f32,
}

/// One page of results and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// The analysed query: the stems of each word (a word may have several readings).
pub(crate) struct AnalysedQuery {
    pub words: Vec<Vec<String>>,
}

impl AnalysedQuery {
    pub fn terms(&self) -> HashSet<String> {
        self.words.iter().flatten().cloned().collect()
    }
}

fn field_boosts(fields: &Fields) -> [(Field, f32); 4] {
    [
        (fields.headline, HEADLINE_BOOST),
        (fields.tags, TAGS_BOOST),
        (fields.summary, SUMMARY_BOOST),
        (fields.body, BODY_BOOST),
    ]
}

/// Documents readers may see at `now`, visible from `from` to `to`.
pub(crate) fn visibility_filter(
    fields: &Fields,
    now: DateTime<Utc>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Box<dyn Query> {
    let upper = to.map_or(now, |to| to.min(now));
    let lower = match from {
        Some(from) => Bound::Included(Term::from_field_date(fields.visible_from, to_tantivy(from))),
        None => Bound::Unbounded,
    };
    let range = RangeQuery::new(
        lower,
        Bound::Included(Term::from_field_date(
            fields.visible_from,
            to_tantivy(upper),
        )),
    );
    Box::new(ConstScoreQuery::new(Box::new(range), 0.0))
}

impl SearchIndex {
    /// Searches what readers may see now.
    pub fn search(&self, query: &SearchQuery) -> SearchResult<SearchResults> {
        self.search_at(query, Utc::now())
    }

    /// Searches what readers may see at `now`. An empty query, or one of stop words only,
    /// finds nothing (and is no error).
    pub fn search_at(
        &self,
        query: &SearchQuery,
        now: DateTime<Utc>,
    ) -> SearchResult<SearchResults> {
        let inner = &self.inner;
        let fields = inner.fields;
        let mut analyzer = inner.index.tokenizer_for_field(fields.headline)?;
        let mut words = analyze(&mut analyzer, cut(&query.text, MAX_QUERY_BYTES));
        words.truncate(MAX_QUERY_WORDS);
        let analysed = AnalysedQuery { words };
        if analysed.words.is_empty() || query.limit == 0 {
            return Ok(SearchResults::default());
        }
        let searcher = inner.reader.searcher();
        let text_query = self.text_query(&searcher, &analysed)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, text_query),
            (
                Occur::Must,
                visibility_filter(&fields, now, query.from, query.to),
            ),
        ];
        if let Some(section) = query.section {
            let term = Term::from_field_u64(fields.section, id_to_u64(section.0));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    0.0,
                )),
            ));
        }
        let full = BooleanQuery::new(clauses);
        let limit = query.limit.clamp(1, MAX_LIMIT) as usize;
        let offset = (query.page.max(1) as usize - 1) * limit;
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, found): (usize, Vec<(f32, DocAddress)>) = match query.sort {
            SortOrder::Relevance => {
                let now_micros = now.timestamp_micros();
                let collector = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                    let dates = segment.fast_fields().date("visible_from").ok();
                    move |doc: tantivy::DocId, score: tantivy::Score| {
                        let at = dates.as_ref().and_then(|d| d.first(doc));
                        score * recency_factor(now_micros, at)
                    }
                });
                searcher.search(&full, &(Count, collector))?
            }
            SortOrder::Newest => {
                let collector =
                    top.order_by_fast_field::<tantivy::DateTime>("visible_from", Order::Desc);
                let (total, docs) = searcher.search(&full, &(Count, collector))?;
                (total, docs.into_iter().map(|(_, d)| (0.0, d)).collect())
            }
        };
        let terms = analysed.terms();
        let body_snippets = Snippets::new(analyzer.clone(), fields.body, &terms);
        let summary_snippets = Snippets::new(analyzer.clone(), fields.summary, &terms);
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let headline = text_of(&doc, fields.headline);
            let summary = text_of(&doc, fields.summary);
            let body = text_of(&doc, fields.body);
            let snippet_html = body_snippets
                .html(&body)
                .or_else(|| summary_snippets.html(&summary))
                .unwrap_or_else(|| leading_text(if summary.is_empty() { &body } else { &summary }));
            hits.push(SearchHit {
                id: ArticleId(id_from_u64(u64_of(&doc, fields.id))),
                headline_html: mark_all(&mut analyzer, &headline, &terms),
                headline,
                snippet_html,
                section: SectionId(id_from_u64(u64_of(&doc, fields.section))),
                published: date_of(&doc, fields.published_at),
                score,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// One clause per word (any of its readings, in any field, the best field counting
    /// most); the words are alternatives, more of them scoring higher.
    fn text_query(
        &self,
        searcher: &Searcher,
        query: &AnalysedQuery,
    ) -> SearchResult<Box<dyn Query>> {
        let fields = self.inner.fields;
        let mut per_word: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for readings in &query.words {
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            let mut known = false;
            for (field, boost) in field_boosts(&fields) {
                for reading in readings {
                    let term = Term::from_field_text(field, reading);
                    known |= searcher.doc_freq(&term)? > 0;
                    alternatives.push(Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                        boost,
                    )));
                }
            }
            let main = &readings[0];
            let typos = self.inner.typo_tolerance.load(Ordering::Relaxed);
            if typos && !known && main.chars().count() >= TYPO_MIN_CHARS {
                for (field, boost) in field_boosts(&fields) {
                    let term = Term::from_field_text(field, main);
                    alternatives.push(Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new(term, 1, true)),
                        boost * TYPO_BOOST,
                    )));
                }
            }
            per_word.push((
                Occur::Should,
                Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    alternatives,
                    TIE_BREAKER,
                )),
            ));
        }
        Ok(Box::new(BooleanQuery::new(per_word)))
    }
}

/// The start of `text`, at most `max` bytes, cut at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    &text[..text.floor_char_boundary(max)]
}

/// `1 + RECENCY_WEIGHT` for an article published now, tending to 1 as it ages.
fn recency_factor(now_micros: i64, at: Option<tantivy::DateTime>) -> f32 {
    let Some(at) = at else {
        return 1.0;
    };
    let age_days = (now_micros - at.into_timestamp_micros()).max(0) as f32 / 86_400e6;
    1.0 + RECENCY_WEIGHT * 0.5f32.powf(age_days / RECENCY_HALF_LIFE_DAYS)
}

pub(crate) fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn u64_of(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .unwrap_or_default()
}

pub(crate) fn date_of(doc: &TantivyDocument, field: Field) -> DateTime<Utc> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .map(from_tantivy)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recency_is_a_mild_boost_that_fades() {
        let now = 1_800_000_000_000_000i64;
        let today = recency_factor(now, Some(tantivy::DateTime::from_timestamp_micros(now)));
        let month = recency_factor(
            now,
            Some(tantivy::DateTime::from_timestamp_micros(
                now - 30 * 86_400_000_000,
            )),
        );
        let year = recency_factor(
            now,
            Some(tantivy::DateTime::from_timestamp_micros(
                now - 365 * 86_400_000_000,
            )),
        );
        assert!((today - 1.15).abs() < 1e-3);
        assert!((month - 1.075).abs() < 1e-3);
        assert!(year < 1.001);
    }
}
