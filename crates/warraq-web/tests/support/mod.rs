//! A site over a real store (SQLite in a temporary file, or PostgreSQL in a schema of the
//! test's own), filled through the `Store` trait with articles whose every field the tests
//! know and served by a running node (change-log follower, go-live scheduler), plus
//! helpers to request pages in process and parse them.

#![allow(dead_code)]

/// Runs an async test body once on SQLite and once on PostgreSQL (test binaries that do
/// not use it are fine).
#[allow(unused_macros)]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn on_sqlite() {
                super::$name(super::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn on_postgres() {
                super::$name(super::Backend::Postgres).await
            }
        }
    };
}

use std::io::Cursor as IoCursor;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{DateTime, Duration, Utc};
use image::{DynamicImage, ImageFormat, RgbImage};
use tower::ServiceExt;
use warraq_domain::{
    Actor, Article, ArticleDraft, Block, Bureau, Credit, ExternalRelated, Media, MediaDraft,
    Person, RelatedLink, Section,
};
use warraq_store::{DynStore, Store, StoreWrites};
use warraq_store_sql::SqlStore;
use warraq_web::{Node, NodeSettings, Site, SiteConfig};

pub const SITE_NAME: &str = "ورّاق";
pub const BASE_URL: &str = "http://news.test";
/// Articles in the filler section, more than one page of it.
pub const FILLER_COUNT: usize = 15;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

const PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn pg_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL").unwrap_or_else(|_| PG_URL.to_string())
}

/// An empty store of the test's own: a SQLite file in a temporary folder, or a PostgreSQL
/// schema dropped when the test ends, passed or failed.
pub struct TestStore {
    pub store: DynStore,
    /// The same store, concretely (to close it and so cut the node off its database).
    pub sql: SqlStore,
    /// Holds the SQLite file (`warraq.db`).
    pub dir: tempfile::TempDir,
    _schema: Option<ScratchSchema>,
}

impl TestStore {
    pub async fn open(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (sql, schema) = match backend {
            Backend::Sqlite => (
                SqlStore::open_sqlite(&dir.path().join("warraq.db"))
                    .await
                    .expect("open sqlite store"),
                None,
            ),
            Backend::Postgres => {
                let sql = SqlStore::connect_postgres_isolated(&pg_url())
                    .await
                    .expect("PostgreSQL at 127.0.0.1:5432 (WARRAQ_TEST_DATABASE_URL)");
                let schema = ScratchSchema(sql.postgres_schema().expect("a schema").into());
                (sql, Some(schema))
            }
        };
        TestStore {
            store: Arc::new(sql.clone()),
            sql,
            dir,
            _schema: schema,
        }
    }
}

/// Drops an isolated PostgreSQL schema when the test ends, whatever happened.
struct ScratchSchema(String);

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        if let Err(e) = warraq_store_sql::drop_scratch_schema(&pg_url(), &self.0) {
            eprintln!(
                "warning: the scratch schema {} was not dropped: {e}",
                self.0
            );
        }
    }
}

/// Polls `check` every 20 ms until it gives a value or `deadline` passes; returns the value
/// and how long it took.
pub async fn eventually<T, F, Fut>(
    what: &str,
    deadline: StdDuration,
    mut check: F,
) -> (T, StdDuration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(found) = check().await {
            return (found, started.elapsed());
        }
        assert!(
            started.elapsed() < deadline,
            "{what}: not within {deadline:?}"
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

pub fn site_config() -> SiteConfig {
    SiteConfig {
        site_name: SITE_NAME.into(),
        base_url: BASE_URL.into(),
        utc_offset_minutes: 180,
        websub_hub: None,
        ..SiteConfig::default()
    }
}

pub struct TestSite {
    pub app: Site,
    pub store: DynStore,
    pub site: SiteConfig,
    /// The running node: its follower and scheduler stop when the test ends.
    pub node: Node,
    /// Declared after the node, so the node stops before the database goes.
    pub db: TestStore,
    pub main: Article,
    pub related_asia: Article,
    pub related_europe: Article,
    pub draft: Article,
    pub fillers: Vec<Article>,
    pub hero: Media,
    pub archive_photo: Media,
    pub body_photo: Media,
    pub source_only_photo: Media,
    pub author: Person,
    pub moscow: Bureau,
    pub washington: Bureau,
    pub asia: Section,
    pub europe: Section,
    pub economy: Section,
    pub external: ExternalRelated,
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test time")
        .with_timezone(&Utc)
}

/// A generated photo: a gradient, encoded as `format`.
pub fn photo_bytes(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x / 7 % 256) as u8, (y / 5 % 256) as u8, 120])
    });
    let mut out = IoCursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .expect("encode test photo");
    out.into_inner()
}

pub async fn stored_photo(
    store: &dyn Store,
    key: &str,
    caption: &str,
    credit: &str,
    archive: bool,
) -> Media {
    store
        .put_blob(
            Actor::System,
            key,
            "image/jpeg",
            &photo_bytes(1600, 900, ImageFormat::Jpeg),
        )
        .await
        .expect("blob");
    store
        .create_media(
            Actor::System,
            &MediaDraft {
                file: Some(key.to_string()),
                mime: Some("image/jpeg".into()),
                width: Some(1600),
                height: Some(900),
                alt: format!("وصف: {caption}"),
                caption: caption.to_string(),
                credit: Some(Credit::Agency {
                    code: credit.to_string(),
                }),
                archive,
                ..MediaDraft::default()
            },
        )
        .await
        .expect("media")
}

async fn publish(store: &dyn Store, mut draft: ArticleDraft, when: DateTime<Utc>) -> Article {
    draft.publish(when);
    store
        .create_article(Actor::System, &draft)
        .await
        .expect("article")
}

impl TestSite {
    /// The site on SQLite.
    pub async fn new() -> Self {
        Self::on(Backend::Sqlite).await
    }

    pub async fn on(backend: Backend) -> Self {
        Self::build(backend, None, site_config()).await
    }

    /// The site on `backend` with the operator's settings `site` (the test's own base URL
    /// and name are kept in [`site_config`]'s; pass `..site_config()`).
    pub async fn configured(backend: Backend, site: SiteConfig) -> Self {
        Self::build(backend, None, site).await
    }

    /// The site on `backend` with a search index (in memory) following the change log.
    pub async fn searching(backend: Backend) -> Self {
        let index = warraq_web::SearchIndex::in_memory().expect("search index");
        Self::build(backend, Some(index), site_config()).await
    }

    async fn build(
        backend: Backend,
        search: Option<warraq_web::SearchIndex>,
        site: SiteConfig,
    ) -> Self {
        let db = TestStore::open(backend).await;
        let store = db.store.clone();
        store.seed_defaults().await.expect("default sections");
        let s = store.as_ref();
        let asia = s.section_by_slug("آسيا").await.expect("asia");
        let europe = s.section_by_slug("أوروبا").await.expect("europe");
        let economy = s.section_by_slug("اقتصاد").await.expect("economy");
        let moscow = s
            .find_or_create_bureau(Actor::System, "موسكو")
            .await
            .expect("bureau");
        let washington = s
            .find_or_create_bureau(Actor::System, "واشنطن")
            .await
            .expect("bureau");
        let author = s
            .find_or_create_person(Actor::System, "سلمى الراوي", Some("مراسلة"))
            .await
            .expect("person");

        let hero = stored_photo(
            s,
            "hero.jpg",
            "مبنى السفارة في موسكو صباح الأربعاء",
            "EPA",
            false,
        )
        .await;
        let archive_photo =
            stored_photo(s, "archive.jpg", "لقاء سابق بين الوزيرين", "Reuters", true).await;
        let body_photo = stored_photo(s, "body.jpg", "الوفد لدى وصوله", "AFP", false).await;
        let source_only_photo = s
            .create_media(
                Actor::System,
                &MediaDraft {
                    source_url: Some("https://images.example.org/p/1.jpg".into()),
                    caption: "صورة بعيدة".into(),
                    ..MediaDraft::default()
                },
            )
            .await
            .expect("media");

        let t0 = at("2024-10-30T09:00:00Z");
        let mut fillers = Vec::new();
        for i in 0..FILLER_COUNT {
            let mut d = ArticleDraft::new(&format!("خبر اقتصادي رقم {}", i + 1), economy.id);
            d.lede = format!("موجز الخبر الاقتصادي {}", i + 1);
            d.body = vec![Block::paragraph(format!("نص الخبر الاقتصادي {}", i + 1))];
            // A picture known only by its URL is shown by a published article, so that
            // readers may see it.
            if i == 0 {
                d.body.push(Block::Image {
                    media_id: source_only_photo.id,
                    caption: None,
                    credit: None,
                });
            }
            // Two fillers share a publication time: paging must still visit both once.
            let when = t0 - Duration::hours(10 + i as i64 / 2 * 2);
            fillers.push(publish(s, d, when).await);
        }

        let mut d = ArticleDraft::new("سيول تتهم بيونغ يانغ بإرسال ذخائر جديدة", asia.id);
        d.lede = "اتهامات جديدة تتعلق بشحنات عبر الحدود".into();
        d.body = vec![Block::paragraph("قالت سيول إن شحنات جديدة عبرت الحدود.")];
        d.bureau_id = Some(washington.id);
        d.hero_id = Some(archive_photo.id);
        let related_asia = publish(s, d, t0 - Duration::hours(3)).await;

        let mut d = ArticleDraft::new("بروكسل تناقش عقوبات إضافية", europe.id);
        d.lede = "الاتحاد الأوروبي يبحث حزمة جديدة".into();
        d.bureau_id = Some(moscow.id);
        d.hero_id = Some(hero.id);
        let related_europe = publish(s, d, t0 - Duration::hours(2)).await;

        let external = ExternalRelated {
            title: "واشنطن تحذر من تعاون عسكري".into(),
            lede: Some("تحذير أميركي من تبعات الزيارة".into()),
            url: None,
            section: Some("الولايات المتحدة".into()),
            outlet: Some("«صحيفة المساء»".into()),
            bureau: Some("واشنطن".into()),
            thumbnail_caption: Some("مبنى وزارة الخارجية".into()),
            thumbnail_credit: Some(Credit::Agency {
                code: "Reuters".into(),
            }),
            thumbnail_archive: true,
        };
        let mut d = ArticleDraft::new("موسكو تعلن محادثات «استراتيجية» مع بيونغ يانغ", asia.id);
        d.subheadline = Some("زيارة رسمية تستمر ثلاثة أيام".into());
        d.lede = "وصلت وزيرة الخارجية إلى موسكو لإجراء محادثات".into();
        d.body = vec![
            Block::paragraph("أعلنت السلطات، الأربعاء، وصول الوزيرة إلى موسكو."),
            Block::Subheading {
                text: "خلفية الزيارة".into(),
            },
            Block::paragraph("تأتي الزيارة وسط تأكيدات <script>alert('x')</script> غربية."),
            Block::Quote {
                text: "«سنوافيكم بتفاصيل إضافية»".into(),
                attribution: Some("المتحدثة باسم الخارجية".into()),
                marks: Vec::new(),
            },
            Block::List {
                ordered: false,
                items: vec!["البند الأول".into(), "البند الثاني".into()],
                item_marks: Vec::new(),
            },
            Block::Image {
                media_id: body_photo.id,
                caption: None,
                credit: None,
            },
        ];
        d.tags = vec!["كوريا الشمالية".into(), "روسيا".into()];
        d.author_ids = vec![author.id];
        d.bureau_id = Some(moscow.id);
        d.wire_sources = vec!["AFP".into(), "Reuters".into()];
        d.hero_id = Some(hero.id);
        d.related = vec![
            RelatedLink::Article {
                id: related_asia.id,
            },
            RelatedLink::Article {
                id: related_europe.id,
            },
            RelatedLink::External(external.clone()),
        ];
        let main = publish(s, d, t0).await;

        let mut d = ArticleDraft::new("مسودة لم تنشر بعد", asia.id);
        d.lede = "لا يراها القراء".into();
        let draft = s.create_article(Actor::System, &d).await.expect("draft");

        let node = match search {
            Some(index) => {
                Node::start_searching(store.clone(), site.clone(), NodeSettings::default(), index)
                    .await
            }
            None => Node::start(store.clone(), site.clone(), NodeSettings::default()).await,
        }
        .expect("node");
        TestSite {
            app: node.site(),
            store,
            site,
            node,
            db,
            main,
            related_asia,
            related_europe,
            draft,
            fillers,
            hero,
            archive_photo,
            body_photo,
            source_only_photo,
            author,
            moscow,
            washington,
            asia,
            europe,
            economy,
            external,
        }
    }

    /// Waits until the node's search index reflects everything the change log holds (its
    /// start-up build runs in a task of its own).
    pub async fn search_caught_up(&self) {
        let last = self.store.last_change_seq().await.expect("last change");
        let state = self.node.state();
        eventually(
            "the search index catches up",
            StdDuration::from_secs(10),
            || async {
                state
                    .search()
                    .and_then(|i| i.position())
                    .is_some_and(|p| p >= last)
                    .then_some(())
            },
        )
        .await;
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// Every article readers may see now, newest first (the test sites fit one list page).
    pub async fn visible_now(&self) -> Vec<Article> {
        let page = self
            .store
            .list_articles(&warraq_store::ArticleQuery {
                limit: 200,
                ..warraq_store::ArticleQuery::visible_at(Utc::now())
            })
            .await
            .expect("list");
        assert!(page.next.is_none(), "the test site fits one list page");
        page.items
    }

    /// Waits until the node's follower has applied everything the change log holds (a
    /// write is in every cache within a poll or two), and says how long it took.
    pub async fn caught_up(&self) -> StdDuration {
        let last = self.store.last_change_seq().await.expect("last change");
        let state = self.node.state();
        eventually(
            "the follower applies the log",
            StdDuration::from_secs(5),
            || async { (state.applied_seq() >= last).then_some(()) },
        )
        .await
        .1
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self
            .app
            .clone()
            .oneshot(request)
            .await
            .expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Sends one request through the site (or a bare router) in process.
pub async fn send<S>(app: &S, request: Request<Body>) -> Reply
where
    S: tower::Service<
            Request<Body>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone,
{
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .expect("body")
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("JSON body ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// `selector` parsed, failing the test with the selector's text when it is invalid.
pub fn sel(selector: &str) -> scraper::Selector {
    scraper::Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"))
}

/// The text of an element, whitespace collapsed.
pub fn text_of(element: scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn all_text(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text_of).collect()
}

pub fn one<'a>(doc: &'a scraper::Html, selector: &str) -> scraper::ElementRef<'a> {
    let found: Vec<_> = doc.select(&sel(selector)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{selector}`, found {}",
        found.len()
    );
    found[0]
}

pub fn attr<'a>(element: scraper::ElementRef<'a>, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", element.value().name()))
}

/// A site over any store, for content the tests did not write themselves (the demo).
pub struct TestSiteLite {
    pub app: Site,
    pub store: DynStore,
    pub node: Node,
    pub db: TestStore,
}

impl TestSiteLite {
    pub async fn get(&self, uri: &str) -> Reply {
        send(
            &self.app,
            Request::get(uri).body(Body::empty()).expect("request"),
        )
        .await
    }
}
