//! The state every handler shares: the store, the site's configuration, the templates,
//! the static-asset manifest and the in-memory caches.

use std::future::Future;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;
use warraq_domain::urls::section_path;
use warraq_domain::{Agency, Section, SectionId};
use warraq_store::DynStore;

use crate::assets::AssetManifest;
use crate::config::SiteConfig;
use crate::error::{AppError, ErrorDetails};
use crate::images::RenditionCache;
use crate::page_cache::{CachedPage, PageCache};
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
    pages: PageCache,
    renditions: RenditionCache,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
}

/// What almost every page needs and rarely changes: the sections (navigation, labels)
/// and the agencies (credits). Reloaded only when the change log moves.
#[derive(Debug)]
pub struct Snapshot {
    pub seq: i64,
    pub sections: Vec<Section>,
    pub agencies: Vec<Agency>,
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
    /// Compiles the templates and builds the asset manifest; fails (and the server does
    /// not start) when a template is broken.
    pub async fn new(store: DynStore, site: SiteConfig) -> anyhow::Result<Self> {
        let assets = Arc::new(AssetManifest::build());
        let templates = build_environment(assets.clone())?;
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                site,
                templates,
                assets,
                pages: PageCache::default(),
                renditions: RenditionCache::default(),
                snapshot: RwLock::new(None),
            }),
        })
    }

    pub fn store(&self) -> &DynStore {
        &self.inner.store
    }

    pub fn site(&self) -> &SiteConfig {
        &self.inner.site
    }

    pub fn assets(&self) -> &AssetManifest {
        &self.inner.assets
    }

    pub fn renditions(&self) -> &RenditionCache {
        &self.inner.renditions
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

    /// Sections and agencies as of change `seq`, loaded at most once per change.
    pub async fn snapshot(&self, seq: i64) -> Result<Arc<Snapshot>, AppError> {
        if let Some(current) = self.read_snapshot().filter(|s| s.seq == seq) {
            return Ok(current);
        }
        let store = self.store();
        let fresh = Arc::new(Snapshot {
            seq,
            sections: store.list_sections().await?,
            agencies: store.list_agencies().await?,
        });
        let mut slot = self
            .inner
            .snapshot
            .write()
            .unwrap_or_else(|p| p.into_inner());
        if slot.as_ref().is_none_or(|s| s.seq <= seq) {
            *slot = Some(fresh.clone());
        }
        Ok(fresh)
    }

    fn read_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.inner
            .snapshot
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
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

    /// Serves `key` from the page cache when nothing changed since it was rendered;
    /// otherwise renders it with `render` and keeps it.
    pub async fn cached<F, Fut>(
        &self,
        key: String,
        content_type: &'static str,
        render: F,
    ) -> Result<Response, AppError>
    where
        F: FnOnce(Arc<Snapshot>) -> Fut,
        Fut: Future<Output = Result<Rendered, AppError>>,
    {
        let seq = self.store().last_change_seq().await?;
        if let Some(page) = self.inner.pages.get(&key, seq) {
            return Ok(page_response(page, "hit"));
        }
        let snapshot = self.snapshot(seq).await?;
        let body = match render(snapshot).await? {
            Rendered::Page(body) => body,
            Rendered::Response(response) => return Ok(response),
        };
        let page = CachedPage {
            content_type,
            body: Bytes::from(body),
        };
        self.inner.pages.put(key, seq, page.clone());
        Ok(page_response(page, "miss"))
    }

    /// The Arabic error page. Navigation is shown when the store answers; a store that is
    /// down still gets a page.
    pub async fn render_error_page(&self, details: &ErrorDetails) -> Result<String, AppError> {
        let snapshot = match self.store().last_change_seq().await {
            Ok(seq) => self.snapshot(seq).await.ok(),
            Err(_) => None,
        };
        let empty = Snapshot {
            seq: 0,
            sections: Vec::new(),
            agencies: Vec::new(),
        };
        let snapshot = snapshot.as_deref().unwrap_or(&empty);
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

fn page_response(page: CachedPage, cache_state: &'static str) -> Response {
    let mut response = page.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    headers.insert("x-warraq-cache", HeaderValue::from_static(cache_state));
    response
}
