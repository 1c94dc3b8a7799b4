//! Newest-first lists, paging by cursor, filters and counts.

use std::collections::HashSet;

use warraq_domain::{Article, ArticleId, Status};

use super::fixtures::{ACTOR, draft, published, section};
use crate::one_shot::StoreWrites;
use crate::query::{ArticleQuery, Cursor, Scope};
use crate::store::Store;

/// Follows `next` cursors from the first page to the last, returning every page.
async fn all_pages(store: &dyn Store, mut query: ArticleQuery) -> Vec<Vec<Article>> {
    let mut pages = Vec::new();
    loop {
        let page = store.list_articles(&query).await.expect("list");
        assert!(page.items.len() <= query.limit as usize);
        pages.push(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return pages,
        }
        assert!(pages.len() < 100, "paging does not end");
    }
}

pub async fn paging_covers_every_published_article_once_even_with_equal_times(store: &dyn Store) {
    let news = section(store, "آسيا", 0).await;
    let mut expected = HashSet::new();
    for (i, when) in [
        "2026-02-01T10:00:00Z",
        "2026-02-03T10:00:00Z",
        "2026-02-03T10:00:00Z",
        "2026-02-03T10:00:00Z",
        "2026-02-02T10:00:00Z",
        "2026-02-02T10:00:00Z",
        "2026-02-04T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        let article = store
            .create_article(ACTOR, &published(&format!("خبر رقم {i}"), news.id, when))
            .await
            .expect("create");
        expected.insert(article.id);
    }
    store
        .create_article(ACTOR, &draft("مسودة لم تنشر", news.id))
        .await
        .expect("draft");

    let pages = all_pages(
        store,
        ArticleQuery {
            limit: 2,
            ..ArticleQuery::default()
        },
    )
    .await;
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![2, 2, 2, 1]
    );
    let listed: Vec<&Article> = pages.iter().flatten().collect();
    let ids: Vec<ArticleId> = listed.iter().map(|a| a.id).collect();
    assert_eq!(ids.iter().copied().collect::<HashSet<_>>(), expected);
    assert_eq!(ids.len(), expected.len(), "no article is listed twice");
    for pair in listed.windows(2) {
        let (a, b) = (Cursor::of(pair[0]), Cursor::of(pair[1]));
        assert!(
            (a.at, a.id) > (b.at, b.id),
            "newest first, then by descending id: {a:?} before {b:?}"
        );
    }

    // Continuous reading: what comes after an article is the rest of the order.
    let third = listed[2];
    let after = ArticleQuery {
        limit: 200,
        after: Some(Cursor::of(third)),
        ..ArticleQuery::default()
    };
    let rest: Vec<ArticleId> = store
        .list_articles(&after)
        .await
        .expect("list")
        .items
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(rest, ids[3..].to_vec());
}

pub async fn a_page_that_ends_the_list_has_no_next_cursor(store: &dyn Store) {
    let news = section(store, "أفريقيا", 0).await;
    for i in 0..4 {
        store
            .create_article(
                ACTOR,
                &published(
                    &format!("خبر {i}"),
                    news.id,
                    &format!("2026-01-0{}T08:00:00Z", i + 1),
                ),
            )
            .await
            .expect("create");
    }
    let exact = store
        .list_articles(&ArticleQuery {
            limit: 4,
            ..ArticleQuery::default()
        })
        .await
        .expect("list");
    assert_eq!(exact.items.len(), 4);
    assert_eq!(
        exact.next, None,
        "no further page when the list ends exactly at the limit"
    );
    let first = store
        .list_articles(&ArticleQuery {
            limit: 3,
            ..ArticleQuery::default()
        })
        .await
        .expect("list");
    assert_eq!(first.next, first.items.last().map(Cursor::of));
    let huge = store
        .list_articles(&ArticleQuery {
            limit: 100_000,
            ..ArticleQuery::default()
        })
        .await
        .expect("list");
    assert_eq!(huge.items.len(), 4);
}

pub async fn lists_filter_by_section_and_status(store: &dyn Store) {
    let sport = section(store, "رياضة", 0).await;
    let tech = section(store, "تكنولوجيا", 1).await;
    let s1 = store
        .create_article(
            ACTOR,
            &published("فوز في الدوري", sport.id, "2026-03-01T10:00:00Z"),
        )
        .await
        .expect("s1");
    let s2 = store
        .create_article(ACTOR, &draft("مسودة رياضية", sport.id))
        .await
        .expect("s2");
    let t1 = store
        .create_article(
            ACTOR,
            &published("هاتف جديد", tech.id, "2026-03-02T10:00:00Z"),
        )
        .await
        .expect("t1");

    let ids = |items: Vec<Article>| items.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let sport_published = ArticleQuery {
        section: Some(sport.id),
        ..ArticleQuery::default()
    };
    assert_eq!(
        ids(store
            .list_articles(&sport_published)
            .await
            .expect("list")
            .items),
        vec![s1.id]
    );

    let sport_all = ArticleQuery {
        section: Some(sport.id),
        scope: Scope::All,
        ..ArticleQuery::default()
    };
    let mut listed = ids(store.list_articles(&sport_all).await.expect("list").items);
    listed.sort();
    assert_eq!(listed, vec![s1.id, s2.id]);

    let drafts = ArticleQuery {
        scope: Scope::Status(Status::Draft),
        ..ArticleQuery::default()
    };
    assert_eq!(
        ids(store.list_articles(&drafts).await.expect("list").items),
        vec![s2.id]
    );

    let published_everywhere = ArticleQuery::default();
    assert_eq!(
        ids(store
            .list_articles(&published_everywhere)
            .await
            .expect("list")
            .items),
        vec![t1.id, s1.id]
    );
}

pub async fn drafts_are_never_listed_as_published(store: &dyn Store) {
    let news = section(store, "يوميات الشرق", 0).await;
    let live = store
        .create_article(
            ACTOR,
            &published("خبر منشور", news.id, "2020-01-01T00:00:00Z"),
        )
        .await
        .expect("live");
    store
        .create_article(ACTOR, &draft("مسودة أحدث", news.id))
        .await
        .expect("draft");
    let mut withdrawn = published("خبر سحب", news.id, "2021-01-01T00:00:00Z");
    let pulled = store
        .create_article(ACTOR, &withdrawn)
        .await
        .expect("withdrawn");
    withdrawn.status = Status::Unpublished;
    store
        .update_article(ACTOR, pulled.id, &withdrawn, None)
        .await
        .expect("unpublish");

    let page = store
        .list_articles(&ArticleQuery::default())
        .await
        .expect("list");
    assert_eq!(
        page.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![live.id]
    );
    assert!(page.items.iter().all(Article::is_published));
}

pub async fn count_articles_counts_every_status(store: &dyn Store) {
    let news = section(store, "الولايات المتحدة", 0).await;
    assert_eq!(store.count_articles().await.expect("count"), 0);
    store
        .create_article(ACTOR, &draft("مسودة", news.id))
        .await
        .expect("draft");
    store
        .create_article(ACTOR, &published("منشور", news.id, "2026-01-01T00:00:00Z"))
        .await
        .expect("published");
    assert_eq!(store.count_articles().await.expect("count"), 2);
}

pub async fn lists_filter_by_author_in_every_scope(store: &dyn Store) {
    let sport = section(store, "رياضة", 0).await;
    let tech = section(store, "تكنولوجيا", 1).await;
    let huda = store
        .find_or_create_person(ACTOR, "هدى سالم", None)
        .await
        .expect("huda");
    let omar = store
        .find_or_create_person(ACTOR, "عمر خالد", None)
        .await
        .expect("omar");
    let create = async |mut content: warraq_domain::ArticleDraft, authors: Vec<_>| {
        content.author_ids = authors;
        store.create_article(ACTOR, &content).await.expect("create")
    };
    let a1 = create(
        published("فوز في الدوري", sport.id, "2026-03-01T10:00:00Z"),
        vec![huda.id],
    )
    .await;
    let a2 = create(
        published("هاتف جديد", tech.id, "2026-03-02T10:00:00Z"),
        vec![omar.id, huda.id],
    )
    .await;
    let a3 = create(draft("مسودة رياضية", sport.id), vec![huda.id]).await;
    let a4 = create(
        published("تعادل في المباراة", sport.id, "2026-03-03T10:00:00Z"),
        vec![omar.id],
    )
    .await;
    create(
        published("خبر بلا توقيع", sport.id, "2026-03-04T10:00:00Z"),
        vec![],
    )
    .await;

    let listed = async |author, scope, section| {
        let query = ArticleQuery {
            author: Some(author),
            scope,
            section,
            ..ArticleQuery::default()
        };
        all_pages(store, ArticleQuery { limit: 1, ..query })
            .await
            .into_iter()
            .flatten()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    let now = Scope::VisibleAt(chrono::Utc::now());
    assert_eq!(listed(huda.id, now, None).await, vec![a2.id, a1.id]);
    assert_eq!(listed(omar.id, now, None).await, vec![a4.id, a2.id]);
    assert_eq!(
        listed(huda.id, Scope::All, None).await,
        vec![a3.id, a2.id, a1.id],
        "a draft is placed by its creation time"
    );
    assert_eq!(
        listed(huda.id, Scope::Status(Status::Draft), None).await,
        vec![a3.id]
    );
    assert_eq!(
        listed(huda.id, Scope::Status(Status::Published), Some(sport.id)).await,
        vec![a1.id]
    );
    assert!(
        listed(warraq_domain::PersonId(987_654), Scope::All, None)
            .await
            .is_empty()
    );

    // The filter follows the byline as it is edited.
    let mut content = a2.content.clone();
    content.author_ids = vec![omar.id];
    store
        .update_article(ACTOR, a2.id, &content, None)
        .await
        .expect("update");
    assert_eq!(listed(huda.id, now, None).await, vec![a1.id]);
    assert_eq!(listed(omar.id, now, None).await, vec![a4.id, a2.id]);
}

pub async fn lists_filter_by_tag_slug_in_every_scope(store: &dyn Store) {
    let asia = section(store, "آسيا", 0).await;
    let europe = section(store, "أوروبا", 1).await;
    let create = async |mut content: warraq_domain::ArticleDraft, tags: &[&str]| {
        content.tags = tags.iter().map(|t| t.to_string()).collect();
        store.create_article(ACTOR, &content).await.expect("create")
    };
    let a1 = create(
        published("قمة في سيول", asia.id, "2026-03-01T10:00:00Z"),
        &["كوريا الشمالية", "روسيا"],
    )
    .await;
    // The same tag spelled with a shadda and a tatweel.
    let a2 = create(
        published("صواريخ جديدة", asia.id, "2026-03-02T10:00:00Z"),
        &["كوريا الشماليّـة"],
    )
    .await;
    let a3 = create(draft("مسودة عن كوريا", asia.id), &["كوريا الشمالية"]).await;
    // Arabic-Indic and Western digits are one tag; punctuation alone is none.
    let a4 = create(
        published("قمة أوروبية", europe.id, "2026-03-03T10:00:00Z"),
        &["قمة ٢٠٢٦", "!!!"],
    )
    .await;
    let a5 = create(
        published("نتائج القمة", europe.id, "2026-03-04T10:00:00Z"),
        &["قمة 2026"],
    )
    .await;

    let listed = async |tag: &str, scope, section| {
        let query = ArticleQuery {
            tag: Some(tag.to_string()),
            scope,
            section,
            ..ArticleQuery::default()
        };
        all_pages(store, ArticleQuery { limit: 1, ..query })
            .await
            .into_iter()
            .flatten()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    let korea = warraq_domain::arabic::slugify("كوريا الشمالية");
    let now = Scope::VisibleAt(chrono::Utc::now());
    assert_eq!(listed(&korea, now, None).await, vec![a2.id, a1.id]);
    assert_eq!(
        listed(&korea, Scope::All, None).await,
        vec![a3.id, a2.id, a1.id],
        "a draft is placed by its creation time"
    );
    assert_eq!(
        listed(&korea, Scope::Status(Status::Draft), None).await,
        vec![a3.id]
    );
    assert!(listed(&korea, now, Some(europe.id)).await.is_empty());
    assert_eq!(listed("روسيا", now, None).await, vec![a1.id]);
    assert_eq!(listed("قمة-2026", now, None).await, vec![a5.id, a4.id]);
    assert!(listed("", Scope::All, None).await.is_empty());
    assert!(listed("لا-يوجد", Scope::All, None).await.is_empty());

    // The filter follows the tags as they are edited.
    let mut content = a1.content.clone();
    content.tags = vec!["روسيا".into()];
    store
        .update_article(ACTOR, a1.id, &content, None)
        .await
        .expect("update");
    assert_eq!(listed(&korea, now, None).await, vec![a2.id]);
    assert_eq!(listed("روسيا", now, None).await, vec![a1.id]);
}
