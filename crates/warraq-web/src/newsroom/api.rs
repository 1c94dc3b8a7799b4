//! The editor page's JSON calls (session cookie + `X-CSRF-Token` on writes):
//!
//! - `POST /newsroom/api/articles` `{"content": EditorContent}` → 201
//!   `{"id", "version", "url"}`: a new draft.
//! - `PUT /newsroom/api/articles/{id}` `{"version", "content", "correction"?}` → 200
//!   `{"version", "updated"}`. A stale `version` → 409 with the error and what is stored
//!   now: `{"error": {...}, "current": {"version", "content", "updated"}}`, nothing
//!   written. A non-empty `correction` publishes a correction of a published article.
//! - `GET /newsroom/api/articles/{id}` → `{"version", "status", "content", "updated"}`.
//! - `GET /newsroom/api/articles/search?q=` → `{"items": [{"id", "headline", "status",
//!   "section"}]}`: for picking related articles (`#12` or `12` finds that article; words
//!   search the site's index, or headlines when the node has no index).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use warraq_domain::{Article, ArticleId};
use warraq_newsroom::NewsroomError;
use warraq_search::SearchQuery;

use super::content::EditorContent;
use super::editor::{parse_id, save};
use super::error::PageError;
use super::forms::{Moment, number};
use super::i18n::{Lang, status_label, tr};
use super::session::{CsrfHeader, NewsroomUser};
use crate::state::AppState;

const SEARCH_LIMIT: u32 = 10;

/// A JSON body, refused as the newsroom's own error (not axum's plain text).
fn parse_body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, PageError> {
    serde_json::from_slice(bytes).map_err(|e| PageError::bad_input("body", e.to_string()))
}

#[derive(Debug, Deserialize)]
struct CreateInput {
    content: EditorContent,
}

#[derive(Debug, Deserialize)]
struct SaveInput {
    version: i64,
    content: EditorContent,
    #[serde(default)]
    correction: Option<String>,
}

fn stored(article: &Article, state: &AppState) -> Value {
    json!({
        "version": article.version,
        "status": article.status.as_str(),
        "content": EditorContent::of(&article.content),
        "updated": Moment::new(article.updated_at, state.site().offset()),
    })
}

pub async fn create(
    State(state): State<AppState>,
    CsrfHeader(who): CsrfHeader,
    body: Bytes,
) -> Result<Response, PageError> {
    let input: CreateInput = parse_body(&body)?;
    let article = state
        .newsroom()
        .create_article(&who.user, input.content.into_new_draft())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": article.id.0,
            "version": article.version,
            "url": format!("/newsroom/articles/{}", article.id.0),
        })),
    )
        .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfHeader(who): CsrfHeader,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let input: SaveInput = parse_body(&body)?;
    let note = input.correction.as_deref().unwrap_or("").trim().to_string();
    match save(&state, &who, id, input.version, input.content, &note).await {
        Ok(saved) => Ok(Json(json!({
            "version": saved.version,
            "status": saved.status.as_str(),
            "updated": Moment::new(saved.updated_at, state.site().offset()),
        }))
        .into_response()),
        Err(PageError::Newsroom(error @ NewsroomError::Stale { .. })) => {
            // The page keeps its text and shows what is stored now; nothing was written.
            let current = state.store().article(id).await?;
            Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "error": {
                        "code": "stale",
                        "message": tr(lang, "stale_message"),
                        "reason": error.to_string(),
                    },
                    "current": stored(&current, &state),
                })),
            )
                .into_response())
        }
        Err(other) => Err(other),
    }
}

pub async fn get_article(
    State(state): State<AppState>,
    _who: NewsroomUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    Ok(Json(stored(&article, &state)))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

pub async fn search_articles(
    State(state): State<AppState>,
    lang: Lang,
    _who: NewsroomUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<Value>, PageError> {
    let q = params.q.trim();
    let ids = find_ids(&state, q).await?;
    let articles = state.store().articles_by_ids(&ids).await?;
    let snapshot = state.snapshot();
    // In the order found (the store's answer is not ordered).
    let items: Vec<Value> = ids
        .iter()
        .filter_map(|id| articles.iter().find(|a| a.id == *id))
        .map(|a| {
            json!({
                "id": a.id.0,
                "headline": a.headline,
                "status": status_label(lang, a.status),
                "section": snapshot
                    .sections
                    .iter()
                    .find(|s| s.id == a.section_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

async fn find_ids(state: &AppState, q: &str) -> Result<Vec<ArticleId>, PageError> {
    if q.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(id) = number("q", q.trim_start_matches('#')).ok().flatten() {
        return Ok(vec![ArticleId(id)]);
    }
    if let Some(index) = state.search().cloned() {
        let mut query = SearchQuery::new(q);
        query.limit = SEARCH_LIMIT;
        let found = tokio::task::spawn_blocking(move || index.search_at(&query, Utc::now()))
            .await
            .map_err(|e| crate::error::AppError::Internal(format!("search task: {e}")))?
            .map_err(crate::error::AppError::from)?;
        if !found.hits.is_empty() {
            return Ok(found.hits.into_iter().map(|h| h.id).collect());
        }
    }
    let mut ids = state.store().find_articles_by_headline(q).await?;
    ids.truncate(SEARCH_LIMIT as usize);
    Ok(ids)
}
