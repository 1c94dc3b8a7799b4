//! What pages tell machines and where they lead: an article links its tags, its byline and
//! its related articles' bylines to their pages; its JSON-LD is what Google asks of Top
//! Stories (a picture at least 1200 px wide, dates, authors as people with their page, the
//! publisher with its logo) with the breadcrumb trail; `hreflang` alternates appear only
//! for translations. The clients that consume them (Python extruct for JSON-LD and Open
//! Graph, feedparser for the feeds) accept the article, home, tag and author pages and the
//! tag and author feeds.

#[macro_use]
mod support;

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use support::{BASE_URL, Backend, TestSite, all_text, attr, one, sel};
use warraq_domain::arabic::slugify;
use warraq_domain::urls::{article_path, encode_segment, section_path};
use warraq_domain::{Actor, ArticleDraft};
use warraq_store::StoreWrites;

fn tag_page(tag: &str) -> String {
    format!("/tag/{}", encode_segment(&slugify(tag)))
}

fn author_page(site: &TestSite) -> String {
    format!("/author/{}", encode_segment(&site.author.slug))
}

/// The page's JSON-LD documents, each parsed.
fn json_ld(doc: &scraper::Html) -> Vec<Value> {
    doc.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| serde_json::from_str(&s.inner_html()).expect("JSON-LD parses"))
        .collect()
}

/// The `width` and `height` the root element of an SVG document declares, read as XML.
fn svg_size(svg: &str) -> (u64, u64) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event().expect("the logo is well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                assert_eq!(e.name().as_ref(), b"svg", "the root is <svg>");
                let number = |name: &str| -> u64 {
                    let value = e
                        .try_get_attribute(name)
                        .expect("attributes")
                        .unwrap_or_else(|| panic!("<svg> declares its {name}"))
                        .unescape_value()
                        .expect("value");
                    value
                        .trim_end_matches("px")
                        .parse()
                        .unwrap_or_else(|_| panic!("{name}={value} in pixels"))
                };
                return (number("width"), number("height"));
            }
            Event::Eof => panic!("no <svg> element"),
            _ => {}
        }
    }
}

fn meta(doc: &scraper::Html, property: &str) -> Vec<String> {
    doc.select(&sel(&format!(r#"meta[property="{property}"]"#)))
        .map(|m| attr(m, "content").to_string())
        .collect()
}

on_both_backends!(an_article_links_its_tags_byline_and_related_bylines_to_their_pages);
async fn an_article_links_its_tags_byline_and_related_bylines_to_their_pages(backend: Backend) {
    let site = TestSite::on(backend).await;
    // A related article signed by the same person: its byline in the module links too.
    let mut content = site.related_europe.content.clone();
    content.author_ids = vec![site.author.id];
    site.store
        .update_article(Actor::System, site.related_europe.id, &content, None)
        .await
        .expect("sign the related article");
    site.caught_up().await;
    let doc = site.get(&article_path(&site.main)).await.html();

    let tags: Vec<(String, String)> = doc
        .select(&sel(r#".story-tags a[rel="tag"]"#))
        .map(|a| (support::text_of(a), attr(a, "href").to_string()))
        .collect();
    assert_eq!(
        tags,
        vec![
            ("كوريا الشمالية".to_string(), tag_page("كوريا الشمالية")),
            ("روسيا".to_string(), tag_page("روسيا")),
        ]
    );
    let byline = one(&doc, "article .byline a.author");
    assert_eq!(support::text_of(byline), site.author.name);
    assert_eq!(attr(byline, "href"), author_page(&site));
    let related = one(&doc, ".related-authors a");
    assert_eq!(attr(related, "href"), author_page(&site));
    assert_eq!(
        all_text(&doc, ".related-authors"),
        vec![site.author.name.clone()]
    );

    let mut destinations: Vec<String> = tags.into_iter().map(|(_, href)| href).collect();
    destinations.push(author_page(&site));
    for path in destinations {
        let reply = site.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let page = reply.html();
        assert!(
            page.select(&sel(".teaser-title a"))
                .any(|a| attr(a, "href") == article_path(&site.main)),
            "{path} lists the article"
        );
        // The page offers its feeds.
        let feeds: Vec<&str> = page
            .select(&sel(r#"link[rel="alternate"][type$="+xml"]"#))
            .map(|l| attr(l, "href"))
            .collect();
        for file in ["rss.xml", "atom.xml"] {
            assert!(
                feeds.contains(&format!("{path}/feed/{file}").as_str()),
                "{path}: {feeds:?}"
            );
        }
    }
    let author = site.get(&author_page(&site)).await.html();
    assert_eq!(all_text(&author, "h1"), vec![site.author.name.clone()]);
    assert_eq!(
        all_text(&author, ".author-title"),
        vec![site.author.title.clone().expect("a title")]
    );
}

on_both_backends!(article_json_ld_meets_top_stories_with_breadcrumb_and_publisher_logo);
async fn article_json_ld_meets_top_stories_with_breadcrumb_and_publisher_logo(backend: Backend) {
    let site = TestSite::on(backend).await;
    let path = article_path(&site.main);
    let url = format!("{BASE_URL}{path}");
    let doc = site.get(&path).await.html();
    let docs = json_ld(&doc);
    assert_eq!(docs.len(), 1, "one document, the NewsArticle");
    let ld = &docs[0];
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], site.main.headline.as_str());
    assert_eq!(ld["datePublished"], "2024-10-30T12:00:00+03:00");
    assert!(
        ld["dateModified"]
            .as_str()
            .expect("dateModified")
            .ends_with("+03:00")
    );
    assert_eq!(
        ld["author"],
        json!([{
            "@type": "Person",
            "name": site.author.name,
            "url": format!("{BASE_URL}{}", author_page(&site)),
            "jobTitle": "مراسلة",
        }])
    );
    // The hero is 1600 × 900: the shared 1280 rendition, the 1200 one, the original.
    let hero = site.hero.id;
    let images: Vec<(String, u64, u64)> = ld["image"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| {
            (
                i["url"].as_str().unwrap_or_default().to_string(),
                i["width"].as_u64().unwrap_or_default(),
                i["height"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        images,
        vec![
            (format!("{BASE_URL}/media/{hero}/1280"), 1280, 720),
            (format!("{BASE_URL}/media/{hero}/1200"), 1200, 675),
            (format!("{BASE_URL}/media/{hero}"), 1600, 900),
        ]
    );
    for (image, _, _) in &images {
        let reply = site
            .get(image.strip_prefix(BASE_URL).expect("on the site"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{image}");
    }
    let logo = &ld["publisher"]["logo"];
    assert_eq!(logo["@type"], "ImageObject");
    let declared = (logo["width"].as_u64(), logo["height"].as_u64());
    let logo_path = logo["url"]
        .as_str()
        .expect("logo url")
        .strip_prefix(BASE_URL)
        .expect("on the site");
    let served = site.get(logo_path).await;
    assert_eq!(served.status, StatusCode::OK);
    // What JSON-LD says is what the served picture declares, and big enough for Google
    // (at least 112 by 112 pixels).
    let (width, height) = svg_size(&served.text());
    assert_eq!(declared, (Some(width), Some(height)));
    assert!(width >= 112 && height >= 112, "{width}×{height}");

    let trail = &ld["mainEntityOfPage"]["breadcrumb"];
    assert_eq!(ld["mainEntityOfPage"]["@id"], url.as_str());
    assert_eq!(trail["@type"], "BreadcrumbList");
    let steps: Vec<(u64, &str, &str)> = trail["itemListElement"]
        .as_array()
        .expect("trail")
        .iter()
        .map(|i| {
            (
                i["position"].as_u64().unwrap_or_default(),
                i["name"].as_str().unwrap_or_default(),
                i["item"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let section = format!("{BASE_URL}{}", section_path(&site.asia));
    let home = format!("{BASE_URL}/");
    assert_eq!(
        steps,
        vec![
            (1, support::SITE_NAME, home.as_str()),
            (2, site.asia.name.as_str(), section.as_str()),
            (3, site.main.headline.as_str(), url.as_str()),
        ]
    );

    assert_eq!(meta(&doc, "article:tag"), vec!["كوريا الشمالية", "روسيا"]);
    assert_eq!(
        meta(&doc, "article:author"),
        vec![format!("{BASE_URL}{}", author_page(&site))]
    );
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        url.as_str()
    );
    assert_eq!(meta(&doc, "og:url"), vec![url.clone()]);
    assert_eq!(
        attr(one(&doc, r#"meta[name="twitter:card"]"#), "content"),
        "summary_large_image"
    );
}

on_both_backends!(the_home_page_describes_the_site_its_search_and_its_publisher);
async fn the_home_page_describes_the_site_its_search_and_its_publisher(backend: Backend) {
    let site = TestSite::searching(backend).await;
    site.search_caught_up().await;
    let doc = site.get("/").await.html();
    let docs = json_ld(&doc);
    let website = docs
        .iter()
        .find(|d| d["@type"] == "WebSite")
        .expect("WebSite");
    assert_eq!(website["url"], format!("{BASE_URL}/"));
    assert_eq!(website["potentialAction"]["@type"], "SearchAction");
    let template = website["potentialAction"]["target"]["urlTemplate"]
        .as_str()
        .expect("urlTemplate");
    assert_eq!(
        template,
        format!("{BASE_URL}/search?q={{search_term_string}}")
    );
    // The template's address is the search page.
    let reply = site
        .get(&format!("/search?q={}", encode_segment("موسكو")))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let organization = docs
        .iter()
        .find(|d| d["@type"] == "Organization")
        .expect("Organization");
    assert_eq!(organization["name"], support::SITE_NAME);
    assert!(organization["logo"]["width"].as_u64() >= Some(112));
    assert!(organization["logo"]["height"].as_u64() >= Some(112));
    assert_eq!(meta(&doc, "og:type"), vec!["website"]);
    assert_eq!(meta(&doc, "og:url"), vec![format!("{BASE_URL}/")]);
    assert_eq!(meta(&doc, "og:locale"), vec!["ar_AR"]);
    assert_eq!(meta(&doc, "og:image").len(), 1);
}

on_both_backends!(hreflang_alternates_appear_only_for_translations);
async fn hreflang_alternates_appear_only_for_translations(backend: Backend) {
    let site = TestSite::on(backend).await;
    let path = article_path(&site.main);
    let doc = site.get(&path).await.html();
    assert_eq!(doc.select(&sel("link[hreflang]")).count(), 0);

    let mut content = site.main.content.clone();
    content.extra.insert(
        "associations".into(),
        json!([
            {"name": "translation-en", "rel": "translation", "language": "en",
             "uri": "https://en.news.example/story/7"},
            {"name": "video", "rel": "video", "uri": "https://video.example/1"}
        ]),
    );
    site.store
        .update_article(Actor::System, site.main.id, &content, None)
        .await
        .expect("update");
    site.caught_up().await;
    let doc = site.get(&path).await.html();
    let alternates: Vec<(&str, &str)> = doc
        .select(&sel("link[hreflang]"))
        .map(|l| (attr(l, "hreflang"), attr(l, "href")))
        .collect();
    let url = format!("{BASE_URL}{path}");
    assert_eq!(
        alternates,
        vec![
            ("ar", url.as_str()),
            ("en", "https://en.news.example/story/7"),
            ("x-default", url.as_str()),
        ]
    );
}

/// The repository's root, where `scripts/setup` makes `.venv-test`.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

on_both_backends!(extruct_and_feedparser_accept_the_pages_and_feeds);
async fn extruct_and_feedparser_accept_the_pages_and_feeds(backend: Backend) {
    let python = repo_root().join(".venv-test/bin/python");
    let site = TestSite::on(backend).await;
    let mut d = ArticleDraft::new("مؤتمر صحافي في سيول اليوم", site.asia.id);
    d.lede = "تفاصيل المؤتمر".into();
    d.body = vec![warraq_domain::Block::paragraph(
        "قال المتحدث إن المحادثات «بناءة» & مستمرة.",
    )];
    d.tags = vec!["كوريا الشمالية".into()];
    d.author_ids = vec![site.author.id];
    d.publish(Utc::now() - Duration::minutes(10));
    site.store
        .create_article(Actor::System, &d)
        .await
        .expect("article");
    site.caught_up().await;

    let folder = tempfile::tempdir().expect("temp folder");
    let tag = tag_page("كوريا الشمالية");
    let author = author_page(&site);
    for (uri, file) in [
        (article_path(&site.main), "article.html"),
        ("/".to_string(), "home.html"),
        (tag.clone(), "tag.html"),
        (author.clone(), "author.html"),
        (format!("{tag}/feed/rss.xml"), "tag-rss.xml"),
        (format!("{tag}/feed/atom.xml"), "tag-atom.xml"),
        (format!("{author}/feed/rss.xml"), "author-rss.xml"),
        (format!("{author}/feed/atom.xml"), "author-atom.xml"),
    ] {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        std::fs::write(folder.path().join(file), &reply.body).expect("write");
    }
    if !python.exists() {
        println!("SKIPPED: no .venv-test with extruct and feedparser; run scripts/setup");
        return;
    }
    let output = std::process::Command::new(&python)
        .arg(repo_root().join("tests/distribution/check.py"))
        .arg(folder.path())
        .arg(BASE_URL)
        .output()
        .expect("run tests/distribution/check.py");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "check.py failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
