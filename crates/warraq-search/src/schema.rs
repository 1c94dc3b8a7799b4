//! The index's fields and how an article becomes a document.

use chrono::{DateTime, Utc};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{TantivyDocument, Term};
use warraq_domain::Article;
use warraq_domain::arabic::fold_for_matching;

use crate::analyzer::ANALYZER_NAME;

/// Bumped whenever the fields change: an index with other fields is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub headline: Field,
    /// Subheadline and lede.
    pub summary: Field,
    pub body: Field,
    /// Tags, analysed like the text (found by search).
    pub tags: Field,
    /// Tags as folded strings (compared exactly by related articles).
    pub tag: Field,
    pub section: Field,
    /// The moment readers may first see the article (filtered `<= now` on every query).
    pub visible_from: Field,
    pub published_at: Field,
}

impl Fields {
    pub fn id_term(&self, id: warraq_domain::ArticleId) -> Term {
        Term::from_field_u64(self.id, id_to_u64(id.0))
    }
}

pub fn build() -> (Schema, Fields) {
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    let date = DateOptions::default()
        .set_fast()
        .set_stored()
        .set_precision(DateTimePrecision::Microseconds);
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        headline: b.add_text_field("headline", text.clone()),
        summary: b.add_text_field("summary", text.clone()),
        body: b.add_text_field("body", text.clone()),
        tags: b.add_text_field("tags", text),
        tag: b.add_text_field("tag", STRING),
        section: b.add_u64_field("section", INDEXED | STORED | FAST),
        visible_from: b.add_date_field("visible_from", date.clone()),
        published_at: b.add_date_field("published_at", date),
    };
    (b.build(), fields)
}

/// Ids are positive in the store; the index keeps them as u64 (order-preserving).
pub fn id_to_u64(id: i64) -> u64 {
    (id as u64) ^ (1 << 63)
}

pub fn id_from_u64(v: u64) -> i64 {
    (v ^ (1 << 63)) as i64
}

pub fn to_tantivy(at: DateTime<Utc>) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_micros(at.timestamp_micros())
}

pub fn from_tantivy(at: tantivy::DateTime) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.into_timestamp_micros()).unwrap_or_default()
}

/// The document of an article readers may see (`visible_from` is its moment).
pub fn document(
    fields: &Fields,
    article: &Article,
    visible_from: DateTime<Utc>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.id, id_to_u64(article.id.0));
    doc.add_text(fields.headline, &article.headline);
    let summary = [article.subheadline.as_deref(), Some(article.lede.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    doc.add_text(fields.summary, &summary);
    let body = article
        .body
        .iter()
        .map(|b| b.plain_text())
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    doc.add_text(fields.body, &body);
    for tag in &article.tags {
        doc.add_text(fields.tags, tag);
        doc.add_text(fields.tag, fold_for_matching(tag));
    }
    doc.add_u64(fields.section, id_to_u64(article.section_id.0));
    doc.add_date(fields.visible_from, to_tantivy(visible_from));
    doc.add_date(
        fields.published_at,
        to_tantivy(article.published_at.unwrap_or(visible_from)),
    );
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_order_and_round_trip() {
        for id in [1i64, 42, i64::MAX, -3] {
            assert_eq!(id_from_u64(id_to_u64(id)), id);
        }
        assert!(id_to_u64(2) > id_to_u64(1));
    }

    #[test]
    fn times_round_trip_to_the_microsecond() {
        let at = DateTime::from_timestamp_micros(1_730_000_000_123_456).unwrap();
        assert_eq!(from_tantivy(to_tantivy(at)), at);
    }
}
