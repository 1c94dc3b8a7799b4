use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::arabic::{normalize_text, slugify};
use crate::error::DomainError;
use crate::ids::{ArticleId, BureauId, MediaId, PersonId, SectionId};
use crate::marks::{Mark, validate_marks};
use crate::media::Credit;

const MAX_HEADLINE_CHARS: usize = 300;

/// Where an article is in its life. Storage keeps the state as text, so adding one needs
/// no migration.
///
/// Whether readers see an article is not the status alone but [`ArticleDraft::visible_from`]
/// compared with the clock: a scheduled or embargoed article goes live at its time with
/// nobody acting, and the scheduler only records that it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    InReview,
    /// To be published at `published_at`.
    Scheduled,
    /// Published, but withheld from readers until `embargo_until`.
    Embargoed,
    Published,
    Unpublished,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::InReview,
        Status::Scheduled,
        Status::Embargoed,
        Status::Published,
        Status::Unpublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Scheduled => "scheduled",
            Status::Embargoed => "embargoed",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| DomainError::Invalid {
                field: "article.status",
                reason: format!("unknown status `{text}`"),
            })
    }

    /// Scheduled, embargoed and published articles are meant for readers, each from its
    /// own moment; the others are not, whatever their times say.
    pub fn is_meant_for_readers(self) -> bool {
        matches!(
            self,
            Status::Scheduled | Status::Embargoed | Status::Published
        )
    }
}

/// One block of an article body. Text is plain (no markup): the renderer escapes it, so
/// nothing an editor or an import writes can inject HTML. Emphasis, strong and links are
/// [`Mark`]s beside the text (character ranges), drawn only by the renderers; text stored
/// before marks existed has none and loads as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    Subheading {
        text: String,
    },
    Quote {
        text: String,
        attribution: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    List {
        ordered: bool,
        items: Vec<String>,
        /// `item_marks[i]` are the marks of `items[i]`; it may be shorter than `items`
        /// (items without marks at the end are left out).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        item_marks: Vec<Vec<Mark>>,
    },
    Image {
        media_id: MediaId,
        caption: Option<String>,
        credit: Option<Credit>,
    },
}

impl Block {
    /// A paragraph without marks.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// The block's words, for ledes, search and word counts.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { text, .. } | Block::Subheading { text } => text.clone(),
            Block::Quote { text, .. } => text.clone(),
            Block::List { items, .. } => items.join("\n"),
            Block::Image { caption, .. } => caption.clone().unwrap_or_default(),
        }
    }

    /// Checks the block's marks against its text; `index` is the block's place in the body,
    /// for the path the error names (`article.body[3].marks[1]`).
    fn validate_marks(&self, index: usize) -> Result<(), DomainError> {
        let at = |path: String, error: &dyn std::fmt::Display| DomainError::InvalidAt {
            path,
            reason: error.to_string(),
        };
        match self {
            Block::Paragraph { text, marks } | Block::Quote { text, marks, .. } => {
                validate_marks(text, marks).map_err(|e| {
                    at(
                        format!("article.body[{index}].marks[{}]", e.index),
                        &e.error,
                    )
                })
            }
            Block::List {
                items, item_marks, ..
            } => {
                if item_marks.len() > items.len() {
                    return Err(at(
                        format!("article.body[{index}].item_marks"),
                        &format!(
                            "{} lists of marks for {} items",
                            item_marks.len(),
                            items.len()
                        ),
                    ));
                }
                for (item, (text, marks)) in items.iter().zip(item_marks).enumerate() {
                    validate_marks(text, marks).map_err(|e| {
                        at(
                            format!("article.body[{index}].item_marks[{item}][{}]", e.index),
                            &e.error,
                        )
                    })?;
                }
                Ok(())
            }
            Block::Subheading { .. } | Block::Image { .. } => Ok(()),
        }
    }
}

/// A related article: one of ours, or a reference to a story we do not hold (kept from an
/// import so the module is never silently shortened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RelatedLink {
    Article { id: ArticleId },
    External(ExternalRelated),
}

/// A related story known only by what another page showed of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExternalRelated {
    pub title: String,
    pub lede: Option<String>,
    pub url: Option<String>,
    /// The section label as shown (`آسيا`).
    pub section: Option<String>,
    /// The outlet in the byline (`«الشرق الأوسط»`).
    pub outlet: Option<String>,
    /// The bureau city in the byline (`واشنطن`).
    pub bureau: Option<String>,
    pub thumbnail_caption: Option<String>,
    pub thumbnail_credit: Option<Credit>,
    pub thumbnail_archive: bool,
}

/// A correction of a published article: what was wrong, said to readers, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub at: DateTime<Utc>,
    pub note: String,
}

/// Everything an editor or an import sets on an article: what `create` and `update` take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDraft {
    pub headline: String,
    pub subheadline: Option<String>,
    pub slug: String,
    pub lede: String,
    pub body: Vec<Block>,
    pub section_id: SectionId,
    pub tags: Vec<String>,
    pub author_ids: Vec<PersonId>,
    /// Byline text shown instead of (or beside) the author names, e.g. `«الشرق الأوسط»`.
    pub byline: Option<String>,
    pub bureau_id: Option<BureauId>,
    /// Codes of the agencies credited in the text (`AFP`, `Reuters`).
    pub wire_sources: Vec<String>,
    pub hero_id: Option<MediaId>,
    pub related: Vec<RelatedLink>,
    pub status: Status,
    /// The publication time: when the article went (or, scheduled, will go) live.
    /// Required for scheduled, embargoed and published articles.
    pub published_at: Option<DateTime<Utc>>,
    /// Readers may not see the article before this moment, whatever its status.
    #[serde(default)]
    pub embargo_until: Option<DateTime<Utc>>,
    /// Corrections made after publication, oldest first: each is shown to readers, dated,
    /// under the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// Interchange fields we do not model (from ninjs imports), given back on export.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ArticleDraft {
    /// A draft with a headline, its slug, and nothing else.
    pub fn new(headline: &str, section_id: SectionId) -> Self {
        let headline = normalize_text(headline);
        Self {
            slug: slugify(&headline),
            headline,
            subheadline: None,
            lede: String::new(),
            body: Vec::new(),
            section_id,
            tags: Vec::new(),
            author_ids: Vec::new(),
            byline: None,
            bureau_id: None,
            wire_sources: Vec::new(),
            hero_id: None,
            related: Vec::new(),
            status: Status::Draft,
            published_at: None,
            embargo_until: None,
            corrections: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    /// Marks the draft published at `at`, keeping an earlier first-publication time.
    pub fn publish(&mut self, at: DateTime<Utc>) {
        self.status = Status::Published;
        self.published_at.get_or_insert(at);
    }

    /// Checks the rules every stored article obeys.
    ///
    /// Marks are checked against the text as it is: whoever normalises block text
    /// (imports, the editor's save) does it with
    /// [`normalize_marked_text`](crate::marks::normalize_marked_text) first, since
    /// normalisation can move characters under the marks.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.headline.trim().is_empty() {
            return Err(DomainError::Empty {
                field: "article.headline",
            });
        }
        let len = self.headline.chars().count();
        if len > MAX_HEADLINE_CHARS {
            return Err(DomainError::TooLong {
                field: "article.headline",
                len,
                max: MAX_HEADLINE_CHARS,
            });
        }
        if self.slug.is_empty() {
            return Err(DomainError::Empty {
                field: "article.slug",
            });
        }
        if self.slug.contains('/') {
            return Err(DomainError::Invalid {
                field: "article.slug",
                reason: "a slug cannot contain `/`".into(),
            });
        }
        if self.status.is_meant_for_readers() && self.published_at.is_none() {
            return Err(DomainError::Invalid {
                field: "article.published_at",
                reason: format!(
                    "a {} article needs a publication time",
                    self.status.as_str().replace('_', " ")
                ),
            });
        }
        if self.status == Status::Embargoed && self.embargo_until.is_none() {
            return Err(DomainError::Invalid {
                field: "article.embargo_until",
                reason: "an embargoed article needs the time its embargo ends".into(),
            });
        }
        for (index, block) in self.body.iter().enumerate() {
            block.validate_marks(index)?;
        }
        Ok(())
    }

    /// The moment from which readers may see the article: its publication time, or the end
    /// of its embargo when that is later; `None` while its status keeps it from readers.
    ///
    /// This is the one rule of visibility. The store keeps its value beside the article so
    /// that lists, pages, the API, media, feeds, search and sitemaps all ask the same
    /// question: `visible_from <= now`.
    pub fn visible_from(&self) -> Option<DateTime<Utc>> {
        if !self.status.is_meant_for_readers() {
            return None;
        }
        let published = self.published_at?;
        Some(match self.embargo_until {
            Some(embargo) if embargo > published => embargo,
            _ => published,
        })
    }

    /// The pictures in the body, in order.
    pub fn body_media_ids(&self) -> impl Iterator<Item = MediaId> + '_ {
        self.body.iter().filter_map(|b| match b {
            Block::Image { media_id, .. } => Some(*media_id),
            _ => None,
        })
    }

    /// Every picture the article shows: the hero photo, then the body's.
    pub fn media_ids(&self) -> impl Iterator<Item = MediaId> + '_ {
        self.hero_id.into_iter().chain(self.body_media_ids())
    }

    /// Whether readers may see the article at `now`.
    pub fn is_visible_at(&self, now: DateTime<Utc>) -> bool {
        self.visible_from().is_some_and(|from| from <= now)
    }

    /// The lede, or the first paragraph when no lede was written.
    pub fn summary(&self) -> String {
        if !self.lede.trim().is_empty() {
            return self.lede.clone();
        }
        self.body
            .iter()
            .find_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// A stored article: its editable content plus what the store keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    #[serde(flatten)]
    pub content: ArticleDraft,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Incremented on every update; lets editors detect a concurrent change.
    pub version: i64,
}

impl std::ops::Deref for Article {
    type Target = ArticleDraft;
    fn deref(&self) -> &ArticleDraft {
        &self.content
    }
}

impl Article {
    /// Whether the article is in the published state (its time may still be ahead: see
    /// [`ArticleDraft::is_visible_at`] for what readers see).
    pub fn is_published(&self) -> bool {
        self.content.status == Status::Published
    }

    /// Where the article stands in the newest-first order: from the moment readers may
    /// see it, or its creation while it is not meant for them.
    pub fn sort_at(&self) -> DateTime<Utc> {
        self.content.visible_from().unwrap_or(self.created_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Mark;

    #[test]
    fn a_published_article_needs_a_publication_time() {
        let mut draft = ArticleDraft::new("خبر عاجل", SectionId(1));
        draft.status = Status::Published;
        assert!(matches!(
            draft.validate(),
            Err(DomainError::Invalid {
                field: "article.published_at",
                ..
            })
        ));
        let at = Utc::now();
        draft.publish(at);
        assert_eq!(draft.published_at, Some(at));
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn republishing_keeps_the_first_publication_time() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        let first = DateTime::parse_from_rfc3339("2024-10-30T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        draft.publish(first);
        draft.publish(Utc::now());
        assert_eq!(draft.published_at, Some(first));
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn visibility_follows_status_publication_time_and_embargo() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.published_at = Some(at("2030-01-01T08:00:00Z"));
        for status in [Status::Draft, Status::InReview, Status::Unpublished] {
            draft.status = status;
            assert_eq!(draft.visible_from(), None, "{status:?}");
            assert!(!draft.is_visible_at(at("2031-01-01T00:00:00Z")));
        }
        draft.status = Status::Scheduled;
        assert_eq!(draft.visible_from(), Some(at("2030-01-01T08:00:00Z")));
        assert!(!draft.is_visible_at(at("2030-01-01T07:59:59Z")));
        assert!(draft.is_visible_at(at("2030-01-01T08:00:00Z")));

        draft.status = Status::Embargoed;
        draft.embargo_until = Some(at("2030-01-02T00:00:00Z"));
        assert!(!draft.is_visible_at(at("2030-01-01T12:00:00Z")));
        assert!(draft.is_visible_at(at("2030-01-02T00:00:00Z")));
        // An embargo already over does not move the publication time.
        draft.embargo_until = Some(at("2029-01-01T00:00:00Z"));
        assert_eq!(draft.visible_from(), Some(at("2030-01-01T08:00:00Z")));
        // A published article under an embargo still in force stays hidden.
        draft.status = Status::Published;
        draft.embargo_until = Some(at("2030-06-01T00:00:00Z"));
        assert!(!draft.is_visible_at(at("2030-05-31T23:59:59Z")));
    }

    #[test]
    fn scheduled_and_embargoed_articles_need_their_times() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.status = Status::Scheduled;
        assert!(matches!(
            draft.validate(),
            Err(DomainError::Invalid {
                field: "article.published_at",
                ..
            })
        ));
        draft.published_at = Some(at("2030-01-01T08:00:00Z"));
        assert!(draft.validate().is_ok());
        draft.status = Status::Embargoed;
        assert!(matches!(
            draft.validate(),
            Err(DomainError::Invalid {
                field: "article.embargo_until",
                ..
            })
        ));
    }

    #[test]
    fn every_status_round_trips_through_text() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Ok(status));
        }
        assert!(Status::parse("live").is_err());
    }

    #[test]
    fn headline_rules_name_the_field() {
        let draft = ArticleDraft::new("   ", SectionId(1));
        assert_eq!(
            draft.validate(),
            Err(DomainError::Empty {
                field: "article.headline"
            })
        );
        let long = ArticleDraft::new(&"ا".repeat(301), SectionId(1));
        assert!(matches!(
            long.validate(),
            Err(DomainError::TooLong { len: 301, .. })
        ));
    }

    #[test]
    fn body_blocks_serialise_with_a_type_tag() {
        let block = Block::Quote {
            text: "«سنوافيكم بتفاصيل إضافية»".into(),
            attribution: Some("زاخاروفا".into()),
            marks: Vec::new(),
        };
        let json = serde_json::to_value(&block).unwrap();
        assert_eq!(json["type"], "quote");
        assert_eq!(serde_json::from_value::<Block>(json).unwrap(), block);
    }

    #[test]
    fn blocks_stored_before_marks_existed_still_load_and_marks_round_trip() {
        let old = serde_json::json!([
            {"type": "paragraph", "text": "فقرة"},
            {"type": "quote", "text": "«قول»", "attribution": null},
            {"type": "list", "ordered": false, "items": ["أ", "ب"]}
        ]);
        let blocks: Vec<Block> = serde_json::from_value(old.clone()).unwrap();
        assert_eq!(blocks[0], Block::paragraph("فقرة"));
        // Without marks, blocks serialise exactly as before.
        assert_eq!(serde_json::to_value(&blocks).unwrap(), old);

        let marked = serde_json::json!({
            "type": "list", "ordered": true, "items": ["أول", "ثان", "ثالث"],
            "item_marks": [[], [{"start": 0, "end": 3, "type": "link", "href": "/a"}]]
        });
        let block: Block = serde_json::from_value(marked.clone()).unwrap();
        assert_eq!(
            block,
            Block::List {
                ordered: true,
                items: vec!["أول".into(), "ثان".into(), "ثالث".into()],
                item_marks: vec![vec![], vec![Mark::link(0, 3, "/a")]],
            }
        );
        assert_eq!(serde_json::to_value(&block).unwrap(), marked);
        let paragraph = Block::Paragraph {
            text: "نص".into(),
            marks: vec![Mark::strong(0, 2)],
        };
        assert_eq!(
            serde_json::to_value(&paragraph).unwrap(),
            serde_json::json!({"type": "paragraph", "text": "نص", "marks": [{"start": 0, "end": 2, "type": "strong"}]})
        );
        assert_eq!(paragraph.plain_text(), "نص");
    }

    #[test]
    fn invalid_marks_are_refused_naming_the_block_and_the_mark() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.body = vec![
            Block::paragraph("مقدمة"),
            Block::Paragraph {
                text: "قال الوزير".into(),
                marks: vec![Mark::strong(0, 3), Mark::emphasis(4, 11)],
            },
        ];
        let error = draft.validate().unwrap_err();
        assert_eq!(error.field(), "article.body[1].marks[1]");
        assert_eq!(
            error.to_string(),
            "article.body[1].marks[1] is invalid: end 11 is past the end of the text (10 characters)"
        );

        draft.body[1] = Block::Quote {
            text: "«اضغط هنا»".into(),
            attribution: None,
            marks: vec![Mark::link(1, 5, "javascript:alert(1)")],
        };
        assert_eq!(
            draft.validate().unwrap_err().field(),
            "article.body[1].marks[0]"
        );

        draft.body[1] = Block::List {
            ordered: false,
            items: vec!["أ".into(), "رابط ورابط".into()],
            item_marks: vec![
                vec![],
                vec![
                    Mark::link(0, 4, "/a"),
                    Mark::link(2, 9, "https://example.org"),
                ],
            ],
        };
        let error = draft.validate().unwrap_err();
        assert_eq!(error.field(), "article.body[1].item_marks[1][1]");
        assert!(
            error.to_string().contains("links may not overlap"),
            "{error}"
        );

        draft.body[1] = Block::List {
            ordered: false,
            items: vec!["أ".into()],
            item_marks: vec![vec![], vec![]],
        };
        assert_eq!(
            draft.validate().unwrap_err().field(),
            "article.body[1].item_marks"
        );

        draft.body[1] = Block::List {
            ordered: false,
            items: vec!["رابط ورابط".into(), "ب".into()],
            item_marks: vec![vec![
                Mark::link(0, 4, "/a"),
                Mark::link(5, 10, "mailto:x@example.org"),
                Mark::strong(2, 7),
            ]],
        };
        assert!(draft.validate().is_ok());
    }

    #[test]
    fn summary_falls_back_to_the_first_paragraph() {
        let mut draft = ArticleDraft::new("خبر", SectionId(1));
        draft.body.push(Block::Subheading {
            text: "عنوان".into(),
        });
        draft.body.push(Block::paragraph("الفقرة الأولى"));
        assert_eq!(draft.summary(), "الفقرة الأولى");
        draft.lede = "موجز".into();
        assert_eq!(draft.summary(), "موجز");
    }
}
