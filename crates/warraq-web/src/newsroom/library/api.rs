//! `GET /newsroom/api/media?q=&before=&limit=`: the library search for the editor's picture
//! picker, as JSON: `{"items": [...], "next_before": 41 | null}`, each item with its id,
//! thumbnail address (the newsroom rendition, shown whether or not readers may see the
//! picture), caption, alt text, credit label, the credit as the domain's JSON, the archive
//! flag and the size.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use super::super::error::PageError;
use super::super::session::NewsroomUser;
use super::grid::LibraryQuery;
use super::view::MediaCard;
use crate::state::AppState;

const DEFAULT_LIMIT: u32 = 24;
const MAX_LIMIT: u32 = 60;

#[derive(Debug, Default, Deserialize)]
pub struct ApiQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct MediaPage {
    items: Vec<MediaCard>,
    /// The `before` of the next page, when there is one.
    next_before: Option<i64>,
}

pub async fn search(
    State(state): State<AppState>,
    _who: NewsroomUser,
    Query(query): Query<ApiQuery>,
) -> Result<Json<MediaPage>, PageError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let before = LibraryQuery {
        q: String::new(),
        before: query.before,
    }
    .before()?;
    let text = Some(query.q.trim()).filter(|q| !q.is_empty());
    let mut found = state.store().search_media(text, before, limit + 1).await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    let snapshot = state.snapshot();
    let offset = state.site().offset();
    let items: Vec<MediaCard> = found
        .iter()
        .map(|m| MediaCard::of(m, &snapshot.agencies, offset))
        .collect();
    let next_before = if more {
        items.last().map(|m| m.id)
    } else {
        None
    };
    Ok(Json(MediaPage { items, next_before }))
}
