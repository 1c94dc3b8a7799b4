//! Seeding a real SQLite store: what `warraq serve --demo` leaves behind.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::{Duration, Utc};
use tempfile::TempDir;
use warraq_demo::{DemoReport, seed_demo};
use warraq_domain::{Actor, Article, Credit, RelatedLink, Status};
use warraq_store::{
    ArticleQuery, ArticleStore, CatalogStore, ChangeLogStore, MediaStore, Scope, Store,
};
use warraq_store_sql::SqlStore;

async fn empty_store() -> (TempDir, SqlStore) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqlStore::open_sqlite(&dir.path().join("warraq.db"))
        .await
        .expect("open store");
    (dir, store)
}

async fn seeded_store() -> (TempDir, SqlStore, DemoReport) {
    let (dir, store) = empty_store().await;
    let started = Instant::now();
    let report = seed_demo(&store).await.expect("seed demo");
    println!("seeded {report:?} in {:?}", started.elapsed());
    (dir, store, report)
}

async fn all_articles(store: &dyn Store) -> Vec<Article> {
    let mut query = ArticleQuery {
        scope: Scope::All,
        limit: 100,
        ..ArticleQuery::default()
    };
    let mut articles = Vec::new();
    loop {
        let page = store.list_articles(&query).await.expect("list articles");
        articles.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return articles,
        }
    }
}

#[tokio::test]
async fn seeding_an_empty_store_publishes_at_least_36_articles_across_the_default_sections() {
    let (_dir, store, report) = seeded_store().await;
    assert!(!report.skipped);
    assert!(report.articles >= 36, "{report:?}");
    assert!(report.sections >= 8, "{report:?}");

    let articles = all_articles(&store).await;
    assert_eq!(articles.len(), report.articles);
    let now = Utc::now();
    for article in &articles {
        assert_eq!(article.status, Status::Published, "{}", article.headline);
        let at = article
            .published_at
            .expect("published articles have a publication time");
        assert!(
            at <= now && at > now - Duration::days(22),
            "{}: published at {at}",
            article.headline
        );
        assert!(
            !article.author_ids.is_empty() && article.bureau_id.is_some(),
            "{}",
            article.headline
        );
    }
    let sections: HashMap<_, _> = store
        .list_sections()
        .await
        .expect("sections")
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let used: HashSet<&str> = articles
        .iter()
        .map(|a| sections[&a.section_id].as_str())
        .collect();
    assert_eq!(used.len(), report.sections);
    for required in ["آسيا", "أوروبا", "الولايات المتحدة"] {
        assert!(used.contains(required), "no article in {required}");
    }
}

#[tokio::test]
async fn every_seeded_article_has_a_credited_captioned_hero_stored_as_a_jpeg_of_its_recorded_size()
{
    let (_dir, store, report) = seeded_store().await;
    let articles = all_articles(&store).await;
    assert!(report.media >= articles.len());
    let mut archive = 0;
    for article in &articles {
        let hero = store
            .media(article.hero_id.expect("a hero"))
            .await
            .expect("hero record");
        assert!(
            !hero.caption.is_empty() && !hero.alt.is_empty(),
            "{}",
            article.headline
        );
        assert!(
            matches!(
                hero.credit,
                Some(Credit::Agency { .. } | Credit::Other { .. })
            ),
            "{}",
            article.headline
        );
        archive += usize::from(hero.archive);

        let (mime, bytes) = store
            .blob(hero.file.as_deref().expect("a stored file"))
            .await
            .expect("blob");
        assert_eq!(mime, "image/jpeg");
        assert_eq!(hero.byte_size, Some(bytes.len() as u64));
        assert_eq!(
            image::guess_format(&bytes).expect("known format"),
            image::ImageFormat::Jpeg
        );
        let decoded = image::load_from_memory(&bytes).expect("decodes");
        assert_eq!(
            (Some(decoded.width()), Some(decoded.height())),
            (hero.width, hero.height)
        );
    }
    assert!(archive >= 4, "only {archive} archive photos");
}

#[tokio::test]
async fn related_links_point_to_other_seeded_articles() {
    let (_dir, store, _) = seeded_store().await;
    let articles = all_articles(&store).await;
    let ids: HashSet<_> = articles.iter().map(|a| a.id).collect();
    for article in &articles {
        assert!(
            (3..=5).contains(&article.related.len()),
            "{}: {} related",
            article.headline,
            article.related.len()
        );
        for link in &article.related {
            match link {
                RelatedLink::Article { id } => {
                    assert_ne!(*id, article.id, "{} is related to itself", article.headline);
                    assert!(
                        ids.contains(id),
                        "{}: related id {id} does not exist",
                        article.headline
                    );
                }
                RelatedLink::External(_) => {
                    panic!("{}: the demo only links its own articles", article.headline)
                }
            }
        }
        let resolved = warraq_store::resolve_article(&store, article.clone(), Some(Utc::now()))
            .await
            .expect("resolve");
        assert_eq!(
            resolved.related.len(),
            article.related.len(),
            "{}",
            article.headline
        );
    }
}

#[tokio::test]
async fn seeding_twice_adds_nothing_the_second_time() {
    let (_dir, store, first) = seeded_store().await;
    let count = store.count_articles().await.expect("count");
    let second = seed_demo(&store).await.expect("second seed");
    assert!(second.skipped);
    assert_eq!((second.articles, second.media), (0, 0));
    assert_eq!(store.count_articles().await.expect("count"), count);
    assert_eq!(count, first.articles as u64);
}

#[tokio::test]
async fn the_demo_is_written_by_the_system_and_visible_at_once() {
    let (_dir, store, report) = seeded_store().await;
    let changes = store.changes_since(0, 100_000).await.expect("change log");
    assert!(!changes.is_empty());
    assert!(
        changes.iter().all(|c| c.actor == Actor::System),
        "every demo write acts as `system`"
    );
    let visible = store
        .list_articles(&ArticleQuery {
            limit: 100,
            ..ArticleQuery::visible_at(Utc::now())
        })
        .await
        .expect("list");
    assert_eq!(visible.items.len(), report.articles);
}

#[tokio::test]
async fn some_demo_authors_have_a_photo_readers_may_see() {
    let (_dir, store, _) = seeded_store().await;
    let people = store.list_people().await.expect("people");
    let with_photo: Vec<_> = people.iter().filter(|p| p.photo.is_some()).collect();
    assert!(with_photo.len() >= 3, "{people:?}");
    assert!(with_photo.len() < people.len(), "some, not all");
    let now = Utc::now();
    for person in with_photo {
        let id = person.photo.expect("a photo");
        let photo = store.media(id).await.expect("the photo's record");
        assert_eq!(photo.alt, person.name);
        assert_eq!(photo.width, photo.height, "square");
        let key = photo.file.as_deref().expect("a file we hold");
        let (mime, bytes) = store.blob(key).await.expect("its bytes");
        assert_eq!(mime, "image/jpeg");
        let decoded = image::load_from_memory(&bytes).expect("a picture");
        assert!(
            decoded.width() >= 320,
            "wide enough for the smallest rendition"
        );
        // Every demo author signs a published story, so their photo may be seen.
        assert!(store.media_is_visible(id, now).await.expect("visible"));
    }
}
