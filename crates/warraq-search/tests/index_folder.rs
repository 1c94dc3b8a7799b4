//! The index's folder: what survives a restart, what is started anew, and one owner.

use chrono::Utc;
use warraq_domain::{Article, ArticleDraft, ArticleId, SectionId, Status};
use warraq_search::{IndexOptions, SearchError, SearchIndex, SearchQuery};

fn article(id: i64, headline: &str) -> Article {
    let mut d = ArticleDraft::new(headline, SectionId(1));
    d.status = Status::Published;
    d.published_at = Some(Utc::now());
    Article {
        id: ArticleId(id),
        content: d,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

#[test]
fn an_index_written_by_another_analyzer_version_is_started_anew() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("search");
    let index = SearchIndex::open(&path, IndexOptions::default()).expect("open");
    index
        .add_articles(&[article(1, "خبر عن الطقس")], Utc::now())
        .expect("indexed");
    assert_eq!(index.position(), Some(0));
    drop(index);

    // Pretend an older warraq wrote it: its commit payload names another analyzer.
    let meta_path = path.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).expect("meta.json");
    let older = meta.replace("\\\"analyzer\\\":", "\\\"analyzer\\\":1000");
    assert_ne!(meta, older, "the payload records the analyzer version");
    std::fs::write(&meta_path, older).expect("rewrite meta.json");

    let reopened = SearchIndex::open(&path, IndexOptions::default()).expect("reopen");
    assert_eq!(reopened.position(), None, "to be rebuilt");
    assert!(reopened.is_empty());
    assert_eq!(
        reopened
            .search(&SearchQuery::new("الطقس"))
            .expect("search")
            .total,
        0
    );
}

#[test]
fn a_folder_has_one_writer_at_a_time() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("search");
    let _first = SearchIndex::open(&path, IndexOptions::default()).expect("open");
    let second = SearchIndex::open(&path, IndexOptions::default());
    assert!(
        matches!(second, Err(SearchError::Locked(ref p)) if *p == path),
        "{second:?}"
    );
}

#[test]
fn a_file_where_the_folder_should_be_is_refused_naming_it() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let blocker = folder.path().join("search");
    std::fs::write(&blocker, b"").expect("a file");
    let err = SearchIndex::open(&blocker, IndexOptions::default()).expect_err("refused");
    assert!(
        err.to_string().contains(&blocker.display().to_string()),
        "{err}"
    );
}
