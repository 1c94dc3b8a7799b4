//! The change log.

use warraq_domain::{MediaDraft, SectionDraft, SectionId};

use super::fixtures::{ACTOR, draft, section};
use super::media::photo;
use crate::change::{Change, ChangeKind, Entity};
use crate::one_shot::StoreWrites;
use crate::store::Store;

pub async fn every_write_appends_one_ordered_change_and_failed_writes_none(store: &dyn Store) {
    assert_eq!(
        store.last_change_seq().await.expect("seq"),
        0,
        "a new store has an empty log"
    );
    let news = section(store, "الخليج", 0).await;
    let picture = store
        .create_media(ACTOR, &photo("https://images.example.org/c.jpg"))
        .await
        .expect("media");
    let article = store
        .create_article(ACTOR, &draft("خبر للمتابعة", news.id))
        .await
        .expect("article");
    store
        .update_article(ACTOR, article.id, &article.content, Some(1))
        .await
        .expect("update");
    let person = store
        .find_or_create_person(ACTOR, "نور", None)
        .await
        .expect("person");
    store
        .find_or_create_person(ACTOR, "نور", None)
        .await
        .expect("found, not created");

    let seq = store.last_change_seq().await.expect("seq");
    assert!(
        store
            .create_article(ACTOR, &draft("قسم مفقود", SectionId(987_654)))
            .await
            .is_err()
    );
    assert!(
        store
            .create_section(ACTOR, &SectionDraft::new("الخليج", 1))
            .await
            .is_err(),
        "duplicate slug"
    );
    assert!(
        store
            .create_media(ACTOR, &MediaDraft::default())
            .await
            .is_err()
    );
    assert_eq!(
        store.last_change_seq().await.expect("seq"),
        seq,
        "failed writes log nothing"
    );
    assert_eq!(
        store.count_articles().await.expect("count"),
        1,
        "failed writes leave nothing"
    );

    let log = store.changes_since(0, 100).await.expect("log");
    let summary: Vec<(Entity, String, ChangeKind)> = log
        .iter()
        .map(|c| (c.entity, c.entity_id.clone(), c.kind))
        .collect();
    assert_eq!(
        summary,
        vec![
            (Entity::Section, news.id.to_string(), ChangeKind::Created),
            (Entity::Media, picture.id.to_string(), ChangeKind::Created),
            (Entity::Article, article.id.to_string(), ChangeKind::Created),
            (Entity::Article, article.id.to_string(), ChangeKind::Updated),
            (Entity::Person, person.id.to_string(), ChangeKind::Created),
        ]
    );
    assert!(
        log.windows(2)
            .all(|w| w[0].seq < w[1].seq && w[0].at <= w[1].at),
        "{log:?}"
    );
    assert_eq!(log.last().map(|c| c.seq), Some(seq));
}

pub async fn changes_since_pages_through_the_log(store: &dyn Store) {
    for (i, name) in ["أول", "ثان", "ثالث", "رابع", "خامس"].iter().enumerate() {
        section(store, name, i as i32).await;
    }
    let everything = store.changes_since(0, 100).await.expect("log");
    assert_eq!(everything.len(), 5);

    let mut paged: Vec<Change> = Vec::new();
    let mut after = 0;
    loop {
        let page = store.changes_since(after, 2).await.expect("page");
        assert!(page.len() <= 2);
        let Some(last) = page.last() else { break };
        after = last.seq;
        paged.extend(page);
    }
    assert_eq!(paged, everything);
    assert!(
        store
            .changes_since(store.last_change_seq().await.expect("seq"), 10)
            .await
            .expect("tail")
            .is_empty()
    );
}
