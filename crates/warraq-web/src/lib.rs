//! warraq's HTTP face: the reader site (server-rendered, right to left, usable without
//! JavaScript), the read content API (ninjs), media renditions and static assets.
//!
//! Handlers hold the store as `Arc<dyn Store>` and never know which database is behind it.
//! Every reader output shows what the one visibility rule allows at the moment of the
//! request. Pages, API answers, renditions and the media readers may see are cached in
//! memory; a [`Node`]'s change-log follower keeps them right, so several nodes on one
//! database agree within a second. This crate must not depend on a concrete store backend
//! (only its tests do).

mod assets;
mod caches;
mod config;
mod error;
mod fast_path;
mod feeds;
pub mod follower;
mod handlers;
mod images;
mod media_cache;
mod newsroom;
mod node;
mod page_cache;
mod page_forms;
mod related_ahead;
mod scheduler;
mod search_index;
mod security;
mod state;
mod templates;
mod views;
mod write_api;

use axum::http::HeaderValue;
use axum::routing::get;
use axum::{Router, middleware};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::{FeedContent, SiteConfig, UnknownFeedContent};
pub use error::AppError;
pub use fast_path::Site;
pub use handlers::search::{
    plain_snippet, search_json, with_articles as search_hits_with_articles,
};
pub use node::{DEFAULT_RELATED_AHEAD_PERCENT, Node, NodeSettings};
pub use related_ahead::Pace;
pub use search_index::SUGGESTED_RELATED;
pub use state::AppState;
pub use templates::template_names;
pub use warraq_search::{SearchError, SearchIndex};

/// The `i`th of [`security::COMMON_HEADERS`], on every response that does not set it.
fn common_header(i: usize) -> SetResponseHeaderLayer<HeaderValue> {
    let (name, value) = security::COMMON_HEADERS[i].clone();
    SetResponseHeaderLayer::if_not_present(name, value)
}

/// Every route of the site and the API, with error pages, compression and common headers.
pub fn router(state: AppState) -> Router {
    use handlers::{
        api, article, feeds, health, home, media, old_address, search, section, sitemaps,
    };
    use handlers::{author, tag};

    // Fonts and pictures are compressed already; compressing them again costs CPU for nothing.
    // Cached pages are kept compressed (`page_forms`) and leave through `serve_page_forms`.
    let compress_when = DefaultPredicate::new()
        .and(NotForContentType::const_new("font/"))
        .and(page_forms::not_a_cached_page);
    Router::new()
        .route("/", get(home::home))
        .route("/section/{slug}", get(section::section))
        .route("/section/{slug}/feed/rss.xml", get(feeds::section_rss))
        .route("/section/{slug}/feed/atom.xml", get(feeds::section_atom))
        .route("/tag/{slug}", get(tag::tag_page))
        .route("/tag/{slug}/feed/rss.xml", get(tag::tag_rss))
        .route("/tag/{slug}/feed/atom.xml", get(tag::tag_atom))
        .route("/author/{slug}", get(author::author_page))
        .route("/author/{slug}/feed/rss.xml", get(author::author_rss))
        .route("/author/{slug}/feed/atom.xml", get(author::author_atom))
        .route("/feed/rss.xml", get(feeds::site_rss))
        .route("/feed/atom.xml", get(feeds::site_atom))
        .route("/robots.txt", get(sitemaps::robots))
        .route("/sitemap.xml", get(sitemaps::sitemap_index))
        .route("/sitemaps/news.xml", get(sitemaps::news_sitemap))
        .route("/sitemaps/{file}", get(sitemaps::sitemap_file))
        .route("/search", get(search::search_page))
        .route("/article/{id}", get(article::article_without_slug))
        .route("/article/{id}/{slug}", get(article::article_page))
        .route("/fragment/article/{id}", get(article::article_fragment))
        .route("/media/{id}", get(media::media_original))
        .route("/media/{id}/{width}", get(media::media_resized))
        .route("/static/{*path}", get(assets::serve_static))
        .route("/healthz", get(health::healthz))
        .route("/api/v1/articles", get(api::list_articles))
        .route("/api/v1/articles/{id}", get(api::get_article))
        .route("/api/v1/search", get(search::search_api))
        .merge(write_api::routes())
        .merge(newsroom::routes())
        .fallback(old_address::old_address_or_not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error::render_errors,
        ))
        .layer(common_header(0))
        .layer(common_header(1))
        .layer(common_header(2))
        .layer(middleware::from_fn(page_forms::serve_page_forms))
        .layer(CompressionLayer::new().compress_when(compress_when))
        .with_state(state)
}
