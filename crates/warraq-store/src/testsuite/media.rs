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

fn captioned(caption: &str, credit: Option<Credit>, alt: &str) -> MediaDraft {
    MediaDraft {
        caption: caption.into(),
        credit,
        alt: alt.into(),
        ..photo(&format!("https://images.example.org/{}.jpg", caption.len()))
    }
}

async fn search(store: &dyn Store, text: Option<&str>) -> Vec<MediaId> {
    store
        .search_media(text, None, 50)
        .await
        .expect("search")
        .into_iter()
        .map(|m| m.id)
        .collect()
}

pub async fn the_media_library_is_searched_by_folded_caption_credit_and_alt(store: &dyn Store) {
    store.seed_defaults().await.expect("seed");
    let protest = store
        .create_media(
            ACTOR,
            &captioned(
                "مظاهرة أمام سفارة إسرائيل في لندن",
                Some(Credit::Other {
                    name: "«الشرق الأوسط»".into(),
                }),
                "حشد من المتظاهرين",
            ),
        )
        .await
        .expect("protest");
    let port = store
        .create_media(
            ACTOR,
            &captioned(
                "ميناءُ بيروتَ بعد الانفجار",
                Some(Credit::Agency { code: "AFP".into() }),
                "صورة جوية للميناء",
            ),
        )
        .await
        .expect("port");
    let stadium = store
        .create_media(
            ACTOR,
            &captioned("ملعب المدينة في ٢٠٢٦", None, "مدرجات فارغة قبل المباراة"),
        )
        .await
        .expect("stadium");

    for (query, expected) in [
        // Hamza forms and diacritics, either way round.
        ("اسرائيل", vec![protest.id]),
        ("إسرائيل", vec![protest.id]),
        ("ميناء بيروت", vec![port.id]),
        ("مِيناءُ", vec![port.id]),
        // The credit: as written, and an agency by its code and its names.
        ("الشرق الاوسط", vec![protest.id]),
        ("afp", vec![port.id]),
        ("الصحافه الفرنسيه", vec![port.id]),
        // Digit systems, and the alt text.
        ("2026", vec![stadium.id]),
        ("مدرجات فارغة", vec![stadium.id]),
        // Words of two fields never run together.
        ("2026 مدرجات", vec![]),
        ("غير موجود", vec![]),
    ] {
        assert_eq!(search(store, Some(query)).await, expected, "{query}");
    }
    // No text, or text that folds to nothing: the whole library, newest first.
    let everything = vec![stadium.id, port.id, protest.id];
    assert_eq!(search(store, None).await, everything);
    assert_eq!(search(store, Some("  ")).await, everything);
    assert_eq!(
        store.search_media(None, None, 50).await.expect("search")[0],
        stadium,
        "whole records"
    );

    // An edit changes what the record is found by.
    let mut renamed = captioned("ملعب المدينة بعد التجديد", None, "مدرجات ممتلئة");
    renamed.source_url = stadium.source_url.clone();
    store
        .update_media(ACTOR, stadium.id, &renamed)
        .await
        .expect("update");
    assert!(search(store, Some("2026")).await.is_empty());
    assert_eq!(search(store, Some("التجديد")).await, vec![stadium.id]);

    // A new name of an agency finds the pictures it is credited with.
    assert_eq!(search(store, Some("فرانس برس")).await, vec![port.id]);
    assert!(search(store, Some("الوكالة الفرنسية")).await.is_empty());
    let mut afp = store
        .list_agencies()
        .await
        .expect("agencies")
        .into_iter()
        .find(|a| a.code == "AFP")
        .expect("AFP is seeded");
    afp.aliases.push("الوكالة الفرنسية".into());
    store.upsert_agency(ACTOR, &afp).await.expect("upsert");
    assert_eq!(search(store, Some("الوكالة الفرنسيه")).await, vec![port.id]);
}

pub async fn media_searches_page_by_id(store: &dyn Store) {
    let mut market = Vec::new();
    for i in 0..5 {
        let draft = captioned(&format!("سوق الخضار رقم {i}"), None, "باعة");
        market.push(store.create_media(ACTOR, &draft).await.expect("create").id);
        store
            .create_media(ACTOR, &captioned(&format!("ميناء رقم {i}"), None, "سفن"))
            .await
            .expect("other");
    }
    market.reverse();

    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .search_media(Some("سوق"), before, 2)
            .await
            .expect("page");
        assert!(page.len() <= 2);
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        seen.extend(page.iter().map(|m| m.id));
        assert!(seen.len() <= market.len(), "paging does not end");
    }
    assert_eq!(seen, market, "newest first, each once");

    let all = store.search_media(None, None, 200).await.expect("all");
    assert_eq!(all.len(), 10);
    let below = store
        .search_media(None, Some(all[3].id), 200)
        .await
        .expect("below");
    assert_eq!(below, all[4..]);
}
