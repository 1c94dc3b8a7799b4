//! The editor page: `GET /newsroom/articles/new` and `GET /newsroom/articles/{id}`, and
//! its form posts for browsers without the script: `POST /newsroom/articles` (create a
//! draft, 303 to its editor) and `POST /newsroom/articles/{id}` (save, or publish a
//! correction when the note is filled; 303 back).
//!
//! The page is one form holding every field; the page script (`newsroom.js`) mounts the
//! body editor into it, keeps the body and related articles in hidden JSON fields, saves
//! through `/newsroom/api/articles` (see [`super::api`]) and keeps an unsaved copy in the
//! browser. The workflow buttons the user may use ([`Newsroom::abilities`]) are a second
//! form (see [`super::workflow`]).
//!
//! [`Newsroom::abilities`]: warraq_newsroom::Newsroom::abilities

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use warraq_domain::{Article, ArticleDraft, ArticleId, MediaId, RelatedLink, SectionId, Status};
use warraq_newsroom::Abilities;

use super::content::EditorContent;
use super::error::PageError;
use super::forms::{Moment, field, local_input, number, offset_label};
use super::i18n::{Lang, status_label, tr};
use super::page::{self, Frame, Nav};
use super::session::{CsrfForm, NewsroomUser};
use crate::state::AppState;
use crate::views::meta::script_safe_json;

/// The newsroom's own rendition of a picture (readers' `/media/…` serves only pictures of
/// visible articles).
pub fn thumbnail_url(id: MediaId) -> String {
    format!("/newsroom/media/{}/480", id.0)
}

/// `/newsroom/articles/{id}` with a number in any digit system.
pub fn parse_id(text: &str) -> Result<ArticleId, PageError> {
    number("id", text)?
        .map(ArticleId)
        .ok_or_else(|| PageError::bad_input("id", "an article number"))
}

#[derive(Debug, Serialize)]
struct Choice {
    value: i64,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct HeroView {
    id: i64,
    thumbnail_url: String,
    caption: String,
    alt: String,
}

/// A related item as the page lists it.
#[derive(Debug, Serialize)]
pub struct RelatedView {
    /// The link itself (`{"kind": "article", "id": 4}` or an external one), kept as is.
    pub link: RelatedLink,
    pub title: String,
    pub note: String,
}

#[derive(Debug, Serialize)]
struct ActionView {
    to: &'static str,
    label: &'static str,
    /// Scheduling and embargoing need a time.
    needs_time: bool,
    primary: bool,
}

#[derive(Debug, Serialize)]
struct ArticleInfo {
    id: i64,
    version: i64,
    status: &'static str,
    status_label: &'static str,
    updated: Moment,
    preview_url: String,
    revisions_url: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct EditorQuery {
    /// Set after a workflow move: the state it moved to, announced on the page.
    #[serde(default)]
    moved: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

pub async fn new_article(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let first_section = snapshot.sections.first().map_or(SectionId(0), |s| s.id);
    let mut draft = ArticleDraft::new("", first_section);
    draft.author_ids.extend(who.user.person_id);
    let abilities = Abilities {
        edit: true,
        correct: false,
        transitions: Vec::new(),
    };
    render_editor(&state, lang, &who, None, &draft, &abilities, None).await
}

pub async fn edit_article(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Path(id): Path<String>,
    Query(query): Query<EditorQuery>,
) -> Result<Response, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    let abilities = state.newsroom().abilities(&who.user, &article).await?;
    let notice = if let Some(moved) = query.moved.as_deref() {
        Status::parse(moved)
            .ok()
            .map(|s| format!("{}: {}", tr(lang, "state_now"), status_label(lang, s)))
    } else {
        query.saved.map(|_| tr(lang, "saved").to_string())
    };
    let draft = article.content.clone();
    render_editor(
        &state,
        lang,
        &who,
        Some(&article),
        &draft,
        &abilities,
        notice,
    )
    .await
}

/// The related items of `links` with what the page shows of each.
pub async fn related_views(
    state: &AppState,
    lang: Lang,
    links: &[RelatedLink],
) -> Result<Vec<RelatedView>, PageError> {
    let ids: Vec<ArticleId> = links
        .iter()
        .filter_map(|l| match l {
            RelatedLink::Article { id } => Some(*id),
            RelatedLink::External(_) => None,
        })
        .collect();
    let found: HashMap<ArticleId, Article> = state
        .store()
        .articles_by_ids(&ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(links
        .iter()
        .map(|link| {
            let (title, note) = match link {
                RelatedLink::Article { id } => match found.get(id) {
                    Some(a) => (a.headline.clone(), status_label(lang, a.status).to_string()),
                    None => (format!("#{}", id.0), tr(lang, "error_not_found").into()),
                },
                RelatedLink::External(e) => (
                    e.title.clone(),
                    e.outlet
                        .clone()
                        .or_else(|| e.url.clone())
                        .unwrap_or_default(),
                ),
            };
            RelatedView {
                link: link.clone(),
                title,
                note,
            }
        })
        .collect())
}

async fn render_editor(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    article: Option<&Article>,
    draft: &ArticleDraft,
    abilities: &Abilities,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let snapshot = state.snapshot();
    let offset = state.site().offset();
    let people = state.store().list_people().await?;
    let bureaus = state.store().list_bureaus().await?;
    let sections: Vec<Choice> = snapshot
        .sections
        .iter()
        .map(|s| Choice {
            value: s.id.0,
            label: s.name.clone(),
            selected: s.id == draft.section_id,
        })
        .collect();
    let authors: Vec<Choice> = people
        .iter()
        .map(|p| Choice {
            value: p.id.0,
            label: p.name.clone(),
            selected: draft.author_ids.contains(&p.id),
        })
        .collect();
    let bureau_choices: Vec<Choice> = bureaus
        .iter()
        .map(|b| Choice {
            value: b.id.0,
            label: b.city.clone(),
            selected: draft.bureau_id == Some(b.id),
        })
        .collect();
    let hero = match draft.hero_id {
        Some(id) => match state.store().media(id).await {
            Ok(m) => Some(HeroView {
                id: id.0,
                thumbnail_url: thumbnail_url(id),
                caption: m.caption,
                alt: m.alt,
            }),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let related = related_views(state, lang, &draft.related).await?;
    let actions: Vec<ActionView> = abilities
        .transitions
        .iter()
        .map(|to| ActionView {
            to: to.as_str(),
            label: action_label(lang, *to),
            needs_time: matches!(to, Status::Scheduled | Status::Embargoed),
            primary: matches!(to, Status::Published | Status::InReview),
        })
        .collect();
    let schedule_value = draft
        .published_at
        .filter(|_| draft.status == Status::Scheduled)
        .map(|t| local_input(t, offset))
        .unwrap_or_default();
    let embargo_value = draft
        .embargo_until
        .map(|t| local_input(t, offset))
        .unwrap_or_default();
    let info = article.map(|a| ArticleInfo {
        id: a.id.0,
        version: a.version,
        status: a.status.as_str(),
        status_label: status_label(lang, a.status),
        updated: Moment::new(a.updated_at, offset),
        preview_url: format!("/newsroom/articles/{}/preview", a.id.0),
        revisions_url: format!("/newsroom/articles/{}/revisions", a.id.0),
    });
    let content = EditorContent::of(draft);
    // Everything the script needs, in one JSON block (never executed: `type` is JSON).
    let data = json!({
        "id": article.map(|a| a.id.0),
        "version": article.map(|a| a.version),
        "status": draft.status.as_str(),
        "content": content,
        "editable": abilities.edit,
        // A published article changes only when someone says so, never on a timer.
        "autosave": abilities.edit && draft.status != Status::Published,
        "correct": abilities.correct,
        "editor_src": state.assets().url("newsroom/editor.js"),
        "strings": {
            "saved": tr(lang, "saved"),
            "saving": tr(lang, "saving"),
            "save_failed": tr(lang, "save_failed"),
            "unsaved": tr(lang, "unsaved"),
            "stale_message": tr(lang, "stale_message"),
            "see_other_version": tr(lang, "see_other_version"),
            "overwrite": tr(lang, "overwrite"),
            "overwrite_confirm": tr(lang, "overwrite_confirm"),
            "restored_local": tr(lang, "restored_local"),
            "restore_local": tr(lang, "restore_local"),
            "discard_local": tr(lang, "discard_local"),
            "pick": tr(lang, "pick"),
            "no_results": tr(lang, "no_results"),
            "move_up": tr(lang, "move_up"),
            "move_down": tr(lang, "move_down"),
            "remove": tr(lang, "remove"),
            "no_related": tr(lang, "no_related"),
            "no_hero": tr(lang, "no_hero"),
        },
    });
    let title = match article {
        Some(a) if !a.headline.is_empty() => a.headline.clone(),
        Some(_) => tr(lang, "edit_article").to_string(),
        None => tr(lang, "new_article_title").to_string(),
    };
    let frame = Frame::of(state, lang, who, &title, Nav::Articles);
    page::render(
        state,
        "newsroom/editor.html",
        minijinja::context! {
            frame,
            article => info,
            heading => if article.is_some() { tr(lang, "edit_article") } else { tr(lang, "new_article_title") },
            content,
            tags => draft.tags.join("، "),
            wire_sources => draft.wire_sources.join("، "),
            body_json => serde_json::to_string(&draft.body).unwrap_or_else(|_| "[]".into()),
            related_json => serde_json::to_string(&draft.related).unwrap_or_else(|_| "[]".into()),
            sections,
            authors,
            bureaus => bureau_choices,
            hero,
            related,
            editable => abilities.edit,
            correct => abilities.correct,
            actions,
            schedule_value,
            embargo_value,
            time_hint => tr(lang, "time_hint").replace("{offset}", &offset_label(offset)),
            notice,
            data => minijinja::Value::from_safe_string(script_safe_json(&data)),
        },
    )
}

fn action_label(lang: Lang, to: Status) -> &'static str {
    match to {
        Status::Draft => tr(lang, "action_draft"),
        Status::InReview => tr(lang, "action_in_review"),
        Status::Scheduled => tr(lang, "action_scheduled"),
        Status::Embargoed => tr(lang, "action_embargoed"),
        Status::Published => tr(lang, "action_published"),
        Status::Unpublished => tr(lang, "action_unpublished"),
    }
}

/// `POST /newsroom/articles`: a new draft from the form; its editor next.
pub async fn create_from_form(
    State(state): State<AppState>,
    CsrfForm(who, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let content = EditorContent::from_form(&pairs)?;
    let article = state
        .newsroom()
        .create_article(&who.user, content.into_new_draft())
        .await?;
    Ok(Redirect::to(&format!("/newsroom/articles/{}", article.id.0)).into_response())
}

/// `POST /newsroom/articles/{id}`: saves the form over the version it was opened at, or
/// publishes a correction when the note is filled. A stale version is refused (409) and
/// nothing is written.
pub async fn save_from_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm(who, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let version = number("version", field(&pairs, "version").unwrap_or(""))?
        .ok_or_else(|| PageError::bad_input("version", "the version the page was opened at"))?;
    let content = EditorContent::from_form(&pairs)?;
    let note = field(&pairs, "correction").unwrap_or("").trim().to_string();
    save(&state, &who, id, version, content, &note).await?;
    Ok(Redirect::to(&format!("/newsroom/articles/{}?saved=1", id.0)).into_response())
}

/// Saves `content` over the stored article at `version` (a correction when `note` is not
/// empty), keeping what the page does not edit.
pub async fn save(
    state: &AppState,
    who: &NewsroomUser,
    id: ArticleId,
    version: i64,
    content: EditorContent,
    note: &str,
) -> Result<Article, PageError> {
    let current = state.store().article(id).await?;
    let mut draft = current.content;
    content.apply_to(&mut draft);
    let newsroom = state.newsroom();
    Ok(if note.is_empty() {
        newsroom.save_article(&who.user, id, draft, version).await?
    } else {
        newsroom
            .correct_article(&who.user, id, draft, note, version)
            .await?
    })
}
