//! ninjs 3 documents in and out of the write API.
//!
//! In: the document is checked against the shipped schema of its version and mapped by
//! the project's ninjs import ([`warraq_ninjs::validate`], [`ninjs_to_incoming`]), then
//! the names it carries are resolved against the store into an [`ArticleDraft`]:
//!
//! - the section (the subject with `rel: section`, else the first) must exist: creating
//!   sections is a chief's decision, not a side effect of posting an article;
//! - the hero picture must be in the media library: this site's `/media/{id}` address
//!   (as the API gives it), or a picture stored earlier from the same source URL;
//! - related stories pointing at this site's `/article/{id}` (or titled like one of our
//!   articles, as an import matches them) link to that article, others stay external;
//! - bureau and authors are found or created (as an import does), only after everything
//!   that can refuse the document has been checked.
//!
//! Workflow fields (`pubStatus`, dates, embargo) are not read: state changes only by a
//! transition. Pictures inside the body HTML are not read either (the ninjs import skips
//! them); they are kept when editing through the newsroom pages.
//!
//! Out: the stored article as the read API writes it ([`article_to_ninjs`]), whatever its
//! state, with related links to unpublished articles kept (the newsroom's view).

use serde_json::Value;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{
    Actor, Article, ArticleDraft, ArticleId, BureauId, ExternalRelated, IncomingArticle,
    IncomingMedia, MediaId, PersonId, RelatedLink, SectionId, User,
};
use warraq_ninjs::{
    ExportContext, NinjsError, NinjsItem, OwnMedia, article_to_ninjs, detect_version,
    ninjs_to_incoming_with_media, validate,
};
use warraq_store::{Store, resolve_article};

use super::error::ApiError;
use crate::state::AppState;

/// How many schema violations one refusal quotes after the first.
const MORE_VIOLATIONS_SHOWN: usize = 4;

/// The article a ninjs 3 document describes, its names resolved. `keep_slug` is the
/// current slug when the document replaces an article: without a `slugline` of its own,
/// the article keeps its address.
pub async fn draft_from_ninjs(
    state: &AppState,
    user: &User,
    doc: &Value,
    keep_slug: Option<&str>,
) -> Result<ArticleDraft, ApiError> {
    // Figures of this site's own pictures (a document it exported, read back and sent
    // again) stay picture blocks; without this, a GET → PUT round trip would drop them.
    let own_media = |src: &str| own_id(state, src, "/media/").map(MediaId);
    let incoming = incoming_of(doc, &own_media)?;
    let store = state.store().as_ref();
    // Everything that can refuse the document first; then what creates records.
    let section_id = section_of(store, &incoming).await?;
    let hero_id = match &incoming.hero {
        Some(picture) => Some(hero_of(state, picture, doc).await?),
        None => None,
    };
    let related = related_of(state, &incoming.related).await?;

    let (bureau_id, author_ids) = bureau_and_authors(store, user, &incoming).await?;

    // The newsroom tidies the short fields (NFC, spaces) and makes a missing slug.
    let mut draft = ArticleDraft::new(&incoming.headline, section_id);
    draft.slug = incoming
        .slug
        .clone()
        .or_else(|| keep_slug.map(str::to_string))
        .unwrap_or_default();
    draft.subheadline = incoming.subheadline.clone();
    draft.lede = incoming.lede.clone().unwrap_or_default();
    draft.body = incoming.body.clone();
    // Sections after the first are kept as tags, as an import keeps them.
    draft.tags = incoming
        .tags
        .iter()
        .chain(incoming.sections.iter().skip(1))
        .cloned()
        .collect();
    draft.author_ids = author_ids;
    draft.byline = incoming.byline.clone();
    draft.bureau_id = bureau_id;
    draft.wire_sources = incoming.wire_sources.clone();
    draft.hero_id = hero_id;
    draft.related = related;
    draft.extra = incoming.extra;
    Ok(draft)
}

/// The dateline city and the authors, found or created (in one transaction, as the user).
async fn bureau_and_authors(
    store: &dyn Store,
    user: &User,
    incoming: &IncomingArticle,
) -> Result<(Option<BureauId>, Vec<PersonId>), ApiError> {
    let city = incoming
        .bureau
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let names: Vec<&str> = incoming
        .authors
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if city.is_none() && names.is_empty() {
        return Ok((None, Vec::new()));
    }
    let mut tx = store.begin(Actor::User(user.id)).await?;
    let bureau_id = match city {
        Some(city) => Some(tx.find_or_create_bureau(city).await?.id),
        None => None,
    };
    let mut author_ids = Vec::new();
    for name in names {
        let id = tx.find_or_create_person(name, None).await?.id;
        if !author_ids.contains(&id) {
            author_ids.push(id);
        }
    }
    tx.commit().await?;
    Ok((bureau_id, author_ids))
}

/// Validates the document against its ninjs 3 schema and maps it.
pub fn incoming_of(doc: &Value, own_media: OwnMedia<'_>) -> Result<IncomingArticle, ApiError> {
    if !doc.is_object() {
        return Err(not_ninjs("", "a ninjs document is a JSON object"));
    }
    let version = detect_version(doc, None);
    if !version.is_camel_case() {
        return Err(not_ninjs(
            "",
            format!("this is ninjs {version}; the write API takes ninjs 3.0 or 3.1"),
        ));
    }
    if let Err(violations) = validate(doc, version) {
        let first = &violations[0];
        let mut reason = format!("not valid ninjs {version}: {}", first.message);
        let others: Vec<String> = violations
            .iter()
            .skip(1)
            .take(MORE_VIOLATIONS_SHOWN)
            .map(ToString::to_string)
            .collect();
        if !others.is_empty() {
            reason.push_str(&format!("; also {}", others.join("; ")));
        }
        return Err(not_ninjs(&first.path, reason));
    }
    match ninjs_to_incoming_with_media(doc, version, own_media).map(|(item, _)| item) {
        Ok(NinjsItem::Article(incoming)) => Ok(*incoming),
        Ok(NinjsItem::Skipped { kind, reason }) => Err(ApiError::Unusable {
            field: if kind == "text" { "/bodies" } else { "/type" }.into(),
            reason: format!("not an article ({kind}): {reason}"),
        }),
        Err(error) => Err(not_ninjs(pointer_of(&error), error.to_string())),
    }
}

fn not_ninjs(pointer: &str, reason: impl Into<String>) -> ApiError {
    ApiError::NotNinjs {
        pointer: pointer.to_string(),
        reason: reason.into(),
    }
}

fn pointer_of(error: &NinjsError) -> &str {
    match error {
        NinjsError::WrongType { path, .. }
        | NinjsError::Missing { path, .. }
        | NinjsError::InvalidDate { path, .. } => path,
        NinjsError::UnknownVersion { .. } => "/standard/version",
    }
}

/// The section the document names, by name in any spelling Arabic folding equates.
async fn section_of(store: &dyn Store, incoming: &IncomingArticle) -> Result<SectionId, ApiError> {
    let sections = store.list_sections().await?;
    let known = || {
        sections
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join("، ")
    };
    let Some(name) = incoming.sections.first() else {
        return Err(ApiError::Unusable {
            field: "/subjects".into(),
            reason: format!(
                "name the article's section as a subject with rel \"section\" (one of: {})",
                known()
            ),
        });
    };
    let folded = fold_for_matching(name);
    sections
        .iter()
        .find(|s| fold_for_matching(&s.name) == folded || s.slug == name.trim())
        .map(|s| s.id)
        .ok_or_else(|| ApiError::Unusable {
            field: "/subjects".into(),
            reason: format!("no section is named «{name}» (known: {})", known()),
        })
}

/// The media-library picture the hero association points at.
async fn hero_of(
    state: &AppState,
    picture: &IncomingMedia,
    doc: &Value,
) -> Result<MediaId, ApiError> {
    let field = hero_pointer(doc);
    let unusable = |reason: String| ApiError::Unusable {
        field: field.clone(),
        reason,
    };
    let Some(url) = picture.source_url.as_deref() else {
        return Err(unusable(
            "the picture has no address: give the uri of a picture uploaded with POST /api/v1/media"
                .into(),
        ));
    };
    let store = state.store();
    if let Some(id) = own_id(state, url, "/media/") {
        return match store.media(MediaId(id)).await {
            Ok(media) => Ok(media.id),
            Err(e) if e.is_not_found() => Err(unusable(format!("there is no picture {url}"))),
            Err(e) => Err(e.into()),
        };
    }
    match store.media_by_source_url(url).await? {
        Some(media) => Ok(media.id),
        None => Err(unusable(format!(
            "{url} is not in the media library: upload it with POST /api/v1/media and use the uri it answers"
        ))),
    }
}

/// Where the hero is in the document, as the ninjs import chooses it: the association
/// named (or related as) `hero`, else the first picture.
fn hero_pointer(doc: &Value) -> String {
    let Some(list) = doc.get("associations").and_then(Value::as_array) else {
        return "/associations".into();
    };
    let is = |a: &Value, key: &str, value: &str| a.get(key).and_then(Value::as_str) == Some(value);
    list.iter()
        .position(|a| is(a, "name", "hero") || is(a, "rel", "hero"))
        .or_else(|| list.iter().position(|a| is(a, "type", "picture")))
        .map_or_else(|| "/associations".into(), |i| format!("/associations/{i}"))
}

async fn related_of(
    state: &AppState,
    related: &[ExternalRelated],
) -> Result<Vec<RelatedLink>, ApiError> {
    let store = state.store();
    let mut links = Vec::with_capacity(related.len());
    for item in related {
        let by_address = match item
            .url
            .as_deref()
            .and_then(|u| own_id(state, u, "/article/"))
        {
            Some(id) => match store.article(ArticleId(id)).await {
                Ok(article) => Some(article.id),
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let found = match by_address {
            Some(id) => Some(id),
            None if item.title.trim().is_empty() => None,
            None => store
                .find_articles_by_headline(&item.title)
                .await?
                .into_iter()
                .next(),
        };
        links.push(match found {
            Some(id) => RelatedLink::Article { id },
            None => RelatedLink::External(item.clone()),
        });
    }
    Ok(links)
}

/// The id in one of this site's addresses: `{origin}{prefix}{id}[/...]`, or the path
/// alone. Other sites' addresses are not ours, even with the same path.
fn own_id(state: &AppState, url: &str, prefix: &str) -> Option<i64> {
    let url = url.trim();
    let path = url
        .strip_prefix(state.site().origin())
        .or_else(|| url.starts_with('/').then_some(url))?;
    let rest = path.strip_prefix(prefix)?;
    let digits = rest.split(['/', '?', '#']).next()?;
    digits.parse().ok().filter(|id: &i64| *id > 0)
}

/// The stored article as ninjs 3.1, as the newsroom sees it.
pub async fn newsroom_document(state: &AppState, article: Article) -> Result<Value, ApiError> {
    let resolved = resolve_article(state.store().as_ref(), article, None).await?;
    let snapshot = state.snapshot();
    let context = ExportContext {
        base_url: state.site().origin(),
        site_name: &state.site().site_name,
        agencies: &snapshot.agencies,
    };
    Ok(article_to_ninjs(&resolved, &context))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Value {
        json!({
            "uri": "urn:example:1",
            "type": "text",
            "standard": {"name": "ninjs", "version": "3.1"},
            "headlines": [{"role": "main", "value": "عنوان الخبر"}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>نص</p>"}],
            "subjects": [{"name": "آسيا", "rel": "section"}, {"name": "سياسة"}],
        })
    }

    #[test]
    fn a_ninjs_3_document_maps_to_an_incoming_article() {
        let incoming = incoming_of(&document(), &warraq_ninjs::no_own_media).unwrap();
        assert_eq!(incoming.headline, "عنوان الخبر");
        assert_eq!(incoming.sections, vec!["آسيا"]);
        assert_eq!(incoming.tags, vec!["سياسة"]);
    }

    #[test]
    fn a_schema_violation_is_refused_at_its_json_pointer() {
        let mut doc = document();
        doc["urgency"] = json!("عاجل");
        match incoming_of(&doc, &warraq_ninjs::no_own_media) {
            Err(ApiError::NotNinjs { pointer, reason }) => {
                assert_eq!(pointer, "/urgency");
                assert!(reason.starts_with("not valid ninjs 3.1"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ninjs_2_and_non_objects_are_refused() {
        let v2 = json!({"uri": "urn:a", "type": "text", "versioncreated": "2024-01-01T00:00:00Z",
                        "headlines": [{"role": "main", "value": "خبر"}]});
        assert!(matches!(
            incoming_of(&v2, &warraq_ninjs::no_own_media),
            Err(ApiError::NotNinjs { .. })
        ));
        assert!(matches!(
            incoming_of(&json!(["x"]), &warraq_ninjs::no_own_media),
            Err(ApiError::NotNinjs { .. })
        ));
    }

    #[test]
    fn the_hero_is_pointed_at_as_the_import_chooses_it() {
        let doc = json!({"associations": [
            {"name": "related-1", "type": "text"},
            {"name": "photo", "type": "picture"},
            {"name": "hero", "type": "picture"},
        ]});
        assert_eq!(hero_pointer(&doc), "/associations/2");
        assert_eq!(
            hero_pointer(&json!({"associations": [{"type": "picture"}]})),
            "/associations/0"
        );
        assert_eq!(hero_pointer(&json!({})), "/associations");
    }
}
