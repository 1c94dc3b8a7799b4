//! The evaluation runs in CI: warraq's analyzer must beat the plain one (and the
//! light10 and Snowball baselines) on the project's Arabic test collection.

mod evaluation;

use evaluation::{Contender, contenders, corpus, evaluate, table};

fn scores_of(name: &str, all: &[evaluation::Scores]) -> (f64, f64, f64) {
    let s = all
        .iter()
        .find(|s| s.name.split_whitespace().next() == Some(name))
        .expect(name);
    (s.ndcg10, s.recall10, s.related_p3)
}

#[test]
fn the_collection_has_enough_articles_queries_and_judgments() {
    let corpus = corpus::load();
    assert!(corpus.articles.len() >= 40);
    assert!(corpus.queries.len() >= 25);
    assert!(corpus.related.len() >= 10);
    let ids: std::collections::HashSet<_> = corpus.articles.iter().map(|a| a.id).collect();
    for judged in corpus.queries.iter().chain(&corpus.related) {
        assert!(!judged.grades.is_empty(), "{}", judged.id);
        for id in judged.grades.keys() {
            assert!(
                ids.contains(id),
                "{} judges unknown article {id}",
                judged.id
            );
        }
    }
}

#[test]
fn warraq_analyzer_beats_the_plain_one_and_the_baselines() {
    let corpus = corpus::load();
    let picked: Vec<Contender> = contenders()
        .into_iter()
        .filter(|c| c.typos)
        .take(4)
        .collect();
    let all: Vec<_> = picked.iter().map(|c| evaluate(&corpus, c)).collect();
    println!("{}", table(&all, &corpus));
    let warraq = scores_of("warraq", &all);
    for baseline in ["plain", "light10", "Snowball"] {
        let other = scores_of(baseline, &all);
        assert!(
            warraq.0 > other.0,
            "nDCG@10 {warraq:?} vs {baseline} {other:?}"
        );
        assert!(
            warraq.1 >= other.1,
            "recall@10 {warraq:?} vs {baseline} {other:?}"
        );
    }
    let plain = scores_of("plain", &all);
    assert!(
        warraq.2 >= plain.2,
        "related P@3 {warraq:?} vs plain {plain:?}"
    );
}
