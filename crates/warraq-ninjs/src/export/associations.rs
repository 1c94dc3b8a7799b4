//! The `associations` of an exported article: its hero picture, the pictures of its body,
//! its authors' photos, and its related stories (each with its thumbnail as a nested
//! association).

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use warraq_domain::arabic::normalize_text;
use warraq_domain::{
    Block, Credit, ExternalRelated, Media, ResolvedArticle, ResolvedRelated, urls,
};

use super::{ExportContext, text_entries};

/// Genre marking an archive photo (`أرشيفية`): IPTC genre NewsCode `Archive_material`.
pub const ARCHIVE_GENRE_URI: &str = "http://cv.iptc.org/newscodes/genre/Archive_material";
pub const ARCHIVE_GENRE_LITERAL: &str = "archive";
const ARCHIVE_GENRE_NAME: &str = "أرشيفية";
/// `rel` of the picture association that is an author's photo; its `people` name whose.
pub const AUTHOR_PHOTO_REL: &str = "author-photo";

pub fn associations(article: &ResolvedArticle, ctx: &ExportContext, base: &str) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(hero) = &article.hero {
        out.push(picture(hero, "hero", "hero", None, None, ctx, base));
    }
    let mut inline = 0;
    for block in &article.article.body {
        let Block::Image {
            media_id,
            caption,
            credit,
        } = block
        else {
            continue;
        };
        let Some(media) = article.body_media.iter().find(|m| m.id == *media_id) else {
            continue;
        };
        inline += 1;
        let name = format!("inline-{inline}");
        out.push(picture(
            media,
            &name,
            "inline",
            caption.as_deref(),
            credit.as_ref(),
            ctx,
            base,
        ));
    }
    // ninjs `people` take no picture, so an author's photo is a picture association
    // related as `author-photo` that names its person (`people`, rel `depicted`).
    let mut portraits = 0;
    for person in &article.authors {
        let Some(photo) = person
            .photo
            .and_then(|id| article.author_photos.iter().find(|m| m.id == id))
        else {
            continue;
        };
        portraits += 1;
        let mut item = picture(
            photo,
            &format!("author-photo-{portraits}"),
            AUTHOR_PHOTO_REL,
            None,
            None,
            ctx,
            base,
        );
        if let Some(map) = item.as_object_mut() {
            map.insert(
                "people".into(),
                json!([{"name": person.name, "rel": "depicted", "literal": person.slug}]),
            );
        }
        out.push(item);
    }
    for (index, related) in article.related.iter().enumerate() {
        let name = format!("related-{}", index + 1);
        out.push(match related {
            ResolvedRelated::Article {
                article,
                section,
                thumbnail,
                bureau,
            } => {
                let mut item = text_item(&name, format!("{base}{}", urls::article_path(article)));
                item.insert(
                    "headlines".into(),
                    text_entries(&[("main", &article.headline)]),
                );
                insert_summary(&mut item, &article.summary());
                let section_uri = format!("{base}{}", urls::section_path(section));
                item.insert(
                    "subjects".into(),
                    json!([{"name": section.name, "rel": "section", "uri": section_uri}]),
                );
                if let Some(at) = article.published_at {
                    item.insert("firstCreated".into(), json!(super::rfc3339(at)));
                }
                if let Some(bureau) = bureau {
                    item.insert("located".into(), json!(bureau.city));
                }
                if let Some(thumb) = thumbnail {
                    let nested = picture(thumb, "thumbnail", "thumbnail", None, None, ctx, base);
                    item.insert("associations".into(), json!([nested]));
                }
                Value::Object(item)
            }
            ResolvedRelated::External(external) => {
                Value::Object(external_item(&name, external, ctx))
            }
        });
    }
    out
}

fn text_item(name: &str, uri: String) -> Map<String, Value> {
    let mut item = Map::new();
    item.insert("name".into(), json!(name));
    item.insert("rel".into(), json!("related"));
    item.insert("type".into(), json!("text"));
    item.insert("uri".into(), json!(uri));
    item
}

fn insert_summary(item: &mut Map<String, Value>, summary: &str) {
    if !summary.trim().is_empty() {
        item.insert("descriptions".into(), text_entries(&[("summary", summary)]));
    }
}

/// A story we do not hold. Its `uri` is its address when it has an absolute one, else a
/// URN made from its title, stable across exports so consumers can recognise it.
fn external_item(
    name: &str,
    external: &ExternalRelated,
    ctx: &ExportContext,
) -> Map<String, Value> {
    let uri = match external.url.as_deref().map(str::trim) {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => url.to_string(),
        _ => title_urn("related", &external.title),
    };
    let mut item = text_item(name, uri);
    item.insert(
        "headlines".into(),
        text_entries(&[("main", &external.title)]),
    );
    insert_summary(&mut item, external.lede.as_deref().unwrap_or(""));
    if let Some(section) = &external.section {
        item.insert(
            "subjects".into(),
            json!([{"name": section, "rel": "section"}]),
        );
    }
    if let Some(outlet) = &external.outlet {
        item.insert("by".into(), json!(outlet));
    }
    if let Some(bureau) = &external.bureau {
        item.insert("located".into(), json!(bureau));
    }
    let has_thumbnail = external.thumbnail_caption.is_some()
        || external.thumbnail_credit.is_some()
        || external.thumbnail_archive;
    if has_thumbnail {
        let mut thumb = Map::new();
        thumb.insert("name".into(), json!("thumbnail"));
        thumb.insert("rel".into(), json!("thumbnail"));
        thumb.insert("type".into(), json!("picture"));
        thumb.insert("uri".into(), json!(title_urn("thumbnail", &external.title)));
        if let Some(caption) = external
            .thumbnail_caption
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            thumb.insert("descriptions".into(), text_entries(&[("caption", caption)]));
        }
        if let Some(credit) = &external.thumbnail_credit {
            thumb.insert("by".into(), json!(credit.label(ctx.agencies)));
        }
        if external.thumbnail_archive {
            thumb.insert("genres".into(), archive_genres());
        }
        item.insert("associations".into(), json!([thumb]));
    }
    item
}

/// `urn:warraq:{kind}:{hash}`, the hash of the normalised title.
pub fn title_urn(kind: &str, title: &str) -> String {
    let digest = Sha256::digest(normalize_text(title).as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("urn:warraq:{kind}:{hex}")
}

fn archive_genres() -> Value {
    json!([{"name": ARCHIVE_GENRE_NAME, "literal": ARCHIVE_GENRE_LITERAL, "uri": ARCHIVE_GENRE_URI}])
}

/// A picture association. Its `uri` is our address when we hold the file, else where it came
/// from; `renditions` list the original and, for files we hold, the resized widths we serve.
fn picture(
    media: &Media,
    name: &str,
    rel: &str,
    caption: Option<&str>,
    credit: Option<&Credit>,
    ctx: &ExportContext,
    base: &str,
) -> Value {
    let ours = format!("{base}{}", urls::media_path(media.id, None));
    let uri = match (&media.file, &media.source_url) {
        (None, Some(source)) => source.clone(),
        _ => ours.clone(),
    };
    let mut item = Map::new();
    item.insert("name".into(), json!(name));
    item.insert("rel".into(), json!(rel));
    item.insert("type".into(), json!("picture"));
    item.insert("uri".into(), json!(uri));
    let caption = caption.unwrap_or(&media.caption);
    let mut descriptions = Vec::new();
    if !caption.trim().is_empty() {
        descriptions.push(("caption", caption));
    }
    if !media.alt.trim().is_empty() && media.alt != caption {
        descriptions.push(("alt", media.alt.as_str()));
    }
    if !descriptions.is_empty() {
        item.insert("descriptions".into(), text_entries(&descriptions));
    }
    if let Some(credit) = credit.or(media.credit.as_ref()) {
        item.insert("by".into(), json!(credit.label(ctx.agencies)));
    }
    if media.archive {
        item.insert("genres".into(), archive_genres());
    }
    item.insert(
        "renditions".into(),
        Value::Array(renditions(media, &uri, media.file.is_some(), base)),
    );
    Value::Object(item)
}

fn renditions(media: &Media, href: &str, held: bool, base: &str) -> Vec<Value> {
    let mut original = Map::new();
    original.insert("name".into(), json!("original"));
    original.insert("href".into(), json!(href));
    if let Some(mime) = &media.mime {
        original.insert("contentType".into(), json!(mime));
    }
    if let Some((w, h)) = media.aspect() {
        original.insert("width".into(), json!(w));
        original.insert("height".into(), json!(h));
    }
    if let Some(size) = media.byte_size {
        original.insert("sizeInBytes".into(), json!(size));
    }
    let mut out = vec![Value::Object(original)];
    if let (true, Some((w, h))) = (held, media.aspect()) {
        for width in urls::IMAGE_WIDTHS.into_iter().filter(|width| *width < w) {
            let height = (u64::from(h) * u64::from(width) / u64::from(w.max(1))) as u32;
            out.push(json!({
                "name": format!("w{width}"),
                "href": format!("{base}{}", urls::media_path(media.id, Some(width))),
                "contentType": "image/jpeg",
                "width": width,
                "height": height,
            }));
        }
    }
    out
}
