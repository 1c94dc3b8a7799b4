//! `/search?q=` (the page) and `GET /api/v1/search?q=&section=&limit=` (JSON): the node's
//! search index, filtered by section and date, sorted by relevance or newest first.
//!
//! Answers are never kept in the page cache: the query space is open-ended, and the index
//! follows the log on its own clock. Every hit is checked against the store with the one
//! visibility rule before it is shown (the index already filters; this costs one query).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};
use warraq_domain::arabic::{parse_number, to_western_digits};
use warraq_domain::urls::article_path;
use warraq_domain::{Article, ArticleId, Section};
use warraq_search::{MAX_LIMIT, SearchHit, SearchQuery, SearchResults, SortOrder};
use warraq_store::Store;

use crate::config::SiteConfig;
use crate::error::AppError;
use crate::state::{AppState, HTML, JSON, uncached_page};
use crate::views::LinkView;
use crate::views::dates::{DateView, rfc3339};

/// Results per page on the site.
pub const PAGE_SIZE: u32 = 10;
/// Results per API answer unless `limit` says otherwise.
pub const DEFAULT_API_LIMIT: u32 = 10;
/// Pages beyond this are refused (nobody reads them; deep pages cost the index).
const MAX_PAGE: u64 = 1000;

/// The validated parameters of both routes.
#[derive(Debug, Clone)]
struct SearchParams {
    text: String,
    section: Option<Section>,
    /// As typed (for the form), and as the query uses them.
    from_text: String,
    to_text: String,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    sort: SortOrder,
    page: u32,
    limit: u32,
}

impl SearchParams {
    fn parse(
        query: &HashMap<String, String>,
        sections: &[Section],
        offset: FixedOffset,
        default_limit: u32,
    ) -> Result<Self, AppError> {
        let get = |name: &str| query.get(name).map(|s| s.trim()).unwrap_or("");
        let section = match get("section") {
            "" => None,
            slug => Some(
                sections
                    .iter()
                    .find(|s| s.slug == slug)
                    .cloned()
                    .ok_or_else(|| AppError::bad_parameter("section", "no such section"))?,
            ),
        };
        let from = parse_day("from", get("from"), offset, NaiveTime::MIN)?;
        let end_of_day = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default();
        let to = parse_day("to", get("to"), offset, end_of_day)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::bad_parameter(
                "to",
                "the range ends before it begins",
            ));
        }
        let sort = match get("sort") {
            "" | "relevance" => SortOrder::Relevance,
            "newest" => SortOrder::Newest,
            _ => return Err(AppError::bad_parameter("sort", "`relevance` or `newest`")),
        };
        let page = bounded("page", get("page"), 1, MAX_PAGE)?.unwrap_or(1);
        let limit =
            bounded("limit", get("limit"), 1, u64::from(MAX_LIMIT))?.unwrap_or(default_limit);
        Ok(SearchParams {
            text: get("q").to_string(),
            section,
            from_text: get("from").to_string(),
            to_text: get("to").to_string(),
            from,
            to,
            sort,
            page,
            limit,
        })
    }

    fn query(&self) -> SearchQuery {
        SearchQuery {
            text: self.text.clone(),
            section: self.section.as_ref().map(|s| s.id),
            from: self.from,
            to: self.to,
            sort: self.sort,
            page: self.page,
            limit: self.limit,
        }
    }

    /// This search at another page, as a site address.
    fn page_url(&self, page: u32) -> String {
        let mut pairs = vec![("q", self.text.clone())];
        if let Some(section) = &self.section {
            pairs.push(("section", section.slug.clone()));
        }
        for (name, value) in [("from", &self.from_text), ("to", &self.to_text)] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if self.sort == SortOrder::Newest {
            pairs.push(("sort", "newest".into()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
            .collect();
        format!("/search?{}", query.join("&"))
    }
}

/// A whole number in `min..=max` (Western or Arabic-Indic digits); `None` when absent.
fn bounded(name: &'static str, text: &str, min: u64, max: u64) -> Result<Option<u32>, AppError> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_number(text)
        .filter(|n| (min..=max).contains(n))
        .and_then(|n| u32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| {
            AppError::bad_parameter(name, format!("must be a whole number from {min} to {max}"))
        })
}

/// `YYYY-MM-DD` (either digit system) at `time` in the site's time zone.
fn parse_day(
    name: &'static str,
    text: &str,
    offset: FixedOffset,
    time: NaiveTime,
) -> Result<Option<DateTime<Utc>>, AppError> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::bad_parameter(name, "a date written YYYY-MM-DD");
    let day = NaiveDate::parse_from_str(&to_western_digits(text), "%Y-%m-%d").map_err(|_| bad())?;
    offset
        .from_local_datetime(&day.and_time(time))
        .single()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or_else(bad)
}

/// Runs `query` on the node's index (off the async threads: it blocks for a few ms).
async fn run_search(state: &AppState, query: SearchQuery) -> Result<SearchResults, AppError> {
    let index = state.search().cloned().ok_or(AppError::SearchUnavailable)?;
    tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| AppError::Internal(format!("search task: {e}")))?
        .map_err(AppError::from)
}

/// The hits with their articles, in the index's order, keeping only those readers may see
/// at `now` (the one rule, asked again of the store).
pub async fn with_articles(
    store: &dyn Store,
    hits: &[SearchHit],
    now: DateTime<Utc>,
) -> Result<Vec<(SearchHit, Article)>, AppError> {
    let ids: Vec<ArticleId> = hits.iter().map(|h| h.id).collect();
    let mut articles: HashMap<ArticleId, Article> = store
        .articles_by_ids(&ids)
        .await?
        .into_iter()
        .filter(|a| a.is_visible_at(now))
        .map(|a| (a.id, a))
        .collect();
    Ok(hits
        .iter()
        .filter_map(|h| articles.remove(&h.id).map(|a| (h.clone(), a)))
        .collect())
}

/// The API's answer (also `warraq search --json`): `{"total", "items": [{"id", "uri",
/// "headline", "snippet", "published"}]}`; `snippet` is HTML (text escaped, the matched
/// words in `<mark>`).
pub fn search_json(site: &SiteConfig, total: usize, found: &[(SearchHit, Article)]) -> Value {
    let items: Vec<Value> = found
        .iter()
        .map(|(hit, article)| {
            json!({
                "id": hit.id.0,
                "uri": site.absolute(&article_path(article)),
                "headline": hit.headline,
                "snippet": hit.snippet_html,
                "published": rfc3339(hit.published, site.offset()),
            })
        })
        .collect();
    json!({ "total": total, "items": items })
}

/// The snippet as plain text: the `<mark>`s dropped, the escaping undone.
pub fn plain_snippet(html: &str) -> String {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub async fn search_api(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let snapshot = state.snapshot();
    let params = SearchParams::parse(
        &query,
        &snapshot.sections,
        state.site().offset(),
        DEFAULT_API_LIMIT,
    )?;
    let now = Utc::now();
    let results = run_search(&state, params.query()).await?;
    let found = with_articles(state.store().as_ref(), &results.hits, now).await?;
    let body = search_json(state.site(), results.total, &found);
    Ok(uncached_page(body.to_string(), JSON))
}

#[derive(Debug, Serialize)]
struct HitView {
    url: String,
    headline_html: String,
    snippet_html: String,
    section: Option<LinkView>,
    published: DateView,
}

#[derive(Debug, Serialize)]
struct SectionOption {
    slug: String,
    label: String,
    selected: bool,
}

pub async fn search_page(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let snapshot = state.snapshot();
    let offset = state.site().offset();
    let params = SearchParams::parse(&query, &snapshot.sections, offset, PAGE_SIZE)?;
    let now = Utc::now();
    let searched = !params.text.is_empty();
    let (total, hits) = if searched {
        let results = run_search(&state, params.query()).await?;
        let found = with_articles(state.store().as_ref(), &results.hits, now).await?;
        let hits: Vec<HitView> = found
            .into_iter()
            .map(|(hit, article)| HitView {
                url: article_path(&article),
                headline_html: hit.headline_html,
                snippet_html: hit.snippet_html,
                section: snapshot
                    .sections
                    .iter()
                    .find(|s| s.id == hit.section)
                    .map(LinkView::section),
                published: DateView::new(hit.published, offset),
            })
            .collect();
        (results.total, hits)
    } else {
        (0, Vec::new())
    };
    let shown_to = (params.page as usize - 1) * params.limit as usize + hits.len();
    let previous = (params.page > 1).then(|| params.page_url(params.page - 1));
    let next = (searched && shown_to < total).then(|| params.page_url(params.page + 1));
    let sections: Vec<SectionOption> = snapshot
        .sections
        .iter()
        .map(|s| SectionOption {
            slug: s.slug.clone(),
            label: s.name.clone(),
            selected: params.section.as_ref().is_some_and(|p| p.id == s.id),
        })
        .collect();
    let title = if searched {
        format!("نتائج البحث عن «{}»", params.text)
    } else {
        "البحث".to_string()
    };
    let canonical = if searched {
        params.page_url(params.page)
    } else {
        "/search".to_string()
    };
    let layout = state.layout(&snapshot, &canonical, None, &title, "");
    let html = state.render(
        "search.html",
        minijinja::context! {
            layout, title, q => params.text, searched, total, hits, previous, next, sections,
            from => params.from_text, to => params.to_text,
            newest => params.sort == SortOrder::Newest, page => params.page,
        },
    )?;
    Ok(uncached_page(html, HTML))
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

    fn riyadh() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<SearchParams, AppError> {
        SearchParams::parse(&query(pairs), &[], riyadh(), PAGE_SIZE)
    }

    #[test]
    fn dates_accept_arabic_indic_digits_and_cover_whole_days_in_the_site_zone() {
        let p = parse(&[("from", "٢٠٢٤-١٠-٣٠"), ("to", "2024-10-30")]).unwrap();
        assert_eq!(p.from.unwrap().to_rfc3339(), "2024-10-29T21:00:00+00:00");
        assert_eq!(
            p.to.unwrap().to_rfc3339(),
            "2024-10-30T20:59:59.999999+00:00"
        );
    }

    #[test]
    fn bad_parameters_are_named() {
        for (name, value) in [
            ("from", "30/10/2024"),
            ("to", "2024-13-01"),
            ("sort", "oldest"),
            ("page", "0"),
            ("limit", "101"),
            ("limit", "abc"),
            ("section", "no-such"),
        ] {
            let err = parse(&[(name, value)]).unwrap_err();
            assert!(
                matches!(&err, AppError::BadParameter { name: n, .. } if *n == name),
                "{name}={value}: {err}"
            );
        }
        let err = parse(&[("from", "2024-10-31"), ("to", "2024-10-30")]).unwrap_err();
        assert!(matches!(err, AppError::BadParameter { name: "to", .. }));
    }

    #[test]
    fn the_plain_snippet_has_no_markup_left() {
        assert_eq!(
            plain_snippet("&lt;b&gt;<mark>الحكومة</mark>&lt;/b&gt; &amp; <mark>حكومتها</mark>"),
            "<b>الحكومة</b> & حكومتها"
        );
    }
}
