//! The Content-Security-Policy every response carries. The one inline script (it applies
//! the reader's text size before the first paint, so the page does not jump) is allowed by
//! its hash; everything else comes from this origin, except pictures imported by URL.

use std::sync::LazyLock;

use axum::http::{HeaderName, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// Runs in `<head>` before the stylesheet: reads the remembered text size.
pub const EARLY_TEXT_SIZE_SCRIPT: &str = r#"try{var s=localStorage.getItem("warraq.textSize");if(s==="small"||s==="large")document.documentElement.setAttribute("data-text-scale",s)}catch(e){}"#;

/// The headers every response carries unless its handler set them: the policy, no MIME
/// sniffing, and referrers cut to the origin when leaving the site.
pub static COMMON_HEADERS: LazyLock<[(HeaderName, HeaderValue); 3]> = LazyLock::new(|| {
    [
        (header::CONTENT_SECURITY_POLICY, content_security_policy()),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
    ]
});

/// `script-src` allows our files and the early script by hash: no `unsafe-inline`, so an
/// injected `<script>` would not run even if escaping ever failed.
pub fn content_security_policy() -> HeaderValue {
    let hash = STANDARD.encode(Sha256::digest(EARLY_TEXT_SIZE_SCRIPT.as_bytes()));
    let policy = format!(
        "default-src 'self'; script-src 'self' 'sha256-{hash}'; style-src 'self'; \
         img-src 'self' data: https: http:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_early_script_by_its_hash() {
        let policy = content_security_policy();
        let policy = policy.to_str().expect("ascii");
        let expected = STANDARD.encode(Sha256::digest(EARLY_TEXT_SIZE_SCRIPT.as_bytes()));
        assert!(policy.contains(&format!("'sha256-{expected}'")));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("object-src 'none'"));
    }
}
