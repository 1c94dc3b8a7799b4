//! Files the media library refuses, each with an error that says why and maps to the
//! right HTTP status.

mod common;

use common::*;
use warraq_media::{UploadError, UploadErrorKind, UploadLimits, process_upload};

fn refuse(bytes: &[u8]) -> UploadError {
    process_upload(bytes, &UploadLimits::default())
        .map(|p| p.format)
        .expect_err("refused")
}

#[test]
fn a_text_file_is_not_an_image_whatever_its_name() {
    let error = refuse("<html>خبر عاجل</html>".as_bytes());
    assert_eq!(error.to_string(), "not a JPEG, PNG or WebP image");
    assert_eq!(error.kind(), UploadErrorKind::NotAnImage);
    assert_eq!(error.http_status(), 415);
    assert_eq!(refuse(b"").http_status(), 415);
}

#[test]
fn a_gif_is_refused_and_named() {
    let error = refuse(GIF);
    assert_eq!(
        error.to_string(),
        "not a JPEG, PNG or WebP image (it looks like a GIF)"
    );
    assert_eq!(error.http_status(), 415);
    assert!(!error.message_ar().is_empty());
}

#[test]
fn a_truncated_jpeg_is_a_bad_image_not_a_grey_band() {
    let whole = jpeg_of(&quarters(320, 240));
    for cut in [whole.len() - 1, whole.len() * 3 / 4, whole.len() / 2, 40, 3] {
        let error = refuse(&whole[..cut]);
        assert_eq!(
            error.kind(),
            UploadErrorKind::BadImage,
            "cut at {cut}: {error}"
        );
        assert_eq!(error.http_status(), 422);
        assert!(
            error
                .to_string()
                .starts_with("the JPEG image could not be read"),
            "{error}"
        );
    }
}

#[test]
fn a_truncated_png_is_a_bad_image() {
    let whole = png_of(&quarters(320, 240));
    let error = refuse(&whole[..whole.len() / 2]);
    assert_eq!(error.http_status(), 422, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("the PNG image could not be read"),
        "{error}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_looking_at_it() {
    let limits = UploadLimits {
        max_bytes: 1000,
        ..UploadLimits::default()
    };
    let error = process_upload(&vec![0u8; 1001], &limits).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the file is 1001 bytes, more than the 1000 bytes allowed"
    );
    assert_eq!(error.http_status(), 413);
}

#[test]
fn the_default_limits_are_20_mib_40_megapixels_and_12000_pixels_a_side() {
    let limits = UploadLimits::default();
    assert_eq!(limits.max_bytes, 20 * 1024 * 1024);
    assert_eq!(limits.max_pixels, 40_000_000);
    assert_eq!(limits.max_side, 12_000);
}
