//! The write API under `/api/v1/` (`Authorization: Bearer <token>`): the newsroom's
//! operations as JSON, with ninjs 3 documents, `ETag`/`If-Match` versions and an OpenAPI
//! document. Every rule comes from [`warraq_newsroom::Newsroom`].
//!
//! - [`auth`]: the bearer token's account ([`auth::ApiUser`]);
//! - [`error`]: refusals as JSON, with the status each newsroom error maps to;
//! - [`version`]: `ETag: "<version>"` and `If-Match`;
//! - [`body`]: request bodies, with the API's own errors;
//! - [`document`]: ninjs 3 → draft (through the project's ninjs import) and back;
//! - [`articles`], [`transitions`], [`revisions`], [`media`]: the handlers;
//! - [`openapi`]: the OpenAPI 3.1 document of every `/api/v1` route.
//!
//! `GET /api/v1/articles/{id}` stays the read API's route; with a bearer token it answers
//! the newsroom's view ([`articles::newsroom_article`]).

mod articles;
mod auth;
mod body;
mod document;
mod error;
mod media;
mod openapi;
mod revisions;
mod transitions;
mod version;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post, put};
use tower_http::set_header::SetResponseHeaderLayer;

pub use articles::newsroom_article;

use crate::state::AppState;

/// Every write route of the API (merged with the read API's routes), and the OpenAPI
/// document. Route paths are written out here, one `.route` each: the OpenAPI tests read
/// them from this file to check the document lists every one.
pub fn routes() -> Router<AppState> {
    let writes = Router::new()
        .route("/api/v1/articles", post(articles::create))
        .route("/api/v1/articles/{id}", put(articles::replace))
        .route(
            "/api/v1/articles/{id}/transitions",
            post(transitions::transition),
        )
        .route("/api/v1/articles/{id}/revisions", get(revisions::list))
        .route(
            "/api/v1/articles/{id}/revisions/{version}",
            get(revisions::one),
        )
        .route(
            "/api/v1/articles/{id}/revisions/{version}/restore",
            post(revisions::restore),
        )
        .route("/api/v1/media", post(media::upload))
        // Answers show unpublished work: nothing keeps them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    writes.route("/api/v1/openapi.json", get(openapi::document))
}
