//! A stored article as a ninjs 3.1 document.

mod associations;
pub mod html;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use warraq_domain::{Agency, ResolvedArticle, Status, urls};

use crate::names::is_top_level_3_1;
use crate::schema::validate;
use crate::version::NinjsVersion;

pub use associations::{ARCHIVE_GENRE_LITERAL, ARCHIVE_GENRE_URI, AUTHOR_PHOTO_REL};

/// What an export needs beyond the article: where the site lives and who the agencies are.
pub struct ExportContext<'a> {
    /// The site's absolute base URL, e.g. `https://news.example` (a trailing `/` is ignored).
    pub base_url: &'a str,
    pub site_name: &'a str,
    pub agencies: &'a [Agency],
}

/// Properties every export writes itself; a kept field of the same name never replaces them.
const OWN_FIELDS: [&str; 21] = [
    "uri",
    "standard",
    "type",
    "version",
    "firstCreated",
    "versionCreated",
    "contentCreated",
    "pubStatus",
    "embargoedUntil",
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
    "renditions",
];
/// Lists to which kept entries (people mentioned in the story, other info sources, video
/// associations of an import) are appended after ours.
const MERGED_LISTS: [&str; 3] = ["people", "infoSources", "associations"];

/// A ninjs 3.1 document for one article, valid against ninjs-schema_3.1.json.
///
/// Dates: `firstCreated` is the publication time (first publication, or the time a
/// scheduled article goes live, which may be ahead; the creation for a draft),
/// `versionCreated` the last update (this version), `contentCreated` the creation, and
/// `embargoedUntil` the end of an embargo when the article has one.
/// Fields kept from an import (`article.extra`) are given back where 3.1 allows them.
pub fn article_to_ninjs(article: &ResolvedArticle, ctx: &ExportContext) -> Value {
    let base = ctx.base_url.trim_end_matches('/');
    let a = &article.article;
    let mut doc = Map::new();
    doc.insert(
        "uri".into(),
        json!(format!("{base}{}", urls::article_path(a))),
    );
    doc.insert(
        "standard".into(),
        json!({"name": "ninjs", "version": NinjsVersion::V3_1.as_str(), "schema": NinjsVersion::V3_1.schema_url()}),
    );
    doc.insert("type".into(), json!("text"));
    doc.insert("version".into(), json!(a.version.to_string()));
    doc.insert(
        "firstCreated".into(),
        json!(rfc3339(a.published_at.unwrap_or(a.created_at))),
    );
    doc.insert("versionCreated".into(), json!(rfc3339(a.updated_at)));
    doc.insert("contentCreated".into(), json!(rfc3339(a.created_at)));
    doc.insert("pubStatus".into(), json!(pub_status(a.status)));
    if let Some(embargo) = a.embargo_until {
        doc.insert("embargoedUntil".into(), json!(rfc3339(embargo)));
    }
    if !ctx.site_name.trim().is_empty() {
        doc.insert("copyrightHolder".into(), json!(ctx.site_name));
    }
    doc.insert("language".into(), json!("ar"));
    doc.insert("slugline".into(), json!(a.slug));

    let mut headlines = vec![("main", a.headline.as_str())];
    if let Some(sub) = a.subheadline.as_deref().filter(|s| !s.trim().is_empty()) {
        headlines.push(("sub", sub));
    }
    doc.insert("headlines".into(), text_entries(&headlines));
    if !a.lede.trim().is_empty() {
        doc.insert("descriptions".into(), text_entries(&[("summary", &a.lede)]));
    }
    let body_html = html::blocks_to_html(&a.body, &article.body_media, base, ctx.agencies);
    let words: String = a
        .body
        .iter()
        .filter(|b| !matches!(b, warraq_domain::Block::Image { .. }))
        .map(|b| b.plain_text() + " ")
        .collect();
    doc.insert(
        "bodies".into(),
        json!([{
            "role": "main",
            "contentType": "text/html",
            "charCount": words.trim().chars().count(),
            "wordCount": words.split_whitespace().count(),
            "value": body_html,
        }]),
    );

    let mut subjects = vec![json!({
        "name": article.section.name,
        "rel": "section",
        "uri": format!("{base}{}", urls::section_path(&article.section)),
    })];
    subjects.extend(a.tags.iter().map(|tag| json!({"name": tag, "rel": "tag"})));
    doc.insert("subjects".into(), Value::Array(subjects));

    let author_names: Vec<&str> = article.authors.iter().map(|p| p.name.as_str()).collect();
    let by = a
        .byline
        .clone()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| author_names.join("، "));
    if !by.is_empty() {
        doc.insert("by".into(), json!(by));
    }
    if !article.authors.is_empty() {
        let people: Vec<Value> = article
            .authors
            .iter()
            .map(|p| json!({"name": p.name, "rel": "author", "literal": p.slug}))
            .collect();
        doc.insert("people".into(), Value::Array(people));
    }
    if let Some(bureau) = &article.bureau {
        doc.insert("located".into(), json!(bureau.city));
    }
    if !a.wire_sources.is_empty() {
        let sources: Vec<Value> = a
            .wire_sources
            .iter()
            .map(|code| info_source(code, ctx.agencies))
            .collect();
        doc.insert("infoSources".into(), Value::Array(sources));
    }
    let associations = associations::associations(article, ctx, base);
    if !associations.is_empty() {
        doc.insert("associations".into(), Value::Array(associations));
    }

    let mut doc = Value::Object(doc);
    give_back_kept_fields(&mut doc, &a.extra);
    doc
}

/// The ninjs publishing status of an article in `status`.
///
/// Scheduled and embargoed articles are usable: ninjs says when they may be used with
/// `firstCreated` (the publication time, possibly still ahead) and `embargoedUntil`, and an
/// import `--as source` turns those times back into the same state. A draft or an article
/// in review is withheld (not yet usable); an unpublished article was withdrawn after going
/// live, which ninjs calls canceled, so an export restores it as unpublished.
fn pub_status(status: Status) -> &'static str {
    match status {
        Status::Published | Status::Scheduled | Status::Embargoed => "usable",
        Status::Draft | Status::InReview => "withheld",
        Status::Unpublished => "canceled",
    }
}

/// An agency credited in the text, as an info source: its Arabic name, its code as literal.
fn info_source(code: &str, agencies: &[Agency]) -> Value {
    let name = agencies
        .iter()
        .find(|a| a.code == code)
        .map_or(code, |a| a.name_ar.as_str());
    json!({"name": name, "literal": code, "role": "source"})
}

/// `[{role, value}, ...]` for headlines and descriptions.
pub(crate) fn text_entries(entries: &[(&str, &str)]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|(role, value)| json!({"role": role, "value": value}))
            .collect(),
    )
}

pub(crate) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Adds the fields kept from an import. A kept field is given back only where 3.1 allows it
/// and only as long as the document stays valid: anything the schema refuses is dropped,
/// so one odd field from a partner's feed never makes the whole export invalid.
fn give_back_kept_fields(doc: &mut Value, extra: &Map<String, Value>) {
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    let mut added_keys = Vec::new();
    let mut merged_from: Vec<(&str, usize)> = Vec::new();
    for (key, value) in extra {
        if !is_top_level_3_1(key) {
            continue;
        }
        if MERGED_LISTS.contains(&key.as_str()) {
            let Some(kept) = value.as_array() else {
                continue;
            };
            let list = object
                .entry(key.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                merged_from.push((
                    MERGED_LISTS
                        .iter()
                        .find(|k| **k == key)
                        .copied()
                        .unwrap_or("people"),
                    list.len(),
                ));
                list.extend(kept.iter().cloned());
            }
        } else if key == "copyrightHolder" || !OWN_FIELDS.contains(&key.as_str()) {
            // The original copyright holder of an imported item is more exact than our name.
            if key == "copyrightHolder" || !object.contains_key(key) {
                object.insert(key.clone(), value.clone());
                added_keys.push(key.clone());
            }
        }
    }
    if added_keys.is_empty() && merged_from.is_empty() {
        return;
    }
    let Err(violations) = validate(doc, NinjsVersion::V3_1) else {
        return;
    };
    let Some(object) = doc.as_object_mut() else {
        return;
    };
    let mut refused_items: Vec<(&str, usize)> = Vec::new();
    for violation in &violations {
        let mut segments = violation.path.trim_start_matches('/').split('/');
        let key = segments.next().unwrap_or_default();
        if added_keys.iter().any(|k| k == key) {
            object.remove(key);
        } else if let Some((list, first_kept)) = merged_from.iter().find(|(k, _)| *k == key) {
            match segments.next().and_then(|i| i.parse::<usize>().ok()) {
                Some(index) if index >= *first_kept => refused_items.push((list, index)),
                // A violation on the list itself: give up the kept entries of that list.
                None => {
                    refused_items.extend((*first_kept..list_len(object, list)).map(|i| (*list, i)))
                }
                Some(_) => {}
            }
        }
    }
    refused_items.sort_unstable();
    refused_items.dedup();
    for (list, index) in refused_items.into_iter().rev() {
        if let Some(items) = object.get_mut(list).and_then(Value::as_array_mut)
            && index < items.len()
        {
            items.remove(index);
        }
    }
}

fn list_len(object: &Map<String, Value>, key: &str) -> usize {
    object
        .get(key)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}
