//! The index follows a real store's change log, on SQLite and on PostgreSQL: created,
//! updated, unpublished, embargoed and scheduled articles; a restart that catches up from
//! the saved position; a rebuild when the log was pruned past it. Nothing readers may not
//! see is ever found.

use std::path::Path;

use chrono::{Duration, Utc};
use warraq_domain::{Actor, Article, ArticleDraft, Block, SectionDraft, SectionId, Status};
use warraq_search::{Applied, IndexOptions, RebuildReason, SearchIndex, SearchQuery};
use warraq_store::{ChangeLogStore, Store, StoreWrites};
use warraq_store_sql::SqlStore;

mod common;

on_both_databases!(
    created_updated_and_unpublished_articles_follow_the_log,
    embargoed_and_scheduled_articles_are_found_only_from_their_go_live,
    a_restarted_index_catches_up_from_its_saved_position,
    an_index_behind_the_pruned_log_is_rebuilt,
);

async fn section(store: &SqlStore) -> SectionId {
    store
        .create_section(Actor::System, &SectionDraft::new("اقتصاد", 1))
        .await
        .expect("a section")
        .id
}

fn draft(section: SectionId, headline: &str, body: &str) -> ArticleDraft {
    let mut d = ArticleDraft::new(headline, section);
    d.lede = "موجز الخبر".into();
    d.body = vec![Block::paragraph(body)];
    d
}

fn published(section: SectionId, headline: &str, body: &str) -> ArticleDraft {
    let mut d = draft(section, headline, body);
    d.publish(Utc::now() - Duration::minutes(1));
    d
}

async fn create(store: &SqlStore, d: &ArticleDraft) -> Article {
    store
        .create_article(Actor::System, d)
        .await
        .expect("create an article")
}

/// What a change-log follower does on each poll: the entries after the index's position,
/// applied as one batch.
async fn follow(index: &SearchIndex, store: &SqlStore) -> Applied {
    let position = index.position().expect("a built index");
    let changes = store.changes_since(position, 500).await.expect("the log");
    let Some(last) = changes.last().map(|c| c.seq) else {
        return Applied::Nothing;
    };
    index.apply(&changes, last, store).await.expect("applied")
}

fn found(index: &SearchIndex, text: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .search(&SearchQuery::new(text))
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id.0)
        .collect();
    ids.sort_unstable();
    ids
}

async fn open_and_build(store: &SqlStore, folder: &Path) -> SearchIndex {
    let index = SearchIndex::open(folder, IndexOptions::default()).expect("open the index");
    assert_eq!(index.position(), None, "a new index has no position");
    let built = index.catch_up(store).await.expect("built");
    assert!(
        matches!(
            built,
            Applied::Rebuilt {
                reason: RebuildReason::NoPosition,
                ..
            }
        ),
        "{built:?}"
    );
    index
}

async fn created_updated_and_unpublished_articles_follow_the_log(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let index = open_and_build(store, folder).await;
    let live = create(
        store,
        &published(section, "ارتفاع أسعار النفط", "صعد خام برنت"),
    )
    .await;
    let draft_only = create(store, &draft(section, "مسودة عن النفط", "لم تنشر بعد")).await;
    follow(&index, store).await;
    assert_eq!(
        found(&index, "النفط"),
        vec![live.id.0],
        "the draft is never found"
    );

    let mut corrected = live.content.clone();
    corrected.headline = "تراجع أسعار الذهب".into();
    corrected.body = vec![Block::paragraph("هبط المعدن الأصفر")];
    store
        .update_article(Actor::System, live.id, &corrected, None)
        .await
        .expect("update");
    follow(&index, store).await;
    assert_eq!(found(&index, "الذهب"), vec![live.id.0]);
    assert!(found(&index, "برنت").is_empty(), "the old text is gone");

    let mut withdrawn = corrected.clone();
    withdrawn.status = Status::Unpublished;
    store
        .update_article(Actor::System, live.id, &withdrawn, None)
        .await
        .expect("unpublish");
    follow(&index, store).await;
    assert!(
        found(&index, "الذهب").is_empty(),
        "an unpublished article is not found"
    );
    assert!(index.related(live.id, 5).expect("related").is_empty());
    assert_eq!(index.len(), 0);
    let _ = draft_only;
    // Applying the same entries again changes nothing.
    let changes = store.changes_since(0, 500).await.expect("log");
    let last = changes.last().expect("entries").seq;
    assert_eq!(
        index.apply(&changes, last, store).await.expect("again"),
        Applied::Nothing
    );
}

async fn embargoed_and_scheduled_articles_are_found_only_from_their_go_live(
    store: &SqlStore,
    folder: &Path,
) {
    let section = section(store).await;
    let index = open_and_build(store, folder).await;
    let moment = Utc::now() + Duration::milliseconds(1500);
    let mut scheduled = draft(section, "إطلاق قمر صناعي عربي", "ينطلق القمر الصناعي");
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(moment);
    let scheduled = create(store, &scheduled).await;
    let mut embargoed = published(section, "نتائج قمة الأقمار", "تقرير محظور النشر");
    embargoed.embargo_until = Some(Utc::now() + Duration::hours(6));
    let embargoed = create(store, &embargoed).await;
    assert_eq!(embargoed.status, Status::Embargoed);
    follow(&index, store).await;
    assert!(found(&index, "القمر").is_empty());
    // Not even a query made as if it were later finds what was not yet visible.
    let later = SearchQuery::new("قمر");
    let future = index
        .search_at(&later, Utc::now() + Duration::days(1))
        .expect("search");
    assert_eq!(future.total, 0);

    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    assert_eq!(
        store.record_go_live(Utc::now()).await.expect("go live"),
        vec![scheduled.id]
    );
    follow(&index, store).await;
    assert_eq!(found(&index, "القمر الصناعي"), vec![scheduled.id.0]);
    assert!(found(&index, "محظور").is_empty(), "the embargo still holds");
}

async fn a_restarted_index_catches_up_from_its_saved_position(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let index = open_and_build(store, folder).await;
    let first = create(
        store,
        &published(section, "افتتاح مترو الرياض", "الخط الأول"),
    )
    .await;
    follow(&index, store).await;
    let position = index.position().expect("a position");
    assert_eq!(position, store.last_change_seq().await.expect("last"));
    drop(index);

    // While the node is down, the newsroom goes on.
    let second = create(
        store,
        &published(section, "مترو دبي يمدد ساعات العمل", "الخط الأحمر"),
    )
    .await;
    let reopened = SearchIndex::open(folder, IndexOptions::default()).expect("reopen");
    assert_eq!(
        reopened.position(),
        Some(position),
        "the position survived the restart"
    );
    assert_eq!(found(&reopened, "مترو"), vec![first.id.0]);
    assert_eq!(reopened.rebuild_reason(store).await.expect("reason"), None);
    let caught_up = reopened.catch_up(store).await.expect("catch up");
    assert!(
        matches!(caught_up, Applied::Updated { articles: 1, .. }),
        "{caught_up:?}"
    );
    assert_eq!(found(&reopened, "مترو"), vec![first.id.0, second.id.0]);
    assert_eq!(
        reopened.position(),
        Some(store.last_change_seq().await.expect("last"))
    );
}

async fn an_index_behind_the_pruned_log_is_rebuilt(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let index = open_and_build(store, folder).await;
    let first = create(store, &published(section, "قمة المناخ تبدأ", "تمويل الدول")).await;
    follow(&index, store).await;
    drop(index);

    let second = create(
        store,
        &published(section, "قمة المناخ تختتم", "اتفاق التمويل"),
    )
    .await;
    let third = create(
        store,
        &published(section, "قمة المناخ المقبلة", "الدولة المضيفة"),
    )
    .await;
    // The log is pruned past the index's position (a node stopped beyond retention).
    let pruned = store
        .prune_changes(Utc::now() + Duration::seconds(1))
        .await
        .expect("prune");
    assert!(pruned > 0);
    let reopened = SearchIndex::open(folder, IndexOptions::default()).expect("reopen");
    assert!(matches!(
        reopened.rebuild_reason(store).await.expect("reason"),
        Some(RebuildReason::Pruned { .. })
    ));
    let outcome = reopened.catch_up(store).await.expect("catch up");
    assert!(matches!(outcome, Applied::Rebuilt { .. }), "{outcome:?}");
    assert_eq!(
        found(&reopened, "المناخ"),
        vec![first.id.0, second.id.0, third.id.0]
    );
    // Its position is the log's end: following goes on from there.
    assert_eq!(
        reopened.position(),
        Some(store.last_change_seq().await.expect("last"))
    );
    let fourth = create(
        store,
        &published(section, "قمة المناخ في موعدها", "جدول الأعمال"),
    )
    .await;
    follow(&reopened, store).await;
    assert!(found(&reopened, "المناخ").contains(&fourth.id.0));
}
