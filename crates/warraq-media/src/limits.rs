use crate::error::UploadError;

/// What an upload may be at most. The pixel limits are checked against the dimensions a
/// file declares in its header, before any pixel is decoded: a few kilobytes of PNG can
/// declare 100,000×100,000 pixels (40 GB once decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLimits {
    /// Size of the uploaded file, in bytes.
    pub max_bytes: u64,
    /// Width × height.
    pub max_pixels: u64,
    /// Width and height each.
    pub max_side: u32,
}

impl Default for UploadLimits {
    /// 20 MiB, 40 megapixels, 12,000 pixels a side: room for any camera's photo (a 45 MP
    /// full-frame JPEG is rarely above 20 MiB, and agencies send far less).
    fn default() -> Self {
        UploadLimits {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 12_000,
        }
    }
}

impl UploadLimits {
    pub(crate) fn check_size(&self, size: usize) -> Result<(), UploadError> {
        let size = u64::try_from(size).unwrap_or(u64::MAX);
        if size > self.max_bytes {
            return Err(UploadError::FileTooLarge {
                size,
                limit: self.max_bytes,
            });
        }
        Ok(())
    }

    pub(crate) fn check_dimensions(
        &self,
        format: &'static str,
        width: u32,
        height: u32,
    ) -> Result<(), UploadError> {
        let refuse = |limit: String| UploadError::TooManyPixels {
            format,
            width,
            height,
            limit,
        };
        if width > self.max_side || height > self.max_side {
            return Err(refuse(format!("{} pixels a side", self.max_side)));
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(refuse(format!("{} pixels", self.max_pixels)));
        }
        if width == 0 || height == 0 {
            return Err(UploadError::Damaged {
                format,
                reason: format!("it declares {width}×{height} pixels"),
            });
        }
        Ok(())
    }

    /// Bytes one decode may allocate: the largest allowed picture at 8 bytes a pixel (16-bit
    /// RGBA PNG), so the limit never refuses a picture within the pixel limits and still
    /// stops a decoder from allocating for more.
    pub(crate) fn max_alloc(&self) -> u64 {
        self.max_pixels.saturating_mul(8)
    }
}
