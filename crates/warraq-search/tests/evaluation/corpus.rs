//! The evaluation files under `eval/`: articles, queries with graded judgments, related
//! judgments.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use warraq_domain::{Article, ArticleDraft, ArticleId, Block, SectionId, Status};

pub const ARTICLES: &str = include_str!("../../eval/articles.txt");
pub const QUERIES: &str = include_str!("../../eval/queries.txt");
pub const RELATED: &str = include_str!("../../eval/related.txt");

/// The moment the evaluation runs at (after every article's date).
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T00:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

pub struct Corpus {
    pub articles: Vec<Article>,
    pub queries: Vec<Judged>,
    pub related: Vec<Judged>,
}

/// A query (or, for related articles, a source article id as text) and its judgments.
pub struct Judged {
    pub id: String,
    pub text: String,
    pub grades: HashMap<ArticleId, u32>,
    pub note: String,
}

pub fn load() -> Corpus {
    Corpus {
        articles: parse_articles(ARTICLES),
        queries: parse_judged(QUERIES, true),
        related: parse_judged(RELATED, false),
    }
}

fn meaningful(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_articles(text: &str) -> Vec<Article> {
    let mut sections: HashMap<String, i64> = HashMap::new();
    let mut articles = Vec::new();
    for block in text.split("\n=== ").skip(1) {
        let mut lines = block.lines();
        let id: i64 = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("an article id");
        let mut fields: HashMap<&str, &str> = HashMap::new();
        let mut body = Vec::new();
        let mut in_body = false;
        for line in lines {
            if in_body {
                if !line.trim().is_empty() {
                    body.push(Block::paragraph(line.to_string()));
                }
            } else if line == "body:" {
                in_body = true;
            } else if let Some((k, v)) = line.split_once(": ") {
                fields.insert(k, v);
            }
        }
        let next_section = sections.len() as i64 + 1;
        let section = *sections
            .entry(fields["section"].to_string())
            .or_insert(next_section);
        // Kept as written: the analyzer, not the loader, must cope with scraped text.
        let mut draft = ArticleDraft::new("x", SectionId(section));
        draft.headline = fields["headline"].to_string();
        draft.lede = fields["lede"].to_string();
        draft.body = body;
        draft.tags = fields
            .get("tags")
            .map(|t| t.split('،').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let date = NaiveDate::parse_from_str(fields["date"], "%Y-%m-%d").expect("a date");
        let at = date.and_hms_opt(8, 0, 0).expect("a time").and_utc();
        draft.status = Status::Published;
        draft.published_at = Some(at);
        articles.push(Article {
            id: ArticleId(id),
            content: draft,
            created_at: at,
            updated_at: at,
            version: 1,
        });
    }
    articles
}

fn parse_judged(text: &str, with_text: bool) -> Vec<Judged> {
    meaningful(text)
        .map(|line| {
            let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let (id, query, grades, note) = if with_text {
                (
                    parts[0],
                    parts[1],
                    parts[2],
                    parts.get(3).copied().unwrap_or(""),
                )
            } else {
                (parts[0], parts[0], parts[1], "")
            };
            let grades = grades
                .split_whitespace()
                .map(|g| {
                    let (a, g) = g.split_once('=').expect("article=grade");
                    (
                        ArticleId(a.parse().expect("an article id")),
                        g.parse().expect("a grade"),
                    )
                })
                .collect();
            Judged {
                id: id.to_string(),
                text: query.to_string(),
                grades,
                note: note.to_string(),
            }
        })
        .collect()
}
