//! The one rule of visibility: readers see an article only from its publication time, and
//! not while an embargo holds it back, in lists, pages, related modules and pictures; the
//! moment comes with nobody acting, and the go-live is recorded once.

use chrono::{DateTime, Duration, Utc};
use warraq_domain::{Actor, ArticleId, Block, MediaId, RelatedLink, Status};

use super::fixtures::{ACTOR, draft, published, section};
use super::media::photo;
use crate::change::{ChangeKind, Entity};
use crate::one_shot::StoreWrites;
use crate::query::{ArticleQuery, Scope};
use crate::resolve::resolve_article;
use crate::store::Store;

async fn visible_ids(store: &dyn Store, at: DateTime<Utc>) -> Vec<ArticleId> {
    store
        .list_articles(&ArticleQuery::visible_at(at))
        .await
        .expect("list")
        .items
        .iter()
        .map(|a| a.id)
        .collect()
}

pub async fn scheduled_and_embargoed_articles_are_invisible_until_their_time(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let now = Utc::now();
    let soon = now + Duration::hours(2);
    let later = now + Duration::hours(5);

    let live = store
        .create_article(
            ACTOR,
            &published("خبر منشور", news.id, "2026-01-05T08:00:00Z"),
        )
        .await
        .expect("live");
    let hero = store
        .create_media(ACTOR, &photo("https://images.example.org/embargo.jpg"))
        .await
        .expect("hero");
    let mut scheduled = draft("خبر مجدول", news.id);
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(soon);
    let scheduled = store
        .create_article(ACTOR, &scheduled)
        .await
        .expect("scheduled");
    let mut embargoed = draft("خبر تحت الحظر", news.id);
    embargoed.status = Status::Embargoed;
    embargoed.published_at = Some(now - Duration::hours(1));
    embargoed.embargo_until = Some(later);
    embargoed.hero_id = Some(hero.id);
    let embargoed = store
        .create_article(ACTOR, &embargoed)
        .await
        .expect("embargoed");

    // Before their time: in no reader list, not visible, their picture not served, and
    // not in the related module of a live article.
    assert_eq!(visible_ids(store, now).await, vec![live.id]);
    assert!(!scheduled.is_visible_at(now) && !embargoed.is_visible_at(now));
    assert!(!store.media_is_visible(hero.id, now).await.expect("media"));
    let mut with_related = live.content.clone();
    with_related.related = vec![
        RelatedLink::Article { id: scheduled.id },
        RelatedLink::Article { id: embargoed.id },
    ];
    let live = store
        .update_article(ACTOR, live.id, &with_related, None)
        .await
        .expect("relate");
    let reader = resolve_article(store, live.clone(), Some(now))
        .await
        .expect("resolve");
    assert!(reader.related.is_empty(), "{:?}", reader.related);

    // The scheduled one from its time, the embargoed one from the end of its embargo,
    // sorted by the moment readers could first see them.
    assert_eq!(visible_ids(store, soon).await, vec![scheduled.id, live.id]);
    assert_eq!(
        visible_ids(store, later).await,
        vec![embargoed.id, scheduled.id, live.id]
    );
    assert!(store.media_is_visible(hero.id, later).await.expect("media"));
    let reader = resolve_article(store, live, Some(later))
        .await
        .expect("resolve");
    assert_eq!(reader.related.len(), 2);

    // The newsroom still sees them by state.
    let by_state = |status| ArticleQuery {
        scope: Scope::Status(status),
        ..ArticleQuery::visible_at(now)
    };
    let listed = store
        .list_articles(&by_state(Status::Embargoed))
        .await
        .expect("embargoed list");
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].embargo_until, embargoed.embargo_until);
}

pub async fn a_published_article_dated_ahead_is_stored_scheduled(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let mut ahead = draft("خبر بتاريخ قادم", news.id);
    ahead.publish(Utc::now() + Duration::days(3));
    let stored = store.create_article(ACTOR, &ahead).await.expect("create");
    assert_eq!(stored.status, Status::Scheduled);
    assert_eq!(store.article(stored.id).await.expect("get"), stored);
    assert!(visible_ids(store, Utc::now()).await.is_empty());
    // Importing the same content again is no change.
    let (_, outcome) = store
        .upsert_article_by_key(ACTOR, "urn:test:ahead", &ahead)
        .await
        .expect("upsert");
    assert_eq!(outcome, crate::UpsertOutcome::Created);
    let (_, again) = store
        .upsert_article_by_key(ACTOR, "urn:test:ahead", &ahead)
        .await
        .expect("upsert again");
    assert_eq!(again, crate::UpsertOutcome::Unchanged);
}

pub async fn articles_go_live_at_their_time_with_nobody_acting(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let mut scheduled = draft("خبر يصدر بعد لحظات", news.id);
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(Utc::now() + Duration::milliseconds(1500));
    let scheduled = store
        .create_article(ACTOR, &scheduled)
        .await
        .expect("scheduled");
    assert!(visible_ids(store, Utc::now()).await.is_empty());
    let seq = store.last_change_seq().await.expect("seq");

    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    // Nothing was written in between: the clock alone makes it visible.
    assert_eq!(store.last_change_seq().await.expect("seq"), seq);
    assert_eq!(visible_ids(store, Utc::now()).await, vec![scheduled.id]);

    // The scheduler then records the go-live, once, as `system`.
    let moved = store.record_go_live(Utc::now()).await.expect("go live");
    assert_eq!(moved, vec![scheduled.id]);
    assert!(
        store
            .record_go_live(Utc::now())
            .await
            .expect("again")
            .is_empty()
    );
    let stored = store.article(scheduled.id).await.expect("get");
    assert_eq!(stored.status, Status::Published);
    assert_eq!(
        stored.version, scheduled.version,
        "an open editor is not made stale"
    );
    let log = store.changes_since(seq, 10).await.expect("log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (
            log[0].entity,
            log[0].entity_id.clone(),
            log[0].kind,
            log[0].actor
        ),
        (
            Entity::Article,
            scheduled.id.to_string(),
            ChangeKind::Updated,
            Actor::System
        )
    );
}

pub async fn concurrent_go_live_records_each_article_once(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let past = Utc::now() - Duration::minutes(1);
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut due = draft(&format!("خبر مستحق {i}"), news.id);
        due.status = Status::Scheduled;
        due.published_at = Some(past);
        ids.push(store.create_article(ACTOR, &due).await.expect("due").id);
    }
    let seq = store.last_change_seq().await.expect("seq");
    let now = Utc::now();
    let (a, b) = tokio::join!(store.record_go_live(now), store.record_go_live(now));
    let mut moved: Vec<ArticleId> = a.expect("a").into_iter().chain(b.expect("b")).collect();
    moved.sort();
    assert_eq!(moved, ids, "each article moved by exactly one of the two");
    assert_eq!(store.changes_since(seq, 100).await.expect("log").len(), 5);
}

pub async fn pictures_are_visible_only_while_a_visible_article_shows_them(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let now = Utc::now();
    let hero = store
        .create_media(ACTOR, &photo("https://images.example.org/hero.jpg"))
        .await
        .expect("hero");
    let inline = store
        .create_media(ACTOR, &photo("https://images.example.org/inline.jpg"))
        .await
        .expect("inline");
    let loose = store
        .create_media(ACTOR, &photo("https://images.example.org/loose.jpg"))
        .await
        .expect("loose");
    let mut content = draft("خبر مصور", news.id);
    content.hero_id = Some(hero.id);
    content.body.push(Block::Image {
        media_id: inline.id,
        caption: None,
        credit: None,
    });
    let article = store.create_article(ACTOR, &content).await.expect("draft");
    assert_eq!(
        shown(store, [hero.id, inline.id, loose.id], now).await,
        [false, false, false],
        "a draft's"
    );

    content.publish(now - Duration::minutes(1));
    let article = store
        .update_article(ACTOR, article.id, &content, Some(article.version))
        .await
        .expect("publish");
    assert_eq!(
        shown(store, [hero.id, inline.id, loose.id], now).await,
        [true, true, false]
    );

    content.hero_id = None;
    let article = store
        .update_article(ACTOR, article.id, &content, Some(article.version))
        .await
        .expect("drop the hero");
    assert_eq!(
        shown(store, [hero.id, inline.id, loose.id], now).await,
        [false, true, false]
    );

    content.status = Status::Unpublished;
    store
        .update_article(ACTOR, article.id, &content, Some(article.version))
        .await
        .expect("unpublish");
    assert_eq!(
        shown(store, [hero.id, inline.id, loose.id], now).await,
        [false, false, false]
    );
    assert!(
        !store
            .media_is_visible(warraq_domain::MediaId(987_654), now)
            .await
            .expect("a missing picture is simply not visible")
    );
}

/// Whether each picture may be shown to readers at `at`.
async fn shown<const N: usize>(
    store: &dyn Store,
    pictures: [MediaId; N],
    at: DateTime<Utc>,
) -> [bool; N] {
    let mut answers = [false; N];
    for (answer, id) in answers.iter_mut().zip(pictures) {
        *answer = store.media_is_visible(id, at).await.expect("media");
    }
    answers
}

pub async fn a_body_picture_must_exist(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let mut content = draft("صورة مفقودة", news.id);
    content.body.push(Block::Image {
        media_id: warraq_domain::MediaId(987_654),
        caption: None,
        credit: None,
    });
    let err = store.create_article(ACTOR, &content).await.unwrap_err();
    assert!(err.to_string().contains("article.body"), "{err}");
}
