//! The media library's intake: an uploaded picture is checked (format by its bytes, file
//! size, pixel count read from the header before any decoding), turned upright by its
//! EXIF orientation and re-encoded without EXIF, XMP or IPTC (no GPS position leaves the
//! newsroom); the caption and credit it carried prefill the media form; the cleaned file
//! and its record are stored in one transaction. Also the encoders renditions use (JPEG,
//! lossy WebP).
//!
//! Depends on the domain, the storage contract and the image libraries; never on a
//! database, HTTP or the web crate.

mod decode;
pub mod encode;
mod error;
mod format;
mod jpeg;
mod limits;
pub mod metadata;
mod save;
mod upload;

pub use error::{UploadError, UploadErrorKind};
pub use format::UploadFormat;
pub use limits::UploadLimits;
pub use metadata::PictureMetadata;
pub use save::{MediaForm, credit_from_text, save_upload, save_upload_with_limits};
pub use upload::{ProcessedUpload, process_upload};
