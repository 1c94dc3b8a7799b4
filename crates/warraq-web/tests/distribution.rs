//! Tag and author pages and their feeds list exactly what readers may see now: a
//! scheduled or an embargoed story with the tag (or the byline) enters them at its moment,
//! an unpublished one leaves them; they page by cursor like section pages (a cursor typed
//! in Arabic-Indic digits is the same page), their addresses are canonical (other
//! spellings are sent there), and a feed item's link leads to the article's page.

#[macro_use]
mod support;

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use support::{BASE_URL, Backend, TestSite, attr, eventually, one, sel};
use warraq_domain::arabic::{slugify, to_arabic_indic_digits};
use warraq_domain::urls::{article_path, encode_segment};
use warraq_domain::{Actor, Article, ArticleDraft, Status};
use warraq_store::StoreWrites;

/// Far enough ahead for every "before" check to finish first, even on a busy machine.
const AHEAD: i64 = 4;
const KOREA: &str = "كوريا الشمالية";

fn tag_page(tag: &str) -> String {
    format!("/tag/{}", encode_segment(&slugify(tag)))
}

fn author_page(site: &TestSite) -> String {
    format!("/author/{}", encode_segment(&site.author.slug))
}

/// The tag and author pages and feeds an article by the fixture's author tagged
/// `KOREA` appears in.
fn outputs(site: &TestSite) -> Vec<String> {
    let mut all = Vec::new();
    for page in [tag_page(KOREA), author_page(site)] {
        all.push(format!("{page}/feed/rss.xml"));
        all.push(format!("{page}/feed/atom.xml"));
        all.push(page);
    }
    all
}

/// The articles a tag or author page lists, as the paths its teasers link.
async fn listed(site: &TestSite, path: &str) -> Vec<String> {
    let reply = site.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}");
    reply
        .html()
        .select(&sel(".teaser-title a"))
        .map(|a| attr(a, "href").to_string())
        .collect()
}

/// Where `article` is listed among [`outputs`] (pages by their teasers' links, feeds by
/// the article's absolute address).
async fn listed_in(site: &TestSite, article: &Article) -> Vec<(String, bool)> {
    let path = article_path(article);
    let mut seen = Vec::new();
    for uri in outputs(site) {
        let present = if uri.ends_with(".xml") {
            let reply = site.get(&uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}");
            reply.text().contains(&format!("{BASE_URL}{path}"))
        } else {
            listed(site, &uri).await.contains(&path)
        };
        seen.push((uri, present));
    }
    seen
}

fn everywhere(seen: &[(String, bool)], present: bool) -> bool {
    seen.iter().all(|(_, listed)| *listed == present)
}

/// A story by the fixture's author, tagged with `tag`, in `status`.
fn story(site: &TestSite, headline: &str, tag: &str) -> ArticleDraft {
    let mut d = ArticleDraft::new(headline, site.asia.id);
    d.lede = format!("موجز: {headline}");
    d.body = vec![warraq_domain::Block::paragraph(format!("نص: {headline}"))];
    d.tags = vec![tag.to_string()];
    d.author_ids = vec![site.author.id];
    d
}

async fn create(site: &TestSite, draft: &ArticleDraft) -> Article {
    site.store
        .create_article(Actor::System, draft)
        .await
        .expect("article")
}

on_both_backends!(tag_and_author_pages_and_feeds_list_exactly_the_visible_articles);
async fn tag_and_author_pages_and_feeds_list_exactly_the_visible_articles(backend: Backend) {
    let site = TestSite::on(backend).await;
    let now = Utc::now();
    // The same tag spelled with a shadda: one tag, one page.
    let mut d = story(&site, "صواريخ جديدة فوق البحر", "كوريا الشماليّة");
    d.publish(now - Duration::minutes(10));
    let published = create(&site, &d).await;
    let mut d = story(&site, "خبر ينشر ثم يسحب", KOREA);
    d.publish(now - Duration::minutes(5));
    let withdrawn = create(&site, &d).await;
    let moment = Utc::now() + Duration::seconds(AHEAD);
    let mut d = story(&site, "قمة مجدولة في بيونغ يانغ", KOREA);
    d.status = Status::Scheduled;
    d.published_at = Some(moment);
    let scheduled = create(&site, &d).await;
    let mut d = story(&site, "تقرير أممي تحت الحظر", KOREA);
    d.status = Status::Embargoed;
    d.published_at = Some(now - Duration::hours(1));
    d.embargo_until = Some(moment);
    let embargoed = create(&site, &d).await;
    let draft = create(&site, &story(&site, "مسودة عن كوريا", KOREA)).await;
    site.caught_up().await;

    // Newest first, exactly the visible ones (the fixture's main story carries the tag
    // and the byline too).
    let expected: Vec<String> = [&withdrawn, &published, &site.main]
        .iter()
        .map(|a| article_path(a))
        .collect();
    assert_eq!(listed(&site, &tag_page(KOREA)).await, expected);
    assert_eq!(listed(&site, &author_page(&site)).await, expected);
    for hidden in [&scheduled, &embargoed, &draft] {
        let seen = listed_in(&site, hidden).await;
        assert!(everywhere(&seen, false), "before its moment: {seen:?}");
    }
    let seen = listed_in(&site, &published).await;
    assert!(everywhere(&seen, true), "published: {seen:?}");

    // Unpublished: it leaves every page and feed.
    let mut content = withdrawn.content.clone();
    content.status = Status::Unpublished;
    site.store
        .update_article(Actor::System, withdrawn.id, &content, None)
        .await
        .expect("unpublish");
    eventually(
        "the unpublished story gone from the tag and author pages and feeds",
        StdDuration::from_secs(3),
        || async { everywhere(&listed_in(&site, &withdrawn).await, false).then_some(()) },
    )
    .await;
    assert!(
        Utc::now() < moment,
        "the checks before the moment took longer than {AHEAD} s; the test proves nothing"
    );

    // At their moment the scheduled and the embargoed story come in, with nobody acting.
    let (_, took) = eventually(
        "the scheduled and the embargoed story on the tag and author pages and feeds",
        (moment - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_secs(5),
        || async {
            (everywhere(&listed_in(&site, &scheduled).await, true)
                && everywhere(&listed_in(&site, &embargoed).await, true))
            .then_some(())
        },
    )
    .await;
    println!("{backend:?}: listed everywhere after {took:?} of polling");
    assert!(everywhere(&listed_in(&site, &draft).await, false));
}

on_both_backends!(a_feed_items_link_leads_to_the_article_page_with_the_same_canonical);
async fn a_feed_items_link_leads_to_the_article_page_with_the_same_canonical(backend: Backend) {
    let site = TestSite::on(backend).await;
    let mut d = story(&site, "محادثات جديدة في موسكو", KOREA);
    d.publish(Utc::now() - Duration::minutes(3));
    create(&site, &d).await;
    site.caught_up().await;
    for uri in outputs(&site).into_iter().filter(|u| u.ends_with(".xml")) {
        let reply = site.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let expected_type = if uri.ends_with("rss.xml") {
            "application/rss+xml; charset=utf-8"
        } else {
            "application/atom+xml; charset=utf-8"
        };
        assert_eq!(reply.header("content-type"), Some(expected_type), "{uri}");
        let links = item_links(&reply.text());
        assert_eq!(links.len(), 2, "{uri}: {links:?}");
        for link in links {
            let path = link.strip_prefix(BASE_URL).expect("a link on the site");
            let page = site.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{link}");
            let doc = page.html();
            assert_eq!(attr(one(&doc, r#"link[rel="canonical"]"#), "href"), link);
        }
    }
}

/// The article links of a feed: RSS `<link>` of items, Atom `rel="alternate"` of entries.
fn item_links(feed: &str) -> Vec<String> {
    let mut links = Vec::new();
    for item in feed.split("<item>").skip(1) {
        if let Some(link) = item
            .split("<link>")
            .nth(1)
            .and_then(|rest| rest.split("</link>").next())
        {
            links.push(link.to_string());
        }
    }
    for entry in feed.split("<entry>").skip(1) {
        if let Some(link) = entry
            .split(r#"<link rel="alternate" type="text/html" href=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            links.push(link.to_string());
        }
    }
    links
}

on_both_backends!(tag_pages_page_by_cursor_and_their_addresses_are_canonical);
async fn tag_pages_page_by_cursor_and_their_addresses_are_canonical(backend: Backend) {
    let site = TestSite::on(backend).await;
    // Fifteen stories with a tag written in Arabic-Indic digits: more than one page.
    let tag = "اقتصاد ٢٠٢٤";
    for filler in &site.fillers {
        let mut content = filler.content.clone();
        content.tags = vec![tag.into()];
        site.store
            .update_article(Actor::System, filler.id, &content, None)
            .await
            .expect("tag a filler");
    }
    site.caught_up().await;
    let base = tag_page(tag);
    assert_eq!(base, format!("/tag/{}", encode_segment("اقتصاد-2024")));

    // Other spellings of the address lead to the canonical one.
    for typed in [tag, "اقتصاد-٢٠٢٤", "اقتصاد 2024"] {
        let reply = site.get(&format!("/tag/{}", encode_segment(typed))).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{typed}");
        assert_eq!(reply.header("location"), Some(base.as_str()), "{typed}");
    }
    let feed = site
        .get(&format!("/tag/{}/feed/rss.xml", encode_segment(tag)))
        .await;
    assert_eq!(feed.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        feed.header("location"),
        Some(format!("{base}/feed/rss.xml").as_str())
    );

    let first = site.get(&base).await.html();
    let first_items: Vec<String> = first
        .select(&sel(".teaser-title a"))
        .map(|a| attr(a, "href").to_string())
        .collect();
    assert_eq!(first_items.len(), 12);
    let next = attr(one(&first, r#".pager a[rel="next"]"#), "href").to_string();
    assert!(next.starts_with(&format!("{base}?after=")), "{next}");
    let second = site.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    let second_doc = second.html();
    assert_eq!(
        attr(one(&second_doc, r#"link[rel="canonical"]"#), "href"),
        format!("{BASE_URL}{next}")
    );
    assert_eq!(
        second_doc.select(&sel(r#".pager a[rel="next"]"#)).count(),
        0
    );
    let second_items: Vec<String> = second_doc
        .select(&sel(".teaser-title a"))
        .map(|a| attr(a, "href").to_string())
        .collect();
    let all: HashSet<String> = first_items.iter().chain(&second_items).cloned().collect();
    let fillers: HashSet<String> = site.fillers.iter().map(article_path).collect();
    assert_eq!(first_items.len() + second_items.len(), fillers.len());
    assert_eq!(all, fillers, "every tagged story once");

    // The cursor typed in Arabic-Indic digits is the same page.
    let (path, cursor) = next.split_once("?after=").expect("a cursor");
    let arabic = format!(
        "{path}?after={}",
        encode_segment(&to_arabic_indic_digits(cursor))
    );
    assert_eq!(listed(&site, &arabic).await, second_items);
    assert_eq!(
        site.get(&format!("{base}?after=nonsense")).await.status,
        StatusCode::BAD_REQUEST
    );
}

on_both_backends!(unknown_tags_and_authors_and_authors_of_nothing_visible_are_not_found);
async fn unknown_tags_and_authors_and_authors_of_nothing_visible_are_not_found(backend: Backend) {
    let site = TestSite::on(backend).await;
    let nobody = site
        .store
        .find_or_create_person(Actor::System, "كاتب بلا مقالات منشورة", None)
        .await
        .expect("person");
    let mut d = ArticleDraft::new("مسودة لكاتب جديد", site.asia.id);
    d.author_ids = vec![nobody.id];
    d.tags = vec!["وسم المسودات".into()];
    create(&site, &d).await;
    site.caught_up().await;
    let nobody_page = format!("/author/{}", encode_segment(&nobody.slug));
    for uri in [
        tag_page("وسم لا يحمله أي خبر"),
        tag_page("وسم المسودات"),
        format!("{}/feed/rss.xml", tag_page("وسم المسودات")),
        format!("/tag/{}", encode_segment("؟!")),
        format!("/author/{}", encode_segment("لا-أحد")),
        nobody_page.clone(),
        format!("{nobody_page}/feed/atom.xml"),
    ] {
        assert_eq!(site.get(&uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // A person's address typed with a space leads to their page.
    let typed = format!("/author/{}", encode_segment(&site.author.name));
    let reply = site.get(&typed).await;
    assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(reply.header("location"), Some(author_page(&site).as_str()));
}
