//! One error type at the HTTP edge. Every failure has a status, a stable code (for API
//! clients and logs) and a message in Arabic for people. Handlers return `AppError`; the
//! [`render_errors`] middleware turns it into the Arabic error page, or into JSON for
//! `/api/` routes, so the choice is made in one place.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use thiserror::Error;
use warraq_store::StoreError;

use crate::state::AppState;

#[derive(Debug, Error)]
pub enum AppError {
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("bad value for parameter `{name}`: {reason}")]
    BadParameter { name: &'static str, reason: String },
    #[error("store failed: {0}")]
    Store(#[from] StoreError),
    #[error("template `{template}` failed to render: {source}")]
    Render {
        template: String,
        source: minijinja::Error,
    },
    #[error("media {media} could not be processed: {reason}")]
    Image { media: i64, reason: String },
    #[error("search: {0}")]
    Search(#[from] warraq_search::SearchError),
    #[error("this node has no search index")]
    SearchUnavailable,
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn not_found(what: &'static str) -> Self {
        AppError::NotFound { what }
    }

    pub fn bad_parameter(name: &'static str, reason: impl Into<String>) -> Self {
        AppError::BadParameter {
            name,
            reason: reason.into(),
        }
    }

    /// A store "not found" means the reader asked for something that is not there.
    pub fn from_store_lookup(what: &'static str, err: StoreError) -> Self {
        if err.is_not_found() {
            AppError::NotFound { what }
        } else {
            AppError::Store(err)
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::BadParameter { .. } => StatusCode::BAD_REQUEST,
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            AppError::SearchUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_)
            | AppError::Search(_)
            | AppError::Render { .. }
            | AppError::Image { .. }
            | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code; clients and dashboards key on it, never on the text.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound { .. } => "not_found",
            AppError::BadParameter { .. } => "bad_parameter",
            AppError::Store(StoreError::Unavailable(_)) => "store_unavailable",
            AppError::Store(StoreError::NotFound { .. }) => "not_found",
            AppError::Store(_) => "store_error",
            AppError::Render { .. } => "render_error",
            AppError::Search(_) => "search_error",
            AppError::SearchUnavailable => "search_unavailable",
            AppError::Image { .. } => "image_error",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// What a reader is told. Internal details stay in the logs.
    pub fn message_ar(&self) -> String {
        match self {
            AppError::NotFound { .. } | AppError::Store(StoreError::NotFound { .. }) => {
                "عذراً، لم نعثر على الصفحة المطلوبة. ربما نُقلت أو حُذفت.".to_string()
            }
            AppError::BadParameter { name, .. } => format!("قيمة غير صالحة للمعامل «{name}»."),
            AppError::Store(StoreError::Unavailable(_)) | AppError::SearchUnavailable => {
                "الخدمة غير متاحة مؤقتاً. يُرجى المحاولة بعد قليل.".to_string()
            }
            _ => "حدث خطأ غير متوقع. يُرجى المحاولة لاحقاً.".to_string(),
        }
    }

    fn parameter(&self) -> Option<&'static str> {
        match self {
            AppError::BadParameter { name, .. } => Some(name),
            _ => None,
        }
    }

    fn details(&self) -> ErrorDetails {
        ErrorDetails {
            status: self.status(),
            code: self.code(),
            message: self.message_ar(),
            parameter: self.parameter(),
            reason: match self {
                AppError::BadParameter { reason, .. } => Some(reason.clone()),
                _ => None,
            },
        }
    }
}

/// What the error middleware needs to render the failure for the route that produced it.
#[derive(Debug, Clone)]
pub struct ErrorDetails {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub parameter: Option<&'static str>,
    pub reason: Option<String>,
}

#[derive(Serialize)]
struct JsonErrorBody<'a> {
    error: JsonError<'a>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

impl ErrorDetails {
    pub fn json_response(&self) -> Response {
        let body = JsonErrorBody {
            error: JsonError {
                code: self.code,
                message: &self.message,
                parameter: self.parameter,
                reason: self.reason.as_deref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(code = self.code(), error = %self, "request failed");
        }
        let details = self.details();
        // JSON by default; `render_errors` swaps in the HTML page for reader routes.
        let mut response = details.json_response();
        response.extensions_mut().insert(details);
        response
    }
}

/// Renders failures for people: the Arabic error page on site routes, JSON under `/api/`.
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    // The newsroom shows its failures in its own frame and language.
    let newsroom = crate::newsroom::error::FailureTarget::of(&request);
    let response = next.run(request).await;
    if let Some(target) = newsroom {
        return crate::newsroom::error::render_failure(&state, target, response);
    }
    let Some(details) = response.extensions().get::<ErrorDetails>().cloned() else {
        return response;
    };
    if is_api {
        return response;
    }
    match state.render_error_page(&details).await {
        Ok(html) => (details.status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "error page failed to render");
            response
        }
    }
}
