//! The words a picture carries (IPTC IIM, XMP), read to prefill the media form.

mod common;

use common::*;
use warraq_media::{UploadLimits, process_upload};

const UTF8: &[u8] = b"\x1b%G";

#[test]
fn iptc_caption_credit_byline_in_arabic_utf8_are_read() {
    let upload = with_segment(
        &jpeg_of(&quarters(64, 48)),
        0xed,
        &iptc_payload(&[
            (1, 90, UTF8),
            (2, 5, "عنوان الملف".as_bytes()),
            (2, 80, "محمد سالم".as_bytes()),
            (2, 105, "احتجاجات في بيروت".as_bytes()),
            (2, 110, "رويترز".as_bytes()),
            (2, 115, "Reuters".as_bytes()),
            (2, 120, "متظاهرون يرفعون الأعلام   في ساحة الشهداء".as_bytes()),
        ]),
    );
    let metadata = process_upload(&upload, &UploadLimits::default())
        .unwrap()
        .metadata;
    assert_eq!(
        metadata.caption.as_deref(),
        Some("متظاهرون يرفعون الأعلام في ساحة الشهداء"),
        "spaces collapsed as for any stored text"
    );
    assert_eq!(metadata.credit.as_deref(), Some("رويترز"));
    assert_eq!(metadata.byline.as_deref(), Some("محمد سالم"));
    assert_eq!(metadata.headline.as_deref(), Some("احتجاجات في بيروت"));
    assert_eq!(metadata.source.as_deref(), Some("Reuters"));
}

#[test]
fn latin1_iptc_is_read_as_latin1() {
    let upload = with_segment(
        &jpeg_of(&quarters(64, 48)),
        0xed,
        &iptc_payload(&[(2, 120, b"Caf\xe9 on the Corniche"), (2, 110, b"EPA")]),
    );
    let metadata = process_upload(&upload, &UploadLimits::default())
        .unwrap()
        .metadata;
    assert_eq!(metadata.caption.as_deref(), Some("Café on the Corniche"));
    assert_eq!(metadata.credit.as_deref(), Some("EPA"));
}

#[test]
fn xmp_fills_what_iptc_leaves_empty() {
    let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 photoshop:Credit="أ.ف.ب"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">وصف من XMP</rdf:li></rdf:Alt></dc:description>
 </rdf:Description></rdf:RDF></x:xmpmeta>"#;
    let jpeg = jpeg_of(&quarters(64, 48));
    let only_xmp = with_segment(&jpeg, 0xe1, &xmp_payload(xmp));
    let metadata = process_upload(&only_xmp, &UploadLimits::default())
        .unwrap()
        .metadata;
    assert_eq!(metadata.caption.as_deref(), Some("وصف من XMP"));
    assert_eq!(metadata.credit.as_deref(), Some("أ.ف.ب"));

    let both = with_segment(
        &only_xmp,
        0xed,
        &iptc_payload(&[(1, 90, UTF8), (2, 120, "وصف من IPTC".as_bytes())]),
    );
    let metadata = process_upload(&both, &UploadLimits::default())
        .unwrap()
        .metadata;
    assert_eq!(metadata.caption.as_deref(), Some("وصف من IPTC"));
    assert_eq!(metadata.credit.as_deref(), Some("أ.ف.ب"));
}

#[test]
fn a_picture_without_words_has_empty_metadata() {
    let metadata = process_upload(&png_of(&quarters(8, 8)), &UploadLimits::default())
        .unwrap()
        .metadata;
    assert!(metadata.is_empty());
}
