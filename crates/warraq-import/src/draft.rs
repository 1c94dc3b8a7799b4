//! Turns an incoming article whose names have been resolved to ids into the draft the
//! store keeps. Shared by real imports and dry runs, so both produce the same article.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use warraq_domain::arabic::{fold_for_matching, normalize_text, slugify};
use warraq_domain::marks::normalize_marked_text;
use warraq_domain::{
    ArticleDraft, Block, BureauId, IncomingArticle, Mark, MediaId, PersonId, RelatedLink,
    SectionId, Status,
};

use crate::args::ImportAs;
pub use crate::publication::{Previous, publication};

/// The ids an incoming article's names resolved to.
#[derive(Debug, Clone)]
pub struct ResolvedRefs {
    pub section_id: SectionId,
    pub bureau_id: Option<BureauId>,
    pub author_ids: Vec<PersonId>,
    pub hero_id: Option<MediaId>,
    pub related: Vec<RelatedLink>,
}

/// Builds the draft: the item's content, the resolved ids, and the state the status rules
/// give (see [`publication`]).
pub fn build_draft(
    incoming: &IncomingArticle,
    refs: ResolvedRefs,
    mode: ImportAs,
    source_status: Option<Status>,
    previous: Previous,
    now: DateTime<Utc>,
) -> ArticleDraft {
    let headline = normalize_text(&incoming.headline);
    let mut draft = ArticleDraft::new(&headline, refs.section_id);
    draft.slug = choose_slug(incoming.slug.as_deref(), &headline, &incoming.source_key);
    draft.subheadline = non_empty(incoming.subheadline.as_deref());
    draft.lede = incoming
        .lede
        .as_deref()
        .map(normalize_text)
        .unwrap_or_default();
    draft.body = incoming.body.iter().map(normalize_block).collect();
    draft.tags = tags_of(incoming);
    draft.author_ids = refs.author_ids;
    draft.byline = non_empty(incoming.byline.as_deref());
    draft.bureau_id = refs.bureau_id;
    draft.wire_sources = dedup_exact(incoming.wire_sources.iter().map(|s| s.trim().to_string()));
    draft.hero_id = refs.hero_id;
    draft.related = refs.related;
    draft.extra = incoming.extra.clone();
    let state = publication(incoming, mode, source_status, previous, now);
    draft.status = state.status;
    draft.published_at = state.published_at;
    draft.embargo_until = state.embargo_until;
    draft
}

/// The source's slug when it is usable, else one made from the headline, else one made
/// from the source key (a headline of punctuation only has no slug of its own).
fn choose_slug(source: Option<&str>, headline: &str, source_key: &str) -> String {
    if let Some(slug) = source
        .map(|s| normalize_text(s).replace('/', "-"))
        .filter(|s| !s.trim().is_empty())
    {
        return slug;
    }
    let slug = slugify(headline);
    if !slug.is_empty() {
        return slug;
    }
    format!("item-{}", &short_hash(source_key)[..12])
}

/// Hex SHA-256 of `text`.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Tags, then the sections after the first (an article lives in one section; the others
/// are kept as tags), without duplicates under Arabic folding.
fn tags_of(incoming: &IncomingArticle) -> Vec<String> {
    let candidates = incoming.tags.iter().chain(incoming.sections.iter().skip(1));
    let mut seen = std::collections::HashSet::new();
    let mut tags = Vec::new();
    for tag in candidates {
        let tag = normalize_text(tag);
        if !tag.is_empty() && seen.insert(fold_for_matching(&tag)) {
            tags.push(tag);
        }
    }
    tags
}

fn dedup_exact(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(normalize_text).filter(|t| !t.is_empty())
}

/// The block with its text normalised; marks move with their characters (normalisation
/// can compose, collapse or trim them away), so they still cover the same words.
fn normalize_block(block: &Block) -> Block {
    match block {
        Block::Paragraph { text, marks } => {
            let (text, marks) = normalize_marked_text(text, marks);
            Block::Paragraph { text, marks }
        }
        Block::Subheading { text } => Block::Subheading {
            text: normalize_text(text),
        },
        Block::Quote {
            text,
            attribution,
            marks,
        } => {
            let (text, marks) = normalize_marked_text(text, marks);
            Block::Quote {
                text,
                attribution: non_empty(attribution.as_deref()),
                marks,
            }
        }
        Block::List {
            ordered,
            items,
            item_marks,
        } => {
            let (items, mut item_marks): (Vec<String>, Vec<Vec<Mark>>) = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    normalize_marked_text(item, item_marks.get(i).map_or(&[], Vec::as_slice))
                })
                .unzip();
            while item_marks.last().is_some_and(Vec::is_empty) {
                item_marks.pop();
            }
            Block::List {
                ordered: *ordered,
                items,
                item_marks,
            }
        }
        Block::Image { .. } => block.clone(),
    }
}
