//! ninjs 2.x and 1.x-style documents, and the errors bad input gets.

use serde_json::json;
use warraq_domain::{Block, Credit};
use warraq_ninjs::{
    NinjsError, NinjsItem, NinjsVersion, detect_version, ninjs_to_incoming, validate,
};

fn imported(doc: &serde_json::Value) -> warraq_domain::IncomingArticle {
    match ninjs_to_incoming(doc, detect_version(doc, None)) {
        Ok(NinjsItem::Article(article)) => *article,
        other => panic!("expected an article, got {other:?}"),
    }
}

#[test]
fn a_2_2_document_maps_and_keeps_its_fields_in_3x_spelling() {
    let doc = json!({
        "uri": "urn:wire:2024:1",
        "type": "text",
        "versioncreated": "2024-11-02T10:00:00+03:00",
        "headlines": [{"role": "main", "value": "عنوان الخبر"}],
        "descriptions": [{"role": "summary", "value": "موجز الخبر"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>الفقرة الأولى</p><h3>فرعي</h3>"}],
        "subjects": [{"name": "اقتصاد"}, {"name": "نفط"}],
        "infosources": [{"name": "فرانس برس"}, {"name": "Local Desk"}],
        "by": "«الشرق الأوسط»",
        "located": "الرياض",
        "copyrightholder": "Wire Co",
        "associations": [{"name": "photo", "type": "picture", "uri": "https://img.example/1.jpg",
            "by": "أ ف ب", "descriptions": [{"value": "تعليق الصورة"}],
            "renditions": [{"name": "big", "href": "https://img.example/1-big.jpg", "contenttype": "image/jpeg", "width": 2000, "height": 1000}]}]
    });
    assert_eq!(detect_version(&doc, None), NinjsVersion::V2_2);
    assert_eq!(validate(&doc, NinjsVersion::V2_2), Ok(()));
    let article = imported(&doc);
    assert_eq!(article.headline, "عنوان الخبر");
    assert_eq!(
        article.body,
        vec![
            Block::paragraph("الفقرة الأولى"),
            Block::Subheading {
                text: "فرعي".into()
            }
        ]
    );
    assert_eq!(article.sections, vec!["اقتصاد".to_string()]);
    assert_eq!(article.tags, vec!["نفط".to_string()]);
    assert_eq!(article.wire_sources, vec!["AFP".to_string()]);
    assert_eq!(article.byline.as_deref(), Some("«الشرق الأوسط»"));
    assert!(article.authors.is_empty());
    assert_eq!(
        article.published_at.map(|t| t.to_rfc3339()),
        Some("2024-11-02T07:00:00+00:00".into())
    );
    let hero = article.hero.expect("hero");
    assert_eq!(hero.credit, Some(Credit::Agency { code: "AFP".into() }));
    assert_eq!(
        hero.source_url.as_deref(),
        Some("https://img.example/1-big.jpg")
    );
    assert_eq!(hero.caption, "تعليق الصورة");
    assert_eq!(
        article.extra.get("copyrightHolder"),
        Some(&json!("Wire Co"))
    );
    assert_eq!(
        article.extra.get("infoSources"),
        Some(&json!([{"name": "Local Desk"}]))
    );
}

#[test]
fn ninjs_1x_names_are_still_read() {
    let doc = json!({
        "uri": "urn:legacy:7",
        "headline": "Legacy headline",
        "body_html": "<p>One</p><p>Two</p>",
        "description_text": "Summary",
        "byline": "A. Writer",
        "subject": [{"name": "Politics", "code": "11000000"}],
        "keywords": ["election"],
        "associations": {"main": {"type": "picture", "description_text": "A caption", "byline": "Reuters",
            "renditions": {"original": {"href": "https://img.example/o.jpg", "mimetype": "image/jpeg", "width": 800, "height": 600}}}}
    });
    let article = imported(&doc);
    assert_eq!(article.headline, "Legacy headline");
    assert_eq!(article.body.len(), 2);
    assert_eq!(article.lede.as_deref(), Some("Summary"));
    assert_eq!(article.authors, vec!["A. Writer".to_string()]);
    assert_eq!(article.sections, vec!["Politics".to_string()]);
    assert_eq!(article.tags, vec!["election".to_string()]);
    let hero = article.hero.expect("hero");
    assert_eq!(
        (hero.caption.as_str(), hero.mime.as_deref()),
        ("A caption", Some("image/jpeg"))
    );
    assert_eq!(
        hero.credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        })
    );
}

#[test]
fn errors_name_the_json_pointer_of_the_problem() {
    let bad_date = json!({"uri": "urn:x", "headlines": [{"value": "h"}], "bodies": [{"value": "b"}], "versionCreated": "yesterday"});
    assert_eq!(
        ninjs_to_incoming(&bad_date, NinjsVersion::V3_1),
        Err(NinjsError::InvalidDate {
            path: "/versionCreated".into(),
            value: "yesterday".into()
        })
    );
    let bad_type = json!({"uri": "urn:x", "headlines": "h"});
    assert_eq!(
        ninjs_to_incoming(&bad_type, NinjsVersion::V3_1),
        Err(NinjsError::WrongType {
            path: "/headlines".into(),
            expected: "an array"
        })
    );
    let no_value =
        json!({"uri": "urn:x", "headlines": [{"value": "h"}], "bodies": [{"role": "main"}]});
    assert_eq!(
        ninjs_to_incoming(&no_value, NinjsVersion::V3_1),
        Err(NinjsError::Missing {
            path: "/bodies/0/value".into(),
            what: "the text value"
        })
    );
    let no_headline = json!({"uri": "urn:x", "bodies": [{"value": "text"}]});
    assert!(
        matches!(ninjs_to_incoming(&no_headline, NinjsVersion::V3_1), Err(NinjsError::Missing { path, .. }) if path == "/headlines")
    );
    assert!(matches!(
        ninjs_to_incoming(&json!([1]), NinjsVersion::V3_1),
        Err(NinjsError::WrongType { .. })
    ));
}

#[test]
fn an_item_without_text_is_skipped_not_imported() {
    let doc = json!({"uri": "urn:x", "type": "text", "headlines": [{"value": "h"}]});
    assert!(
        matches!(ninjs_to_incoming(&doc, NinjsVersion::V3_1), Ok(NinjsItem::Skipped { kind, .. }) if kind == "text")
    );
    let planning = json!({"uri": "urn:x", "plannedCoverage": []});
    assert!(
        matches!(ninjs_to_incoming(&planning, NinjsVersion::V3_1), Ok(NinjsItem::Skipped { kind, .. }) if kind == "planning")
    );
}

#[test]
fn the_embargo_is_read_in_3x_and_2x_spelling() {
    let v3 = json!({"uri": "urn:x", "headlines": [{"value": "h"}], "bodies": [{"value": "b"}],
        "embargoedUntil": "2030-01-01T09:00:00+03:00"});
    assert_eq!(
        imported(&v3).embargo_until.map(|t| t.to_rfc3339()),
        Some("2030-01-01T06:00:00+00:00".into())
    );
    let v2 = json!({"uri": "urn:x", "versioncreated": "2024-01-01T00:00:00Z",
        "headlines": [{"value": "h"}], "bodies": [{"value": "b"}],
        "embargoed": "2030-01-01T06:00:00Z"});
    let article = imported(&v2);
    assert_eq!(
        article.embargo_until.map(|t| t.to_rfc3339()),
        Some("2030-01-01T06:00:00+00:00".into())
    );
    // Read into the article, so not kept a second time for export.
    assert!(
        !article.extra.contains_key("embargoedUntil"),
        "{:?}",
        article.extra
    );
    let none = json!({"uri": "urn:x", "headlines": [{"value": "h"}], "bodies": [{"value": "b"}]});
    assert_eq!(imported(&none).embargo_until, None);
}

#[test]
fn an_embargo_that_is_not_a_time_is_refused_at_its_path() {
    for (key, version) in [
        ("embargoedUntil", NinjsVersion::V3_1),
        ("embargoed", NinjsVersion::V2_2),
    ] {
        let doc = json!({"uri": "urn:x", "headlines": [{"value": "h"}], "bodies": [{"value": "b"}],
            key: "after the summit"});
        assert_eq!(
            ninjs_to_incoming(&doc, version),
            Err(NinjsError::InvalidDate {
                path: format!("/{key}"),
                value: "after the summit".into()
            })
        );
    }
}
