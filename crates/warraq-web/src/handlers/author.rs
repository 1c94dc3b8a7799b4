//! `/author/{slug}` and `/author/{slug}/feed/{rss,atom}.xml`: the articles readers may see
//! now that a person signs, newest first, paged by cursor like section pages, under the
//! person's name, what they do and their photo when they have one.
//!
//! A person is shown only while a visible article carries their name: a byline that
//! exists only on a draft, a scheduled or an embargoed story is not revealed by a page.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use warraq_domain::arabic::slugify;
use warraq_domain::{Media, Person};
use warraq_store::{ArticleQuery, Store};

use super::article::moved_permanently;
use super::feeds::{FeedAbout, Format, write_feed};
use super::listing::{LISTING_PAGE_SIZE, Listing, Paging, render_listing};
use crate::error::AppError;
use crate::feeds::FEED_SIZE;
use crate::state::{AppState, HTML, Rendered};
use crate::views::paths::{author_path, author_slug_path};
use crate::views::picture::{PictureView, is_displayable};
use crate::views::site_meta::profile_page_json_ld;

pub async fn author_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let paging = Paging::from_params(author_slug_path(&slug), &params)?;
    let renderer = state.clone();
    state
        .cached(paging.path(), HTML, move |snapshot, now| async move {
            let store = renderer.store().as_ref();
            let person = match find_person(store, &slug).await? {
                Found::Person(person) => person,
                Found::Moved(path) => {
                    let moved = Paging {
                        base: path,
                        ..paging
                    };
                    return Ok(Rendered::Response(moved_permanently(&moved.path())));
                }
            };
            let query = ArticleQuery {
                author: Some(person.id),
                limit: LISTING_PAGE_SIZE,
                after: paging.after,
                ..ArticleQuery::visible_at(now)
            };
            let page = store.list_articles(&query).await?;
            if page.items.is_empty() {
                return Err(AppError::not_found("author"));
            }
            let ctx = renderer.render_context(&snapshot);
            let photo = photo_of(store, &person).await?;
            let json_ld =
                profile_page_json_ld(&ctx, &person, photo.as_ref(), &paging.path(), &page.items);
            let picture = photo.as_ref().map(|media| {
                let mut picture = PictureView::of(media, &snapshot.agencies, SIZES_PORTRAIT, true);
                // The photo says who the person is; its caption may say something else.
                picture.alt = person.name.clone();
                picture
            });
            let description = match &person.title {
                Some(title) if !title.trim().is_empty() => format!("{}، {title}", person.name),
                _ => format!("مقالات {}", person.name),
            };
            let listing = Listing {
                template: "author.html",
                paging: &paging,
                title: person.name.clone(),
                description,
                og_type: "profile",
                articles: &page.items,
                next: page.next,
                json_ld,
                subject: minijinja::context! {
                    name => person.name, title => person.title, photo => picture,
                },
            };
            let html = render_listing(&renderer, &snapshot, listing).await?;
            Ok(Rendered::Page(html))
        })
        .await
}

pub async fn author_rss(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    author_feed(state, slug, Format::Rss).await
}

pub async fn author_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    author_feed(state, slug, Format::Atom).await
}

async fn author_feed(state: AppState, slug: String, format: Format) -> Result<Response, AppError> {
    let feed_path = |page: &str| format!("{page}/feed/{}", format.file());
    let key = feed_path(&author_slug_path(&slug));
    let renderer = state.clone();
    state
        .cached(
            key,
            format.content_type(),
            move |snapshot, now| async move {
                let store = renderer.store().as_ref();
                let person = match find_person(store, &slug).await? {
                    Found::Person(person) => person,
                    Found::Moved(path) => {
                        return Ok(Rendered::Response(moved_permanently(&feed_path(&path))));
                    }
                };
                let query = ArticleQuery {
                    author: Some(person.id),
                    limit: FEED_SIZE,
                    ..ArticleQuery::visible_at(now)
                };
                let page = store.list_articles(&query).await?;
                if page.items.is_empty() {
                    return Err(AppError::not_found("author"));
                }
                let about = FeedAbout {
                    title: format!("{} | {}", person.name, renderer.site().site_name),
                    description: format!("مقالات {}", person.name),
                    page_path: author_path(&person),
                };
                let body =
                    write_feed(&renderer, &snapshot, now, page.items, &about, format).await?;
                Ok(Rendered::Page(body))
            },
        )
        .await
}

/// `sizes` for the photo on an author page (a small square beside the name).
const SIZES_PORTRAIT: &str = "6rem";

/// The person's photo, when they have one the site can show. Readers may see it: the page
/// exists only while an article they may see carries the person's name, which is what
/// makes the picture visible (`media_is_visible`).
async fn photo_of(store: &dyn Store, person: &Person) -> Result<Option<Media>, AppError> {
    let Some(id) = person.photo else {
        return Ok(None);
    };
    match store.media(id).await {
        Ok(media) if is_displayable(&media) => Ok(Some(media)),
        Ok(_) => Ok(None),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Who an author address names.
enum Found {
    Person(Person),
    /// The address was typed otherwise (spaces, diacritics, Arabic-Indic digits): the
    /// person's own page is there.
    Moved(String),
}

/// The person whose slug is `requested`; failing that, the one whose slug is what
/// `requested` makes as a slug (the exact slug is asked first: a kept slug such as
/// `name--7` is not what slugify makes of it).
async fn find_person(store: &dyn Store, requested: &str) -> Result<Found, AppError> {
    match store.person_by_slug(requested).await {
        Ok(person) => return Ok(Found::Person(person)),
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e.into()),
    }
    let slug = slugify(requested);
    if slug.is_empty() || slug == requested {
        return Err(AppError::not_found("author"));
    }
    let person = store
        .person_by_slug(&slug)
        .await
        .map_err(|e| AppError::from_store_lookup("author", e))?;
    Ok(Found::Moved(author_path(&person)))
}
