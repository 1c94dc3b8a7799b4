//! Revisions and actors: every save keeps the whole content with who saved it, and every
//! write's change-log entry names its actor.

use chrono::{Duration, Utc};
use warraq_domain::{Actor, ArticleId, UserId};

use super::fixtures::{ACTOR, draft, section};
use super::media::photo;
use crate::change::Entity;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::query::UpsertOutcome;
use crate::store::Store;

pub async fn each_save_adds_a_revision_with_who_and_the_whole_content(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let editor = Actor::User(UserId(42));
    let first = store
        .create_article(ACTOR, &draft("المسودة الأولى", news.id))
        .await
        .expect("create");
    let mut content = first.content.clone();
    content.headline = "العنوان بعد التحرير".into();
    content.lede = "موجز جديد".into();
    let second = store
        .update_article(editor, first.id, &content, Some(1))
        .await
        .expect("edit");
    let (_, outcome) = store
        .upsert_article_by_key(Actor::Import, "urn:test:rev", &content)
        .await
        .expect("import");
    assert_eq!(outcome, UpsertOutcome::Created);
    let (_, unchanged) = store
        .upsert_article_by_key(Actor::Import, "urn:test:rev", &content)
        .await
        .expect("import again");
    assert_eq!(unchanged, UpsertOutcome::Unchanged);

    let revisions = store.revisions(first.id).await.expect("revisions");
    let summary: Vec<(i64, Actor)> = revisions.iter().map(|r| (r.version, r.actor)).collect();
    assert_eq!(summary, vec![(1, ACTOR), (2, editor)]);
    assert_eq!(revisions[0].content, first.content);
    assert_eq!(revisions[1].content, second.content);
    assert_eq!(revisions[1].at, second.updated_at);
    assert_eq!(store.revision(first.id, 1).await.expect("v1"), revisions[0]);
    assert!(matches!(
        store.revision(first.id, 9).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        store
            .revisions(ArticleId(987_654))
            .await
            .expect("none")
            .is_empty()
    );

    // Restoring is a save like any other: a new revision, never a rewrite of history.
    let restored = store
        .update_article(editor, first.id, &revisions[0].content, Some(2))
        .await
        .expect("restore");
    assert_eq!(restored.version, 3);
    assert_eq!(restored.headline, "المسودة الأولى");
    assert_eq!(store.revisions(first.id).await.expect("revisions").len(), 3);
}

pub async fn every_write_is_logged_with_its_actor(store: &dyn Store) {
    store.seed_defaults().await.expect("seed");
    let seeded = store.last_change_seq().await.expect("seq");
    assert!(seeded > 0);
    let news = section(store, "أخبار", 50).await;
    let picture = store
        .create_media(
            Actor::Import,
            &photo("https://images.example.org/actor.jpg"),
        )
        .await
        .expect("media");
    store
        .put_blob(Actor::Import, "media/actor.jpg", "image/jpeg", b"\xff\xd8")
        .await
        .expect("blob");
    store
        .put_blob(ACTOR, "media/actor.jpg", "image/jpeg", b"\xff\xd8\xff")
        .await
        .expect("blob replaced");
    let mut due = draft("خبر يصدر الآن", news.id);
    due.status = warraq_domain::Status::Scheduled;
    due.published_at = Some(Utc::now() - Duration::seconds(1));
    due.hero_id = Some(picture.id);
    let article = store.create_article(ACTOR, &due).await.expect("article");
    store.record_go_live(Utc::now()).await.expect("go live");

    let log = store.changes_since(0, 1000).await.expect("log");
    assert!(
        log[..seeded as usize]
            .iter()
            .all(|c| c.actor == Actor::System),
        "seeding acts as system"
    );
    let rest: Vec<(Entity, String, Actor)> = log[seeded as usize..]
        .iter()
        .map(|c| (c.entity, c.entity_id.clone(), c.actor))
        .collect();
    assert_eq!(
        rest,
        vec![
            (Entity::Section, news.id.to_string(), ACTOR),
            (Entity::Media, picture.id.to_string(), Actor::Import),
            (Entity::Blob, "media/actor.jpg".into(), Actor::Import),
            (Entity::Blob, "media/actor.jpg".into(), ACTOR),
            (Entity::Article, article.id.to_string(), ACTOR),
            (Entity::Article, article.id.to_string(), Actor::System),
        ]
    );
}

pub async fn a_dropped_transaction_leaves_nothing_behind(store: &dyn Store) {
    let seq = store.last_change_seq().await.expect("seq");
    {
        let mut tx = store.begin(Actor::Import).await.expect("begin");
        let news = tx
            .create_section(&warraq_domain::SectionDraft::new("قسم عابر", 0))
            .await
            .expect("section");
        tx.find_or_create_person("كاتب عابر", None)
            .await
            .expect("person");
        tx.find_or_create_bureau("عمّان").await.expect("bureau");
        let picture = tx
            .create_media(&photo("https://images.example.org/gone.jpg"))
            .await
            .expect("media");
        let mut content = draft("خبر لن يبقى", news.id);
        content.hero_id = Some(picture.id);
        tx.upsert_article_by_key("urn:test:gone", &content)
            .await
            .expect("article");
        // Inside the transaction its own writes are seen.
        assert!(
            tx.article_id_by_key("urn:test:gone")
                .await
                .expect("key")
                .is_some()
        );
        // A refusal: the transaction is dropped, not committed.
        let refused = tx
            .create_article(&draft("قسم مفقود", warraq_domain::SectionId(987_654)))
            .await;
        assert!(refused.is_err());
    }
    assert!(store.list_sections().await.expect("sections").is_empty());
    assert!(store.list_people().await.expect("people").is_empty());
    assert!(store.list_bureaus().await.expect("bureaus").is_empty());
    assert!(
        store
            .media_by_source_url("https://images.example.org/gone.jpg")
            .await
            .expect("media")
            .is_none()
    );
    assert_eq!(store.count_articles().await.expect("count"), 0);
    assert_eq!(
        store.article_id_by_key("urn:test:gone").await.expect("key"),
        None
    );
    assert_eq!(store.last_change_seq().await.expect("seq"), seq);

    // The same, committed, keeps everything with one entry per record.
    let mut tx = store.begin(Actor::Import).await.expect("begin");
    let news = tx
        .create_section(&warraq_domain::SectionDraft::new("قسم باق", 0))
        .await
        .expect("section");
    tx.create_article(&draft("خبر باق", news.id))
        .await
        .expect("article");
    assert_eq!(tx.actor(), Actor::Import);
    tx.commit().await.expect("commit");
    assert_eq!(store.count_articles().await.expect("count"), 1);
    // (PostgreSQL may skip the numbers the dropped transaction took: gaps are allowed.)
    assert_eq!(store.changes_since(seq, 100).await.expect("log").len(), 2);
}

pub async fn pruning_keeps_recent_entries_and_the_newest(store: &dyn Store) {
    assert_eq!(store.oldest_change_seq().await.expect("oldest"), 0);
    for i in 0..3 {
        section(store, &format!("قسم {i}"), i).await;
    }
    let last = store.last_change_seq().await.expect("last");
    let oldest = store.oldest_change_seq().await.expect("oldest");
    assert_eq!(oldest, last - 2);
    assert_eq!(
        store
            .prune_changes(Utc::now() - Duration::hours(1))
            .await
            .expect("prune nothing"),
        0
    );
    // Everything is older than a moment ahead, but the newest entry stays so that the
    // sequence never seems to go back.
    assert_eq!(
        store
            .prune_changes(Utc::now() + Duration::hours(1))
            .await
            .expect("prune"),
        2
    );
    assert_eq!(store.oldest_change_seq().await.expect("oldest"), last);
    assert_eq!(store.last_change_seq().await.expect("last"), last);
    section(store, "قسم جديد", 9).await;
    assert_eq!(store.last_change_seq().await.expect("last"), last + 1);
}
