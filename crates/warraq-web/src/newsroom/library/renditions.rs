//! `/newsroom/media/{id}/{width}`: a picture's JPEG rendition for the newsroom, whether or
//! not readers may see it. Readers' `/media/...` answers "not found" until a visible
//! article shows a picture, which would leave the library's own uploads (and the editor's
//! pictures of unpublished drafts) blank; this route sits behind the session instead, and
//! the public rule is untouched.
//!
//! Renditions share the node's rendition cache: it is keyed by the file's content-named
//! blob key, and the public route decides visibility before it looks there.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use warraq_domain::MediaId;
use warraq_domain::arabic::parse_number;

use super::super::error::PageError;
use super::super::session::NewsroomUser;
use crate::error::AppError;
use crate::images::{Rendition, resize_to_jpeg};
use crate::state::AppState;

/// The reader pages' widths, and the thumbnails' 480.
const WIDTHS: [u32; 6] = [320, 480, 640, 960, 1280, 1600];
/// Only people of the newsroom see these: browsers keep them (not proxies), briefly.
const CACHE_CONTROL: &str = "private, max-age=300";

pub async fn rendition(
    State(state): State<AppState>,
    _who: NewsroomUser,
    Path((id, width)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let not_found = || PageError::App(AppError::not_found("media"));
    let width = parse_number(&width)
        .and_then(|w| u32::try_from(w).ok())
        .filter(|w| WIDTHS.contains(w))
        .ok_or_else(not_found)?;
    let id = parse_number(&id)
        .and_then(|n| i64::try_from(n).ok())
        .map(MediaId)
        .ok_or_else(not_found)?;
    let observed = state.applied_seq();
    let media = state
        .store()
        .media(id)
        .await
        .map_err(|e| AppError::from_store_lookup("media", e))?;
    let Some(key) = media.file.clone() else {
        // Known only by its address: the browser fetches it from there (the page's CSP
        // allows remote pictures).
        let url = media
            .source_url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .and_then(|u| HeaderValue::from_str(u).ok())
            .ok_or_else(not_found)?;
        let mut response = StatusCode::FOUND.into_response();
        response.headers_mut().insert(header::LOCATION, url);
        return Ok(response);
    };
    let rendition = match state.renditions().get(&key, width) {
        Some(hit) => hit,
        None => {
            let (_, original) = state
                .store()
                .blob(&key)
                .await
                .map_err(|e| AppError::from_store_lookup("media file", e))?;
            let made = resize(id, original, width).await?;
            state.renditions().put(&key, width, made.clone(), observed);
            made
        }
    };
    Ok(jpeg_response(&headers, rendition))
}

async fn resize(id: MediaId, original: Vec<u8>, width: u32) -> Result<Rendition, AppError> {
    let failed = |reason: String| AppError::Image {
        media: id.0,
        reason,
    };
    tokio::task::spawn_blocking(move || resize_to_jpeg(&original, width))
        .await
        .map_err(|e| failed(format!("resize task failed: {e}")))?
        .map_err(|e| failed(e.to_string()))
}

fn jpeg_response(request: &HeaderMap, rendition: Rendition) -> Response {
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == rendition.etag));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(rendition.bytes))
    };
    let out = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&rendition.etag) {
        out.insert(header::ETAG, etag);
    }
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    if !not_modified {
        out.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    }
    response
}
