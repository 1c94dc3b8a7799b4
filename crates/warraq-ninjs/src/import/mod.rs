//! A ninjs document (2.x or 3.x, with the 1.x names older feeds still use) as an
//! [`IncomingArticle`], or the reason it is not an article.

mod associations;
mod fields;
pub mod html;
mod metadata;

use serde_json::{Map, Value};
use warraq_domain::arabic::slugify;
use warraq_domain::{Agency, IncomingArticle, IncomingPortrait, default_agencies};

use self::fields::{Obj, TextEntry, with_role};
use crate::error::NinjsError;
use crate::export::AUTHOR_PHOTO_REL;
use crate::names::{to_3x_name, to_3x_names};
use crate::version::NinjsVersion;

/// What a ninjs document turned into.
#[derive(Debug, Clone, PartialEq)]
pub enum NinjsItem {
    Article(Box<IncomingArticle>),
    /// Not an article: an event, a planning item, a picture, audio or video item, or a
    /// text item without any text.
    Skipped {
        kind: String,
        reason: String,
    },
}

/// Top-level properties the mapping reads (3.x spelling, or 1.x names); everything else
/// is kept in `extra` and given back on export.
const READ_FIELDS: [&str; 28] = [
    "uri",
    "standard",
    "type",
    "version",
    "firstCreated",
    "versionCreated",
    "contentCreated",
    "pubStatus",
    "language",
    "slugline",
    "headlines",
    "descriptions",
    "bodies",
    "subjects",
    "by",
    "located",
    "people",
    "infoSources",
    "associations",
    "$schema",
    "headline",
    "body_html",
    "body_text",
    "body_xhtml",
    "description_text",
    "description_html",
    "byline",
    "subject",
];
const MORE_READ_FIELDS: [&str; 2] = ["keywords", "embargoedUntil"];

const SUMMARY_ROLES: [&str; 9] = [
    "summary",
    "lead",
    "lede",
    "abstract",
    "teaser",
    "standfirst",
    "intro",
    "text",
    "description",
];
const SUBHEADLINE_ROLES: [&str; 5] = ["sub", "subheadline", "sub-headline", "subtitle", "deck"];

/// Maps one ninjs document. `version` is the document's version (see `detect_version`):
/// both spellings are read either way, and fields kept from a 2.x document are renamed to
/// their 3.x spelling so an export can give them back.
pub fn ninjs_to_incoming(doc: &Value, version: NinjsVersion) -> Result<NinjsItem, NinjsError> {
    ninjs_to_incoming_with_warnings(doc, version).map(|(item, _)| item)
}

/// [`ninjs_to_incoming`], with what the mapping left out of the item (a body link whose
/// href is not allowed, its text kept), for the import report.
pub fn ninjs_to_incoming_with_warnings(
    doc: &Value,
    version: NinjsVersion,
) -> Result<(NinjsItem, Vec<String>), NinjsError> {
    ninjs_to_incoming_with_media(doc, version, &html::no_own_media)
}

/// [`ninjs_to_incoming_with_warnings`] for a document that may show this site's own
/// pictures in its body (one it exported): figures `own_media` recognises stay picture
/// blocks where they stood, so that reading a document back and saving it loses none.
pub fn ninjs_to_incoming_with_media(
    doc: &Value,
    version: NinjsVersion,
    own_media: html::OwnMedia<'_>,
) -> Result<(NinjsItem, Vec<String>), NinjsError> {
    let Some(map) = doc.as_object() else {
        return Err(NinjsError::WrongType {
            path: String::new(),
            expected: "a ninjs object",
        });
    };
    let top = Obj { map, path: "" };
    let kind = item_kind(top)?;
    if matches!(kind.as_str(), "event" | "planning") {
        return Ok((
            NinjsItem::Skipped {
                kind,
                reason: "events and planning items are not articles".into(),
            },
            Vec::new(),
        ));
    }
    if matches!(kind.as_str(), "picture" | "video" | "audio" | "graphic") {
        let reason = format!("a {kind} item carries no article text");
        return Ok((NinjsItem::Skipped { kind, reason }, Vec::new()));
    }
    let agencies = default_agencies();

    let headlines = top.text_entries("headlines")?;
    let descriptions = top.text_entries("descriptions")?;
    let lede = match lede_of(&descriptions) {
        Some(entry) => Some(entry.text()),
        None => top
            .string("description_text")?
            .or(legacy_html_text(top, "description_html")?),
    }
    .filter(|l| !l.is_empty());
    let headline = match with_role(&headlines, &["main"]).or(headlines.first()) {
        Some(entry) => Some(entry.text()),
        None => top.string("headline")?.or(top.string("title")?),
    }
    .filter(|h| !h.is_empty());

    let html::HtmlBody {
        blocks: mut body,
        warnings,
    } = body_blocks(top, headline.as_deref().unwrap_or(""), own_media)?;
    if body.is_empty() {
        // Brief wire items (NTB) carry their whole text as the description.
        if let Some(lede) = &lede {
            body.push(warraq_domain::Block::paragraph(lede.clone()));
        }
    }
    if body.is_empty() {
        return Ok((
            NinjsItem::Skipped {
                kind,
                reason: "the item has no text body".into(),
            },
            warnings,
        ));
    }
    let Some(headline) = headline else {
        return Err(NinjsError::Missing {
            path: top.pointer("headlines"),
            what: "a headline",
        });
    };

    let mut extra = Map::new();
    let mut article = IncomingArticle {
        source_key: source_key(top)?,
        subheadline: with_role(&headlines, &SUBHEADLINE_ROLES)
            .map(TextEntry::text)
            .filter(|s| !s.is_empty()),
        headline,
        slug: top
            .string("slugline")?
            .map(|s| slugify(&s))
            .filter(|s| !s.is_empty()),
        lede,
        body,
        bureau: top.string("located")?,
        published_at: match top.date("firstCreated")? {
            Some(at) => Some(at),
            None => top.date("versionCreated")?,
        },
        updated_at: top.date("versionCreated")?,
        embargo_until: embargo_of(top)?,
        ..IncomingArticle::default()
    };
    metadata::read_subjects(top, &mut article)?;
    metadata::read_people(top, &mut article, &mut extra)?;
    metadata::read_info_sources(top, &agencies, &mut article, &mut extra)?;
    read_associations(top, &agencies, &mut article, &mut extra)?;

    for (key, value) in map {
        let name = to_3x_name(key);
        if READ_FIELDS.contains(&name.as_str()) || MORE_READ_FIELDS.contains(&name.as_str()) {
            continue;
        }
        let value = if version.is_camel_case() {
            value.clone()
        } else {
            to_3x_names(value)
        };
        extra.insert(
            if version.is_camel_case() {
                key.clone()
            } else {
                name
            },
            value,
        );
    }
    article.extra = extra;
    Ok((NinjsItem::Article(Box::new(article)), warnings))
}

/// The end of the item's embargo: `embargoedUntil` (3.x), or `embargoed` as 2.x and the
/// 1.x names spell it.
fn embargo_of(top: Obj) -> Result<Option<chrono::DateTime<chrono::Utc>>, NinjsError> {
    match top.date("embargoedUntil")? {
        Some(at) => Ok(Some(at)),
        None => top.date("embargoed"),
    }
}

/// Whom an author photo shows: the first person it names.
fn portrayed(item: Obj) -> Result<Option<String>, NinjsError> {
    for (path, person) in item.array("people")? {
        if let Some(map) = person.as_object()
            && let Some(name) = (Obj { map, path: &path }).string("name")?
            && !name.is_empty()
        {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// Whether an association's `rel` (lower-cased) says it is a translation of the item:
/// `translation`, also written as a URI or a prefixed name whose last part is
/// `translation` (`…/rel/translation`, `irel:translation`).
fn is_translation(rel: &str) -> bool {
    rel.rsplit(['/', ':', '#']).next() == Some("translation")
}

/// `type`, or what the content shows when it is absent (event details, planned coverage).
fn item_kind(top: Obj) -> Result<String, NinjsError> {
    if let Some(kind) = top.string("type")? {
        return Ok(kind.to_lowercase());
    }
    Ok(if top.get("eventDetails").is_some() {
        "event".into()
    } else if top.get("plannedCoverage").is_some() {
        "planning".into()
    } else {
        "text".into()
    })
}

pub(crate) fn lede_of(descriptions: &[TextEntry]) -> Option<&TextEntry> {
    with_role(descriptions, &SUMMARY_ROLES).or_else(|| {
        descriptions
            .iter()
            .find(|d| !matches!(d.role.as_str(), "caption" | "alt" | "alttext"))
    })
}

fn legacy_html_text(top: Obj, name: &str) -> Result<Option<String>, NinjsError> {
    Ok(top
        .string(name)?
        .map(|html| html::html_to_text(&html))
        .filter(|t| !t.is_empty()))
}

/// The body: an HTML body first (role `main` preferred), else NITF, else plain text.
fn body_blocks(
    top: Obj,
    headline: &str,
    own_media: html::OwnMedia<'_>,
) -> Result<html::HtmlBody, NinjsError> {
    let plain = |blocks| html::HtmlBody {
        blocks,
        warnings: Vec::new(),
    };
    let bodies = top.text_entries("bodies")?;
    let pick = |wanted: &dyn Fn(&TextEntry) -> bool| {
        bodies
            .iter()
            .filter(|b| wanted(b))
            .min_by_key(|b| if b.role == "main" { 0 } else { 1 })
    };
    if let Some(body) = pick(&|b| b.is_html()) {
        return Ok(html::html_to_body_with_media(
            &body.value,
            headline,
            own_media,
        ));
    }
    if let Some(body) = pick(&|b| b.content_type.contains("nitf")) {
        return Ok(html::nitf_to_body(&body.value, headline));
    }
    if let Some(body) =
        pick(&|b| b.content_type.is_empty() || b.content_type.starts_with("text/plain"))
    {
        return Ok(plain(html::text_to_blocks(&body.value)));
    }
    for legacy in ["body_html", "body_xhtml"] {
        if let Some(value) = top.string(legacy)? {
            return Ok(html::html_to_body_with_media(&value, headline, own_media));
        }
    }
    Ok(plain(
        top.string("body_text")?
            .map(|text| html::text_to_blocks(&text))
            .unwrap_or_default(),
    ))
}

/// The `uri`, else the first alternative id.
fn source_key(top: Obj) -> Result<String, NinjsError> {
    if let Some(uri) = top.string("uri")? {
        return Ok(uri);
    }
    for (path, alt) in top.array("altIds")? {
        if let Some(map) = alt.as_object()
            && let Some(value) = (Obj { map, path: &path }).string("value")?
        {
            return Ok(value);
        }
    }
    Err(NinjsError::Missing {
        path: top.pointer("uri"),
        what: "the item's uri (or an altId)",
    })
}

/// Picture associations become the hero (the one named or related as `hero`, else the
/// first) and other media, or an author's photo when related as `author-photo` (naming
/// its person in `people`); text associations become related stories, except translations
/// (`rel` `translation`), which are the same story in another language: they are kept, so
/// that the article page lists them as `hreflang` alternates and an export gives them
/// back, and never shown as related articles. Anything else (video, graphics) is kept for
/// export.
fn read_associations(
    top: Obj,
    agencies: &[Agency],
    article: &mut IncomingArticle,
    extra: &mut Map<String, Value>,
) -> Result<(), NinjsError> {
    let items: Vec<(String, String, &Value)> = match top.get("associations") {
        // ninjs 1.x: an object keyed by association name.
        Some((key, Value::Object(by_name))) => by_name
            .iter()
            .map(|(name, v)| (name.clone(), top.pointer(key) + "/" + name, v))
            .collect(),
        _ => top
            .array("associations")?
            .into_iter()
            .map(|(path, v)| (String::new(), path, v))
            .collect(),
    };
    let mut pictures = Vec::new();
    let mut kept = Vec::new();
    for (key_name, path, value) in items {
        let Some(map) = value.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "an association object",
            });
        };
        let item = Obj { map, path: &path };
        let name = item.string("name")?.unwrap_or(key_name).to_lowercase();
        let rel = item.string("rel")?.unwrap_or_default().to_lowercase();
        let kind = item.string("type")?.unwrap_or_default().to_lowercase();
        if is_translation(&rel) {
            kept.push(to_3x_names(value));
        } else if kind == "picture" && rel == AUTHOR_PHOTO_REL {
            match portrayed(item)? {
                Some(person) => article.author_photos.push(IncomingPortrait {
                    person,
                    photo: associations::picture(item, agencies)?,
                }),
                // Whose photo it is is not said: nothing to attach it to.
                None => kept.push(to_3x_names(value)),
            }
        } else if kind == "picture" {
            let is_hero = name == "hero" || rel == "hero";
            pictures.push((is_hero, associations::picture(item, agencies)?));
        } else if kind == "text" || rel == "related" {
            match associations::related(item, agencies)? {
                Some(related) => article.related.push(related),
                None => kept.push(to_3x_names(value)),
            }
        } else {
            kept.push(to_3x_names(value));
        }
    }
    let hero_index = pictures
        .iter()
        .position(|(is_hero, _)| *is_hero)
        .unwrap_or(0);
    if hero_index < pictures.len() {
        article.hero = Some(pictures.remove(hero_index).1);
    }
    article.other_media = pictures.into_iter().map(|(_, p)| p).collect();
    if !kept.is_empty() {
        extra.insert("associations".into(), Value::Array(kept));
    }
    Ok(())
}
