//! The newsroom's administration: accounts (`/newsroom/users`), API tokens
//! (`/newsroom/tokens`) and the audit log (`/newsroom/audit`) for chiefs, and everyone's
//! own account (`/newsroom/account`).
//!
//! Who may see the chiefs' pages is decided by [`warraq_newsroom::permissions`] in the
//! handler ([`require`]), before anything is read; templates only hide links. The service
//! checks again on every change it makes.
//!
//! # Routes
//! - `GET /newsroom/users`; `POST /newsroom/users` (add: `email`, `display_name`, `role`;
//!   the generated password is shown once); `POST /newsroom/users/{id}/role` (`role`),
//!   `POST /newsroom/users/{id}/disable`, `POST /newsroom/users/{id}/enable`.
//! - `GET /newsroom/tokens`; `POST /newsroom/tokens` (`email`, `label`; the token is shown
//!   once); `POST /newsroom/tokens/{id}/revoke`.
//! - `GET /newsroom/audit?subject=&before=`.
//! - `GET /newsroom/account`; `POST /newsroom/account/password` (`current`, `password`,
//!   `confirm`). "Log out everywhere" posts to the session module's route.
//!
//! Every form carries the session's `csrf` field.

mod account;
mod audit;
mod sections;
mod tokens;
mod users;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use warraq_newsroom::NewsroomError;
use warraq_newsroom::permissions::{Action, may};
use warraq_store::StoreError;

use super::error::PageError;
use super::i18n::{Lang, role_label, tr};
use super::page::{self, Frame, Nav};
use super::session::NewsroomUser;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/newsroom/users", get(users::list).post(users::add))
        .route("/newsroom/users/{id}/role", post(users::change_role))
        .route("/newsroom/users/{id}/disable", post(users::disable))
        .route("/newsroom/users/{id}/enable", post(users::enable))
        .route("/newsroom/tokens", get(tokens::list).post(tokens::create))
        .route("/newsroom/tokens/{id}/revoke", post(tokens::revoke))
        .route("/newsroom/audit", get(audit::log))
        .route("/newsroom/account", get(account::page))
        .route("/newsroom/account/password", post(account::change_password))
        .route(
            "/newsroom/sections",
            get(sections::list).post(sections::add),
        )
}

/// A failed admin request: a newsroom failure (the shared error page), or a refusal
/// already rendered as this section's 403 page.
#[derive(Debug)]
pub enum AdminError {
    Page(PageError),
    /// Boxed: a response is large, and this is the rare path.
    Refused(Box<Response>),
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        match self {
            AdminError::Page(error) => error.into_response(),
            AdminError::Refused(response) => *response,
        }
    }
}

impl From<PageError> for AdminError {
    fn from(error: PageError) -> Self {
        AdminError::Page(error)
    }
}

impl From<NewsroomError> for AdminError {
    fn from(error: NewsroomError) -> Self {
        AdminError::Page(error.into())
    }
}

impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> Self {
        AdminError::Page(error.into())
    }
}

pub type AdminResult = Result<Response, AdminError>;

/// Lets `who` through when the newsroom's rules allow `action`; otherwise answers 403
/// with a page that says these pages are the chief's and what the user's role is.
pub fn require(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    action: Action,
    nav: Nav,
) -> Result<(), AdminError> {
    if may(&who.user, action, None) {
        return Ok(());
    }
    let frame = Frame::of(state, lang, who, tr(lang, "adm_forbidden_title"), nav);
    let message = tr(lang, "adm_forbidden").replace("{role}", role_label(lang, who.user.role));
    let mut response = page::render(
        state,
        "newsroom/admin_forbidden.html",
        minijinja::context! { frame, message },
    )?;
    *response.status_mut() = StatusCode::FORBIDDEN;
    Err(AdminError::Refused(Box::new(response)))
}

/// The message for a refusal of the service that the user can fix (a taken e-mail, a
/// short password), or `None` for failures that go to the error page.
pub fn fixable_message(lang: Lang, error: &NewsroomError) -> Option<String> {
    let NewsroomError::Invalid { field, reason } = error else {
        return None;
    };
    let key = match *field {
        "unique" => "adm_error_email_taken",
        "user.email" => "adm_error_email_invalid",
        "display_name" => "adm_error_name_empty",
        "role" => "adm_error_self",
        "password" => "adm_error_password",
        _ => return Some(format!("{}: {reason}", tr(lang, "error_invalid"))),
    };
    Some(tr(lang, key).to_string())
}

/// The accounts pages' templates rendered with sample values (the HTTP tests render them
/// with real ones).
#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::super::i18n::Lang;
    use super::super::library::tests::{frame, render};
    use super::super::page::Nav;

    fn when() -> minijinja::Value {
        context! { iso => "2024-10-30T12:00:00+03:00", text => "2024-10-30 12:00" }
    }

    #[test]
    fn the_accounts_pages_render_in_both_languages() {
        let xss = "<script>alert(1)</script>";
        for lang in [Lang::Ar, Lang::En] {
            let roles = vec![context! { value => "writer", label => "كاتب" }];
            let html = render(
                "newsroom/admin_users.html",
                lang,
                context! {
                    frame => frame(lang, Nav::Accounts), roles,
                    users => vec![context! { id => 2, display_name => xss, email => "a@x.test", role => "writer",
                        role_label => "كاتب", disabled => false, created => when(), is_self => false }],
                    created => context! { display_name => xss, email => "a@x.test", password => "Secret2345abcdEF" },
                    notice => (), error => "taken", form => context! { email => "", display_name => "", role => "writer" },
                },
            );
            assert!(html.contains(r#"data-secret="password">Secret2345abcdEF<"#));
            let html = render(
                "newsroom/admin_tokens.html",
                lang,
                context! {
                    frame => frame(lang, Nav::Accounts),
                    tokens => vec![context! { id => 3, label => xss, user_name => "هدى", user_email => "a@x.test",
                        created => when(), last_used => (), revoked => false }],
                    accounts => vec![context! { email => "a@x.test", label => "هدى <a@x.test>" }],
                    created => context! { label => xss, email => "a@x.test", token => "wq_abc" },
                    notice => "done", error => (), form => context! { email => "a@x.test", label => "" },
                },
            );
            assert!(html.contains(r#"action="/newsroom/tokens/3/revoke""#));
            render(
                "newsroom/admin_audit.html",
                lang,
                context! {
                    frame => frame(lang, Nav::Audit), subject => "article:1",
                    rows => vec![context! { seq => 9, when => when(), who => xss, action => "x", detail => xss,
                        subject => "article:1", subject_url => "/newsroom/articles/1", filter_url => "/newsroom/audit?subject=article%3A1" }],
                    older_url => "/newsroom/audit?subject=&before=9", newest_url => (),
                },
            );
            let html = render(
                "newsroom/admin_account.html",
                lang,
                context! {
                    frame => frame(lang, Nav::None),
                    account => context! { display_name => xss, email => "a@x.test", role => "كاتب", created => when() },
                    sessions => vec![context! { created => when(), last_seen => when(), expires => when(),
                        user_agent => xss, address => "127.0.0.1", current => true }],
                    notice => (), error => "wrong", min_password => 10,
                },
            );
            assert!(html.contains(r#"minlength="10""#));
            render(
                "newsroom/admin_forbidden.html",
                lang,
                context! { frame => frame(lang, Nav::Accounts), message => xss },
            );
        }
    }
}
