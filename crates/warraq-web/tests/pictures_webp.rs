//! Pictures for readers in WebP: `/media/{id}/{width}.webp` renditions beside the JPEG
//! ones, the `<picture>` with a WebP `<source>` and the JPEG `<img>` as fallback, and the
//! visibility rule holding for both formats.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use support::{Backend, TestSite, attr, one, sel, stored_photo};
use warraq_domain::urls::article_path;
use warraq_domain::{Actor, ArticleDraft, Status};
use warraq_store::StoreWrites;

const WIDTHS: [u32; 6] = [320, 640, 960, 1200, 1280, 1600];

#[tokio::test]
async fn a_webp_rendition_is_a_webp_of_the_requested_width_with_its_own_etag() {
    let site = TestSite::new().await;
    let path = format!("/media/{}/640.webp", site.hero.id);
    let reply = site.get(&path).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("image/webp"));
    assert_eq!(
        image::guess_format(&reply.body).unwrap(),
        image::ImageFormat::WebP
    );
    let picture = image::load_from_memory(&reply.body).unwrap();
    assert_eq!((picture.width(), picture.height()), (640, 360));
    assert!(reply.header("cache-control").unwrap().contains("max-age="));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    let etag = reply.header("etag").expect("etag").to_string();

    let jpeg = site.get(&format!("/media/{}/640", site.hero.id)).await;
    assert_eq!(jpeg.header("content-type"), Some("image/jpeg"));
    assert_ne!(
        jpeg.header("etag"),
        Some(etag.as_str()),
        "one tag per encoding"
    );
    assert!(
        reply.body.len() < jpeg.body.len(),
        "WebP {} bytes, JPEG {} bytes",
        reply.body.len(),
        jpeg.body.len()
    );

    let again = Request::get(&path)
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let reply = site.request(again).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn a_1200_pixel_rendition_exists_in_both_formats() {
    let site = TestSite::new().await;
    for suffix in ["", ".webp"] {
        let reply = site
            .get(&format!("/media/{}/1200{suffix}", site.hero.id))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "1200{suffix}");
        let picture = image::load_from_memory(&reply.body).unwrap();
        assert_eq!((picture.width(), picture.height()), (1200, 675));
    }
}

#[tokio::test]
async fn other_widths_and_suffixes_are_not_addresses() {
    let site = TestSite::new().await;
    for segment in [
        "500.webp",
        "640.png",
        "640.jpg",
        "640.webp.webp",
        ".webp",
        "0.webp",
    ] {
        let reply = site
            .get(&format!("/media/{}/{segment}", site.hero.id))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{segment}");
    }
}

#[tokio::test]
async fn a_picture_known_only_by_url_redirects_there_from_a_webp_address_too() {
    let site = TestSite::new().await;
    let reply = site
        .get(&format!("/media/{}/320.webp", site.source_only_photo.id))
        .await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(
        reply.header("location"),
        Some("https://images.example.org/p/1.jpg")
    );
}

#[tokio::test]
async fn the_hero_is_a_picture_with_a_webp_source_and_the_jpeg_img_as_fallback() {
    let site = TestSite::new().await;
    let doc = site.get(&article_path(&site.main)).await.html();
    let hero = one(&doc, "article figure.hero");
    let id = site.hero.id;

    let source = hero
        .select(&sel("picture > source"))
        .next()
        .expect("a <source> in a <picture>");
    assert_eq!(attr(source, "type"), "image/webp");
    assert!(attr(source, "sizes").contains("100vw"));
    let webp = attr(source, "srcset");
    for w in WIDTHS {
        assert!(
            webp.contains(&format!("/media/{id}/{w}.webp {w}w")),
            "WebP srcset has {w}: {webp}"
        );
    }

    let img = hero
        .select(&sel("picture > img"))
        .next()
        .expect("the <img> after the source");
    let jpeg = attr(img, "srcset");
    for w in WIDTHS {
        assert!(
            jpeg.contains(&format!("/media/{id}/{w} {w}w")),
            "JPEG srcset has {w}: {jpeg}"
        );
    }
    assert!(!jpeg.contains(".webp"));
    assert_eq!(attr(img, "src"), format!("/media/{id}/960"));
    assert_eq!((attr(img, "width"), attr(img, "height")), ("1600", "900"));
    assert_eq!(attr(img, "sizes"), attr(source, "sizes"));

    // The preload asks for what the <picture> will fetch: the WebP.
    let preload = one(&doc, r#"link[rel="preload"][as="image"]"#);
    assert_eq!(attr(preload, "type"), "image/webp");
    assert_eq!(attr(preload, "imagesrcset"), webp);
    assert_eq!(attr(preload, "href"), format!("/media/{id}/960.webp"));
}

on_both_backends!(a_picture_only_an_embargoed_story_shows_stays_hidden_in_webp_too);

async fn a_picture_only_an_embargoed_story_shows_stays_hidden_in_webp_too(backend: Backend) {
    let site = TestSite::on(backend).await;
    let s = site.store.as_ref();
    let photo = stored_photo(s, "embargoed-webp.jpg", "غلاف التقرير", "Reuters", false).await;
    let mut draft = ArticleDraft::new("تقرير تحت الحظر حتى موعده", site.asia.id);
    draft.hero_id = Some(photo.id);
    draft.status = Status::Embargoed;
    draft.published_at = Some(Utc::now() - Duration::hours(1));
    draft.embargo_until = Some(Utc::now() + Duration::days(2));
    let story = s
        .create_article(Actor::System, &draft)
        .await
        .expect("embargoed story");

    let addresses = [
        format!("/media/{}/640.webp", photo.id),
        format!("/media/{}/1200.webp", photo.id),
        format!("/media/{}/640", photo.id),
        format!("/media/{}", photo.id),
    ];
    for path in &addresses {
        assert_eq!(
            site.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path} while embargoed"
        );
    }

    // Lifted: the same addresses serve the picture (nothing hid it but the rule).
    draft.status = Status::Published;
    draft.embargo_until = None;
    s.update_article(Actor::System, story.id, &draft, None)
        .await
        .expect("embargo lifted");
    for path in &addresses {
        assert_eq!(
            site.get(path).await.status,
            StatusCode::OK,
            "{path} once published"
        );
    }
}
