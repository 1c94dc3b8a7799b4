//! How requests meet the page cache: a burst of misses on one page waits for one render;
//! query parameters a route does not read (`utm_source`, `fbclid`) hit the entry of the
//! page without them; kept pages say what they show in `Surrogate-Key`, which a CDN
//! purges by.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::{Backend, TestSite, send};
use warraq_domain::urls::{article_path, encode_segment, section_path};

on_both_backends!(a_burst_of_misses_on_one_page_waits_for_one_render);
async fn a_burst_of_misses_on_one_page_waits_for_one_render(backend: Backend) {
    let site = TestSite::on(backend).await;
    for uri in ["/".to_string(), article_path(&site.related_europe)] {
        let mut burst = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let app = site.app.clone();
            let uri = uri.clone();
            burst.spawn(async move {
                let request = Request::get(uri).body(Body::empty()).unwrap();
                send(&app, request).await
            });
        }
        let replies = burst.join_all().await;
        let renders: Vec<&str> = replies
            .iter()
            .map(|r| r.header("x-warraq-render").expect("a render number"))
            .collect();
        assert!(
            renders.iter().all(|r| *r == renders[0]),
            "{uri}: {renders:?}"
        );
        let misses = replies
            .iter()
            .filter(|r| r.header("x-warraq-cache") == Some("miss"))
            .count();
        assert_eq!(misses, 1, "{uri}: one request rendered, the others waited");
        assert!(replies.iter().all(|r| r.status == StatusCode::OK));
        assert!(replies.iter().all(|r| r.body == replies[0].body));
    }
}

on_both_backends!(parameters_a_page_does_not_read_hit_the_same_entry);
async fn parameters_a_page_does_not_read_hit_the_same_entry(backend: Backend) {
    let site = TestSite::on(backend).await;
    let economy = encode_segment(&site.economy.slug);
    let same = [
        ("/".to_string(), "/?utm_source=x".to_string()),
        (
            article_path(&site.main),
            format!("{}?utm_campaign=y&fbclid=z", article_path(&site.main)),
        ),
        (
            section_path(&site.asia),
            format!("{}?utm_source=newsletter", section_path(&site.asia)),
        ),
        (
            "/api/v1/articles".to_string(),
            "/api/v1/articles?utm_source=x".to_string(),
        ),
        (
            format!("/api/v1/articles?section={economy}&utm_medium=a"),
            format!("/api/v1/articles?utm_medium=b&section={economy}&limit="),
        ),
        (
            "/feed/rss.xml".to_string(),
            "/feed/rss.xml?utm_source=reader".to_string(),
        ),
    ];
    for (plain, tracked) in &same {
        let first = site.get(plain).await;
        assert_eq!(first.status, StatusCode::OK, "{plain}");
        let kept = site.node.state().cached_pages();
        let again = site.get(tracked).await;
        assert_eq!(again.header("x-warraq-cache"), Some("hit"), "{tracked}");
        assert_eq!(
            again.header("x-warraq-render"),
            first.header("x-warraq-render"),
            "{tracked} is {plain}"
        );
        assert_eq!(
            site.node.state().cached_pages(),
            kept,
            "{tracked}: no new entry"
        );
    }
    // Parameters the route reads are other pages.
    let first = site.get("/api/v1/articles").await;
    let limited = site.get("/api/v1/articles?limit=5").await;
    assert_ne!(
        limited.header("x-warraq-render"),
        first.header("x-warraq-render")
    );
    assert_eq!(limited.json()["items"].as_array().unwrap().len(), 5);
}

on_both_backends!(kept_pages_name_what_they_show_for_a_cdn);
async fn kept_pages_name_what_they_show_for_a_cdn(backend: Backend) {
    let site = TestSite::on(backend).await;
    let keys = |reply: &support::Reply| -> Vec<String> {
        reply
            .header("surrogate-key")
            .expect("a Surrogate-Key")
            .split(' ')
            .map(str::to_string)
            .collect()
    };
    let home = site.get("/").await;
    assert_eq!(home.header("cache-control"), Some("public, max-age=60"));
    let home_keys = keys(&home);
    for key in [
        "home".to_string(),
        format!("article-{}", site.main.id),
        format!("media-{}", site.hero.id),
        "all".to_string(),
    ] {
        assert!(home_keys.contains(&key), "{key} in {home_keys:?}");
    }

    let page = site.get(&article_path(&site.main)).await;
    let page_keys = keys(&page);
    for id in [site.main.id, site.related_asia.id, site.related_europe.id] {
        assert!(
            page_keys.contains(&format!("article-{id}")),
            "{page_keys:?}"
        );
    }
    assert!(page_keys.contains(&format!("media-{}", site.body_photo.id)));
    assert!(!page_keys.contains(&"home".to_string()));

    let section = site.get(&section_path(&site.economy)).await;
    let section_keys = keys(&section);
    assert!(section_keys.contains(&format!("section-{}", site.economy.id)));
    assert!(!section_keys.contains(&format!("article-{}", site.main.id)));

    let list = site.get("/api/v1/articles").await;
    assert!(keys(&list).contains(&"lists".to_string()));
    // A 304 names them too (a CDN revalidating learns them).
    let etag = list.header("etag").unwrap().to_string();
    let again = site
        .request(
            Request::get("/api/v1/articles")
                .header("if-none-match", etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.header("surrogate-key").is_some());
}
