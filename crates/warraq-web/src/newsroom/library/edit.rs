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
use super::grid::{FormFailure, form_failure};
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
    render(
        &state,
        lang,
        &who,
        &media,
        form,
        notices,
        None,
        StatusCode::OK,
    )
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
            let failure = form_failure(lang, &error);
            return render(
                &state,
                lang,
                &who,
                &media,
                input,
                Notices::default(),
                Some(failure),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
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

#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    media: &Media,
    form: MediaInput,
    notices: Notices,
    failure: Option<FormFailure>,
    status: StatusCode,
) -> Result<Response, PageError> {
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
            archive => form.archive(),
            form,
            agencies => agency_options(&snapshot.agencies, lang),
            other => OTHER,
            notices,
            failure,
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}
