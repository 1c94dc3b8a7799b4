//! Addresses an article had before it came to warraq (a WordPress permalink, say): the
//! import records them, and a request for one is sent on to the article's page, so links
//! and search results that point at the old site keep working.

use axum::extract::{OriginalUri, State};
use axum::response::Response;
use chrono::Utc;
use percent_encoding::percent_decode_str;
use warraq_domain::urls::article_path;

use super::article::{moved_permanently, visible_article};
use crate::error::AppError;
use crate::state::AppState;

/// The fallback route: a recorded old address of an article readers may see now redirects
/// (301); anything else is the 404 page.
pub async fn old_address_or_not_found(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    if uri.path().starts_with("/api/") {
        return Err(AppError::not_found("route"));
    }
    for candidate in candidates(uri.path()) {
        let target = state
            .store()
            .redirect(&candidate)
            .await
            .map_err(AppError::from)?;
        if let Some(id) = target {
            let article = visible_article(&state, id, Utc::now()).await?;
            return Ok(moved_permanently(&article_path(&article)));
        }
    }
    Err(AppError::not_found("route"))
}

/// Old paths are recorded percent-decoded, usually with WordPress's trailing slash; a
/// request may come with or without it.
fn candidates(path: &str) -> Vec<String> {
    let decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let trimmed = decoded.trim_end_matches('/');
    let mut out = vec![decoded.clone()];
    if trimmed.is_empty() {
        return out;
    }
    for alternative in [format!("{trimmed}/"), trimmed.to_string()] {
        if !out.contains(&alternative) {
            out.push(alternative);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::candidates;

    #[test]
    fn old_paths_are_looked_up_decoded_with_and_without_the_trailing_slash() {
        assert_eq!(
            candidates("/2024/03/%D9%85%D8%AD%D8%B7%D8%A9/"),
            vec!["/2024/03/محطة/".to_string(), "/2024/03/محطة".to_string()]
        );
        assert_eq!(candidates("/p"), vec!["/p".to_string(), "/p/".to_string()]);
        assert_eq!(candidates("/"), vec!["/".to_string()]);
    }
}
