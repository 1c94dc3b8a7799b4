//! The resolver over a real store: an article with everything it points to, alone or in
//! a list.

use chrono::Utc;
use warraq_domain::{
    Block, Credit, ExternalRelated, MediaDraft, RelatedLink, ResolvedRelated, Status,
};

use super::fixtures::{ACTOR, published, section};
use crate::one_shot::StoreWrites;
use crate::resolve::{resolve_article, resolve_articles};
use crate::store::Store;

fn picture(caption: &str) -> MediaDraft {
    MediaDraft {
        source_url: Some(format!("https://photos.example/{}.jpg", caption.len())),
        caption: caption.into(),
        credit: Some(Credit::Agency { code: "AFP".into() }),
        ..MediaDraft::default()
    }
}

pub async fn resolving_gives_the_records_an_article_points_to_alone_or_in_a_list(
    store: &dyn Store,
) {
    let asia = section(store, "آسيا", 0).await;
    let europe = section(store, "أوروبا", 1).await;
    let hero = store
        .create_media(ACTOR, &picture("صورة رئيسية"))
        .await
        .expect("hero");
    let inline = store
        .create_media(ACTOR, &picture("صورة داخل النص"))
        .await
        .expect("inline");
    let thumb = store
        .create_media(ACTOR, &picture("صورة مصغرة"))
        .await
        .expect("thumb");
    let tokyo = store
        .find_or_create_bureau(ACTOR, "طوكيو")
        .await
        .expect("bureau");
    let moscow = store
        .find_or_create_bureau(ACTOR, "موسكو")
        .await
        .expect("bureau");
    let writer = store
        .find_or_create_person(ACTOR, "سلمى الراشد", Some("مراسلة"))
        .await
        .expect("person");

    let mut linked = published("خبر مرتبط", europe.id, "2026-11-01T08:00:00Z");
    linked.hero_id = Some(thumb.id);
    linked.bureau_id = Some(moscow.id);
    let linked = store.create_article(ACTOR, &linked).await.expect("linked");
    let mut hidden = published("مسودة مرتبطة", europe.id, "2026-11-01T09:00:00Z");
    hidden.status = Status::Draft;
    hidden.published_at = None;
    let hidden = store.create_article(ACTOR, &hidden).await.expect("draft");

    let mut main = published("الخبر الرئيسي", asia.id, "2026-11-02T08:00:00Z");
    main.hero_id = Some(hero.id);
    main.bureau_id = Some(tokyo.id);
    main.author_ids = vec![writer.id];
    main.body = vec![
        Block::paragraph("فقرة"),
        Block::Image {
            media_id: inline.id,
            caption: None,
            credit: None,
        },
    ];
    let external = ExternalRelated {
        title: "قصة من موقع آخر".into(),
        ..ExternalRelated::default()
    };
    main.related = vec![
        RelatedLink::Article { id: hidden.id },
        RelatedLink::External(external.clone()),
        RelatedLink::Article { id: linked.id },
    ];
    let main = store.create_article(ACTOR, &main).await.expect("main");

    let reader = resolve_article(store, main.clone(), Some(Utc::now()))
        .await
        .expect("resolve");
    assert_eq!(reader.section, asia);
    assert_eq!(reader.hero.as_ref().map(|m| m.id), Some(hero.id));
    assert_eq!(
        reader.bureau.as_ref().map(|b| b.city.as_str()),
        Some("طوكيو")
    );
    assert_eq!(reader.authors, vec![writer]);
    assert_eq!(
        reader.body_media.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![inline.id]
    );
    // Readers never see the draft; the order of the rest is the editor's.
    assert_eq!(reader.related.len(), 2);
    assert_eq!(reader.related[0], ResolvedRelated::External(external));
    match &reader.related[1] {
        ResolvedRelated::Article {
            article,
            section,
            thumbnail,
            bureau,
        } => {
            assert_eq!(article.id, linked.id);
            assert_eq!(section, &europe);
            assert_eq!(thumbnail.as_ref().map(|m| m.id), Some(thumb.id));
            assert_eq!(bureau.as_ref().map(|b| b.id), Some(moscow.id));
        }
        other => panic!("expected our article, got {other:?}"),
    }
    // The newsroom and exports keep every link.
    let newsroom = resolve_article(store, main.clone(), None)
        .await
        .expect("resolve");
    assert_eq!(newsroom.related.len(), 3);

    // A list resolves to exactly what resolving each article gives, in the list's order.
    let list = vec![linked.clone(), main.clone(), hidden.clone()];
    let batch = resolve_articles(store, list.clone(), Some(Utc::now()))
        .await
        .expect("batch");
    let mut one_by_one = Vec::new();
    for article in list {
        one_by_one.push(
            resolve_article(store, article, Some(Utc::now()))
                .await
                .expect("one"),
        );
    }
    assert_eq!(batch, one_by_one);
    assert!(
        resolve_articles(store, Vec::new(), Some(Utc::now()))
            .await
            .expect("empty")
            .is_empty()
    );
}
