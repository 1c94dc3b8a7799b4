//! WordPress attachments as pictures: URL, caption, alt text, size and type.

use warraq_domain::IncomingMedia;
use warraq_domain::agency::{default_agencies, find_agency};
use warraq_domain::arabic::normalize_text;
use warraq_domain::media::Credit;

use super::html::html_to_text;
use super::xml::RawItem;

pub fn attachment_media(item: &RawItem) -> IncomingMedia {
    let url = first_non_empty(&[&item.attachment_url, &item.guid]).map(str::to_string);
    let caption = first_non_empty(&[&html_to_text(&item.excerpt), &html_to_text(&item.title)])
        .unwrap_or_default()
        .to_string();
    let metadata = item.meta("_wp_attachment_metadata").unwrap_or_default();
    IncomingMedia {
        mime: url.as_deref().and_then(mime_from_url).map(str::to_string),
        source_url: url,
        caption,
        alt: item
            .meta("_wp_attachment_image_alt")
            .map(normalize_text)
            .filter(|a| !a.is_empty()),
        credit: php_string(metadata, "credit").map(|c| credit(&c)),
        width: php_int(metadata, "width"),
        height: php_int(metadata, "height"),
        archive: false,
    }
}

fn first_non_empty<'a>(candidates: &[&'a str]) -> Option<&'a str> {
    candidates.iter().map(|c| c.trim()).find(|c| !c.is_empty())
}

fn credit(text: &str) -> Credit {
    match find_agency(&default_agencies(), text) {
        Some(agency) => Credit::Agency {
            code: agency.code.clone(),
        },
        None => Credit::Other {
            name: normalize_text(text),
        },
    }
}

/// The first `"key";i:N;` in PHP-serialised attachment metadata. WordPress writes the
/// original's `width` and `height` before the resized copies, so the first one is the
/// original's.
fn php_int(serialized: &str, key: &str) -> Option<u32> {
    let marker = format!("s:{}:\"{key}\";i:", key.len());
    let start = serialized.find(&marker)? + marker.len();
    let digits: String = serialized[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The first `"key";s:LEN:"value";` string value, when not empty. LEN counts bytes.
fn php_string(serialized: &str, key: &str) -> Option<String> {
    let marker = format!("s:{}:\"{key}\";s:", key.len());
    let start = serialized.find(&marker)? + marker.len();
    let rest = &serialized[start..];
    let colon = rest.find(':')?;
    let len: usize = rest[..colon].parse().ok()?;
    let value = rest.get(colon + 2..colon + 2 + len)?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn mime_from_url(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_metadata_gives_size_and_credit() {
        let meta = r#"a:3:{s:5:"width";i:1200;s:6:"height";i:675;s:10:"image_meta";a:1:{s:6:"credit";s:12:"رويترز";}}"#;
        assert_eq!(php_int(meta, "width"), Some(1200));
        assert_eq!(php_int(meta, "height"), Some(675));
        assert_eq!(php_string(meta, "credit").as_deref(), Some("رويترز"));
        assert_eq!(php_string(r#"s:6:"credit";s:0:"";"#, "credit"), None);
        assert_eq!(php_string(r#"s:6:"credit";s:99:"قصير";"#, "credit"), None);
    }

    #[test]
    fn attachments_become_pictures_with_url_caption_alt_and_type() {
        let item = RawItem {
            title: "صورة &amp; تعليق".into(),
            attachment_url: "https://x.test/a.JPG".into(),
            meta: vec![("_wp_attachment_image_alt".into(), " وصف ".into())],
            ..RawItem::default()
        };
        let media = attachment_media(&item);
        assert_eq!(media.source_url.as_deref(), Some("https://x.test/a.JPG"));
        assert_eq!(media.caption, "صورة & تعليق");
        assert_eq!(media.alt.as_deref(), Some("وصف"));
        assert_eq!(media.mime.as_deref(), Some("image/jpeg"));
        assert_eq!(media.credit, None);
    }
}
