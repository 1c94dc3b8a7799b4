//! `/robots.txt` (every sitemap index), `/sitemap.xml` (the index of the newest article
//! sitemaps and of the news sitemap), `/sitemaps/index-{k}.xml` (the indexes of older
//! article sitemaps, 100 files each), `/sitemaps/articles-{n}.xml` (the articles readers
//! may see now, cut by id into files of 1,000 ids, with their hero photos) and
//! `/sitemaps/news.xml` (Google News: the last 48 hours).
//!
//! Every one of them costs the same at a million articles as at a thousand: a file lists
//! at most 1,000 URLs, an index at most 100 files, and `robots.txt` names one index per
//! 100,000 ids (crawlers read the sitemaps it names; an index may not name another).

use std::ops::RangeInclusive;

use axum::extract::{Path, State};
use axum::response::Response;
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

/// The configured files an index, within what an index may hold.
fn files_per_index(site: &SiteConfig) -> u32 {
    site.sitemap_files_per_index.clamp(1, URLS_PER_SITEMAP)
}

/// The index (from 1) that lists article sitemap file `file` (from 1); 0 for none.
fn index_of_file(file: u32, site: &SiteConfig) -> u32 {
    file.div_ceil(files_per_index(site))
}

/// The article sitemap files index `index` (from 1) lists.
fn files_of_index(index: u32, site: &SiteConfig) -> RangeInclusive<u32> {
    let per_index = files_per_index(site);
    let last = index.saturating_mul(per_index);
    last.saturating_sub(per_index) + 1..=last
}

/// The index that `/sitemap.xml` is: the one listing the newest article id's file (0 for
/// a store with no article). Every index before it has its own address.
async fn newest_index(state: &AppState) -> Result<u32, AppError> {
    let site = state.site();
    let last_file = state.store().last_sitemap_file(ids_per_file(site)).await?;
    Ok(index_of_file(last_file, site))
}

/// `<sitemap>`s of the article sitemap files of index `index` that hold a visible
/// article, newest ids first, as the files list their URLs.
async fn article_sitemaps_of_index(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
    index: u32,
) -> Result<Vec<SitemapRef>, AppError> {
    let site = state.site();
    let files = state
        .store()
        .sitemap_files(now, ids_per_file(site), files_of_index(index, site))
        .await?;
    Ok(files
        .iter()
        .rev()
        .map(|file| SitemapRef {
            loc: site.absolute(&format!("/sitemaps/articles-{}.xml", file.number)),
            lastmod: Some(file.lastmod),
        })
        .collect())
}

pub async fn robots(State(state): State<AppState>) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached("/robots.txt".into(), TEXT, move |_, _| async move {
            let site = renderer.site();
            let mut body = format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.absolute("/sitemap.xml")
            );
            // Older indexes newest first; an index holding no visible article answers
            // 404 (a hundred thousand ids in a row unpublished), which crawlers skip.
            for index in (1..newest_index(&renderer).await?).rev() {
                let loc = site.absolute(&format!("/sitemaps/index-{index}.xml"));
                body.push_str(&format!("Sitemap: {loc}\n"));
            }
            Ok(body.into())
        })
        .await
}

pub async fn sitemap_index(State(state): State<AppState>) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached("/sitemap.xml".into(), XML, move |_, now| async move {
            let newest = newest_index(&renderer).await?;
            let mut refs = if newest == 0 {
                Vec::new()
            } else {
                article_sitemaps_of_index(&renderer, now, newest).await?
            };
            refs.push(SitemapRef {
                loc: renderer.site().absolute("/sitemaps/news.xml"),
                lastmod: None,
            });
            Ok(sitemap::index(&refs)?.into())
        })
        .await
}

/// `{n}` of `{prefix}{n}.xml`, `n` from 1 without a sign or a leading zero.
fn file_number(file: &str, prefix: &str) -> Option<u32> {
    file.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".xml"))
        .filter(|n| !n.starts_with(['0', '+']))
        .and_then(|n| n.parse().ok())
}

/// `/sitemaps/{file}`: `articles-{n}.xml` or `index-{k}.xml`.
pub async fn sitemap_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    if let Some(number) = file_number(&file, "articles-") {
        return article_sitemap(state, file, number).await;
    }
    if let Some(index) = file_number(&file, "index-") {
        return older_index(state, file, index).await;
    }
    Err(AppError::not_found("sitemap"))
}

/// `index-{k}.xml`: the article sitemaps of index `k`, for every index before the newest
/// (which is `/sitemap.xml`); 404 for the newest, one past it, or one with nothing visible.
async fn older_index(state: AppState, file: String, index: u32) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached(format!("/sitemaps/{file}"), XML, move |_, now| async move {
            if index >= newest_index(&renderer).await? {
                return Err(AppError::not_found("sitemap"));
            }
            let refs = article_sitemaps_of_index(&renderer, now, index).await?;
            if refs.is_empty() {
                return Err(AppError::not_found("sitemap"));
            }
            Ok(sitemap::index(&refs)?.into())
        })
        .await
}

/// `articles-{n}.xml`, `n` from 1: the visible articles whose ids are in the n-th range of
/// `sitemap_ids_per_file` (see [`warraq_store::SitemapFile`]).
async fn article_sitemap(state: AppState, file: String, number: u32) -> Result<Response, AppError> {
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
