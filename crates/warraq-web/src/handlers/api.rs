//! The read content API: the articles readers may see now, as IPTC ninjs 3.1 documents.
//!
//! `GET /api/v1/articles?section=<slug>&limit=<1..100>&cursor=<opaque>` lists newest first;
//! `GET /api/v1/articles/{id}` gives one. Errors are JSON naming the parameter at fault.

use std::collections::HashMap;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use warraq_domain::arabic::parse_number;
use warraq_domain::{Article, ArticleId};
use warraq_ninjs::{ExportContext, article_to_ninjs};
use warraq_store::{ArticleQuery, Cursor, resolve_article, resolve_articles};

use super::article::visible_article;
use super::parse_article_id;
use crate::error::AppError;
use crate::search_index::with_suggestions;
use crate::state::{AppState, JSON, Rendered, Snapshot, uncached_page};

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// The validated list parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    pub section: Option<String>,
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

impl ListParams {
    /// Parses the query. `limit` may be written in Western or Arabic-Indic digits.
    pub fn parse(query: &HashMap<String, String>) -> Result<Self, AppError> {
        let section = query
            .get("section")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let limit = match query.get("limit").map(|s| s.trim()) {
            None | Some("") => DEFAULT_LIMIT,
            Some(text) => parse_number(text)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    AppError::bad_parameter(
                        "limit",
                        format!("must be a whole number from 1 to {MAX_LIMIT}"),
                    )
                })?,
        };
        let cursor = match query
            .get("cursor")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(text) => Some(Cursor::decode(text).ok_or_else(|| {
                AppError::bad_parameter("cursor", "not a cursor this API gave out")
            })?),
        };
        Ok(ListParams {
            section,
            limit,
            cursor,
        })
    }
}

pub async fn list_articles(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let params = ListParams::parse(&query)?;
    let key = crate::page_cache::query_key(uri.path(), &query, &["section", "limit", "cursor"]);
    let renderer = state.clone();
    state
        .cached(key, JSON, move |snapshot, now| async move {
            let store = renderer.store().as_ref();
            let section = match &params.section {
                Some(slug) => Some(
                    store
                        .section_by_slug(slug)
                        .await
                        .map_err(|e| AppError::from_store_lookup("section", e))?
                        .id,
                ),
                None => None,
            };
            let page = store
                .list_articles(&ArticleQuery {
                    section,
                    limit: params.limit,
                    after: params.cursor,
                    ..ArticleQuery::visible_at(now)
                })
                .await?;
            let context = export_context(&renderer, &snapshot);
            // Lists carry the editors' picks only: suggestions cost a query of the index per
            // item, and a client that wants them asks for the item.
            let items: Vec<Value> =
                resolve_articles(renderer.store().as_ref(), page.items, Some(now))
                    .await?
                    .iter()
                    .map(|resolved| article_to_ninjs(resolved, &context))
                    .collect();
            let body = json!({ "items": items, "next": page.next.map(|c| c.encode()) });
            Ok(body.to_string().into())
        })
        .await
}

pub async fn get_article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    // With credentials, the newsroom's view (any state, with its version): see `write_api`.
    if headers.contains_key(header::AUTHORIZATION) {
        return Ok(crate::write_api::newsroom_article(&state, &id, &headers).await);
    }
    let id: ArticleId = parse_article_id(&id)?;
    let renderer = state.clone();
    state
        .cached(
            format!("/api/v1/articles/{id}"),
            JSON,
            move |snapshot, now| async move {
                let article = visible_article(&renderer, id, now).await?;
                let (mut articles, complete) = with_suggestions(&renderer, vec![article]).await?;
                let article = articles
                    .pop()
                    .ok_or_else(|| AppError::Internal("suggestions lost the article".into()))?;
                let body = ninjs_of(&renderer, &snapshot, article, now).await?;
                Ok(kept_if(complete, body.to_string()))
            },
        )
        .await
}

async fn ninjs_of(
    state: &AppState,
    snapshot: &Snapshot,
    article: Article,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let resolved = resolve_article(state.store().as_ref(), article, Some(now)).await?;
    Ok(article_to_ninjs(
        &resolved,
        &export_context(state, snapshot),
    ))
}

/// An answer made while the search index was still being built is served but not kept.
fn kept_if(complete: bool, body: String) -> Rendered {
    if complete {
        Rendered::Page(body)
    } else {
        Rendered::Response(uncached_page(body, JSON))
    }
}

fn export_context<'a>(state: &'a AppState, snapshot: &'a Snapshot) -> ExportContext<'a> {
    ExportContext {
        base_url: state.site().origin(),
        site_name: &state.site().site_name,
        agencies: &snapshot.agencies,
    }
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
    fn limit_accepts_both_digit_systems_and_defaults_to_twenty() {
        assert_eq!(ListParams::parse(&query(&[])).unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(
            ListParams::parse(&query(&[("limit", "٥٠")])).unwrap().limit,
            50
        );
        assert_eq!(
            ListParams::parse(&query(&[("limit", "7")])).unwrap().limit,
            7
        );
    }

    #[test]
    fn bad_parameters_are_named() {
        for bad in ["0", "101", "abc", "-1"] {
            let err = ListParams::parse(&query(&[("limit", bad)])).unwrap_err();
            assert!(
                matches!(err, AppError::BadParameter { name: "limit", .. }),
                "limit={bad}"
            );
        }
        let err = ListParams::parse(&query(&[("cursor", "nonsense")])).unwrap_err();
        assert!(matches!(err, AppError::BadParameter { name: "cursor", .. }));
    }
}
