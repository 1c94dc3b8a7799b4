//! `/tag/{slug}` and `/tag/{slug}/feed/{rss,atom}.xml`: the articles readers may see now
//! that carry a tag, newest first, paged by cursor like section pages.
//!
//! A tag is known by its slug, so `كوريا الشمالية` and `كوريا الشماليّة` are one page, and
//! an address typed with spaces, diacritics or Arabic-Indic digits is sent to the
//! canonical one. A tag exists for readers only while a visible article carries it: with
//! none, the page is not found (an embargoed story's tags say nothing before it is out).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use warraq_domain::Article;
use warraq_domain::arabic::slugify;
use warraq_store::ArticleQuery;

use super::article::moved_permanently;
use super::feeds::{FeedAbout, Format, write_feed};
use super::listing::{LISTING_PAGE_SIZE, Listing, Paging, render_listing};
use crate::error::AppError;
use crate::feeds::FEED_SIZE;
use crate::state::{AppState, HTML, Rendered};
use crate::views::paths::tag_path;
use crate::views::site_meta::collection_page_json_ld;

pub async fn tag_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let wanted = canonical_slug(&slug)?;
    let paging = Paging::from_params(tag_path(&wanted), &params)?;
    if wanted != slug {
        return Ok(moved_permanently(&paging.path()));
    }
    let renderer = state.clone();
    state
        .cached(paging.path(), HTML, move |snapshot, now| async move {
            let query = ArticleQuery {
                tag: Some(wanted.clone()),
                limit: LISTING_PAGE_SIZE,
                after: paging.after,
                ..ArticleQuery::visible_at(now)
            };
            let page = renderer.store().list_articles(&query).await?;
            let name = tag_name(&page.items, &wanted).ok_or(AppError::not_found("tag"))?;
            let ctx = renderer.render_context(&snapshot);
            let json_ld = collection_page_json_ld(&ctx, &name, &paging.path(), &page.items);
            let listing = Listing {
                template: "tag.html",
                paging: &paging,
                title: name.clone(),
                description: format!("آخر الأخبار عن {name}"),
                og_type: "website",
                articles: &page.items,
                next: page.next,
                json_ld,
                subject: minijinja::context! { name },
            };
            let html = render_listing(&renderer, &snapshot, listing).await?;
            Ok(Rendered::Page(html))
        })
        .await
}

pub async fn tag_rss(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    tag_feed(state, slug, Format::Rss).await
}

pub async fn tag_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    tag_feed(state, slug, Format::Atom).await
}

async fn tag_feed(state: AppState, slug: String, format: Format) -> Result<Response, AppError> {
    let wanted = canonical_slug(&slug)?;
    let page_path = tag_path(&wanted);
    let feed_path = format!("{page_path}/feed/{}", format.file());
    if wanted != slug {
        return Ok(moved_permanently(&feed_path));
    }
    let renderer = state.clone();
    state
        .cached(
            feed_path,
            format.content_type(),
            move |snapshot, now| async move {
                let query = ArticleQuery {
                    tag: Some(wanted.clone()),
                    limit: FEED_SIZE,
                    ..ArticleQuery::visible_at(now)
                };
                let page = renderer.store().list_articles(&query).await?;
                let name = tag_name(&page.items, &wanted).ok_or(AppError::not_found("tag"))?;
                let about = FeedAbout {
                    title: format!("{name} | {}", renderer.site().site_name),
                    description: format!("آخر الأخبار عن {name}"),
                    page_path,
                };
                let body =
                    write_feed(&renderer, &snapshot, now, page.items, &about, format).await?;
                Ok(Rendered::Page(body))
            },
        )
        .await
}

/// The slug a requested tag address stands for; one that makes no slug is not a tag.
fn canonical_slug(requested: &str) -> Result<String, AppError> {
    Some(slugify(requested))
        .filter(|s| !s.is_empty())
        .ok_or(AppError::not_found("tag"))
}

/// The tag as the newest listed article spells it.
fn tag_name(articles: &[Article], slug: &str) -> Option<String> {
    articles
        .iter()
        .flat_map(|a| a.tags.iter())
        .find(|t| slugify(t) == slug)
        .map(|t| t.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_typed_otherwise_lead_to_the_canonical_slug() {
        assert_eq!(canonical_slug("كوريا الشماليّة").unwrap(), "كوريا-الشمالية");
        assert_eq!(canonical_slug("قمة-٢٠٢٦").unwrap(), "قمة-2026");
        assert!(canonical_slug("؟!").is_err());
    }
}
