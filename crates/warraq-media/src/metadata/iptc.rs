//! IPTC IIM (the "IPTC core" fields agencies write into every photo) from a JPEG's APP13
//! segment: Photoshop image resources, of which resource 0x0404 holds the IIM datasets.
//!
//! Every length is read from untrusted bytes, so every slice is checked; a malformed
//! block ends the reading with what was found so far, never a panic.

use super::PictureMetadata;

/// Photoshop image resource holding IPTC-NAA (IIM) records.
const IPTC_NAA_RESOURCE: u16 = 0x0404;
/// IIM dataset marker.
const TAG_MARKER: u8 = 0x1c;
/// 1:90 Coded Character Set value meaning UTF-8 (ISO 2022 `ESC % G`).
const UTF8_CHARSET: &[u8] = b"\x1b%G";

/// Reads the fields we use from the APP13 payload after `Photoshop 3.0\0` (what the
/// image library hands over as "IPTC metadata").
pub fn read(photoshop_resources: &[u8]) -> PictureMetadata {
    iim_records(photoshop_resources)
        .map(read_iim)
        .unwrap_or_default()
}

/// The data of the first IPTC-NAA resource among Photoshop `8BIM` resource blocks.
fn iim_records(mut blocks: &[u8]) -> Option<&[u8]> {
    while blocks.len() >= 4 && &blocks[..4] == b"8BIM" {
        let id = u16::from_be_bytes([*blocks.get(4)?, *blocks.get(5)?]);
        // The name is a Pascal string padded so that length byte and text are even.
        let name_len = usize::from(*blocks.get(6)?);
        let name_field = (1 + name_len).next_multiple_of(2);
        let size_at = 6 + name_field;
        let size_bytes = blocks.get(size_at..size_at + 4)?;
        let size = usize::try_from(u32::from_be_bytes(size_bytes.try_into().ok()?)).ok()?;
        let data_at = size_at + 4;
        let data = blocks.get(data_at..data_at.checked_add(size)?)?;
        if id == IPTC_NAA_RESOURCE {
            return Some(data);
        }
        // Resource data is padded to an even length as well.
        blocks = blocks.get(data_at + size.next_multiple_of(2)..)?;
    }
    None
}

/// One IIM dataset: record, dataset number, value.
struct Dataset<'a> {
    record: u8,
    number: u8,
    value: &'a [u8],
}

fn datasets(mut records: &[u8]) -> impl Iterator<Item = Dataset<'_>> {
    std::iter::from_fn(move || {
        let [marker, record, number, len_hi, len_lo, rest @ ..] = records else {
            return None;
        };
        if *marker != TAG_MARKER {
            return None;
        }
        // A set high bit announces an "extended" length (for values over 32 KiB); no
        // caption or credit is that long, so such a dataset ends the reading.
        if len_hi & 0x80 != 0 {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([*len_hi, *len_lo]));
        let value = rest.get(..len)?;
        let dataset = Dataset {
            record: *record,
            number: *number,
            value,
        };
        records = &rest[len..];
        Some(dataset)
    })
}

fn read_iim(records: &[u8]) -> PictureMetadata {
    let declared_utf8 = datasets(records)
        .any(|d| (d.record, d.number) == (1, 90) && d.value.starts_with(UTF8_CHARSET));
    let mut found = PictureMetadata::default();
    for dataset in datasets(records).filter(|d| d.record == 2) {
        let slot = match dataset.number {
            120 => &mut found.caption,
            110 => &mut found.credit,
            80 => &mut found.byline,
            115 => &mut found.source,
            105 => &mut found.headline,
            _ => continue,
        };
        // Repeatable fields (several bylines): the first one is kept.
        if slot.is_none() {
            *slot = super::clean(&decode_text(dataset.value, declared_utf8));
        }
    }
    found
}

/// IIM text is Latin-1 unless 1:90 declares UTF-8. Many tools write UTF-8 without saying
/// so (Arabic captions would be lost otherwise); a byte string that is valid UTF-8 with
/// non-ASCII characters is practically never meant as Latin-1, so it is read as UTF-8.
fn decode_text(value: &[u8], declared_utf8: bool) -> String {
    match std::str::from_utf8(value) {
        Ok(text) => text.to_string(),
        Err(_) if declared_utf8 => String::from_utf8_lossy(value).into_owned(),
        Err(_) => value.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Builds IIM records wrapped in a Photoshop resource block, for tests here and in the
/// crate's integration tests (which write their test pictures themselves).
#[doc(hidden)]
pub fn photoshop_iim_block(fields: &[(u8, u8, &[u8])]) -> Vec<u8> {
    let mut iim = Vec::new();
    for (record, number, value) in fields {
        iim.extend_from_slice(&[TAG_MARKER, *record, *number]);
        let len = u16::try_from(value.len()).unwrap_or(u16::MAX);
        iim.extend_from_slice(&len.to_be_bytes());
        iim.extend_from_slice(&value[..usize::from(len)]);
    }
    let mut block = b"8BIM".to_vec();
    block.extend_from_slice(&IPTC_NAA_RESOURCE.to_be_bytes());
    block.extend_from_slice(&[0, 0]); // empty name, padded to even
    let size = u32::try_from(iim.len()).unwrap_or(u32::MAX);
    block.extend_from_slice(&size.to_be_bytes());
    block.extend_from_slice(&iim);
    if iim.len() % 2 == 1 {
        block.push(0);
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_declared_by_1_90_is_read_as_utf8() {
        let block = photoshop_iim_block(&[
            (1, 90, UTF8_CHARSET),
            (2, 120, "متظاهرون في الساحة".as_bytes()),
            (2, 110, "رويترز".as_bytes()),
        ]);
        let found = read(&block);
        assert_eq!(found.caption.as_deref(), Some("متظاهرون في الساحة"));
        assert_eq!(found.credit.as_deref(), Some("رويترز"));
    }

    #[test]
    fn undeclared_text_that_is_not_utf8_is_latin1() {
        let block = photoshop_iim_block(&[(2, 120, b"Caf\xe9 in Beirut"), (2, 80, b"J. Doe")]);
        let found = read(&block);
        assert_eq!(found.caption.as_deref(), Some("Café in Beirut"));
        assert_eq!(found.byline.as_deref(), Some("J. Doe"));
    }

    #[test]
    fn resources_before_the_iptc_block_are_skipped() {
        // A resolution-info resource (0x03ED) with an odd-length name, then IPTC.
        let mut blocks = b"8BIM\x03\xed\x03abc\x00\x00\x00\x03xyz\x00".to_vec();
        blocks.extend(photoshop_iim_block(&[(2, 105, b"Headline")]));
        assert_eq!(read(&blocks).headline.as_deref(), Some("Headline"));
    }

    #[test]
    fn lengths_beyond_the_data_end_the_reading_without_panicking() {
        let mut block = photoshop_iim_block(&[(2, 120, b"caption"), (2, 110, b"credit")]);
        let cut = block.len() - 4;
        block.truncate(cut);
        assert_eq!(read(&block), PictureMetadata::default());
        assert_eq!(read(b"8BIM\x04\x04\xff"), PictureMetadata::default());
        assert_eq!(read(b"\x1c\x02\x78\xff\xff"), PictureMetadata::default());
        // The IIM data itself cut short: what came before the cut is kept.
        let mut iim = photoshop_iim_block(&[(2, 120, b"caption")]);
        iim.extend_from_slice(b"\x1c\x02\x6e\x00\x40short");
        let size_at = 8;
        let size = u32::try_from(iim.len() - 12).unwrap();
        iim[size_at..size_at + 4].copy_from_slice(&size.to_be_bytes());
        assert_eq!(read(&iim).caption.as_deref(), Some("caption"));
    }
}
