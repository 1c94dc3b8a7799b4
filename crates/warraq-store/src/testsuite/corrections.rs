//! Corrections made after publication: kept with the article, in order, and in its
//! revisions.

use warraq_domain::Correction;

use super::fixtures::{ACTOR, at, published, section};
use crate::one_shot::StoreWrites;
use crate::query::ArticleQuery;
use crate::store::Store;

pub async fn corrections_round_trip_in_order_and_are_kept_in_revisions(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let mut content = published("وزير يعلن خطة للنقل", news.id, "2026-03-01T10:00:00Z");
    let article = store.create_article(ACTOR, &content).await.expect("create");
    assert!(
        store
            .article(article.id)
            .await
            .expect("get")
            .corrections
            .is_empty()
    );

    content.corrections = vec![
        Correction {
            at: at("2026-03-01T12:00:00Z"),
            note: "صُحّح اسم الوزير.".into(),
        },
        Correction {
            at: at("2026-03-02T09:30:00.123456Z"),
            note: "الخطة تشمل ١٢ مدينة لا ١٠.".into(),
        },
    ];
    let corrected = store
        .update_article(ACTOR, article.id, &content, None)
        .await
        .expect("correct");
    assert_eq!(corrected.corrections, content.corrections);
    let stored = store.article(article.id).await.expect("get");
    assert_eq!(stored.corrections, content.corrections);
    assert_eq!(stored, corrected);
    let listed = store
        .list_articles(&ArticleQuery::default())
        .await
        .expect("list");
    assert_eq!(listed.items, vec![corrected.clone()]);
    assert_eq!(
        store
            .revision(article.id, corrected.version)
            .await
            .expect("revision")
            .content
            .corrections,
        content.corrections
    );
    assert!(
        store
            .revision(article.id, 1)
            .await
            .expect("first revision")
            .content
            .corrections
            .is_empty()
    );
}
