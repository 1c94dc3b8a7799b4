//! Cache keys keep only the query parameters a route reads: `?utm_source=…`, `fbclid`
//! and the like would otherwise make a new entry (and a new render) per campaign link.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// What is escaped in a key's query values: enough that `&`, `=`, `#`, `+` and spaces in
/// a value cannot be read as syntax, and that the key is a valid request target.
const VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `path` with the parameters of `query` named in `used` (non-empty ones, sorted by
/// name, percent-encoded): the same page asked with other parameters, or in another
/// order, is one key, and the key is a request target that asks for that page again.
pub fn query_key(path: &str, query: &HashMap<String, String>, used: &[&str]) -> String {
    let mut names: Vec<&str> = used
        .iter()
        .copied()
        .filter(|name| query.get(*name).is_some_and(|v| !v.trim().is_empty()))
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return path.to_string();
    }
    let pairs: Vec<String> = names
        .iter()
        .map(|name| {
            let value = query[*name].trim();
            format!("{name}={}", utf8_percent_encode(value, VALUE))
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_the_route_does_not_read_are_left_out() {
        let used = ["section", "limit", "cursor"];
        let path = "/api/v1/articles";
        assert_eq!(query_key(path, &query(&[]), &used), path);
        assert_eq!(
            query_key(path, &query(&[("utm_source", "x"), ("fbclid", "y")]), &used),
            path
        );
        assert_eq!(
            query_key(path, &query(&[("limit", "5"), ("section", "آسيا")]), &used),
            "/api/v1/articles?limit=5&section=%D8%A2%D8%B3%D9%8A%D8%A7"
        );
        assert_eq!(
            query_key(
                path,
                &query(&[("section", " "), ("cursor", "a&b=c")]),
                &used
            ),
            "/api/v1/articles?cursor=a%26b%3Dc"
        );
    }
}
