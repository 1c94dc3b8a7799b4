//! `GET /newsroom`: the newsroom's article list, newest first, filtered by state, section
//! and author (`?status=&section=&author=`), a page at a time (`&after=` the cursor of the
//! last row), each row linking to its editor.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use warraq_domain::{Article, PersonId, SectionId, Status};
use warraq_store::{ArticleQuery, Cursor, Scope};

use super::error::PageError;
use super::forms::{Moment, number};
use super::i18n::{Lang, status_label, tr};
use super::page::{self, Frame, Nav};
use super::session::NewsroomUser;
use crate::state::AppState;

const PAGE_SIZE: u32 = 30;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    after: String,
}

/// The filters as understood (empty: not filtered).
#[derive(Debug, Clone, Copy, Default)]
struct Filters {
    status: Option<Status>,
    section: Option<SectionId>,
    author: Option<PersonId>,
}

impl ListQuery {
    fn filters(&self) -> Result<Filters, PageError> {
        let status = match self.status.trim() {
            "" => None,
            s => Some(Status::parse(s).map_err(|e| PageError::bad_input("status", e.to_string()))?),
        };
        Ok(Filters {
            status,
            section: number("section", &self.section)?.map(SectionId),
            author: number("author", &self.author)?.map(PersonId),
        })
    }
}

impl Filters {
    /// The list's address with these filters (and a cursor).
    fn url(&self, after: Option<&Cursor>) -> String {
        let mut params = Vec::new();
        if let Some(s) = self.status {
            params.push(format!("status={}", s.as_str()));
        }
        if let Some(s) = self.section {
            params.push(format!("section={}", s.0));
        }
        if let Some(a) = self.author {
            params.push(format!("author={}", a.0));
        }
        if let Some(c) = after {
            params.push(format!("after={}", c.encode()));
        }
        if params.is_empty() {
            "/newsroom".into()
        } else {
            format!("/newsroom?{}", params.join("&"))
        }
    }
}

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    headline: String,
    status: &'static str,
    status_label: &'static str,
    section: String,
    authors: String,
    changed: Moment,
    edit_url: String,
}

#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

pub async fn article_list(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let filters = query.filters()?;
    let after = match query.after.trim() {
        "" => None,
        text => Some(
            Cursor::decode(text).ok_or_else(|| PageError::bad_input("after", "a list position"))?,
        ),
    };
    // From the default, so that filters the store adds later stay unset here.
    let page = ArticleQuery {
        limit: PAGE_SIZE,
        after,
        ..ArticleQuery::default()
    };
    let query = ArticleQuery {
        section: filters.section,
        author: filters.author,
        scope: filters.status.map_or(Scope::All, Scope::Status),
        ..page
    };
    let found = state.store().list_articles(&query).await?;
    let snapshot = state.snapshot();
    let people = state.store().list_people().await?;
    let names: HashMap<PersonId, &str> = people.iter().map(|p| (p.id, p.name.as_str())).collect();
    let sections: HashMap<SectionId, &str> = snapshot
        .sections
        .iter()
        .map(|s| (s.id, s.name.as_str()))
        .collect();
    let offset = state.site().offset();
    let untitled = tr(lang, "untitled");
    let rows: Vec<Row> = found
        .items
        .iter()
        .map(|a: &Article| Row {
            id: a.id.0,
            headline: if a.headline.trim().is_empty() {
                untitled.to_string()
            } else {
                a.headline.clone()
            },
            status: a.status.as_str(),
            status_label: status_label(lang, a.status),
            section: sections
                .get(&a.section_id)
                .copied()
                .unwrap_or("")
                .to_string(),
            authors: a
                .author_ids
                .iter()
                .filter_map(|id| names.get(id).copied())
                .collect::<Vec<_>>()
                .join("، "),
            changed: Moment::new(a.updated_at, offset),
            edit_url: format!("/newsroom/articles/{}", a.id.0),
        })
        .collect();
    let statuses: Vec<Choice> = Status::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: status_label(lang, s).into(),
            selected: filters.status == Some(s),
        })
        .collect();
    let section_choices: Vec<Choice> = snapshot
        .sections
        .iter()
        .map(|s| Choice {
            value: s.id.0.to_string(),
            label: s.name.clone(),
            selected: filters.section == Some(s.id),
        })
        .collect();
    let authors: Vec<Choice> = people
        .iter()
        .map(|p| Choice {
            value: p.id.0.to_string(),
            label: p.name.clone(),
            selected: filters.author == Some(p.id),
        })
        .collect();
    let frame = Frame::of(&state, lang, &who, tr(lang, "article_list"), Nav::Articles);
    page::render(
        &state,
        "newsroom/list.html",
        minijinja::context! {
            frame,
            rows,
            statuses,
            sections => section_choices,
            authors,
            older => found.next.as_ref().map(|c| filters.url(Some(c))),
            newest => after.is_some().then(|| filters.url(None)),
        },
    )
}
