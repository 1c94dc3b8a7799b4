//! One transaction per item: a refused item leaves nothing behind, and what it would have
//! created is created for real by the next item that brings it.

use warraq_domain::{Actor, ArticleId};
use warraq_import::{ImportArgs, ItemOutcome};
use warraq_store::Store;

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

const PICTURE: &str = "https://img.example/observatory.jpg";

/// An item that brings a section, a bureau, an author and a picture the store does not
/// have yet.
fn item_bringing_new_records(uri: &str, headline: &str) -> serde_json::Value {
    let mut doc = ninjs_text(uri, headline, "رصد الفلكيون هلال الشهر مساء الأحد.");
    doc["subjects"] = serde_json::json!([{"name": "علوم الفلك", "rel": "section"}]);
    doc["located"] = "أبها".into();
    doc["by"] = "ريم الشهري".into();
    doc["people"] = serde_json::json!([{"name": "ريم الشهري", "rel": "author"}]);
    doc["associations"] = serde_json::json!([{
        "name": "hero",
        "type": "picture",
        "uri": PICTURE,
        "descriptions": [{"role": "caption", "value": "مرصد فلكي فوق جبال السودة"}]
    }]);
    doc
}

/// What an item may write besides its article.
#[derive(Debug, PartialEq)]
struct Records {
    sections: Vec<String>,
    people: Vec<String>,
    bureaus: Vec<String>,
    picture: bool,
    last_change: i64,
    articles: u64,
}

async fn records(store: &dyn Store) -> Records {
    Records {
        sections: store
            .list_sections()
            .await
            .expect("sections")
            .into_iter()
            .map(|s| s.name)
            .collect(),
        people: store
            .list_people()
            .await
            .expect("people")
            .into_iter()
            .map(|p| p.name)
            .collect(),
        bureaus: store
            .list_bureaus()
            .await
            .expect("bureaus")
            .into_iter()
            .map(|b| b.city)
            .collect(),
        picture: store
            .media_by_source_url(PICTURE)
            .await
            .expect("media")
            .is_some(),
        last_change: store.last_change_seq().await.expect("seq"),
        articles: store.count_articles().await.expect("count"),
    }
}

both_backends!(a_refused_item_leaves_no_section_bureau_person_picture_or_change_behind);

async fn a_refused_item_leaves_no_section_bureau_person_picture_or_change_behind(backend: Backend) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    // Valid ninjs, but a headline longer than an article may have: refused only once the
    // section, bureau, author and picture have been written in the item's transaction.
    let too_long = "رصد هلال الشهر من مرصد أبها ".repeat(12);
    let file = write(
        dir.path(),
        "refused.json",
        &item_bringing_new_records("urn:test:warraq:too-long", &too_long).to_string(),
    );
    let before = records(ts.get()).await;

    let run = import(Some(ts.get()), &ImportArgs::for_paths([&file])).await;

    assert_eq!(run.report.counts.refused, 1, "{}", run.stdout);
    let reason = run.report.items[0].reason.as_deref().unwrap_or_default();
    assert!(reason.contains("headline"), "{reason}");
    assert_eq!(records(ts.get()).await, before);
    assert!(run.report.sections_created.is_empty(), "{:?}", run.report);
    assert_eq!(run.report.media, Default::default());
    assert!(run.report.warnings.is_empty(), "{:?}", run.report.warnings);
}

both_backends!(after_a_refused_item_the_next_item_creates_what_it_brings_for_real);

async fn after_a_refused_item_the_next_item_creates_what_it_brings_for_real(backend: Backend) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let too_long = "رصد هلال الشهر من مرصد أبها ".repeat(12);
    let batch = serde_json::json!([
        item_bringing_new_records("urn:test:warraq:too-long", &too_long),
        item_bringing_new_records("urn:test:warraq:moon", "رصد هلال شهر رمضان من أبها"),
    ]);
    let file = write(dir.path(), "batch.json", &batch.to_string());
    let seq_before = ts.get().last_change_seq().await.expect("seq");

    let run = import(Some(ts.get()), &ImportArgs::for_paths([&file])).await;

    assert_eq!(run.report.counts.refused, 1, "{}", run.stdout);
    assert_eq!(run.report.counts.created, 1, "{}", run.stdout);
    // Counted once, by the item that committed.
    assert_eq!(run.report.sections_created, vec!["علوم الفلك".to_string()]);
    assert_eq!(run.report.media.created, 1);
    // The resolver's cache did not keep ids of rolled-back rows: the article points at
    // records that exist.
    let created = run
        .report
        .with_outcome(ItemOutcome::Created)
        .next()
        .and_then(|e| e.article_id)
        .expect("created article");
    let article = ts.get().article(ArticleId(created)).await.expect("article");
    let section = ts.get().section(article.section_id).await.expect("section");
    assert_eq!(section.name, "علوم الفلك");
    let bureau = ts
        .get()
        .bureau(article.bureau_id.expect("bureau id"))
        .await
        .expect("bureau");
    assert_eq!(bureau.city, "أبها");
    let author = ts
        .get()
        .person(article.author_ids[0])
        .await
        .expect("author");
    assert_eq!(author.name, "ريم الشهري");
    let hero = ts
        .get()
        .media(article.hero_id.expect("hero id"))
        .await
        .expect("hero");
    assert_eq!(hero.source_url.as_deref(), Some(PICTURE));

    // Every write of the import is recorded as the import's.
    let changes = ts
        .get()
        .changes_since(seq_before, 100)
        .await
        .expect("changes");
    assert!(!changes.is_empty());
    assert!(
        changes.iter().all(|c| c.actor == Actor::Import),
        "{changes:?}"
    );
}
