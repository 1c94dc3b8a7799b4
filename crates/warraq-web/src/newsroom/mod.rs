//! The newsroom at `/newsroom`: where journalists log in, write, review, schedule, publish
//! and correct, manage pictures, and where chiefs manage accounts and read the audit log.
//! Server-rendered pages (Arabic, right to left; English available) with the rich-text
//! editor bundle (`static/newsroom/`); every rule comes from [`warraq_newsroom::Newsroom`].
//!
//! One module per concern: [`session`] (login, cookie, CSRF, the extractors every handler
//! uses), [`i18n`] (the string table), [`page`] (the frame of every page), [`error`] (how
//! failures are shown).

// Parts of these are for the pages of the media library and accounts (library.rs,
// admin.rs) as much as for the article pages.
#[allow(dead_code)]
pub mod error;
#[allow(dead_code)]
pub mod i18n;
#[allow(dead_code)]
pub mod page;
#[allow(dead_code)]
pub mod session;

use axum::http::{HeaderValue, header};
use axum::{Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// Every `/newsroom` route. Nothing here is kept by browsers, proxies or the page cache:
/// pages show unpublished work and carry the CSRF token.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        // Layers apply to the routes merged above them.
        .layer(middleware::from_fn(i18n::remember_language))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
