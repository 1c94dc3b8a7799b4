//! Home, section pages, health check and static assets.

mod support;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use support::{TestSite, all_text, attr, one, sel, text_of};
use warraq_domain::urls::{article_path, section_path};

#[tokio::test]
async fn home_leads_with_the_newest_story_then_latest_then_section_blocks() {
    let site = TestSite::new().await;
    let reply = site.get("/").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.html();
    assert_eq!(attr(one(&doc, "html"), "dir"), "rtl");
    let lead = one(&doc, ".lead .teaser--lead");
    let lead_link = lead.select(&sel(".teaser-title a")).next().unwrap();
    assert_eq!(text_of(lead_link), site.main.headline);
    assert_eq!(attr(lead_link, "href"), article_path(&site.main));
    let lead_img = lead.select(&sel("img")).next().expect("lead picture");
    assert_eq!(attr(lead_img, "fetchpriority"), "high");

    let latest = all_text(&doc, ".latest .teaser-title");
    assert_eq!(latest.first(), Some(&site.related_europe.headline));
    assert!(
        !latest.contains(&site.draft.headline),
        "drafts are never listed"
    );

    let blocks: Vec<String> = all_text(&doc, ".section-block h2");
    assert_eq!(
        blocks,
        vec![
            site.asia.name.clone(),
            site.europe.name.clone(),
            site.economy.name.clone()
        ]
    );
    let asia_block = doc.select(&sel(".section-block")).next().unwrap();
    assert_eq!(
        attr(asia_block.select(&sel("h2 a")).next().unwrap(), "href"),
        section_path(&site.asia)
    );
    assert_eq!(
        asia_block
            .select(&sel(".teaser-title"))
            .map(text_of)
            .collect::<Vec<_>>(),
        vec![
            site.main.headline.clone(),
            site.related_asia.headline.clone()
        ]
    );
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        "http://news.test/"
    );
}

#[tokio::test]
async fn section_paging_visits_every_article_once_newest_first() {
    let site = TestSite::new().await;
    let mut url = section_path(&site.economy);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let reply = site.get(&url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}");
        let doc = reply.html();
        assert_eq!(text_of(one(&doc, "h1")), site.economy.name);
        seen.extend(
            doc.select(&sel(".teaser-title a"))
                .map(|a| attr(a, "href").to_string()),
        );
        pages += 1;
        match doc.select(&sel(r#".pager a[rel="next"]"#)).next() {
            Some(next) => url = attr(next, "href").to_string(),
            None => break,
        }
        assert!(pages < 10, "paging must end");
    }
    assert!(pages >= 2, "the filler section spans more than one page");
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no article twice");
    let mut expected = site.fillers.clone();
    expected.sort_by_key(|a| std::cmp::Reverse((a.published_at, a.id)));
    assert_eq!(seen, expected.iter().map(article_path).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_section_cursor_typed_in_arabic_indic_digits_is_the_same_page() {
    let site = TestSite::new().await;
    let first = site.get(&section_path(&site.economy)).await.html();
    let next = attr(one(&first, r#".pager a[rel="next"]"#), "href").to_string();
    let (path, cursor) = next
        .split_once("?after=")
        .expect("a cursor in the next link");
    // U+0660 ARABIC-INDIC DIGIT ZERO onwards.
    let arabic_cursor: String = cursor
        .chars()
        .map(|c| {
            c.to_digit(10)
                .map_or(c, |d| char::from_u32(0x0660 + d).unwrap())
        })
        .collect();
    assert_ne!(arabic_cursor, cursor, "the cursor has digits to rewrite");
    let site = &site;
    let teasers = |url: String| async move {
        let reply = site.get(&url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}");
        reply
            .html()
            .select(&sel(".teaser-title a"))
            .map(|a| attr(a, "href").to_string())
            .collect::<Vec<_>>()
    };
    let western = teasers(next.clone()).await;
    assert!(!western.is_empty());
    assert_eq!(
        teasers(format!("{path}?after={arabic_cursor}")).await,
        western
    );
}

#[tokio::test]
async fn unknown_sections_and_bad_cursors_are_refused() {
    let site = TestSite::new().await;
    assert_eq!(
        site.get("/section/no-such-section").await.status,
        StatusCode::NOT_FOUND
    );
    let reply = site
        .get(&format!("{}?after=garbage", section_path(&site.economy)))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(text_of(one(&reply.html(), ".error-page")).contains("after"));
}

#[tokio::test]
async fn pages_forbid_inline_scripts_except_the_early_text_size_script_by_hash() {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    let site = TestSite::new().await;
    let reply = site.get(&article_path(&site.main)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let policy = reply
        .header("content-security-policy")
        .expect("a CSP header")
        .to_string();
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let doc = reply.html();
    let inline: Vec<String> = doc
        .select(&sel("script:not([src]):not([type])"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(inline.len(), 1, "one executable inline script");
    let hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(inline[0].as_bytes()));
    assert!(
        policy.contains(&format!("'sha256-{hash}'")),
        "the script as served matches the policy: {policy}"
    );
}

#[tokio::test]
async fn healthz_reports_the_backend_after_asking_the_store() {
    let site = TestSite::new().await;
    let reply = site.get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    let health = reply.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["backend"], "sqlite");
    let last = site.store.last_change_seq().await.unwrap();
    assert_eq!(health["change_log"]["last"], last);
    assert!(health["change_log"]["applied"].as_i64().unwrap() <= last);
}

#[tokio::test]
async fn static_assets_have_hashed_names_cached_forever_and_the_font_ships_with_its_licence() {
    let site = TestSite::new().await;
    let doc = site.get("/").await.html();
    let css = attr(one(&doc, r#"link[rel="stylesheet"]"#), "href").to_string();
    let reply = site.get(&css).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );
    let font = attr(one(&doc, r#"link[rel="preload"][as="font"]"#), "href").to_string();
    assert!(
        reply.text().contains(font.trim_start_matches("/static/")),
        "the stylesheet uses the preloaded font"
    );
    assert!(reply.text().contains("font-display: swap"));
    let font_reply = site.get(&font).await;
    assert_eq!(font_reply.header("content-type"), Some("font/woff2"));
    assert_eq!(&font_reply.body[..4], b"wOF2");
    assert_eq!(
        site.get("/static/fonts/OFL.txt").await.status,
        StatusCode::OK
    );
    assert_eq!(
        site.get("/static/nothing.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn text_assets_leave_compressed_once_with_validators_and_fonts_as_they_are() {
    let site = TestSite::new().await;
    let doc = site.get("/").await.html();
    let css = attr(one(&doc, r#"link[rel="stylesheet"]"#), "href").to_string();
    let asking = |uri: &str, headers: &[(&str, &str)]| {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    };
    let plain = site.get(&css).await;
    let br = site
        .request(asking(&css, &[("accept-encoding", "gzip, br")]))
        .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &br.body[..], &mut unpacked).expect("brotli");
    assert_eq!(unpacked, plain.body, "the brotli form is the stylesheet");
    assert!(br.body.len() < plain.body.len());

    // Kept, not compressed per request: the same form, the same tag, and a 304 for it.
    let etag = br.header("etag").expect("an ETag").to_string();
    let again = site
        .request(asking(&css, &[("accept-encoding", "gzip, br")]))
        .await;
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let repeat = site
        .request(asking(
            &css,
            &[("accept-encoding", "gzip, br"), ("if-none-match", &etag)],
        ))
        .await;
    assert_eq!(repeat.status, StatusCode::NOT_MODIFIED);
    assert!(repeat.body.is_empty());
    assert_eq!(
        repeat.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    // A font is compressed already: as it is, whatever the client accepts.
    let font = attr(one(&doc, r#"link[rel="preload"][as="font"]"#), "href").to_string();
    let font_reply = site
        .request(asking(&font, &[("accept-encoding", "gzip, br")]))
        .await;
    assert_eq!(font_reply.header("content-encoding"), None);
    assert_eq!(&font_reply.body[..4], b"wOF2");
}

#[tokio::test]
async fn html_is_compressed_for_clients_that_accept_it() {
    let site = TestSite::new().await;
    let request = Request::get("/")
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let reply = site.request(request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn every_page_uses_logical_css_properties_only() {
    let site = TestSite::new().await;
    let doc = site.get("/").await.html();
    let css = site
        .get(attr(one(&doc, r#"link[rel="stylesheet"]"#), "href"))
        .await
        .text();
    for physical in [
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "text-align: left",
        "text-align: right",
        "float: left",
        "float: right",
        " left:",
        " right:",
    ] {
        assert!(
            !css.contains(physical),
            "physical property `{physical}` in the stylesheet"
        );
    }
    let names = all_text(&doc, ".site-nav a");
    assert!(names.len() >= 3);
}
