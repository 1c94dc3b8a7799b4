//! An article's saved versions: the list (version, who, when), one version as ninjs, and
//! restoring one ([`Newsroom::restore_revision`]: the words come back as a new version;
//! the state, times and corrections stay as they are).
//!
//! [`Newsroom::restore_revision`]: warraq_newsroom::Newsroom::restore_revision

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::SecondsFormat;
use serde_json::json;
use warraq_domain::arabic::parse_number;
use warraq_domain::{Article, ArticleId, Revision};

use super::articles::{article_response, required_version};
use super::auth::ApiUser;
use super::document::newsroom_document;
use super::error::ApiError;
use crate::error::AppError;
use crate::handlers::parse_article_id;
use crate::state::AppState;

/// `GET /api/v1/articles/{id}/revisions`: oldest first.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_article_id(&id)?;
    let store = state.store();
    // An unknown article is 404, not an empty list.
    store.article(id).await?;
    let items: Vec<_> = store
        .revisions(id)
        .await?
        .iter()
        .map(|r| {
            json!({
                "version": r.version,
                "actor": r.actor.to_string(),
                "at": r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}

/// `GET /api/v1/articles/{id}/revisions/{version}`: what was saved then, as the article
/// would have been exported at that version.
pub async fn one(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, version) = ids(&id, &version)?;
    let store = state.store();
    let current = store.article(id).await?;
    let revision = store.revision(id, version).await?;
    let meta = json!({
        "version": revision.version,
        "actor": revision.actor.to_string(),
        "at": revision.at.to_rfc3339_opts(SecondsFormat::Secs, true),
    });
    let item = newsroom_document(&state, as_article(current, revision)).await?;
    let mut body = meta;
    body["item"] = item;
    Ok(Json(body).into_response())
}

/// `POST /api/v1/articles/{id}/revisions/{version}/restore` with `If-Match`.
pub async fn restore(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (id, version) = ids(&id, &version)?;
    let expected = required_version(&state, id, &headers).await?;
    let restored = state
        .newsroom()
        .restore_revision(&user, id, version, expected)
        .await?;
    article_response(&state, restored, StatusCode::OK).await
}

fn ids(id: &str, version: &str) -> Result<(ArticleId, i64), ApiError> {
    let id = parse_article_id(id)?;
    let version = parse_number(version)
        .and_then(|n| i64::try_from(n).ok())
        .ok_or(AppError::not_found("revision"))?;
    Ok((id, version))
}

/// The article as it stood at `revision`: its content, version and time.
fn as_article(current: Article, revision: Revision) -> Article {
    Article {
        content: revision.content,
        version: revision.version,
        updated_at: revision.at,
        ..current
    }
}
