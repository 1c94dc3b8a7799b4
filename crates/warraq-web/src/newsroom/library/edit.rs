//! `/newsroom/media/{id}`: one picture, its preview and details, and the form for its
//! words (caption, credit, archive flag, alt text), saved in one write transaction acting
//! as the user, so the change is in the change log (pages showing the picture are
//! re-rendered) and attributed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use warraq_domain::arabic::parse_number;
use warraq_domain::{Actor, Media, MediaId};

use super::super::error::PageError;
use super::super::i18n::{Lang, tr};
use super::super::page::{self, Frame, Nav};
use super::super::session::{CsrfForm, NewsroomUser};
use super::form::{MediaInput, OTHER};
use super::grid::Refusal;
use super::view::{MediaCard, PREVIEW_WIDTH, agency_options, rendition_url};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    /// Just uploaded.
    #[serde(default)]
    uploaded: Option<String>,
    /// The fields the picture's own metadata filled (`caption,credit`).
    #[serde(default)]
    read: Option<String>,
    /// Just saved.
    #[serde(default)]
    saved: Option<String>,
}

pub fn parse_media_id(text: &str) -> Result<MediaId, PageError> {
    parse_number(text)
        .and_then(|n| i64::try_from(n).ok())
        .map(MediaId)
        .ok_or(PageError::App(AppError::not_found("media")))
}

async fn load(state: &AppState, id: &str) -> Result<Media, PageError> {
    let id = parse_media_id(id)?;
    Ok(state
        .store()
        .media(id)
        .await
        .map_err(|e| AppError::from_store_lookup("media", e))?)
}

pub async fn edit_page(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Path(id): Path<String>,
    Query(query): Query<EditQuery>,
) -> Result<Response, PageError> {
    let media = load(&state, &id).await?;
    let agencies = state.snapshot().agencies.clone();
    let read = query.read.unwrap_or_default();
    let notices = Notices {
        uploaded: query.uploaded.is_some(),
        read_caption: read.split(',').any(|f| f == "caption"),
        read_credit: read.split(',').any(|f| f == "credit"),
        saved: query.saved.is_some(),
    };
    let form = MediaInput::of(&media, &agencies);
    render(&state, lang, &who, &media, form, Shown::Notices(notices))
}

pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfForm(who, input): CsrfForm<MediaInput>,
) -> Result<Response, PageError> {
    let media = load(&state, &id).await?;
    let agencies = state.snapshot().agencies.clone();
    let words = match input.words(&agencies) {
        Ok(words) => words,
        Err(error) => {
            let refusal = Refusal::form(lang, &error);
            return render(&state, lang, &who, &media, input, Shown::Refusal(refusal));
        }
    };
    let draft = words.apply_to(&media);
    let mut tx = state.store().begin(Actor::User(who.user.id)).await?;
    tx.update_media(media.id, &draft).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/newsroom/media/{}?saved=1", media.id.0)).into_response())
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct Notices {
    uploaded: bool,
    read_caption: bool,
    read_credit: bool,
    saved: bool,
}

/// What the page says above the form: how it got here, or why the form was refused.
enum Shown {
    Notices(Notices),
    Refusal(Refusal),
}

fn render(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    media: &Media,
    form: MediaInput,
    shown: Shown,
) -> Result<Response, PageError> {
    let (notices, refusal) = match shown {
        Shown::Notices(notices) => (notices, None),
        Shown::Refusal(refusal) => (Notices::default(), Some(refusal)),
    };
    let status = refusal.as_ref().map_or(StatusCode::OK, |r| r.status);
    let snapshot = state.snapshot();
    let card = MediaCard::of(media, &snapshot.agencies, state.site().offset());
    let frame = Frame::of(state, lang, who, tr(lang, "lib_edit_title"), Nav::Library);
    let mut response = page::render(
        state,
        "newsroom/library_edit.html",
        minijinja::context! {
            frame,
            media => card,
            preview_url => rendition_url(media.id.0, PREVIEW_WIDTH),
            form,
            agencies => agency_options(&snapshot.agencies, lang),
            other => OTHER,
            notices,
            failure => refusal.map(|r| r.failure),
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}
