//! What comes out of an upload: upright pixels in the format that came in, and nothing
//! of the EXIF (camera, GPS) that came with them.

mod common;

use common::*;
use image::GenericImageView;
use warraq_media::{UploadFormat, UploadLimits, process_upload};

#[test]
fn an_exif_rotated_jpeg_comes_out_upright_without_exif_or_gps() {
    // Stored 80 wide and 40 high; orientation 6 says "turn 90° clockwise to view".
    let stored = jpeg_of(&quarters(80, 40));
    let upload = with_segment(&stored, 0xe1, &exif_payload(6));
    assert!(contains(&upload, EXIF_SECRET) && contains(&upload, &gps_latitude_bytes()));

    let cleaned = process_upload(&upload, &UploadLimits::default()).unwrap();
    assert_eq!((cleaned.width, cleaned.height), (40, 80));
    assert_eq!(cleaned.format, UploadFormat::Jpeg);
    assert_eq!(cleaned.mime, "image/jpeg");

    let picture = image::load_from_memory(&cleaned.bytes).unwrap();
    assert_eq!(
        picture.dimensions(),
        (40, 80),
        "the file matches the reported size"
    );
    let rgb = picture.to_rgb8();
    // Turning clockwise brings the stored bottom-left (blue) to the top-left, and the
    // stored top-left (red) to the top-right.
    assert!(
        near(*rgb.get_pixel(2, 2), BLUE),
        "{:?}",
        rgb.get_pixel(2, 2)
    );
    assert!(
        near(*rgb.get_pixel(37, 2), RED),
        "{:?}",
        rgb.get_pixel(37, 2)
    );
    assert!(
        near(*rgb.get_pixel(2, 77), YELLOW),
        "{:?}",
        rgb.get_pixel(2, 77)
    );

    assert!(!contains(&cleaned.bytes, b"Exif"), "no EXIF segment");
    assert!(!contains(&cleaned.bytes, EXIF_SECRET));
    assert!(
        !contains(&cleaned.bytes, &gps_latitude_bytes()),
        "no GPS position"
    );
}

#[test]
fn an_upright_jpeg_keeps_its_size_and_loses_its_exif() {
    let upload = with_segment(&jpeg_of(&quarters(80, 40)), 0xe1, &exif_payload(1));
    let cleaned = process_upload(&upload, &UploadLimits::default()).unwrap();
    assert_eq!((cleaned.width, cleaned.height), (80, 40));
    assert!(!contains(&cleaned.bytes, EXIF_SECRET));
    let rgb = image::load_from_memory(&cleaned.bytes).unwrap().to_rgb8();
    assert!(near(*rgb.get_pixel(2, 2), RED));
}

#[test]
fn iptc_and_xmp_are_not_kept_in_the_cleaned_file() {
    let upload = with_segment(
        &with_segment(
            &jpeg_of(&quarters(64, 48)),
            0xed,
            &iptc_payload(&[(2, 120, "تعليق سري".as_bytes())]),
        ),
        0xe1,
        &xmp_payload("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">GPS 33.8938</x:xmpmeta>"),
    );
    let cleaned = process_upload(&upload, &UploadLimits::default()).unwrap();
    assert_eq!(cleaned.metadata.caption.as_deref(), Some("تعليق سري"));
    assert!(!contains(&cleaned.bytes, "تعليق سري".as_bytes()));
    assert!(!contains(&cleaned.bytes, b"Photoshop 3.0"));
    assert!(!contains(&cleaned.bytes, b"xmpmeta"));
}

#[test]
fn a_png_stays_a_lossless_png_of_the_same_pixels() {
    let original = quarters(30, 20);
    let cleaned = process_upload(&png_of(&original), &UploadLimits::default()).unwrap();
    assert_eq!(cleaned.format, UploadFormat::Png);
    assert_eq!(cleaned.mime, "image/png");
    let decoded = image::load_from_memory(&cleaned.bytes).unwrap().to_rgb8();
    assert_eq!(decoded, original);
}

#[test]
fn webp_uploads_are_taken_lossy_or_lossless_as_they_came() {
    let original = quarters(64, 48);
    let image = image::DynamicImage::ImageRgb8(original.clone());

    let lossy = warraq_media::encode::webp(&image, 80.0).unwrap();
    let cleaned = process_upload(&lossy, &UploadLimits::default()).unwrap();
    assert_eq!(
        (cleaned.format, cleaned.mime),
        (UploadFormat::WebP, "image/webp")
    );
    assert_eq!((cleaned.width, cleaned.height), (64, 48));
    let rgb = image::load_from_memory(&cleaned.bytes).unwrap().to_rgb8();
    assert!(near(*rgb.get_pixel(60, 2), GREEN));

    let lossless = warraq_media::encode::webp_lossless(&image).unwrap();
    let cleaned = process_upload(&lossless, &UploadLimits::default()).unwrap();
    assert!(contains(&cleaned.bytes, b"VP8L"), "still lossless");
    let rgb = image::load_from_memory(&cleaned.bytes).unwrap().to_rgb8();
    assert_eq!(rgb, original);
}
