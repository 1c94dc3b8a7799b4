//! `/robots.txt`, `/sitemap.xml` (an index), `/sitemaps/articles-{n}.xml` (the articles
//! readers may see now, newest first, 50,000 a file, with their hero photos) and
//! `/sitemaps/news.xml` (Google News: the last 48 hours).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use warraq_domain::urls::{article_path, media_path};
use warraq_store::{ArticlePage, ArticleQuery, Cursor};

use super::heroes_of;
use crate::error::AppError;
use crate::feeds::sitemap::{self, NewsUrl, PageUrl, SitemapRef, URLS_PER_SITEMAP};
use crate::feeds::{TEXT, XML};
use crate::state::AppState;

/// Google News takes articles of the last two days, at most 1,000 a sitemap.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_MAX: u32 = 1_000;

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
            let store = renderer.store().as_ref();
            let site = renderer.site();
            let mut refs = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = store
                    .list_articles(&ArticleQuery {
                        limit: URLS_PER_SITEMAP,
                        after,
                        ..ArticleQuery::visible_at(now)
                    })
                    .await?;
                refs.push(SitemapRef {
                    loc: site.absolute(&format!("/sitemaps/articles-{}.xml", refs.len() + 1)),
                    lastmod: page.items.iter().map(|a| a.updated_at).max(),
                });
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            refs.push(SitemapRef {
                loc: site.absolute("/sitemaps/news.xml"),
                lastmod: None,
            });
            Ok(sitemap::index(&refs)?.into())
        })
        .await
}

/// `file` is `articles-{n}.xml`, `n` from 1.
pub async fn article_sitemap(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let number: u32 = file
        .strip_prefix("articles-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .ok_or(AppError::not_found("sitemap"))?;
    let renderer = state.clone();
    state
        .cached(format!("/sitemaps/{file}"), XML, move |_, now| async move {
            let store = renderer.store().as_ref();
            let site = renderer.site();
            // Pages are found by walking the list's cursor, as every reader list is.
            let mut after: Option<Cursor> = None;
            let mut page: ArticlePage;
            let mut at = 1;
            loop {
                page = store
                    .list_articles(&ArticleQuery {
                        limit: URLS_PER_SITEMAP,
                        after,
                        ..ArticleQuery::visible_at(now)
                    })
                    .await?;
                if at == number {
                    break;
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => return Err(AppError::not_found("sitemap")),
                }
                at += 1;
            }
            let pictures = heroes_of(store, &page.items).await?;
            let urls: Vec<PageUrl> = page
                .items
                .iter()
                .map(|a| PageUrl {
                    loc: site.absolute(&article_path(a)),
                    lastmod: a.updated_at,
                    images: a
                        .hero_id
                        .and_then(|id| pictures.get(&id))
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
