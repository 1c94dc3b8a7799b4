//! `/newsroom/audit?subject=&before=`: who did what to what and when, newest first, 50 to
//! a page, filtered by subject (`article:12`, `user:3`, `token:5`). Each subject links to
//! its page in the newsroom and to the log filtered by it. Chiefs only (the service
//! checks too).

use std::collections::HashMap;

use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use warraq_domain::arabic::parse_number;
use warraq_domain::{Actor, AuditEntry, Status, UserId};
use warraq_newsroom::permissions::Action;
use warraq_store::AuditQuery;

use super::super::error::PageError;
use super::super::i18n::{Lang, status_label, tr};
use super::super::library::When;
use super::super::page::{self, Frame, Nav};
use super::super::session::NewsroomUser;
use super::{AdminResult, require};
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    before: Option<String>,
}

#[derive(Debug, Serialize)]
struct EntryRow {
    seq: i64,
    when: When,
    who: String,
    action: String,
    /// The particulars in words (a state change), or the raw detail.
    detail: String,
    subject: String,
    /// The subject's page in the newsroom, when it has one.
    subject_url: Option<String>,
    filter_url: String,
}

pub async fn log(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<LogQuery>,
) -> AdminResult {
    require(&state, lang, &who, Action::ReadAuditLog, Nav::Audit)?;
    let subject = query.subject.trim().to_string();
    let before = match query.before.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            parse_number(text)
                .and_then(|n| i64::try_from(n).ok())
                .ok_or_else(|| PageError::bad_input("before", "not an entry number"))?,
        ),
    };
    let mut entries = state
        .newsroom()
        .audit_log(
            &who.user,
            &AuditQuery {
                subject: Some(subject.clone()).filter(|s| !s.is_empty()),
                before,
                limit: PAGE_SIZE + 1,
            },
        )
        .await?;
    let more = entries.len() > PAGE_SIZE as usize;
    entries.truncate(PAGE_SIZE as usize);
    let names: HashMap<UserId, String> = state
        .store()
        .list_users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let offset = state.site().offset();
    let rows: Vec<EntryRow> = entries
        .iter()
        .map(|e| EntryRow {
            seq: e.seq,
            when: When::new(e.at, offset),
            who: actor_label(lang, e.actor, &names),
            action: action_label(lang, &e.action),
            detail: detail_text(lang, e),
            subject: e.subject.clone(),
            subject_url: subject_url(&e.subject),
            filter_url: format!("/newsroom/audit?subject={}", encode(&e.subject)),
        })
        .collect();
    let older_url = more.then(|| {
        let last = rows.last().map_or(0, |r| r.seq);
        format!("/newsroom/audit?subject={}&before={last}", encode(&subject))
    });
    let newest_url = before.map(|_| format!("/newsroom/audit?subject={}", encode(&subject)));
    let frame = Frame::of(&state, lang, &who, tr(lang, "audit_log"), Nav::Audit);
    Ok(page::render(
        &state,
        "newsroom/admin_audit.html",
        minijinja::context! { frame, rows, subject, older_url, newest_url },
    )?)
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn actor_label(lang: Lang, actor: Actor, names: &HashMap<UserId, String>) -> String {
    match actor {
        Actor::User(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("user:{id}")),
        Actor::Import => tr(lang, "adm_actor_import").to_string(),
        Actor::System => tr(lang, "system").to_string(),
    }
}

fn action_label(lang: Lang, action: &str) -> String {
    let key = match action {
        "article.status" => "adm_action_article_status",
        "article.corrected" => "adm_action_article_corrected",
        "article.restored" => "adm_action_article_restored",
        "user.created" => "adm_action_user_created",
        "user.updated" => "adm_action_user_updated",
        "user.password" => "adm_action_user_password",
        "token.created" => "adm_action_token_created",
        "token.revoked" => "adm_action_token_revoked",
        "sessions.revoked" => "adm_action_sessions_revoked",
        other => return other.to_string(),
    };
    tr(lang, key).to_string()
}

/// A state change as "from draft to published" in the page's words; anything else as its
/// JSON.
fn detail_text(lang: Lang, entry: &AuditEntry) -> String {
    let state_of = |field: &str| {
        entry
            .detail
            .get(field)
            .and_then(|v| v.as_str())
            .and_then(|s| Status::parse(s).ok())
    };
    if entry.action == "article.status"
        && let (Some(from), Some(to)) = (state_of("from"), state_of("to"))
    {
        return tr(lang, "adm_status_change")
            .replace("{from}", status_label(lang, from))
            .replace("{to}", status_label(lang, to));
    }
    match &entry.detail {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    }
}

/// The newsroom page of `article:12`, `user:3` or `token:5`.
fn subject_url(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once(':')?;
    let id: i64 = id.parse().ok()?;
    match kind {
        "article" => Some(format!("/newsroom/articles/{id}")),
        "user" => Some(format!("/newsroom/users#user-{id}")),
        "token" => Some(format!("/newsroom/tokens#token-{id}")),
        "media" => Some(format!("/newsroom/media/{id}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    #[test]
    fn subjects_link_to_their_newsroom_pages() {
        assert_eq!(
            subject_url("article:12").as_deref(),
            Some("/newsroom/articles/12")
        );
        assert_eq!(
            subject_url("user:3").as_deref(),
            Some("/newsroom/users#user-3")
        );
        assert_eq!(subject_url("token:x"), None);
        assert_eq!(subject_url("site"), None);
    }

    #[test]
    fn a_state_change_reads_in_words() {
        let entry = AuditEntry {
            seq: 1,
            at: Utc::now(),
            actor: Actor::System,
            action: "article.status".into(),
            subject: "article:1".into(),
            detail: serde_json::json!({"from": "in_review", "to": "published"}),
        };
        assert_eq!(detail_text(Lang::En, &entry), "from In review to Published");
        assert_eq!(action_label(Lang::Ar, "unknown.thing"), "unknown.thing");
    }
}
