//! The state every handler shares: the store, the site's configuration, the templates,
//! the static-asset manifest and the node's caches (which the change-log follower keeps
//! up to date).

use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
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
use crate::page_cache;
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

    /// Whether a `GET` of exactly `target` (path and query, as sent) is answered from the
    /// page cache before routing.
    pub fn is_kept(&self, target: &str) -> bool {
        self.inner.caches.pages.get(target).is_some()
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

    /// Serves `key` (the path and the query parameters the route reads: see
    /// [`crate::page_cache::query_key`]) from the page cache; otherwise renders it with
    /// `render`, which judges visibility at the moment it is given, and keeps it with what
    /// it shows (the articles and pictures it links, the kind of page its key names), so
    /// that a change re-renders only the pages it touches. Concurrent misses on one key
    /// wait for one render. No query on a hit: the cache follows the change log.
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
        let pages = &self.inner.caches.pages;
        pages.hook_router(|| self.page_router_hook());
        // The follower rendering a page a change touched: render and keep, whatever is kept.
        if let Some(seq) = page_cache::refreshing() {
            let ticket = pages.ticket(seq);
            return Ok(
                match self.render_page(&key, content_type, ticket, render).await? {
                    PageRender::Kept(kept) => kept_response(&kept, "refresh"),
                    PageRender::Other(response) => response,
                },
            );
        }
        if let Some((kept, stale)) = pages.get(&key) {
            return Ok(kept_response(&kept, if stale { "stale" } else { "hit" }));
        }
        // One render per key: the first request renders, the others wait for its page.
        let flight = pages.flight(&key);
        let mut render = Some(render);
        let mut own: Option<Result<Response, AppError>> = None;
        let mut led = false;
        let (render_ref, own_ref, led_ref, key_ref) = (&mut render, &mut own, &mut led, &key);
        let shared = flight
            .get_or_init(|| async move {
                // A flight that just landed may have kept it.
                if let Some((kept, _)) = pages.get(key_ref) {
                    return Some(kept);
                }
                *led_ref = true;
                let render = render_ref.take()?;
                let ticket = pages.ticket(self.applied_seq());
                match self
                    .render_page(key_ref, content_type, ticket, render)
                    .await
                {
                    Ok(PageRender::Kept(kept)) => Some(kept),
                    Ok(PageRender::Other(response)) => {
                        *own_ref = Some(Ok(response));
                        None
                    }
                    Err(error) => {
                        *own_ref = Some(Err(error));
                        None
                    }
                }
            })
            .await
            .clone();
        pages.land(&key, &flight);
        if let Some(result) = own {
            return result;
        }
        if let Some(kept) = shared {
            return Ok(kept_response(&kept, if led { "miss" } else { "hit" }));
        }
        // What this request waited for was no page to share (a redirect, an error): its own.
        let render = render.ok_or_else(|| AppError::Internal("page render lost".into()))?;
        let ticket = pages.ticket(self.applied_seq());
        Ok(
            match self.render_page(&key, content_type, ticket, render).await? {
                PageRender::Kept(kept) => kept_response(&kept, "miss"),
                PageRender::Other(response) => response,
            },
        )
    }

    /// The page kept under `target` (a request's path and query, exactly as a cache key
    /// names it), as [`AppState::cached`] serves it on a hit to a request with `asked`
    /// headers: no render, no query.
    pub(crate) fn kept_page(&self, target: &str, asked: &HeaderMap) -> Option<Response> {
        let (kept, stale) = self.inner.caches.pages.get(target)?;
        let mut response = kept.page.respond(asked);
        kept_headers(
            response.headers_mut(),
            &kept,
            if stale { "stale" } else { "hit" },
        );
        Some(response)
    }

    /// Renders a page and offers it to the cache (kept unless a change applied since
    /// `ticket` touches it), each form compressed once rather than on every request.
    async fn render_page<F, Fut>(
        &self,
        key: &str,
        content_type: &'static str,
        ticket: page_cache::Ticket,
        render: F,
    ) -> Result<PageRender, AppError>
    where
        F: FnOnce(Arc<Snapshot>, DateTime<Utc>) -> Fut,
        Fut: Future<Output = Result<Rendered, AppError>>,
    {
        let snapshot = self.inner.caches.snapshot();
        let body = match render(snapshot.clone(), Utc::now()).await? {
            Rendered::Page(body) => body,
            Rendered::Response(response) => return Ok(PageRender::Other(response)),
        };
        let deps = page_cache::PageDeps::of(key, &body, &snapshot.sections);
        // A reader waits for this render: only the form it asks for is made (on the way
        // out). The follower rendering a page again makes now the forms readers took of
        // the page it replaces, off their time.
        let ahead = match page_cache::refreshing() {
            Some(_) => self.inner.caches.pages.made_forms(key),
            None => Vec::new(),
        };
        let page = Arc::new(PageForms::with_forms(
            content_type,
            Bytes::from(body),
            SystemTime::now(),
            &ahead,
        ));
        Ok(PageRender::Kept(self.inner.caches.pages.put(
            key.to_string(),
            ticket,
            page,
            deps,
        )))
    }

    /// How the follower reaches this node's routes to render touched pages again. Weak:
    /// the cache must not keep the state (and its database pool) alive.
    fn page_router_hook(&self) -> page_cache::RouterHook {
        let weak = Arc::downgrade(&self.inner);
        Arc::new(move || {
            weak.upgrade()
                .map(|inner| crate::router(AppState { inner }))
        })
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

/// What rendering a cached route gave.
enum PageRender {
    /// A page, as served (kept, unless a change made it out of date already).
    Kept(Arc<page_cache::Kept>),
    /// A response not kept (a redirect, an answer made without the search index).
    Other(Response),
}

/// A kept page's response, in its identity form; the router's `serve_page_forms` turns
/// it into the form the request accepts, or a 304.
fn kept_response(kept: &page_cache::Kept, cache_state: &'static str) -> Response {
    let mut response = kept.page.identity_response();
    kept_headers(response.headers_mut(), kept, cache_state);
    response
}

/// What a kept page's response says besides the page: how long others may keep it, the
/// keys a CDN purges it by (`Surrogate-Key`), and, for tests and operators, how it was
/// served (hit, miss, stale, refresh) and which render of this node made it.
fn kept_headers(headers: &mut HeaderMap, kept: &page_cache::Kept, cache_state: &'static str) {
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    headers.insert("x-warraq-cache", HeaderValue::from_static(cache_state));
    headers.insert("surrogate-key", kept.surrogate.clone());
    headers.insert("x-warraq-render", HeaderValue::from(kept.serial));
}
