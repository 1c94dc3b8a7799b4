//! `/`: the lead story, the latest list, then one block per section that has articles.

use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use warraq_domain::urls::section_path;
use warraq_store::ArticleQuery;

use super::heroes_of;
use crate::error::AppError;
use crate::state::{AppState, HTML, Snapshot};
use crate::views::LinkView;
use crate::views::meta::{LOGO_ASSET, script_safe_json};
use crate::views::site_meta::{PageAbout, organization_json_ld, page_open_graph, website_json_ld};
use crate::views::teaser::TeaserView;

/// The lead plus this many in the latest list.
const LATEST: u32 = 12;
const PER_SECTION: u32 = 4;

#[derive(Serialize)]
struct SectionBlock {
    section: LinkView,
    items: Vec<TeaserView>,
}

pub async fn home(State(state): State<AppState>) -> Result<Response, AppError> {
    let renderer = state.clone();
    state
        .cached("/".to_string(), HTML, move |snapshot, now| async move {
            render_home(&renderer, &snapshot, now).await.map(Into::into)
        })
        .await
}

async fn render_home(
    state: &AppState,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let store = state.store().as_ref();
    let latest = store
        .list_articles(&ArticleQuery {
            limit: LATEST + 1,
            ..ArticleQuery::visible_at(now)
        })
        .await?
        .items;
    let mut per_section = Vec::new();
    for section in snapshot.sections.iter().filter(|s| s.parent_id.is_none()) {
        let query = ArticleQuery {
            section: Some(section.id),
            limit: PER_SECTION,
            ..ArticleQuery::visible_at(now)
        };
        let items = store.list_articles(&query).await?.items;
        if !items.is_empty() {
            per_section.push((section, items));
        }
    }
    let pictures = heroes_of(
        store,
        latest
            .iter()
            .chain(per_section.iter().flat_map(|(_, items)| items.iter())),
    )
    .await?;

    let ctx = state.render_context(snapshot);
    let lead = latest
        .first()
        .map(|a| TeaserView::of(a, &pictures, &ctx, true));
    let latest_views: Vec<TeaserView> = latest
        .iter()
        .skip(1)
        .map(|a| TeaserView::of(a, &pictures, &ctx, false))
        .collect();
    let blocks: Vec<SectionBlock> = per_section
        .iter()
        .map(|(section, items)| SectionBlock {
            section: LinkView {
                label: section.name.clone(),
                url: Some(section_path(section)),
            },
            items: items
                .iter()
                .map(|a| TeaserView::of(a, &pictures, &ctx, false))
                .collect(),
        })
        .collect();
    let description = "آخر الأخبار العربية والعالمية";
    let layout = state.layout(snapshot, "/", None, "", description);
    // The site and its search, and the publisher with its logo, as two documents.
    let logo = state.site().absolute(&state.assets().url(LOGO_ASSET));
    let json_ld_docs: Vec<minijinja::Value> =
        [website_json_ld(&ctx), organization_json_ld(&ctx, &logo)]
            .iter()
            .map(|doc| minijinja::Value::from_safe_string(script_safe_json(doc)))
            .collect();
    let lead_picture = latest
        .first()
        .and_then(|a| a.hero_id)
        .and_then(|id| pictures.get(&id));
    let about = PageAbout {
        kind: "website",
        title: &state.site().site_name,
        description,
        path: "/",
    };
    let meta = page_open_graph(&ctx, &about, lead_picture, &logo);
    state.render(
        "home.html",
        minijinja::context! { layout, lead, latest => latest_views, blocks, json_ld_docs, meta },
    )
}
