//! Embargoes and publication times on import: an item meant for readers goes live at its
//! time, not before; a draft import never takes a live article offline.

use chrono::{DateTime, Utc};
use warraq_domain::{ArticleId, Status};
use warraq_import::{ImportArgs, ImportAs};
use warraq_store::{ArticleQuery, Scope, Store};

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("date")
        .with_timezone(&Utc)
}

/// A usable item published in 2024 under an embargo until 2030.
fn embargoed_item() -> serde_json::Value {
    let mut doc = ninjs_text(
        "urn:test:warraq:embargoed",
        "نتائج التعداد السكاني تعلن الأسبوع المقبل",
        "تعلن الهيئة نتائج التعداد في مؤتمر صحفي.",
    );
    doc["embargoedUntil"] = "2030-01-15T06:00:00Z".into();
    doc
}

/// A usable item whose publication time (`firstCreated`) is in 2031.
fn scheduled_item() -> serde_json::Value {
    let mut doc = ninjs_text(
        "urn:test:warraq:scheduled",
        "افتتاح محطة قطار الحرمين الجديدة",
        "تفتتح المحطة أمام المسافرين صباح الأحد.",
    );
    doc["firstCreated"] = "2031-02-01T05:00:00Z".into();
    doc
}

async fn imported(store: &dyn Store, docs: &[serde_json::Value], mode: ImportAs) -> Vec<ArticleId> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "items.json",
        &serde_json::Value::Array(docs.to_vec()).to_string(),
    );
    let mut args = ImportArgs::for_paths([&file]);
    args.as_status = mode;
    let run = import(Some(store), &args).await;
    assert_eq!(run.report.counts.refused, 0, "{}", run.stdout);
    run.report
        .items
        .iter()
        .map(|e| ArticleId(e.article_id.expect("article id")))
        .collect()
}

async fn visible_ids(store: &dyn Store, now: DateTime<Utc>) -> Vec<ArticleId> {
    let query = ArticleQuery {
        limit: 100,
        ..ArticleQuery::visible_at(now)
    };
    let page = store.list_articles(&query).await.expect("list");
    page.items.into_iter().map(|a| a.id).collect()
}

both_backends!(a_usable_item_under_an_embargo_still_ahead_is_stored_embargoed_and_hidden);

async fn a_usable_item_under_an_embargo_still_ahead_is_stored_embargoed_and_hidden(
    backend: Backend,
) {
    let ts = store(backend).await;
    let ids = imported(ts.get(), &[embargoed_item()], ImportAs::Source).await;

    let article = ts.get().article(ids[0]).await.expect("article");
    assert_eq!(article.status, Status::Embargoed);
    assert_eq!(article.embargo_until, Some(at("2030-01-15T06:00:00Z")));
    assert_eq!(article.published_at, Some(at("2024-11-02T08:00:00Z")));
    assert!(!visible_ids(ts.get(), Utc::now()).await.contains(&ids[0]));
    assert!(
        visible_ids(ts.get(), at("2030-01-15T06:00:01Z"))
            .await
            .contains(&ids[0]),
        "readers see it once the embargo is over"
    );
}

both_backends!(a_usable_item_published_in_the_future_is_stored_scheduled);

async fn a_usable_item_published_in_the_future_is_stored_scheduled(backend: Backend) {
    let ts = store(backend).await;
    let ids = imported(ts.get(), &[scheduled_item()], ImportAs::Source).await;

    let article = ts.get().article(ids[0]).await.expect("article");
    assert_eq!(article.status, Status::Scheduled);
    assert_eq!(article.published_at, Some(at("2031-02-01T05:00:00Z")));
    assert_eq!(article.embargo_until, None);
    assert!(!visible_ids(ts.get(), Utc::now()).await.contains(&ids[0]));
    assert!(
        visible_ids(ts.get(), at("2031-02-01T05:00:00Z"))
            .await
            .contains(&ids[0])
    );
}

both_backends!(import_as_published_follows_the_same_times_and_a_draft_import_keeps_the_embargo);

async fn import_as_published_follows_the_same_times_and_a_draft_import_keeps_the_embargo(
    backend: Backend,
) {
    let ts = store(backend).await;
    let ids = imported(
        ts.get(),
        &[embargoed_item(), scheduled_item()],
        ImportAs::Published,
    )
    .await;
    let embargoed = ts.get().article(ids[0]).await.expect("article");
    let scheduled = ts.get().article(ids[1]).await.expect("article");
    assert_eq!(embargoed.status, Status::Embargoed);
    assert_eq!(scheduled.status, Status::Scheduled);

    let mut new_draft = embargoed_item();
    new_draft["uri"] = "urn:test:warraq:embargoed-draft".into();
    let draft_ids = imported(ts.get(), &[new_draft], ImportAs::Draft).await;
    let draft = ts.get().article(draft_ids[0]).await.expect("article");
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.embargo_until, Some(at("2030-01-15T06:00:00Z")));
}

both_backends!(a_draft_import_keeps_scheduled_embargoed_and_published_articles_live);

async fn a_draft_import_keeps_scheduled_embargoed_and_published_articles_live(backend: Backend) {
    let ts = store(backend).await;
    let published = ninjs_text(
        "urn:test:warraq:published",
        "هطول أمطار على مكة المكرمة",
        "شهدت مكة أمطارا غزيرة.",
    );
    let docs = [embargoed_item(), scheduled_item(), published];
    let ids = imported(ts.get(), &docs, ImportAs::Source).await;
    let mut before = Vec::new();
    for id in &ids {
        before.push(ts.get().article(*id).await.expect("article"));
    }
    let statuses: Vec<Status> = before.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![Status::Embargoed, Status::Scheduled, Status::Published]
    );

    // The same items as drafts: nothing is taken offline, nothing goes live earlier.
    let again = imported(ts.get(), &docs, ImportAs::Draft).await;
    assert_eq!(again, ids);
    for (id, was) in ids.iter().zip(&before) {
        let now = ts.get().article(*id).await.expect("article");
        assert_eq!(now.status, was.status, "{}", now.headline);
        assert_eq!(now.published_at, was.published_at, "{}", now.headline);
        assert_eq!(now.embargo_until, was.embargo_until, "{}", now.headline);
        assert_eq!(now.version, was.version, "unchanged: {}", now.headline);
    }
    let listed = ts
        .get()
        .list_articles(&ArticleQuery {
            scope: Scope::Status(Status::Draft),
            limit: 100,
            ..ArticleQuery::default()
        })
        .await
        .expect("drafts");
    assert!(listed.items.is_empty(), "{:?}", listed.items);
}
