//! Cached pages leave in the form the request accepts (brotli, gzip or identity, each
//! compressed once when the page was rendered) and carry validators: a request whose
//! `If-None-Match` or `If-Modified-Since` matches gets `304 Not Modified` without a body.

#[macro_use]
mod support;

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::{Backend, Reply, TestSite};
use warraq_domain::Actor;
use warraq_domain::urls::article_path;
use warraq_store::StoreWrites;

async fn get_with(site: &TestSite, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    site.request(request.body(Body::empty()).expect("request"))
        .await
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn content_length(reply: &Reply) -> usize {
    reply
        .header("content-length")
        .expect("a Content-Length")
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn a_browser_accepting_brotli_gets_brotli_that_decompresses_to_the_page() {
    let site = TestSite::new().await;
    let path = article_path(&site.main);
    let plain = get_with(&site, &path, &[]).await;
    for _ in 0..2 {
        // A miss, then a hit: both in brotli.
        let reply = get_with(&site, &path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-encoding"), Some("br"));
        assert_eq!(content_length(&reply), reply.body.len());
        assert!(reply.body.len() < plain.body.len() / 3, "compressed");
        assert_eq!(unbrotli(&reply.body), plain.body);
        assert_eq!(reply.header("vary"), Some("accept-encoding"));
        assert_eq!(reply.header("cache-control"), Some("public, max-age=60"));
    }
}

#[tokio::test]
async fn a_client_accepting_gzip_only_gets_gzip() {
    let site = TestSite::new().await;
    let plain = get_with(&site, "/", &[]).await;
    let reply = get_with(&site, "/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(content_length(&reply), reply.body.len());
    assert_eq!(gunzip(&reply.body), plain.body);
}

#[tokio::test]
async fn a_client_accepting_no_coding_gets_the_page_as_it_is() {
    let site = TestSite::new().await;
    for _ in 0..2 {
        let reply = get_with(&site, "/", &[]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-encoding"), None);
        assert_eq!(content_length(&reply), reply.body.len());
        assert!(reply.text().contains("<html"));
        assert_eq!(reply.header("vary"), Some("accept-encoding"));
    }
}

#[tokio::test]
async fn a_refused_coding_is_never_sent() {
    let site = TestSite::new().await;
    let plain = get_with(&site, "/", &[]).await;
    let reply = get_with(&site, "/", &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&reply.body), plain.body);
}

#[tokio::test]
async fn api_answers_are_kept_compressed_too() {
    let site = TestSite::new().await;
    let uri = format!("/api/v1/articles/{}", site.main.id);
    let plain = get_with(&site, &uri, &[]).await;
    let reply = get_with(&site, &uri, &[("accept-encoding", "br")]).await;
    assert_eq!(reply.header("content-encoding"), Some("br"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(unbrotli(&reply.body), plain.body);
}

#[tokio::test]
async fn each_form_has_its_own_strong_etag() {
    let site = TestSite::new().await;
    let mut tags = Vec::new();
    for accept in ["", "gzip", "br"] {
        let reply = get_with(&site, "/", &[("accept-encoding", accept)]).await;
        let tag = reply.header("etag").expect("an ETag").to_string();
        assert!(tag.starts_with('"') && tag.ends_with('"'), "strong: {tag}");
        tags.push(tag);
    }
    tags.dedup();
    assert_eq!(tags.len(), 3, "{tags:?}");
}

#[tokio::test]
async fn a_repeat_request_with_the_etag_gets_304_without_a_body() {
    let site = TestSite::new().await;
    let first = get_with(&site, "/", &[("accept-encoding", "gzip, br")]).await;
    let etag = first.header("etag").expect("an ETag");
    let again = get_with(
        &site,
        "/",
        &[("accept-encoding", "gzip, br"), ("if-none-match", etag)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag));
    assert_eq!(again.header("cache-control"), Some("public, max-age=60"));
    assert_eq!(again.header("vary"), Some("accept-encoding"));

    // A validator of another form (gzip) does not match the brotli form.
    let gzip = get_with(&site, "/", &[("accept-encoding", "gzip")]).await;
    let other = get_with(
        &site,
        "/",
        &[
            ("accept-encoding", "gzip, br"),
            ("if-none-match", gzip.header("etag").unwrap()),
        ],
    )
    .await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.header("content-encoding"), Some("br"));
}

#[tokio::test]
async fn if_modified_since_is_answered_when_there_is_no_if_none_match() {
    let site = TestSite::new().await;
    let first = get_with(&site, "/", &[]).await;
    let modified = first.header("last-modified").expect("a Last-Modified");
    let again = get_with(&site, "/", &[("if-modified-since", modified)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    let older = "Thu, 01 Jan 2015 00:00:00 GMT";
    let stale = get_with(&site, "/", &[("if-modified-since", older)]).await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, first.body);

    // If-None-Match wins: a tag that does not match means a full answer.
    let both = get_with(
        &site,
        "/",
        &[
            ("if-modified-since", modified),
            ("if-none-match", "\"something-else\""),
        ],
    )
    .await;
    assert_eq!(both.status, StatusCode::OK);
}

on_both_backends!(after_a_change_the_etag_changes_and_the_old_one_gets_the_page);
async fn after_a_change_the_etag_changes_and_the_old_one_gets_the_page(backend: Backend) {
    let site = TestSite::on(backend).await;
    let path = article_path(&site.main);
    let accept = ("accept-encoding", "gzip, br");
    let before = get_with(&site, &path, &[accept]).await;
    let old_tag = before.header("etag").expect("an ETag").to_string();

    let mut draft = site.main.content.clone();
    draft.lede = "موجز مصحّح بعد النشر".into();
    site.store
        .update_article(Actor::Import, site.main.id, &draft, None)
        .await
        .unwrap();
    site.caught_up().await;

    let after = get_with(&site, &path, &[accept, ("if-none-match", &old_tag)]).await;
    assert_eq!(after.status, StatusCode::OK);
    let new_tag = after.header("etag").expect("an ETag");
    assert_ne!(new_tag, old_tag);
    assert!(
        String::from_utf8(unbrotli(&after.body))
            .unwrap()
            .contains("موجز مصحّح بعد النشر")
    );
    let again = get_with(&site, &path, &[accept, ("if-none-match", new_tag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}
