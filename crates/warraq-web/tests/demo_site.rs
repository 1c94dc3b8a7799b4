//! The whole demo newsroom served: every article page renders with its parts, every API
//! item is valid ninjs 3.1, every hero picture has renditions.

mod support;

use axum::http::StatusCode;
use chrono::Utc;
use support::{Backend, TestStore, attr, one, sel, text_of};
use warraq_domain::Article;
use warraq_domain::urls::article_path;
use warraq_ninjs::{NinjsVersion, validate};
use warraq_store::{ArticleQuery, resolve_article};
use warraq_web::{Node, NodeSettings, SiteConfig};

struct DemoSite {
    site: support::TestSiteLite,
    articles: Vec<Article>,
}

async fn demo_site() -> DemoSite {
    let db = TestStore::open(Backend::Sqlite).await;
    let store = db.store.clone();
    let report = warraq_demo::seed_demo(store.as_ref())
        .await
        .expect("demo content");
    assert!(
        report.articles >= 36,
        "the demo has at least 36 articles, got {}",
        report.articles
    );
    let mut articles = Vec::new();
    let mut query = ArticleQuery {
        limit: 100,
        ..ArticleQuery::visible_at(Utc::now())
    };
    loop {
        let page = store.list_articles(&query).await.unwrap();
        articles.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let node = Node::start(
        store.clone(),
        SiteConfig::default(),
        NodeSettings::default(),
    )
    .await
    .unwrap();
    DemoSite {
        site: support::TestSiteLite {
            app: node.site(),
            store,
            node,
            db,
        },
        articles,
    }
}

#[tokio::test]
async fn every_demo_article_page_renders_with_headline_hero_related_and_next() {
    let demo = demo_site().await;
    let newest_first = &demo.articles;
    for (index, article) in newest_first.iter().enumerate() {
        let path = article_path(article);
        let reply = demo.site.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let doc = reply.html();
        assert_eq!(text_of(one(&doc, "h1")), article.headline, "{path}");
        let resolved = resolve_article(demo.site.store.as_ref(), article.clone(), Some(Utc::now()))
            .await
            .unwrap();
        if let Some(hero) = &resolved.hero {
            let img = one(&doc, "figure.hero img");
            assert!(
                attr(img, "src").starts_with(&format!("/media/{}", hero.id)),
                "{path}"
            );
        }
        assert_eq!(
            doc.select(&sel(".related-item")).count(),
            resolved.related.len(),
            "{path}"
        );
        let ld: serde_json::Value =
            serde_json::from_str(&one(&doc, r#"script[type="application/ld+json"]"#).inner_html())
                .unwrap();
        assert_eq!(ld["headline"], article.headline.as_str());
        match newest_first.get(index + 1) {
            Some(next) => assert_eq!(
                attr(one(&doc, r#"a[rel="next"]"#), "href"),
                article_path(next),
                "{path}"
            ),
            None => assert_eq!(doc.select(&sel(r#"a[rel="next"]"#)).count(), 0),
        }
    }
}

#[tokio::test]
async fn every_demo_article_is_valid_ninjs_through_the_api() {
    let demo = demo_site().await;
    let mut url = "/api/v1/articles?limit=100".to_string();
    let mut count = 0;
    loop {
        let page = demo.site.get(&url).await.json();
        for item in page["items"].as_array().unwrap() {
            if let Err(violations) = validate(item, NinjsVersion::V3_1) {
                panic!("{}: {violations:?}", item["uri"]);
            }
            count += 1;
        }
        match page["next"].as_str() {
            Some(cursor) => url = format!("/api/v1/articles?limit=100&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(count, demo.articles.len());
}

#[tokio::test]
async fn demo_heroes_have_jpeg_renditions_no_wider_than_asked() {
    let demo = demo_site().await;
    let article = demo
        .articles
        .iter()
        .find(|a| a.hero_id.is_some())
        .expect("a demo article with a hero");
    let hero = article.hero_id.unwrap();
    let reply = demo.site.get(&format!("/media/{hero}/320")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let picture =
        image::load_from_memory_with_format(&reply.body, image::ImageFormat::Jpeg).unwrap();
    assert!(picture.width() <= 320 && picture.width() > 0);
}
