//! `GET /healthz`: answers only after the store did (a cheap query), so a load balancer
//! stops sending readers to a node whose database is gone.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.store();
    match store.last_change_seq().await {
        Ok(last) => (
            StatusCode::OK,
            Json(json!({
                "status": "ok",
                "backend": store.backend(),
                // The log's newest entry, and the one this node's caches reflect (equal, or
                // a few behind for up to a poll, while the follower runs).
                "change_log": { "last": last, "applied": state.applied_seq() },
            })),
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check: store failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "backend": store.backend(), "error": err.to_string() })),
            )
                .into_response()
        }
    }
}
