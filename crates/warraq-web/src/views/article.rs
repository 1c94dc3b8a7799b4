//! The article as its page shows it: header, hero, byline and dateline, dates, body,
//! wire sources, related module and the link to the next article.

use std::collections::HashMap;

use serde::Serialize;
use warraq_domain::marks::html::{MarkupOptions, marked_html};
use warraq_domain::urls::article_path;
use warraq_domain::{
    Agency, Article, Block, Media, MediaId, Person, PersonId, ResolvedArticle, ResolvedRelated,
};

use super::dates::DateView;
use super::paths::{author_link, tag_links};
use super::picture::{CaptionView, PictureView, SIZES_COLUMN};
use super::related::RelatedView;
use super::{LinkView, RenderContext};

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: i64,
    pub path: String,
    pub headline: String,
    pub subheadline: Option<String>,
    pub section: LinkView,
    pub hero: Option<PictureView>,
    /// Each linked to the author's page.
    pub authors: Vec<LinkView>,
    pub byline: Option<String>,
    /// Each linked to the tag's page; two spellings of one tag are one link.
    pub tags: Vec<LinkView>,
    pub bureau: Option<String>,
    pub published: Option<DateView>,
    pub body: Vec<BlockView>,
    /// Full Arabic names of the agencies whose copy the article uses.
    pub wire_sources: Vec<String>,
    /// Corrections made after publication, oldest first, each dated.
    pub corrections: Vec<CorrectionView>,
    pub related: Vec<RelatedView>,
    pub next: Option<NextView>,
}

/// A correction as readers see it: when, and what was corrected.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub at: DateView,
    pub note: String,
}

/// The next (older) article, for the plain link and for continuous reading.
#[derive(Debug, Clone, Serialize)]
pub struct NextView {
    pub path: String,
    pub fragment_path: String,
    pub headline: String,
}

impl NextView {
    pub fn of(article: &Article) -> Self {
        NextView {
            path: article_path(article),
            fragment_path: format!("/fragment/article/{}", article.id),
            headline: article.headline.clone(),
        }
    }
}

/// One body block, tagged by `type` for the template. `*_html` fields are the text with
/// its marks as HTML, every character of text and href already escaped (see
/// [`marked_html`]): the template writes them as they are.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph {
        text_html: String,
    },
    Subheading {
        text: String,
    },
    Quote {
        text_html: String,
        attribution: Option<String>,
    },
    List {
        ordered: bool,
        items_html: Vec<String>,
    },
    Image {
        picture: PictureView,
    },
}

impl ArticleView {
    pub fn of(resolved: &ResolvedArticle, next: Option<&Article>, ctx: &RenderContext<'_>) -> Self {
        let article = &resolved.article;
        let body_media: HashMap<MediaId, &Media> =
            resolved.body_media.iter().map(|m| (m.id, m)).collect();
        ArticleView {
            id: article.id.0,
            path: article_path(article),
            headline: article.headline.clone(),
            subheadline: article.subheadline.clone().filter(|s| !s.trim().is_empty()),
            section: LinkView::section(&resolved.section),
            hero: resolved
                .hero
                .as_ref()
                .map(|m| PictureView::of(m, ctx.agencies, SIZES_COLUMN, true)),
            authors: resolved.authors.iter().map(author_link).collect(),
            byline: article.byline.clone().filter(|b| !b.trim().is_empty()),
            tags: tag_links(&article.tags),
            bureau: resolved.bureau.as_ref().map(|b| b.city.clone()),
            published: article
                .published_at
                .map(|at| DateView::new(at, ctx.site.offset())),
            body: article
                .body
                .iter()
                .filter_map(|b| block_view(b, &body_media, ctx))
                .collect(),
            wire_sources: article
                .wire_sources
                .iter()
                .map(|code| agency_name(code, ctx.agencies))
                .collect(),
            corrections: article
                .corrections
                .iter()
                .map(|c| CorrectionView {
                    at: DateView::new(c.at, ctx.site.offset()),
                    note: c.note.clone(),
                })
                .collect(),
            related: resolved
                .related
                .iter()
                .map(|r| RelatedView::of(r, &HashMap::new(), ctx))
                .collect(),
            next: next.map(NextView::of),
        }
    }

    /// Links the bylines of related articles to their authors' pages; `people` holds the
    /// authors of the related articles (see [`related_author_ids`]).
    pub fn with_related_authors(
        mut self,
        resolved: &ResolvedArticle,
        people: &HashMap<PersonId, Person>,
        ctx: &RenderContext<'_>,
    ) -> Self {
        self.related = resolved
            .related
            .iter()
            .map(|r| RelatedView::of(r, people, ctx))
            .collect();
        self
    }
}

/// The people who sign the related articles of `resolved`, to load before
/// [`ArticleView::with_related_authors`].
pub fn related_author_ids(resolved: &ResolvedArticle) -> Vec<PersonId> {
    let mut ids: Vec<PersonId> = resolved
        .related
        .iter()
        .filter_map(|r| match r {
            ResolvedRelated::Article { article, .. } => Some(article.author_ids.iter().copied()),
            ResolvedRelated::External(_) => None,
        })
        .flatten()
        .collect();
    ids.sort_unstable_by_key(|id| id.0);
    ids.dedup();
    ids
}

fn agency_name(code: &str, agencies: &[Agency]) -> String {
    agencies
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.name_ar.clone())
        .unwrap_or_else(|| code.to_string())
}

fn block_view(
    block: &Block,
    media: &HashMap<MediaId, &Media>,
    ctx: &RenderContext<'_>,
) -> Option<BlockView> {
    let agencies = ctx.agencies;
    // Site paths stay relative on the page; links elsewhere are told apart by the origin.
    let markup = MarkupOptions {
        origin: ctx.site.origin(),
        ..MarkupOptions::default()
    };
    Some(match block {
        Block::Paragraph { text, marks } => BlockView::Paragraph {
            text_html: marked_html(text, marks, &markup),
        },
        Block::Subheading { text } => BlockView::Subheading { text: text.clone() },
        Block::Quote {
            text,
            attribution,
            marks,
        } => BlockView::Quote {
            text_html: marked_html(text, marks, &markup),
            attribution: attribution.clone(),
        },
        Block::List {
            ordered,
            items,
            item_marks,
        } => BlockView::List {
            ordered: *ordered,
            items_html: items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let marks = item_marks.get(i).map_or(&[][..], Vec::as_slice);
                    marked_html(item, marks, &markup)
                })
                .collect(),
        },
        Block::Image {
            media_id,
            caption,
            credit,
        } => {
            // A picture that no longer exists is left out rather than shown broken.
            let media = media.get(media_id)?;
            let caption = CaptionView::new(
                caption.as_deref().unwrap_or(&media.caption),
                credit.as_ref().or(media.credit.as_ref()),
                media.archive,
                agencies,
            );
            BlockView::Image {
                picture: PictureView::of(media, agencies, SIZES_COLUMN, false)
                    .with_caption(caption),
            }
        }
    })
}
