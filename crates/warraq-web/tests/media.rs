//! Stored pictures: originals, resized renditions, refusals, redirects.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::TestSite;

#[tokio::test]
async fn a_rendition_is_a_jpeg_of_the_requested_width_with_long_caching_and_an_etag() {
    let site = TestSite::new().await;
    let reply = site.get(&format!("/media/{}/640", site.hero.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        image::guess_format(&reply.body).unwrap(),
        image::ImageFormat::Jpeg
    );
    let picture = image::load_from_memory(&reply.body).unwrap();
    assert_eq!((picture.width(), picture.height()), (640, 360));
    assert!(reply.header("cache-control").unwrap().contains("max-age="));
    let etag = reply.header("etag").expect("etag").to_string();

    let again = Request::get(format!("/media/{}/640", site.hero.id))
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let reply = site.request(again).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn widths_outside_the_served_set_are_refused() {
    let site = TestSite::new().await;
    for width in ["500", "0", "99999", "abc"] {
        let reply = site.get(&format!("/media/{}/{width}", site.hero.id)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "width {width}");
    }
}

#[tokio::test]
async fn the_original_is_served_as_stored() {
    let site = TestSite::new().await;
    let reply = site.get(&format!("/media/{}", site.hero.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("image/jpeg"));
    let (_, stored) = site.store.blob("hero.jpg").await.unwrap();
    assert_eq!(reply.body, stored);
}

#[tokio::test]
async fn pictures_known_only_by_url_redirect_there() {
    let site = TestSite::new().await;
    for path in [
        format!("/media/{}", site.source_only_photo.id),
        format!("/media/{}/320", site.source_only_photo.id),
    ] {
        let reply = site.get(&path).await;
        assert_eq!(reply.status, StatusCode::FOUND, "{path}");
        assert_eq!(
            reply.header("location"),
            Some("https://images.example.org/p/1.jpg")
        );
    }
    assert_eq!(
        site.get("/media/424242").await.status,
        StatusCode::NOT_FOUND
    );
}
