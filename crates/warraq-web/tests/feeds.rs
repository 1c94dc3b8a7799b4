//! Feeds (RSS, Atom) and sitemaps show only what readers may see now: a scheduled story
//! enters them at its moment, an unpublished one leaves them, repeat requests get 304s,
//! and third-party clients (Python feedparser, lxml with the sitemaps.org XSDs) accept
//! what they get.

#[macro_use]
mod support;

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use support::{BASE_URL, Backend, TestSite, eventually};
use warraq_domain::urls::{article_path, section_path};
use warraq_domain::{Actor, Article, ArticleDraft, Status};
use warraq_store::StoreWrites;

/// Far enough ahead for every "before" check to finish first, even on a busy machine.
const AHEAD: i64 = 4;

/// Every feed and sitemap an article of the Asia section may appear in.
fn outputs(site: &TestSite) -> Vec<String> {
    let section = section_path(&site.asia);
    vec![
        "/feed/rss.xml".into(),
        "/feed/atom.xml".into(),
        format!("{section}/feed/rss.xml"),
        format!("{section}/feed/atom.xml"),
        "/sitemaps/articles-1.xml".into(),
        "/sitemaps/news.xml".into(),
    ]
}

/// Where `article` is listed (by its absolute address, which every output carries).
async fn listed_in(site: &TestSite, article: &Article) -> Vec<(String, bool)> {
    let address = format!("{BASE_URL}{}", article_path(article));
    let mut seen = Vec::new();
    for uri in outputs(site) {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        seen.push((uri, reply.text().contains(&address)));
    }
    seen
}

fn everywhere(seen: &[(String, bool)], present: bool) -> bool {
    seen.iter().all(|(_, listed)| *listed == present)
}

async fn create(site: &TestSite, draft: &ArticleDraft) -> Article {
    site.store
        .create_article(Actor::System, draft)
        .await
        .expect("article")
}

on_both_backends!(scheduled_and_embargoed_stories_enter_feeds_and_sitemaps_at_their_moment);
async fn scheduled_and_embargoed_stories_enter_feeds_and_sitemaps_at_their_moment(
    backend: Backend,
) {
    let site = TestSite::on(backend).await;
    let moment = Utc::now() + Duration::seconds(AHEAD);
    let mut d = ArticleDraft::new("قمة إقليمية تنطلق في موعدها المحدد", site.asia.id);
    d.lede = "خبر مجدول للنشر".into();
    d.status = Status::Scheduled;
    d.published_at = Some(moment);
    let scheduled = create(&site, &d).await;
    let mut d = ArticleDraft::new("تقرير أممي تحت الحظر حتى موعده", site.asia.id);
    d.lede = "خبر محظور النشر".into();
    d.status = Status::Embargoed;
    d.published_at = Some(Utc::now() - Duration::hours(1));
    d.embargo_until = Some(moment);
    let embargoed = create(&site, &d).await;
    site.caught_up().await;

    for story in [&scheduled, &embargoed] {
        let before = listed_in(&site, story).await;
        assert!(everywhere(&before, false), "before its moment: {before:?}");
    }
    assert!(
        Utc::now() < moment,
        "the checks before the moment took longer than {AHEAD} s; the test proves nothing"
    );

    let (_, took) = eventually(
        "the scheduled and the embargoed story in every feed and sitemap",
        (moment - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_secs(5),
        || async {
            (everywhere(&listed_in(&site, &scheduled).await, true)
                && everywhere(&listed_in(&site, &embargoed).await, true))
            .then_some(())
        },
    )
    .await;
    println!("{backend:?}: listed everywhere after {took:?} of polling");
}

on_both_backends!(an_unpublished_story_leaves_feeds_and_sitemaps);
async fn an_unpublished_story_leaves_feeds_and_sitemaps(backend: Backend) {
    let site = TestSite::on(backend).await;
    let mut d = ArticleDraft::new("خبر ينشر ثم يسحب", site.asia.id);
    d.lede = "خبر سيسحب بعد نشره".into();
    d.publish(Utc::now() - Duration::minutes(5));
    let story = create(&site, &d).await;
    site.caught_up().await;
    let listed = listed_in(&site, &story).await;
    assert!(everywhere(&listed, true), "published: {listed:?}");

    let mut content = story.content.clone();
    content.status = Status::Unpublished;
    site.store
        .update_article(Actor::System, story.id, &content, None)
        .await
        .expect("unpublish");
    let (_, took) = eventually(
        "the unpublished story gone from every feed and sitemap",
        StdDuration::from_secs(3),
        || async { everywhere(&listed_in(&site, &story).await, false).then_some(()) },
    )
    .await;
    println!("{backend:?}: gone everywhere within {took:?}");
}

/// The `<loc>`s of a sitemap or sitemap index (not `image:loc`).
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>").map(|(loc, _)| loc.to_string()))
        .collect()
}

/// The number in `{prefix}{n}.xml` at the end of `loc`.
fn numbered(loc: &str, prefix: &str) -> i64 {
    loc.rsplit_once(prefix)
        .and_then(|(_, rest)| rest.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{loc} is not {prefix}N.xml"))
}

on_both_backends!(article_sitemaps_cut_by_id_list_every_visible_story_once);
async fn article_sitemaps_cut_by_id_list_every_visible_story_once(backend: Backend) {
    // Two ids a file and two files an index, so that the test site's stories need several
    // files and several indexes.
    let config = warraq_web::SiteConfig {
        sitemap_ids_per_file: 2,
        sitemap_files_per_index: 2,
        ..support::site_config()
    };
    let site = TestSite::configured(backend, config).await;
    let mut d = ArticleDraft::new("خبر مجدول لا يظهر في خرائط الموقع", site.asia.id);
    d.lede = "خبر مجدول".into();
    d.status = Status::Scheduled;
    d.published_at = Some(Utc::now() + Duration::hours(3));
    let scheduled = create(&site, &d).await;
    site.caught_up().await;

    let mut expected: Vec<String> = site
        .visible_now()
        .await
        .iter()
        .map(|a| format!("{BASE_URL}{}", article_path(a)))
        .collect();
    expected.sort();
    // The newest id, the scheduled story's, decides the newest index: ids 4k-3..=4k.
    let newest_index = (scheduled.id.0 - 1) / 4 + 1;
    assert!(newest_index > 1, "several indexes: {}", scheduled.id);

    // robots.txt names /sitemap.xml and every older index, newest first.
    let robots = site.get("/robots.txt").await.text();
    let named: Vec<&str> = robots
        .lines()
        .filter_map(|line| line.strip_prefix("Sitemap: "))
        .collect();
    assert_eq!(
        named.first(),
        Some(&format!("{BASE_URL}/sitemap.xml").as_str())
    );
    let older: Vec<i64> = named[1..]
        .iter()
        .map(|loc| numbered(loc, "/sitemaps/index-"))
        .collect();
    assert_eq!(
        older,
        (1..newest_index).rev().collect::<Vec<_>>(),
        "{robots}"
    );

    let mut listed = Vec::new();
    let mut numbers = Vec::new();
    for index in named {
        let path = index.strip_prefix(BASE_URL).expect("on the site");
        let reply = site.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let text = reply.text();
        let files: Vec<String> = locs(&text)
            .into_iter()
            .filter(|loc| loc.contains("/sitemaps/articles-"))
            .collect();
        // The root names the news sitemap too; every index at most two files, all of
        // them in its own range of file numbers.
        assert_eq!(
            path == "/sitemap.xml",
            text.contains(&format!("<loc>{BASE_URL}/sitemaps/news.xml</loc>")),
            "{path}"
        );
        assert!((1..=2).contains(&files.len()), "{path}: {files:?}");
        let index_number = if path == "/sitemap.xml" {
            newest_index
        } else {
            numbered(path, "/sitemaps/index-")
        };
        for file in &files {
            let number = numbered(file, "/sitemaps/articles-");
            assert!(
                (index_number * 2 - 1..=index_number * 2).contains(&number),
                "file {number} in {path}"
            );
            let file_path = file.strip_prefix(BASE_URL).expect("on the site");
            let reply = site.get(file_path).await;
            assert_eq!(reply.status, StatusCode::OK, "{file_path}");
            let urls = locs(&reply.text());
            assert!((1..=2).contains(&urls.len()), "{file_path}: {urls:?}");
            // Every story in file n has an id in its range.
            for url in &urls {
                let id: i64 = url
                    .split("/article/")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .and_then(|id| id.parse().ok())
                    .expect("an article address");
                assert!(
                    (number * 2 - 1..=number * 2).contains(&id),
                    "{id} in {file_path}"
                );
            }
            numbers.push(number);
            listed.extend(urls);
        }
    }
    // Newest ids first, each file once, every visible story exactly once.
    assert!(numbers.windows(2).all(|w| w[0] > w[1]), "{numbers:?}");
    listed.sort();
    assert_eq!(listed, expected);
    assert!(
        !listed
            .iter()
            .any(|u| u.contains(&format!("/article/{}/", scheduled.id)))
    );

    // No file beyond the last, none numbered 0 or with a leading zero; no index at the
    // newest's number (that is /sitemap.xml) or beyond.
    let past = numbers.iter().max().expect("a file") + 1;
    for path in [
        format!("/sitemaps/articles-{past}.xml"),
        "/sitemaps/articles-0.xml".into(),
        "/sitemaps/articles-01.xml".into(),
        "/sitemaps/articles-x.xml".into(),
        format!("/sitemaps/index-{newest_index}.xml"),
        format!("/sitemaps/index-{}.xml", newest_index + 1),
        "/sitemaps/index-0.xml".into(),
        "/sitemaps/index-01.xml".into(),
        "/sitemaps/other-1.xml".into(),
    ] {
        assert_eq!(
            site.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // Publishing into the next index's ids: /sitemap.xml becomes that index, the one it
    // was gets its own address, and robots.txt names it.
    let root_before = locs(&site.get("/sitemap.xml").await.text());
    let mut newest = scheduled.id.0;
    while (newest - 1) / 4 + 1 == newest_index {
        let mut d = ArticleDraft::new("خبر جديد يفتح فهرسا جديدا", site.asia.id);
        d.lede = "خبر جديد".into();
        d.publish(Utc::now() - Duration::minutes(1));
        newest = create(&site, &d).await.id.0;
    }
    site.caught_up().await;
    let robots = site.get("/robots.txt").await.text();
    let moved = format!("/sitemaps/index-{newest_index}.xml");
    assert!(
        robots.contains(&format!("Sitemap: {BASE_URL}{moved}\n")),
        "{robots}"
    );
    let moved_index = site.get(&moved).await;
    assert_eq!(moved_index.status, StatusCode::OK, "{moved}");
    let root_files: Vec<String> = root_before
        .into_iter()
        .filter(|loc| loc.contains("/sitemaps/articles-"))
        .collect();
    assert_eq!(
        locs(&moved_index.text()),
        root_files,
        "the older index lists what /sitemap.xml listed"
    );
    let root = site.get("/sitemap.xml").await.text();
    let newest_file = (newest - 1) / 2 + 1;
    assert_eq!(
        locs(&root),
        vec![
            format!("{BASE_URL}/sitemaps/articles-{newest_file}.xml"),
            format!("{BASE_URL}/sitemaps/news.xml"),
        ],
        "{root}"
    );
}

on_both_backends!(a_repeat_request_with_the_etag_gets_304);
async fn a_repeat_request_with_the_etag_gets_304(backend: Backend) {
    let site = TestSite::on(backend).await;
    let mut uris = outputs(&site);
    uris.push("/sitemap.xml".into());
    uris.push("/robots.txt".into());
    for uri in uris {
        let first = site.get(&uri).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let etag = first.header("etag").expect("etag").to_string();
        let again = site
            .request(
                Request::get(&uri)
                    .header("if-none-match", &etag)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty(), "{uri}");
    }
}

#[tokio::test]
async fn feeds_carry_links_dates_text_pictures_authors_and_categories() {
    let site = TestSite::new().await;
    let rss = site.get("/feed/rss.xml").await;
    assert_eq!(
        rss.header("content-type"),
        Some("application/rss+xml; charset=utf-8")
    );
    let rss = rss.text();
    let main = &site.main;
    assert!(rss.contains("<language>ar</language>"));
    assert!(rss.contains(&format!("<title>{}</title>", main.headline)));
    assert!(rss.contains(&format!(
        "<guid isPermaLink=\"false\">{BASE_URL}/article/{}</guid>",
        main.id
    )));
    assert!(rss.contains(&format!("<dc:creator>{}</dc:creator>", site.author.name)));
    assert!(rss.contains(&format!(">{}</category>", site.asia.name)));
    assert!(rss.contains(&format!(
        "<enclosure url=\"{BASE_URL}/media/{}\"",
        site.hero.id
    )));
    assert!(rss.contains("<media:credit>"));
    assert!(rss.contains("<content:encoded>&lt;p&gt;"), "{rss}");
    let published = main.published_at.expect("published").to_rfc2822();
    assert!(rss.contains(&format!("<pubDate>{published}</pubDate>")));

    let atom = site.get("/feed/atom.xml").await.text();
    assert!(atom.contains("xml:lang=\"ar\""));
    assert!(atom.contains("<content type=\"html\">&lt;p&gt;"));
    assert!(atom.contains(&format!(
        "<published>{}</published>",
        main.published_at
            .expect("published")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )));

    let robots = site.get("/robots.txt").await.text();
    assert!(robots.contains(&format!("Sitemap: {BASE_URL}/sitemap.xml")));
    let index = site.get("/sitemap.xml").await.text();
    assert!(index.contains(&format!("<loc>{BASE_URL}/sitemaps/articles-1.xml</loc>")));
    assert_eq!(
        site.get("/sitemaps/articles-2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    let page = site.get(&section_path(&site.asia)).await.text();
    assert!(page.contains(&format!(
        "href=\"{}/feed/rss.xml\"",
        section_path(&site.asia)
    )));
    assert!(page.contains("href=\"/feed/atom.xml\""));
}

/// Each entry's id and content, read from the feed as XML: the text of `content` (RSS
/// `content:encoded`, Atom `content`) unescaped, after the entry's `id` (RSS `guid`, Atom
/// `id`), in document order.
fn entry_contents(xml: &str, id: &str, content: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current_id = String::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(e) if e.name().as_ref() == id.as_bytes() => {
                let raw = reader.read_text(e.name()).expect("the id's text");
                current_id = quick_xml::escape::unescape(&raw)
                    .expect("entities")
                    .into_owned();
            }
            Event::Start(e) if e.name().as_ref() == content.as_bytes() => {
                let raw = reader.read_text(e.name()).expect("the content's text");
                let text = quick_xml::escape::unescape(&raw).expect("entities");
                found.push((current_id.clone(), text.into_owned()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// Every feed the main article is in, with how its entries are read: (address, id
/// element, content element).
fn feeds_of_the_main_article(site: &TestSite) -> Vec<(String, &'static str, &'static str)> {
    let section = section_path(&site.asia);
    let author = format!(
        "/author/{}",
        warraq_domain::urls::encode_segment(&site.author.slug)
    );
    let mut feeds = Vec::new();
    for page in ["".to_string(), section, author] {
        feeds.push((format!("{page}/feed/rss.xml"), "guid", "content:encoded"));
        feeds.push((format!("{page}/feed/atom.xml"), "id", "content"));
    }
    feeds
}

on_both_backends!(full_text_feeds_carry_the_whole_story);
async fn full_text_feeds_carry_the_whole_story(backend: Backend) {
    let site = TestSite::on(backend).await;
    assert_eq!(site.site.feed_content.to_string(), "full", "the default");
    let main_id = format!("{BASE_URL}/article/{}", site.main.id);
    for (uri, id, content) in feeds_of_the_main_article(&site) {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let entries = entry_contents(&reply.text(), id, content);
        let (_, main) = entries
            .iter()
            .find(|(id, _)| *id == main_id)
            .unwrap_or_else(|| panic!("{uri} has the main article: {entries:?}"));
        for part in [
            "<p>أعلنت السلطات، الأربعاء، وصول الوزيرة إلى موسكو.</p>",
            "<h2>خلفية الزيارة</h2>",
            "<li>البند الثاني</li>",
        ] {
            assert!(main.contains(part), "{uri}: {part} in {main}");
        }
        assert!(
            !main.contains(&site.main.lede),
            "{uri}: the body, not the lede"
        );
    }
}

on_both_backends!(excerpt_feeds_carry_the_lede_and_nothing_of_the_body);
async fn excerpt_feeds_carry_the_lede_and_nothing_of_the_body(backend: Backend) {
    let config = warraq_web::SiteConfig {
        feed_content: "excerpt".parse().expect("a setting"),
        ..support::site_config()
    };
    let site = TestSite::configured(backend, config).await;
    let main_id = format!("{BASE_URL}/article/{}", site.main.id);
    for (uri, id, content) in feeds_of_the_main_article(&site) {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let xml = reply.text();
        let entries = entry_contents(&xml, id, content);
        assert!(!entries.is_empty(), "{uri}");
        let main = entries
            .iter()
            .find(|(id, _)| *id == main_id)
            .map(|(_, content)| content.as_str());
        assert_eq!(
            main,
            Some(format!("<p>{}</p>", site.main.lede).as_str()),
            "{uri}"
        );
        for (id, content) in &entries {
            assert!(
                content.starts_with("<p>")
                    && content.ends_with("</p>")
                    && content.matches("<p>").count() == 1,
                "{uri} {id}: one paragraph, the lede: {content}"
            );
        }
        for body_text in ["أعلنت السلطات", "خلفية الزيارة", "البند الأول", "نص الخبر"]
        {
            assert!(!xml.contains(body_text), "{uri} gives away {body_text}");
        }
    }
}

/// The repository's root, where `scripts/setup` makes `.venv-test`.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `tests/feeds/check.py` with `args` and the sitemaps.org XSDs from ../shared (the
/// check says plainly when they are absent).
fn run_check(python: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let xsds = repo_root().join("../shared/standards/sitemaps");
    if !xsds.exists() {
        println!("../shared is absent: sitemaps are checked without the sitemaps.org XSDs");
    }
    let output = std::process::Command::new(python)
        .arg(repo_root().join("tests/feeds/check.py"))
        .args(args)
        .arg(&xsds)
        .output()
        .expect("run check.py");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    output
}

/// The Python of `.venv-test`, or `None` (the test says it skipped).
fn test_python() -> Option<PathBuf> {
    let python = repo_root().join(".venv-test/bin/python");
    if python.exists() {
        Some(python)
    } else {
        println!("SKIPPED: no .venv-test with feedparser and lxml; run scripts/setup");
        None
    }
}

/// Every feed and sitemap the check reads, as the site serves them, in a folder.
async fn served_outputs(site: &TestSite) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp folder");
    let section = section_path(&site.asia);
    for (uri, file) in [
        ("/feed/rss.xml".to_string(), "rss.xml"),
        ("/feed/atom.xml".to_string(), "atom.xml"),
        (format!("{section}/feed/rss.xml"), "section-rss.xml"),
        (format!("{section}/feed/atom.xml"), "section-atom.xml"),
        ("/sitemap.xml".to_string(), "sitemap.xml"),
        ("/sitemaps/articles-1.xml".to_string(), "articles-1.xml"),
        ("/sitemaps/news.xml".to_string(), "news.xml"),
    ] {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        std::fs::write(folder.path().join(file), &reply.body).expect("write");
    }
    folder
}

/// The test site with something from the last 48 hours, for the news sitemap.
async fn site_with_fresh_news() -> TestSite {
    let site = TestSite::new().await;
    let mut d = ArticleDraft::new("مؤتمر صحافي في الرياض اليوم", site.asia.id);
    d.lede = "تفاصيل المؤتمر الصحافي".into();
    d.body = vec![warraq_domain::Block::paragraph(
        "قال المتحدث إن المحادثات «بناءة» & مستمرة <غدا>.",
    )];
    d.publish(Utc::now() - Duration::minutes(10));
    create(&site, &d).await;
    site.caught_up().await;
    site
}

#[tokio::test]
async fn third_party_clients_accept_the_feeds_and_sitemaps() {
    let Some(python) = test_python() else { return };
    let site = site_with_fresh_news().await;
    let folder = served_outputs(&site).await;
    let output = run_check(&python, &[folder.path().as_os_str()]);
    assert!(
        output.status.success(),
        "check.py failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("news.xml: 1 urls"),
        "the fresh story is in the news sitemap"
    );

    // A feed item's link leads to the article page.
    let rss = std::fs::read_to_string(folder.path().join("rss.xml")).expect("rss");
    let link = rss
        .split("<item>")
        .nth(1)
        .and_then(|item| item.split("<link>").nth(1))
        .and_then(|rest| rest.split("</link>").next())
        .expect("an item with a link");
    let path = link.strip_prefix(BASE_URL).expect("link on the site");
    assert_eq!(site.get(path).await.status, StatusCode::OK, "{link}");
}

#[tokio::test]
async fn the_sitemap_check_refuses_broken_news_entries() {
    let Some(python) = test_python() else { return };
    // Its own bad documents, with and without the sitemaps.org schemas.
    let output = run_check(&python, &["--self-test".as_ref()]);
    assert!(
        output.status.success(),
        "check.py --self-test:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // What the site served, broken in two ways: each is refused, naming the fault.
    let site = site_with_fresh_news().await;
    let folder = served_outputs(&site).await;
    let news = std::fs::read_to_string(folder.path().join("news.xml")).expect("news");
    let date_start = news.find("<news:publication_date>").expect("a date");
    let date_end =
        news.find("</news:publication_date>").expect("its end") + "</news:publication_date>".len();
    let without_date = format!("{}{}", &news[..date_start], &news[date_end..]);
    let english = news.replace(
        "<news:language>ar</news:language>",
        "<news:language>english</news:language>",
    );
    assert_ne!(english, news);
    for (broken, fault) in [
        (without_date, "publication_date"),
        (english, "news:language 'english'"),
    ] {
        std::fs::write(folder.path().join("news.xml"), broken).expect("write");
        let output = run_check(&python, &[folder.path().as_os_str()]);
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(
            !output.status.success(),
            "accepted a news entry without {fault}"
        );
        assert!(
            said.lines()
                .any(|l| l.starts_with("PROBLEM: news.xml") && l.contains(fault)),
            "{said}"
        );
    }
}
