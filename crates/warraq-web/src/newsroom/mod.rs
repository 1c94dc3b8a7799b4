//! The newsroom at `/newsroom`: where journalists log in, write, review, schedule, publish
//! and correct, manage pictures, and where chiefs manage accounts and read the audit log.
//! Server-rendered pages (Arabic, right to left; English available) with the rich-text
//! editor bundle (`static/newsroom/`); every rule comes from [`warraq_newsroom::Newsroom`].
//!
//! One module per concern: [`session`] (login, cookie, CSRF, the extractors every handler
//! uses), [`i18n`] (the string table), [`page`] (the frame of every page), [`error`] (how
//! failures are shown), [`forms`] (digits, times, lists); the pages: [`list`], [`editor`]
//! (+ [`content`], [`api`], [`workflow`]), [`preview`], [`revisions`].
//!
//! # Routes
//! | route | what |
//! | --- | --- |
//! | `GET /newsroom` | the article list |
//! | `GET /newsroom/articles/new`, `POST /newsroom/articles` | a new draft |
//! | `GET`, `POST /newsroom/articles/{id}` | the editor; the form's save |
//! | `POST /newsroom/articles/{id}/workflow` | submit, publish, schedule, ... |
//! | `GET /newsroom/articles/{id}/preview` | as readers will see it |
//! | `GET /newsroom/articles/{id}/revisions[/{v}[/compare]]`, `POST .../{v}/restore` | versions |
//! | `/newsroom/api/articles...` | the editor script's JSON calls ([`api`]) |
//! | `/newsroom/login`, `/logout`, `/logout-everywhere` | [`session`] |

mod admin;
mod api;
mod content;
mod editor;
// Parts of these are for the pages of the media library and accounts (library.rs,
// admin.rs) as much as for the article pages.
#[allow(dead_code)]
pub mod error;
pub mod forms;
#[allow(dead_code)]
pub mod i18n;
mod library;
mod list;
#[allow(dead_code)]
pub mod page;
mod preview;
mod revisions;
#[allow(dead_code)]
pub mod session;
mod workflow;

use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use axum::{Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// Every `/newsroom` route. Nothing here is kept by browsers, proxies or the page cache:
/// pages show unpublished work and carry the CSRF token.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(library::routes())
        .merge(admin::routes())
        .route("/newsroom", get(list::article_list))
        .route("/newsroom/articles/new", get(editor::new_article))
        .route("/newsroom/articles", post(editor::create_from_form))
        .route(
            "/newsroom/articles/{id}",
            get(editor::edit_article).post(editor::save_from_form),
        )
        .route(
            "/newsroom/articles/{id}/workflow",
            post(workflow::move_article),
        )
        .route("/newsroom/articles/{id}/preview", get(preview::preview))
        .route("/newsroom/articles/{id}/revisions", get(revisions::list))
        .route(
            "/newsroom/articles/{id}/revisions/{version}",
            get(revisions::view),
        )
        .route(
            "/newsroom/articles/{id}/revisions/{version}/compare",
            get(revisions::compare),
        )
        .route(
            "/newsroom/articles/{id}/revisions/{version}/restore",
            post(revisions::restore),
        )
        .route("/newsroom/api/articles", post(api::create))
        .route("/newsroom/api/articles/search", get(api::search_articles))
        .route(
            "/newsroom/api/articles/{id}",
            get(api::get_article).put(api::update),
        )
        // Layers apply to the routes merged above them.
        .layer(middleware::from_fn(i18n::remember_language))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
