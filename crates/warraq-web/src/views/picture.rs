//! Responsive pictures: which widths to offer, the `srcset` in JPEG and in WebP (a
//! `<picture>` whose WebP `<source>` falls back to the JPEG `<img>`), and the caption with
//! its credit kept apart (the page renders the credit as its own element).

use serde::Serialize;
use warraq_domain::urls::media_path;
use warraq_domain::{Agency, Credit, Media, MediaId};

use crate::images::RenditionFormat;

/// Widths at which renditions are made: the shared [`warraq_domain::urls::IMAGE_WIDTHS`]
/// (their addresses are in feeds and exports and keep working) and 1200, the width Google
/// asks of pictures in Top Stories and Discover, offered whenever the original is at
/// least that wide.
pub const RENDITION_WIDTHS: [u32; 6] = [320, 640, 960, 1200, 1280, 1600];

/// `sizes` for a picture as wide as the reading column.
pub const SIZES_COLUMN: &str = "(min-width: 52rem) 48rem, 100vw";
/// `sizes` for thumbnails in lists and the related module.
pub const SIZES_THUMB: &str = "(min-width: 40rem) 12rem, 33vw";

/// The default width for `src` (browsers without `srcset` support, crawlers).
const DEFAULT_WIDTH: u32 = 960;
/// Label that marks an archive photo before its credit, as Arabic newsrooms write it.
pub const ARCHIVE_LABEL: &str = "أرشيفية";

#[derive(Debug, Clone, Serialize)]
pub struct PictureView {
    /// JPEG, for the `<img>`: every browser and crawler reads it.
    pub src: String,
    pub srcset: Option<String>,
    /// The same widths in WebP, for a `<source type="image/webp">`; only for pictures we
    /// hold and resize (not those redirected to their source).
    pub webp_src: Option<String>,
    pub webp_srcset: Option<String>,
    pub sizes: &'static str,
    pub alt: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: CaptionView,
    /// The picture at the top of the page: fetched first, never lazily.
    pub eager: bool,
}

/// A caption and its credit, separate so the credit can be its own element.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CaptionView {
    pub text: String,
    /// `رويترز`, or `أرشيفية - رويترز` for an archive photo.
    pub credit: Option<String>,
    pub archive: bool,
}

impl CaptionView {
    pub fn new(text: &str, credit: Option<&Credit>, archive: bool, agencies: &[Agency]) -> Self {
        let label = credit
            .map(|c| c.label(agencies))
            .filter(|l| !l.trim().is_empty());
        let credit = match (label, archive) {
            (Some(label), true) => Some(format!("{ARCHIVE_LABEL} - {label}")),
            (Some(label), false) => Some(label),
            (None, true) => Some(ARCHIVE_LABEL.to_string()),
            (None, false) => None,
        };
        CaptionView {
            text: text.trim().to_string(),
            credit,
            archive,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.credit.is_none()
    }
}

impl PictureView {
    pub fn of(media: &Media, agencies: &[Agency], sizes: &'static str, eager: bool) -> Self {
        // A picture known only by its caption (wire copy carries no file, just a `urn:`):
        // the caption and credit are shown, no `<img>` that could only break.
        let widths = if is_displayable(media) {
            served_widths(media)
        } else {
            Vec::new()
        };
        let src_width = widths
            .iter()
            .copied()
            .filter(|w| *w <= DEFAULT_WIDTH)
            .max()
            .or_else(|| widths.first().copied());
        let src = if is_displayable(media) {
            media_path(media.id, src_width)
        } else {
            String::new()
        };
        let srcset = srcset_of(media.id, &widths, RenditionFormat::Jpeg);
        // Renditions are made from the bytes we hold; a picture known by its web address
        // redirects there whatever the format asked, so it gets no WebP source.
        let webp_widths = if media.file.is_some() {
            widths.as_slice()
        } else {
            &[]
        };
        let webp_srcset = srcset_of(media.id, webp_widths, RenditionFormat::WebP);
        let webp_src = src_width
            .filter(|_| webp_srcset.is_some())
            .map(|w| rendition_path(media.id, w, RenditionFormat::WebP));
        let alt = if media.alt.trim().is_empty() {
            media.caption.trim()
        } else {
            media.alt.trim()
        };
        PictureView {
            src,
            srcset,
            webp_src,
            webp_srcset,
            sizes,
            alt: alt.to_string(),
            width: media.width,
            height: media.height,
            caption: CaptionView::new(
                &media.caption,
                media.credit.as_ref(),
                media.archive,
                agencies,
            ),
            eager,
        }
    }

    /// The same picture with the caption of the block that places it.
    pub fn with_caption(mut self, caption: CaptionView) -> Self {
        self.caption = caption;
        self
    }
}

/// Whether there is anything to fetch: stored bytes, or a web address to redirect to.
pub fn is_displayable(media: &Media) -> bool {
    media.file.is_some()
        || media
            .source_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// `/media/{id}/{width}` (JPEG, the address feeds and exports use) or
/// `/media/{id}/{width}.webp`.
pub fn rendition_path(id: MediaId, width: u32, format: RenditionFormat) -> String {
    format!("{}{}", media_path(id, Some(width)), format.suffix())
}

/// `srcset` of the renditions at `widths`, or `None` when there are none.
fn srcset_of(id: MediaId, widths: &[u32], format: RenditionFormat) -> Option<String> {
    (!widths.is_empty()).then(|| {
        widths
            .iter()
            .map(|w| format!("{} {w}w", rendition_path(id, *w, format)))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The widths at which `media` is offered. The server never enlarges a picture, so widths
/// above the original are left out; when the size is unknown (a picture we only know by
/// its source URL) every width is offered and the server redirects to the source.
pub fn served_widths(media: &Media) -> Vec<u32> {
    match media.width {
        Some(original) => RENDITION_WIDTHS
            .iter()
            .copied()
            .filter(|w| *w <= original)
            .collect(),
        None => RENDITION_WIDTHS.to_vec(),
    }
}

/// The largest served rendition up to `max` pixels wide, with its size when known: for
/// Open Graph and JSON-LD, which want one big picture.
pub fn large_rendition(media: &Media, max: u32) -> (String, Option<(u32, u32)>) {
    let width = served_widths(media).into_iter().filter(|w| *w <= max).max();
    let size = match (width, media.aspect()) {
        (Some(w), Some((ow, oh))) if ow > 0 => Some((w, scaled_height(ow, oh, w))),
        (None, Some(size)) => Some(size),
        _ => None,
    };
    (media_path(media.id, width), size)
}

pub fn scaled_height(original_width: u32, original_height: u32, width: u32) -> u32 {
    let h = (u64::from(original_height) * u64::from(width) + u64::from(original_width) / 2)
        / u64::from(original_width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use warraq_domain::{MediaId, default_agencies};

    use super::*;

    fn photo(width: Option<u32>, archive: bool) -> Media {
        Media {
            id: MediaId(3),
            file: Some("k".into()),
            source_url: None,
            mime: Some("image/jpeg".into()),
            width,
            height: width.map(|w| w / 2),
            byte_size: None,
            alt: String::new(),
            caption: "صورة من أمام المبنى".into(),
            credit: Some(Credit::Agency {
                code: "Reuters".into(),
            }),
            archive,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_wire_photo_without_file_shows_its_caption_but_no_image() {
        let mut media = photo(None, true);
        media.file = None;
        media.source_url = Some("urn:warraq:wire:abc".into());
        let view = PictureView::of(&media, &default_agencies(), SIZES_COLUMN, true);
        assert_eq!(view.src, "");
        assert_eq!(view.srcset, None);
        assert_eq!(view.caption.credit.as_deref(), Some("أرشيفية - رويترز"));
        media.source_url = Some("https://example.org/p.jpg".into());
        assert!(is_displayable(&media));
    }

    #[test]
    fn srcset_offers_only_widths_up_to_the_original() {
        let view = PictureView::of(
            &photo(Some(1000), false),
            &default_agencies(),
            SIZES_COLUMN,
            true,
        );
        assert_eq!(
            view.srcset.as_deref(),
            Some("/media/3/320 320w, /media/3/640 640w, /media/3/960 960w")
        );
        assert_eq!(view.src, "/media/3/960");
        assert_eq!(
            view.alt, "صورة من أمام المبنى",
            "the caption stands in for a missing alt text"
        );
    }

    #[test]
    fn a_picture_smaller_than_every_width_is_served_as_is() {
        let view = PictureView::of(
            &photo(Some(200), false),
            &default_agencies(),
            SIZES_THUMB,
            false,
        );
        assert_eq!(view.src, "/media/3");
        assert_eq!(view.srcset, None);
    }

    #[test]
    fn archive_photos_are_marked_before_the_credit() {
        let view = PictureView::of(
            &photo(Some(1600), true),
            &default_agencies(),
            SIZES_COLUMN,
            true,
        );
        assert_eq!(view.caption.credit.as_deref(), Some("أرشيفية - رويترز"));
        assert!(view.caption.archive);
        let plain = CaptionView::new("x", None, false, &[]);
        assert_eq!(plain.credit, None);
    }

    #[test]
    fn every_shared_width_is_still_served() {
        for width in warraq_domain::urls::IMAGE_WIDTHS {
            assert!(RENDITION_WIDTHS.contains(&width), "{width}");
        }
    }

    #[test]
    fn the_webp_source_offers_the_same_widths_including_1200() {
        let view = PictureView::of(
            &photo(Some(1250), false),
            &default_agencies(),
            SIZES_COLUMN,
            true,
        );
        assert_eq!(
            view.srcset.as_deref(),
            Some("/media/3/320 320w, /media/3/640 640w, /media/3/960 960w, /media/3/1200 1200w")
        );
        assert_eq!(
            view.webp_srcset.as_deref(),
            Some(
                "/media/3/320.webp 320w, /media/3/640.webp 640w, /media/3/960.webp 960w, \
                 /media/3/1200.webp 1200w"
            )
        );
        assert_eq!(view.webp_src.as_deref(), Some("/media/3/960.webp"));
        assert_eq!(view.src, "/media/3/960");
        let (url, size) = large_rendition(&photo(Some(1250), false), 1280);
        assert_eq!((url.as_str(), size), ("/media/3/1200", Some((1200, 600))));
    }

    #[test]
    fn pictures_served_by_their_source_or_as_is_get_no_webp() {
        let mut elsewhere = photo(Some(1600), false);
        elsewhere.file = None;
        elsewhere.source_url = Some("https://example.org/p.jpg".into());
        let view = PictureView::of(&elsewhere, &default_agencies(), SIZES_COLUMN, true);
        assert!(view.srcset.is_some());
        assert_eq!((view.webp_src, view.webp_srcset), (None, None));

        let tiny = PictureView::of(
            &photo(Some(200), false),
            &default_agencies(),
            SIZES_THUMB,
            false,
        );
        assert_eq!((tiny.webp_src, tiny.webp_srcset), (None, None));
    }

    #[test]
    fn the_large_rendition_keeps_the_aspect_ratio() {
        let (url, size) = large_rendition(&photo(Some(1600), false), 1280);
        assert_eq!(url, "/media/3/1280");
        assert_eq!(size, Some((1280, 640)));
    }
}
