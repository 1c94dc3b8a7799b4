//! `/robots.txt`, `/sitemap.xml` (an index), `/sitemaps/articles-{n}.xml` (the articles
//! readers may see now, cut by id into files of 1,000 ids, with their hero photos) and
//! `/sitemaps/news.xml` (Google News: the last 48 hours).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use warraq_domain::urls::{article_path, article_path_of, media_path};
use warraq_store::ArticleQuery;

use super::pictures_by_id;
use crate::config::SiteConfig;
use crate::error::AppError;
use crate::feeds::sitemap::{self, NewsUrl, PageUrl, SitemapRef, URLS_PER_SITEMAP};
use crate::feeds::{TEXT, XML};
use crate::state::AppState;

/// Google News takes articles of the last two days, at most 1,000 a sitemap.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_MAX: u32 = 1_000;

/// The configured ids a file, within what a sitemap may hold.
fn ids_per_file(site: &SiteConfig) -> u32 {
    site.sitemap_ids_per_file.clamp(1, URLS_PER_SITEMAP)
}

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        state.site().absolute("/sitemap.xml")
    );
    ([(header::CONTENT_TYPE, TEXT)], body).into_response()
}

pub async fn sitemap_index(State(state): State<AppState>) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached("/sitemap.xml".into(), XML, move |_, now| async move {
            let site = renderer.site();
            let files = renderer
                .store()
                .sitemap_files(now, ids_per_file(site))
                .await?;
            // Newest ids first, as the files list their URLs.
            let mut refs: Vec<SitemapRef> = files
                .iter()
                .rev()
                .map(|file| SitemapRef {
                    loc: site.absolute(&format!("/sitemaps/articles-{}.xml", file.number)),
                    lastmod: Some(file.lastmod),
                })
                .collect();
            refs.push(SitemapRef {
                loc: site.absolute("/sitemaps/news.xml"),
                lastmod: None,
            });
            Ok(sitemap::index(&refs)?.into())
        })
        .await
}

/// `file` is `articles-{n}.xml`, `n` from 1: the visible articles whose ids are in the
/// n-th range of `sitemap_ids_per_file` (see [`warraq_store::SitemapFile`]).
pub async fn article_sitemap(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let number: u32 = file
        .strip_prefix("articles-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .filter(|n| !n.starts_with(['0', '+']))
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::not_found("sitemap"))?;
    let renderer = state.clone();
    state
        .cached(format!("/sitemaps/{file}"), XML, move |_, now| async move {
            let store = renderer.store().as_ref();
            let site = renderer.site();
            let entries = store
                .sitemap_entries(now, number, ids_per_file(site))
                .await?;
            if entries.is_empty() {
                return Err(AppError::not_found("sitemap"));
            }
            let heroes = entries.iter().filter_map(|e| e.hero_id).collect();
            let pictures = pictures_by_id(store, heroes).await?;
            let urls: Vec<PageUrl> = entries
                .iter()
                .map(|e| PageUrl {
                    loc: site.absolute(&article_path_of(e.id, &e.slug)),
                    lastmod: e.updated_at,
                    images: e
                        .hero_id
                        .and_then(|id| pictures.get(&id))
                        // Only pictures with a file we serve are named.
                        .filter(|m| m.file.is_some())
                        .map(|m| site.absolute(&media_path(m.id, None)))
                        .into_iter()
                        .collect(),
                })
                .collect();
            Ok(sitemap::pages(&urls)?.into())
        })
        .await
}

pub async fn news_sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached("/sitemaps/news.xml".into(), XML, move |_, now| async move {
            let store = renderer.store().as_ref();
            let site = renderer.site();
            let since = now - Duration::hours(NEWS_WINDOW_HOURS);
            let page = store
                .list_articles(&ArticleQuery {
                    limit: NEWS_MAX,
                    ..ArticleQuery::visible_at(now)
                })
                .await?;
            // Newest first: the window ends at the first older article.
            let urls: Vec<NewsUrl> = page
                .items
                .iter()
                .map(|a| (a, a.visible_from().unwrap_or(a.created_at)))
                .take_while(|(_, from)| *from >= since)
                .map(|(a, from)| NewsUrl {
                    loc: site.absolute(&article_path(a)),
                    title: a.headline.clone(),
                    published: from,
                })
                .collect();
            Ok(sitemap::news(&site.site_name, &urls)?.into())
        })
        .await
}
