//! The state every handler shares: the store, the site's configuration, the templates,
//! the static-asset manifest and the node's caches (which the change-log follower keeps
//! up to date).

use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use minijinja::Environment;
use serde::Serialize;
use warraq_domain::SectionId;
use warraq_domain::urls::section_path;
use warraq_newsroom::Newsroom;
use warraq_search::SearchIndex;
use warraq_store::DynStore;

use crate::assets::AssetManifest;
use crate::caches::NodeCaches;
pub use crate::caches::Snapshot;
use crate::config::SiteConfig;
use crate::error::{AppError, ErrorDetails};
use crate::follower::Follower;
use crate::images::RenditionCache;
use crate::media_cache::VisibleMediaCache;
use crate::page_forms::PageForms;
use crate::templates::build_environment;
use crate::views::RenderContext;

pub const HTML: &str = "text/html; charset=utf-8";
pub const JSON: &str = "application/json";
/// Pages may be reused briefly by browsers and proxies; the server cache does the rest.
const PAGE_CACHE_CONTROL: &str = "public, max-age=60";

/// What a cached route produced: a page to keep, or a response that is not kept (a
/// redirect decided from the store).
pub enum Rendered {
    Page(String),
    Response(Response),
}

impl From<String> for Rendered {
    fn from(body: String) -> Self {
        Rendered::Page(body)
    }
}

/// Cheap to clone: everything lives behind one `Arc`.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: DynStore,
    site: SiteConfig,
    templates: Environment<'static>,
    assets: Arc<AssetManifest>,
    caches: Arc<NodeCaches>,
    /// The node's search index, when it keeps one (`warraq serve` always does).
    search: Option<SearchIndex>,
    /// The newsroom's rules (accounts, workflow), for the newsroom pages and the write API.
    newsroom: Newsroom,
}

/// The parts of every page: site name, navigation, canonical address, asset URLs.
#[derive(Debug, Serialize)]
pub struct LayoutView {
    pub site_name: String,
    pub canonical: String,
    pub nav: Vec<NavItem>,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
    pub current: bool,
}

impl AppState {
    /// Compiles the templates, builds the asset manifest and loads the caches at the
    /// change log's current position; fails (and the server does not start) when a
    /// template is broken or the store does not answer.
    ///
    /// The caches follow the store only while a [`Follower`] runs (see
    /// [`AppState::follower`]; [`crate::Node`] starts one).
    pub async fn new(store: DynStore, site: SiteConfig) -> anyhow::Result<Self> {
        Self::with_search(store, site, None).await
    }

    /// Like [`AppState::new`], with the node's search index (kept up to date by whoever
    /// follows the change log: [`crate::Node::start_searching`]).
    pub async fn with_search(
        store: DynStore,
        site: SiteConfig,
        search: Option<SearchIndex>,
    ) -> anyhow::Result<Self> {
        let assets = Arc::new(AssetManifest::build());
        let templates = build_environment(assets.clone())?;
        let caches = Arc::new(NodeCaches::load(store.clone()).await?);
        Ok(AppState {
            inner: Arc::new(Inner {
                newsroom: Newsroom::new(store.clone()),
                store,
                site,
                templates,
                assets,
                caches,
                search,
            }),
        })
    }

    /// A follower of the change log that keeps this state's caches up to date; more
    /// subscribers (search, feeds) may be added before it is spawned.
    pub fn follower(&self) -> Follower {
        Follower::new(self.store().clone(), self.inner.caches.applied_position())
            .subscribe(self.inner.caches.clone())
    }

    /// The change-log position this node's caches reflect.
    pub fn applied_seq(&self) -> i64 {
        self.inner.caches.position()
    }

    /// How many rendered pages are kept.
    pub fn cached_pages(&self) -> usize {
        self.inner.caches.pages.len()
    }

    pub fn search(&self) -> Option<&SearchIndex> {
        self.inner.search.as_ref()
    }

    /// Whether the search index reflects at least what the caches do. While the index is
    /// built at start-up it is not, and pages showing suggestions from it are not kept.
    pub fn search_ready(&self) -> bool {
        self.inner
            .search
            .as_ref()
            .and_then(SearchIndex::position)
            .is_some_and(|p| p >= self.applied_seq())
    }

    pub fn store(&self) -> &DynStore {
        &self.inner.store
    }

    pub fn newsroom(&self) -> &Newsroom {
        &self.inner.newsroom
    }

    pub fn site(&self) -> &SiteConfig {
        &self.inner.site
    }

    pub fn assets(&self) -> &AssetManifest {
        &self.inner.assets
    }

    pub fn renditions(&self) -> &RenditionCache {
        &self.inner.caches.renditions
    }

    pub fn visible_media(&self) -> &VisibleMediaCache {
        &self.inner.caches.media
    }

    /// The sections and agencies as of the applied position.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.caches.snapshot()
    }

    pub fn templates(&self) -> &Environment<'static> {
        &self.inner.templates
    }

    pub fn render<S: Serialize>(&self, template: &str, ctx: S) -> Result<String, AppError> {
        self.inner
            .templates
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|source| AppError::Render {
                template: template.to_string(),
                source,
            })
    }

    pub fn render_context<'a>(&'a self, snapshot: &'a Snapshot) -> RenderContext<'a> {
        RenderContext {
            site: self.site(),
            agencies: &snapshot.agencies,
            sections: &snapshot.sections,
        }
    }

    /// The layout for a page at `path` (made absolute for the canonical link).
    pub fn layout(
        &self,
        snapshot: &Snapshot,
        path: &str,
        current: Option<SectionId>,
        title: &str,
        description: &str,
    ) -> LayoutView {
        let site = self.site();
        LayoutView {
            site_name: site.site_name.clone(),
            canonical: site.absolute(path),
            nav: snapshot
                .sections
                .iter()
                .filter(|s| s.parent_id.is_none())
                .map(|s| NavItem {
                    label: s.name.clone(),
                    url: section_path(s),
                    current: Some(s.id) == current,
                })
                .collect(),
            title: if title.is_empty() {
                site.site_name.clone()
            } else {
                format!("{title} | {}", site.site_name)
            },
            description: description.to_string(),
        }
    }

    /// Serves `key` from the page cache when the follower applied nothing since it was
    /// rendered (no query: the position is in memory); otherwise renders it with `render`,
    /// which judges visibility at the moment it is given, and keeps it.
    pub async fn cached<F, Fut>(
        &self,
        key: String,
        content_type: &'static str,
        render: F,
    ) -> Result<Response, AppError>
    where
        F: FnOnce(Arc<Snapshot>, DateTime<Utc>) -> Fut,
        Fut: Future<Output = Result<Rendered, AppError>>,
    {
        let caches = &self.inner.caches;
        let seq = caches.position();
        if let Some(page) = caches.pages.get(&key, seq) {
            return Ok(page_response(&page, "hit"));
        }
        let body = match render(caches.snapshot(), Utc::now()).await? {
            Rendered::Page(body) => body,
            Rendered::Response(response) => return Ok(response),
        };
        // Compressed once here, on the miss, rather than on every request that reads it.
        let page = Arc::new(PageForms::new(
            content_type,
            Bytes::from(body),
            SystemTime::now(),
        ));
        caches.pages.put(key, seq, page.clone());
        Ok(page_response(&page, "miss"))
    }

    /// The Arabic error page, with the navigation the node knows (no query: a store that
    /// is down still gets a page).
    pub async fn render_error_page(&self, details: &ErrorDetails) -> Result<String, AppError> {
        let snapshot = self.snapshot();
        let snapshot = snapshot.as_ref();
        let title = if details.status.as_u16() == 404 {
            "الصفحة غير موجودة"
        } else {
            "تعذّر عرض الصفحة"
        };
        let layout = self.layout(snapshot, "/", None, title, "");
        self.render(
            "error.html",
            minijinja::context! { layout, title, message => details.message, code => details.code, status => details.status.as_u16() },
        )
    }
}

/// A page served without keeping it (the server cache, browsers and proxies alike).
pub fn uncached_page(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A cached page in its identity form, with `ETag`, `Last-Modified` and `Vary`; the
/// router's `serve_page_forms` turns it into the form the request accepts, or a 304.
fn page_response(page: &Arc<PageForms>, cache_state: &'static str) -> Response {
    let mut response = page.identity_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    headers.insert("x-warraq-cache", HeaderValue::from_static(cache_state));
    response
}
