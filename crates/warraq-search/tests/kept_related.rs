//! Related articles kept with the index, on SQLite and on PostgreSQL stores: a page's
//! list is worked out once and read back (also after a restart), and every change that
//! could alter it drops it: a new article like it, an article it shows unpublished, its
//! own article edited, a go-live, a rebuild, a batch too large to search.

use std::path::Path;

use chrono::{Duration, Utc};
use warraq_domain::{
    Actor, Article, ArticleDraft, ArticleId, Block, SectionDraft, SectionId, Status,
};
use warraq_search::{IndexOptions, MAX_SEARCHED_CHANGES, SearchIndex};
use warraq_store::{ChangeLogStore, Store, StoreWrites};
use warraq_store_sql::SqlStore;

mod common;

on_both_databases!(
    a_kept_list_is_read_back_and_outlives_a_restart,
    every_change_that_could_alter_a_kept_list_drops_it,
    scheduled_and_embargoed_articles_join_the_lists_only_at_their_go_live,
    a_rebuild_or_a_large_batch_drops_every_kept_list,
);

const LIMIT: usize = 4;
const LIBYA: &str = "ليبيا";
const TUNISIA: &str = "تونس";

async fn section(store: &SqlStore) -> SectionId {
    store
        .create_section(Actor::System, &SectionDraft::new("العالم العربي", 1))
        .await
        .expect("a section")
        .id
}

/// A published story; the shared tag is what makes stories related here (a tag alone
/// brings a candidate in), the words differ.
fn story(section: SectionId, headline: &str, body: &str, tag: &str) -> ArticleDraft {
    let mut d = ArticleDraft::new(headline, section);
    d.lede = "موجز".into();
    d.body = vec![Block::paragraph(body)];
    d.tags = vec![tag.into()];
    d.publish(Utc::now() - Duration::minutes(1));
    d
}

/// A and B: the two stories most scenarios start from, related by their tag.
async fn two_stories_on_libya(store: &SqlStore, section: SectionId) -> (Article, Article) {
    let a = create(
        store,
        &story(section, "فيضانات درنة", "السيول جرفت أحياء", LIBYA),
    )
    .await;
    let b = create(
        store,
        &story(section, "مبعوث في طرابلس", "لقاءات مع القادة", LIBYA),
    )
    .await;
    (a, b)
}

async fn create(store: &SqlStore, d: &ArticleDraft) -> Article {
    store
        .create_article(Actor::System, d)
        .await
        .expect("create an article")
}

/// What a change-log follower does on each poll.
async fn follow(index: &SearchIndex, store: &SqlStore) {
    let position = index.position().expect("a built index");
    let changes = store.changes_since(position, 500).await.expect("the log");
    if let Some(last) = changes.last().map(|c| c.seq) {
        index.apply(&changes, last, store).await.expect("applied");
    }
}

async fn suggested(index: &SearchIndex, id: ArticleId) -> Vec<i64> {
    let mut ids: Vec<i64> = index
        .suggested(&[id], LIMIT)
        .await
        .expect("suggested")
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.0)
        .collect();
    ids.sort_unstable();
    ids
}

async fn built(store: &SqlStore, folder: &Path) -> SearchIndex {
    let index = SearchIndex::open(folder, IndexOptions::default()).expect("open the index");
    index.catch_up(store).await.expect("built");
    index
}

async fn kept(index: &SearchIndex) -> u64 {
    index.kept_related_count().await.expect("count")
}

async fn a_kept_list_is_read_back_and_outlives_a_restart(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let (a, b) = two_stories_on_libya(store, section).await;
    create(
        store,
        &story(section, "انتخابات بلدية", "اقتراع هادئ", TUNISIA),
    )
    .await;
    let index = built(store, folder).await;
    assert_eq!(
        kept(&index).await,
        0,
        "nothing is worked out before a page asks"
    );

    assert_eq!(suggested(&index, a.id).await, vec![b.id.0]);
    assert_eq!(kept(&index).await, 1, "the list is kept");
    assert_eq!(suggested(&index, a.id).await, vec![b.id.0], "and read back");
    // An article the index does not hold has an empty list (kept too: the follower drops
    // it when the article appears).
    assert!(suggested(&index, ArticleId(999_999)).await.is_empty());

    drop(index);
    let reopened = SearchIndex::open(folder, IndexOptions::default()).expect("reopen");
    reopened.catch_up(store).await.expect("caught up");
    assert_eq!(kept(&reopened).await, 2, "the lists outlive the restart");
    assert_eq!(suggested(&reopened, a.id).await, vec![b.id.0]);
}

async fn every_change_that_could_alter_a_kept_list_drops_it(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let (a, b) = two_stories_on_libya(store, section).await;
    let t1 = create(
        store,
        &story(section, "انتخابات بلدية", "اقتراع هادئ", TUNISIA),
    )
    .await;
    let t2 = create(
        store,
        &story(section, "موسم الزيتون", "محصول وفير", TUNISIA),
    )
    .await;
    let index = built(store, folder).await;
    assert_eq!(suggested(&index, a.id).await, vec![b.id.0]);
    assert_eq!(suggested(&index, t1.id).await, vec![t2.id.0]);

    // A new story like A: A's list (kept without it) is dropped, as A is its neighbour.
    let c = create(
        store,
        &story(section, "إعادة إعمار الجسور", "بدء الأشغال", LIBYA),
    )
    .await;
    follow(&index, store).await;
    assert_eq!(suggested(&index, a.id).await, vec![b.id.0, c.id.0]);
    assert_eq!(
        suggested(&index, t1.id).await,
        vec![t2.id.0],
        "an unrelated list is untouched"
    );

    // B unpublished: the lists that showed it lose it.
    let mut withdrawn = b.content.clone();
    withdrawn.status = Status::Unpublished;
    store
        .update_article(Actor::System, b.id, &withdrawn, None)
        .await
        .expect("unpublish");
    follow(&index, store).await;
    assert_eq!(suggested(&index, a.id).await, vec![c.id.0]);
    assert!(
        suggested(&index, b.id).await.is_empty(),
        "its own list is empty"
    );

    // A edited onto another subject: its list is worked out anew.
    let mut moved = a.content.clone();
    moved.tags = vec![TUNISIA.into()];
    store
        .update_article(Actor::System, a.id, &moved, None)
        .await
        .expect("edit");
    follow(&index, store).await;
    assert_eq!(suggested(&index, a.id).await, vec![t1.id.0, t2.id.0]);
}

async fn scheduled_and_embargoed_articles_join_the_lists_only_at_their_go_live(
    store: &SqlStore,
    folder: &Path,
) {
    let section = section(store).await;
    let (a, b) = two_stories_on_libya(store, section).await;
    let index = built(store, folder).await;
    let mut scheduled = story(section, "مؤتمر المانحين", "تعهدات بالمليارات", LIBYA);
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(Utc::now() + Duration::milliseconds(1500));
    let scheduled = create(store, &scheduled).await;
    let mut embargoed = story(section, "تقرير البعثة الأممية", "نتائج التحقيق", LIBYA);
    embargoed.embargo_until = Some(Utc::now() + Duration::hours(6));
    let embargoed = create(store, &embargoed).await;
    assert_eq!(embargoed.status, Status::Embargoed);
    follow(&index, store).await;
    assert_eq!(
        suggested(&index, a.id).await,
        vec![b.id.0],
        "neither before its moment"
    );

    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    assert_eq!(
        store.record_go_live(Utc::now()).await.expect("go live"),
        vec![scheduled.id]
    );
    follow(&index, store).await;
    assert_eq!(
        suggested(&index, a.id).await,
        vec![b.id.0, scheduled.id.0],
        "the scheduled story from its moment, the embargoed one still not"
    );
}

async fn a_rebuild_or_a_large_batch_drops_every_kept_list(store: &SqlStore, folder: &Path) {
    let section = section(store).await;
    let (a, b) = two_stories_on_libya(store, section).await;
    let t1 = create(
        store,
        &story(section, "انتخابات بلدية", "اقتراع هادئ", TUNISIA),
    )
    .await;
    let index = built(store, folder).await;
    suggested(&index, a.id).await;
    suggested(&index, t1.id).await;
    assert_eq!(kept(&index).await, 2);
    index.rebuild(store, |_| {}).await.expect("rebuilt");
    assert_eq!(kept(&index).await, 0, "a rebuild drops every list");

    assert_eq!(suggested(&index, a.id).await, vec![b.id.0]);
    suggested(&index, t1.id).await;
    // An import: more new stories in one batch than are worth a search each, none like
    // A or T1, and still every list goes.
    for i in 0..=MAX_SEARCHED_CHANGES {
        create(
            store,
            &story(section, &format!("خبر رياضي {i}"), "مباراة", "رياضة"),
        )
        .await;
    }
    follow(&index, store).await;
    assert_eq!(kept(&index).await, 0, "a large batch drops every list");
    assert_eq!(suggested(&index, a.id).await, vec![b.id.0]);
}
