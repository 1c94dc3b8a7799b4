//! The write API under `/api/v1/` (`Authorization: Bearer <token>`): the newsroom's
//! operations as JSON, with ninjs 3 documents, `ETag`/`If-Match` versions and an OpenAPI
//! document. Every rule comes from [`warraq_newsroom::Newsroom`].

use axum::Router;

use crate::state::AppState;

/// Every write route of the API (merged with the read API's routes).
pub fn routes() -> Router<AppState> {
    Router::new()
}
