//! `/newsroom/account`: one's own account, for everyone: details, a new password (the
//! current one checked first, so a browser left open does not let anyone take the
//! account over), the browsers logged in, and the button that logs them all out.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use warraq_newsroom::credentials::verify_password;

use super::super::i18n::{Lang, role_label, tr};
use super::super::library::When;
use super::super::page::{self, Frame, Nav};
use super::super::session::{CsrfForm, NewsroomUser};
use super::{AdminResult, fixable_message};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PasswordInput {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Debug, Serialize)]
struct SessionRow {
    created: When,
    last_seen: When,
    expires: When,
    user_agent: String,
    address: String,
    current: bool,
}

pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<DoneQuery>,
) -> AdminResult {
    let notice = (query.done.as_deref() == Some("password")).then(|| tr(lang, "adm_done_password"));
    render(&state, lang, &who, notice, None, StatusCode::OK).await
}

pub async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    CsrfForm(who, input): CsrfForm<PasswordInput>,
) -> AdminResult {
    let refuse = |key: &'static str| {
        (
            Some(tr(lang, key).to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let stored = state.store().user_by_email(&who.user.email).await?;
    let current_ok = stored.is_some_and(|(_, hash)| verify_password(&input.current, &hash));
    let (error, status) = if !current_ok {
        refuse("adm_error_current_password")
    } else if input.password != input.confirm {
        refuse("adm_error_confirm")
    } else {
        match state
            .newsroom()
            .set_password(Some(&who.user), who.user.id, &input.password)
            .await
        {
            Ok(()) => return Ok(Redirect::to("/newsroom/account?done=password").into_response()),
            Err(error) => match fixable_message(lang, &error) {
                Some(message) => (Some(message), StatusCode::UNPROCESSABLE_ENTITY),
                None => return Err(error.into()),
            },
        }
    };
    render(&state, lang, &who, None, error, status).await
}

async fn render(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    notice: Option<&'static str>,
    error: Option<String>,
    status: StatusCode,
) -> AdminResult {
    let offset = state.site().offset();
    let sessions: Vec<SessionRow> = state
        .store()
        .sessions_of(who.user.id)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            created: When::new(s.created_at, offset),
            last_seen: When::new(s.last_seen_at, offset),
            expires: When::new(s.expires_at, offset),
            user_agent: s.user_agent.unwrap_or_default(),
            address: s.address.unwrap_or_default(),
            current: s.id_hash == who.session.id_hash,
        })
        .collect();
    let user = &who.user;
    let frame = Frame::of(state, lang, who, tr(lang, "adm_account_title"), Nav::None);
    let mut response = page::render(
        state,
        "newsroom/admin_account.html",
        minijinja::context! {
            frame,
            account => minijinja::context! {
                display_name => user.display_name,
                email => user.email,
                role => role_label(lang, user.role),
                created => When::new(user.created_at, offset),
            },
            sessions,
            notice,
            error,
            min_password => warraq_newsroom::credentials::MIN_PASSWORD_CHARS,
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}
