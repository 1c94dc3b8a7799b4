//! The words typed beside a picture (upload and edit forms): caption, credit, archive flag
//! and alt text, checked and turned into what the store keeps.
//!
//! The credit is chosen in two fields so that the page works without scripts: a list of
//! the known agencies (plus "none" and "other") and a text field for any other source. A
//! name typed in the text field that spells a known agency (`Reuters`, `أ ف ب`) is
//! credited to that agency, as credits read from a picture's IPTC are.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use warraq_domain::arabic::normalize_text;
use warraq_domain::{Agency, Credit, Media, MediaDraft};
use warraq_media::{MediaForm, credit_from_text};

/// The credit list's value for "another source, typed below".
pub const OTHER: &str = "other";
/// A caption is a sentence or two; a long one is a pasted article.
const MAX_CAPTION_CHARS: usize = 1000;
const MAX_ALT_CHARS: usize = 500;
const MAX_CREDIT_CHARS: usize = 200;

/// The fields as posted (urlencoded on the edit page, multipart fields on upload).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct MediaInput {
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub alt: String,
    /// An agency code, [`OTHER`] or empty (no credit, unless one is typed).
    #[serde(default)]
    pub credit_agency: String,
    #[serde(default)]
    pub credit_other: String,
    /// A checkbox: present (`on`) when ticked.
    #[serde(default)]
    pub archive: Option<String>,
}

/// Why the words were refused; each names its field, for the message beside it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MediaFormError {
    #[error("the caption is longer than {MAX_CAPTION_CHARS} characters")]
    CaptionTooLong,
    #[error("the alt text is longer than {MAX_ALT_CHARS} characters")]
    AltTooLong,
    #[error("the credit is longer than {MAX_CREDIT_CHARS} characters")]
    CreditTooLong,
    /// A code that is not in the list (a stale page, or a forged form).
    #[error("unknown agency `{0}`")]
    UnknownAgency(String),
}

impl MediaFormError {
    pub fn field(&self) -> &'static str {
        match self {
            MediaFormError::CaptionTooLong => "caption",
            MediaFormError::AltTooLong => "alt",
            MediaFormError::CreditTooLong | MediaFormError::UnknownAgency(_) => "credit",
        }
    }

    /// The i18n key of the message people see.
    pub fn message_key(&self) -> &'static str {
        match self {
            MediaFormError::CaptionTooLong => "lib_error_caption_long",
            MediaFormError::AltTooLong => "lib_error_alt_long",
            MediaFormError::CreditTooLong => "lib_error_credit_long",
            MediaFormError::UnknownAgency(_) => "lib_error_unknown_agency",
        }
    }
}

/// The checked words of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaWords {
    pub caption: String,
    pub alt: String,
    pub credit: Option<Credit>,
    pub archive: bool,
}

impl MediaInput {
    /// The form showing a stored picture's words.
    pub fn of(media: &Media, agencies: &[Agency]) -> MediaInput {
        let (credit_agency, credit_other) = match &media.credit {
            Some(Credit::Agency { code }) if agencies.iter().any(|a| &a.code == code) => {
                (code.clone(), String::new())
            }
            // An agency the store no longer lists reads as the source it names.
            Some(Credit::Agency { code }) => (OTHER.to_string(), code.clone()),
            Some(Credit::Other { name }) => (OTHER.to_string(), name.clone()),
            None => (String::new(), String::new()),
        };
        MediaInput {
            caption: media.caption.clone(),
            alt: media.alt.clone(),
            credit_agency,
            credit_other,
            archive: media.archive.then(|| "on".to_string()),
        }
    }

    pub fn archive(&self) -> bool {
        self.archive.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// Checks lengths and resolves the credit.
    pub fn words(&self, agencies: &[Agency]) -> Result<MediaWords, MediaFormError> {
        let caption = normalize_text(&self.caption);
        if caption.chars().count() > MAX_CAPTION_CHARS {
            return Err(MediaFormError::CaptionTooLong);
        }
        let alt = normalize_text(&self.alt);
        if alt.chars().count() > MAX_ALT_CHARS {
            return Err(MediaFormError::AltTooLong);
        }
        Ok(MediaWords {
            caption,
            alt,
            credit: self.credit(agencies)?,
            archive: self.archive(),
        })
    }

    fn credit(&self, agencies: &[Agency]) -> Result<Option<Credit>, MediaFormError> {
        match self.credit_agency.trim() {
            "" | OTHER => {
                if normalize_text(&self.credit_other).chars().count() > MAX_CREDIT_CHARS {
                    return Err(MediaFormError::CreditTooLong);
                }
                Ok(credit_from_text(&self.credit_other, agencies))
            }
            code => agencies
                .iter()
                .find(|a| a.code == code)
                .map(|a| {
                    Some(Credit::Agency {
                        code: a.code.clone(),
                    })
                })
                .ok_or_else(|| MediaFormError::UnknownAgency(code.to_string())),
        }
    }

    /// What `warraq_media::save_upload` takes: empty caption and credit let the picture's
    /// own IPTC/XMP fill them.
    pub fn upload_form(&self, agencies: &[Agency]) -> Result<MediaForm, MediaFormError> {
        let words = self.words(agencies)?;
        let credit = match &words.credit {
            // The code names its agency for `credit_from_text`.
            Some(Credit::Agency { code }) => code.clone(),
            Some(Credit::Other { name }) => name.clone(),
            None => String::new(),
        };
        Ok(MediaForm {
            alt: words.alt,
            caption: words.caption,
            credit,
            archive: words.archive,
        })
    }
}

impl MediaWords {
    /// The stored picture with these words; its file and dimensions stay.
    pub fn apply_to(self, media: &Media) -> MediaDraft {
        MediaDraft {
            file: media.file.clone(),
            source_url: media.source_url.clone(),
            mime: media.mime.clone(),
            width: media.width,
            height: media.height,
            byte_size: media.byte_size,
            alt: self.alt,
            caption: self.caption,
            credit: self.credit,
            archive: self.archive,
        }
    }
}

#[cfg(test)]
mod tests {
    use warraq_domain::default_agencies;

    use super::*;

    fn input(agency: &str, other: &str) -> MediaInput {
        MediaInput {
            caption: "  تعليق   الصورة ".into(),
            credit_agency: agency.into(),
            credit_other: other.into(),
            archive: Some("on".into()),
            ..MediaInput::default()
        }
    }

    #[test]
    fn the_credit_is_an_agency_chosen_or_typed_or_any_other_source() {
        let agencies = default_agencies();
        let words = input("AFP", "ignored").words(&agencies).unwrap();
        assert_eq!(words.credit, Some(Credit::Agency { code: "AFP".into() }));
        assert_eq!(words.caption, "تعليق الصورة");
        assert!(words.archive);
        assert_eq!(
            input(OTHER, "رويترز").words(&agencies).unwrap().credit,
            Some(Credit::Agency {
                code: "Reuters".into()
            })
        );
        assert_eq!(
            input("", "«الشرق الأوسط»").words(&agencies).unwrap().credit,
            Some(Credit::Other {
                name: "«الشرق الأوسط»".into()
            })
        );
        assert_eq!(input("", " ").words(&agencies).unwrap().credit, None);
        assert_eq!(
            input("XYZ", "").words(&agencies),
            Err(MediaFormError::UnknownAgency("XYZ".into()))
        );
    }

    #[test]
    fn overlong_words_are_refused_by_field() {
        let agencies = default_agencies();
        let mut long = input("", "");
        long.caption = "ب".repeat(MAX_CAPTION_CHARS + 1);
        assert_eq!(long.words(&agencies), Err(MediaFormError::CaptionTooLong));
        let mut long = input("", "");
        long.alt = "ب".repeat(MAX_ALT_CHARS + 1);
        assert_eq!(long.words(&agencies).unwrap_err().field(), "alt");
        let long = input(OTHER, &"ب".repeat(MAX_CREDIT_CHARS + 1));
        assert_eq!(long.words(&agencies), Err(MediaFormError::CreditTooLong));
    }

    #[test]
    fn a_stored_credit_shows_in_the_fields_it_came_from() {
        let agencies = default_agencies();
        let mut media = Media {
            id: warraq_domain::MediaId(1),
            file: Some("k".into()),
            source_url: None,
            mime: None,
            width: None,
            height: None,
            byte_size: None,
            alt: String::new(),
            caption: String::new(),
            credit: Some(Credit::Agency { code: "EPA".into() }),
            archive: false,
            created_at: chrono::Utc::now(),
        };
        let form = MediaInput::of(&media, &agencies);
        assert_eq!(
            (form.credit_agency.as_str(), form.archive()),
            ("EPA", false)
        );
        media.credit = Some(Credit::Other {
            name: "مصور".into(),
        });
        let form = MediaInput::of(&media, &agencies);
        assert_eq!(
            (form.credit_agency.as_str(), form.credit_other.as_str()),
            (OTHER, "مصور")
        );
        let upload = input("Reuters", "").upload_form(&agencies).unwrap();
        assert_eq!(upload.credit, "Reuters");
    }
}
