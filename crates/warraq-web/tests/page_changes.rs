//! A change re-renders exactly the kept pages it touches and leaves the others as they
//! were, byte for byte, in every form (identity, gzip, brotli): a publication, a
//! correction and an unpublication each change the article's page, the home page, its
//! section's page and feed, the site feed, the API list and the page of an article
//! relating to it; the other articles' pages, the other sections' pages and feeds, the
//! API list of another section and other API items keep their bytes, ETags and render.
//!
//! "Re-rendered" and "kept" are told apart by `x-warraq-render` (which render of the node
//! made the page), not by timing.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use support::{Backend, Reply, TestSite};
use warraq_domain::urls::{article_path, encode_segment, section_path};
use warraq_domain::{Actor, Article, ArticleDraft, RelatedLink, Status};
use warraq_store::StoreWrites;

/// The forms a page is asked in.
const ACCEPT: [&str; 3] = ["", "gzip", "gzip, br"];

/// A page as served in one form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    status: StatusCode,
    etag: Option<String>,
    encoding: Option<String>,
    render: Option<String>,
    cache: Option<String>,
    body: Vec<u8>,
}

impl Seen {
    fn of(reply: Reply) -> Seen {
        let header = |name: &str| reply.header(name).map(str::to_string);
        Seen {
            status: reply.status,
            etag: header("etag"),
            encoding: header("content-encoding"),
            render: header("x-warraq-render"),
            cache: header("x-warraq-cache"),
            body: reply.body,
        }
    }
}

async fn look(site: &TestSite, uri: &str) -> Vec<Seen> {
    let mut seen = Vec::new();
    for accept in ACCEPT {
        let mut request = Request::get(uri);
        if !accept.is_empty() {
            request = request.header("accept-encoding", accept);
        }
        seen.push(Seen::of(
            site.request(request.body(Body::empty()).unwrap()).await,
        ));
    }
    seen
}

/// The site, an unpublished story in Asia and a published one in Europe relating to it.
struct Fixture {
    site: TestSite,
    story: Article,
    relating: Article,
}

impl Fixture {
    async fn new(backend: Backend) -> Fixture {
        let site = TestSite::on(backend).await;
        let mut draft = ArticleDraft::new("قمة طارئة في جاكرتا", site.asia.id);
        draft.lede = "قادة المنطقة يجتمعون".into();
        let story = site
            .store
            .create_article(Actor::System, &draft)
            .await
            .unwrap();
        let mut draft = ArticleDraft::new("أوروبا تترقب نتائج القمة", site.europe.id);
        draft.related = vec![RelatedLink::Article { id: story.id }];
        draft.publish(site.main.published_at.unwrap() - Duration::hours(1));
        let relating = site
            .store
            .create_article(Actor::System, &draft)
            .await
            .unwrap();
        site.caught_up().await;
        Fixture {
            site,
            story,
            relating,
        }
    }

    async fn save(&self, edit: impl FnOnce(&mut ArticleDraft)) {
        let stored = self.site.store.article(self.story.id).await.unwrap();
        let mut draft = stored.content.clone();
        edit(&mut draft);
        self.site
            .store
            .update_article(Actor::System, self.story.id, &draft, None)
            .await
            .unwrap();
        self.site.caught_up().await;
    }

    /// Pages the story's changes touch.
    fn touched(&self) -> Vec<String> {
        let site = &self.site;
        vec![
            "/".into(),
            section_path(&site.asia),
            format!("{}/feed/rss.xml", section_path(&site.asia)),
            "/feed/rss.xml".into(),
            "/api/v1/articles".into(),
            article_path(&self.relating),
        ]
    }

    /// Pages they leave alone.
    fn kept(&self) -> Vec<String> {
        let site = &self.site;
        vec![
            article_path(&site.main),
            article_path(&site.related_asia),
            article_path(&site.related_europe),
            article_path(&site.fillers[3]),
            section_path(&site.europe),
            section_path(&site.economy),
            format!("{}/feed/rss.xml", section_path(&site.economy)),
            format!(
                "/api/v1/articles?section={}",
                encode_segment(&site.economy.slug)
            ),
            format!("/api/v1/articles/{}", site.main.id),
            format!("/api/v1/articles/{}", site.fillers[3].id),
        ]
    }

    /// Every watched page, as served now (read, so kept and counted as read recently).
    async fn snapshot(&self) -> Vec<(String, Vec<Seen>)> {
        let mut all = Vec::new();
        for uri in self.touched().into_iter().chain(self.kept()) {
            let seen = look(&self.site, &uri).await;
            assert_eq!(seen[0].status, StatusCode::OK, "{uri}");
            all.push((uri, seen));
        }
        all
    }

    /// Checks that the touched pages were rendered again (a new render, new bytes and
    /// ETags in every form, served from the cache: refreshed before the follower reported
    /// the change applied) and the others kept as they were.
    async fn assert_only_touched_changed(&self, before: &[(String, Vec<Seen>)], what: &str) {
        let touched = self.touched();
        for (uri, old) in before {
            let new = look(&self.site, uri).await;
            if touched.contains(uri) {
                for (old, new) in old.iter().zip(&new) {
                    assert_eq!(new.status, StatusCode::OK, "{what}: {uri}");
                    assert_ne!(new.render, old.render, "{what}: {uri} rendered again");
                    assert_ne!(new.etag, old.etag, "{what}: {uri} has new bytes");
                    assert_ne!(new.body, old.body, "{what}: {uri}");
                    assert_eq!(new.encoding, old.encoding, "{what}: {uri}");
                    assert_eq!(new.cache.as_deref(), Some("hit"), "{what}: {uri} warm");
                }
            } else {
                for (old, new) in old.iter().zip(&new) {
                    assert_eq!(new.render, old.render, "{what}: {uri} kept");
                    assert_eq!(new.etag, old.etag, "{what}: {uri} kept");
                    assert_eq!(new.encoding, old.encoding, "{what}: {uri} kept");
                    assert!(new.body == old.body, "{what}: {uri} kept, byte for byte");
                }
            }
        }
    }
}

on_both_backends!(a_publication_correction_and_unpublication_change_only_what_they_touch);
async fn a_publication_correction_and_unpublication_change_only_what_they_touch(backend: Backend) {
    let fixture = Fixture::new(backend).await;
    let site = &fixture.site;
    let story_path = article_path(&fixture.story);
    let headline = "قمة طارئة في جاكرتا";

    // Published: it appears in Asia's lists, the site's, and the story relating to it.
    let before = fixture.snapshot().await;
    assert!(!site.get("/").await.text().contains(headline));
    fixture
        .save(|d| d.publish(Utc::now() - Duration::seconds(1)))
        .await;
    fixture
        .assert_only_touched_changed(&before, "publication")
        .await;
    assert!(site.get("/").await.text().contains(headline));
    let relating = site.get(&article_path(&fixture.relating)).await.text();
    assert!(relating.contains(headline), "the related story appears");
    let page = site.get(&story_path).await;
    assert_eq!(page.status, StatusCode::OK);
    let keys = page.header("surrogate-key").unwrap().to_string();
    assert!(
        keys.split(' ')
            .any(|k| k == format!("article-{}", fixture.story.id)),
        "{keys}"
    );

    // Corrected: everything showing it shows the new headline.
    let before = fixture.snapshot().await;
    fixture
        .save(|d| d.headline = "قمة طارئة في جاكرتا تنتهي ببيان مشترك".into())
        .await;
    fixture
        .assert_only_touched_changed(&before, "correction")
        .await;
    assert!(
        site.get("/")
            .await
            .text()
            .contains("قمة طارئة في جاكرتا تنتهي ببيان مشترك")
    );

    // Unpublished: gone from every page at once, the others untouched.
    let before = fixture.snapshot().await;
    site.get(&story_path).await;
    fixture.save(|d| d.status = Status::Unpublished).await;
    assert_eq!(site.get(&story_path).await.status, StatusCode::NOT_FOUND);
    fixture
        .assert_only_touched_changed(&before, "unpublication")
        .await;
    for uri in fixture.touched() {
        for seen in look(site, &uri).await {
            assert!(
                !String::from_utf8_lossy(&decoded(&seen)).contains(headline),
                "{uri} no longer shows it"
            );
        }
    }
}

on_both_backends!(a_draft_saved_again_touches_no_page);
/// A story readers never saw is in no list: saving it re-renders nothing.
async fn a_draft_saved_again_touches_no_page(backend: Backend) {
    let fixture = Fixture::new(backend).await;
    let before = fixture.snapshot().await;
    fixture.save(|d| d.lede = "موجز أول للمسودة".into()).await;
    for (uri, old) in &before {
        let new = look(&fixture.site, uri).await;
        for (old, new) in old.iter().zip(&new) {
            assert_eq!(new.render, old.render, "{uri} kept");
            assert_eq!(new.etag, old.etag, "{uri} kept");
        }
    }
}

/// The page as the client reads it.
fn decoded(seen: &Seen) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match seen.encoding.as_deref() {
        Some("gzip") => {
            flate2::read::GzDecoder::new(seen.body.as_slice())
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("br") => {
            brotli::Decompressor::new(seen.body.as_slice(), 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        _ => out.clone_from(&seen.body),
    }
    out
}
