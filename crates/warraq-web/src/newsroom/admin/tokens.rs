//! `/newsroom/tokens`: API tokens (`Authorization: Bearer wq_...` on the write API), each
//! acting as an account. A new token is shown once, on the answer to the form; the store
//! keeps only its SHA-256. Chiefs only.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use warraq_domain::UserId;
use warraq_domain::arabic::{normalize_text, parse_number};
use warraq_newsroom::permissions::Action;

use super::super::error::PageError;
use super::super::i18n::{Lang, tr};
use super::super::library::When;
use super::super::page::{self, Frame, Nav};
use super::super::session::{CsrfForm, NewsroomUser};
use super::{AdminResult, fixable_message, require};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewTokenInput {
    /// The account the token acts as.
    #[serde(default)]
    email: String,
    /// What it is for ("the wire importer").
    #[serde(default)]
    label: String,
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

#[derive(Debug, Serialize)]
struct TokenRow {
    id: i64,
    label: String,
    user_name: String,
    user_email: String,
    created: When,
    last_used: Option<When>,
    revoked: bool,
}

#[derive(Debug, Serialize)]
struct AccountOption {
    email: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct Created {
    label: String,
    email: String,
    token: String,
}

#[derive(Debug, Default)]
struct Outcome {
    created: Option<Created>,
    notice: Option<&'static str>,
    error: Option<String>,
    form: NewTokenInput,
    status: Option<StatusCode>,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<DoneQuery>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageAccounts, Nav::Accounts)?;
    let notice = (query.done.as_deref() == Some("revoked")).then_some("adm_done_revoked");
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

pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    CsrfForm(who, input): CsrfForm<NewTokenInput>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageAccounts, Nav::Accounts)?;
    let refused = |message: String, input: NewTokenInput| Outcome {
        error: Some(message),
        form: input,
        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
        ..Outcome::default()
    };
    // A token without a purpose cannot be told apart from the others when it is time to
    // revoke one.
    if normalize_text(&input.label).is_empty() {
        let outcome = refused(tr(lang, "adm_error_label").to_string(), input);
        return render(&state, lang, &who, outcome).await;
    }
    match state
        .newsroom()
        .create_token(Some(&who.user), &input.email, &input.label)
        .await
    {
        Ok((token, secret)) => {
            let created = Created {
                label: token.label,
                email: input.email.trim().to_lowercase(),
                token: secret,
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
        Err(warraq_newsroom::NewsroomError::NotFound(_)) => {
            let outcome = refused(tr(lang, "adm_error_no_account").to_string(), input);
            render(&state, lang, &who, outcome).await
        }
        Err(error) => match fixable_message(lang, &error) {
            Some(message) => render(&state, lang, &who, refused(message, input)).await,
            None => Err(error.into()),
        },
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    lang: Lang,
    Path(id): Path<String>,
    CsrfForm(who, Empty {}): CsrfForm<Empty>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageAccounts, Nav::Accounts)?;
    let id = parse_number(&id)
        .and_then(|n| i64::try_from(n).ok())
        .ok_or(PageError::App(AppError::not_found("token")))?;
    state.newsroom().revoke_token(Some(&who.user), id).await?;
    Ok(Redirect::to(&format!("/newsroom/tokens?done=revoked#token-{id}")).into_response())
}

async fn render(state: &AppState, lang: Lang, who: &NewsroomUser, outcome: Outcome) -> AdminResult {
    let offset = state.site().offset();
    let users = state.store().list_users().await?;
    let by_id: HashMap<UserId, _> = users.iter().map(|u| (u.id, u)).collect();
    let tokens: Vec<TokenRow> = state
        .store()
        .list_tokens(None)
        .await?
        .into_iter()
        .rev()
        .map(|t| {
            let user = by_id.get(&t.user_id);
            TokenRow {
                id: t.id,
                label: t.label,
                user_name: user.map(|u| u.display_name.clone()).unwrap_or_default(),
                user_email: user.map(|u| u.email.clone()).unwrap_or_default(),
                created: When::new(t.created_at, offset),
                last_used: t.last_used_at.map(|at| When::new(at, offset)),
                revoked: t.revoked,
            }
        })
        .collect();
    let accounts: Vec<AccountOption> = users
        .iter()
        .filter(|u| !u.disabled)
        .map(|u| AccountOption {
            email: u.email.clone(),
            label: format!("{} <{}>", u.display_name, u.email),
        })
        .collect();
    let frame = Frame::of(
        state,
        lang,
        who,
        tr(lang, "adm_tokens_title"),
        Nav::Accounts,
    );
    let mut response = page::render(
        state,
        "newsroom/admin_tokens.html",
        minijinja::context! {
            frame,
            tokens,
            accounts,
            created => outcome.created,
            notice => outcome.notice.map(|k| tr(lang, k)),
            error => outcome.error,
            form => outcome.form,
        },
    )?;
    if let Some(status) = outcome.status {
        *response.status_mut() = status;
    }
    Ok(response)
}
