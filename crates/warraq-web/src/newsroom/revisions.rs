//! An article's saved versions:
//!
//! - `GET /newsroom/articles/{id}/revisions`: every version, newest first (who, when).
//! - `GET /newsroom/articles/{id}/revisions/{version}`: one version's words.
//! - `GET /newsroom/articles/{id}/revisions/{version}/compare`: what changed from it to the
//!   current content ([`Newsroom::compare_revisions`]), removed words in `<del>`, added in
//!   `<ins>`.
//! - `POST /newsroom/articles/{id}/revisions/{version}/restore` (form: `csrf`, `version` =
//!   the current version the page showed): makes it current again as a new version
//!   ([`Newsroom::restore_revision`]; the state and times stay as they are).
//!
//! [`Newsroom::compare_revisions`]: warraq_newsroom::Newsroom::compare_revisions
//! [`Newsroom::restore_revision`]: warraq_newsroom::Newsroom::restore_revision

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use warraq_domain::{Actor, Article, UserId};
use warraq_newsroom::compare::body_text;

use super::editor::parse_id;
use super::error::PageError;
use super::forms::{Moment, number};
use super::i18n::{Lang, status_label, tr};
use super::page::{self, Frame, Nav};
use super::session::{CsrfForm, NewsroomUser};
use crate::state::AppState;

#[derive(Debug, Serialize)]
struct RevisionRow {
    version: i64,
    who: String,
    when: Moment,
    status_label: &'static str,
    current: bool,
    view_url: String,
    compare_url: String,
    restore_url: String,
}

#[derive(Debug, Serialize)]
struct ArticleHead {
    id: i64,
    headline: String,
    version: i64,
    status_label: &'static str,
    editor_url: String,
    revisions_url: String,
}

fn head(lang: Lang, article: &Article) -> ArticleHead {
    ArticleHead {
        id: article.id.0,
        headline: article.headline.clone(),
        version: article.version,
        status_label: status_label(lang, article.status),
        editor_url: format!("/newsroom/articles/{}", article.id.0),
        revisions_url: format!("/newsroom/articles/{}/revisions", article.id.0),
    }
}

/// Display names of accounts, for "who saved it".
async fn names(state: &AppState) -> Result<HashMap<UserId, String>, PageError> {
    Ok(state
        .store()
        .list_users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

fn who(lang: Lang, actor: &Actor, names: &HashMap<UserId, String>) -> String {
    match actor {
        Actor::User(id) => names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("#{}", id.0)),
        Actor::Import => tr(lang, "import").to_string(),
        Actor::System => tr(lang, "system").to_string(),
    }
}

fn parse_version(text: &str) -> Result<i64, PageError> {
    number("version", text)?.ok_or_else(|| PageError::bad_input("version", "a version number"))
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    user: NewsroomUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    let abilities = state.newsroom().abilities(&user.user, &article).await?;
    let names = names(&state).await?;
    let offset = state.site().offset();
    let mut revisions = state.store().revisions(article.id).await?;
    revisions.sort_by_key(|r| std::cmp::Reverse(r.version));
    let base = format!("/newsroom/articles/{}/revisions", article.id.0);
    let rows: Vec<RevisionRow> = revisions
        .iter()
        .map(|r| RevisionRow {
            version: r.version,
            who: who(lang, &r.actor, &names),
            when: Moment::new(r.at, offset),
            status_label: status_label(lang, r.content.status),
            current: r.version == article.version,
            view_url: format!("{base}/{}", r.version),
            compare_url: format!("{base}/{}/compare", r.version),
            restore_url: format!("{base}/{}/restore", r.version),
        })
        .collect();
    let frame = Frame::of(&state, lang, &user, tr(lang, "revisions"), Nav::Articles);
    page::render(
        &state,
        "newsroom/revisions.html",
        minijinja::context! { frame, article => head(lang, &article), rows, may_restore => abilities.edit },
    )
}

pub async fn view(
    State(state): State<AppState>,
    lang: Lang,
    user: NewsroomUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    let revision = state
        .store()
        .revision(article.id, parse_version(&version)?)
        .await?;
    let abilities = state.newsroom().abilities(&user.user, &article).await?;
    let names = names(&state).await?;
    let offset = state.site().offset();
    let content = &revision.content;
    let paragraphs: Vec<String> = body_text(content)
        .split("\n\n")
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    let title = format!("{} {}", tr(lang, "version"), revision.version);
    let frame = Frame::of(&state, lang, &user, &title, Nav::Articles);
    let base = format!(
        "/newsroom/articles/{}/revisions/{}",
        article.id.0, revision.version
    );
    page::render(
        &state,
        "newsroom/revision.html",
        minijinja::context! {
            frame,
            article => head(lang, &article),
            revision => minijinja::context! {
                version => revision.version,
                who => who(lang, &revision.actor, &names),
                when => Moment::new(revision.at, offset),
                status_label => status_label(lang, content.status),
                headline => content.headline,
                subheadline => content.subheadline,
                lede => content.lede,
                paragraphs,
                current => revision.version == article.version,
                compare_url => format!("{base}/compare"),
                restore_url => format!("{base}/restore"),
            },
            may_restore => abilities.edit,
        },
    )
}

#[derive(Debug, Serialize)]
struct ChangeView {
    field: &'static str,
    label: String,
    spans: Vec<warraq_newsroom::compare::Span>,
    /// Formatting-only changes have no words to show.
    words: bool,
}

pub async fn compare(
    State(state): State<AppState>,
    lang: Lang,
    user: NewsroomUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    let version = parse_version(&version)?;
    let changes = state
        .newsroom()
        .compare_revisions(article.id, version, None)
        .await?;
    let table = super::i18n::strings(lang);
    let changes: Vec<ChangeView> = changes
        .into_iter()
        .map(|c| ChangeView {
            field: c.field,
            label: table
                .get(format!("field_{}", c.field).as_str())
                .copied()
                .unwrap_or(c.field)
                .to_string(),
            words: !c.spans.is_empty(),
            spans: c.spans,
        })
        .collect();
    let abilities = state.newsroom().abilities(&user.user, &article).await?;
    let title = format!(
        "{} {} ← {}",
        tr(lang, "changes"),
        version,
        tr(lang, "current_version")
    );
    let frame = Frame::of(&state, lang, &user, &title, Nav::Articles);
    page::render(
        &state,
        "newsroom/compare.html",
        minijinja::context! {
            frame,
            article => head(lang, &article),
            from => version,
            changes,
            restore_url => format!("/newsroom/articles/{}/revisions/{version}/restore", article.id.0),
            may_restore => abilities.edit && version != article.version,
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    version: String,
}

pub async fn restore(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    CsrfForm(user, form): CsrfForm<RestoreForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let restored = parse_version(&version)?;
    let expected = parse_version(&form.version)?;
    let saved = state
        .newsroom()
        .restore_revision(&user.user, id, restored, expected)
        .await?;
    Ok(Redirect::to(&format!(
        "/newsroom/articles/{}?saved={}",
        saved.id.0, saved.version
    ))
    .into_response())
}
