//! A ninjs association that is a translation of the item (`rel` `translation`) is the same
//! story in another language: it is kept (the article page lists it as an `hreflang`
//! alternate, an export gives it back), never turned into a related article.

use serde_json::{Value, json};
use warraq_ninjs::{NinjsItem, NinjsVersion, detect_version, ninjs_to_incoming, validate};

fn story(associations: Value) -> Value {
    json!({
        "uri": "https://wire.example/ar/story/9",
        "type": "text",
        "language": "ar",
        "versionCreated": "2024-11-02T10:00:00Z",
        "headlines": [{"role": "main", "value": "قمة إقليمية في الرياض"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>انطلقت القمة صباح اليوم.</p>"}],
        "associations": associations,
    })
}

fn imported(doc: &Value) -> warraq_domain::IncomingArticle {
    match ninjs_to_incoming(doc, detect_version(doc, None)) {
        Ok(NinjsItem::Article(article)) => *article,
        other => panic!("expected an article, got {other:?}"),
    }
}

#[test]
fn translations_are_kept_for_hreflang_and_never_become_related_articles() {
    let doc = story(json!([
        {"name": "translation-en", "rel": "translation", "type": "text", "language": "en",
         "uri": "https://wire.example/en/story/9",
         "headlines": [{"role": "main", "value": "Regional summit in Riyadh"}]},
        {"name": "translation-fr", "rel": "http://cv.example.org/rel/Translation", "type": "text",
         "language": "fr", "uri": "https://wire.example/fr/story/9",
         "headlines": [{"role": "main", "value": "Sommet régional à Riyad"}]},
        {"name": "related-1", "rel": "related", "type": "text",
         "uri": "https://wire.example/ar/story/8",
         "headlines": [{"role": "main", "value": "وصول الوفود إلى الرياض"}]}
    ]));
    assert_eq!(validate(&doc, NinjsVersion::V3_1), Ok(()));
    let article = imported(&doc);

    let related: Vec<&str> = article.related.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(related, vec!["وصول الوفود إلى الرياض"]);
    let kept: Vec<(&str, &str)> = article.extra["associations"]
        .as_array()
        .expect("kept associations")
        .iter()
        .map(|a| {
            (
                a["language"].as_str().unwrap_or_default(),
                a["uri"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        vec![
            ("en", "https://wire.example/en/story/9"),
            ("fr", "https://wire.example/fr/story/9"),
        ]
    );
}

#[test]
fn a_translation_is_neither_the_hero_nor_a_picture_of_the_story() {
    // A translation described with its own picture type stays a translation.
    let doc = story(json!([
        {"name": "translation-en", "rel": "translation", "type": "picture", "language": "en",
         "uri": "https://wire.example/en/story/9",
         "renditions": [{"name": "original", "href": "https://wire.example/en/9.jpg"}]}
    ]));
    let article = imported(&doc);
    assert!(article.hero.is_none());
    assert!(article.other_media.is_empty());
    assert!(article.related.is_empty());
    assert_eq!(article.extra["associations"][0]["rel"], "translation");
}
