//! Search benchmark: generates N articles (default 100,000) from the evaluation
//! collection's vocabulary (deterministic), indexes them in a temporary folder, and
//! reports indexing throughput, index size on disk, and query and related-article
//! latency percentiles over the evaluation queries.
//!
//! cargo run -p warraq-search --example bench --release [-- --articles 100000]
//! (or bench/search.sh). Not run in CI.

#[path = "../tests/evaluation/mod.rs"]
mod evaluation;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use warraq_domain::{Article, ArticleDraft, ArticleId, Block, SectionId, Status};
use warraq_search::{IndexOptions, SearchIndex, SearchQuery};

/// Articles handed to the index per call (each call commits).
const BATCH: usize = 10_000;

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Words of the evaluation articles, as written (scraped spellings included), so the
/// generated text has the collection's word frequencies.
fn vocabulary(articles: &[Article]) -> Vec<String> {
    let mut words = Vec::new();
    for a in articles {
        let text = std::iter::once(a.headline.clone())
            .chain(std::iter::once(a.lede.clone()))
            .chain(a.body.iter().map(Block::plain_text));
        for t in text {
            words.extend(t.split_whitespace().map(str::to_string));
        }
    }
    words
}

fn sentence(rng: &mut Rng, words: &[String], len: usize) -> String {
    (0..len)
        .map(|_| words[rng.below(words.len())].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn generate(n: usize, words: &[String], now: DateTime<Utc>) -> impl Iterator<Item = Article> + '_ {
    let mut rng = Rng(0x5EED);
    (1..=n).map(move |i| {
        let headline_len = 6 + rng.below(6);
        let mut d = ArticleDraft::new(
            &sentence(&mut rng, words, headline_len),
            SectionId(1 + rng.below(12) as i64),
        );
        let lede_len = 15 + rng.below(15);
        d.lede = sentence(&mut rng, words, lede_len);
        d.body = (0..4 + rng.below(4))
            .map(|_| {
                let len = 25 + rng.below(30);
                Block::paragraph(sentence(&mut rng, words, len))
            })
            .collect();
        d.tags = (0..rng.below(4))
            .map(|_| words[rng.below(words.len())].clone())
            .collect();
        d.status = Status::Published;
        d.published_at = Some(now - chrono::Duration::minutes(rng.below(5 * 365 * 24 * 60) as i64));
        Article {
            id: ArticleId(i as i64),
            content: d,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    })
}

fn folder_bytes(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::args()
        .skip_while(|a| a != "--articles")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let corpus = evaluation::corpus::load();
    let words = vocabulary(&corpus.articles);
    let now = evaluation::corpus::now();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("search");
    let index = SearchIndex::open(&path, IndexOptions::default()).expect("open");

    let started = Instant::now();
    let mut generated = generate(n, &words, now);
    let mut text_bytes = 0usize;
    loop {
        let batch: Vec<Article> = generated.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        text_bytes += batch
            .iter()
            .map(|a| {
                a.headline.len()
                    + a.lede.len()
                    + a.body.iter().map(|b| b.plain_text().len()).sum::<usize>()
            })
            .sum::<usize>();
        index.add_articles(&batch, now).expect("indexed");
    }
    let indexing = started.elapsed();
    // Let background merges settle before measuring the folder.
    std::thread::sleep(Duration::from_secs(2));
    let size = folder_bytes(&path);

    // Every query several times, after one warm-up pass.
    let queries: Vec<SearchQuery> = corpus
        .queries
        .iter()
        .map(|q| SearchQuery::new(&q.text))
        .collect();
    for q in &queries {
        index.search_at(q, now).expect("search");
    }
    let mut search_times = Vec::new();
    let mut total_hits = 0usize;
    for _ in 0..20 {
        for q in &queries {
            let t = Instant::now();
            total_hits += index.search_at(q, now).expect("search").total;
            search_times.push(t.elapsed());
        }
    }
    search_times.sort_unstable();
    let mut rng = Rng(42);
    let mut related_times = Vec::new();
    for _ in 0..300 {
        let id = ArticleId(1 + rng.below(n) as i64);
        let t = Instant::now();
        index.related_at(id, 5, now).expect("related");
        related_times.push(t.elapsed());
    }
    related_times.sort_unstable();

    println!("articles            {n}");
    println!("text                {:.1} MB", text_bytes as f64 / 1e6);
    println!(
        "indexing            {:.1} s, {:.0} articles/s, {:.1} MB/s of text (1 writer thread, 50 MB heap, commit every {BATCH})",
        indexing.as_secs_f64(),
        n as f64 / indexing.as_secs_f64(),
        text_bytes as f64 / 1e6 / indexing.as_secs_f64()
    );
    println!(
        "index on disk       {:.1} MB (text stored for snippets)",
        size as f64 / 1e6
    );
    println!(
        "search (10 hits + snippets, {} runs)  p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  (mean total {} hits)",
        search_times.len(),
        ms(percentile(&search_times, 0.5)),
        ms(percentile(&search_times, 0.99)),
        ms(*search_times.last().expect("timed")),
        total_hits / search_times.len()
    );
    println!(
        "related (5, {} runs)                   p50 {:.2} ms  p99 {:.2} ms",
        related_times.len(),
        ms(percentile(&related_times, 0.5)),
        ms(percentile(&related_times, 0.99))
    );
}
