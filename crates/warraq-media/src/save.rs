use sha2::{Digest, Sha256};
use warraq_domain::agency::find_agency;
use warraq_domain::arabic::normalize_text;
use warraq_domain::{Actor, Agency, Credit, Media, MediaDraft, default_agencies};
use warraq_store::Store;

use crate::error::UploadError;
use crate::limits::UploadLimits;
use crate::upload::{ProcessedUpload, process_upload};

/// What the editor typed beside the file. Empty caption or credit are filled from the
/// picture's IPTC/XMP when it has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaForm {
    pub alt: String,
    pub caption: String,
    /// As typed: an agency's name in any spelling (`رويترز`, `Reuters`, `إ.ب.أ`) becomes
    /// that agency; anything else is credited as written.
    pub credit: String,
    pub archive: bool,
}

/// [`save_upload_with_limits`] with the default limits.
pub async fn save_upload(
    store: &dyn Store,
    actor: Actor,
    bytes: Vec<u8>,
    form: MediaForm,
) -> Result<Media, UploadError> {
    save_upload_with_limits(store, actor, bytes, form, &UploadLimits::default()).await
}

/// Processes the upload (on the blocking pool) and stores the cleaned file and its media
/// record in one transaction: either both exist afterwards or neither. Nothing is written
/// when the file is refused.
pub async fn save_upload_with_limits(
    store: &dyn Store,
    actor: Actor,
    bytes: Vec<u8>,
    form: MediaForm,
    limits: &UploadLimits,
) -> Result<Media, UploadError> {
    let limits = limits.clone();
    let processed = tokio::task::spawn_blocking(move || process_upload(&bytes, &limits))
        .await
        .map_err(|e| UploadError::Task(e.to_string()))??;
    let agencies = match store.list_agencies().await? {
        known if known.is_empty() => default_agencies(),
        known => known,
    };
    let key = blob_key(&processed);
    let draft = media_draft(&processed, &form, key.clone(), &agencies);
    let mut tx = store.begin(actor).await?;
    tx.put_blob(&key, processed.mime, &processed.bytes).await?;
    let media = tx.create_media(&draft).await?;
    tx.commit().await?;
    Ok(media)
}

/// Named by content: the same cleaned file uploaded twice shares its bytes, and new bytes
/// never take an old key (whose renditions caches may still hold).
fn blob_key(processed: &ProcessedUpload) -> String {
    let digest = Sha256::digest(&processed.bytes);
    let hex: String = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("upload/{hex}.{}", processed.format.extension())
}

fn media_draft(
    processed: &ProcessedUpload,
    form: &MediaForm,
    key: String,
    agencies: &[Agency],
) -> MediaDraft {
    let metadata = &processed.metadata;
    let caption = Some(normalize_text(&form.caption))
        .filter(|c| !c.is_empty())
        .or_else(|| metadata.caption.clone())
        .unwrap_or_default();
    // The credit line first; a photographer's byline is the next best thing.
    let credit = Some(form.credit.as_str())
        .filter(|c| !c.trim().is_empty())
        .or(metadata.credit.as_deref())
        .or(metadata.byline.as_deref())
        .and_then(|text| credit_from_text(text, agencies));
    MediaDraft {
        file: Some(key),
        source_url: None,
        mime: Some(processed.mime.to_string()),
        width: Some(processed.width),
        height: Some(processed.height),
        byte_size: u64::try_from(processed.bytes.len()).ok(),
        alt: normalize_text(&form.alt),
        caption,
        credit,
        archive: form.archive,
    }
}

/// A credit as typed or found in a picture: a known agency (`REUTERS`, `رويترز`, also
/// `REUTERS/Amr Dalsh` as agencies write photo credits) or anyone else as written.
pub fn credit_from_text(text: &str, agencies: &[Agency]) -> Option<Credit> {
    let text = normalize_text(text);
    if text.is_empty() {
        return None;
    }
    let agency = find_agency(agencies, &text).or_else(|| {
        text.split_once('/')
            .and_then(|(head, _)| find_agency(agencies, head))
    });
    Some(match agency {
        Some(agency) => Credit::Agency {
            code: agency.code.clone(),
        },
        None => Credit::Other { name: text },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_credits_in_any_spelling_become_the_agency() {
        let agencies = default_agencies();
        let agency = |code: &str| Some(Credit::Agency { code: code.into() });
        assert_eq!(credit_from_text("Reuters", &agencies), agency("Reuters"));
        assert_eq!(credit_from_text(" رويترز ", &agencies), agency("Reuters"));
        assert_eq!(credit_from_text("EPA", &agencies), agency("EPA"));
        assert_eq!(
            credit_from_text("REUTERS/Amr Abdallah Dalsh", &agencies),
            agency("Reuters")
        );
        assert_eq!(
            credit_from_text("«الشرق الأوسط»", &agencies),
            Some(Credit::Other {
                name: "«الشرق الأوسط»".into()
            })
        );
        assert_eq!(credit_from_text("  ", &agencies), None);
    }
}
