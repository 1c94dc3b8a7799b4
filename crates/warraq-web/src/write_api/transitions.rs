//! `POST /api/v1/articles/{id}/transitions` with `{"to": <state>, "at": <RFC 3339>}`:
//! moves an article through the workflow ([`Newsroom::transition`]); `at` is for
//! `scheduled` and `embargoed` only. `If-Match` is optional here (a transition does not
//! overwrite words), and checked when given.
//!
//! [`Newsroom::transition`]: warraq_newsroom::Newsroom::transition

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use warraq_domain::Status;
use warraq_newsroom::Transition;

use super::articles::{article_response, optional_version};
use super::auth::ApiUser;
use super::body::JsonBody;
use super::error::ApiError;
use crate::handlers::parse_article_id;
use crate::state::AppState;

/// The body as sent; each field is checked here so a mistake is named by its field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionRequest {
    to: String,
    #[serde(default)]
    at: Option<String>,
}

pub async fn transition(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let id = parse_article_id(&id)?;
    let expected = optional_version(&state, id, &headers).await?;
    let transition = transition_of(body.parse()?)?;
    let moved = state
        .newsroom()
        .transition(&user, id, transition, expected)
        .await?;
    article_response(&state, moved, StatusCode::OK).await
}

fn transition_of(request: TransitionRequest) -> Result<Transition, ApiError> {
    let to = Status::parse(request.to.trim()).map_err(|_| ApiError::Unusable {
        field: "to".into(),
        reason: format!(
            "`{}` is not a state (one of: {})",
            request.to,
            Status::ALL.map(Status::as_str).join(", ")
        ),
    })?;
    let at = match request.at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|e| ApiError::Unusable {
                    field: "at".into(),
                    reason: format!("`{text}` is not an RFC 3339 date-time: {e}"),
                })?
                .with_timezone(&Utc),
        ),
    };
    Ok(Transition { to, at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(to: &str, at: Option<&str>) -> TransitionRequest {
        TransitionRequest {
            to: to.into(),
            at: at.map(str::to_string),
        }
    }

    #[test]
    fn states_and_times_are_read_and_mistakes_named_by_field() {
        let t = transition_of(request("embargoed", Some("2030-01-02T03:04:05+03:00"))).unwrap();
        assert_eq!(t.to, Status::Embargoed);
        assert_eq!(t.at.unwrap().to_rfc3339(), "2030-01-02T00:04:05+00:00");
        assert_eq!(transition_of(request("in_review", None)).unwrap().at, None);
        for (bad, field) in [
            (request("publish", None), "to"),
            (request("scheduled", Some("tomorrow")), "at"),
        ] {
            match transition_of(bad) {
                Err(ApiError::Unusable { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{other:?}"),
            }
        }
    }
}
