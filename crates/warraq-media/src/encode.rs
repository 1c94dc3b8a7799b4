//! Encoders for cleaned originals and renditions. None of them writes EXIF, XMP or IPTC:
//! re-encoding is how an upload loses its GPS position and camera serial number.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder};
use thiserror::Error;

/// Quality of a cleaned JPEG original: high, because every rendition is encoded again
/// from it and losses would add up.
pub const ORIGINAL_JPEG_QUALITY: u8 = 92;
/// Quality of a cleaned lossy WebP original, for the same reason.
pub const ORIGINAL_WEBP_QUALITY: f32 = 90.0;

#[derive(Debug, Error)]
#[error("could not encode a {format} image: {reason}")]
pub struct EncodeError {
    pub format: &'static str,
    pub reason: String,
}

impl EncodeError {
    fn new(format: &'static str, reason: impl ToString) -> Self {
        EncodeError {
            format,
            reason: reason.to_string(),
        }
    }
}

/// A baseline JPEG; grey pictures stay grey, transparency is dropped (JPEG has none).
pub fn jpeg(
    image: &DynamicImage,
    quality: u8,
    icc_profile: Option<&[u8]>,
) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(icc) = icc_profile {
        // Best effort: a profile the encoder cannot carry leaves sRGB, not a failure.
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
    let result = if image.color().has_color() {
        encoder.write_image(
            image.to_rgb8().as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
    } else {
        encoder.write_image(
            image.to_luma8().as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
    };
    result.map_err(|e| EncodeError::new("JPEG", e))?;
    Ok(out)
}

/// A PNG of the same pixels (colour type and depth kept).
pub fn png(image: &DynamicImage, icc_profile: Option<&[u8]>) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    let mut encoder = PngEncoder::new(&mut out);
    if let Some(icc) = icc_profile {
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
    image
        .write_with_encoder(encoder)
        .map_err(|e| EncodeError::new("PNG", e))?;
    Ok(out)
}

/// A lossy WebP (libwebp) at `quality` (0–100), with its alpha channel when it has one.
/// The colour profile is not carried (that needs libwebp's mux): WebP pictures are sRGB.
pub fn webp(image: &DynamicImage, quality: f32) -> Result<Vec<u8>, EncodeError> {
    let (width, height) = (image.width(), image.height());
    let memory = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode_simple(false, quality)
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode_simple(false, quality)
    }
    .map_err(|e| EncodeError::new("WebP", format!("{e:?}")))?;
    Ok(memory.to_vec())
}

/// A lossless WebP: for pictures uploaded as lossless WebP (drawings, screenshots), which
/// lossy encoding would smear.
pub fn webp_lossless(image: &DynamicImage) -> Result<Vec<u8>, EncodeError> {
    let mut out = Cursor::new(Vec::new());
    let encoder = WebPEncoder::new_lossless(&mut out);
    let (width, height) = (image.width(), image.height());
    let result = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        encoder.write_image(
            rgba.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
    } else {
        let rgb = image.to_rgb8();
        encoder.write_image(rgb.as_raw(), width, height, image::ExtendedColorType::Rgb8)
    };
    result.map_err(|e| EncodeError::new("WebP", e))?;
    Ok(out.into_inner())
}
