//! A ninjs item that carries its author's photo (a picture association related as
//! `author-photo`, naming its person) gives that person a photo, once; a photo the
//! newsroom already chose is kept; and a translation never becomes a related article.

use serde_json::{Value, json};
use warraq_domain::{Actor, MediaDraft};
use warraq_import::ImportArgs;
use warraq_store::{ArticleQuery, Scope, Store, StoreWrites};

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

both_backends!(
    an_imported_author_photo_becomes_the_persons_photo_unless_they_have_one,
    an_imported_translation_is_kept_for_hreflang_not_related
);

fn with_photo(uri: &str, author: &str, photo_url: &str) -> Value {
    let mut doc = ninjs_text(uri, "قمة إقليمية في الرياض", "انطلقت القمة صباح اليوم.");
    doc["people"] = json!([{"name": author, "rel": "author"}]);
    doc["associations"] = json!([{
        "name": "author-photo-1", "rel": "author-photo", "type": "picture", "uri": photo_url,
        "people": [{"name": author, "rel": "depicted"}],
        "renditions": [{"name": "original", "href": photo_url, "contentType": "image/jpeg",
                        "width": 600, "height": 600}]
    }]);
    doc
}

async fn person_named(store: &dyn Store, name: &str) -> warraq_domain::Person {
    store
        .list_people()
        .await
        .expect("people")
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} was not created"))
}

async fn an_imported_author_photo_becomes_the_persons_photo_unless_they_have_one(backend: Backend) {
    let ts = store(backend).await;
    let store = ts.get();
    let dir = tempfile::tempdir().expect("temp dir");
    let first = write(
        dir.path(),
        "first.json",
        &with_photo("urn:test:1", "هالة الشريف", "https://img.example/hala.jpg").to_string(),
    );
    let run = import(Some(store), &ImportArgs::for_paths([&first])).await;
    assert_eq!(run.report.counts.refused, 0, "{}", run.stderr);
    let hala = person_named(store, "هالة الشريف").await;
    let photo = store
        .media(hala.photo.expect("the imported photo"))
        .await
        .expect("its record");
    assert_eq!(
        photo.source_url.as_deref(),
        Some("https://img.example/hala.jpg")
    );
    assert_eq!((photo.width, photo.height), (Some(600), Some(600)));
    // Not the story's picture.
    let listed = store
        .list_articles(&ArticleQuery {
            scope: Scope::All,
            ..ArticleQuery::default()
        })
        .await
        .expect("articles");
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].hero_id, None);

    // Importing it again changes nothing.
    import(Some(store), &ImportArgs::for_paths([&first])).await;
    assert_eq!(person_named(store, "هالة الشريف").await, hala);

    // A photo the newsroom chose is not replaced by a source's.
    let chosen = store
        .create_media(
            Actor::System,
            &MediaDraft {
                source_url: Some("https://img.example/chosen.jpg".into()),
                caption: "هالة الشريف".into(),
                ..MediaDraft::default()
            },
        )
        .await
        .expect("media");
    store
        .set_person_photo(Actor::System, hala.id, Some(chosen.id))
        .await
        .expect("choose");
    let other = write(
        dir.path(),
        "other.json",
        &with_photo(
            "urn:test:2",
            "هالة الشريف",
            "https://img.example/hala-2.jpg",
        )
        .to_string(),
    );
    import(Some(store), &ImportArgs::for_paths([&other])).await;
    assert_eq!(
        person_named(store, "هالة الشريف").await.photo,
        Some(chosen.id)
    );

    // A photo of someone who is not among the item's authors is left out, and said so.
    let mut stranger = with_photo("urn:test:3", "رامي عيسى", "https://img.example/x.jpg");
    stranger["associations"][0]["people"][0]["name"] = json!("شخص آخر");
    let stranger_file = write(dir.path(), "stranger.json", &stranger.to_string());
    let run = import(Some(store), &ImportArgs::for_paths([&stranger_file])).await;
    assert_eq!(person_named(store, "رامي عيسى").await.photo, None);
    assert!(
        run.report
            .warnings
            .iter()
            .any(|w| w.message.contains("شخص آخر")),
        "the report names the photo left out: {:?}",
        run.report.warnings
    );
}

async fn an_imported_translation_is_kept_for_hreflang_not_related(backend: Backend) {
    let ts = store(backend).await;
    let store = ts.get();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = ninjs_text(
        "urn:test:t",
        "قمة إقليمية في الرياض",
        "انطلقت القمة صباح اليوم.",
    );
    doc["associations"] = json!([
        {"name": "translation-en", "rel": "translation", "type": "text", "language": "en",
         "uri": "https://wire.example/en/story/9",
         "headlines": [{"role": "main", "value": "Regional summit in Riyadh"}]}
    ]);
    let file = write(dir.path(), "translated.json", &doc.to_string());
    let run = import(Some(store), &ImportArgs::for_paths([&file])).await;
    assert_eq!(run.report.counts.refused, 0, "{}", run.stderr);
    let listed = store
        .list_articles(&ArticleQuery {
            scope: Scope::All,
            ..ArticleQuery::default()
        })
        .await
        .expect("articles");
    let article = &listed.items[0];
    assert!(article.related.is_empty(), "{:?}", article.related);
    assert_eq!(
        article.extra["associations"][0]["uri"],
        "https://wire.example/en/story/9"
    );
}
