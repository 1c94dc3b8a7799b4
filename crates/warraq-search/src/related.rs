//! Related articles: those whose words are most like the article's (more-like-this over
//! the analysed text), raised a little when they share its section or its tags.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::collector::TopDocs;

use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, TantivyDocument, Term};
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{ArticleId, SectionId};

use crate::analyzer::analyze;
use crate::error::SearchResult;
use crate::index::SearchIndex;
use crate::schema::{from_tantivy, id_from_u64};
use crate::search::{text_of, u64_of};

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
/// A shared tag alone brings a candidate in, at this weight against the content words.
const TAG_QUERY_BOOST: f32 = 2.0;
/// The most postings one related search reads: the articles of each word of the query in
/// each field it is looked up in, and of each tag. Words are taken most distinctive first,
/// then tags rarest first, and one that would go past the budget is left out (a rarer one
/// after it may still fit). Without it the words of an article are in ever more articles
/// as the store grows, and a list cost 2.5 times as much at a million articles as at a
/// thousand (bench/README.md, "Related articles ahead of readers"); with it the search
/// reads about as much at a million as at some tens of thousands. At a thousand articles
/// no query comes near it (30 words in at most a fifth of the articles, three fields).
const POSTINGS_BUDGET: u64 = 40_000;

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
        self.related_within(id, limit, now, POSTINGS_BUDGET)
    }

    /// [`Self::related_at`], reading at most `budget` postings (see [`POSTINGS_BUDGET`]).
    fn related_within(
        &self,
        id: ArticleId,
        limit: usize,
        now: DateTime<Utc>,
        budget: u64,
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

        // A disjunction alone, so that the top candidates are found without the visibility
        // range and the article itself as conditions of the query (intersected over every
        // document, they were most of a cold article page at a million articles). They are
        // checked on the candidates instead: the index holds only the few scheduled and
        // embargoed articles besides what readers see, so a handful more candidates make
        // up for those left out. The words stay one nested disjunction beside the tags:
        // flattened into one disjunction of a hundred terms for block-max WAND, a cold
        // article page at a million articles took 11.3 ms at the median instead of 8.0
        // (bench/README.md, run 5).
        let words = self.like_this(&searcher, &headline, &all_text, budget)?;
        let mut postings = words.postings;
        let like_this = BooleanQuery::new(words.clauses);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(like_this))];
        let mut tag_terms = Vec::with_capacity(tags.len());
        for tag in &tags {
            let term = Term::from_field_text(fields.tag, tag);
            tag_terms.push((searcher.doc_freq(&term)?, term));
        }
        tag_terms.sort_by_key(|(df, _)| *df);
        for (df, term) in tag_terms {
            if postings + df > budget {
                continue;
            }
            postings += df;
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    TAG_QUERY_BOOST,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let found: Vec<(f32, DocAddress)> = searcher.search(
            &query,
            &TopDocs::with_limit(CANDIDATES + CANDIDATES_SPARE).order_by_score(),
        )?;

        // Reranked from fast fields and the tag postings: no stored document is read
        // (decompressing sixty of them cost as much as the search) but those kept.
        let mut candidates = Vec::with_capacity(CANDIDATES);
        let mut best = None;
        let mut columns = HashMap::new();
        for (score, address) in found {
            if candidates.len() == CANDIDATES {
                break;
            }
            let facts = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(Columns::of(searcher.segment_reader(address.segment_ord))?)
                }
            }
            .facts(address.doc_id);
            if facts.id == id.0 || facts.visible_from > now {
                continue;
            }
            let best = *best.get_or_insert(score.max(f32::EPSILON));
            let mut final_score = score / best;
            if facts.section == section {
                final_score += SAME_SECTION_BONUS;
            }
            candidates.push((address, facts, final_score));
        }
        let shared = self.shared_tags(&searcher, &tags, &candidates)?;
        for (i, (_, _, score)) in candidates.iter_mut().enumerate() {
            *score += SHARED_TAG_BONUS * shared[i].min(MAX_SHARED_TAGS) as f32;
        }
        candidates.sort_by(|(_, a, a_score), (_, b, b_score)| {
            b_score
                .total_cmp(a_score)
                .then(b.published.cmp(&a.published))
        });
        candidates.truncate(limit);
        candidates
            .into_iter()
            .map(|(address, facts, score)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(RelatedArticle {
                    id: ArticleId(facts.id),
                    headline: text_of(&doc, fields.headline),
                    summary: text_of(&doc, fields.summary),
                    section: SectionId(id_from_u64(facts.section)),
                    published: facts.published,
                    score,
                })
            })
            .collect()
    }

    /// How many of `tags` (folded, as the exact `tag` field holds them) each candidate
    /// has, in the candidates' order: a seek in each tag's postings per candidate.
    fn shared_tags(
        &self,
        searcher: &Searcher,
        tags: &[String],
        candidates: &[(DocAddress, Facts, f32)],
    ) -> SearchResult<Vec<usize>> {
        let fields = self.inner.fields;
        let mut shared = vec![0; candidates.len()];
        let mut by_segment: HashMap<u32, Vec<(DocId, usize)>> = HashMap::new();
        for (i, (address, _, _)) in candidates.iter().enumerate() {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push((address.doc_id, i));
        }
        for (segment_ord, mut docs) in by_segment {
            docs.sort_unstable();
            let inverted = searcher
                .segment_reader(segment_ord)
                .inverted_index(fields.tag)?;
            for tag in tags {
                let term = Term::from_field_text(fields.tag, tag);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                for &(doc, i) in &docs {
                    if postings.doc() <= doc && postings.seek(doc) == doc {
                        shared[i] += 1;
                    }
                }
            }
        }
        Ok(shared)
    }
}

/// What reranking needs of a candidate, read from the fast fields.
struct Facts {
    id: i64,
    section: u64,
    visible_from: DateTime<Utc>,
    published: DateTime<Utc>,
}

/// The fast-field columns of one segment.
struct Columns {
    id: Column<u64>,
    section: Column<u64>,
    visible_from: Column<tantivy::DateTime>,
    published_at: Column<tantivy::DateTime>,
}

impl Columns {
    fn of(segment: &SegmentReader) -> SearchResult<Self> {
        let fast = segment.fast_fields();
        Ok(Self {
            id: fast.u64("id")?,
            section: fast.u64("section")?,
            visible_from: fast.date("visible_from")?,
            published_at: fast.date("published_at")?,
        })
    }

    fn facts(&self, doc: DocId) -> Facts {
        let date = |column: &Column<tantivy::DateTime>| {
            column.first(doc).map(from_tantivy).unwrap_or_default()
        };
        Facts {
            id: id_from_u64(self.id.first(doc).unwrap_or_default()),
            section: self.section.first(doc).unwrap_or_default(),
            visible_from: date(&self.visible_from),
            published: date(&self.published_at),
        }
    }
}

impl SearchIndex {
    /// More-like-this, aware of the analyzer's readings: of the readings of a word, the one
    /// most articles share stands for it (a reading no other article has is noise, not a
    /// distinctive word), then the words with the best tf-idf make the query, as many as
    /// `budget` postings allow.
    fn like_this(
        &self,
        searcher: &Searcher,
        headline: &str,
        text: &str,
        budget: u64,
    ) -> SearchResult<Words> {
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
        let mut words = Words {
            clauses: Vec::new(),
            postings: 0,
        };
        let mut taken = 0;
        let mut best = None;
        for (term, score) in scored {
            if taken == MAX_QUERY_TERMS {
                break;
            }
            let fields = [fields.headline, fields.summary, fields.body];
            let mut postings = 0;
            for field in fields {
                postings += searcher.doc_freq(&Term::from_field_text(field, &term))?;
            }
            if words.postings + postings > budget {
                continue;
            }
            words.postings += postings;
            taken += 1;
            let best = *best.get_or_insert(score);
            for field in fields {
                words.clauses.push((
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
        Ok(words)
    }
}

/// The words of a related search: a clause per word and field, and the postings they read.
struct Words {
    clauses: Vec<(Occur, Box<dyn Query>)>,
    postings: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use warraq_domain::{Article, ArticleDraft, Block, Status};

    fn article(id: i64, headline: &str, body: &str, tags: &[&str], now: DateTime<Utc>) -> Article {
        let mut draft = ArticleDraft::new(headline, SectionId(1));
        draft.lede = String::new();
        draft.body = vec![Block::paragraph(body)];
        draft.tags = tags.iter().map(|t| (*t).to_string()).collect();
        draft.status = Status::Published;
        draft.published_at = Some(now - Duration::hours(id));
        Article {
            id: ArticleId(id),
            content: draft,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// 300 articles: the first says "الميزانية" five times and "زلزال" once; the second
    /// shares "زلزال" (in two articles); 3 to 50 share "الميزانية" and the tag (in 49 each,
    /// under the fifth of the store that is the most a word may be in); the rest share
    /// nothing with the first.
    fn store() -> (SearchIndex, DateTime<Utc>) {
        let now = DateTime::parse_from_rfc3339("2026-11-30T12:00:00Z")
            .expect("a time")
            .with_timezone(&Utc);
        let mut articles = vec![
            article(
                1,
                "نقاش طويل",
                "الميزانية الميزانية الميزانية الميزانية الميزانية زلزال",
                &["اقتصاد"],
                now,
            ),
            article(2, "تقرير الصباح", "زلزال", &[], now),
        ];
        for id in 3..=50 {
            articles.push(article(id, "تقرير الصباح", "الميزانية", &["اقتصاد"], now));
        }
        for id in 51..=300 {
            articles.push(article(id, "تقرير الصباح", "خبر عن موضوع آخر", &[], now));
        }
        let index = SearchIndex::in_memory().expect("an index");
        index.add_articles(&articles, now).expect("indexed");
        (index, now)
    }

    fn related_ids(index: &SearchIndex, now: DateTime<Utc>, budget: u64) -> Vec<i64> {
        index
            .related_within(ArticleId(1), 5, now, budget)
            .expect("related")
            .iter()
            .map(|r| r.id.0)
            .collect()
    }

    #[test]
    fn words_and_tags_past_the_budget_are_left_out_and_a_rarer_word_still_fits() {
        let (index, now) = store();
        // "الميزانية" is the article's best word (five times) but is in 49 articles: past
        // a budget of 10, as the tag is; "زلزال" after it is in two and fits.
        assert_eq!(related_ids(&index, now, 10), vec![2]);
        // The word fits in 60 (2 + 49), the tag no longer does; the word alone brings the
        // articles that share it.
        let with_word = related_ids(&index, now, 60);
        assert_eq!(with_word.len(), 5, "{with_word:?}");
        assert!(
            with_word.iter().all(|id| (2..=50).contains(id)),
            "{with_word:?}"
        );
        assert!(with_word.iter().filter(|id| (3..=50).contains(*id)).count() >= 4);
    }

    #[test]
    fn the_default_budget_leaves_a_small_store_s_search_as_it_was() {
        let (index, now) = store();
        let (words, postings) = {
            let searcher = index.inner.reader.searcher();
            let text = "نقاش طويل\nالميزانية الميزانية الميزانية الميزانية الميزانية زلزال";
            let words = index
                .like_this(&searcher, "نقاش طويل", text, u64::MAX)
                .expect("words");
            (words.clauses.len(), words.postings)
        };
        assert!(postings < POSTINGS_BUDGET, "{postings}");
        assert!(words >= 6, "both words in three fields: {words}");
        assert_eq!(
            related_ids(&index, now, POSTINGS_BUDGET),
            related_ids(&index, now, u64::MAX)
        );
    }
}
