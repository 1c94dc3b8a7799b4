//! `/newsroom/users`: the accounts, adding one (its generated password shown once, on the
//! answer to the form, never stored in clear nor shown again), changing a role, disabling
//! and enabling. Chiefs only.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use warraq_domain::arabic::parse_number;
use warraq_domain::{Role, User, UserId, UserUpdate};
use warraq_newsroom::permissions::Action;

use super::super::error::PageError;
use super::super::i18n::{Lang, role_label, tr};
use super::super::library::When;
use super::super::page::{self, Frame, Nav};
use super::super::session::{CsrfForm, NewsroomUser};
use super::{AdminError, AdminResult, fixable_message, require};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewUserInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
}

#[derive(Debug, Deserialize)]
pub struct RoleInput {
    #[serde(default)]
    role: String,
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

#[derive(Debug, Serialize)]
struct UserRow {
    id: i64,
    display_name: String,
    email: String,
    role: &'static str,
    role_label: &'static str,
    disabled: bool,
    created: When,
    is_self: bool,
}

#[derive(Debug, Serialize)]
struct RoleOption {
    value: &'static str,
    label: &'static str,
}

/// The account just created and its one-time password.
#[derive(Debug, Serialize)]
struct Created {
    display_name: String,
    email: String,
    password: String,
}

/// What the page shows besides the list.
#[derive(Debug, Default)]
struct Outcome {
    created: Option<Created>,
    notice: Option<&'static str>,
    error: Option<String>,
    form: NewUserInput,
    status: Option<StatusCode>,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<DoneQuery>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageAccounts, Nav::Accounts)?;
    let notice = match query.done.as_deref() {
        Some("role") => Some("adm_done_role"),
        Some("disabled") => Some("adm_done_disabled"),
        Some("enabled") => Some("adm_done_enabled"),
        _ => None,
    };
    render(
        &state,
        lang,
        &who,
        Outcome {
            notice,
            ..Outcome::default()
        },
    )
    .await
}

pub async fn add(
    State(state): State<AppState>,
    lang: Lang,
    CsrfForm(who, input): CsrfForm<NewUserInput>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageAccounts, Nav::Accounts)?;
    let role = parse_role(&input.role)?;
    match state
        .newsroom()
        .add_user(
            Some(&who.user),
            &input.email,
            &input.display_name,
            role,
            None,
        )
        .await
    {
        Ok((user, password)) => {
            let created = Created {
                display_name: user.display_name,
                email: user.email,
                password: password.unwrap_or_default(),
            };
            render(
                &state,
                lang,
                &who,
                Outcome {
                    created: Some(created),
                    ..Outcome::default()
                },
            )
            .await
        }
        Err(error) => match fixable_message(lang, &error) {
            Some(message) => {
                render(
                    &state,
                    lang,
                    &who,
                    Outcome {
                        error: Some(message),
                        form: input,
                        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                        ..Outcome::default()
                    },
                )
                .await
            }
            None => Err(error.into()),
        },
    }
}

pub async fn change_role(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfForm(who, input): CsrfForm<RoleInput>,
) -> AdminResult {
    let update = UserUpdate {
        role: Some(parse_role(&input.role)?),
        ..UserUpdate::default()
    };
    apply(&state, lang, &who, &id, update, "role").await
}

pub async fn disable(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfForm(who, Empty {}): CsrfForm<Empty>,
) -> AdminResult {
    let update = UserUpdate {
        disabled: Some(true),
        ..UserUpdate::default()
    };
    apply(&state, lang, &who, &id, update, "disabled").await
}

pub async fn enable(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfForm(who, Empty {}): CsrfForm<Empty>,
) -> AdminResult {
    let update = UserUpdate {
        disabled: Some(false),
        ..UserUpdate::default()
    };
    apply(&state, lang, &who, &id, update, "enabled").await
}

/// Applies a change through the service, then back to the list (the change's row).
async fn apply(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    id: &str,
    update: UserUpdate,
    done: &str,
) -> AdminResult {
    require(state, lang, who, Action::ManageAccounts, Nav::Accounts)?;
    let id = parse_number(id)
        .and_then(|n| i64::try_from(n).ok())
        .map(UserId)
        .ok_or(PageError::App(AppError::not_found("user")))?;
    match state.newsroom().update_user(&who.user, id, &update).await {
        Ok(user) => Ok(
            Redirect::to(&format!("/newsroom/users?done={done}#user-{}", user.id.0))
                .into_response(),
        ),
        Err(error) => match fixable_message(lang, &error) {
            Some(message) => {
                render(
                    state,
                    lang,
                    who,
                    Outcome {
                        error: Some(message),
                        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                        ..Outcome::default()
                    },
                )
                .await
            }
            None => Err(error.into()),
        },
    }
}

fn parse_role(text: &str) -> Result<Role, AdminError> {
    Role::parse(text.trim()).map_err(|e| PageError::bad_input("role", e.to_string()).into())
}

fn row(lang: Lang, user: &User, me: &User, state: &AppState) -> UserRow {
    UserRow {
        id: user.id.0,
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        role: user.role.as_str(),
        role_label: role_label(lang, user.role),
        disabled: user.disabled,
        created: When::new(user.created_at, state.site().offset()),
        is_self: user.id == me.id,
    }
}

async fn render(state: &AppState, lang: Lang, who: &NewsroomUser, outcome: Outcome) -> AdminResult {
    let users: Vec<UserRow> = state
        .store()
        .list_users()
        .await?
        .iter()
        .map(|u| row(lang, u, &who.user, state))
        .collect();
    let roles: Vec<RoleOption> = Role::ALL
        .into_iter()
        .map(|r| RoleOption {
            value: r.as_str(),
            label: role_label(lang, r),
        })
        .collect();
    let frame = Frame::of(state, lang, who, tr(lang, "adm_users_title"), Nav::Accounts);
    let mut form = outcome.form;
    if form.role.is_empty() {
        form.role = Role::Writer.as_str().to_string();
    }
    let mut response = page::render(
        state,
        "newsroom/admin_users.html",
        minijinja::context! {
            frame,
            users,
            roles,
            created => outcome.created,
            notice => outcome.notice.map(|k| tr(lang, k)),
            error => outcome.error,
            form,
        },
    )?;
    if let Some(status) = outcome.status {
        *response.status_mut() = status;
    }
    Ok(response)
}
