//! RSS 2.0 with the `content`, `dc` and `media` extensions, `atom:link rel="self"`.

use chrono::{DateTime, Utc};

use super::entry::{FeedEntry, rfc822};
use super::{XmlDoc, XmlResult, empty_element, media_content, text_element, xml_error};
use crate::error::AppError;

/// The channel around the entries.
pub struct Channel<'a> {
    pub title: &'a str,
    pub link: &'a str,
    pub description: &'a str,
    pub self_url: &'a str,
    /// The WebSub hub, when the site has one.
    pub hub: Option<&'a str>,
    pub built: DateTime<Utc>,
}

pub fn write(channel: &Channel<'_>, entries: &[FeedEntry]) -> Result<String, AppError> {
    let mut doc = XmlDoc::new()?;
    doc.writer()
        .create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:media", "http://search.yahoo.com/mrss/"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text_element(w, "title", &[], channel.title)?;
                text_element(w, "link", &[], channel.link)?;
                text_element(w, "description", &[], channel.description)?;
                text_element(w, "language", &[], "ar")?;
                text_element(w, "lastBuildDate", &[], &rfc822(channel.built))?;
                empty_element(
                    w,
                    "atom:link",
                    &[
                        ("href", channel.self_url),
                        ("rel", "self"),
                        ("type", "application/rss+xml"),
                    ],
                )?;
                if let Some(hub) = channel.hub {
                    empty_element(w, "atom:link", &[("href", hub), ("rel", "hub")])?;
                }
                for entry in entries {
                    item(w, entry)?;
                }
                Ok(())
            })?;
            Ok(())
        })
        .map_err(xml_error)?;
    doc.finish()
}

fn item(w: &mut quick_xml::Writer<Vec<u8>>, e: &FeedEntry) -> XmlResult {
    w.create_element("item").write_inner_content(|w| {
        text_element(w, "title", &[], &e.title)?;
        text_element(w, "link", &[], &e.link)?;
        text_element(w, "guid", &[("isPermaLink", "false")], &e.id)?;
        text_element(w, "description", &[], &e.summary)?;
        text_element(w, "content:encoded", &[], &e.content_html)?;
        text_element(w, "pubDate", &[], &rfc822(e.published))?;
        for author in &e.authors {
            text_element(w, "dc:creator", &[], author)?;
        }
        text_element(w, "category", &[("domain", &e.section_link)], &e.section)?;
        for tag in &e.tags {
            text_element(w, "category", &[], tag)?;
        }
        if let Some(hero) = &e.hero {
            let length = hero.length.to_string();
            empty_element(
                w,
                "enclosure",
                &[
                    ("url", &hero.url),
                    ("length", &length),
                    ("type", &hero.mime),
                ],
            )?;
            let width = hero.width.map(|v| v.to_string());
            let height = hero.height.map(|v| v.to_string());
            let mut attrs = vec![
                ("url", hero.url.as_str()),
                ("type", hero.mime.as_str()),
                ("medium", "image"),
            ];
            if let (Some(width), Some(height)) = (&width, &height) {
                attrs.push(("width", width));
                attrs.push(("height", height));
            }
            media_content(w, hero, &attrs)?;
        }
        Ok(())
    })?;
    Ok(())
}
