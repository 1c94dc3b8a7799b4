//! One article as every feed shows it: absolute links, dates, the lede, the full text (or,
//! when the site says so, only the lede) as escaped HTML, the hero photo with its credit,
//! authors and categories.

use chrono::{DateTime, Utc};
use quick_xml::escape::escape;
use warraq_domain::marks::html::{MarkupOptions, write_marked_html};
use warraq_domain::urls::{article_path, media_path, section_path};
use warraq_domain::{Agency, Block, ResolvedArticle};

use crate::config::{FeedContent, SiteConfig};

pub struct FeedEntry {
    pub title: String,
    pub link: String,
    /// Stable whatever the headline becomes: the article's address without its slug.
    pub id: String,
    pub summary: String,
    pub content_html: String,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub authors: Vec<String>,
    pub section: String,
    pub section_link: String,
    pub tags: Vec<String>,
    pub hero: Option<FeedImage>,
}

pub struct FeedImage {
    pub url: String,
    pub mime: String,
    pub length: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: String,
    pub credit: Option<String>,
}

impl FeedEntry {
    pub fn of(resolved: &ResolvedArticle, site: &SiteConfig, agencies: &[Agency]) -> Self {
        let article = &resolved.article;
        let published = article
            .visible_from()
            .or(article.published_at)
            .unwrap_or(article.created_at);
        let mut authors: Vec<String> = resolved.authors.iter().map(|p| p.name.clone()).collect();
        if authors.is_empty()
            && let Some(byline) = article.byline.as_ref().filter(|b| !b.trim().is_empty())
        {
            authors.push(byline.clone());
        }
        // Only pictures we hold are served at `/media/{id}`.
        let hero = resolved
            .hero
            .as_ref()
            .filter(|m| m.file.is_some())
            .map(|m| FeedImage {
                url: site.absolute(&media_path(m.id, None)),
                mime: m.mime.clone().unwrap_or_else(|| "image/jpeg".into()),
                length: m.byte_size.unwrap_or(0),
                width: m.width,
                height: m.height,
                caption: m.caption.clone(),
                credit: m.credit.as_ref().map(|c| c.label(agencies)),
            });
        let summary = article.summary();
        let content_html = match site.feed_content {
            FeedContent::Full => body_html(&article.body, site.origin()),
            // The site keeps the rest for its page: the feed says only what the lede does.
            FeedContent::Excerpt => String::new(),
        };
        // A story told in its lede alone still gives readers of full-text feeds its words.
        let content_html = if content_html.is_empty() && !summary.trim().is_empty() {
            format!("<p>{}</p>", escape(&summary))
        } else {
            content_html
        };
        FeedEntry {
            title: article.headline.clone(),
            link: site.absolute(&article_path(article)),
            id: site.absolute(&format!("/article/{}", article.id)),
            summary,
            content_html,
            published,
            updated: article.updated_at.max(published),
            authors,
            section: resolved.section.name.clone(),
            section_link: site.absolute(&section_path(&resolved.section)),
            tags: article.tags.clone(),
            hero,
        }
    }
}

/// The body as HTML, every string escaped (the feed writer escapes the whole again), with
/// its marks as `<strong>`, `<em>` and `<a>`; links to site paths are made absolute on
/// `origin`, since feed readers resolve relative links inconsistently or not at all.
pub fn body_html(body: &[Block], origin: &str) -> String {
    let markup = MarkupOptions {
        origin,
        absolute_paths: true,
        line_breaks: false,
    };
    let mut html = String::new();
    for block in body {
        match block {
            Block::Paragraph { text, marks } => {
                html += "<p>";
                write_marked_html(text, marks, &markup, &mut html);
                html += "</p>";
            }
            Block::Subheading { text } => html += &format!("<h2>{}</h2>", escape(text)),
            Block::Quote {
                text,
                attribution,
                marks,
            } => {
                html += "<blockquote><p>";
                write_marked_html(text, marks, &markup, &mut html);
                html += "</p>";
                if let Some(who) = attribution {
                    html += &format!("<footer>{}</footer>", escape(who));
                }
                html += "</blockquote>";
            }
            Block::List {
                ordered,
                items,
                item_marks,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                html += &format!("<{tag}>");
                for (i, item) in items.iter().enumerate() {
                    let marks = item_marks.get(i).map_or(&[][..], Vec::as_slice);
                    html += "<li>";
                    write_marked_html(item, marks, &markup, &mut html);
                    html += "</li>";
                }
                html += &format!("</{tag}>");
            }
            // Body pictures are left to the page: their credits need the agency list and
            // their visibility its own check.
            Block::Image { caption, .. } => {
                if let Some(caption) = caption.as_ref().filter(|c| !c.trim().is_empty()) {
                    html += &format!("<p><em>{}</em></p>", escape(caption));
                }
            }
        }
    }
    html
}

pub fn rfc822(at: DateTime<Utc>) -> String {
    at.to_rfc2822()
}

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use warraq_domain::Mark;

    use super::*;

    #[test]
    fn feed_bodies_carry_marks_with_site_links_absolute() {
        let body = vec![
            Block::Paragraph {
                text: "اقرأ التقرير & المصدر".into(),
                marks: vec![
                    Mark::strong(0, 4),
                    Mark::link(5, 12, "/article/7/تقرير"),
                    Mark::link(15, 21, "https://other.example/?a=1&b=2"),
                ],
            },
            Block::List {
                ordered: true,
                items: vec!["<أول>".into(), "ثان".into()],
                item_marks: vec![vec![Mark::emphasis(1, 4)]],
            },
        ];
        assert_eq!(
            body_html(&body, "https://news.example"),
            "<p><strong>اقرأ</strong> <a href=\"https://news.example/article/7/تقرير\">التقرير</a> &amp; \
             <a href=\"https://other.example/?a=1&amp;b=2\" rel=\"noopener\">المصدر</a></p>\
             <ol><li>&lt;<em>أول</em>&gt;</li><li>ثان</li></ol>"
        );
    }
}
