//! The search evaluation: warraq's analyzer against the baselines, on articles and
//! queries written for the project (`eval/`). Used by the `search_quality` test (which
//! asserts) and the `eval` example (which prints the table).

#![allow(dead_code)]

pub mod baselines;
pub mod corpus;

use tantivy::tokenizer::TextAnalyzer;
use warraq_domain::ArticleId;
use warraq_search::analyzer::{AnalyzerConfig, StemRules, analyzer_with};
use warraq_search::{SearchIndex, SearchQuery};

use corpus::{Corpus, Judged};

/// An analyzer under evaluation.
pub struct Contender {
    pub name: &'static str,
    pub analyzer: fn() -> TextAnalyzer,
    /// Query words unknown to the index also match words one edit away.
    pub typos: bool,
}

const fn with_typos(name: &'static str, analyzer: fn() -> TextAnalyzer) -> Contender {
    Contender {
        name,
        analyzer,
        typos: true,
    }
}

fn warraq() -> TextAnalyzer {
    analyzer_with(AnalyzerConfig::default())
}

fn without(rules: StemRules) -> TextAnalyzer {
    analyzer_with(AnalyzerConfig {
        stop_words: true,
        rules,
    })
}

fn no_prefix_readings() -> TextAnalyzer {
    without(StemRules {
        prefix_variants: false,
        ..StemRules::default()
    })
}

fn no_broken_plurals() -> TextAnalyzer {
    without(StemRules {
        broken_plurals: false,
        ..StemRules::default()
    })
}

fn no_name_variants() -> TextAnalyzer {
    without(StemRules {
        name_variants: false,
        ..StemRules::default()
    })
}

fn no_stop_words() -> TextAnalyzer {
    analyzer_with(AnalyzerConfig {
        stop_words: false,
        rules: StemRules::default(),
    })
}

fn normalisation_only() -> TextAnalyzer {
    without(StemRules {
        light_stemming: false,
        prefix_variants: false,
        broken_plurals: false,
        name_variants: false,
    })
}

/// The baselines, then warraq's analyzer, then warraq's with one rule switched off.
pub fn contenders() -> Vec<Contender> {
    vec![
        Contender {
            name: "plain, without typo tolerance",
            analyzer: baselines::plain,
            typos: false,
        },
        with_typos("plain (tantivy default)", baselines::plain),
        with_typos("light10 (Lucene ArabicAnalyzer)", baselines::light10),
        with_typos("Snowball Arabic (tantivy)", baselines::snowball),
        with_typos("warraq", warraq),
        with_typos(
            "warraq, normalisation + stop words only",
            normalisation_only,
        ),
        with_typos(
            "warraq without prefix readings (light10 و)",
            no_prefix_readings,
        ),
        with_typos("warraq without broken plurals", no_broken_plurals),
        with_typos("warraq without name variants/synonyms", no_name_variants),
        with_typos("warraq without stop words", no_stop_words),
        Contender {
            name: "warraq without typo tolerance",
            analyzer: warraq,
            typos: false,
        },
    ]
}

/// What one analyzer scored.
pub struct Scores {
    pub name: &'static str,
    pub ndcg10: f64,
    pub recall10: f64,
    pub related_p3: f64,
    /// Per query: id, nDCG@10, the ids found.
    pub per_query: Vec<(String, f64, Vec<ArticleId>)>,
}

/// nDCG@k with gains 2^grade - 1.
pub fn ndcg(found: &[ArticleId], judged: &Judged, k: usize) -> f64 {
    let gain = |g: u32| f64::from((1u32 << g) - 1);
    let dcg: f64 = found
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| gain(*judged.grades.get(id).unwrap_or(&0)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u32> = judged.grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

pub fn recall(found: &[ArticleId], judged: &Judged, k: usize) -> f64 {
    let relevant = judged.grades.values().filter(|g| **g > 0).count();
    let hit = found
        .iter()
        .take(k)
        .filter(|id| judged.grades.get(id).is_some_and(|g| *g > 0))
        .count();
    hit as f64 / relevant.max(1) as f64
}

pub fn precision(found: &[ArticleId], judged: &Judged, k: usize) -> f64 {
    let hit = found
        .iter()
        .take(k)
        .filter(|id| judged.grades.get(id).is_some_and(|g| *g > 0))
        .count();
    hit as f64 / k as f64
}

pub fn evaluate(corpus: &Corpus, contender: &Contender) -> Scores {
    let index = SearchIndex::in_memory_with_analyzer((contender.analyzer)()).expect("an index");
    index.set_typo_tolerance(contender.typos);
    let now = corpus::now();
    index.add_articles(&corpus.articles, now).expect("indexed");
    let mut per_query = Vec::new();
    let (mut ndcg_sum, mut recall_sum) = (0.0, 0.0);
    for q in &corpus.queries {
        let mut query = SearchQuery::new(&q.text);
        query.limit = 10;
        let found: Vec<ArticleId> = index
            .search_at(&query, now)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        let n = ndcg(&found, q, 10);
        ndcg_sum += n;
        recall_sum += recall(&found, q, 10);
        per_query.push((q.id.clone(), n, found));
    }
    let mut p3_sum = 0.0;
    for r in &corpus.related {
        let id = ArticleId(r.id.parse().expect("an article id"));
        let found: Vec<ArticleId> = index
            .related_at(id, 3, now)
            .expect("related")
            .into_iter()
            .map(|a| a.id)
            .collect();
        p3_sum += precision(&found, r, 3);
    }
    let queries = corpus.queries.len().max(1) as f64;
    Scores {
        name: contender.name,
        ndcg10: ndcg_sum / queries,
        recall10: recall_sum / queries,
        related_p3: p3_sum / corpus.related.len().max(1) as f64,
        per_query,
    }
}

/// The table, as Markdown.
pub fn table(scores: &[Scores], corpus: &Corpus) -> String {
    let mut out = format!(
        "{} articles, {} queries, {} related judgments\n\n| analyzer | nDCG@10 | recall@10 | related P@3 |\n| --- | ---: | ---: | ---: |\n",
        corpus.articles.len(),
        corpus.queries.len(),
        corpus.related.len()
    );
    for s in scores {
        out.push_str(&format!(
            "| {} | {:.3} | {:.3} | {:.3} |\n",
            s.name, s.ndcg10, s.recall10, s.related_p3
        ));
    }
    out
}
