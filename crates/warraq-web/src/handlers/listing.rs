//! What tag and author pages share: the page cursor (`?after=`), their addresses (page,
//! next page, feeds), and the page itself (teasers, pager, feeds, structured data, Open
//! Graph). Listing stays in each handler, with the visibility rule.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use warraq_domain::Article;
use warraq_domain::arabic::to_western_digits;
use warraq_store::Cursor;

use super::heroes_of;
use crate::error::AppError;
use crate::state::{AppState, Snapshot};
use crate::views::meta::{LOGO_ASSET, script_safe_json};
use crate::views::site_meta::{PageAbout, page_open_graph};
use crate::views::teaser::TeaserView;

/// Articles per tag or author page, as on section pages.
pub const LISTING_PAGE_SIZE: u32 = 12;

/// One page of a listing whose first page is at `base` (a path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub base: String,
    pub after: Option<Cursor>,
}

impl Paging {
    /// The page `params` ask for: `after` is a cursor from a "next page" link; one typed
    /// with Arabic-Indic digits is the same cursor.
    pub fn from_params(base: String, params: &HashMap<String, String>) -> Result<Self, AppError> {
        let after = match params
            .get("after")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            Some(text) => Some(
                Cursor::decode(&to_western_digits(text))
                    .ok_or_else(|| AppError::bad_parameter("after", "not a page cursor"))?,
            ),
            None => None,
        };
        Ok(Paging { base, after })
    }

    /// This page's address: the cache key and the canonical path.
    pub fn path(&self) -> String {
        match &self.after {
            Some(cursor) => format!("{}?after={}", self.base, cursor.encode()),
            None => self.base.clone(),
        }
    }

    pub fn next_path(&self, next: Option<Cursor>) -> Option<String> {
        next.map(|c| format!("{}?after={}", self.base, c.encode()))
    }

    pub fn is_first(&self) -> bool {
        self.after.is_none()
    }

    /// `{base}/feed/rss.xml` and `{base}/feed/atom.xml`.
    pub fn feeds(&self) -> (String, String) {
        (
            format!("{}/feed/rss.xml", self.base),
            format!("{}/feed/atom.xml", self.base),
        )
    }
}

/// One page of a tag's or an author's articles, ready to render.
pub struct Listing<'a> {
    /// `tag.html` or `author.html`.
    pub template: &'static str,
    pub paging: &'a Paging,
    /// The page's title (before the site name) and description.
    pub title: String,
    pub description: String,
    /// The Open Graph type: `website`, `profile`.
    pub og_type: &'static str,
    /// This page of articles, newest first, and where the next page starts.
    pub articles: &'a [Article],
    pub next: Option<Cursor>,
    /// The page's schema.org document.
    pub json_ld: Value,
    /// What the template shows of the tag or the person.
    pub subject: minijinja::Value,
}

#[derive(Serialize)]
struct Feeds {
    rss: String,
    atom: String,
}

/// Renders `listing` in its template, through the site layout.
pub async fn render_listing(
    state: &AppState,
    snapshot: &Snapshot,
    listing: Listing<'_>,
) -> Result<String, AppError> {
    let store = state.store().as_ref();
    let pictures = heroes_of(store, listing.articles).await?;
    let ctx = state.render_context(snapshot);
    let items: Vec<TeaserView> = listing
        .articles
        .iter()
        .map(|a| TeaserView::of(a, &pictures, &ctx, false))
        .collect();
    let path = listing.paging.path();
    // The newest story's picture stands for the page on social cards.
    let picture = listing
        .articles
        .iter()
        .find_map(|a| a.hero_id.and_then(|id| pictures.get(&id)));
    let about = PageAbout {
        kind: listing.og_type,
        title: &listing.title,
        description: &listing.description,
        path: &path,
    };
    let logo = state.site().absolute(&state.assets().url(LOGO_ASSET));
    let meta = page_open_graph(&ctx, &about, picture, &logo);
    let json_ld_docs = vec![minijinja::Value::from_safe_string(script_safe_json(
        &listing.json_ld,
    ))];
    let (rss, atom) = listing.paging.feeds();
    let layout = state.layout(snapshot, &path, None, &listing.title, &listing.description);
    state.render(
        listing.template,
        minijinja::context! {
            layout, meta, json_ld_docs, items,
            subject => listing.subject,
            feeds => Feeds { rss, atom },
            next => listing.paging.next_path(listing.next),
            first_page => listing.paging.is_first(),
            first_url => listing.paging.base.clone(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(after: &str) -> HashMap<String, String> {
        [("after".to_string(), after.to_string())].into()
    }

    #[test]
    fn a_cursor_typed_in_arabic_indic_digits_is_the_same_page() {
        let western = Paging::from_params("/tag/x".into(), &params("1730000000123456.42")).unwrap();
        let arabic = Paging::from_params("/tag/x".into(), &params("١٧٣٠٠٠٠٠٠٠١٢٣٤٥٦.٤٢")).unwrap();
        assert_eq!(western, arabic);
        assert_eq!(arabic.path(), "/tag/x?after=1730000000123456.42");
        assert!(!arabic.is_first());
    }

    #[test]
    fn no_cursor_is_the_first_page_and_garbage_is_refused() {
        let first = Paging::from_params("/tag/x".into(), &HashMap::new()).unwrap();
        assert!(first.is_first());
        assert_eq!(first.path(), "/tag/x");
        assert!(Paging::from_params("/tag/x".into(), &params("abc")).is_err());
    }
}
