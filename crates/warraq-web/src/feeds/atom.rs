//! Atom 1.0 (RFC 4287) in Arabic, with `media:content` for hero photos.

use super::entry::{FeedEntry, rfc3339};
use super::rss::Channel;
use super::{XmlDoc, XmlResult, empty_element, media_content, text_element, xml_error};
use crate::error::AppError;

pub fn write(channel: &Channel<'_>, entries: &[FeedEntry]) -> Result<String, AppError> {
    let mut doc = XmlDoc::new()?;
    doc.writer()
        .create_element("feed")
        .with_attributes([
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xmlns:media", "http://search.yahoo.com/mrss/"),
            ("xml:lang", "ar"),
        ])
        .write_inner_content(|w| {
            text_element(w, "id", &[], channel.self_url)?;
            text_element(w, "title", &[], channel.title)?;
            text_element(w, "subtitle", &[], channel.description)?;
            text_element(w, "updated", &[], &rfc3339(channel.built))?;
            empty_element(
                w,
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", channel.link),
                ],
            )?;
            empty_element(
                w,
                "link",
                &[
                    ("rel", "self"),
                    ("type", "application/atom+xml"),
                    ("href", channel.self_url),
                ],
            )?;
            if let Some(hub) = channel.hub {
                empty_element(w, "link", &[("rel", "hub"), ("href", hub)])?;
            }
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &[], channel.title))?;
            for e in entries {
                entry(w, e)?;
            }
            Ok(())
        })
        .map_err(xml_error)?;
    doc.finish()
}

fn entry(w: &mut quick_xml::Writer<Vec<u8>>, e: &FeedEntry) -> XmlResult {
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &[], &e.id)?;
        text_element(w, "title", &[], &e.title)?;
        empty_element(
            w,
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &e.link),
            ],
        )?;
        text_element(w, "published", &[], &rfc3339(e.published))?;
        text_element(w, "updated", &[], &rfc3339(e.updated))?;
        for author in &e.authors {
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &[], author))?;
        }
        empty_element(
            w,
            "category",
            &[("term", &e.section), ("scheme", &e.section_link)],
        )?;
        for tag in &e.tags {
            empty_element(w, "category", &[("term", tag)])?;
        }
        text_element(w, "summary", &[], &e.summary)?;
        text_element(w, "content", &[("type", "html")], &e.content_html)?;
        if let Some(hero) = &e.hero {
            empty_element(
                w,
                "link",
                &[
                    ("rel", "enclosure"),
                    ("type", &hero.mime),
                    ("href", &hero.url),
                ],
            )?;
            media_content(
                w,
                hero,
                &[
                    ("url", hero.url.as_str()),
                    ("type", hero.mime.as_str()),
                    ("medium", "image"),
                ],
            )?;
        }
        Ok(())
    })?;
    Ok(())
}
