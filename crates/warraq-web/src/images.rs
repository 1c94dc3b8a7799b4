//! Resized JPEG renditions of stored pictures, made on first request and kept in memory.
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
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Largest picture we agree to decode, in pixels per side.
const MAX_SIDE: u32 = 12_000;
/// Most memory one decode may take.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;
/// Memory given to cached renditions.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum ResizeError {
    #[error("unrecognised picture format: {0}")]
    Format(String),
    #[error("picture could not be decoded: {0}")]
    Decode(String),
    #[error("rendition could not be encoded: {0}")]
    Encode(String),
}

/// A JPEG rendition with its entity tag.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub bytes: Bytes,
    pub etag: String,
    pub width: u32,
}

/// Decodes `original` within limits, applies its EXIF orientation, and encodes a JPEG no
/// wider than `width` (never wider than the original: pictures are not enlarged).
pub fn resize_to_jpeg(original: &[u8], width: u32) -> Result<Rendition, ResizeError> {
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
    let rgb = resized.to_rgb8();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| ResizeError::Encode(e.to_string()))?;
    let etag = entity_tag(&out);
    Ok(Rendition {
        bytes: Bytes::from(out),
        etag,
        width: rgb.width(),
    })
}

/// A strong entity tag from the content.
pub fn entity_tag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

#[derive(Debug, Default)]
struct Renditions {
    by_key: HashMap<(String, u32), Rendition>,
    order: VecDeque<(String, u32)>,
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
    pub fn get(&self, blob_key: &str, width: u32) -> Option<Rendition> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.by_key.get(&(blob_key.to_string(), width)).cloned()
    }

    /// Keeps a rendition made from bytes read by a request that started at log position
    /// `observed`, unless some blob changed since.
    pub fn put(&self, blob_key: &str, width: u32, rendition: Rendition, observed: i64) {
        let size = rendition.bytes.len();
        if size > CACHE_BYTES / 8 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let key = (blob_key.to_string(), width);
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
        by_key.retain(|(key, _), rendition| {
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
