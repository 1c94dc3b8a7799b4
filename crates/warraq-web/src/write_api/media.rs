//! `POST /api/v1/media`: a picture as the raw body (`Content-Type: image/jpeg`,
//! `image/png` or `image/webp`), its words in the query (`caption`, `credit`, `alt`,
//! `archive=true`). The media library's intake ([`warraq_media::save_upload`]) checks it
//! by its bytes, strips its metadata and stores it; its refusals keep their statuses
//! (413 too large, 415 not a picture, 422 damaged).

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use warraq_domain::{Actor, Media, urls};
use warraq_media::{MediaForm, UploadError, UploadLimits, save_upload};

use super::auth::ApiUser;
use super::body::{check_content_type, read_limited};
use super::error::ApiError;
use crate::state::AppState;

const PICTURE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UploadParams {
    caption: String,
    credit: String,
    alt: String,
    archive: bool,
}

pub async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if !headers.contains_key(header::CONTENT_TYPE) {
        return Err(ApiError::UnsupportedMediaType {
            given: "(none)".into(),
            expected: "image/jpeg, image/png or image/webp",
        });
    }
    check_content_type(
        &headers,
        |t| PICTURE_TYPES.contains(&t),
        "image/jpeg, image/png or image/webp",
    )?;
    // One byte over the limit is enough to know it is too large; the intake says so with
    // the limit, as it would for a file it read whole.
    let limit = UploadLimits::default().max_bytes;
    let bytes = read_limited(body, usize::try_from(limit + 1).unwrap_or(usize::MAX))
        .await
        .map_err(|_| too_large(&headers, limit))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&headers, limit));
    }
    let form = MediaForm {
        alt: params.alt,
        caption: params.caption,
        credit: params.credit,
        archive: params.archive,
    };
    let media = save_upload(
        state.store().as_ref(),
        Actor::User(user.id),
        bytes.to_vec(),
        form,
    )
    .await?;
    Ok(created(&state, &media))
}

fn too_large(headers: &HeaderMap, limit: u64) -> ApiError {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    ApiError::Upload(UploadError::FileTooLarge {
        size: declared.unwrap_or(limit + 1),
        limit,
    })
}

/// `201`, `Location: /media/{id}` and the record; `uri` is what a ninjs document names
/// as its hero to use the picture.
fn created(state: &AppState, media: &Media) -> Response {
    let path = urls::media_path(media.id, None);
    let agencies = state.snapshot().agencies.clone();
    let body = json!({
        "id": media.id.0,
        "uri": state.site().absolute(&path),
        "mime": media.mime,
        "width": media.width,
        "height": media.height,
        "caption": media.caption,
        "alt": media.alt,
        "credit": media.credit.as_ref().map(|c| c.label(&agencies)),
        "archive": media.archive,
    });
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&path).expect("a path of digits is a valid header"),
    );
    response
}
