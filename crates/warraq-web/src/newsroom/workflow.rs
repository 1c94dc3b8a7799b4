//! `POST /newsroom/articles/{id}/workflow` (form: `csrf`, `version`, `to`, and
//! `scheduled_at` / `embargo_until` in the site's time zone for those two moves): moves the
//! article through the workflow with [`Newsroom::transition`], which checks the user may
//! (a writer's forced "publish" is refused with 403) and that the move and its time are
//! allowed; then back to the editor, which announces the new state.
//!
//! [`Newsroom::transition`]: warraq_newsroom::Newsroom::transition

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use warraq_domain::Status;
use warraq_newsroom::Transition;

use super::editor::parse_id;
use super::error::PageError;
use super::forms::{local_time, number};
use super::session::CsrfForm;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct WorkflowForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    scheduled_at: String,
    #[serde(default)]
    embargo_until: String,
}

pub async fn move_article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CsrfForm(who, form): CsrfForm<WorkflowForm>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let to =
        Status::parse(form.to.trim()).map_err(|e| PageError::bad_input("to", e.to_string()))?;
    let offset = state.site().offset();
    let at = match to {
        Status::Scheduled => local_time("scheduled_at", &form.scheduled_at, offset)?,
        Status::Embargoed => local_time("embargo_until", &form.embargo_until, offset)?,
        _ => None,
    };
    let version = number("version", &form.version)?;
    let moved = state
        .newsroom()
        .transition(&who.user, id, Transition { to, at }, version)
        .await?;
    Ok(Redirect::to(&format!(
        "/newsroom/articles/{}?moved={}",
        moved.id.0,
        moved.status.as_str()
    ))
    .into_response())
}
