//! Prints the search evaluation table: nDCG@10 and recall@10 for search, precision@3 for
//! related articles, for warraq's analyzer, the baselines and warraq's with each rule
//! switched off.
//!
//! cargo run -p warraq-search --example eval --release [-- --per-query]

#[path = "../tests/evaluation/mod.rs"]
mod evaluation;

fn main() {
    let per_query = std::env::args().any(|a| a == "--per-query");
    let corpus = evaluation::corpus::load();
    let all: Vec<_> = evaluation::contenders()
        .iter()
        .map(|c| evaluation::evaluate(&corpus, c))
        .collect();
    println!("{}", evaluation::table(&all, &corpus));
    if per_query {
        for q in &corpus.queries {
            println!("{} {} ({})", q.id, q.text, q.note);
            for s in &all {
                let (_, n, found) = s
                    .per_query
                    .iter()
                    .find(|(id, ..)| *id == q.id)
                    .expect("scored");
                let ids: Vec<String> = found.iter().take(5).map(|i| i.to_string()).collect();
                println!("    {:.2} {:<45} {}", n, s.name, ids.join(" "));
            }
        }
        let index = warraq_search::SearchIndex::in_memory().expect("an index");
        let now = evaluation::corpus::now();
        index.add_articles(&corpus.articles, now).expect("indexed");
        for r in &corpus.related {
            let id = warraq_domain::ArticleId(r.id.parse().expect("an id"));
            let found = index.related_at(id, 5, now).expect("related");
            let shown: Vec<String> = found
                .iter()
                .map(|a| {
                    let grade = r.grades.get(&a.id).copied().unwrap_or(0);
                    format!("{}({grade}, {:.2})", a.id, a.score)
                })
                .collect();
            println!("related {}: {}", r.id, shown.join(" "));
        }
    }
}
