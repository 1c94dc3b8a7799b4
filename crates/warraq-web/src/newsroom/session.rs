//! Newsroom sessions and CSRF protection.
//!
//! # Routes
//! - `GET /newsroom/login[?next=/newsroom/...]`: the login form (a logged-in user is sent
//!   on to `next`).
//! - `POST /newsroom/login` (form: `email`, `password`, `next`): [`Newsroom::login`] with
//!   the client's address and user agent; success sets the session cookie and answers 303
//!   to `next` (only `/newsroom...` paths; anything else goes to `/newsroom`). Wrong
//!   e-mail or password: the form again, 401, no cookie. Throttled: the form with the wait
//!   in minutes, 429 and `Retry-After`.
//! - `POST /newsroom/logout`, `POST /newsroom/logout-everywhere` (form with `csrf`): end
//!   this session / every session of the account, clear the cookie, 303 to the login form.
//!
//! # The cookie
//! [`SESSION_COOKIE`] holds the random session token (the store keeps only its SHA-256):
//! `HttpOnly; Secure; SameSite=Strict; Path=/newsroom`, no `Max-Age` (the server ends
//! idle sessions; browsers treat `http://127.0.0.1` and `localhost` as secure, so `Secure`
//! is set unconditionally).
//!
//! # Extractors (for every newsroom handler, including the media library and accounts)
//! - [`NewsroomUser`] `{ user, session }`: a valid session, or the request is answered
//!   with a 303 to `/newsroom/login?next=<this page>` (401 JSON under `/newsroom/api/`).
//!   Use it on pages (GET) only: it checks no CSRF token.
//! - [`CsrfForm<T>`]: for `application/x-www-form-urlencoded` POSTs: the session, the
//!   same-origin check and the form's hidden `csrf` field; gives `(NewsroomUser, T)`.
//!   `T` must tolerate the extra `csrf` field (no `deny_unknown_fields`).
//! - [`CsrfHeader`]: for `fetch()` calls (JSON, multipart): the session, the same-origin
//!   check and the `X-CSRF-Token` header. Put it before the body extractor.
//! - [`check_csrf`] and [`check_same_origin`]: the two checks on their own, e.g. for a
//!   multipart form carrying `csrf` as a field.
//!
//! A missing or wrong token, or a cross-site request, is refused with 403 before anything
//! is read or written. Every response of the newsroom router is `Cache-Control: no-store`
//! (set in `newsroom::routes`).

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, body::Bytes};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use warraq_domain::{Session, User};
use warraq_newsroom::NewsroomError;
use warraq_newsroom::credentials::secrets_match;

use super::error::PageError;
use super::i18n::{Lang, tr};
use super::page::{self, Frame};
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "warraq_session";
/// The header `fetch()` calls carry the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The hidden form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/newsroom/login", get(login_form).post(login))
        .route("/newsroom/logout", post(logout))
        .route("/newsroom/logout-everywhere", post(logout_everywhere))
}

// ---- the cookie ---------------------------------------------------------------------

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
}

fn session_cookie(token: &str) -> HeaderValue {
    // The token is URL-safe base64: nothing in it needs quoting.
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/newsroom; HttpOnly; Secure; SameSite=Strict"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

fn cleared_session_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "warraq_session=; Path=/newsroom; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
    )
}

// ---- extractors -----------------------------------------------------------------------

/// The logged-in account and its session (see the module documentation).
#[derive(Debug, Clone)]
pub struct NewsroomUser {
    pub user: User,
    pub session: Session,
}

/// Why [`NewsroomUser`] could not be extracted.
#[derive(Debug)]
pub enum SessionRejection {
    /// Not logged in: pages go to the login form, JSON routes get 401.
    LoggedOut {
        next: String,
        api: bool,
    },
    Failed(PageError),
}

impl IntoResponse for SessionRejection {
    fn into_response(self) -> Response {
        match self {
            SessionRejection::LoggedOut { api: true, .. } => PageError::LoggedOut.into_response(),
            SessionRejection::LoggedOut { next, .. } => {
                let next = utf8_percent_encode(&next, NON_ALPHANUMERIC);
                Redirect::to(&format!("/newsroom/login?next={next}")).into_response()
            }
            SessionRejection::Failed(error) => error.into_response(),
        }
    }
}

impl From<PageError> for SessionRejection {
    fn from(error: PageError) -> Self {
        SessionRejection::Failed(error)
    }
}

impl FromRequestParts<AppState> for NewsroomUser {
    type Rejection = SessionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(found) = parts.extensions.get::<NewsroomUser>() {
            return Ok(found.clone());
        }
        let found = match cookie_value(&parts.headers, SESSION_COOKIE) {
            Some(token) if !token.is_empty() => state
                .newsroom()
                .session_user(&token)
                .await
                .map_err(PageError::from)?,
            _ => None,
        };
        let Some((user, session)) = found else {
            let path = parts.uri.path();
            // After logging in, go back to the page; a form's target is not a page.
            let next = if parts.method == Method::GET {
                parts
                    .uri
                    .path_and_query()
                    .map_or(path, |pq| pq.as_str())
                    .to_string()
            } else {
                "/newsroom".to_string()
            };
            return Err(SessionRejection::LoggedOut {
                next,
                api: path.starts_with("/newsroom/api/"),
            });
        };
        let found = NewsroomUser { user, session };
        // Several extractors of one request share the lookup.
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}

/// Whether `sent` is this session's CSRF token (in constant time).
pub fn check_csrf(session: &Session, sent: Option<&str>) -> Result<(), PageError> {
    match sent {
        Some(sent) if secrets_match(sent, &session.csrf_token) => Ok(()),
        _ => Err(PageError::Csrf),
    }
}

/// The second layer against cross-site requests, for POST, PUT, PATCH and DELETE: a
/// browser's `Sec-Fetch-Site` must say same-origin (or `none`: typed by the user), and an
/// `Origin` must be this host's (or the configured public address's). Requests without
/// either header (old browsers, tests, curl) rely on the CSRF token alone.
pub fn check_same_origin(parts: &Parts, state: &AppState) -> Result<(), PageError> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let headers = &parts.headers;
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if site != "same-origin" && site != "none" {
            return Err(PageError::CrossSite);
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let authority = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .unwrap_or("");
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| parts.uri.authority().map(|a| a.as_str()));
        let public = state.site().base_url.trim_end_matches('/');
        let same_host = host.is_some_and(|h| !authority.is_empty() && h == authority);
        if !(same_host || origin == public) {
            return Err(PageError::CrossSite);
        }
    }
    Ok(())
}

/// A logged-in user whose request carried the right `X-CSRF-Token` from this site.
#[derive(Debug, Clone)]
pub struct CsrfHeader(pub NewsroomUser);

impl FromRequestParts<AppState> for CsrfHeader {
    type Rejection = SessionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        check_same_origin(parts, state)?;
        let who = NewsroomUser::from_request_parts(parts, state).await?;
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        check_csrf(&who.session, sent)?;
        Ok(CsrfHeader(who))
    }
}

/// A form POST of a logged-in user, from this site, with the right `csrf` field.
#[derive(Debug, Clone)]
pub struct CsrfForm<T>(pub NewsroomUser, pub T);

#[derive(Deserialize)]
struct CsrfOnly {
    csrf: Option<String>,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = SessionRejection;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        check_same_origin(&parts, state)?;
        let who = NewsroomUser::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| PageError::bad_input("form", e.body_text()))?;
        let form = |bytes: Bytes| Request::from_parts(parts.clone(), axum::body::Body::from(bytes));
        let Form(CsrfOnly { csrf }) = Form::<CsrfOnly>::from_request(form(bytes.clone()), state)
            .await
            .map_err(|e| PageError::bad_input("form", e.body_text()))?;
        check_csrf(&who.session, csrf.as_deref())?;
        let Form(value) = Form::<T>::from_request(form(bytes), state)
            .await
            .map_err(|e| PageError::bad_input("form", e.body_text()))?;
        Ok(CsrfForm(who, value))
    }
}

// ---- handlers -------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: Option<String>,
    /// `out` after a logout, `everywhere` after logging out everywhere.
    #[serde(default)]
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// Only the newsroom's own pages are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    let decoded = next
        .map(|n| percent_decode_str(n).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let ok = (decoded == "/newsroom"
        || decoded.starts_with("/newsroom/")
        || decoded.starts_with("/newsroom?"))
        && !decoded.contains("//")
        && !decoded.contains('\\')
        && !decoded.starts_with("/newsroom/login")
        && !decoded.chars().any(char::is_control);
    if ok { decoded } else { "/newsroom".to_string() }
}

struct LoginPage<'a> {
    status: StatusCode,
    email: &'a str,
    next: &'a str,
    message: Option<String>,
    notice: Option<&'static str>,
}

fn render_login(state: &AppState, lang: Lang, page: LoginPage<'_>) -> Result<Response, PageError> {
    let frame = Frame::anonymous(state, lang, tr(lang, "login_title"));
    let mut response = page::render(
        state,
        "newsroom/login.html",
        minijinja::context! {
            frame,
            email => page.email,
            next => page.next,
            message => page.message,
            notice => page.notice,
        },
    )?;
    *response.status_mut() = page.status;
    Ok(response)
}

async fn login_form(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<NextQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let next = safe_next(query.next.as_deref());
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE)
        && state.newsroom().session_user(&token).await?.is_some()
    {
        return Ok(Redirect::to(&next).into_response());
    }
    let notice = match query.done.as_deref() {
        Some("out") => Some(tr(lang, "logged_out")),
        Some("everywhere") => Some(tr(lang, "logged_out_everywhere")),
        _ => None,
    };
    render_login(
        &state,
        lang,
        LoginPage {
            status: StatusCode::OK,
            email: "",
            next: &next,
            message: None,
            notice,
        },
    )
}

async fn login(
    State(state): State<AppState>,
    lang: Lang,
    request: Request,
) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    // Known when the server is run with connect info (`warraq serve`); the throttle then
    // also counts failures per address.
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    // No session yet, so no token: logging someone in from another site (login CSRF) is
    // refused by origin alone.
    check_same_origin(&parts, &state)?;
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Form(input) = Form::<LoginInput>::from_request(Request::from_parts(parts, body), &state)
        .await
        .map_err(|e| PageError::bad_input("form", e.body_text()))?;
    let next = safe_next(input.next.as_deref());
    let outcome = state
        .newsroom()
        .login(
            &input.email,
            &input.password,
            address.as_deref(),
            user_agent.as_deref(),
        )
        .await;
    let refused = |status, message: String| {
        render_login(
            &state,
            lang,
            LoginPage {
                status,
                email: &input.email,
                next: &next,
                message: Some(message),
                notice: None,
            },
        )
    };
    match outcome {
        Ok(logged_in) => {
            let mut response = Redirect::to(&next).into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&logged_in.session_token));
            Ok(response)
        }
        Err(NewsroomError::Unauthenticated(_)) => {
            refused(StatusCode::UNAUTHORIZED, tr(lang, "login_failed").into())
        }
        Err(NewsroomError::Throttled { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            let message = tr(lang, "login_throttled").replace("{minutes}", &minutes.to_string());
            let mut response = refused(StatusCode::TOO_MANY_REQUESTS, message)?;
            if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_, Empty {}): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        state.newsroom().logout(&token).await?;
    }
    Ok(logged_out("/newsroom/login?done=out"))
}

async fn logout_everywhere(
    State(state): State<AppState>,
    CsrfForm(who, Empty {}): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    state.newsroom().logout_everywhere(&who.user).await?;
    Ok(logged_out("/newsroom/login?done=everywhere"))
}

fn logged_out(to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cleared_session_cookie());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_newsroom_paths_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/newsroom/articles/3")),
            "/newsroom/articles/3"
        );
        assert_eq!(
            safe_next(Some("%2Fnewsroom%3Fstatus%3Ddraft")),
            "/newsroom?status=draft"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/newsroom//evil.example",
            "/newsroomx",
            "/\\evil",
            "/",
            "/newsroom/login?next=/x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/newsroom", "{bad}");
        }
        assert_eq!(safe_next(None), "/newsroom");
    }

    #[test]
    fn cookies_are_found_by_name_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; warraq_session=tok"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("warraq_lang=en"));
        assert_eq!(
            cookie_value(&headers, SESSION_COOKIE).as_deref(),
            Some("tok")
        );
        assert_eq!(cookie_value(&headers, "warraq_lang").as_deref(), Some("en"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }
}
