//! `/article/{id}/{slug}` (the page), `/article/{id}` (redirect to it) and
//! `/fragment/article/{id}` (the article alone, appended below the current one by
//! continuous reading).

use std::collections::HashMap;

use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use warraq_domain::urls::article_path;
use warraq_domain::{Article, ArticleId, Person, PersonId, ResolvedArticle};
use warraq_store::{ArticleQuery, Cursor, Store, resolve_article};

use super::parse_article_id;
use crate::error::AppError;
use crate::search_index::with_suggestions;
use crate::state::{AppState, HTML, Rendered, Snapshot, uncached_page};
use crate::views::alternates::alternates;
use crate::views::article::{ArticleView, related_author_ids};
use crate::views::meta::{LOGO_ASSET, news_article_json_ld, open_graph, script_safe_json};

pub async fn article_page(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Path((id, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = parse_article_id(&id)?;
    let renderer = state.clone();
    state
        .cached(
            uri.path().to_string(),
            HTML,
            move |snapshot, now| async move {
                let article = visible_article(&renderer, id, now).await?;
                if article.slug != slug {
                    return Ok(Rendered::Response(moved_permanently(&article_path(
                        &article,
                    ))));
                }
                render_article(&renderer, &snapshot, article, now, false).await
            },
        )
        .await
}

/// An address without the slug (or with an old one) leads to the canonical address.
pub async fn article_without_slug(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let article = visible_article(&state, parse_article_id(&id)?, Utc::now()).await?;
    Ok(moved_permanently(&article_path(&article)))
}

pub async fn article_fragment(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_article_id(&id)?;
    let renderer = state.clone();
    state
        .cached(
            format!("/fragment/article/{id}"),
            HTML,
            move |snapshot, now| async move {
                let article = visible_article(&renderer, id, now).await?;
                render_article(&renderer, &snapshot, article, now, true).await
            },
        )
        .await
}

/// Readers only ever see articles visible at `now` (the one visibility rule); anything
/// else is "not found", not "forbidden", so drafts and embargoed stories do not reveal
/// that they exist.
pub(crate) async fn visible_article(
    state: &AppState,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<Article, AppError> {
    let article = state
        .store()
        .article(id)
        .await
        .map_err(|e| AppError::from_store_lookup("article", e))?;
    if article.is_visible_at(now) {
        Ok(article)
    } else {
        Err(AppError::not_found("article"))
    }
}

/// The next article in reading order: the newest one visible at `now` older than
/// `article`.
async fn next_article(
    state: &AppState,
    article: &Article,
    now: DateTime<Utc>,
) -> Result<Option<Article>, AppError> {
    let query = ArticleQuery {
        limit: 1,
        after: Some(Cursor::of(article)),
        ..ArticleQuery::visible_at(now)
    };
    Ok(state
        .store()
        .list_articles(&query)
        .await?
        .items
        .into_iter()
        .next())
}

async fn render_article(
    state: &AppState,
    snapshot: &Snapshot,
    article: Article,
    now: DateTime<Utc>,
    fragment: bool,
) -> Result<Rendered, AppError> {
    let next = next_article(state, &article, now).await?;
    // Editors' picks, or else the search index's suggestions; a page made while the index
    // is still being built is served but not kept.
    let (mut articles, complete) = with_suggestions(state, vec![article]).await?;
    let article = articles
        .pop()
        .ok_or_else(|| AppError::Internal("suggestions lost the article".into()))?;
    let resolved = resolve_article(state.store().as_ref(), article, Some(now)).await?;
    let related_people = people(state.store().as_ref(), &related_author_ids(&resolved)).await?;
    let html = page_of(
        state,
        snapshot,
        &resolved,
        &related_people,
        next.as_ref(),
        fragment,
    )?;
    Ok(if complete {
        Rendered::Page(html)
    } else {
        Rendered::Response(uncached_page(html, HTML))
    })
}

/// The people among `ids` (those that no longer exist are left out): the authors of
/// related articles, whose bylines link to their pages.
async fn people(
    store: &dyn Store,
    ids: &[PersonId],
) -> Result<HashMap<PersonId, Person>, AppError> {
    let mut found = HashMap::with_capacity(ids.len());
    for id in ids {
        match store.person(*id).await {
            Ok(person) => {
                found.insert(*id, person);
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(found)
}

fn page_of(
    state: &AppState,
    snapshot: &Snapshot,
    resolved: &ResolvedArticle,
    related_people: &HashMap<PersonId, Person>,
    next: Option<&Article>,
    fragment: bool,
) -> Result<String, AppError> {
    let ctx = state.render_context(snapshot);
    let view =
        ArticleView::of(resolved, next, &ctx).with_related_authors(resolved, related_people, &ctx);
    if fragment {
        return state.render("fragment.html", minijinja::context! { article => view, heading_level => 2, site_name => state.site().site_name });
    }
    let logo = state.site().absolute(&state.assets().url(LOGO_ASSET));
    let json_ld = minijinja::Value::from_safe_string(script_safe_json(&news_article_json_ld(
        resolved, &ctx, &logo,
    )));
    let meta = open_graph(resolved, &ctx);
    let alternates = alternates(&state.site().absolute(&view.path), &resolved.article.extra);
    let preload_image = view.hero.clone();
    let layout = state.layout(
        snapshot,
        &view.path,
        Some(resolved.section.id),
        &view.headline,
        &resolved.article.summary(),
    );
    state.render(
        "article.html",
        minijinja::context! { layout, article => view, json_ld, meta, alternates, preload_image, heading_level => 1, site_name => state.site().site_name },
    )
}

pub(crate) fn moved_permanently(location: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
