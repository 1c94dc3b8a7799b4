use warraq_import::{ImportArgs, ItemOutcome};

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

both_backends!(importing_the_same_ninjs_twice_creates_once_then_never_duplicates);

async fn importing_the_same_ninjs_twice_creates_once_then_never_duplicates(backend: Backend) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = ninjs_text(
        "urn:test:warraq:idem-1",
        "افتتاح معرض الكتاب في الرياض",
        "يفتتح المعرض أبوابه صباح الخميس.",
    );
    let file = write(dir.path(), "item.json", &doc.to_string());
    let args = ImportArgs::for_paths([&file]);

    let first = import(Some(ts.get()), &args).await;
    assert_eq!(first.report.counts.created, 1, "{}", first.stdout);
    let id = first.report.items[0].article_id.expect("article id");

    let second = import(Some(ts.get()), &args).await;
    assert_eq!(second.report.counts.created, 0, "{}", second.stdout);
    assert_eq!(second.report.counts.unchanged, 1, "{}", second.stdout);
    assert_eq!(second.report.items[0].article_id, Some(id));
    assert_eq!(ts.get().count_articles().await.expect("count"), 1);

    let mut changed = doc.clone();
    changed["headlines"][0]["value"] = "افتتاح معرض الكتاب في الرياض بمشاركة 30 دولة".into();
    write(dir.path(), "item.json", &changed.to_string());
    let third = import(Some(ts.get()), &args).await;
    assert_eq!(
        third.report.with_outcome(ItemOutcome::Updated).count(),
        1,
        "{}",
        third.stdout
    );
    assert_eq!(ts.get().count_articles().await.expect("count"), 1);
    let article = ts
        .get()
        .article(warraq_domain::ArticleId(id))
        .await
        .expect("article");
    assert_eq!(
        article.headline,
        "افتتاح معرض الكتاب في الرياض بمشاركة 30 دولة"
    );
    assert_eq!(
        article.status,
        warraq_domain::Status::Draft,
        "--as draft is the default"
    );
}

both_backends!(a_draft_import_never_unpublishes_what_a_published_import_put_live);

async fn a_draft_import_never_unpublishes_what_a_published_import_put_live(backend: Backend) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = ninjs_text(
        "urn:test:warraq:live-1",
        "انطلاق موسم الحج",
        "بدأ توافد الحجاج.",
    );
    // No date in the item: publishing uses the import time, and keeps it on re-import.
    doc.as_object_mut().expect("object").remove("firstCreated");
    doc.as_object_mut()
        .expect("object")
        .remove("versionCreated");
    let file = write(dir.path(), "live.json", &doc.to_string());

    let mut args = ImportArgs::for_paths([&file]);
    args.as_status = warraq_import::ImportAs::Published;
    args.fetch_media = true;
    let first = import(Some(ts.get()), &args).await;
    let id = warraq_domain::ArticleId(first.report.items[0].article_id.expect("id"));
    let published = ts.get().article(id).await.expect("article");
    assert_eq!(published.status, warraq_domain::Status::Published);
    // An item without pictures: asking to fetch them downloads nothing and warns of nothing.
    assert_eq!(first.report.media.fetched, 0);
    assert!(
        !first
            .report
            .warnings
            .iter()
            .any(|w| w.message.contains("picture")),
        "{:?}",
        first.report.warnings
    );

    let again = import(Some(ts.get()), &args).await;
    assert_eq!(again.report.counts.unchanged, 1, "{}", again.stdout);

    let as_draft = import(Some(ts.get()), &ImportArgs::for_paths([&file])).await;
    assert_eq!(as_draft.report.counts.unchanged, 1, "{}", as_draft.stdout);
    let still = ts.get().article(id).await.expect("article");
    assert_eq!(still.status, warraq_domain::Status::Published);
    assert_eq!(still.published_at, published.published_at);
}
