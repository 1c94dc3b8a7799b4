//! The words a picture carries: IPTC IIM from a JPEG's APP13 segment, XMP from any of the
//! three formats. Read only to prefill the media form; the stored file keeps none of it.

pub mod iptc;
mod xmp;

use warraq_domain::arabic::normalize_text;

/// What a picture says about itself, normalised for storage (NFC, spaces collapsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PictureMetadata {
    /// IPTC 2:120 Caption-Abstract, or XMP `dc:description`.
    pub caption: Option<String>,
    /// IPTC 2:110 Credit, or XMP `photoshop:Credit`.
    pub credit: Option<String>,
    /// IPTC 2:80 By-line: the photographer.
    pub byline: Option<String>,
    /// IPTC 2:115 Source.
    pub source: Option<String>,
    /// IPTC 2:105 Headline.
    pub headline: Option<String>,
}

impl PictureMetadata {
    /// Reads IPTC (JPEG only) and XMP. IPTC comes first: it is what agency photo desks
    /// fill in; XMP fills the fields IPTC leaves empty.
    pub(crate) fn read(iptc: Option<&[u8]>, xmp: Option<&[u8]>) -> Self {
        let from_iptc = iptc.map(iptc::read).unwrap_or_default();
        let from_xmp = xmp.map(xmp::read).unwrap_or_default();
        from_iptc.or(from_xmp)
    }

    /// These fields, and `other`'s where these are empty.
    fn or(self, other: PictureMetadata) -> PictureMetadata {
        PictureMetadata {
            caption: self.caption.or(other.caption),
            credit: self.credit.or(other.credit),
            byline: self.byline.or(other.byline),
            source: self.source.or(other.source),
            headline: self.headline.or(other.headline),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PictureMetadata::default()
    }
}

/// Text fit for a form field, or `None` when nothing is left. IIM values are sometimes
/// NUL-terminated, so NULs go too.
fn clean(text: &str) -> Option<String> {
    let text = normalize_text(&text.replace('\0', ""));
    (!text.is_empty()).then_some(text)
}
