//! Test pictures, written by the tests themselves: JPEGs with EXIF, IPTC or XMP segments
//! spliced in, a PNG declaring more pixels than it holds, a GIF.

#![allow(dead_code)]

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

pub const RED: Rgb<u8> = Rgb([220, 20, 20]);
pub const GREEN: Rgb<u8> = Rgb([20, 200, 40]);
pub const BLUE: Rgb<u8> = Rgb([20, 40, 220]);
pub const YELLOW: Rgb<u8> = Rgb([230, 220, 30]);

/// A picture in four coloured quarters: red top-left, green top-right, blue bottom-left,
/// yellow bottom-right; flat areas survive JPEG well enough to tell the corners apart.
pub fn quarters(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        match (x < width / 2, y < height / 2) {
            (true, true) => RED,
            (false, true) => GREEN,
            (true, false) => BLUE,
            (false, false) => YELLOW,
        }
    })
}

pub fn jpeg_of(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(image)
        .expect("encode test JPEG");
    out
}

pub fn png_of(image: &RgbImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image.clone())
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode test PNG");
    out.into_inner()
}

/// `jpeg` with a marker segment (`0xE1` APP1, `0xED` APP13) inserted right after SOI, where
/// cameras put their EXIF.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], b"\xff\xd8", "a JPEG starts with SOI");
    let len = u16::try_from(payload.len() + 2).expect("segment fits");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A text that must not survive cleaning: it sits in the EXIF image description.
pub const EXIF_SECRET: &[u8] = b"SECRET-CAMERA-SERIAL-4711";
/// The GPS latitude reference and value the EXIF carries (big-endian rationals).
pub const GPS_LATITUDE: [u32; 6] = [33, 1, 53, 1, 4273, 100];

/// An APP1 EXIF payload (big-endian TIFF) with the orientation, an image description and a
/// GPS IFD with a latitude.
pub fn exif_payload(orientation: u16) -> Vec<u8> {
    // Layout (offsets from the TIFF header): IFD0 at 8 with 3 entries (2 + 3*12 + 4 = 42
    // bytes), then the description, then the GPS IFD with 2 entries, then the rationals.
    let ifd0_at = 8u32;
    let description_at = ifd0_at + 2 + 3 * 12 + 4;
    let description_len = u32::try_from(EXIF_SECRET.len() + 1).unwrap();
    let gps_at = description_at + description_len.next_multiple_of(2);
    let rationals_at = gps_at + 2 + 2 * 12 + 4;

    let mut tiff = b"MM\x00\x2a".to_vec();
    tiff.extend_from_slice(&ifd0_at.to_be_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value);
    };
    tiff.extend_from_slice(&3u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(
        &mut tiff,
        0x010e,
        2,
        description_len,
        description_at.to_be_bytes(),
    ); // ImageDescription
    entry(&mut tiff, 0x0112, 3, 1, [o[0], o[1], 0, 0]); // Orientation, SHORT
    entry(&mut tiff, 0x8825, 4, 1, gps_at.to_be_bytes()); // GPS IFD pointer
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(EXIF_SECRET);
    tiff.push(0);
    while tiff.len() < gps_at as usize {
        tiff.push(0);
    }
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    entry(&mut tiff, 0x0002, 5, 3, rationals_at.to_be_bytes()); // GPSLatitude
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for part in GPS_LATITUDE {
        tiff.extend_from_slice(&part.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    payload
}

/// The GPS latitude as it sits in the file, to look for in the cleaned one.
pub fn gps_latitude_bytes() -> Vec<u8> {
    GPS_LATITUDE.iter().flat_map(|p| p.to_be_bytes()).collect()
}

/// An APP13 payload with IPTC IIM datasets `(record, number, value)`.
pub fn iptc_payload(fields: &[(u8, u8, &[u8])]) -> Vec<u8> {
    let mut payload = b"Photoshop 3.0\0".to_vec();
    payload.extend(warraq_media::metadata::iptc::photoshop_iim_block(fields));
    payload
}

/// An APP1 XMP payload.
pub fn xmp_payload(packet: &str) -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(packet.as_bytes());
    payload
}

/// A PNG of a few dozen bytes that declares `width`×`height` pixels: a signature, the
/// header chunk and an empty compressed stream. Decoding it would try to allocate
/// width × height × 3 bytes.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    // zlib header, one final stored block of length 0, Adler-32 of nothing.
    let idat = [
        0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ];
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    png
}

/// `jpeg` with the frame header's height and width replaced: a real JPEG's few bytes of
/// pixel data claiming to be a giant.
pub fn jpeg_declaring(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = out
        .windows(2)
        .position(|w| w == [0xff, 0xc0])
        .expect("a baseline frame header");
    // FFC0, length (2), precision (1), height (2), width (2).
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// The smallest GIF: one white pixel.
pub const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00\
\x21\xf9\x04\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Whether `haystack` contains `needle` anywhere.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The colour at `(x, y)` is close to `expected` (JPEG shifts colours a little).
pub fn near(actual: Rgb<u8>, expected: Rgb<u8>) -> bool {
    actual
        .0
        .iter()
        .zip(expected.0)
        .all(|(a, e)| a.abs_diff(e) <= 40)
}
