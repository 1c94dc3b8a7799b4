//! `/section/{slug}`: the section's articles, newest first, paged by cursor.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use warraq_domain::urls::{encode_segment, section_path};
use warraq_store::ArticleQuery;

use super::heroes_of;
use super::listing::Paging;
use crate::error::AppError;
use crate::state::{AppState, HTML};
use crate::views::teaser::TeaserView;

pub const SECTION_PAGE_SIZE: u32 = 12;

pub async fn section(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    // Keyed by the address as requested (the slug percent-encoded, as links and
    // browsers send it), so that a repeat request is answered before routing; a cursor
    // typed in Arabic-Indic digits is the same page.
    let paging = Paging::from_params(format!("/section/{}", encode_segment(&slug)), &params)?;
    let after = paging.after;
    let renderer = state.clone();
    state
        .cached(paging.path(), HTML, move |snapshot, now| async move {
            let store = renderer.store().as_ref();
            let section = store.section_by_slug(&slug).await.map_err(|e| AppError::from_store_lookup("section", e))?;
            let query = ArticleQuery { section: Some(section.id), limit: SECTION_PAGE_SIZE, after, ..ArticleQuery::visible_at(now) };
            let page = store.list_articles(&query).await?;
            let pictures = heroes_of(store, &page.items).await?;
            let ctx = renderer.render_context(&snapshot);
            let items: Vec<TeaserView> = page.items.iter().map(|a| TeaserView::of(a, &pictures, &ctx, false)).collect();
            let base = section_path(&section);
            let canonical = match after {
                Some(cursor) => format!("{base}?after={}", cursor.encode()),
                None => base.clone(),
            };
            let next = page.next.map(|c| format!("{base}?after={}", c.encode()));
            let description = format!("آخر أخبار {}", section.name);
            let layout = renderer.layout(&snapshot, &canonical, Some(section.id), &section.name, &description);
            renderer.render(
                "section.html",
                minijinja::context! { layout, section_name => section.name, items, next, first_page => after.is_none(), first_url => base },
            )
            .map(Into::into)
        })
        .await
}
