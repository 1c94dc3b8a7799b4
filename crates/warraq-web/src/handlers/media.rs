//! `/media/{id}`: the stored original; `/media/{id}/{width}`: a JPEG rendition at one of
//! the widths the pages use, `/media/{id}/{width}.webp` the same in WebP. Pictures known
//! only by their source URL redirect there.
//!
//! A picture is served only while an article readers may see shows it; otherwise it is
//! "not found", like the article. A picture in the media cache and a rendition in the
//! rendition cache are served without asking the store anything.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use warraq_domain::{Media, MediaId};

use super::parse_id;
use crate::error::AppError;
use crate::images::{Rendition, RenditionFormat, entity_tag, resize};
use crate::state::AppState;
use crate::views::picture::RENDITION_WIDTHS;

/// New bytes may replace a picture under the same address, and a picture stops being
/// served when its article goes offline: browsers and proxies keep it as briefly as pages
/// and then revalidate by entity tag (a 304 costs no bytes).
const MEDIA_CACHE_CONTROL: &str = "public, max-age=60";

pub async fn media_original(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (media, _) = load_visible_media(&state, &id).await?;
    let Some(key) = media.file.as_deref() else {
        return redirect_to_source(&media);
    };
    let (mime, bytes) = state
        .store()
        .blob(key)
        .await
        .map_err(|e| AppError::from_store_lookup("media file", e))?;
    let etag = entity_tag(&bytes);
    Ok(binary_response(&headers, bytes.into(), &mime, &etag))
}

pub async fn media_resized(
    State(state): State<AppState>,
    Path((id, width)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (width, format) = rendition_segment(&width).ok_or(AppError::not_found("media width"))?;
    // Visibility first, whatever the format: a WebP address must not reveal a picture its
    // JPEG address hides.
    let (media, observed) = load_visible_media(&state, &id).await?;
    let Some(key) = media.file.clone() else {
        return redirect_to_source(&media);
    };
    let rendition = match state.renditions().get_in(&key, width, format) {
        Some(hit) => hit,
        None => {
            let (_, original) = state
                .store()
                .blob(&key)
                .await
                .map_err(|e| AppError::from_store_lookup("media file", e))?;
            let made = make_rendition(media.id, original, width, format).await?;
            state
                .renditions()
                .put_in(&key, width, format, made.clone(), observed);
            made
        }
    };
    Ok(binary_response(
        &headers,
        rendition.bytes,
        format.mime(),
        &rendition.etag,
    ))
}

/// `640` (JPEG, the addresses feeds and exports carry) or `640.webp`, at one of the
/// widths pages offer; anything else is not an address of ours.
fn rendition_segment(segment: &str) -> Option<(u32, RenditionFormat)> {
    let (digits, format) = match segment.strip_suffix(".webp") {
        Some(digits) => (digits, RenditionFormat::WebP),
        None => (segment, RenditionFormat::Jpeg),
    };
    let width = parse_id(digits, "media width")
        .ok()
        .and_then(|w| u32::try_from(w).ok())
        .filter(|w| RENDITION_WIDTHS.contains(w))?;
    Some((width, format))
}

/// The media record, when readers may see the picture now, and the change-log position
/// the request started at (what it reads next from the store is at least that new).
async fn load_visible_media(state: &AppState, id: &str) -> Result<(Arc<Media>, i64), AppError> {
    let observed = state.applied_seq();
    let id = MediaId(parse_id(id, "media")?);
    if let Some(hit) = state.visible_media().get(id) {
        return Ok((hit, observed));
    }
    let store = state.store();
    let media = store
        .media(id)
        .await
        .map_err(|e| AppError::from_store_lookup("media", e))?;
    if !store.media_is_visible(id, Utc::now()).await? {
        return Err(AppError::not_found("media"));
    }
    let media = Arc::new(media);
    state.visible_media().put(media.clone(), observed);
    Ok((media, observed))
}

async fn make_rendition(
    id: MediaId,
    original: Vec<u8>,
    width: u32,
    format: RenditionFormat,
) -> Result<Rendition, AppError> {
    tokio::task::spawn_blocking(move || resize(&original, width, format))
        .await
        .map_err(|e| AppError::Image {
            media: id.0,
            reason: format!("resize task failed: {e}"),
        })?
        .map_err(|e| AppError::Image {
            media: id.0,
            reason: e.to_string(),
        })
}

fn redirect_to_source(media: &Media) -> Result<Response, AppError> {
    let url = media
        .source_url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or(AppError::not_found("media file"))?;
    let location = HeaderValue::from_str(url).map_err(|_| AppError::not_found("media file"))?;
    let mut response = StatusCode::FOUND.into_response();
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

fn binary_response(
    request: &HeaderMap,
    bytes: axum::body::Bytes,
    mime: &str,
    etag: &str,
) -> Response {
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(bytes))
    };
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        out.insert(header::ETAG, value);
    }
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(MEDIA_CACHE_CONTROL),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A stored file opened on its own (an SVG, say) must not run scripts on our origin.
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    if !not_modified {
        let mime = if mime.starts_with("image/") {
            mime
        } else {
            "application/octet-stream"
        };
        if let Ok(value) = HeaderValue::from_str(mime) {
            out.insert(header::CONTENT_TYPE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendition_addresses_are_a_served_width_with_an_optional_webp_suffix() {
        assert_eq!(rendition_segment("640"), Some((640, RenditionFormat::Jpeg)));
        assert_eq!(
            rendition_segment("1200.webp"),
            Some((1200, RenditionFormat::WebP))
        );
        for refused in [
            "500",
            "500.webp",
            "640.png",
            "640.webp.webp",
            ".webp",
            "abc",
            "-640",
        ] {
            assert_eq!(rendition_segment(refused), None, "{refused}");
        }
    }
}
