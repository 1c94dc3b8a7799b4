//! sitemaps.org sitemaps (an index, article pages with their hero photos as `image:image`)
//! and the Google News sitemap.

use chrono::{DateTime, Utc};

use super::entry::rfc3339;
use super::{XmlDoc, XmlResult, text_element, xml_error};
use crate::error::AppError;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const IMAGE_NS: &str = "http://www.google.com/schemas/sitemap-image/1.1";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// Most URLs one sitemap may hold (sitemaps.org).
pub const URLS_PER_SITEMAP: u32 = 50_000;

/// Article ids one article sitemap covers, so at most this many URLs: well under the
/// protocol's 50,000, as WordPress (2,000) and Yoast (1,000) do. A file then costs the same
/// to render at any size of the store, and at about half a megabyte (an Arabic slug is
/// three bytes a letter once percent-encoded) it is kept by the page cache like a page.
pub const IDS_PER_SITEMAP: u32 = 1_000;

/// Article sitemap files one sitemap index lists (the protocol allows 50,000): at the
/// default 1,000 ids a file, one index for every 100,000 article ids. An index then costs
/// the same at a million articles as at a thousand (the newest in `/sitemap.xml`, each
/// older one at its own address, all named in `robots.txt`, since an index may not list
/// other indexes), where a single index of every file grew to 1,000 entries, 117 KB.
pub const FILES_PER_INDEX: u32 = 100;

/// One `<sitemap>` of the index.
pub struct SitemapRef {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
}

/// One `<url>` of an article sitemap.
pub struct PageUrl {
    pub loc: String,
    pub lastmod: DateTime<Utc>,
    pub images: Vec<String>,
}

/// One `<url>` of the news sitemap.
pub struct NewsUrl {
    pub loc: String,
    pub title: String,
    pub published: DateTime<Utc>,
}

pub fn index(sitemaps: &[SitemapRef]) -> Result<String, AppError> {
    let mut doc = XmlDoc::new()?;
    doc.writer()
        .create_element("sitemapindex")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for s in sitemaps {
                w.create_element("sitemap").write_inner_content(|w| {
                    text_element(w, "loc", &[], &s.loc)?;
                    if let Some(at) = s.lastmod {
                        text_element(w, "lastmod", &[], &rfc3339(at))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(xml_error)?;
    doc.finish()
}

pub fn pages(urls: &[PageUrl]) -> Result<String, AppError> {
    let mut doc = XmlDoc::new()?;
    doc.writer()
        .create_element("urlset")
        .with_attributes([("xmlns", SITEMAP_NS), ("xmlns:image", IMAGE_NS)])
        .write_inner_content(|w| {
            for u in urls {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &[], &u.loc)?;
                    text_element(w, "lastmod", &[], &rfc3339(u.lastmod))?;
                    for image in &u.images {
                        image_entry(w, image)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(xml_error)?;
    doc.finish()
}

fn image_entry(w: &mut quick_xml::Writer<Vec<u8>>, loc: &str) -> XmlResult {
    w.create_element("image:image")
        .write_inner_content(|w| text_element(w, "image:loc", &[], loc))?;
    Ok(())
}

pub fn news(site_name: &str, urls: &[NewsUrl]) -> Result<String, AppError> {
    let mut doc = XmlDoc::new()?;
    doc.writer()
        .create_element("urlset")
        .with_attributes([("xmlns", SITEMAP_NS), ("xmlns:news", NEWS_NS)])
        .write_inner_content(|w| {
            for u in urls {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &[], &u.loc)?;
                    w.create_element("news:news").write_inner_content(|w| {
                        w.create_element("news:publication")
                            .write_inner_content(|w| {
                                text_element(w, "news:name", &[], site_name)?;
                                text_element(w, "news:language", &[], "ar")
                            })?;
                        text_element(w, "news:publication_date", &[], &rfc3339(u.published))?;
                        text_element(w, "news:title", &[], &u.title)
                    })?;
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(xml_error)?;
    doc.finish()
}
