//! Media records and blobs.

use warraq_domain::{Credit, DomainError, MediaDraft, MediaId};

use super::fixtures::ACTOR;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::store::Store;

pub(crate) fn photo(url: &str) -> MediaDraft {
    MediaDraft {
        file: Some(format!("media/{}.jpg", url.len())),
        source_url: Some(url.to_string()),
        mime: Some("image/jpeg".into()),
        width: Some(1200),
        height: Some(800),
        byte_size: Some(245_760),
        alt: "سوق شعبية في المدينة القديمة".into(),
        caption: "متسوقون في سوق المدينة القديمة صباح الجمعة".into(),
        credit: Some(Credit::Agency { code: "AFP".into() }),
        archive: true,
    }
}

pub async fn media_round_trips_and_is_found_by_source_url(store: &dyn Store) {
    let draft = photo("https://images.example.org/2026/souq.jpg");
    let created = store.create_media(ACTOR, &draft).await.expect("create");
    let fetched = store.media(created.id).await.expect("get");
    assert_eq!(fetched, created);
    assert_eq!(fetched.file, draft.file);
    assert_eq!(fetched.caption, draft.caption);
    assert_eq!(fetched.credit, draft.credit);
    assert_eq!(
        (fetched.width, fetched.height, fetched.byte_size),
        (Some(1200), Some(800), Some(245_760))
    );
    assert!(fetched.archive);

    let mut other = photo("https://images.example.org/2026/port.jpg");
    other.credit = Some(Credit::Other {
        name: "«الشرق الأوسط»".into(),
    });
    other.file = None;
    other.archive = false;
    let other = store
        .create_media(ACTOR, &other)
        .await
        .expect("create another");

    let mut many = store
        .media_many(&[other.id, created.id, MediaId(987_654)])
        .await
        .expect("many");
    many.sort_by_key(|m| m.id);
    assert_eq!(many, vec![created.clone(), other.clone()]);
    assert!(store.media_many(&[]).await.expect("none").is_empty());

    let found = store
        .media_by_source_url("https://images.example.org/2026/souq.jpg")
        .await
        .expect("by url");
    assert_eq!(found, Some(created));
    assert_eq!(
        store
            .media_by_source_url("https://images.example.org/none.jpg")
            .await
            .expect("by url"),
        None
    );
    assert!(
        store
            .media(MediaId(987_654))
            .await
            .unwrap_err()
            .is_not_found()
    );

    let nothing = MediaDraft {
        file: None,
        source_url: None,
        ..photo("x")
    };
    let err = store.create_media(ACTOR, &nothing).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Invalid(DomainError::Invalid {
                field: "media.file",
                ..
            })
        ),
        "{err:?}"
    );
}

pub async fn media_updates_keep_the_id_and_creation_time(store: &dyn Store) {
    let created = store
        .create_media(ACTOR, &photo("https://images.example.org/a.jpg"))
        .await
        .expect("create");
    let mut draft = photo("https://images.example.org/a.jpg");
    draft.caption = "تعليق مصحح على الصورة".into();
    draft.credit = None;
    draft.width = None;
    let updated = store
        .update_media(ACTOR, created.id, &draft)
        .await
        .expect("update");
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(updated.caption, "تعليق مصحح على الصورة");
    assert_eq!(store.media(created.id).await.expect("get"), updated);
    assert_eq!(updated.credit, None);
    assert_eq!(updated.width, None);

    assert!(
        store
            .update_media(ACTOR, MediaId(987_654), &draft)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

pub async fn blobs_round_trip_and_a_missing_key_is_not_found(store: &dyn Store) {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    store
        .put_blob(ACTOR, "media/souq.jpg", "image/jpeg", &bytes)
        .await
        .expect("put");
    assert_eq!(
        store.blob("media/souq.jpg").await.expect("get"),
        ("image/jpeg".to_string(), bytes)
    );

    store
        .put_blob(ACTOR, "media/souq.jpg", "image/webp", b"RIFF")
        .await
        .expect("replace");
    assert_eq!(
        store.blob("media/souq.jpg").await.expect("get"),
        ("image/webp".to_string(), b"RIFF".to_vec())
    );

    assert!(
        store
            .blob("media/none.jpg")
            .await
            .unwrap_err()
            .is_not_found()
    );
}
