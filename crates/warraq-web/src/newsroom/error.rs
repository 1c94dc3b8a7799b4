//! Why a newsroom request failed, and how it is shown: an Arabic (or English) newsroom page
//! for pages and forms, JSON (`{"error": {"code", "message", ...}}`) under
//! `/newsroom/api/`. Handlers return [`PageError`]; its response carries a
//! [`FailureDetails`] extension that [`render_failures`] (a layer of the newsroom router)
//! turns into the page in the request's language, like the site's own `render_errors` does
//! for readers. The site's error page is not used: it is the readers' (their navigation,
//! no newsroom frame).

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use thiserror::Error;
use warraq_newsroom::NewsroomError;
use warraq_store::StoreError;

use super::i18n::{Lang, tr};
use super::page::Frame;
use crate::error::{AppError, ErrorDetails};
use crate::state::AppState;

#[derive(Debug, Error)]
pub enum PageError {
    #[error(transparent)]
    Newsroom(#[from] NewsroomError),
    #[error(transparent)]
    App(#[from] AppError),
    /// A state-changing request without the session's CSRF token, or with another one.
    #[error("missing or wrong CSRF token")]
    Csrf,
    /// A state-changing request sent from another site (`Origin` / `Sec-Fetch-Site`).
    #[error("cross-site request refused")]
    CrossSite,
    /// No valid session on a JSON route (pages redirect to the login form instead).
    #[error("not logged in")]
    LoggedOut,
    #[error("bad input: {field}: {reason}")]
    BadInput { field: &'static str, reason: String },
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> Self {
        PageError::Newsroom(error.into())
    }
}

impl PageError {
    pub fn bad_input(field: &'static str, reason: impl Into<String>) -> Self {
        PageError::BadInput {
            field,
            reason: reason.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            PageError::Newsroom(e) => match e {
                NewsroomError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                NewsroomError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                NewsroomError::Forbidden { .. } => StatusCode::FORBIDDEN,
                NewsroomError::Stale { .. } => StatusCode::CONFLICT,
                NewsroomError::TransitionNotAllowed { .. } => StatusCode::CONFLICT,
                NewsroomError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                NewsroomError::NotFound(_) => StatusCode::NOT_FOUND,
                NewsroomError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
                NewsroomError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
                NewsroomError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            PageError::App(e) => e.status(),
            PageError::Csrf | PageError::CrossSite => StatusCode::FORBIDDEN,
            PageError::LoggedOut => StatusCode::UNAUTHORIZED,
            PageError::BadInput { .. } => StatusCode::BAD_REQUEST,
        }
    }

    /// Stable code for scripts and logs.
    pub fn code(&self) -> &'static str {
        match self {
            PageError::Newsroom(e) => match e {
                NewsroomError::Unauthenticated(_) => "unauthenticated",
                NewsroomError::Throttled { .. } => "throttled",
                NewsroomError::Forbidden { .. } => "forbidden",
                NewsroomError::Stale { .. } => "stale",
                NewsroomError::TransitionNotAllowed { .. } => "transition_not_allowed",
                NewsroomError::Invalid { .. } => "invalid",
                NewsroomError::NotFound(_) => "not_found",
                NewsroomError::Store(StoreError::Unavailable(_)) => "store_unavailable",
                NewsroomError::Store(StoreError::NotFound { .. }) => "not_found",
                NewsroomError::Store(_) => "store_error",
            },
            PageError::App(e) => e.code(),
            PageError::Csrf => "csrf",
            PageError::CrossSite => "cross_site",
            PageError::LoggedOut => "logged_out",
            PageError::BadInput { .. } => "bad_input",
        }
    }

    /// What people are told, in their language. Internal details stay in the logs; rule
    /// refusals say which field or rule (the service's English reason is kept alongside).
    pub fn message(&self, lang: Lang) -> String {
        let key = match self.status() {
            StatusCode::FORBIDDEN if matches!(self, PageError::Csrf | PageError::CrossSite) => {
                "error_csrf"
            }
            StatusCode::FORBIDDEN => "error_forbidden",
            StatusCode::NOT_FOUND => "error_not_found",
            StatusCode::UNAUTHORIZED => "error_logged_out",
            StatusCode::SERVICE_UNAVAILABLE => "error_unavailable",
            StatusCode::CONFLICT if self.code() == "stale" => "error_stale",
            StatusCode::CONFLICT => "error_transition",
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => {
                return format!("{}: {}", tr(lang, "error_invalid"), self.reason());
            }
            _ => "error_internal",
        };
        tr(lang, key).to_string()
    }

    /// The precise reason for rule refusals (which field and why), for people who need
    /// it; empty for failures whose details are internal.
    fn reason(&self) -> String {
        match self {
            PageError::Newsroom(
                e @ (NewsroomError::Invalid { .. }
                | NewsroomError::Forbidden { .. }
                | NewsroomError::TransitionNotAllowed { .. }
                | NewsroomError::Stale { .. }
                | NewsroomError::Throttled { .. }),
            ) => e.to_string(),
            PageError::BadInput { field, reason } => format!("{field}: {reason}"),
            PageError::App(AppError::BadParameter { name, reason }) => format!("{name}: {reason}"),
            _ => String::new(),
        }
    }
}

/// What [`render_failures`] needs to show a failure.
#[derive(Debug, Clone)]
pub struct FailureDetails {
    pub status: StatusCode,
    pub code: &'static str,
    pub message_ar: String,
    pub message_en: String,
    pub reason: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(code = self.code(), error = %self, "newsroom request failed");
        }
        let details = FailureDetails {
            status,
            code: self.code(),
            message_ar: self.message(Lang::Ar),
            message_en: self.message(Lang::En),
            reason: self.reason(),
        };
        let mut response = (
            status,
            Json(json!({ "error": {
                "code": details.code,
                "message": details.message_ar,
                "reason": details.reason,
            }})),
        )
            .into_response();
        if let PageError::Newsroom(NewsroomError::Throttled { retry_after_secs }) = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(details);
        response
    }
}

/// Where a newsroom request's failure is shown: its language, and whether it is a script's
/// JSON call.
#[derive(Debug, Clone, Copy)]
pub struct FailureTarget {
    lang: Lang,
    api: bool,
}

impl FailureTarget {
    /// `Some` for requests under `/newsroom`.
    pub fn of(request: &Request) -> Option<FailureTarget> {
        let path = request.uri().path();
        if path != "/newsroom" && !path.starts_with("/newsroom/") {
            return None;
        }
        let lang = Lang::from_query(request.uri().query())
            .or_else(|| {
                super::session::cookie_value(request.headers(), super::i18n::LANG_COOKIE)
                    .and_then(|v| Lang::parse(&v))
            })
            .unwrap_or_default();
        Some(FailureTarget {
            lang,
            api: path.starts_with("/newsroom/api/"),
        })
    }
}

/// Called by the site's `render_errors` for `/newsroom` requests: a failure becomes the
/// newsroom's error page (JSON with the message in the page's language under
/// `/newsroom/api/`), never cached. Failures of the site's own type ([`AppError`]) are
/// shown the same way.
pub fn render_failure(state: &AppState, target: FailureTarget, response: Response) -> Response {
    let details = match (
        response.extensions().get::<FailureDetails>(),
        response.extensions().get::<ErrorDetails>(),
    ) {
        (Some(details), _) => details.clone(),
        (None, Some(app)) => FailureDetails::of_app(app),
        (None, None) => return response,
    };
    let lang = target.lang;
    let message = match lang {
        Lang::Ar => &details.message_ar,
        Lang::En => &details.message_en,
    };
    let mut rendered = if target.api {
        (
            details.status,
            Json(json!({ "error": {
                "code": details.code,
                "message": message,
                "reason": details.reason,
            }})),
        )
            .into_response()
    } else {
        let frame = Frame::anonymous(state, lang, tr(lang, "error_title"));
        match state.render(
            "newsroom/error.html",
            minijinja::context! { frame, message, reason => details.reason, code => details.code },
        ) {
            Ok(html) => (details.status, Html(html)).into_response(),
            Err(err) => {
                tracing::error!(error = %err, "newsroom error page failed to render");
                return response;
            }
        }
    };
    let headers = rendered.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
        headers.insert(header::RETRY_AFTER, retry.clone());
    }
    rendered
}

impl FailureDetails {
    fn of_app(app: &ErrorDetails) -> FailureDetails {
        let key = match app.status {
            StatusCode::NOT_FOUND => "error_not_found",
            StatusCode::SERVICE_UNAVAILABLE => "error_unavailable",
            StatusCode::BAD_REQUEST => "error_invalid",
            _ => "error_internal",
        };
        FailureDetails {
            status: app.status,
            code: app.code,
            message_ar: tr(Lang::Ar, key).to_string(),
            message_en: tr(Lang::En, key).to_string(),
            reason: app.reason.clone().unwrap_or_default(),
        }
    }
}
