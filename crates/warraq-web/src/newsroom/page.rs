//! The frame every newsroom page shares ([`Frame`]: language, direction, the string table,
//! who is logged in, the CSRF token for forms, the newsroom's stylesheet and script) and
//! [`render`], which renders a newsroom template into a response nobody keeps
//! (`Cache-Control: no-store`; never the reader page cache).
//!
//! Templates extend `newsroom/base.html` and get `frame`; strings are `frame.t.key`.

use std::collections::BTreeMap;

use axum::response::Response;
use serde::Serialize;
use warraq_domain::Role;

use super::error::PageError;
use super::i18n::{Lang, role_label, strings};
use super::session::NewsroomUser;
use crate::state::{AppState, HTML, uncached_page};

/// Which item of the newsroom's navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nav {
    None,
    Articles,
    Library,
    Accounts,
    Audit,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameUser {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: &'static str,
    pub role_label: &'static str,
    pub is_chief: bool,
    pub may_publish: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub lang: &'static str,
    pub dir: &'static str,
    /// The language the toggle switches to, and its `?lang=` link.
    pub other_lang: &'static str,
    pub title: String,
    pub site_name: String,
    pub t: &'static BTreeMap<&'static str, &'static str>,
    pub user: Option<FrameUser>,
    /// For every form's hidden `csrf` field and the `X-CSRF-Token` of scripts (also in
    /// `<meta name="csrf-token">`).
    pub csrf: Option<String>,
    pub nav: Nav,
    pub css: String,
    pub js: String,
}

impl Frame {
    /// A page for someone not logged in (login, errors).
    pub fn anonymous(state: &AppState, lang: Lang, title: &str) -> Frame {
        Frame {
            lang: lang.code(),
            dir: lang.dir(),
            other_lang: lang.other().code(),
            title: title.to_string(),
            site_name: state.site().site_name.clone(),
            t: strings(lang),
            user: None,
            csrf: None,
            nav: Nav::None,
            css: state.assets().url("newsroom/newsroom.css"),
            js: state.assets().url("newsroom/newsroom.js"),
        }
    }

    /// A page of a logged-in user.
    pub fn of(state: &AppState, lang: Lang, who: &NewsroomUser, title: &str, nav: Nav) -> Frame {
        let user = &who.user;
        Frame {
            user: Some(FrameUser {
                id: user.id.0,
                display_name: user.display_name.clone(),
                email: user.email.clone(),
                role: user.role.as_str(),
                role_label: role_label(lang, user.role),
                is_chief: user.role == Role::Chief,
                may_publish: user.role != Role::Writer,
            }),
            csrf: Some(who.session.csrf_token.clone()),
            nav,
            ..Frame::anonymous(state, lang, title)
        }
    }
}

/// Renders `template` into a page that is never cached anywhere.
pub fn render<S: Serialize>(
    state: &AppState,
    template: &str,
    ctx: S,
) -> Result<Response, PageError> {
    Ok(uncached_page(state.render(template, ctx)?, HTML))
}
