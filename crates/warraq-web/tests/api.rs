//! The read content API: ninjs 3.1 items, paging, errors that name the parameter.

mod support;

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::Value;
use support::{BASE_URL, TestSite};
use warraq_domain::urls::{article_path, section_path};
use warraq_ninjs::{NinjsVersion, validate};

fn assert_valid_ninjs(item: &Value) {
    if let Err(violations) = validate(item, NinjsVersion::V3_1) {
        panic!("not valid ninjs 3.1: {violations:?}\n{item:#}");
    }
}

fn association<'a>(item: &'a Value, name: &str) -> &'a Value {
    item["associations"]
        .as_array()
        .and_then(|list| list.iter().find(|a| a["name"] == name))
        .unwrap_or_else(|| panic!("no association {name} in {item:#}"))
}

#[tokio::test]
async fn list_pages_through_every_published_article_once_as_valid_ninjs() {
    let site = TestSite::new().await;
    let mut url = "/api/v1/articles?limit=٥".to_string();
    let mut uris = Vec::new();
    let mut pages = 0;
    loop {
        let reply = site.get(&url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}: {}", reply.text());
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let page = reply.json();
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 5);
        for item in items {
            assert_valid_ninjs(item);
            uris.push(item["uri"].as_str().unwrap().to_string());
        }
        pages += 1;
        match page["next"].as_str() {
            Some(cursor) => url = format!("/api/v1/articles?limit=5&cursor={cursor}"),
            None => break,
        }
        assert!(pages < 20);
    }
    let expected = site.store.count_articles().await.unwrap() as usize - 1; // less the draft
    assert_eq!(uris.len(), expected);
    assert_eq!(
        uris.iter().collect::<HashSet<_>>().len(),
        uris.len(),
        "no item twice"
    );
    assert_eq!(
        uris[0],
        format!("{BASE_URL}{}", article_path(&site.main)),
        "newest first"
    );
    assert!(!uris.contains(&format!("{BASE_URL}{}", article_path(&site.draft))));
}

#[tokio::test]
async fn one_item_carries_the_article_and_its_associations() {
    let site = TestSite::new().await;
    let reply = site
        .get(&format!("/api/v1/articles/{}", site.main.id))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let item = reply.json();
    assert_valid_ninjs(&item);
    assert_eq!(
        item["uri"],
        format!("{BASE_URL}{}", article_path(&site.main))
    );
    assert_eq!(item["headlines"][0]["value"], site.main.headline.as_str());
    assert_eq!(item["located"], site.moscow.city.as_str());
    assert_eq!(item["subjects"][0]["name"], site.asia.name.as_str());
    assert_eq!(
        item["subjects"][0]["uri"],
        format!("{BASE_URL}{}", section_path(&site.asia))
    );
    let tags: Vec<&str> = item["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["rel"] == "tag")
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(tags, vec!["كوريا الشمالية", "روسيا"]);
    let sources: Vec<&str> = item["infoSources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["literal"].as_str())
        .collect();
    assert_eq!(sources, vec!["AFP", "Reuters"]);

    let hero = association(&item, "hero");
    assert_eq!(hero["type"], "picture");
    assert_eq!(hero["uri"], format!("{BASE_URL}/media/{}", site.hero.id));
    assert_eq!(hero["by"], "إ.ب.أ");

    let first = association(&item, "related-1");
    assert_eq!(
        first["uri"],
        format!("{BASE_URL}{}", article_path(&site.related_asia))
    );
    assert_eq!(
        first["headlines"][0]["value"],
        site.related_asia.headline.as_str()
    );
    assert_eq!(first["located"], site.washington.city.as_str());
    assert_eq!(first["subjects"][0]["name"], site.asia.name.as_str());
    let second = association(&item, "related-2");
    assert_eq!(
        second["uri"],
        format!("{BASE_URL}{}", article_path(&site.related_europe))
    );
    let external = association(&item, "related-3");
    assert_eq!(
        external["headlines"][0]["value"],
        site.external.title.as_str()
    );
    assert_eq!(external["by"], "«صحيفة المساء»");
}

#[tokio::test]
async fn the_section_filter_lists_only_that_section() {
    let site = TestSite::new().await;
    let reply = site
        .get(&format!(
            "/api/v1/articles?section={}&limit=100",
            warraq_domain::urls::encode_segment(&site.economy.slug)
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let page = reply.json();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), site.fillers.len());
    assert!(
        items
            .iter()
            .all(|i| i["subjects"][0]["name"] == site.economy.name.as_str())
    );
    assert!(page["next"].is_null());
}

#[tokio::test]
async fn bad_parameters_are_refused_with_the_parameter_named() {
    let site = TestSite::new().await;
    for (query, parameter) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=zzz", "cursor"),
    ] {
        let reply = site.get(&format!("/api/v1/articles?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        let body = reply.json();
        assert_eq!(body["error"]["code"], "bad_parameter");
        assert_eq!(body["error"]["parameter"], parameter);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(parameter)
        );
    }
}

#[tokio::test]
async fn unknown_sections_and_unpublished_articles_are_json_not_found() {
    let site = TestSite::new().await;
    for path in [
        "/api/v1/articles?section=no-such-section".to_string(),
        format!("/api/v1/articles/{}", site.draft.id),
        "/api/v1/articles/987654".to_string(),
        "/api/v1/nothing-here".to_string(),
    ] {
        let reply = site.get(&path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
        assert_eq!(reply.json()["error"]["code"], "not_found");
    }
}
