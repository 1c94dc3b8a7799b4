use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::agency::Agency;
use crate::error::DomainError;
use crate::ids::MediaId;

/// Who a photo is credited to: a known agency (shown by its short Arabic form, `رويترز`,
/// `إ.ب.أ`) or another source written as given (`«الشرق الأوسط»`, a photographer's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credit {
    Agency { code: String },
    Other { name: String },
}

impl Credit {
    /// The text shown to readers, resolving agency codes against `agencies`.
    pub fn label(&self, agencies: &[Agency]) -> String {
        match self {
            Credit::Agency { code } => agencies
                .iter()
                .find(|a| &a.code == code)
                .map(|a| a.short_ar.clone())
                .unwrap_or_else(|| code.clone()),
            Credit::Other { name } => name.clone(),
        }
    }
}

/// A stored picture: the file (when we hold it), where it came from, its size, and the
/// words that go with it. Caption and credit are separate: the page renders the credit as
/// its own element, and an archive photo is flagged, not marked up in the caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub id: MediaId,
    /// Key of the bytes in the store's blob table; `None` when only the source URL is known.
    pub file: Option<String>,
    pub source_url: Option<String>,
    pub mime: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub byte_size: Option<u64>,
    pub alt: String,
    pub caption: String,
    pub credit: Option<Credit>,
    /// An archive photo (`أرشيفية`): taken earlier than the story it illustrates.
    pub archive: bool,
    pub created_at: DateTime<Utc>,
}

impl Media {
    /// Width / height, for the `width`/`height` attributes that prevent layout shift.
    pub fn aspect(&self) -> Option<(u32, u32)> {
        Some((self.width?, self.height?))
    }
}

/// A picture not yet stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MediaDraft {
    pub file: Option<String>,
    pub source_url: Option<String>,
    pub mime: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub byte_size: Option<u64>,
    pub alt: String,
    pub caption: String,
    pub credit: Option<Credit>,
    pub archive: bool,
}

impl MediaDraft {
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.file.is_none() && self.source_url.is_none() {
            return Err(DomainError::Invalid {
                field: "media.file",
                reason: "a picture needs a stored file or a source URL".into(),
            });
        }
        Ok(())
    }
}
