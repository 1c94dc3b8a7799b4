//! A person's photo on their author page: a picture of the media library shown beside
//! their name (WebP with a JPEG fallback, `alt` their name), given to machines as the
//! `ProfilePage` person's `image`, and served only while readers may see the page: an
//! article they may see carries the person's name.

#[macro_use]
mod support;

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::Value;
use support::{BASE_URL, Backend, TestSite, attr, eventually, one, sel, stored_photo};
use warraq_domain::urls::encode_segment;
use warraq_domain::{Actor, ArticleDraft, Media, Person, Status};
use warraq_store::StoreWrites;

fn author_page(person: &Person) -> String {
    format!("/author/{}", encode_segment(&person.slug))
}

async fn portrait(site: &TestSite, key: &str) -> Media {
    stored_photo(site.store.as_ref(), key, "صورة شخصية", "EPA", false).await
}

async fn give_photo(site: &TestSite, person: &Person, photo: Option<&Media>) {
    site.store
        .set_person_photo(Actor::System, person.id, photo.map(|m| m.id))
        .await
        .expect("set the photo");
    site.caught_up().await;
}

fn profile(doc: &scraper::Html) -> Value {
    doc.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| serde_json::from_str::<Value>(&s.inner_html()).expect("JSON-LD parses"))
        .find(|d| d["@type"] == "ProfilePage")
        .expect("a ProfilePage")
}

on_both_backends!(the_author_page_shows_the_persons_photo_and_gives_it_to_machines);
async fn the_author_page_shows_the_persons_photo_and_gives_it_to_machines(backend: Backend) {
    let site = TestSite::on(backend).await;
    let page = author_page(&site.author);
    let before = site.get(&page).await.html();
    assert_eq!(
        before.select(&sel(".author-photo")).count(),
        0,
        "no photo yet"
    );
    assert!(profile(&before)["mainEntity"].get("image").is_none());

    let photo = portrait(&site, "portrait.jpg").await;
    give_photo(&site, &site.author, Some(&photo)).await;
    let doc = site.get(&page).await.html();
    let img = one(&doc, ".author-header .author-photo picture img");
    assert_eq!(
        attr(img, "alt"),
        site.author.name,
        "the photo says who it is"
    );
    assert!(attr(img, "src").starts_with(&format!("/media/{}/", photo.id)));
    assert_eq!(attr(img, "fetchpriority"), "high");
    let webp = one(&doc, r#".author-photo picture source[type="image/webp"]"#);
    let first_webp = attr(webp, "srcset")
        .split(' ')
        .next()
        .expect("a WebP rendition")
        .to_string();
    assert!(first_webp.ends_with(".webp"), "{first_webp}");
    // The name stays the page's heading, after the photo.
    assert_eq!(
        support::all_text(&doc, ".author-header h1"),
        vec![site.author.name.clone()]
    );
    for path in [attr(img, "src").to_string(), first_webp] {
        assert_eq!(site.get(&path).await.status, StatusCode::OK, "{path}");
    }

    let person = &profile(&doc)["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["image"]["@type"], "ImageObject");
    let url = person["image"]["url"].as_str().expect("an image url");
    assert_eq!(url, format!("{BASE_URL}/media/{}", photo.id));
    assert_eq!(
        (
            person["image"]["width"].as_u64(),
            person["image"]["height"].as_u64()
        ),
        (Some(1600), Some(900))
    );
    let served = site
        .get(url.strip_prefix(BASE_URL).expect("on the site"))
        .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), Some("image/jpeg"));
}

on_both_backends!(a_photo_is_not_served_before_its_person_appears_on_a_visible_article);
async fn a_photo_is_not_served_before_its_person_appears_on_a_visible_article(backend: Backend) {
    let site = TestSite::on(backend).await;
    // Someone who signs only a draft, a scheduled and an embargoed story.
    let hidden = site
        .store
        .find_or_create_person(Actor::System, "وليد الزين", Some("مراسل"))
        .await
        .expect("person");
    let photo = portrait(&site, "hidden.jpg").await;
    give_photo(&site, &hidden, Some(&photo)).await;
    let ahead = Utc::now() + Duration::hours(3);
    let mut draft = ArticleDraft::new("مسودة بقلم وليد", site.asia.id);
    draft.author_ids = vec![hidden.id];
    let mut scheduled = draft.clone();
    scheduled.headline = "خبر مجدول بقلم وليد".into();
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(ahead);
    let mut embargoed = draft.clone();
    embargoed.headline = "خبر محظور بقلم وليد".into();
    embargoed.status = Status::Embargoed;
    embargoed.published_at = Some(Utc::now() - Duration::hours(1));
    embargoed.embargo_until = Some(ahead);
    for d in [&draft, &scheduled, &embargoed] {
        site.store
            .create_article(Actor::System, d)
            .await
            .expect("article");
    }
    site.caught_up().await;

    for path in [
        author_page(&hidden),
        format!("/media/{}", photo.id),
        format!("/media/{}/640", photo.id),
        format!("/media/{}/640.webp", photo.id),
    ] {
        assert_eq!(
            site.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

on_both_backends!(a_photo_leaves_with_its_persons_last_visible_article_or_when_replaced);
async fn a_photo_leaves_with_its_persons_last_visible_article_or_when_replaced(backend: Backend) {
    let site = TestSite::on(backend).await;
    let first = portrait(&site, "first.jpg").await;
    give_photo(&site, &site.author, Some(&first)).await;
    let first_path = format!("/media/{}", first.id);
    assert_eq!(site.get(&first_path).await.status, StatusCode::OK);

    // Replaced: the old photo is no one's any more, and no article shows it.
    let second = portrait(&site, "second.jpg").await;
    give_photo(&site, &site.author, Some(&second)).await;
    let second_path = format!("/media/{}", second.id);
    assert_eq!(site.get(&first_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(site.get(&second_path).await.status, StatusCode::OK);
    let page = site.get(&author_page(&site.author)).await.html();
    assert!(
        attr(one(&page, ".author-photo img"), "src").starts_with(&format!("/media/{}/", second.id))
    );

    // The person's only visible article is unpublished: page and photo go together.
    let mut content = site.main.content.clone();
    content.status = Status::Unpublished;
    site.store
        .update_article(Actor::System, site.main.id, &content, None)
        .await
        .expect("unpublish");
    eventually(
        "the author page and photo gone",
        StdDuration::from_secs(3),
        || async {
            let page = site.get(&author_page(&site.author)).await.status;
            let photo = site.get(&second_path).await.status;
            (page == StatusCode::NOT_FOUND && photo == StatusCode::NOT_FOUND).then_some(())
        },
    )
    .await;
}
