//! Kept pages are answered before routing (`warraq_web::Site`): a `GET` of exactly a
//! kept page's address gets the same status, headers and bytes as the router gives, in
//! every form and for repeat visits (304); what the router must judge (other methods,
//! parameters the page does not read, pages not kept) still goes through it.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use support::{Backend, Reply, TestSite, send};
use warraq_domain::urls::{article_path, section_path};

/// Headers that say how this one response was made, not what it is.
const HOW_SERVED: [&str; 2] = ["x-warraq-cache", "date"];

fn request(method: Method, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).expect("request")
}

/// Status, headers (sorted, without [`HOW_SERVED`]) and body. A 304's `Content-Length:
/// 0` (which axum's router adds to an empty body, and which is not the length a 200 would
/// have) is left out: the early answer does not send it, as RFC 9110 §8.6 prefers.
fn what_was_sent(reply: &Reply) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let not_modified = reply.status == StatusCode::NOT_MODIFIED;
    let mut headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .filter(|(name, _)| !HOW_SERVED.contains(&name.as_str()))
        .filter(|(name, _)| !(not_modified && name.as_str() == "content-length"))
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_string()))
        .collect();
    headers.sort();
    (reply.status, headers, reply.body.clone())
}

on_both_backends!(a_kept_page_is_answered_as_the_router_answers_it);
async fn a_kept_page_is_answered_as_the_router_answers_it(backend: Backend) {
    let site = TestSite::on(backend).await;
    let router = warraq_web::router(site.node.state().clone());
    let article = article_path(&site.main);
    for uri in ["/", article.as_str(), "/feed/rss.xml", "/api/v1/articles"] {
        let first = site.get(uri).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        assert_eq!(first.header("x-warraq-cache"), Some("miss"), "{uri}");
        for accept in ["", "gzip", "gzip, br", "br;q=0.5, gzip"] {
            let asked = [("accept-encoding", accept)];
            let fast = send(&site.app, request(Method::GET, uri, &asked)).await;
            let routed = send(&router, request(Method::GET, uri, &asked)).await;
            assert_eq!(fast.header("x-warraq-cache"), Some("hit"), "{uri} {accept}");
            assert_eq!(
                routed.header("x-warraq-cache"),
                Some("hit"),
                "{uri} {accept}"
            );
            assert_eq!(
                what_was_sent(&fast),
                what_was_sent(&routed),
                "{uri} {accept}"
            );
            assert!(fast.header("content-security-policy").is_some());
            assert_eq!(fast.header("x-content-type-options"), Some("nosniff"));

            // A repeat visit: 304 from both, with the same validators.
            let etag = fast.header("etag").expect("an ETag").to_string();
            let repeat = [
                ("accept-encoding", accept),
                ("if-none-match", etag.as_str()),
            ];
            let fast = send(&site.app, request(Method::GET, uri, &repeat)).await;
            let routed = send(&router, request(Method::GET, uri, &repeat)).await;
            assert_eq!(fast.status, StatusCode::NOT_MODIFIED, "{uri} {accept}");
            assert!(fast.body.is_empty());
            assert_eq!(fast.header("content-length"), None);
            assert_eq!(
                what_was_sent(&fast),
                what_was_sent(&routed),
                "{uri} {accept}"
            );
        }
    }
}

on_both_backends!(what_the_router_must_judge_still_reaches_it);
async fn what_the_router_must_judge_still_reaches_it(backend: Backend) {
    let site = TestSite::on(backend).await;
    let article = article_path(&site.main);
    let page = site.get(&article).await;
    assert_eq!(page.status, StatusCode::OK);

    // HEAD: the page's headers, no body.
    let head = send(&site.app, request(Method::HEAD, &article, &[])).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("etag"), page.header("etag"));
    assert!(head.body.is_empty());

    // Parameters the page does not read: the same kept page, found by the router.
    let tracked = site.get(&format!("{article}?utm_source=x")).await;
    assert_eq!(tracked.header("x-warraq-cache"), Some("hit"));
    assert_eq!(tracked.body, page.body);

    // Writes are the router's: no kept page answers a POST.
    let post = send(&site.app, request(Method::POST, &article, &[])).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);

    // A draft is never kept, so never answered early.
    let draft = site.get(&article_path(&site.draft)).await;
    assert_eq!(draft.status, StatusCode::NOT_FOUND);
    let again = site.get(&article_path(&site.draft)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_ne!(again.header("x-warraq-cache"), Some("hit"));
}

/// The site's own links in `html` to pages of `kind` (`/section/`, `/tag/`, ...), as sent.
fn links_to(html: &str, kind: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('"')
                .map(|(href, _)| href.replace("&amp;", "&"))
        })
        .filter(|href| href.starts_with(kind))
        .collect()
}

on_both_backends!(every_reader_page_is_kept_under_the_address_it_is_linked_by);
async fn every_reader_page_is_kept_under_the_address_it_is_linked_by(backend: Backend) {
    let site = TestSite::on(backend).await;
    let state = site.node.state().clone();
    let article = site.get(&article_path(&site.main)).await.text();
    let mut targets = Vec::new();
    for kind in ["/section/", "/tag/", "/author/"] {
        let links = links_to(&article, kind);
        assert!(!links.is_empty(), "the article links a {kind} page");
        targets.extend(links);
    }
    // A section's page from a cursor (as its "more" link gives) and its feeds.
    let section = section_path(&site.asia);
    targets.push(format!(
        "{section}?after={}",
        warraq_store::Cursor::of(&site.main).encode()
    ));
    let first_page = site.get(&section).await.text();
    targets.extend(links_to(&first_page, &format!("{section}/feed/")));
    assert!(
        targets.iter().any(|t| t.ends_with("/feed/rss.xml")),
        "the section page links its feed: {targets:?}"
    );
    for target in targets {
        // Arabic slugs travel percent-encoded, as a browser sends them.
        assert!(target.is_ascii(), "{target}");
        let first = site.get(&target).await;
        assert_eq!(first.status, StatusCode::OK, "{target}");
        assert!(
            state.is_kept(&target),
            "{target} is kept under another key: a repeat request would miss the early answer"
        );
    }
}
