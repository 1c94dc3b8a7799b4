use thiserror::Error;
use warraq_store::StoreError;

/// Why an upload was refused or could not be stored. Each message names what was wrong
/// and the limit or format involved, so an editor knows what to do; [`UploadError::kind`]
/// tells the HTTP edge which status to answer.
#[derive(Debug, Error)]
pub enum UploadError {
    #[error("the file is {size} bytes, more than the {limit} bytes allowed")]
    FileTooLarge { size: u64, limit: u64 },

    /// Read from the header alone: the pixels were never decoded.
    #[error(
        "the {format} image is {width}×{height} pixels, more than allowed ({limit}); \
         its pixels were not decoded"
    )]
    TooManyPixels {
        format: &'static str,
        width: u32,
        height: u32,
        /// The limit it breaks, e.g. `40000000 pixels` or `12000 pixels a side`.
        limit: String,
    },

    #[error("not a JPEG, PNG or WebP image{}", found.map(|f| format!(" (it looks like {f})")).unwrap_or_default())]
    NotAnImage {
        /// What the bytes look like, when the image library recognises them (`a GIF`).
        found: Option<&'static str>,
    },

    #[error("the {format} image could not be read: {reason}")]
    Damaged {
        format: &'static str,
        reason: String,
    },

    #[error("the cleaned {format} image could not be encoded: {reason}")]
    Encode {
        format: &'static str,
        reason: String,
    },

    #[error("the picture could not be stored: {0}")]
    Store(#[from] StoreError),

    #[error("the image processing task failed: {0}")]
    Task(String),
}

/// The classes of [`UploadError`] an HTTP edge answers differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadErrorKind {
    /// 413: the file or its pixel count is above the limits.
    TooLarge,
    /// 415: not a JPEG, PNG or WebP file.
    NotAnImage,
    /// 422: a JPEG, PNG or WebP file that cannot be read (truncated, corrupt).
    BadImage,
    /// 500 (503 when the database is unreachable): our fault, not the file's.
    Internal,
}

impl UploadError {
    pub fn kind(&self) -> UploadErrorKind {
        match self {
            UploadError::FileTooLarge { .. } | UploadError::TooManyPixels { .. } => {
                UploadErrorKind::TooLarge
            }
            UploadError::NotAnImage { .. } => UploadErrorKind::NotAnImage,
            UploadError::Damaged { .. } => UploadErrorKind::BadImage,
            UploadError::Encode { .. } | UploadError::Store(_) | UploadError::Task(_) => {
                UploadErrorKind::Internal
            }
        }
    }

    /// The HTTP status for this error: 413, 415, 422, 503 or 500.
    pub fn http_status(&self) -> u16 {
        match (self.kind(), self) {
            (UploadErrorKind::TooLarge, _) => 413,
            (UploadErrorKind::NotAnImage, _) => 415,
            (UploadErrorKind::BadImage, _) => 422,
            (_, UploadError::Store(StoreError::Unavailable(_))) => 503,
            (UploadErrorKind::Internal, _) => 500,
        }
    }

    /// A stable code for clients and translations.
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::FileTooLarge { .. } => "upload.file_too_large",
            UploadError::TooManyPixels { .. } => "upload.too_many_pixels",
            UploadError::NotAnImage { .. } => "upload.not_an_image",
            UploadError::Damaged { .. } => "upload.damaged_image",
            UploadError::Encode { .. } | UploadError::Task(_) => "upload.processing_failed",
            UploadError::Store(_) => "upload.store_failed",
        }
    }

    /// The message for editors in Arabic (the English one is `Display`).
    pub fn message_ar(&self) -> String {
        match self {
            UploadError::FileTooLarge { limit, .. } => format!(
                "الملف أكبر من الحد المسموح به ({} ميغابايت).",
                limit / (1024 * 1024)
            ),
            UploadError::TooManyPixels { width, height, .. } => {
                format!("أبعاد الصورة ({width}×{height} بكسل) أكبر من الحد المسموح به.")
            }
            UploadError::NotAnImage { .. } => {
                "الملف ليس صورة بصيغة JPEG أو PNG أو WebP.".to_string()
            }
            UploadError::Damaged { .. } => "تعذّرت قراءة الصورة: الملف تالف أو ناقص.".to_string(),
            UploadError::Encode { .. } | UploadError::Task(_) | UploadError::Store(_) => {
                "تعذّر حفظ الصورة، حاول مرة أخرى.".to_string()
            }
        }
    }
}
