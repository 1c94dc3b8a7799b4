use crate::decode::decode;
use crate::encode::{self, ORIGINAL_JPEG_QUALITY, ORIGINAL_WEBP_QUALITY};
use crate::error::UploadError;
use crate::format::UploadFormat;
use crate::limits::UploadLimits;
use crate::metadata::PictureMetadata;

/// An upload made safe to store and serve: upright, re-encoded in its own format without
/// EXIF, XMP or IPTC, with the words it carried for the media form.
#[derive(Debug, Clone)]
pub struct ProcessedUpload {
    pub bytes: Vec<u8>,
    pub format: UploadFormat,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub mime: &'static str,
    /// After the EXIF orientation is applied: as readers see it.
    pub width: u32,
    pub height: u32,
    pub metadata: PictureMetadata,
}

/// Checks and cleans an uploaded file. Refuses, with an error naming the problem: a file
/// over the size limit; anything that is not a JPEG, PNG or WebP by its bytes; a picture
/// whose declared dimensions pass the pixel limits (before decoding a pixel); a file
/// that cannot be decoded. CPU-heavy: run it off the async workers.
pub fn process_upload(bytes: &[u8], limits: &UploadLimits) -> Result<ProcessedUpload, UploadError> {
    limits.check_size(bytes.len())?;
    let format = UploadFormat::sniff(bytes)?;
    let decoded = decode(bytes, format, limits)?;
    let icc = decoded.icc_profile.as_deref();
    let cleaned = match format {
        UploadFormat::Jpeg => encode::jpeg(&decoded.image, ORIGINAL_JPEG_QUALITY, icc),
        UploadFormat::Png => encode::png(&decoded.image, icc),
        UploadFormat::WebP if is_lossless_webp(bytes) => encode::webp_lossless(&decoded.image),
        UploadFormat::WebP => encode::webp(&decoded.image, ORIGINAL_WEBP_QUALITY),
    }
    .map_err(|e| UploadError::Encode {
        format: e.format,
        reason: e.reason,
    })?;
    Ok(ProcessedUpload {
        bytes: cleaned,
        format,
        mime: format.mime(),
        width: decoded.image.width(),
        height: decoded.image.height(),
        metadata: decoded.metadata,
    })
}

/// Whether a WebP file's picture is in the lossless (`VP8L`) rather than the lossy
/// (`VP8 `) bitstream, found by walking its RIFF chunks.
fn is_lossless_webp(bytes: &[u8]) -> bool {
    let mut at = 12; // "RIFF", size, "WEBP"
    while let Some(header) = bytes.get(at..at + 8) {
        match &header[..4] {
            b"VP8L" => return true,
            b"VP8 " => return false,
            _ => {}
        }
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let Ok(size) = usize::try_from(size) else {
            return false;
        };
        at = match at.checked_add(8 + size.next_multiple_of(2)) {
            Some(next) => next,
            None => return false,
        };
    }
    false
}
