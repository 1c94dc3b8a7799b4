//! The public addresses of things, in one place so pages, feeds, the content API and
//! exports always agree. Paths only; callers prefix the site's base URL.
//!
//! Article URLs carry the id (stable) and the slug (readable); a request with an outdated
//! slug is redirected to the current one.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::article::Article;
use crate::ids::{ArticleId, MediaId};
use crate::section::Section;

/// Characters escaped in a path segment: Arabic letters are escaped as UTF-8 by the
/// encoder itself; these are the ASCII ones that would break a segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// `/article/{id}/{slug}`.
pub fn article_path(article: &Article) -> String {
    article_path_of(article.id, &article.slug)
}

/// [`article_path`] from the id and slug alone (lists that do not load whole articles).
pub fn article_path_of(id: ArticleId, slug: &str) -> String {
    format!("/article/{id}/{}", encode_segment(slug))
}

/// `/section/{slug}`.
pub fn section_path(section: &Section) -> String {
    format!("/section/{}", encode_segment(&section.slug))
}

/// Widths, in pixels, at which pictures are served (`srcset`). Requests for other widths
/// are refused so the server never resizes to arbitrary sizes on demand.
pub const IMAGE_WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1600];

/// `/media/{id}` for the stored original, `/media/{id}/{width}` for a resized JPEG.
pub fn media_path(id: MediaId, width: Option<u32>) -> String {
    match width {
        Some(w) => format!("/media/{id}/{w}"),
        None => format!("/media/{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_slugs_are_percent_encoded_in_paths() {
        assert_eq!(
            encode_segment("كوريا-الشمالية"),
            "%D9%83%D9%88%D8%B1%D9%8A%D8%A7-%D8%A7%D9%84%D8%B4%D9%85%D8%A7%D9%84%D9%8A%D8%A9"
        );
        assert_eq!(encode_segment("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(media_path(MediaId(7), Some(640)), "/media/7/640");
    }
}
