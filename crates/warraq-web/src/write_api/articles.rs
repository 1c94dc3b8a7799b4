//! Articles: create a draft from a ninjs 3 document, replace its content over a known
//! version (a correction when it is published), and the newsroom's view of one article.
//!
//! Every answer carrying an article is its ninjs 3.1 document with `ETag: "<version>"`,
//! `Warraq-Status: <state>` (ninjs `pubStatus` does not tell scheduled from published)
//! and `Cache-Control: no-store` (it may show what readers may not see yet).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode;
use warraq_domain::{Article, ArticleId};
use warraq_newsroom::NewsroomError;
use warraq_newsroom::permissions::Action;

use super::auth::{ApiUser, api_user};
use super::body::JsonBody;
use super::document::{draft_from_ninjs, newsroom_document};
use super::error::ApiError;
use super::version::{IfMatch, etag, if_match};
use crate::handlers::parse_article_id;
use crate::state::AppState;

/// Carries a correction note on `PUT` of a published article: UTF-8, percent-encoded
/// (header values are ASCII), e.g. `Warraq-Correction: %D8%B5%D9%8F%D8%AD%D9%91%D8%AD`.
pub const CORRECTION_HEADER: &str = "warraq-correction";
/// The article's workflow state on every answer carrying an article.
pub const STATUS_HEADER: &str = "warraq-status";

/// `POST /api/v1/articles`: a draft (whatever `pubStatus` says: publishing is a
/// transition), `201` with its `Location` and `ETag`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let doc = body.value()?;
    let draft = draft_from_ninjs(&state, &user, &doc, None).await?;
    let article = state.newsroom().create_article(&user, draft).await?;
    let location = HeaderValue::from_str(&format!("/api/v1/articles/{}", article.id))
        .expect("a path of digits is a valid header");
    let mut response = article_response(&state, article, StatusCode::CREATED).await?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// `PUT /api/v1/articles/{id}` with `If-Match`: the document replaces the content. The
/// workflow fields stay as they are. A published article changes only by a correction,
/// whose note comes in the `Warraq-Correction` header.
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let id = parse_article_id(&id)?;
    let expected = required_version(&state, id, &headers).await?;
    let note = correction_note(&headers)?;
    let newsroom = state.newsroom();
    let current = state.store().article(id).await?;
    // Told before the document is read (and before it creates any bureau or author): the
    // newsroom checks both again in its transaction.
    if current.version != expected {
        return Err(NewsroomError::Stale {
            what: format!("article {id}"),
            expected,
            found: current.version,
        }
        .into());
    }
    let abilities = newsroom.abilities(&user, &current).await?;
    if !abilities.edit {
        return Err(NewsroomError::Forbidden {
            role: user.role.as_str(),
            action: Action::EditArticle.describe(),
        }
        .into());
    }
    if note.is_none() && abilities.correct {
        return Err(ApiError::CorrectionNeeded);
    }
    let doc = body.value()?;
    let draft = draft_from_ninjs(&state, &user, &doc, Some(&current.slug)).await?;
    let saved = match note {
        Some(note) => {
            newsroom
                .correct_article(&user, id, draft, &note, expected)
                .await?
        }
        None => newsroom.save_article(&user, id, draft, expected).await?,
    };
    article_response(&state, saved, StatusCode::OK).await
}

/// `GET /api/v1/articles/{id}` with a bearer token (the read API hands such requests
/// here): the article in any state, with its `ETag`.
pub async fn newsroom_article(state: &AppState, id: &str, headers: &HeaderMap) -> Response {
    let answer = async {
        api_user(state, headers).await?;
        let id = parse_article_id(id)?;
        let article = state.store().article(id).await?;
        article_response(state, article, StatusCode::OK).await
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// The article's ninjs document with its version and state.
pub async fn article_response(
    state: &AppState,
    article: Article,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let version = article.version;
    let workflow = HeaderValue::from_static(article.status.as_str());
    let doc = newsroom_document(state, article).await?;
    let mut response = (status, Json(doc)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag(version));
    headers.insert(HeaderName::from_static(STATUS_HEADER), workflow);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The version `If-Match` names: 428 without one, 412 (with the current `ETag`) when it
/// is not one strong version tag.
pub async fn required_version(
    state: &AppState,
    id: ArticleId,
    headers: &HeaderMap,
) -> Result<i64, ApiError> {
    optional_version(state, id, headers)
        .await?
        .ok_or(ApiError::IfMatchMissing)
}

/// Like [`required_version`], for routes where `If-Match` may be left out.
pub async fn optional_version(
    state: &AppState,
    id: ArticleId,
    headers: &HeaderMap,
) -> Result<Option<i64>, ApiError> {
    match if_match(headers) {
        IfMatch::Absent => Ok(None),
        IfMatch::Version(version) => Ok(Some(version)),
        IfMatch::Unusable(given) => {
            let current = state.store().article(id).await?.version;
            Err(ApiError::IfMatchUnusable { given, current })
        }
    }
}

/// The note of `Warraq-Correction`, percent-decoded. Raw UTF-8 in the header is taken too
/// (decoding leaves it as it is).
fn correction_note(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(CORRECTION_HEADER) else {
        return Ok(None);
    };
    percent_decode(value.as_bytes())
        .decode_utf8()
        .map(|note| Some(note.into_owned()))
        .map_err(|_| ApiError::Unusable {
            field: "Warraq-Correction".into(),
            reason: "the note is not percent-encoded UTF-8".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_correction_note_is_percent_decoded_utf8() {
        let mut headers = HeaderMap::new();
        assert_eq!(correction_note(&headers).unwrap(), None);
        let encoded: String = percent_encoding::utf8_percent_encode(
            "صُحّح اسم الوزير",
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string();
        headers.insert(CORRECTION_HEADER, HeaderValue::from_str(&encoded).unwrap());
        assert_eq!(
            correction_note(&headers).unwrap().as_deref(),
            Some("صُحّح اسم الوزير")
        );
        headers.insert(CORRECTION_HEADER, HeaderValue::from_static("%D8"));
        assert!(correction_note(&headers).is_err());
    }
}
