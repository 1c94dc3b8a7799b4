//! `Authorization: Bearer <token>`: the account an API token acts as, found by
//! [`Newsroom::token_user`](warraq_newsroom::Newsroom::token_user) (which also refuses
//! revoked tokens and disabled accounts).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use warraq_domain::User;

use super::error::ApiError;
use crate::state::AppState;

/// The account behind the request's bearer token. Rejects with 401 when there is none.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        api_user(state, &parts.headers).await.map(ApiUser)
    }
}

pub async fn api_user(state: &AppState, headers: &HeaderMap) -> Result<User, ApiError> {
    let token = bearer_token(headers)?;
    state
        .newsroom()
        .token_user(token)
        .await?
        .ok_or(ApiError::Unauthenticated(
            "the token is unknown, revoked, or its account is disabled",
        ))
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case, RFC 9110).
fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated(
            "send Authorization: Bearer <token>",
        ))?;
    let text = value
        .to_str()
        .map_err(|_| ApiError::Unauthenticated("the Authorization header is not readable text"))?;
    let (scheme, token) = text
        .trim()
        .split_once(' ')
        .ok_or(ApiError::Unauthenticated(
            "send Authorization: Bearer <token>",
        ))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Unauthenticated(
            "only the Bearer scheme is accepted",
        ));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(ApiError::Unauthenticated("the bearer token is empty"));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_authorization(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_bearer_token_is_read_whatever_the_case_of_the_scheme() {
        for value in ["Bearer wq_abc", "bearer wq_abc", "BEARER   wq_abc "] {
            assert_eq!(bearer_token(&with_authorization(value)).unwrap(), "wq_abc");
        }
        for value in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "wq_abc"] {
            assert!(bearer_token(&with_authorization(value)).is_err(), "{value}");
        }
        assert!(bearer_token(&HeaderMap::new()).is_err());
    }
}
