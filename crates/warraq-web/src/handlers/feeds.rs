//! `/feed/{rss,atom}.xml` and `/section/{slug}/feed/{rss,atom}.xml`: the newest articles
//! readers may see now, as RSS 2.0 and Atom 1.0.

use axum::extract::{Path, State};
use axum::response::Response;
use warraq_domain::urls::section_path;
use warraq_store::{ArticleQuery, resolve_articles};

use crate::error::AppError;
use crate::feeds::entry::FeedEntry;
use crate::feeds::rss::Channel;
use crate::feeds::{ATOM, FEED_SIZE, RSS, atom, rss};
use crate::state::AppState;

#[derive(Clone, Copy)]
enum Format {
    Rss,
    Atom,
}

impl Format {
    fn file(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Rss => RSS,
            Format::Atom => ATOM,
        }
    }
}

pub async fn site_rss(State(state): State<AppState>) -> Result<Response, AppError> {
    feed(state, None, Format::Rss).await
}

pub async fn site_atom(State(state): State<AppState>) -> Result<Response, AppError> {
    feed(state, None, Format::Atom).await
}

pub async fn section_rss(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    feed(state, Some(slug), Format::Rss).await
}

pub async fn section_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    feed(state, Some(slug), Format::Atom).await
}

async fn feed(state: AppState, slug: Option<String>, format: Format) -> Result<Response, AppError> {
    let key = match &slug {
        Some(slug) => format!("/section/{slug}/feed/{}", format.file()),
        None => format!("/feed/{}", format.file()),
    };
    let renderer = state.clone();
    state
        .cached(
            key,
            format.content_type(),
            move |snapshot, now| async move {
                let store = renderer.store().as_ref();
                let site = renderer.site();
                let section = match &slug {
                    Some(slug) => Some(
                        store
                            .section_by_slug(slug)
                            .await
                            .map_err(|e| AppError::from_store_lookup("section", e))?,
                    ),
                    None => None,
                };
                let page = store
                    .list_articles(&ArticleQuery {
                        section: section.as_ref().map(|s| s.id),
                        limit: FEED_SIZE,
                        ..ArticleQuery::visible_at(now)
                    })
                    .await?;
                let entries: Vec<FeedEntry> = resolve_articles(store, page.items, Some(now))
                    .await?
                    .iter()
                    .map(|r| FeedEntry::of(r, site, &snapshot.agencies))
                    .collect();
                let (title, path, description) = match &section {
                    Some(section) => (
                        format!("{} | {}", section.name, site.site_name),
                        section_path(section),
                        format!("آخر أخبار {}", section.name),
                    ),
                    None => (
                        site.site_name.clone(),
                        "/".to_string(),
                        format!("آخر الأخبار من {}", site.site_name),
                    ),
                };
                let link = site.absolute(&path);
                let self_url = match section {
                    Some(_) => site.absolute(&format!("{path}/feed/{}", format.file())),
                    None => site.absolute(&format!("/feed/{}", format.file())),
                };
                let channel = Channel {
                    title: &title,
                    link: &link,
                    description: &description,
                    self_url: &self_url,
                    built: entries.iter().map(|e| e.updated).max().unwrap_or(now),
                };
                let body = match format {
                    Format::Rss => rss::write(&channel, &entries)?,
                    Format::Atom => atom::write(&channel, &entries)?,
                };
                Ok(body.into())
            },
        )
        .await
}
