//! Pictures of an import become media records, found again by the URL they came from so a
//! re-import reuses them. A picture the source gives no URL for (wire photos: a caption
//! and a credit only) is kept under a synthetic `urn:warraq:import:<hash>` address derived
//! from the article's source key and the picture's place in it: caption, credit and the
//! archive flag survive, and the same item imported again finds the same record.

use warraq_domain::arabic::normalize_text;
use warraq_domain::{IncomingMedia, Media, MediaDraft};
use warraq_store::{StoreResult, WriteTx};

use crate::draft::short_hash;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaOutcome {
    Created,
    Updated,
    Reused,
}

/// The URL a picture is recorded under. `slot` names its place (`hero`, `media/2`).
pub fn source_url_of(media: &IncomingMedia, source_key: &str, slot: &str) -> String {
    match media
        .source_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => url.to_string(),
        None => format!(
            "urn:warraq:import:{}",
            &short_hash(&format!("{source_key}#{slot}"))[..32]
        ),
    }
}

/// The record a picture becomes (without a file: `--fetch-media` is what would add one).
pub fn media_draft(media: &IncomingMedia, source_url: String) -> MediaDraft {
    let caption = normalize_text(&media.caption);
    MediaDraft {
        file: None,
        source_url: Some(source_url),
        mime: media.mime.clone(),
        width: media.width,
        height: media.height,
        byte_size: None,
        alt: media.alt.as_deref().map(normalize_text).unwrap_or_default(),
        caption,
        credit: media.credit.clone(),
        archive: media.archive,
    }
}

/// Stores the picture in `tx`, or finds the one imported before from the same URL. What the new
/// import says about it (caption, credit, alt, size) replaces what was stored; the file
/// and its size, when the record has one, are kept.
pub async fn store_media(
    tx: &mut dyn WriteTx,
    draft: &MediaDraft,
) -> StoreResult<(Media, MediaOutcome)> {
    let url = draft.source_url.as_deref().unwrap_or_default();
    let Some(existing) = tx.media_by_source_url(url).await? else {
        return Ok((tx.create_media(draft).await?, MediaOutcome::Created));
    };
    let merged = merge(&existing, draft);
    if merged == draft_of(&existing) {
        return Ok((existing, MediaOutcome::Reused));
    }
    Ok((
        tx.update_media(existing.id, &merged).await?,
        MediaOutcome::Updated,
    ))
}

fn merge(existing: &Media, new: &MediaDraft) -> MediaDraft {
    MediaDraft {
        file: existing.file.clone(),
        source_url: existing.source_url.clone(),
        mime: new.mime.clone().or_else(|| existing.mime.clone()),
        width: new.width.or(existing.width),
        height: new.height.or(existing.height),
        byte_size: existing.byte_size,
        alt: if new.alt.is_empty() {
            existing.alt.clone()
        } else {
            new.alt.clone()
        },
        caption: if new.caption.is_empty() {
            existing.caption.clone()
        } else {
            new.caption.clone()
        },
        credit: new.credit.clone().or_else(|| existing.credit.clone()),
        archive: new.archive,
    }
}

fn draft_of(media: &Media) -> MediaDraft {
    MediaDraft {
        file: media.file.clone(),
        source_url: media.source_url.clone(),
        mime: media.mime.clone(),
        width: media.width,
        height: media.height,
        byte_size: media.byte_size,
        alt: media.alt.clone(),
        caption: media.caption.clone(),
        credit: media.credit.clone(),
        archive: media.archive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_without_url_gets_a_stable_synthetic_address_per_item_and_slot() {
        let photo = IncomingMedia {
            caption: "صورة".into(),
            ..IncomingMedia::default()
        };
        let a = source_url_of(&photo, "wire:abc", "hero");
        assert!(a.starts_with("urn:warraq:import:"), "{a}");
        assert_eq!(a, source_url_of(&photo, "wire:abc", "hero"));
        assert_ne!(a, source_url_of(&photo, "wire:abc", "media/1"));
        assert_ne!(a, source_url_of(&photo, "wire:abd", "hero"));
        let with_url = IncomingMedia {
            source_url: Some(" https://x/p.jpg ".into()),
            ..photo
        };
        assert_eq!(
            source_url_of(&with_url, "wire:abc", "hero"),
            "https://x/p.jpg"
        );
    }
}
