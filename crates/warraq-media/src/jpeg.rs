//! A JPEG's segment structure, walked to its end marker. The JPEG decoder is lenient: a
//! file cut off inside its compressed data decodes "successfully", the missing part grey.
//! An upload cut short (a dropped connection, a half-copied file) must be refused instead
//! of published with a grey band, so the file must reach its EOI marker.

use crate::error::UploadError;

const SOS: u8 = 0xda;
const EOI: u8 = 0xd9;

pub(crate) fn check_complete(bytes: &[u8]) -> Result<(), UploadError> {
    let damaged = |reason: &str| UploadError::Damaged {
        format: "JPEG",
        reason: reason.to_string(),
    };
    let truncated = || damaged("the file ends before the picture does (it was cut short)");
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return Err(damaged("no start-of-image marker"));
    }
    let mut at = 2;
    loop {
        if *bytes.get(at).ok_or_else(truncated)? != 0xff {
            return Err(damaged(&format!("no segment marker at byte {at}")));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(at) == Some(&0xff) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or_else(truncated)?;
        at += 1;
        match marker {
            EOI => return Ok(()),
            // Restart markers and TEM stand alone, without a length.
            0xd0..=0xd7 | 0x01 => continue,
            _ => {}
        }
        let length = bytes.get(at..at + 2).ok_or_else(truncated)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 {
            return Err(damaged(&format!(
                "a segment length of {length} at byte {at}"
            )));
        }
        at += length;
        if at > bytes.len() {
            return Err(truncated());
        }
        if marker == SOS {
            at = end_of_scan(bytes, at).ok_or_else(truncated)?;
        }
    }
}

/// Where the compressed data that starts at `from` ends: the next marker other than a
/// stuffed zero (`FF 00`) or a restart marker, or `None` when the file ends first.
fn end_of_scan(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += bytes.get(at..)?.iter().position(|&b| b == 0xff)?;
        match *bytes.get(at + 1)? {
            0x00 | 0xd0..=0xd7 | 0xff => at += 1,
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg() -> Vec<u8> {
        let image =
            image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&image)
            .unwrap();
        out
    }

    #[test]
    fn a_whole_jpeg_passes_and_every_cut_is_refused() {
        let whole = jpeg();
        assert!(check_complete(&whole).is_ok());
        for cut in 0..whole.len() {
            assert!(check_complete(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn fill_bytes_and_trailing_data_after_the_end_are_fine() {
        let mut with_fill = jpeg();
        let eoi = with_fill.len() - 2;
        with_fill.splice(eoi..eoi, [0xff, 0xff]);
        with_fill.extend_from_slice(b"trailing bytes some cameras add");
        assert!(check_complete(&with_fill).is_ok());
    }
}
