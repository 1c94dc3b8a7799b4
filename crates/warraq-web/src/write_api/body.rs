//! Request bodies, read here rather than by axum's `Json`, so that every refusal (not
//! JSON, too large, wrong content type) is the API's JSON error, and so that a handler
//! checks its headers (`If-Match`) before it parses anything.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use crate::state::AppState;

/// Articles are text: a few hundred kilobytes at most. Pictures go to `/api/v1/media`.
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// A JSON body, read but not yet parsed (see [`JsonBody::value`]).
pub struct JsonBody(Bytes);

impl FromRequest<AppState> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        check_content_type(&parts.headers, is_json, "application/json")?;
        Ok(JsonBody(read_limited(body, MAX_JSON_BYTES).await?))
    }
}

impl JsonBody {
    pub fn value(&self) -> Result<Value, ApiError> {
        parse(&self.0)
    }

    /// The body as `T`; a mistake names its place (`unknown variant ... at line 1 column 9`).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.0).map_err(|e| ApiError::NotJson(e.to_string()))
    }
}

fn parse(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::NotJson("the body is empty".into()));
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::NotJson(e.to_string()))
}

/// Reads at most `limit` bytes; more is 413 whatever the request declared.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::TooLarge { limit })
}

/// A missing `Content-Type` is taken for what the route expects (curl without `-H`); a
/// different one is refused.
pub fn check_content_type(
    headers: &HeaderMap,
    accepts: fn(&str) -> bool,
    expected: &'static str,
) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let given = String::from_utf8_lossy(value.as_bytes()).to_string();
    if accepts(&essence(&given)) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType { given, expected })
    }
}

/// `Application/JSON; charset=utf-8` → `application/json`.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json` and structured `+json` types (`application/ninjs+json`).
fn is_json(essence: &str) -> bool {
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn json_and_plus_json_are_accepted_and_a_missing_type_too() {
        let check = |ct: Option<&str>| {
            let mut headers = HeaderMap::new();
            if let Some(ct) = ct {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
            }
            check_content_type(&headers, is_json, "application/json").is_ok()
        };
        assert!(check(None));
        assert!(check(Some("application/json")));
        assert!(check(Some("Application/JSON; charset=utf-8")));
        assert!(check(Some("application/ninjs+json")));
        assert!(!check(Some("text/plain")));
        assert!(!check(Some("application/x-www-form-urlencoded")));
    }

    #[test]
    fn an_empty_or_broken_body_is_not_json() {
        assert!(matches!(parse(b"  "), Err(ApiError::NotJson(_))));
        match parse(b"{\"a\": ") {
            Err(ApiError::NotJson(reason)) => assert!(reason.contains("line 1"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
