//! Article versions on the wire: the `ETag` of an article is its version as a strong tag
//! (`"7"`), and a change names the version it was made on in `If-Match`, so that two
//! people editing at once never overwrite each other unknowingly.
//!
//! Only one strong tag is taken. A weak tag (`W/"7"`) never matches (RFC 9110 compares
//! `If-Match` strongly), and `*` or a list would let a client skip saying what it read,
//! which is the point of the header; both answer 412 with the current version.

use axum::http::{HeaderMap, HeaderValue, header};

/// `"7"`.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits and quotes are a valid header")
}

/// What a request's `If-Match` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    Version(i64),
    /// Present, but not one strong version tag; kept as sent, for the message.
    Unusable(String),
}

pub fn if_match(headers: &HeaderMap) -> IfMatch {
    let mut values = headers.get_all(header::IF_MATCH).iter();
    let Some(first) = values.next() else {
        return IfMatch::Absent;
    };
    let text = String::from_utf8_lossy(first.as_bytes()).trim().to_string();
    if values.next().is_some() {
        return IfMatch::Unusable(text + ", …");
    }
    match strong_version(&text) {
        Some(version) => IfMatch::Version(version),
        None => IfMatch::Unusable(text),
    }
}

/// `"7"` → 7; anything else (weak, unquoted, several, `*`) → `None`.
fn strong_version(text: &str) -> Option<i64> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    inner.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append(header::IF_MATCH, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_one_strong_version_tag_is_taken() {
        assert_eq!(if_match(&headers(&[])), IfMatch::Absent);
        assert_eq!(if_match(&headers(&["\"12\""])), IfMatch::Version(12));
        assert_eq!(if_match(&headers(&[" \"3\" "])), IfMatch::Version(3));
        for refused in [
            "W/\"3\"",
            "3",
            "*",
            "\"3\", \"4\"",
            "\"\"",
            "\"-1\"",
            "\"x\"",
        ] {
            assert!(
                matches!(if_match(&headers(&[refused])), IfMatch::Unusable(_)),
                "{refused}"
            );
        }
        assert!(matches!(
            if_match(&headers(&["\"3\"", "\"4\""])),
            IfMatch::Unusable(_)
        ));
        assert_eq!(etag(7), "\"7\"");
    }
}
