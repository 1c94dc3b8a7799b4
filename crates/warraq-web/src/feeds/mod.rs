//! Feeds and sitemaps: RSS 2.0, Atom 1.0, sitemaps.org article and image sitemaps and the
//! Google News sitemap, written with quick-xml from articles the handlers listed with the
//! visibility rule. Nothing here queries the store; handlers decide what is listed.

pub mod atom;
pub mod entry;
pub mod rss;
pub mod sitemap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::error::AppError;

pub const RSS: &str = "application/rss+xml; charset=utf-8";
pub const ATOM: &str = "application/atom+xml; charset=utf-8";
pub const XML: &str = "application/xml; charset=utf-8";
pub const TEXT: &str = "text/plain; charset=utf-8";

/// How many articles a feed carries.
pub const FEED_SIZE: u32 = 20;

/// An XML document being written; writing to memory cannot fail, but the writer's
/// signatures say it might, so errors become one internal error.
pub struct XmlDoc {
    writer: Writer<Vec<u8>>,
}

pub type XmlResult = std::io::Result<()>;

impl XmlDoc {
    pub fn new() -> Result<Self, AppError> {
        let mut writer = Writer::new(Vec::new());
        writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(xml_error)?;
        Ok(XmlDoc { writer })
    }

    pub fn writer(&mut self) -> &mut Writer<Vec<u8>> {
        &mut self.writer
    }

    pub fn finish(self) -> Result<String, AppError> {
        String::from_utf8(self.writer.into_inner())
            .map_err(|_| AppError::Internal("feed is not UTF-8".into()))
    }
}

pub fn xml_error(err: std::io::Error) -> AppError {
    AppError::Internal(format!("writing XML: {err}"))
}

/// `<name attrs…>text</name>`.
pub fn text_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> XmlResult {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `<media:content attrs…>` with the picture's caption and credit (Media RSS, in RSS and
/// Atom alike).
pub fn media_content(
    w: &mut Writer<Vec<u8>>,
    hero: &entry::FeedImage,
    attrs: &[(&str, &str)],
) -> XmlResult {
    w.create_element("media:content")
        .with_attributes(attrs.iter().copied())
        .write_inner_content(|w| {
            if !hero.caption.trim().is_empty() {
                text_element(w, "media:description", &[], &hero.caption)?;
            }
            if let Some(credit) = &hero.credit {
                text_element(w, "media:credit", &[], credit)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `<name attrs…/>`.
pub fn empty_element(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)]) -> XmlResult {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_empty()?;
    Ok(())
}

#[cfg(test)]
mod hub_tests {
    use chrono::Utc;

    use super::{atom, rss};

    fn channel(hub: Option<&str>) -> rss::Channel<'_> {
        rss::Channel {
            title: "ورّاق",
            link: "https://news.example/",
            description: "آخر الأخبار",
            self_url: "https://news.example/feed/rss.xml",
            hub,
            built: Utc::now(),
        }
    }

    #[test]
    fn feeds_name_the_websub_hub_when_the_site_has_one() {
        let hub = Some("https://hub.example/");
        let rss_feed = rss::write(&channel(hub), &[]).unwrap();
        assert!(
            rss_feed.contains(r#"<atom:link href="https://hub.example/" rel="hub"/>"#),
            "{rss_feed}"
        );
        let atom_feed = atom::write(&channel(hub), &[]).unwrap();
        assert!(
            atom_feed.contains(r#"<link rel="hub" href="https://hub.example/"/>"#),
            "{atom_feed}"
        );
        for without in [
            rss::write(&channel(None), &[]),
            atom::write(&channel(None), &[]),
        ] {
            assert!(!without.unwrap().contains("\"hub\""));
        }
    }
}
