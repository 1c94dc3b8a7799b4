//! Articles: round trips, versions, validation, lookups, imports and redirects.

use chrono::{Duration, Utc};
use serde_json::json;
use warraq_domain::{
    ArticleId, Block, BureauId, Credit, DomainError, ExternalRelated, Mark, MediaId, RelatedLink,
    SectionId,
};

use super::fixtures::{ACTOR, at, draft, published, section};
use super::media::photo;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::query::UpsertOutcome;
use crate::store::Store;

pub async fn articles_round_trip_every_field(store: &dyn Store) {
    let world = section(store, "العالم العربي", 0).await;
    let hero = store
        .create_media(ACTOR, &photo("https://images.example.org/hero.jpg"))
        .await
        .expect("hero");
    let inline = store
        .create_media(ACTOR, &photo("https://images.example.org/inline.jpg"))
        .await
        .expect("inline");
    let bureau = store
        .find_or_create_bureau(ACTOR, "بيروت")
        .await
        .expect("bureau");
    let writer = store
        .find_or_create_person(ACTOR, "ليلى حداد", Some("مراسلة"))
        .await
        .expect("writer");
    let earlier = store
        .create_article(
            ACTOR,
            &published("خبر سابق", world.id, "2026-03-01T08:00:00Z"),
        )
        .await
        .expect("earlier");

    let mut draft = published(
        "افتتاح مكتبة عامة جديدة في وسط المدينة",
        world.id,
        "2026-03-14T09:26:53.589793Z",
    );
    draft.subheadline = Some("تضم أكثر من ١٢٠ ألف كتاب".into());
    draft.lede = "افتُتحت أمس مكتبة عامة في وسط المدينة.".into();
    draft.body = vec![
        Block::Paragraph {
            text: "قال مدير المكتبة إن الافتتاح جاء بعد عامين من العمل.".into(),
            marks: vec![
                Mark::strong(0, 16),
                Mark::link(4, 16, "/article/1/مكتبة"),
                Mark::emphasis(10, 30),
            ],
        },
        Block::Subheading {
            text: "قاعات للأطفال".into(),
        },
        Block::Quote {
            text: "«المكتبة بيت للجميع»".into(),
            attribution: Some("مدير المكتبة".into()),
            marks: Vec::new(),
        },
        Block::Quote {
            text: "اقتباس بلا نسبة".into(),
            attribution: None,
            marks: Vec::new(),
        },
        Block::List {
            ordered: true,
            items: vec!["قاعة المطالعة".into(), "قسم المخطوطات".into()],
            item_marks: vec![vec![Mark::link(0, 4, "https://example.org/?a=1&b=2")]],
        },
        Block::List {
            ordered: false,
            items: vec![],
            item_marks: Vec::new(),
        },
        Block::Image {
            media_id: inline.id,
            caption: Some("قاعة المطالعة الرئيسية".into()),
            credit: Some(Credit::Other {
                name: "«الشرق الأوسط»".into(),
            }),
        },
        Block::Image {
            media_id: inline.id,
            caption: None,
            credit: Some(Credit::Agency { code: "EPA".into() }),
        },
    ];
    draft.tags = vec!["ثقافة".into(), "مكتبات".into()];
    draft.author_ids = vec![writer.id];
    draft.byline = Some("«الشرق الأوسط»".into());
    draft.bureau_id = Some(bureau.id);
    draft.wire_sources = vec!["AFP".into(), "Reuters".into()];
    draft.hero_id = Some(hero.id);
    draft.related = vec![
        RelatedLink::Article { id: earlier.id },
        RelatedLink::External(ExternalRelated {
            title: "معرض للكتاب في الرياض".into(),
            lede: Some("يشارك فيه ناشرون من ٣٠ دولة".into()),
            url: Some("https://example.org/news/1".into()),
            section: Some("ثقافة وفنون".into()),
            outlet: Some("«الشرق الأوسط»".into()),
            bureau: Some("الرياض".into()),
            thumbnail_caption: Some("زوار المعرض".into()),
            thumbnail_credit: Some(Credit::Agency { code: "SPA".into() }),
            thumbnail_archive: true,
        }),
        RelatedLink::External(ExternalRelated {
            title: "عنوان فقط".into(),
            ..Default::default()
        }),
    ];
    draft.extra = json!({
        "copyrightnotice": "© ٢٠٢٦",
        "genre": [{"code": "aspfrole:news", "name": "خبر"}],
        "urgency": 3,
        "ratio": 1.5,
        "embargoed": null,
        "flags": {"z": true, "a": false}
    })
    .as_object()
    .cloned()
    .expect("an object literal");

    let before = Utc::now() - Duration::seconds(60);
    let created = store.create_article(ACTOR, &draft).await.expect("create");
    assert_eq!(created.content, draft, "create returns what was given");
    assert_eq!(created.version, 1);
    assert_eq!(created.created_at, created.updated_at);
    assert!(created.created_at > before && created.created_at < Utc::now() + Duration::seconds(60));

    let fetched = store.article(created.id).await.expect("get");
    assert_eq!(
        fetched, created,
        "the stored article reads back identically"
    );
    assert_eq!(fetched.extra["genre"][0]["name"], "خبر");
}

pub async fn article_times_are_kept_to_the_microsecond(store: &dyn Store) {
    let news = section(store, "منوعات", 0).await;
    let mut draft = draft("خبر بتوقيت دقيق", news.id);
    let precise = at("2026-05-02T10:11:12.123456789Z");
    draft.publish(precise);
    let created = store.create_article(ACTOR, &draft).await.expect("create");
    let expected = at("2026-05-02T10:11:12.123456Z");
    assert_eq!(created.published_at, Some(expected));
    assert_eq!(
        store.article(created.id).await.expect("get").published_at,
        Some(expected)
    );
}

pub async fn updates_bump_the_version_and_detect_conflicts(store: &dyn Store) {
    let news = section(store, "اقتصاد", 0).await;
    let created = store
        .create_article(ACTOR, &draft("مسودة أولى", news.id))
        .await
        .expect("create");

    let mut edit = created.content.clone();
    edit.headline = "مسودة ثانية".into();
    edit.publish(at("2026-04-01T12:00:00Z"));
    let second = store
        .update_article(ACTOR, created.id, &edit, Some(1))
        .await
        .expect("update at version 1");
    assert_eq!(second.version, 2);
    assert_eq!(second.content, edit);
    assert_eq!(second.created_at, created.created_at);
    assert!(second.updated_at >= created.updated_at);
    assert_eq!(store.article(created.id).await.expect("get"), second);

    let seq = store.last_change_seq().await.expect("seq");
    let mut stale = created.content.clone();
    stale.headline = "تعديل متأخر".into();
    let err = store
        .update_article(ACTOR, created.id, &stale, Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            StoreError::Conflict {
                entity: "article",
                expected: 1,
                found: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        store.article(created.id).await.expect("get"),
        second,
        "a conflict changes nothing"
    );
    assert_eq!(
        store.last_change_seq().await.expect("seq"),
        seq,
        "a conflict logs nothing"
    );

    let third = store
        .update_article(ACTOR, created.id, &stale, None)
        .await
        .expect("update without a check");
    assert_eq!(third.version, 3);
    assert_eq!(third.headline, "تعديل متأخر");
}

pub async fn missing_articles_are_not_found(store: &dyn Store) {
    let news = section(store, "صحة", 0).await;
    let missing = ArticleId(987_654);
    assert!(store.article(missing).await.unwrap_err().is_not_found());
    let err = store
        .update_article(ACTOR, missing, &draft("لا وجود له", news.id), None)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(store.count_articles().await.expect("count"), 0);
}

pub async fn invalid_articles_are_rejected_naming_the_field(store: &dyn Store) {
    let news = section(store, "علوم", 0).await;
    let field_of = |err: StoreError| match err {
        StoreError::Invalid(DomainError::Invalid { field, .. } | DomainError::Empty { field }) => {
            field
        }
        other => panic!("expected a validation error, got {other:?}"),
    };

    let no_section = draft("قسم غير موجود", SectionId(987_654));
    assert_eq!(
        field_of(store.create_article(ACTOR, &no_section).await.unwrap_err()),
        "article.section_id"
    );
    let mut no_hero = draft("صورة غير موجودة", news.id);
    no_hero.hero_id = Some(MediaId(987_654));
    assert_eq!(
        field_of(store.create_article(ACTOR, &no_hero).await.unwrap_err()),
        "article.hero_id"
    );
    let mut no_bureau = draft("مكتب غير موجود", news.id);
    no_bureau.bureau_id = Some(BureauId(987_654));
    assert_eq!(
        field_of(store.create_article(ACTOR, &no_bureau).await.unwrap_err()),
        "article.bureau_id"
    );
    assert_eq!(
        field_of(
            store
                .create_article(ACTOR, &draft("   ", news.id))
                .await
                .unwrap_err()
        ),
        "article.headline"
    );

    let mut bad_mark = draft("علامة خارج النص", news.id);
    bad_mark.body = vec![Block::Paragraph {
        text: "نص".into(),
        marks: vec![Mark::strong(0, 5)],
    }];
    match store.create_article(ACTOR, &bad_mark).await.unwrap_err() {
        StoreError::Invalid(error) => assert_eq!(error.field(), "article.body[0].marks[0]"),
        other => panic!("expected a validation error, got {other:?}"),
    }

    let created = store
        .create_article(ACTOR, &draft("خبر صحيح", news.id))
        .await
        .expect("create");
    let mut moved = created.content.clone();
    moved.section_id = SectionId(987_654);
    assert_eq!(
        field_of(
            store
                .update_article(ACTOR, created.id, &moved, None)
                .await
                .unwrap_err()
        ),
        "article.section_id"
    );
    assert_eq!(
        store.article(created.id).await.expect("get"),
        created,
        "a refused update changes nothing"
    );
    assert_eq!(store.count_articles().await.expect("count"), 1);
}

pub async fn articles_by_ids_returns_those_that_exist(store: &dyn Store) {
    let news = section(store, "رأي", 0).await;
    let a = store
        .create_article(ACTOR, &draft("مقال أول", news.id))
        .await
        .expect("a");
    let b = store
        .create_article(ACTOR, &draft("مقال ثان", news.id))
        .await
        .expect("b");
    let mut found = store
        .articles_by_ids(&[b.id, ArticleId(987_654), a.id])
        .await
        .expect("by ids");
    found.sort_by_key(|x| x.id);
    assert_eq!(found, vec![a, b]);
    assert!(store.articles_by_ids(&[]).await.expect("none").is_empty());
}

pub async fn headlines_are_found_ignoring_hamza_diacritics_and_digit_systems(store: &dyn Store) {
    let news = section(store, "ثقافة وفنون", 0).await;
    let target = store
        .create_article(ACTOR, &draft("إطلاق مبادرة لدعم القراءة في ٢٠٢٦", news.id))
        .await
        .expect("create");
    store
        .create_article(ACTOR, &draft("مبادرة أخرى للقراءة", news.id))
        .await
        .expect("create other");

    for query in [
        "إطلاق مبادرة لدعم القراءة في ٢٠٢٦",
        "اطلاق مبادره لدعم القراءه في 2026",
        "إِطْلاقُ  مبادرةٍ لدعم القراءة في 2026",
    ] {
        assert_eq!(
            store.find_articles_by_headline(query).await.expect("find"),
            vec![target.id],
            "{query}"
        );
    }
    assert!(
        store
            .find_articles_by_headline("مبادرة")
            .await
            .expect("find")
            .is_empty(),
        "whole headlines only"
    );

    let mut renamed = target.content.clone();
    renamed.headline = "عنوان جديد للمبادرة".into();
    store
        .update_article(ACTOR, target.id, &renamed, None)
        .await
        .expect("rename");
    assert!(
        store
            .find_articles_by_headline("اطلاق مبادره لدعم القراءه في 2026")
            .await
            .expect("find")
            .is_empty()
    );
    assert_eq!(
        store
            .find_articles_by_headline("عنوان جديد للمبادره")
            .await
            .expect("find"),
        vec![target.id]
    );
}

pub async fn upsert_by_key_creates_then_leaves_unchanged_then_updates_without_duplicates(
    store: &dyn Store,
) {
    let news = section(store, "الخليج", 0).await;
    let key = "urn:newsml:example.org:20260314:gulf-1";
    let mut item = published(
        "اتفاق على ربط شبكات الكهرباء",
        news.id,
        "2026-03-14T07:00:00Z",
    );
    // Sub-microsecond precision and several extra keys must not make a re-import differ.
    item.published_at = Some(at("2026-03-14T07:00:00.000000750Z"));
    item.extra = json!({"version": "1", "b": [1, 2], "a": {"y": 1, "x": 2}})
        .as_object()
        .cloned()
        .expect("object");

    let (created, outcome) = store
        .upsert_article_by_key(ACTOR, key, &item)
        .await
        .expect("first import");
    assert_eq!(outcome, UpsertOutcome::Created);
    assert_eq!(
        store.article_id_by_key(key).await.expect("by key"),
        Some(created.id)
    );

    let seq = store.last_change_seq().await.expect("seq");
    let (same, outcome) = store
        .upsert_article_by_key(ACTOR, key, &item)
        .await
        .expect("second import");
    assert_eq!(outcome, UpsertOutcome::Unchanged);
    assert_eq!(same, created);
    assert_eq!(
        store.last_change_seq().await.expect("seq"),
        seq,
        "an unchanged import logs nothing"
    );

    item.lede = "تفاصيل إضافية عن الاتفاق".into();
    let (updated, outcome) = store
        .upsert_article_by_key(ACTOR, key, &item)
        .await
        .expect("third import");
    assert_eq!(outcome, UpsertOutcome::Updated);
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.version, 2);
    assert_eq!(
        store.article(created.id).await.expect("get").lede,
        "تفاصيل إضافية عن الاتفاق"
    );
    assert_eq!(
        store.count_articles().await.expect("count"),
        1,
        "never duplicated"
    );
    assert_eq!(
        store.article_id_by_key("urn:other").await.expect("by key"),
        None
    );
}

pub async fn redirects_point_old_paths_at_articles(store: &dyn Store) {
    let news = section(store, "أوروبا", 0).await;
    let a = store
        .create_article(ACTOR, &draft("مقال قديم", news.id))
        .await
        .expect("a");
    let b = store
        .create_article(ACTOR, &draft("مقال جديد", news.id))
        .await
        .expect("b");
    let path = "/2019/05/%D8%AE%D8%A8%D8%B1/";

    store.add_redirect(ACTOR, path, a.id).await.expect("add");
    assert_eq!(store.redirect(path).await.expect("get"), Some(a.id));
    let seq = store.last_change_seq().await.expect("seq");
    store
        .add_redirect(ACTOR, path, a.id)
        .await
        .expect("add again");
    assert_eq!(
        store.last_change_seq().await.expect("seq"),
        seq,
        "re-adding the same redirect logs nothing"
    );

    store
        .add_redirect(ACTOR, path, b.id)
        .await
        .expect("re-point");
    assert_eq!(store.redirect(path).await.expect("get"), Some(b.id));
    assert_eq!(store.redirect("/2019/05/other/").await.expect("get"), None);
    assert!(
        store
            .add_redirect(ACTOR, "/x/", ArticleId(987_654))
            .await
            .is_err(),
        "the target must exist"
    );
    assert_eq!(store.redirect("/x/").await.expect("get"), None);
}
