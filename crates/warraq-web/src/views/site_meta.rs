//! What the home, tag and author pages tell machines: schema.org JSON-LD (`WebSite` with
//! its search, the publisher `Organization`, a tag's `CollectionPage`, an author's
//! `ProfilePage`) and Open Graph / Twitter card tags. All URLs are absolute.

use serde_json::{Value, json};
use warraq_domain::urls::{article_path, media_path};
use warraq_domain::{Article, Media, Person};

use super::RenderContext;
use super::meta::{MetaTag, breadcrumb, logo_size, picture_tags, publisher};
use super::picture::is_displayable;

/// The site search, as `SearchAction` describes it: `{search_term_string}` is the query.
const SEARCH_TEMPLATE: &str = "/search?q={search_term_string}";

/// The site and its search, for the home page.
pub fn website_json_ld(ctx: &RenderContext<'_>) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": ctx.site.site_name,
        "url": ctx.site.absolute("/"),
        "inLanguage": "ar",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": ctx.site.absolute(SEARCH_TEMPLATE),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

/// The publisher with its logo, as a document of its own (the home page).
pub fn organization_json_ld(ctx: &RenderContext<'_>, logo_url: &str) -> Value {
    let mut doc = publisher(ctx, logo_url);
    if let Some(map) = doc.as_object_mut() {
        map.insert("@context".into(), json!("https://schema.org"));
    }
    doc
}

/// A tag's page: its articles (this page of them) as an `ItemList`, and the trail home ›
/// tag.
pub fn collection_page_json_ld(
    ctx: &RenderContext<'_>,
    name: &str,
    path: &str,
    items: &[Article],
) -> Value {
    let url = ctx.site.absolute(path);
    json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "inLanguage": "ar",
        "isPartOf": { "@type": "WebSite", "name": ctx.site.site_name, "url": ctx.site.absolute("/") },
        "breadcrumb": breadcrumb(ctx, &[(&ctx.site.site_name, "/"), (name, path)]),
        "mainEntity": item_list(ctx, items),
    })
}

/// An author's page: the person (name, what they do, their photo, their page) and the
/// trail home › author.
pub fn profile_page_json_ld(
    ctx: &RenderContext<'_>,
    person: &Person,
    photo: Option<&Media>,
    path: &str,
    items: &[Article],
) -> Value {
    let url = ctx.site.absolute(path);
    let mut entity = json!({
        "@type": "Person",
        "name": person.name,
        "url": url,
        "worksFor": { "@type": "Organization", "name": ctx.site.site_name, "url": ctx.site.absolute("/") },
    });
    if let Some(title) = person.title.as_ref().filter(|t| !t.trim().is_empty()) {
        entity["jobTitle"] = Value::String(title.clone());
    }
    if let Some(photo) = photo.filter(|p| is_displayable(p)) {
        let mut image = json!({
            "@type": "ImageObject",
            "url": ctx.site.absolute(&media_path(photo.id, None)),
        });
        if let (Some(width), Some(height)) = (photo.width, photo.height) {
            image["width"] = width.into();
            image["height"] = height.into();
        }
        entity["image"] = image;
    }
    json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "name": person.name,
        "url": url,
        "inLanguage": "ar",
        "mainEntity": entity,
        "breadcrumb": breadcrumb(ctx, &[(&ctx.site.site_name, "/"), (&person.name, path)]),
        "hasPart": item_list(ctx, items),
    })
}

fn item_list(ctx: &RenderContext<'_>, items: &[Article]) -> Value {
    let elements: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "url": ctx.site.absolute(&article_path(a)),
                "name": a.headline,
            })
        })
        .collect();
    json!({ "@type": "ItemList", "itemListElement": elements })
}

/// The page a card or a crawler is told about: what it is and where.
pub struct PageAbout<'a> {
    /// The Open Graph type: `website`, `profile`.
    pub kind: &'static str,
    pub title: &'a str,
    pub description: &'a str,
    pub path: &'a str,
}

/// What a page that is not an article tells social cards. `picture` is the page's picture
/// (the newest listed story's hero); without one the site logo stands in, since Open Graph
/// wants an image on every page (as a small `summary` card).
pub fn page_open_graph(
    ctx: &RenderContext<'_>,
    about: &PageAbout<'_>,
    picture: Option<&Media>,
    logo_url: &str,
) -> Vec<MetaTag> {
    let (title, description) = (about.title, about.description);
    let mut tags = vec![
        MetaTag::property("og:type", about.kind),
        MetaTag::property("og:site_name", ctx.site.site_name.clone()),
        MetaTag::property("og:locale", "ar_AR"),
        MetaTag::property("og:title", title),
        MetaTag::property("og:description", description),
        MetaTag::property("og:url", ctx.site.absolute(about.path)),
    ];
    match picture.filter(|p| is_displayable(p)) {
        Some(picture) => tags.extend(picture_tags(Some(picture), ctx)),
        None => {
            tags.push(MetaTag::property("og:image", logo_url));
            if let Some((width, height)) = logo_size() {
                tags.push(MetaTag::property("og:image:width", width.to_string()));
                tags.push(MetaTag::property("og:image:height", height.to_string()));
            }
            tags.push(MetaTag::property(
                "og:image:alt",
                ctx.site.site_name.clone(),
            ));
            tags.push(MetaTag::name("twitter:card", "summary"));
        }
    }
    tags.push(MetaTag::name("twitter:title", title));
    tags.push(MetaTag::name("twitter:description", description));
    tags
}

#[cfg(test)]
mod tests {
    use crate::config::SiteConfig;

    use super::*;

    #[test]
    fn the_search_action_points_at_the_search_page() {
        let site = SiteConfig {
            base_url: "https://news.example".into(),
            ..SiteConfig::default()
        };
        let ctx = RenderContext {
            site: &site,
            agencies: &[],
            sections: &[],
        };
        let doc = website_json_ld(&ctx);
        assert_eq!(
            doc["potentialAction"]["target"]["urlTemplate"],
            "https://news.example/search?q={search_term_string}"
        );
        assert_eq!(
            doc["potentialAction"]["query-input"],
            "required name=search_term_string"
        );
    }
}
