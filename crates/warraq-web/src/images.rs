//! Resized renditions of stored pictures, in JPEG and in WebP, made on first request and
//! kept in memory.
//!
//! Decoding untrusted files is bounded (size and allocation limits) and runs on the
//! blocking pool so a large photo never stalls the async workers. Renditions are keyed by
//! the blob key, so a media record pointed at a new file gets new renditions; new bytes
//! under the same key are a `blob` entry in the change log, and the follower drops that
//! key's renditions.

use std::collections::{HashMap, VecDeque};
use std::io::Cursor;
use std::sync::Mutex;

use axum::body::Bytes;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use sha2::{Digest, Sha256};
use thiserror::Error;
use warraq_media::encode;

/// Largest picture we agree to decode, in pixels per side.
const MAX_SIDE: u32 = 12_000;
/// Most memory one decode may take.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;
/// Lossy WebP (libwebp) at the quality whose PSNR matches JPEG at 82 on photographs.
/// Measured with `cargo run --release -p warraq-media --example webp_vs_jpeg` (mean bytes
/// per picture, PSNR against the resized picture before encoding):
///
/// | width | 2 photos (4000 px): JPEG q82 → WebP q90 | 38 demo pictures: JPEG q82 → WebP q90 |
/// | --- | --- | --- |
/// | 320 | 9.0 KB, 41.0 dB → 6.6 KB, 41.3 dB (−27 %) | 4.6 KB → 1.8 KB (−61 %) |
/// | 640 | 26.2 KB, 43.1 dB → 18.3 KB, 43.0 dB (−30 %) | 12.2 KB → 4.2 KB (−66 %) |
/// | 1200 | 75.5 KB, 44.2 dB → 51.4 KB, 43.9 dB (−32 %) | 34.3 KB → 10.3 KB (−70 %) |
/// | 1600 | 125.8 KB, 44.1 dB → 90.5 KB, 43.9 dB (−28 %) | 56.0 KB → 16.6 KB (−70 %) |
///
/// The demo's smooth drawings stay above 47 dB in WebP (JPEG: 48–51 dB), invisible
/// either way. Lossless WebP (the `image` crate's only kind) is larger than the JPEG for
/// photographs, so it is not used.
const WEBP_QUALITY: f32 = 90.0;
/// Memory given to cached renditions.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// The encodings renditions are served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenditionFormat {
    /// Every browser and crawler; the addresses without a suffix.
    Jpeg,
    /// Smaller at the same quality; `….webp` addresses, offered in a `<source>`.
    WebP,
}

impl RenditionFormat {
    pub fn mime(self) -> &'static str {
        match self {
            RenditionFormat::Jpeg => "image/jpeg",
            RenditionFormat::WebP => "image/webp",
        }
    }

    /// What follows the width in the address: nothing for JPEG (the addresses that
    /// already exist), `.webp` for WebP.
    pub fn suffix(self) -> &'static str {
        match self {
            RenditionFormat::Jpeg => "",
            RenditionFormat::WebP => ".webp",
        }
    }
}

#[derive(Debug, Error)]
pub enum ResizeError {
    #[error("unrecognised picture format: {0}")]
    Format(String),
    #[error("picture could not be decoded: {0}")]
    Decode(String),
    #[error("rendition could not be encoded: {0}")]
    Encode(String),
}

/// A rendition with its entity tag.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub bytes: Bytes,
    pub etag: String,
    pub width: u32,
}

/// Decodes `original` within limits, applies its EXIF orientation, and encodes a JPEG no
/// wider than `width` (never wider than the original: pictures are not enlarged).
#[allow(
    dead_code,
    reason = "the newsroom's media library previews call it; that module is not wired in yet"
)]
pub fn resize_to_jpeg(original: &[u8], width: u32) -> Result<Rendition, ResizeError> {
    resize(original, width, RenditionFormat::Jpeg)
}

/// Decodes `original` within limits, applies its EXIF orientation, and encodes it in
/// `format` no wider than `width` (never wider than the original: pictures are not
/// enlarged). A WebP rendition keeps the original's transparency; a JPEG cannot.
pub fn resize(
    original: &[u8],
    width: u32,
    format: RenditionFormat,
) -> Result<Rendition, ResizeError> {
    let mut reader = ImageReader::new(Cursor::new(original))
        .with_guessed_format()
        .map_err(|e| ResizeError::Format(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| ResizeError::Format(e.to_string()))?;
    let orientation = decoder
        .orientation()
        .map_err(|e| ResizeError::Decode(e.to_string()))?;
    let mut picture =
        DynamicImage::from_decoder(decoder).map_err(|e| ResizeError::Decode(e.to_string()))?;
    picture.apply_orientation(orientation);

    let target = width.min(picture.width()).max(1);
    let resized = if target == picture.width() {
        picture
    } else {
        let height =
            crate::views::picture::scaled_height(picture.width(), picture.height(), target);
        picture.resize_exact(target, height, FilterType::CatmullRom)
    };
    let out = match format {
        RenditionFormat::Jpeg => encode::jpeg(&resized, JPEG_QUALITY, None),
        RenditionFormat::WebP => encode::webp(&resized, WEBP_QUALITY),
    }
    .map_err(|e| ResizeError::Encode(e.to_string()))?;
    let etag = entity_tag(&out);
    Ok(Rendition {
        bytes: Bytes::from(out),
        etag,
        width: resized.width(),
    })
}

/// A strong entity tag from the content.
pub fn entity_tag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Blob key, width, format.
type RenditionKey = (String, u32, RenditionFormat);

#[derive(Debug, Default)]
struct Renditions {
    by_key: HashMap<RenditionKey, Rendition>,
    order: VecDeque<RenditionKey>,
    bytes: usize,
    /// The log position of the latest invalidation: a rendition made from bytes read by a
    /// request that started before it may be of the old bytes and is not kept.
    invalidated_at: i64,
}

/// Renditions in memory, bounded by total size; the oldest made go first.
#[derive(Debug, Default)]
pub struct RenditionCache {
    inner: Mutex<Renditions>,
}

impl RenditionCache {
    /// The JPEG rendition, if kept.
    pub fn get(&self, blob_key: &str, width: u32) -> Option<Rendition> {
        self.get_in(blob_key, width, RenditionFormat::Jpeg)
    }

    pub fn get_in(&self, blob_key: &str, width: u32, format: RenditionFormat) -> Option<Rendition> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner
            .by_key
            .get(&(blob_key.to_string(), width, format))
            .cloned()
    }

    /// Keeps a JPEG rendition; see [`RenditionCache::put_in`].
    pub fn put(&self, blob_key: &str, width: u32, rendition: Rendition, observed: i64) {
        self.put_in(blob_key, width, RenditionFormat::Jpeg, rendition, observed);
    }

    /// Keeps a rendition made from bytes read by a request that started at log position
    /// `observed`, unless some blob changed since.
    pub fn put_in(
        &self,
        blob_key: &str,
        width: u32,
        format: RenditionFormat,
        rendition: Rendition,
        observed: i64,
    ) {
        let size = rendition.bytes.len();
        if size > CACHE_BYTES / 8 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let key = (blob_key.to_string(), width, format);
        if observed < inner.invalidated_at || inner.by_key.contains_key(&key) {
            return;
        }
        while inner.bytes + size > CACHE_BYTES {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.by_key.remove(&oldest) {
                inner.bytes -= old.bytes.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.by_key.insert(key, rendition);
    }

    /// Drops every rendition of the given blobs (their bytes changed) as of log position
    /// `at`.
    pub fn invalidate<'a>(&self, blob_keys: impl IntoIterator<Item = &'a str>, at: i64) {
        let keys: std::collections::HashSet<&str> = blob_keys.into_iter().collect();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.invalidated_at = inner.invalidated_at.max(at);
        if keys.is_empty() {
            return;
        }
        let Renditions {
            by_key,
            order,
            bytes,
            ..
        } = &mut *inner;
        by_key.retain(|(key, _, _), rendition| {
            let keep = !keys.contains(key.as_str());
            if !keep {
                *bytes -= rendition.bytes.len();
            }
            keep
        });
        order.retain(|key| by_key.contains_key(key));
    }

    /// Drops every rendition as of log position `at`.
    pub fn clear(&self, at: i64) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.by_key.clear();
        inner.order.clear();
        inner.bytes = 0;
        inner.invalidated_at = inner.invalidated_at.max(at);
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.by_key.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use image::{ImageFormat, RgbImage};

    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn renditions_are_jpegs_of_the_requested_width_with_the_same_aspect() {
        let rendition = resize_to_jpeg(&png(800, 400), 320).unwrap();
        let decoded = image::load_from_memory(&rendition.bytes).unwrap();
        assert_eq!(
            image::guess_format(&rendition.bytes).unwrap(),
            ImageFormat::Jpeg
        );
        assert_eq!((decoded.width(), decoded.height()), (320, 160));
    }

    #[test]
    fn webp_renditions_are_lossy_webps_of_the_requested_width() {
        let rendition = resize(&png(800, 400), 320, RenditionFormat::WebP).unwrap();
        assert_eq!(
            image::guess_format(&rendition.bytes).unwrap(),
            ImageFormat::WebP
        );
        assert_eq!(&rendition.bytes[12..16], b"VP8 ", "the lossy bitstream");
        let decoded = image::load_from_memory(&rendition.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (320, 160));
    }

    #[test]
    fn each_format_is_kept_apart_and_new_bytes_drop_both() {
        let cache = RenditionCache::default();
        let jpeg = resize(&png(64, 32), 32, RenditionFormat::Jpeg).unwrap();
        let webp = resize(&png(64, 32), 32, RenditionFormat::WebP).unwrap();
        cache.put("a.jpg", 320, jpeg.clone(), 0);
        cache.put_in("a.jpg", 320, RenditionFormat::WebP, webp.clone(), 0);
        assert_eq!(cache.get("a.jpg", 320).unwrap().etag, jpeg.etag);
        assert_eq!(
            cache
                .get_in("a.jpg", 320, RenditionFormat::WebP)
                .unwrap()
                .etag,
            webp.etag
        );
        assert_ne!(jpeg.etag, webp.etag);
        cache.invalidate(["a.jpg"], 1);
        assert!(cache.is_empty());
    }

    #[test]
    fn pictures_are_never_enlarged() {
        let rendition = resize_to_jpeg(&png(300, 200), 640).unwrap();
        assert_eq!(rendition.width, 300);
    }

    #[test]
    fn new_bytes_drop_the_renditions_of_their_key_only() {
        let cache = RenditionCache::default();
        let rendition = resize_to_jpeg(&png(64, 32), 32).unwrap();
        cache.put("a.jpg", 320, rendition.clone(), 0);
        cache.put("a.jpg", 640, rendition.clone(), 0);
        cache.put("b.jpg", 320, rendition.clone(), 0);
        cache.invalidate(["a.jpg"], 4);
        assert!(cache.get("a.jpg", 320).is_none() && cache.get("a.jpg", 640).is_none());
        assert!(cache.get("b.jpg", 320).is_some());
        assert_eq!(cache.inner.lock().unwrap().bytes, rendition.bytes.len());
        // Made from bytes read before the change: possibly the old ones.
        cache.put("a.jpg", 320, rendition.clone(), 3);
        assert!(cache.get("a.jpg", 320).is_none());
        cache.put("a.jpg", 320, rendition, 4);
        assert!(cache.get("a.jpg", 320).is_some());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(resize_to_jpeg(b"not a picture at all", 320).is_err());
    }
}
