//! An author's photo in ninjs: `people` take no picture in 3.1, so the photo is a picture
//! association related as `author-photo` naming its person; importing such a document
//! gives the photo back for that author (and for no one else).

mod fixture;

use serde_json::{Value, json};
use warraq_domain::{Credit, IncomingArticle, Media, MediaId, default_agencies};
use warraq_ninjs::{
    AUTHOR_PHOTO_REL, ExportContext, NinjsItem, NinjsVersion, article_to_ninjs, detect_version,
    ninjs_to_incoming, validate,
};

fn portrait(id: i64) -> Media {
    Media {
        id: MediaId(id),
        file: Some(format!("people/{id}.jpg")),
        source_url: None,
        mime: Some("image/jpeg".into()),
        width: Some(600),
        height: Some(600),
        byte_size: Some(40_000),
        alt: "سارة المصري".into(),
        caption: "سارة المصري".into(),
        credit: Some(Credit::Other {
            name: "«أخبار المثال»".into(),
        }),
        archive: false,
        created_at: fixture::at("2024-10-01T08:00:00Z"),
    }
}

fn export_with_a_photo() -> Value {
    let mut article = fixture::rich_article();
    article.authors[0].photo = Some(MediaId(30));
    article.author_photos = vec![portrait(30)];
    let agencies = default_agencies();
    let ctx = ExportContext {
        base_url: fixture::BASE_URL,
        site_name: "أخبار المثال",
        agencies: &agencies,
    };
    article_to_ninjs(&article, &ctx)
}

fn imported(doc: &Value) -> IncomingArticle {
    match ninjs_to_incoming(doc, detect_version(doc, None)) {
        Ok(NinjsItem::Article(article)) => *article,
        other => panic!("expected an article, got {other:?}"),
    }
}

#[test]
fn an_authors_photo_exports_as_a_picture_association_naming_them() {
    let doc = export_with_a_photo();
    assert_eq!(validate(&doc, NinjsVersion::V3_1), Ok(()));
    let photos: Vec<&Value> = doc["associations"]
        .as_array()
        .expect("associations")
        .iter()
        .filter(|a| a["rel"] == AUTHOR_PHOTO_REL)
        .collect();
    assert_eq!(photos.len(), 1, "only the author who has one");
    let photo = photos[0];
    assert_eq!(photo["type"], "picture");
    assert_eq!(photo["uri"], "https://news.example/media/30");
    assert_eq!(
        photo["people"],
        json!([{"name": "سارة المصري", "rel": "depicted", "literal": "سارة-المصري"}])
    );
    assert_eq!(photo["renditions"][0]["width"], 600);
    // The hero stays the hero.
    assert!(
        doc["associations"]
            .as_array()
            .expect("associations")
            .iter()
            .any(|a| a["rel"] == "hero")
    );
}

#[test]
fn an_imported_authors_photo_is_theirs_and_neither_hero_nor_other_media() {
    let without = fixture::rich_article();
    let agencies = default_agencies();
    let ctx = ExportContext {
        base_url: fixture::BASE_URL,
        site_name: "أخبار المثال",
        agencies: &agencies,
    };
    let plain = imported(&article_to_ninjs(&without, &ctx));
    assert!(plain.author_photos.is_empty());

    let incoming = imported(&export_with_a_photo());
    assert_eq!(incoming.author_photos.len(), 1);
    let portrait = &incoming.author_photos[0];
    assert_eq!(portrait.person, "سارة المصري");
    assert!(incoming.authors.contains(&portrait.person));
    assert_eq!(
        portrait.photo.source_url.as_deref(),
        Some("https://news.example/media/30")
    );
    assert_eq!(
        (portrait.photo.width, portrait.photo.height),
        (Some(600), Some(600))
    );
    // Nothing else moved: the same hero and other pictures as without the photo.
    assert_eq!(incoming.hero, plain.hero);
    assert_eq!(incoming.other_media, plain.other_media);
}

#[test]
fn a_photo_that_names_no_one_is_kept_for_export_only() {
    let mut doc = export_with_a_photo();
    let associations = doc["associations"].as_array_mut().expect("associations");
    for item in associations.iter_mut() {
        if item["rel"] == AUTHOR_PHOTO_REL {
            item.as_object_mut().expect("object").remove("people");
        }
    }
    let incoming = imported(&doc);
    assert!(incoming.author_photos.is_empty());
    let kept = incoming.extra["associations"]
        .as_array()
        .expect("kept associations");
    assert!(kept.iter().any(|a| a["rel"] == AUTHOR_PHOTO_REL));
}
