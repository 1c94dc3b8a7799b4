//! An article as listed on the home and section pages.

use std::collections::HashMap;

use serde::Serialize;
use warraq_domain::urls::article_path;
use warraq_domain::{Article, Media, MediaId};

use super::dates::DateView;
use super::picture::{PictureView, SIZES_COLUMN, SIZES_THUMB};
use super::{LinkView, RenderContext};

#[derive(Debug, Clone, Serialize)]
pub struct TeaserView {
    pub headline: String,
    pub url: String,
    pub lede: String,
    pub section: Option<LinkView>,
    pub picture: Option<PictureView>,
    pub date: Option<DateView>,
}

impl TeaserView {
    /// `pictures` holds the heroes of the listed articles, loaded in one query. The lead
    /// story's picture is the page's largest and is fetched eagerly.
    pub fn of(
        article: &Article,
        pictures: &HashMap<MediaId, Media>,
        ctx: &RenderContext<'_>,
        lead: bool,
    ) -> Self {
        let sizes = if lead { SIZES_COLUMN } else { SIZES_THUMB };
        TeaserView {
            headline: article.headline.clone(),
            url: article_path(article),
            lede: article.summary(),
            section: ctx
                .sections
                .iter()
                .find(|s| s.id == article.section_id)
                .map(LinkView::section),
            picture: article
                .hero_id
                .and_then(|id| pictures.get(&id))
                .map(|m| PictureView::of(m, ctx.agencies, sizes, lead)),
            date: article
                .published_at
                .map(|at| DateView::new(at, ctx.site.offset())),
        }
    }
}
