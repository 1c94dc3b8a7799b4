//! Sections, agencies, people and bureaus.

use chrono::{Duration, Utc};
use warraq_domain::{
    Agency, DomainError, MediaId, PersonId, SectionDraft, SectionId, Status, default_agencies,
    default_sections,
};

use super::fixtures::{ACTOR, section};
use crate::change::Entity;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::store::Store;

pub async fn seeding_is_idempotent_and_gives_the_default_sections_and_agencies(store: &dyn Store) {
    store.seed_defaults().await.expect("first seeding");
    let after_first = store.last_change_seq().await.expect("last seq");
    store.seed_defaults().await.expect("second seeding");

    let sections = store.list_sections().await.expect("list sections");
    assert_eq!(sections.len(), 16);
    let names: Vec<_> = sections.iter().map(|s| s.name.as_str()).collect();
    let expected: Vec<_> = default_sections().into_iter().map(|s| s.name).collect();
    assert_eq!(names, expected, "sections come back in navigation order");

    let mut codes: Vec<_> = store
        .list_agencies()
        .await
        .expect("list agencies")
        .into_iter()
        .map(|a| a.code)
        .collect();
    codes.sort();
    let mut expected: Vec<_> = default_agencies().into_iter().map(|a| a.code).collect();
    expected.sort();
    assert_eq!(codes, expected);
    assert_eq!(
        store.last_change_seq().await.expect("last seq"),
        after_first,
        "a second seeding writes nothing"
    );
}

pub async fn sections_are_found_by_id_and_slug_and_slugs_are_unique(store: &dyn Store) {
    let created = section(store, "علوم الفضاء", 3).await;
    assert_eq!(created.name, "علوم الفضاء");
    assert_eq!(created.slug, "علوم-الفضاء");
    assert_eq!(store.section(created.id).await.expect("by id"), created);
    assert_eq!(
        store.section_by_slug("علوم-الفضاء").await.expect("by slug"),
        created
    );

    let again = store
        .create_section(ACTOR, &SectionDraft::new("علوم  الفضاء", 9))
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Duplicate {
                entity: "section",
                ..
            })
        ),
        "{again:?}"
    );
    assert_eq!(store.list_sections().await.expect("list").len(), 1);

    assert!(
        store
            .section(SectionId(987_654))
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        store
            .section_by_slug("لا-يوجد")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

pub async fn section_parents_must_exist(store: &dyn Store) {
    let parent = section(store, "رياضة", 1).await;
    let mut child = SectionDraft::new("كرة القدم", 0);
    child.parent_id = Some(parent.id);
    let child = store
        .create_section(ACTOR, &child)
        .await
        .expect("child section");
    assert_eq!(child.parent_id, Some(parent.id));
    let listed: Vec<_> = store
        .list_sections()
        .await
        .expect("list")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        listed,
        vec![parent.id, child.id],
        "top level first, then children"
    );

    let mut orphan = SectionDraft::new("تنس", 1);
    orphan.parent_id = Some(SectionId(987_654));
    let err = store.create_section(ACTOR, &orphan).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Invalid(DomainError::Invalid {
                field: "section.parent_id",
                ..
            })
        ),
        "{err:?}"
    );

    let empty = store
        .create_section(ACTOR, &SectionDraft::new("  ", 2))
        .await
        .unwrap_err();
    assert!(
        matches!(empty, StoreError::Invalid(DomainError::Empty { .. })),
        "{empty:?}"
    );
}

pub async fn agencies_are_upserted_by_code(store: &dyn Store) {
    store.seed_defaults().await.expect("seed");
    let known = store.list_agencies().await.expect("list").len();

    let new = Agency {
        code: "NNA".into(),
        short_ar: "ونا".into(),
        name_ar: "الوكالة الوطنية للإعلام".into(),
        name_en: "National News Agency".into(),
        aliases: vec!["الوطنية للإعلام".into()],
    };
    store.upsert_agency(ACTOR, &new).await.expect("insert");
    let mut afp = default_agencies()
        .into_iter()
        .find(|a| a.code == "AFP")
        .expect("AFP is a default agency");
    afp.aliases.push("فرانس-برس".into());
    store.upsert_agency(ACTOR, &afp).await.expect("update");

    let agencies = store.list_agencies().await.expect("list");
    assert_eq!(agencies.len(), known + 1);
    assert_eq!(agencies.iter().find(|a| a.code == "NNA"), Some(&new));
    assert_eq!(agencies.iter().find(|a| a.code == "AFP"), Some(&afp));

    // Seeding again must not overwrite an operator's changes.
    store.seed_defaults().await.expect("seed again");
    let agencies = store.list_agencies().await.expect("list");
    assert_eq!(agencies.iter().find(|a| a.code == "AFP"), Some(&afp));
}

pub async fn people_are_found_or_created_once_by_normalised_name(store: &dyn Store) {
    let first = store
        .find_or_create_person(ACTOR, "أحمد  العلي", Some("مراسل"))
        .await
        .expect("create");
    assert_eq!(first.name, "أحمد العلي");
    assert_eq!(first.title.as_deref(), Some("مراسل"));
    assert!(!first.slug.is_empty());

    // The same name written with a decomposed hamza (alef + U+0654) and extra spaces.
    let decomposed = " \u{0627}\u{0654}حمد العلي ";
    let again = store
        .find_or_create_person(ACTOR, decomposed, None)
        .await
        .expect("find");
    assert_eq!(again, first);

    let other = store
        .find_or_create_person(ACTOR, "سلمى الراشد", None)
        .await
        .expect("create another");
    assert_ne!(other.id, first.id);
    assert_eq!(store.person(first.id).await.expect("by id"), first);
    assert_eq!(store.list_people().await.expect("list").len(), 2);
    // A list's bylines in one lookup: those that exist, whatever the order asked.
    let mut many = store
        .people_many(&[other.id, warraq_domain::PersonId(987_654), first.id])
        .await
        .expect("many");
    many.sort_by_key(|p| p.id);
    assert_eq!(many, vec![first.clone(), other.clone()]);
    assert!(store.people_many(&[]).await.expect("none").is_empty());
    assert!(
        store
            .find_or_create_person(ACTOR, "   ", None)
            .await
            .is_err(),
        "an empty name is refused"
    );
}

pub async fn people_are_found_by_slug_and_each_slug_is_one_persons(store: &dyn Store) {
    let salma = store
        .find_or_create_person(ACTOR, "سلمى الراوي", Some("مراسلة"))
        .await
        .expect("create");
    assert_eq!(salma.slug, "سلمى-الراوي");
    assert_eq!(
        store.person_by_slug(&salma.slug).await.expect("by slug"),
        salma
    );
    // Other names that slug alike (a shadda, punctuation) are other people, each with a
    // page of their own.
    let shadda = store
        .find_or_create_person(ACTOR, "سلمى الراوّي", None)
        .await
        .expect("create");
    let punctuated = store
        .find_or_create_person(ACTOR, "سلمى (الراوي)", None)
        .await
        .expect("create");
    assert_eq!(shadda.slug, "سلمى-الراوي-2");
    assert_eq!(punctuated.slug, "سلمى-الراوي-3");
    for person in [&salma, &shadda, &punctuated] {
        assert_eq!(
            &store.person_by_slug(&person.slug).await.expect("by slug"),
            person
        );
    }
    // Finding an existing person keeps their slug.
    let again = store
        .find_or_create_person(ACTOR, "سلمى الراوّي", None)
        .await
        .expect("find");
    assert_eq!(again.slug, "سلمى-الراوي-2");
    assert!(matches!(
        store.person_by_slug("لا-أحد").await,
        Err(e) if e.is_not_found()
    ));
}

pub async fn bureaus_are_found_or_created_once_by_normalised_city(store: &dyn Store) {
    let first = store
        .find_or_create_bureau(ACTOR, "عمّان")
        .await
        .expect("create");
    // Surrounding spaces are not part of the name; a decomposed alef-madda (alef +
    // U+0653) is the same letter as the precomposed one.
    let again = store
        .find_or_create_bureau(ACTOR, " عمّان ")
        .await
        .expect("find");
    assert_eq!(again, first);
    let madda = store
        .find_or_create_bureau(ACTOR, "\u{0627}\u{0653}سفي")
        .await
        .expect("create");
    assert_eq!(madda.city, "آسفي");
    assert_eq!(
        store
            .find_or_create_bureau(ACTOR, "آسفي")
            .await
            .expect("find"),
        madda
    );

    assert_eq!(store.bureau(first.id).await.expect("by id"), first);
    assert_eq!(store.list_bureaus().await.expect("list").len(), 2);
    let every = store.list_bureaus().await.expect("list");
    let mut many = store
        .bureaus_many(&[every[1].id, warraq_domain::BureauId(987_654), every[0].id])
        .await
        .expect("many");
    many.sort_by_key(|b| b.id);
    assert_eq!(many, every);
    assert!(store.bureaus_many(&[]).await.expect("none").is_empty());
    assert!(
        store
            .bureau(warraq_domain::BureauId(987_654))
            .await
            .unwrap_err()
            .is_not_found()
    );
}

pub async fn a_persons_photo_is_kept_and_seen_only_while_a_visible_article_names_them(
    store: &dyn Store,
) {
    let news = section(store, "أخبار", 0).await;
    let person = store
        .find_or_create_person(ACTOR, "ليلى حداد", Some("مراسلة"))
        .await
        .expect("person");
    assert_eq!(person.photo, None, "people start without a photo");
    let portrait = store
        .create_media(
            ACTOR,
            &super::media::photo("https://images.example.org/layla.jpg"),
        )
        .await
        .expect("portrait");

    let with_photo = store
        .set_person_photo(ACTOR, person.id, Some(portrait.id))
        .await
        .expect("set the photo");
    assert_eq!(with_photo.photo, Some(portrait.id));
    for read in [
        store.person(person.id).await.expect("by id"),
        store.person_by_slug(&person.slug).await.expect("by slug"),
    ] {
        assert_eq!(read, with_photo);
    }
    assert!(
        store
            .list_people()
            .await
            .expect("people")
            .contains(&with_photo)
    );
    // Setting it again writes nothing; an unknown picture or person is not found.
    let before = store.last_change_seq().await.expect("seq");
    store
        .set_person_photo(ACTOR, person.id, Some(portrait.id))
        .await
        .expect("again");
    assert_eq!(store.last_change_seq().await.expect("seq"), before);
    let missing = store
        .set_person_photo(ACTOR, person.id, Some(MediaId(987_654)))
        .await;
    assert!(matches!(missing, Err(e) if e.is_not_found()));
    let nobody = store
        .set_person_photo(ACTOR, PersonId(987_654), Some(portrait.id))
        .await;
    assert!(matches!(nobody, Err(e) if e.is_not_found()));
    assert_eq!(
        store.person(person.id).await.expect("person").photo,
        Some(portrait.id)
    );

    // Seen only while an article readers may see carries the name: not for a draft, not
    // before a scheduled story's moment, from then on.
    let now = Utc::now();
    let soon = now + Duration::hours(2);
    let mut signed = super::fixtures::draft("خبر بقلم ليلى", news.id);
    signed.author_ids = vec![person.id];
    let signed = store.create_article(ACTOR, &signed).await.expect("draft");
    assert!(
        !store
            .media_is_visible(portrait.id, now)
            .await
            .expect("draft")
    );
    let mut scheduled = signed.content.clone();
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(soon);
    let signed = store
        .update_article(ACTOR, signed.id, &scheduled, None)
        .await
        .expect("schedule");
    assert!(
        !store
            .media_is_visible(portrait.id, now)
            .await
            .expect("ahead")
    );
    assert!(
        store
            .media_is_visible(portrait.id, soon)
            .await
            .expect("live")
    );

    // Unpublished, or no longer the person's photo: not seen any more.
    let mut withdrawn = signed.content.clone();
    withdrawn.status = Status::Unpublished;
    store
        .update_article(ACTOR, signed.id, &withdrawn, None)
        .await
        .expect("unpublish");
    assert!(
        !store
            .media_is_visible(portrait.id, soon)
            .await
            .expect("gone")
    );
    let mut back = signed.content.clone();
    back.status = Status::Published;
    back.published_at = Some(now - Duration::hours(1));
    store
        .update_article(ACTOR, signed.id, &back, None)
        .await
        .expect("publish");
    assert!(
        store
            .media_is_visible(portrait.id, now)
            .await
            .expect("back")
    );
    let before = store.last_change_seq().await.expect("seq");
    let without = store
        .set_person_photo(ACTOR, person.id, None)
        .await
        .expect("take the photo away");
    assert_eq!(without.photo, None);
    assert!(
        !store
            .media_is_visible(portrait.id, now)
            .await
            .expect("no photo")
    );
    // The change is logged, so that every node's caches follow.
    let changes = store.changes_since(before, 10).await.expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c.entity == Entity::Person && c.entity_id == person.id.0.to_string()),
        "{changes:?}"
    );
}
