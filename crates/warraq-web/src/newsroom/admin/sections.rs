//! `/newsroom/sections`: the site's sections (name, slug, parent, position, a link to the
//! reader page of each) and a form to add one. Chiefs only.
//!
//! A new section is written through a write transaction acting as the chief; the change
//! log then brings it to every node's navigation. Its slug is the one typed (made
//! URL-safe) or, left empty, that of its name; it goes last among its siblings.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use warraq_domain::arabic::{normalize_text, parse_number, slugify};
use warraq_domain::urls::section_path;
use warraq_domain::{Actor, Section, SectionDraft, SectionId};
use warraq_newsroom::permissions::Action;
use warraq_store::StoreError;

use super::super::i18n::{Lang, tr};
use super::super::page::{self, Frame, Nav};
use super::super::session::{CsrfForm, NewsroomUser};
use super::{AdminResult, require};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewSectionInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    /// A section's id, or empty for a top-level section.
    #[serde(default)]
    parent: String,
}

#[derive(Debug, Serialize)]
struct SectionRow {
    id: i64,
    name: String,
    slug: String,
    parent: Option<String>,
    position: i32,
    url: String,
}

#[derive(Debug, Serialize)]
struct ParentOption {
    id: i64,
    name: String,
}

/// What the page shows besides the list.
#[derive(Debug, Default)]
struct Outcome {
    notice: Option<&'static str>,
    error: Option<&'static str>,
    form: NewSectionInput,
    status: Option<StatusCode>,
}

pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<DoneQuery>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageSections, Nav::None)?;
    let notice = (query.done.as_deref() == Some("added")).then_some("adm_done_section");
    let sections = state.store().list_sections().await?;
    render(
        &state,
        lang,
        &who,
        &sections,
        Outcome {
            notice,
            ..Outcome::default()
        },
    )
}

pub async fn add(
    State(state): State<AppState>,
    lang: Lang,
    CsrfForm(who, input): CsrfForm<NewSectionInput>,
) -> AdminResult {
    require(&state, lang, &who, Action::ManageSections, Nav::None)?;
    let sections = state.store().list_sections().await?;
    let refuse = |key: &'static str, input: NewSectionInput| {
        render(
            &state,
            lang,
            &who,
            &sections,
            Outcome {
                error: Some(key),
                form: input,
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Outcome::default()
            },
        )
    };
    let name = normalize_text(&input.name);
    if name.trim().is_empty() {
        return refuse("adm_error_section_name", input);
    }
    let typed = normalize_text(&input.slug);
    let slug = slugify(if typed.trim().is_empty() {
        &name
    } else {
        &typed
    });
    if slug.is_empty() {
        return refuse("adm_error_section_slug", input);
    }
    let parent_id = match input.parent.trim() {
        "" => None,
        text => match parse_number(text)
            .and_then(|n| i64::try_from(n).ok())
            .filter(|id| sections.iter().any(|s| s.id.0 == *id))
        {
            Some(id) => Some(SectionId(id)),
            None => return refuse("adm_error_section_parent", input),
        },
    };
    let position = sections
        .iter()
        .filter(|s| s.parent_id == parent_id)
        .map(|s| s.position + 1)
        .max()
        .unwrap_or(0);
    let draft = SectionDraft {
        name,
        slug,
        parent_id,
        position,
    };
    let mut tx = state.store().begin(Actor::User(who.user.id)).await?;
    match tx.create_section(&draft).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/newsroom/sections?done=added").into_response())
        }
        // The slug is another section's (the transaction, failed, is dropped unwritten).
        Err(StoreError::Duplicate { .. }) => {
            drop(tx);
            refuse("adm_error_section_slug_taken", input)
        }
        Err(error) => Err(error.into()),
    }
}

fn render(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    sections: &[Section],
    outcome: Outcome,
) -> AdminResult {
    let name_of = |id: SectionId| sections.iter().find(|s| s.id == id).map(|s| s.name.clone());
    let rows: Vec<SectionRow> = sections
        .iter()
        .map(|s| SectionRow {
            id: s.id.0,
            name: s.name.clone(),
            slug: s.slug.clone(),
            parent: s.parent_id.and_then(name_of),
            position: s.position,
            url: section_path(s),
        })
        .collect();
    let parents: Vec<ParentOption> = sections
        .iter()
        .map(|s| ParentOption {
            id: s.id.0,
            name: s.name.clone(),
        })
        .collect();
    let frame = Frame::of(state, lang, who, tr(lang, "adm_sections_title"), Nav::None);
    let mut response = page::render(
        state,
        "newsroom/admin_sections.html",
        minijinja::context! {
            frame,
            nav_sections => true,
            sections => rows,
            parents,
            notice => outcome.notice.map(|k| tr(lang, k)),
            error => outcome.error.map(|k| tr(lang, k)),
            form => outcome.form,
        },
    )?;
    if let Some(status) = outcome.status {
        *response.status_mut() = status;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::super::super::i18n::Lang;
    use super::super::super::library::tests::{frame, render};
    use super::super::super::page::Nav;

    #[test]
    fn the_sections_page_renders_in_both_languages() {
        let xss = "<script>alert(1)</script>";
        for lang in [Lang::Ar, Lang::En] {
            let html = render(
                "newsroom/admin_sections.html",
                lang,
                context! {
                    frame => frame(lang, Nav::None), nav_sections => true,
                    sections => vec![context! { id => 4, name => xss, slug => "آسيا", parent => xss,
                        position => 2, url => "/section/%D8%A2" }],
                    parents => vec![context! { id => 4, name => xss }],
                    notice => (), error => "taken",
                    form => context! { name => xss, slug => "", parent => "4" },
                },
            );
            assert!(html.contains(r#"href="/section/%D8%A2""#));
            assert!(html.contains(r#"<option value="4" selected>"#));
            assert!(html.contains(r#"href="/newsroom/sections" aria-current="page""#));
        }
    }
}
