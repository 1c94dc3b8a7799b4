//! Bounded decoding of an uploaded file: the header is read first and its dimensions
//! checked against the limits, and only then are the pixels decoded, with the image
//! library's own limits set as a second fence.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits};

use crate::error::UploadError;
use crate::format::UploadFormat;
use crate::limits::UploadLimits;
use crate::metadata::PictureMetadata;

/// The decoded pixels, upright, with what the file said about itself.
pub(crate) struct Decoded {
    pub image: DynamicImage,
    /// Kept: colours of wide-gamut photos would shift without it, and it says nothing about
    /// who or where.
    pub icc_profile: Option<Vec<u8>>,
    pub metadata: PictureMetadata,
}

pub(crate) fn decode(
    bytes: &[u8],
    format: UploadFormat,
    limits: &UploadLimits,
) -> Result<Decoded, UploadError> {
    let damaged = |e: ImageError| UploadError::Damaged {
        format: format.name(),
        reason: e.to_string(),
    };
    if format == UploadFormat::Jpeg {
        crate::jpeg::check_complete(bytes)?;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    // No dimension limits yet: the image library would refuse without saying the size,
    // and the editor should learn what the file declares and what is allowed.
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(limits.max_alloc());
    reader.limits(header_limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    limits.check_dimensions(format.name(), width, height)?;

    let mut pixel_limits = Limits::default();
    pixel_limits.max_image_width = Some(limits.max_side);
    pixel_limits.max_image_height = Some(limits.max_side);
    pixel_limits.max_alloc = Some(limits.max_alloc());
    decoder.set_limits(pixel_limits).map_err(damaged)?;

    // A damaged Exif block is no reason to refuse a photo: it is shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc_profile = decoder.icc_profile().ok().flatten();
    // The image library reads IPTC from JPEG's APP13; in PNG it means another layout
    // (a hex text chunk), which agencies do not send.
    let iptc = match format {
        UploadFormat::Jpeg => decoder.iptc_metadata().ok().flatten(),
        _ => None,
    };
    let xmp = decoder.xmp_metadata().ok().flatten();
    let metadata = PictureMetadata::read(iptc.as_deref(), xmp.as_deref());

    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    Ok(Decoded {
        image,
        icc_profile,
        metadata,
    })
}
