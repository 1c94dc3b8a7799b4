//! What an article page tells machines: schema.org `NewsArticle` JSON-LD and Open Graph /
//! Twitter card tags. All URLs are absolute.

use serde::Serialize;
use serde_json::{Value, json};
use warraq_domain::ResolvedArticle;
use warraq_domain::urls::article_path;

use super::RenderContext;
use super::dates::rfc3339;
use super::picture::{is_displayable, large_rendition};

/// The widest picture offered to search engines and social cards.
const SHARE_WIDTH: u32 = 1280;
/// Logical name of the publisher logo among the static assets.
pub const LOGO_ASSET: &str = "logo.svg";

/// One `<meta>` tag: `property` for Open Graph, `name` for Twitter.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MetaTag {
    pub attr: &'static str,
    pub key: &'static str,
    pub value: String,
}

impl MetaTag {
    fn property(key: &'static str, value: impl Into<String>) -> Self {
        MetaTag {
            attr: "property",
            key,
            value: value.into(),
        }
    }
    fn name(key: &'static str, value: impl Into<String>) -> Self {
        MetaTag {
            attr: "name",
            key,
            value: value.into(),
        }
    }
}

/// The `NewsArticle` document for `resolved`. `logo_url` is the absolute publisher logo.
pub fn news_article_json_ld(
    resolved: &ResolvedArticle,
    ctx: &RenderContext<'_>,
    logo_url: &str,
) -> Value {
    let article = &resolved.article;
    let offset = ctx.site.offset();
    let url = ctx.site.absolute(&article_path(article));
    let publisher = json!({
        "@type": "Organization",
        "name": ctx.site.site_name,
        "url": ctx.site.absolute("/"),
        "logo": { "@type": "ImageObject", "url": logo_url },
    });
    let author = if !resolved.authors.is_empty() {
        Value::Array(
            resolved
                .authors
                .iter()
                .map(|p| json!({ "@type": "Person", "name": p.name }))
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
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary(),
        "inLanguage": "ar",
        "url": url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "articleSection": resolved.section.name,
        "dateModified": rfc3339(article.updated_at, offset),
        "author": author,
        "publisher": publisher,
    });
    if let Some(published) = article.published_at {
        doc["datePublished"] = Value::String(rfc3339(published, offset));
    }
    if let Some(hero) = resolved.hero.as_ref().filter(|h| is_displayable(h)) {
        let (path, size) = large_rendition(hero, SHARE_WIDTH);
        let mut image = json!({ "@type": "ImageObject", "url": ctx.site.absolute(&path) });
        if let Some((w, h)) = size {
            image["width"] = w.into();
            image["height"] = h.into();
        }
        if !hero.caption.trim().is_empty() {
            image["caption"] = Value::String(hero.caption.clone());
        }
        doc["image"] = json!([image]);
    }
    if let Some(bureau) = &resolved.bureau {
        doc["dateline"] = Value::String(bureau.city.clone());
    }
    if !article.tags.is_empty() {
        doc["keywords"] = Value::String(article.tags.join("، "));
    }
    doc
}

/// JSON that can sit inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as JSON escapes, so no text (`</script>`, `<!--`) can end the element early.
pub fn script_safe_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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
    if let Some(hero) = resolved.hero.as_ref().filter(|h| is_displayable(h)) {
        let (path, size) = large_rendition(hero, SHARE_WIDTH);
        tags.push(MetaTag::property("og:image", ctx.site.absolute(&path)));
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
    }
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
    for tag in &article.tags {
        tags.push(MetaTag::property("article:tag", tag.clone()));
    }
    let card = if resolved.hero.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    tags.push(MetaTag::name("twitter:card", card));
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
}
