//! The newsroom at `/newsroom`: where journalists log in, write, review, schedule, publish
//! and correct, manage pictures, and where chiefs manage accounts and read the audit log.
//! Server-rendered pages (Arabic, right to left; English available) with the rich-text
//! editor bundle (`static/newsroom/`); every rule comes from [`warraq_newsroom::Newsroom`].

use axum::Router;

use crate::state::AppState;

/// Every `/newsroom` route.
pub fn routes() -> Router<AppState> {
    Router::new()
}
