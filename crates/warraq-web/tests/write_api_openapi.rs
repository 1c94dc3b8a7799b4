//! The OpenAPI document at `/api/v1/openapi.json`: served exactly as the snapshot
//! (`tests/snapshots/openapi.json`) says, so any change to it is deliberate; listing every
//! `/api/v1` route the router registers (read from the source that registers them) with
//! its methods, and nothing else; every internal `$ref` resolving; and every operation it
//! documents answered by the router, refusing without a token those that need one.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use support::{Backend, TestSite};

const SNAPSHOT: &str = include_str!("snapshots/openapi.json");
/// Where `/api/v1` routes are registered: the read API in the site's router, the write
/// API in its own module.
const ROUTE_SOURCES: [(&str, &str); 2] = [
    ("src/lib.rs", include_str!("../src/lib.rs")),
    (
        "src/write_api/mod.rs",
        include_str!("../src/write_api/mod.rs"),
    ),
];
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

type Routes = BTreeMap<String, BTreeSet<String>>;

#[tokio::test]
async fn the_served_document_is_the_snapshot_byte_for_byte() {
    let site = TestSite::new().await;
    let reply = site.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    if reply.body != SNAPSHOT.as_bytes() {
        panic!(
            "the served OpenAPI document differs from tests/snapshots/openapi.json; if the \
             change is meant, copy src/write_api/openapi.json over the snapshot"
        );
    }
    let doc: Value = serde_json::from_slice(&reply.body).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
}

#[test]
fn every_registered_api_route_is_documented_and_nothing_else() {
    let registered = registered_routes();
    assert!(
        registered.contains_key("/api/v1/articles/{id}/transitions")
            && registered.contains_key("/api/v1/search"),
        "the source scan found the routes: {registered:?}"
    );
    let documented = documented_routes(&document());
    for (path, methods) in &registered {
        let Some(listed) = documented.get(path) else {
            panic!("{path} is routed but not in the OpenAPI document");
        };
        assert_eq!(listed, methods, "methods of {path}");
    }
    for path in documented.keys() {
        assert!(
            registered.contains_key(path),
            "{path} is documented but no route serves it"
        );
    }
}

#[test]
fn every_internal_reference_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20, "{refs:?}");
    for reference in refs {
        if let Some(pointer) = reference.strip_prefix('#') {
            assert!(doc.pointer(pointer).is_some(), "{reference} resolves");
        } else {
            assert!(
                reference.starts_with("http://www.iptc.org/std/ninjs/ninjs-schema_3."),
                "only the ninjs schemas are referenced outside: {reference}"
            );
        }
    }
}

#[tokio::test]
async fn every_documented_operation_is_served_and_guarded_as_documented() {
    // With a search index, so that the search route answers too.
    let site = TestSite::searching(Backend::Sqlite).await;
    site.search_caught_up().await;
    let doc = document();
    for (template, item) in doc["paths"].as_object().unwrap() {
        let path = template
            .replace("{id}", &site.main.id.to_string())
            .replace("{version}", "1");
        for (method, operation) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let needs_token = operation["security"]
                .as_array()
                .is_some_and(|schemes| schemes.iter().all(|s| s.get("bearerAuth").is_some()));
            let request = Request::builder()
                .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
                .uri(&path)
                .body(Body::empty())
                .unwrap();
            let reply = site.request(request).await;
            assert_ne!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {template}"
            );
            if needs_token {
                assert_eq!(
                    reply.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {template} without a token"
                );
            } else {
                assert_eq!(reply.status, StatusCode::OK, "{method} {template}");
            }
        }
    }
}

fn document() -> Value {
    serde_json::from_str(SNAPSHOT).expect("the snapshot is JSON")
}

/// Paths and methods under `paths`.
fn documented_routes(doc: &Value) -> Routes {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .map(|(path, item)| {
            let methods = item
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .cloned()
                .collect();
            (path.clone(), methods)
        })
        .collect()
}

/// Every `.route("/api/v1/...", get(..).post(..))` of the sources, with its methods.
fn registered_routes() -> Routes {
    let mut routes = Routes::new();
    for (file, source) in ROUTE_SOURCES {
        let mut rest = source;
        while let Some(start) = rest.find(".route(") {
            let call = &rest[start + ".route(".len()..];
            let end = closing_paren(call).unwrap_or_else(|| panic!("{file}: unbalanced .route("));
            let args = &call[..end];
            rest = &call[end..];
            let Some(path) = first_string_literal(args) else {
                continue;
            };
            if !path.starts_with("/api/v1") {
                continue;
            }
            let methods: BTreeSet<String> = METHODS
                .iter()
                .filter(|m| calls(args, m))
                .map(|m| m.to_string())
                .collect();
            assert!(!methods.is_empty(), "{file}: no method for {path}");
            routes.entry(path).or_default().extend(methods);
        }
    }
    routes
}

/// Where the parenthesis opened just before `text` closes.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 1;
    let mut in_string = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn first_string_literal(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_string())
}

/// Whether `args` calls the method router `name(` (`get(`, `.post(`), not a longer name.
fn calls(args: &str, name: &str) -> bool {
    let pattern = format!("{name}(");
    args.match_indices(&pattern).any(|(i, _)| {
        args[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
    })
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => out.push(reference.clone()),
                    _ => collect_refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
