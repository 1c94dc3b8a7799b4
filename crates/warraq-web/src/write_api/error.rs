//! How the write API says no. Every refusal is JSON in the read API's shape,
//! `{"error": {"code", "message", ...}}`: a stable `code` for programs, a `message` in
//! Arabic for people, and where it helps the exact `reason` (English, as the rules and
//! the ninjs schema word it), the `field` at fault (a name such as `at`, or a JSON pointer
//! into the document such as `/headlines/0/value`) and the `current_version`.
//!
//! [`NewsroomError`] maps onto one status each: not logged in 401, forbidden 403, stale
//! version 412 (with the current `ETag`), a move the workflow refuses 409, invalid input
//! 422, unknown article 404, throttled 429 (with `Retry-After`).

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use warraq_media::UploadError;
use warraq_newsroom::NewsroomError;
use warraq_store::StoreError;

use super::version::etag;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No usable `Authorization: Bearer` header, or a token nobody holds (unknown,
    /// revoked, or of a disabled account).
    #[error("not authenticated: {0}")]
    Unauthenticated(&'static str),
    #[error(transparent)]
    Newsroom(#[from] NewsroomError),
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the body is not valid ninjs 3 at `{pointer}`: {reason}")]
    NotNinjs { pointer: String, reason: String },
    /// Valid input naming something this site cannot use (an unknown section, a picture
    /// not in the media library). `field` is a JSON pointer or a parameter name.
    #[error("{field}: {reason}")]
    Unusable { field: String, reason: String },
    #[error("`{given}` is not a content type this route takes ({expected})")]
    UnsupportedMediaType {
        given: String,
        expected: &'static str,
    },
    #[error("the body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("If-Match is required: send the ETag of the version you edited")]
    IfMatchMissing,
    /// An `If-Match` that is not one strong version tag (`W/"3"`, `*`, a list, garbage).
    #[error("If-Match `{given}` is not the strong tag of a version; the current one is {current}")]
    IfMatchUnusable { given: String, current: i64 },
    /// A change to a published article without a correction note.
    #[error(
        "this article is published: a change is a correction and needs a note (header Warraq-Correction)"
    )]
    CorrectionNeeded,
    #[error(transparent)]
    Upload(#[from] UploadError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::Newsroom(error.into())
    }
}

/// The body: `{"error": {...}}`.
#[derive(Serialize)]
struct Body<'a> {
    error: Details<'a>,
}

#[derive(Serialize)]
struct Details<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
}

impl Details<'_> {
    fn new(code: &str, message: String) -> Details<'_> {
        Details {
            code,
            message,
            reason: None,
            field: None,
            current_version: None,
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // The site's own failures (a bad id, the store) answer as the read API does.
        let error = match self {
            ApiError::App(error) => return error.into_response(),
            other => other,
        };
        let reason = Some(error.to_string());
        let mut headers = HeaderMap::new();
        let (status, details) = match &error {
            ApiError::Unauthenticated(_) => {
                // RFC 6750: the scheme to use, and `invalid_token` when one was sent.
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"warraq\""),
                );
                (
                    StatusCode::UNAUTHORIZED,
                    Details {
                        reason,
                        ..Details::new(
                            "unauthenticated",
                            "يلزم رمز وصول صالح في الترويسة Authorization: Bearer.".into(),
                        )
                    },
                )
            }
            ApiError::Newsroom(error) => return newsroom_response(error, reason),
            ApiError::NotJson(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Details {
                    reason,
                    ..Details::new("invalid_json", "نص الطلب ليس JSON صالحاً.".into())
                },
            ),
            ApiError::NotNinjs {
                pointer,
                reason: why,
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Details {
                    reason: Some(why.clone()),
                    field: Some(pointer),
                    ..Details::new(
                        "invalid_ninjs",
                        format!("المستند ليس ninjs 3 صالحاً عند «{}».", pointer_label(pointer)),
                    )
                },
            ),
            ApiError::Unusable { field, reason: why } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Details {
                    reason: Some(why.clone()),
                    field: Some(field),
                    ..Details::new("invalid_field", format!("قيمة غير مقبولة في «{field}»."))
                },
            ),
            ApiError::UnsupportedMediaType { .. } => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Details {
                    reason,
                    ..Details::new(
                        "unsupported_media_type",
                        "نوع المحتوى غير مقبول في هذا المسار.".into(),
                    )
                },
            ),
            ApiError::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Details {
                    reason,
                    ..Details::new("payload_too_large", "نص الطلب أكبر من المسموح به.".into())
                },
            ),
            ApiError::IfMatchMissing => (
                StatusCode::PRECONDITION_REQUIRED,
                Details {
                    reason,
                    ..Details::new(
                        "if_match_required",
                        "يلزم إرسال الترويسة If-Match بوسم النسخة التي عدّلتها.".into(),
                    )
                },
            ),
            ApiError::IfMatchUnusable { current, .. } => {
                headers.insert(header::ETAG, etag(*current));
                (
                    StatusCode::PRECONDITION_FAILED,
                    Details {
                        reason,
                        current_version: Some(*current),
                        ..Details::new(
                            "version_mismatch",
                            format!(
                                "الترويسة If-Match لا تسمّي نسخة صالحة؛ النسخة الحالية {current}. لم يُحفظ شيء."
                            ),
                        )
                    },
                )
            }
            ApiError::CorrectionNeeded => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Details {
                    reason,
                    field: Some("correction"),
                    ..Details::new(
                        "correction_required",
                        "المادة منشورة: أي تعديل عليها تصحيح يلزمه نص يوضح ما صُحّح (الترويسة Warraq-Correction)."
                            .into(),
                    )
                },
            ),
            ApiError::Upload(error) => {
                let status = StatusCode::from_u16(error.http_status())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                if status.is_server_error() {
                    tracing::error!(code = error.code(), error = %error, "upload failed");
                }
                (
                    status,
                    Details {
                        reason,
                        ..Details::new(error.code(), error.message_ar())
                    },
                )
            }
            ApiError::App(_) => unreachable!("answered above"),
        };
        (status, headers, Json(Body { error: details })).into_response()
    }
}

fn newsroom_response(error: &NewsroomError, reason: Option<String>) -> Response {
    let mut headers = HeaderMap::new();
    let (status, details) = match error {
        NewsroomError::Unauthenticated(_) => {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"warraq\""),
            );
            (
                StatusCode::UNAUTHORIZED,
                Details {
                    reason,
                    ..Details::new("unauthenticated", "يلزم رمز وصول صالح.".into())
                },
            )
        }
        NewsroomError::Throttled { retry_after_secs } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            (
                StatusCode::TOO_MANY_REQUESTS,
                Details {
                    reason,
                    retry_after: Some(*retry_after_secs),
                    ..Details::new(
                        "throttled",
                        format!("محاولات كثيرة؛ أعد المحاولة بعد {retry_after_secs} ثانية."),
                    )
                },
            )
        }
        NewsroomError::Forbidden { .. } => (
            StatusCode::FORBIDDEN,
            Details {
                reason,
                ..Details::new("forbidden", "لا تسمح صلاحيات حسابك بهذا الإجراء.".into())
            },
        ),
        NewsroomError::Stale {
            expected, found, ..
        } => {
            headers.insert(header::ETAG, etag(*found));
            (
                StatusCode::PRECONDITION_FAILED,
                Details {
                    reason,
                    current_version: Some(*found),
                    ..Details::new(
                        "version_mismatch",
                        format!(
                            "عدّل غيرك المادة منذ فتحتها: نسختك {expected} والنسخة الحالية {found}. لم يُحفظ شيء."
                        ),
                    )
                },
            )
        }
        NewsroomError::TransitionNotAllowed { from, to } => (
            StatusCode::CONFLICT,
            Details {
                reason,
                field: Some("to"),
                ..Details::new(
                    "transition_not_allowed",
                    format!(
                        "لا يمكن نقل المادة من الحالة «{}» إلى «{}».",
                        from.as_str(),
                        to.as_str()
                    ),
                )
            },
        ),
        NewsroomError::Invalid { field, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Details {
                reason,
                field: Some(field),
                ..Details::new("invalid_field", format!("قيمة غير صالحة في «{field}»."))
            },
        ),
        NewsroomError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            Details {
                reason,
                ..Details::new("not_found", "لم نعثر على المطلوب.".into())
            },
        ),
        NewsroomError::Store(store) => {
            return AppError::Store(clone_store_error(store)).into_response();
        }
    };
    (status, headers, Json(Body { error: details })).into_response()
}

/// `StoreError` is not `Clone`; the response needs only its kind and text.
fn clone_store_error(error: &StoreError) -> StoreError {
    match error {
        StoreError::Unavailable(text) => StoreError::Unavailable(text.clone()),
        StoreError::Corrupt(text) => StoreError::Corrupt(text.clone()),
        other => StoreError::Backend(other.to_string()),
    }
}

/// The document itself is `/` in messages, not an empty string.
fn pointer_label(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;
    use warraq_domain::Status;

    use super::*;

    async fn answer(error: ApiError) -> (StatusCode, HeaderMap, serde_json::Value) {
        let response = error.into_response();
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, headers, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn each_newsroom_refusal_has_its_status_and_code() {
        let cases = [
            (
                NewsroomError::Forbidden {
                    role: "writer",
                    action: "make an article published".into(),
                },
                403,
                "forbidden",
            ),
            (
                NewsroomError::TransitionNotAllowed {
                    from: Status::Draft,
                    to: Status::Unpublished,
                },
                409,
                "transition_not_allowed",
            ),
            (
                NewsroomError::Invalid {
                    field: "at",
                    reason: "a scheduled article needs a time".into(),
                },
                422,
                "invalid_field",
            ),
            (
                NewsroomError::NotFound("article 9".into()),
                404,
                "not_found",
            ),
        ];
        for (error, status, code) in cases {
            let (got, _, body) = answer(error.into()).await;
            assert_eq!(got.as_u16(), status, "{body}");
            assert_eq!(body["error"]["code"], code);
        }
    }

    #[tokio::test]
    async fn a_stale_version_answers_412_with_the_current_etag() {
        let (status, headers, body) = answer(
            NewsroomError::Stale {
                what: "article 4".into(),
                expected: 2,
                found: 5,
            }
            .into(),
        )
        .await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(headers[header::ETAG], "\"5\"");
        assert_eq!(body["error"]["current_version"], 5);
        assert!(body["error"]["message"].as_str().unwrap().contains('5'));
    }

    #[tokio::test]
    async fn throttling_says_when_to_retry_and_401_names_the_scheme() {
        let (status, headers, _) = answer(
            NewsroomError::Throttled {
                retry_after_secs: 30,
            }
            .into(),
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "30");
        let (status, headers, body) = answer(ApiError::Unauthenticated("no token")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            headers[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        assert_eq!(body["error"]["code"], "unauthenticated");
    }
}
