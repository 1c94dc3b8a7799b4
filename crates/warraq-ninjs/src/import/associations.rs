//! Associations of an imported item: pictures (hero and others) and related stories.

use serde_json::Value;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{Agency, Credit, ExternalRelated, IncomingMedia, agency::find_agency};

use super::fields::{Obj, with_role};
use crate::error::NinjsError;
use crate::export::{ARCHIVE_GENRE_LITERAL, ARCHIVE_GENRE_URI};

/// The width we serve at most; a rendition at least this wide is enough.
const ENOUGH_WIDTH: u64 = 1600;

/// Roles under which a description is a picture's alternative text rather than its caption.
const ALT_ROLES: [&str; 3] = ["alt", "alttext", "alt-text"];

pub fn picture(item: Obj, agencies: &[Agency]) -> Result<IncomingMedia, NinjsError> {
    let descriptions = item.text_entries("descriptions")?;
    let caption = with_role(&descriptions, &["caption"])
        .or_else(|| {
            descriptions
                .iter()
                .find(|d| !ALT_ROLES.contains(&d.role.as_str()))
        })
        .map(|d| d.text());
    // ninjs 1.x wrote captions as `description_text`.
    let caption = match caption {
        Some(c) => Some(c),
        None => item.string("description_text")?,
    };
    let alt = with_role(&descriptions, &ALT_ROLES)
        .map(|d| d.text())
        .filter(|a| !a.is_empty());
    let mut credit_text = None;
    for name in ["by", "byline", "creditline", "copyrightHolder"] {
        if let Some(text) = item.string(name)? {
            credit_text = Some(text);
            break;
        }
    }
    let credit = credit_text.map(|text| credit_for(&text, agencies));
    let (source_url, mime, width, height) = match best_rendition(item)? {
        Some(r) => (Some(r.href), r.mime, r.width, r.height),
        None => (
            item.string("uri")?.filter(|u| is_web_url(u)),
            None,
            None,
            None,
        ),
    };
    Ok(IncomingMedia {
        source_url,
        caption: caption.unwrap_or_default(),
        alt,
        credit,
        archive: is_archive(item)?,
        mime,
        width,
        height,
    })
}

/// A credit naming a known agency becomes that agency; anything else is kept as written.
pub fn credit_for(text: &str, agencies: &[Agency]) -> Credit {
    match find_agency(agencies, text) {
        Some(agency) => Credit::Agency {
            code: agency.code.clone(),
        },
        None => Credit::Other {
            name: text.to_string(),
        },
    }
}

pub fn is_web_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// An archive photo carries the `Archive_material` genre (or a genre named archive/أرشيفية).
fn is_archive(item: Obj) -> Result<bool, NinjsError> {
    for (path, genre) in item.array("genres")? {
        let Some(map) = genre.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "a genre object",
            });
        };
        let genre = Obj { map, path: &path };
        let uri = genre.string("uri")?.unwrap_or_default();
        if uri.eq_ignore_ascii_case(ARCHIVE_GENRE_URI)
            || uri.to_ascii_lowercase().ends_with("/archive_material")
        {
            return Ok(true);
        }
        for name in ["literal", "name"] {
            let folded = fold_for_matching(&genre.string(name)?.unwrap_or_default());
            if folded == ARCHIVE_GENRE_LITERAL
                || folded == "archive material"
                || folded.starts_with("ارشيف")
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

struct Rendition {
    href: String,
    mime: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    name: String,
}

/// The rendition to fetch: the one named `original`, else the narrowest at least
/// [`ENOUGH_WIDTH`] wide, else the widest, else the first with an address. ninjs 1.x wrote
/// renditions as an object keyed by name, with `mimetype`.
fn best_rendition(item: Obj) -> Result<Option<Rendition>, NinjsError> {
    let entries: Vec<(String, String, &Value)> = match item.get("renditions") {
        Some((key, Value::Object(by_name))) => by_name
            .iter()
            .map(|(name, v)| (name.clone(), format!("{}/{}", item.pointer(key), name), v))
            .collect(),
        _ => item
            .array("renditions")?
            .into_iter()
            .map(|(path, v)| (String::new(), path, v))
            .collect(),
    };
    let mut renditions = Vec::new();
    for (name, path, value) in entries {
        let Some(map) = value.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "a rendition object",
            });
        };
        let r = Obj { map, path: &path };
        let Some(href) = r.string("href")? else {
            continue;
        };
        let dimension = |key: &str| {
            r.map
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        renditions.push(Rendition {
            href,
            mime: r.string("contentType")?.or(r.string("mimetype")?),
            width: dimension("width"),
            height: dimension("height"),
            name: r.string("name")?.unwrap_or(name).to_lowercase(),
        });
    }
    let widths = |r: &Rendition| r.width.map(u64::from);
    let index = renditions
        .iter()
        .position(|r| r.name == "original")
        .or_else(|| {
            renditions
                .iter()
                .enumerate()
                .filter(|(_, r)| widths(r).is_some_and(|w| w >= ENOUGH_WIDTH))
                .min_by_key(|(_, r)| widths(r))
                .map(|(i, _)| i)
        })
        .or_else(|| {
            renditions
                .iter()
                .enumerate()
                .filter(|(_, r)| r.width.is_some())
                .max_by_key(|(_, r)| widths(r))
                .map(|(i, _)| i)
        })
        .or(if renditions.is_empty() { None } else { Some(0) });
    Ok(index.map(|i| renditions.swap_remove(i)))
}

/// A related story, from a text association.
pub fn related(item: Obj, agencies: &[Agency]) -> Result<Option<ExternalRelated>, NinjsError> {
    let headlines = item.text_entries("headlines")?;
    let title = match with_role(&headlines, &["main"]).or(headlines.first()) {
        Some(h) => Some(h.text()),
        None => item.string("headline")?.or(item.string("title")?),
    };
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let descriptions = item.text_entries("descriptions")?;
    let lede = super::lede_of(&descriptions)
        .map(|d| d.text())
        .filter(|l| !l.is_empty());
    let mut section = None;
    for (path, subject) in item.array("subjects")? {
        if let Some(map) = subject.as_object() {
            section = Obj { map, path: &path }.string("name")?;
            if section.is_some() {
                break;
            }
        }
    }
    let mut related = ExternalRelated {
        title,
        lede,
        url: item.string("uri")?.filter(|u| is_web_url(u)),
        section,
        outlet: item.string("by")?,
        bureau: item.string("located")?,
        ..ExternalRelated::default()
    };
    for (path, nested) in item.array("associations")? {
        let Some(map) = nested.as_object() else {
            continue;
        };
        let nested = Obj { map, path: &path };
        if nested.string("type")?.as_deref() == Some("picture") {
            let thumb = picture(nested, agencies)?;
            related.thumbnail_caption = Some(thumb.caption).filter(|c| !c.is_empty());
            related.thumbnail_credit = thumb.credit;
            related.thumbnail_archive = thumb.archive;
            break;
        }
    }
    Ok(Some(related))
}
