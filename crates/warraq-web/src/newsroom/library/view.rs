//! What the library's pages and its JSON show of a picture, and times as the newsroom
//! reads them (the site's time zone, to the minute).

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::Serialize;
use warraq_domain::{Agency, Credit, Media};

use super::super::i18n::Lang;

/// The rendition width of thumbnails: the grid's cards and the editor's picture picker
/// (whose fallback address is `/media/{id}/480`).
pub const THUMBNAIL_WIDTH: u32 = 480;
/// The preview on the edit page.
pub const PREVIEW_WIDTH: u32 = 960;

/// The newsroom's address of a picture's rendition: served whether or not readers may see
/// the picture yet (see `renditions`).
pub fn rendition_url(id: i64, width: u32) -> String {
    format!("/newsroom/media/{id}/{width}")
}

/// A moment in the site's time zone: `2024-10-30 12:05` and its RFC 3339 form for
/// `<time datetime>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct When {
    pub iso: String,
    pub text: String,
}

impl When {
    pub fn new(at: DateTime<Utc>, offset: FixedOffset) -> When {
        let local = at.with_timezone(&offset);
        When {
            iso: local.to_rfc3339_opts(SecondsFormat::Secs, false),
            text: local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// One picture of the grid, of the edit page and of the picker's JSON.
#[derive(Debug, Clone, Serialize)]
pub struct MediaCard {
    pub id: i64,
    pub edit_url: String,
    pub thumbnail_url: String,
    pub caption: String,
    pub alt: String,
    /// The credit as readers see it (`رويترز`, `«الشرق الأوسط»`).
    pub credit_label: Option<String>,
    /// The domain's credit (`{"kind": "agency", "code": "Reuters"}`), for the editor's
    /// image blocks.
    pub credit: Option<Credit>,
    pub archive: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub mime: Option<String>,
    pub byte_size: Option<u64>,
    /// The file's size rounded up to kilobytes, for people.
    pub kilobytes: Option<u64>,
    /// Only a source URL is known (an import without `--fetch-media`).
    pub remote: bool,
    pub created: When,
}

impl MediaCard {
    pub fn of(media: &Media, agencies: &[Agency], offset: FixedOffset) -> MediaCard {
        MediaCard {
            id: media.id.0,
            edit_url: format!("/newsroom/media/{}", media.id.0),
            thumbnail_url: rendition_url(media.id.0, THUMBNAIL_WIDTH),
            caption: media.caption.clone(),
            alt: media.alt.clone(),
            credit_label: media.credit.as_ref().map(|c| c.label(agencies)),
            credit: media.credit.clone(),
            archive: media.archive,
            width: media.width,
            height: media.height,
            mime: media.mime.clone(),
            byte_size: media.byte_size,
            kilobytes: media.byte_size.map(|b| b.div_ceil(1024)),
            remote: media.file.is_none(),
            created: When::new(media.created_at, offset),
        }
    }
}

/// An agency as a choice of the credit field.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyOption {
    pub code: String,
    pub label: String,
}

/// The agencies as the credit list shows them: the short credit form readers see, and the
/// full name in the page's language.
pub fn agency_options(agencies: &[Agency], lang: Lang) -> Vec<AgencyOption> {
    agencies
        .iter()
        .map(|a| AgencyOption {
            code: a.code.clone(),
            label: match lang {
                Lang::Ar => format!("{} ({})", a.short_ar, a.name_ar),
                Lang::En => format!("{} ({})", a.name_en, a.short_ar),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use warraq_domain::{MediaId, default_agencies};

    use super::*;

    #[test]
    fn a_card_labels_the_credit_and_points_at_the_newsroom_rendition() {
        let media = Media {
            id: MediaId(7),
            file: Some("upload/x.jpg".into()),
            source_url: None,
            mime: Some("image/jpeg".into()),
            width: Some(1600),
            height: Some(900),
            byte_size: Some(1234),
            alt: "وصف".into(),
            caption: "تعليق".into(),
            credit: Some(Credit::Agency {
                code: "Reuters".into(),
            }),
            archive: true,
            created_at: DateTime::parse_from_rfc3339("2024-10-29T22:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
        };
        let offset = FixedOffset::east_opt(3 * 3600).unwrap();
        let card = MediaCard::of(&media, &default_agencies(), offset);
        assert_eq!(card.thumbnail_url, "/newsroom/media/7/480");
        assert_eq!(card.credit_label.as_deref(), Some("رويترز"));
        assert_eq!(card.created.text, "2024-10-30 01:30");
        assert_eq!(card.created.iso, "2024-10-30T01:30:00+03:00");
        let json = serde_json::to_value(&card).unwrap();
        assert_eq!(
            json["credit"],
            serde_json::json!({"kind": "agency", "code": "Reuters"})
        );
    }
}
