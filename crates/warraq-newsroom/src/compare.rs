//! Comparing two saved states of an article, field by field, with word-level changes in
//! the texts, for the revisions page ("what changed").

use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use warraq_domain::ArticleDraft;

/// One field that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// A stable key (`headline`, `body`, ...), for pages to label in their language.
    pub field: &'static str,
    pub before: String,
    pub after: String,
    /// The words kept, removed and added, in order.
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub change: SpanChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanChange {
    Same,
    Removed,
    Added,
}

/// The fields of `after` that differ from `before`, in page order.
pub fn compare(before: &ArticleDraft, after: &ArticleDraft) -> Vec<FieldChange> {
    let fields = [
        (
            "headline",
            text_fields(before, after, |d| d.headline.clone()),
        ),
        (
            "subheadline",
            text_fields(before, after, |d| d.subheadline.clone().unwrap_or_default()),
        ),
        ("lede", text_fields(before, after, |d| d.lede.clone())),
        ("body", text_fields(before, after, body_text)),
        (
            "section",
            text_fields(before, after, |d| d.section_id.to_string()),
        ),
        ("tags", text_fields(before, after, |d| d.tags.join("، "))),
        (
            "byline",
            text_fields(before, after, |d| d.byline.clone().unwrap_or_default()),
        ),
        (
            "hero",
            text_fields(before, after, |d| {
                d.hero_id.map(|id| id.to_string()).unwrap_or_default()
            }),
        ),
        (
            "related",
            text_fields(before, after, |d| {
                serde_json::to_string(&d.related).unwrap_or_default()
            }),
        ),
        (
            "status",
            text_fields(before, after, |d| d.status.as_str().to_string()),
        ),
        (
            "published_at",
            text_fields(before, after, |d| {
                d.published_at.map(|t| t.to_rfc3339()).unwrap_or_default()
            }),
        ),
        (
            "embargo_until",
            text_fields(before, after, |d| {
                d.embargo_until.map(|t| t.to_rfc3339()).unwrap_or_default()
            }),
        ),
        (
            "marks",
            text_fields(before, after, |d| {
                serde_json::to_string(&d.body).unwrap_or_default()
            }),
        ),
    ];
    let mut changes: Vec<FieldChange> = fields
        .into_iter()
        .filter(|(_, (a, b))| a != b)
        .map(|(field, (before, after))| FieldChange {
            field,
            spans: word_spans(&before, &after),
            before,
            after,
        })
        .collect();
    // The body's JSON differs whenever its text does; report formatting alone only when
    // the words are the same (bold added, a link changed).
    if changes.iter().any(|c| c.field == "body") {
        changes.retain(|c| c.field != "marks");
    } else if let Some(marks) = changes.iter_mut().find(|c| c.field == "marks") {
        marks.field = "formatting";
        marks.spans.clear();
    }
    changes
}

fn text_fields(
    before: &ArticleDraft,
    after: &ArticleDraft,
    get: impl Fn(&ArticleDraft) -> String,
) -> (String, String) {
    (get(before), get(after))
}

/// The body as readable text: one paragraph per block.
pub fn body_text(draft: &ArticleDraft) -> String {
    draft
        .body
        .iter()
        .map(|b| b.plain_text())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn word_spans(before: &str, after: &str) -> Vec<Span> {
    let diff = TextDiff::from_words(before, after);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SpanChange::Same,
            ChangeTag::Delete => SpanChange::Removed,
            ChangeTag::Insert => SpanChange::Added,
        };
        match spans.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => spans.push(Span {
                change: kind,
                text: change.value().to_string(),
            }),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use warraq_domain::SectionId;

    use super::*;

    #[test]
    fn only_changed_fields_are_listed_with_the_words_that_changed() {
        let before = ArticleDraft::new("وزير الخارجية يزور القاهرة", SectionId(1));
        let mut after = before.clone();
        after.headline = "وزير الخارجية يزور الرياض".into();
        let changes = compare(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "headline");
        let removed: Vec<_> = changes[0]
            .spans
            .iter()
            .filter(|s| s.change == SpanChange::Removed)
            .map(|s| s.text.as_str())
            .collect();
        let added: Vec<_> = changes[0]
            .spans
            .iter()
            .filter(|s| s.change == SpanChange::Added)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(removed, ["القاهرة"]);
        assert_eq!(added, ["الرياض"]);
        assert!(compare(&before, &before).is_empty());
    }
}
