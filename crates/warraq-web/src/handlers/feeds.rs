//! `/feed/{rss,atom}.xml` and `/section/{slug}/feed/{rss,atom}.xml`: the newest articles
//! readers may see now, as RSS 2.0 and Atom 1.0. Tag and author feeds list their own
//! articles and write them with [`write_feed`].

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use warraq_domain::Article;
use warraq_domain::urls::{encode_segment, section_path};
use warraq_store::{ArticleQuery, resolve_articles};

use crate::error::AppError;
use crate::feeds::entry::FeedEntry;
use crate::feeds::rss::Channel;
use crate::feeds::{ATOM, FEED_SIZE, RSS, atom, rss};
use crate::state::{AppState, Snapshot};

/// The two feed formats every listing offers.
#[derive(Clone, Copy)]
pub(crate) enum Format {
    Rss,
    Atom,
}

impl Format {
    pub(crate) fn file(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
        }
    }

    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Rss => RSS,
            Format::Atom => ATOM,
        }
    }
}

/// What a feed says about itself: its title, description and the page it stands for
/// (`page_path`; the feed is at `{page_path}/feed/{file}`, the site's at `/feed/{file}`).
pub(crate) struct FeedAbout {
    pub title: String,
    pub description: String,
    pub page_path: String,
}

impl FeedAbout {
    fn self_path(&self, format: Format) -> String {
        match self.page_path.as_str() {
            "/" => format!("/feed/{}", format.file()),
            page => format!("{page}/feed/{}", format.file()),
        }
    }
}

/// Writes `articles` (listed by the caller with the visibility rule, newest first) as a
/// feed in `format`.
pub(crate) async fn write_feed(
    state: &AppState,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
    articles: Vec<Article>,
    about: &FeedAbout,
    format: Format,
) -> Result<String, AppError> {
    let store = state.store().as_ref();
    let site = state.site();
    let entries: Vec<FeedEntry> = resolve_articles(store, articles, Some(now))
        .await?
        .iter()
        .map(|r| FeedEntry::of(r, site, &snapshot.agencies))
        .collect();
    let link = site.absolute(&about.page_path);
    let self_url = site.absolute(&about.self_path(format));
    let channel = Channel {
        title: &about.title,
        link: &link,
        description: &about.description,
        self_url: &self_url,
        hub: state.site().websub_hub.as_deref(),
        built: entries.iter().map(|e| e.updated).max().unwrap_or(now),
    };
    match format {
        Format::Rss => rss::write(&channel, &entries),
        Format::Atom => atom::write(&channel, &entries),
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
        Some(slug) => format!("/section/{}/feed/{}", encode_segment(slug), format.file()),
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
                let about = match &section {
                    Some(section) => FeedAbout {
                        title: format!("{} | {}", section.name, site.site_name),
                        description: format!("آخر أخبار {}", section.name),
                        page_path: section_path(section),
                    },
                    None => FeedAbout {
                        title: site.site_name.clone(),
                        description: format!("آخر الأخبار من {}", site.site_name),
                        page_path: "/".to_string(),
                    },
                };
                let body =
                    write_feed(&renderer, &snapshot, now, page.items, &about, format).await?;
                Ok(body.into())
            },
        )
        .await
}
