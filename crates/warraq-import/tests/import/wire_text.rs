use warraq_domain::{Actor, ArticleDraft, ArticleId, Credit, RelatedLink, Status, UserId};
use warraq_import::{ImportArgs, ImportAs, ItemOutcome};
use warraq_store::StoreWrites;

use crate::both_backends;
use crate::support::{Backend, import, shared, store};

both_backends!(
    the_reference_page_imports_as_two_published_articles_and_links_related_titles_we_hold
);

async fn the_reference_page_imports_as_two_published_articles_and_links_related_titles_we_hold(
    backend: Backend,
) {
    let Some(page) = shared("samples/aawsat-article-page.txt") else {
        return;
    };
    let ts = store(backend).await;
    let store = ts.get();
    let mut args = ImportArgs::for_paths([&page]);
    args.as_status = ImportAs::Published;

    let first = import(Some(store), &args).await;
    assert_eq!(first.report.counts.created, 2, "{}", first.stdout);
    assert_eq!(first.report.counts.refused, 0, "{}", first.stdout);
    let ids: Vec<ArticleId> = first
        .report
        .items
        .iter()
        .filter_map(|e| e.article_id)
        .map(ArticleId)
        .collect();
    let main = store.article(ids[0]).await.expect("first article");
    let next = store.article(ids[1]).await.expect("second article");
    for article in [&main, &next] {
        assert_eq!(article.status, Status::Published);
        assert!(article.published_at.is_some());
    }

    // The store held nothing, so every related story stays external; none is dropped.
    assert_eq!(main.related.len(), 5);
    assert!(
        main.related
            .iter()
            .all(|r| matches!(r, RelatedLink::External(_))),
        "{:?}",
        main.related
    );
    assert!(next.related.is_empty());

    // Wire photos have no URL: caption, credit and the archive flag are kept on the hero.
    let hero = store
        .media(main.hero_id.expect("hero"))
        .await
        .expect("hero media");
    assert!(hero.caption.contains("كوريا الشمالية"), "{}", hero.caption);
    assert_eq!(hero.credit, Some(Credit::Agency { code: "EPA".into() }));
    assert!(!hero.archive);
    assert!(
        hero.source_url
            .as_deref()
            .unwrap_or_default()
            .starts_with("urn:warraq:import:")
    );
    let next_hero = store
        .media(next.hero_id.expect("hero"))
        .await
        .expect("hero media");
    assert!(next_hero.archive);
    assert_eq!(
        next_hero.credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        })
    );

    // One related title now names an article we hold: a second run links it.
    let RelatedLink::External(second_related) = &main.related[1] else {
        panic!("external")
    };
    let held = store
        .create_article(
            Actor::User(UserId(1)),
            &ArticleDraft::new(&second_related.title, main.section_id),
        )
        .await
        .expect("create the related article");
    let second = import(Some(store), &args).await;
    assert_eq!(
        second.report.with_outcome(ItemOutcome::Updated).count(),
        1,
        "{}",
        second.stdout
    );
    assert_eq!(
        second.report.with_outcome(ItemOutcome::Unchanged).count(),
        1,
        "{}",
        second.stdout
    );
    assert_eq!(store.count_articles().await.expect("count"), 3);
    let main = store.article(ids[0]).await.expect("first article");
    assert_eq!(main.related.len(), 5);
    assert_eq!(main.related[1], RelatedLink::Article { id: held.id });
    assert_eq!(
        main.related
            .iter()
            .filter(|r| matches!(r, RelatedLink::External(_)))
            .count(),
        4
    );
    assert_eq!(
        store
            .media(main.hero_id.expect("hero"))
            .await
            .expect("hero")
            .id,
        hero.id,
        "the hero is reused"
    );
}
