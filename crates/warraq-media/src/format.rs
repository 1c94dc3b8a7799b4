use image::ImageFormat;

use crate::error::UploadError;

/// The formats the media library takes, told by the file's first bytes: a file name or a
/// client's MIME type says what someone claims, the bytes say what the decoder will meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadFormat {
    Jpeg,
    Png,
    WebP,
}

impl UploadFormat {
    pub fn sniff(bytes: &[u8]) -> Result<Self, UploadError> {
        match image::guess_format(bytes) {
            Ok(ImageFormat::Jpeg) => Ok(UploadFormat::Jpeg),
            Ok(ImageFormat::Png) => Ok(UploadFormat::Png),
            Ok(ImageFormat::WebP) => Ok(UploadFormat::WebP),
            Ok(other) => Err(UploadError::NotAnImage {
                found: Some(describe(other)),
            }),
            Err(_) => Err(UploadError::NotAnImage { found: None }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UploadFormat::Jpeg => "JPEG",
            UploadFormat::Png => "PNG",
            UploadFormat::WebP => "WebP",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            UploadFormat::Jpeg => "image/jpeg",
            UploadFormat::Png => "image/png",
            UploadFormat::WebP => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            UploadFormat::Jpeg => "jpg",
            UploadFormat::Png => "png",
            UploadFormat::WebP => "webp",
        }
    }

    pub(crate) fn image_format(self) -> ImageFormat {
        match self {
            UploadFormat::Jpeg => ImageFormat::Jpeg,
            UploadFormat::Png => ImageFormat::Png,
            UploadFormat::WebP => ImageFormat::WebP,
        }
    }
}

fn describe(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Gif => "a GIF",
        ImageFormat::Bmp => "a BMP",
        ImageFormat::Tiff => "a TIFF",
        ImageFormat::Avif => "an AVIF",
        ImageFormat::Ico => "an icon",
        other => other.to_mime_type(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_decide_not_the_name() {
        assert_eq!(
            UploadFormat::sniff(b"\x89PNG\r\n\x1a\n....").unwrap(),
            UploadFormat::Png
        );
        assert_eq!(
            UploadFormat::sniff(b"RIFF\x10\0\0\0WEBPVP8 ").unwrap(),
            UploadFormat::WebP
        );
        let gif = UploadFormat::sniff(b"GIF89a\x01\0\x01\0").unwrap_err();
        assert_eq!(
            gif.to_string(),
            "not a JPEG, PNG or WebP image (it looks like a GIF)"
        );
        let text = UploadFormat::sniff("خبر عاجل".as_bytes()).unwrap_err();
        assert_eq!(text.to_string(), "not a JPEG, PNG or WebP image");
        assert_eq!(text.http_status(), 415);
    }
}
