//! Related articles: those whose words are most like the article's (more-like-this over
//! the analysed text), raised a little when they share its section or its tags.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::collector::TopDocs;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{ArticleId, SectionId};

use crate::analyzer::analyze;
use crate::error::SearchResult;
use crate::index::SearchIndex;
use crate::schema::id_from_u64;
use crate::search::{date_of, text_of, u64_of};

/// A word of the headline counts this many times a word of the text.
const HEADLINE_WEIGHT: f32 = 2.0;

/// Candidates read before reranking by section and tags.
const CANDIDATES: usize = 50;
/// Read besides, in case some of the best are not visible yet (or the article itself).
const CANDIDATES_SPARE: usize = 10;
/// Most distinctive words of the article that make up the query.
const MAX_QUERY_TERMS: usize = 30;
/// Added to the (0..1) content similarity.
const SAME_SECTION_BONUS: f32 = 0.3;
const SHARED_TAG_BONUS: f32 = 0.1;
const MAX_SHARED_TAGS: usize = 3;
/// A shared tag alone brings a candidate in, at this weight against content words.
const TAG_QUERY_BOOST: f32 = 2.0;

/// An article related to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedArticle {
    pub id: ArticleId,
    pub headline: String,
    /// The subheadline and lede.
    pub summary: String,
    pub section: SectionId,
    pub published: DateTime<Utc>,
    pub score: f32,
}

impl SearchIndex {
    /// Up to `limit` articles readers may see now that are related to `id`, best first;
    /// never `id` itself. Empty when `id` is not in the index (not visible).
    pub fn related(&self, id: ArticleId, limit: usize) -> SearchResult<Vec<RelatedArticle>> {
        self.related_at(id, limit, Utc::now())
    }

    pub fn related_at(
        &self,
        id: ArticleId,
        limit: usize,
        now: DateTime<Utc>,
    ) -> SearchResult<Vec<RelatedArticle>> {
        let fields = self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let own_term = fields.id_term(id);
        let found = searcher.search(
            &TermQuery::new(own_term.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some((_, address)) = found.first() else {
            return Ok(Vec::new());
        };
        let source: TantivyDocument = searcher.doc(*address)?;
        let headline = text_of(&source, fields.headline);
        let all_text = [
            headline.clone(),
            text_of(&source, fields.summary),
            text_of(&source, fields.body),
        ]
        .join("\n");
        let section = u64_of(&source, fields.section);
        let tags: Vec<String> = source
            .get_all(fields.tags)
            .filter_map(|v| tantivy::schema::Value::as_str(&v).map(fold_for_matching))
            .collect();

        let like_this = self.like_this(&searcher, &headline, &all_text)?;
        let mut matching: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(like_this))];
        for tag in &tags {
            matching.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.tag, tag),
                        IndexRecordOption::Basic,
                    )),
                    TAG_QUERY_BOOST,
                )),
            ));
        }
        // A disjunction alone, so that the top candidates are found by skipping what
        // cannot reach them (block-max pruning) instead of scoring every article sharing a
        // word: with the visibility range and the article itself as conditions of the
        // query, a cold article page at a million articles spent most of its time here.
        // They are checked on the candidates instead: the index holds only the few
        // scheduled and embargoed articles besides what readers see, so a handful more
        // candidates make up for those left out.
        let query = BooleanQuery::new(matching);
        let candidates: Vec<(f32, DocAddress)> = searcher.search(
            &query,
            &TopDocs::with_limit(CANDIDATES + CANDIDATES_SPARE).order_by_score(),
        )?;
        let own_tags: HashSet<&String> = tags.iter().collect();
        let mut related = Vec::with_capacity(CANDIDATES);
        let mut best = None;
        for (score, address) in candidates {
            if related.len() == CANDIDATES {
                break;
            }
            let doc: TantivyDocument = searcher.doc(address)?;
            let doc_id = id_from_u64(u64_of(&doc, fields.id));
            if doc_id == id.0 || date_of(&doc, fields.visible_from) > now {
                continue;
            }
            let best = *best.get_or_insert(score.max(f32::EPSILON));
            let doc_section = u64_of(&doc, fields.section);
            let shared = doc
                .get_all(fields.tags)
                .filter_map(|v| tantivy::schema::Value::as_str(&v).map(fold_for_matching))
                .filter(|t| own_tags.contains(t))
                .count()
                .min(MAX_SHARED_TAGS);
            let mut final_score = score / best + SHARED_TAG_BONUS * shared as f32;
            if doc_section == section {
                final_score += SAME_SECTION_BONUS;
            }
            related.push(RelatedArticle {
                id: ArticleId(doc_id),
                headline: text_of(&doc, fields.headline),
                summary: text_of(&doc, fields.summary),
                section: SectionId(id_from_u64(doc_section)),
                published: date_of(&doc, fields.published_at),
                score: final_score,
            });
        }
        related.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.published.cmp(&a.published))
        });
        related.truncate(limit);
        Ok(related)
    }
}

impl SearchIndex {
    /// More-like-this, aware of the analyzer's readings: of the readings of a word, the one
    /// most articles share stands for it (a reading no other article has is noise, not a
    /// distinctive word), then the words with the best tf-idf make the query.
    fn like_this(
        &self,
        searcher: &Searcher,
        headline: &str,
        text: &str,
    ) -> SearchResult<Box<dyn Query>> {
        let fields = self.inner.fields;
        let mut analyzer = self.inner.index.tokenizer_for_field(fields.body)?;
        let docs = searcher.num_docs().max(1);
        // Words in more than a fifth of the articles say little about this one.
        let max_df = (docs / 5).max(2);
        let mut df_cache: HashMap<String, u64> = HashMap::new();
        let mut weights: HashMap<String, f32> = HashMap::new();
        for (source, weight) in [(headline, HEADLINE_WEIGHT), (text, 1.0)] {
            for readings in analyze(&mut analyzer, source) {
                let mut best: Option<(u64, &String)> = None;
                for reading in &readings {
                    let df = match df_cache.get(reading) {
                        Some(df) => *df,
                        None => {
                            let df =
                                searcher.doc_freq(&Term::from_field_text(fields.body, reading))?;
                            df_cache.insert(reading.clone(), df);
                            df
                        }
                    };
                    if best.is_none_or(|(b, _)| df > b) {
                        best = Some((df, reading));
                    }
                }
                let Some((df, reading)) = best else { continue };
                // Only this article has it, or too many do.
                if df < 2 || df > max_df || reading.chars().count() < 2 {
                    continue;
                }
                *weights.entry(reading.clone()).or_insert(0.0) += weight;
            }
        }
        let mut scored: Vec<(String, f32)> = weights
            .into_iter()
            .map(|(term, tf)| {
                let df = df_cache.get(&term).copied().unwrap_or(1) as f32;
                let idf = (1.0 + docs as f32 / df).ln();
                (term, tf * idf)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        scored.truncate(MAX_QUERY_TERMS);
        let best = scored.first().map_or(1.0, |(_, s)| *s);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (term, score) in scored {
            for field in [fields.headline, fields.summary, fields.body] {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &term),
                            IndexRecordOption::WithFreqs,
                        )),
                        score / best,
                    )),
                ));
            }
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}
