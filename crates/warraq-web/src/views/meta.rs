//! What an article page tells machines: schema.org `NewsArticle` JSON-LD (with its
//! breadcrumb trail and publisher) and Open Graph / Twitter card tags, plus the pieces other
//! pages share (the publisher `Organization`, breadcrumbs, meta tags). All URLs are
//! absolute.
//!
//! The article page keeps one JSON-LD document whose top is the `NewsArticle`: the
//! `BreadcrumbList` sits in its `mainEntityOfPage` (`WebPage.breadcrumb`) and the
//! `Organization` in its `publisher`, where schema.org puts them and consumers look for
//! them.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Value, json};
use warraq_domain::urls::{article_path, media_path, section_path};
use warraq_domain::{Media, ResolvedArticle};

use super::RenderContext;
use super::dates::rfc3339;
use super::paths::{author_path, tag_links};
use super::picture::{
    is_displayable, large_rendition, rendition_path, scaled_height, served_widths,
};
use crate::images::RenditionFormat;

/// The widest picture offered to search engines and social cards.
const SHARE_WIDTH: u32 = 1280;
/// Google asks Top Stories and Discover pictures to be at least this wide.
const GOOGLE_WIDTH: u32 = 1200;
/// Logical name of the publisher logo among the static assets.
pub const LOGO_ASSET: &str = "logo.svg";
/// The logo's source, to read its size from (the served asset is these very bytes).
const LOGO_SOURCE: &str = include_str!("../../static/logo.svg");

/// One `<meta>` tag: `property` for Open Graph, `name` for Twitter.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MetaTag {
    pub attr: &'static str,
    pub key: &'static str,
    pub value: String,
}

impl MetaTag {
    pub(crate) fn property(key: &'static str, value: impl Into<String>) -> Self {
        MetaTag {
            attr: "property",
            key,
            value: value.into(),
        }
    }
    pub(crate) fn name(key: &'static str, value: impl Into<String>) -> Self {
        MetaTag {
            attr: "name",
            key,
            value: value.into(),
        }
    }
}

/// The logo's `width` and `height` as its `<svg>` element declares them.
pub fn logo_size() -> Option<(u32, u32)> {
    static SIZE: OnceLock<Option<(u32, u32)>> = OnceLock::new();
    *SIZE.get_or_init(|| svg_size(LOGO_SOURCE))
}

/// `width` and `height` (in pixels, unitless or `px`) of the root `<svg>` element.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attr = |name: &str| -> Option<u32> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..at + tag[at..].find('"')?];
        value.trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// The publisher: the site as an `Organization` with its logo (`logo_url` is absolute).
pub fn publisher(ctx: &RenderContext<'_>, logo_url: &str) -> Value {
    let mut logo = json!({ "@type": "ImageObject", "url": logo_url });
    if let Some((width, height)) = logo_size() {
        logo["width"] = width.into();
        logo["height"] = height.into();
    }
    json!({
        "@type": "Organization",
        "name": ctx.site.site_name,
        "url": ctx.site.absolute("/"),
        "logo": logo,
    })
}

/// A `BreadcrumbList` of `(name, path)` from the home page down to the page itself.
pub fn breadcrumb(ctx: &RenderContext<'_>, trail: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": ctx.site.absolute(path),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// The `NewsArticle` document for `resolved`. `logo_url` is the absolute publisher logo.
pub fn news_article_json_ld(
    resolved: &ResolvedArticle,
    ctx: &RenderContext<'_>,
    logo_url: &str,
) -> Value {
    let article = &resolved.article;
    let offset = ctx.site.offset();
    let path = article_path(article);
    let url = ctx.site.absolute(&path);
    let author = if !resolved.authors.is_empty() {
        Value::Array(
            resolved
                .authors
                .iter()
                .map(|p| {
                    let mut person = json!({
                        "@type": "Person",
                        "name": p.name,
                        "url": ctx.site.absolute(&author_path(p)),
                    });
                    if let Some(title) = p.title.as_ref().filter(|t| !t.trim().is_empty()) {
                        person["jobTitle"] = Value::String(title.clone());
                    }
                    person
                })
                .collect(),
        )
    } else {
        let name = article
            .byline
            .clone()
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| ctx.site.site_name.clone());
        json!([{ "@type": "Organization", "name": name }])
    };
    let section = section_path(&resolved.section);
    let trail = breadcrumb(
        ctx,
        &[
            (&ctx.site.site_name, "/"),
            (&resolved.section.name, &section),
            (&article.headline, &path),
        ],
    );
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary(),
        "inLanguage": "ar",
        "url": url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url, "breadcrumb": trail },
        "articleSection": resolved.section.name,
        // The last save: corrections and updates move it, readers' clocks do not.
        "dateModified": rfc3339(article.updated_at, offset),
        "author": author,
        "publisher": publisher(ctx, logo_url),
    });
    if let Some(published) = article.published_at {
        doc["datePublished"] = Value::String(rfc3339(published, offset));
    }
    if let Some(hero) = resolved.hero.as_ref().filter(|h| is_displayable(h)) {
        doc["image"] = Value::Array(article_images(hero, ctx));
    }
    if let Some(bureau) = &resolved.bureau {
        doc["dateline"] = Value::String(bureau.city.clone());
    }
    if !article.tags.is_empty() {
        doc["keywords"] = Value::String(article.tags.join("، "));
    }
    doc
}

/// The hero as search engines want it: first the picture Open Graph shares (so the page
/// and its cards agree), then the 1200 px rendition Google asks of Top Stories (made when
/// the original is that wide) and the original we hold. Each with its size when known;
/// duplicates are left out. Crops to 1:1 and 4:3 are not offered: renditions keep the
/// original's aspect ratio.
fn article_images(hero: &Media, ctx: &RenderContext<'_>) -> Vec<Value> {
    let mut images: Vec<(String, Option<(u32, u32)>)> = vec![large_rendition(hero, SHARE_WIDTH)];
    if let Some((ow, oh)) = hero
        .aspect()
        .filter(|_| served_widths(hero).contains(&GOOGLE_WIDTH))
    {
        let path = rendition_path(hero.id, GOOGLE_WIDTH, RenditionFormat::Jpeg);
        images.push((
            path,
            Some((GOOGLE_WIDTH, scaled_height(ow, oh, GOOGLE_WIDTH))),
        ));
    }
    if hero.file.is_some() {
        images.push((media_path(hero.id, None), hero.aspect()));
    }
    let mut seen = Vec::new();
    images
        .into_iter()
        .filter(|(path, _)| {
            let new = !seen.contains(path);
            seen.push(path.clone());
            new
        })
        .map(|(path, size)| {
            let mut image = json!({ "@type": "ImageObject", "url": ctx.site.absolute(&path) });
            if let Some((w, h)) = size {
                image["width"] = w.into();
                image["height"] = h.into();
            }
            if !hero.caption.trim().is_empty() {
                image["caption"] = Value::String(hero.caption.clone());
            }
            image
        })
        .collect()
}

/// JSON that can sit inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as JSON escapes, so no text (`</script>`, `<!--`) can end the element early.
pub fn script_safe_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `og:image` (with size and alt text) and the Twitter card kind for a page whose picture
/// is `picture`: a large card with a picture, a summary without.
pub(crate) fn picture_tags(picture: Option<&Media>, ctx: &RenderContext<'_>) -> Vec<MetaTag> {
    let mut tags = Vec::new();
    let picture = picture.filter(|h| is_displayable(h));
    if let Some(hero) = picture {
        let (path, size) = large_rendition(hero, SHARE_WIDTH);
        let url = ctx.site.absolute(&path);
        tags.push(MetaTag::property("og:image", url.clone()));
        if let Some((w, h)) = size {
            tags.push(MetaTag::property("og:image:width", w.to_string()));
            tags.push(MetaTag::property("og:image:height", h.to_string()));
        }
        let alt = if hero.alt.trim().is_empty() {
            &hero.caption
        } else {
            &hero.alt
        };
        tags.push(MetaTag::property("og:image:alt", alt.clone()));
        tags.push(MetaTag::name("twitter:image", url));
    }
    let card = if picture.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    tags.push(MetaTag::name("twitter:card", card));
    tags
}

pub fn open_graph(resolved: &ResolvedArticle, ctx: &RenderContext<'_>) -> Vec<MetaTag> {
    let article = &resolved.article;
    let offset = ctx.site.offset();
    let mut tags = vec![
        MetaTag::property("og:type", "article"),
        MetaTag::property("og:site_name", ctx.site.site_name.clone()),
        MetaTag::property("og:locale", "ar_AR"),
        MetaTag::property("og:title", article.headline.clone()),
        MetaTag::property("og:description", article.summary()),
        MetaTag::property("og:url", ctx.site.absolute(&article_path(article))),
    ];
    let pictures = picture_tags(resolved.hero.as_ref(), ctx);
    let (card, image): (Vec<MetaTag>, Vec<MetaTag>) =
        pictures.into_iter().partition(|t| t.attr == "name");
    tags.extend(image);
    if let Some(published) = article.published_at {
        tags.push(MetaTag::property(
            "article:published_time",
            rfc3339(published, offset),
        ));
    }
    tags.push(MetaTag::property(
        "article:modified_time",
        rfc3339(article.updated_at, offset),
    ));
    tags.push(MetaTag::property(
        "article:section",
        resolved.section.name.clone(),
    ));
    for author in &resolved.authors {
        tags.push(MetaTag::property(
            "article:author",
            ctx.site.absolute(&author_path(author)),
        ));
    }
    // One per tag page: two spellings of one tag are one tag.
    for tag in tag_links(&article.tags) {
        tags.push(MetaTag::property("article:tag", tag.label));
    }
    tags.extend(card);
    tags.push(MetaTag::name("twitter:title", article.headline.clone()));
    tags.push(MetaTag::name("twitter:description", article.summary()));
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let value = json!({ "headline": "</script><script>alert(1)</script> & <!--" });
        let text = script_safe_json(&value);
        assert!(!text.contains("</"));
        assert!(!text.contains("<!--"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_logo_size_is_read_from_its_svg() {
        // Google asks publisher logos of at least 112 by 112 pixels.
        assert_eq!(logo_size(), Some((512, 512)));
        assert_eq!(
            svg_size(r#"<?xml version="1.0"?><svg viewBox="0 0 10 5" width="600px" height="60">"#),
            Some((600, 60))
        );
        assert_eq!(svg_size(r#"<svg viewBox="0 0 10 5">"#), None);
    }
}
