//! The media library (`/newsroom/media`): every picture the newsroom holds, newest first,
//! searchable; uploads (JPEG, PNG, WebP, checked and cleaned by `warraq_media`); an edit
//! page per picture for its caption, credit, archive flag and alt text; the newsroom's own
//! renditions (pictures readers may not see yet); the picker's JSON search.
//!
//! # Routes
//! - `GET /newsroom/media?q=&before=`: the grid and the upload form;
//!   `POST /newsroom/media`: an upload (`multipart/form-data`, `csrf` field).
//! - `GET /newsroom/media/{id}`: the edit page; `POST` (form, `csrf`): save its words.
//! - `GET /newsroom/media/{id}/{width}`: a JPEG rendition, behind the session.
//! - `GET /newsroom/api/media?q=&before=&limit=`: the search as JSON.
//!
//! Every logged-in account may upload and edit pictures: writers attach photos too.

mod api;
mod edit;
mod form;
mod grid;
mod multipart;
mod renditions;
mod view;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

pub use view::When;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/newsroom/media",
            get(grid::library_page)
                .post(grid::upload)
                // The whole route: GETs have no body, and the upload's limit is the file's.
                .layer(DefaultBodyLimit::max(grid::upload_body_limit())),
        )
        .route(
            "/newsroom/media/{id}",
            get(edit::edit_page).post(edit::save),
        )
        .route("/newsroom/media/{id}/{width}", get(renditions::rendition))
        .route("/newsroom/api/media", get(api::search))
}

/// The library's templates rendered with sample values (the HTTP tests render them with
/// real ones); also the helpers the accounts pages' template tests use.
#[cfg(test)]
pub(super) mod tests {
    use std::sync::Arc;

    use chrono::{FixedOffset, Utc};
    use minijinja::context;
    use warraq_domain::{Credit, Media, MediaId, default_agencies};

    use super::super::i18n::{Lang, strings};
    use super::super::page::{Frame, FrameUser, Nav};
    use super::form::{MediaInput, OTHER};
    use super::view::{MediaCard, agency_options};
    use crate::assets::AssetManifest;
    use crate::templates::build_environment;

    pub fn frame(lang: Lang, nav: Nav) -> Frame {
        Frame {
            lang: lang.code(),
            dir: lang.dir(),
            other_lang: lang.other().code(),
            title: "<عنوان>".into(),
            site_name: "ورّاق".into(),
            t: strings(lang),
            user: Some(FrameUser {
                id: 1,
                display_name: "ليلى".into(),
                email: "chief@x.test".into(),
                role: "chief",
                role_label: "رئيس التحرير",
                is_chief: true,
                may_publish: true,
            }),
            csrf: Some("csrf-token-value".into()),
            nav,
            css: "/static/newsroom/newsroom.css".into(),
            js: "/static/newsroom/newsroom.js".into(),
        }
    }

    /// Renders `name`, checking what every newsroom page must be: in the frame's language
    /// and direction, with user text escaped.
    pub fn render(name: &str, lang: Lang, ctx: minijinja::Value) -> String {
        let env = build_environment(Arc::new(AssetManifest::build())).unwrap();
        let html = env
            .get_template(name)
            .unwrap()
            .render(ctx)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        let root = format!(r#"<html lang="{}" dir="{}">"#, lang.code(), lang.dir());
        assert!(html.contains(&root), "{name} is a {} page", lang.code());
        assert!(!html.contains("<script>alert"), "{name} escapes text");
        html
    }

    fn media() -> Media {
        Media {
            id: MediaId(7),
            file: Some("upload/x.jpg".into()),
            source_url: None,
            mime: Some("image/jpeg".into()),
            width: Some(1600),
            height: Some(900),
            byte_size: Some(204_800),
            alt: "<script>alert(1)</script>".into(),
            caption: "قافلة <b>مساعدات</b>".into(),
            credit: Some(Credit::Other {
                name: "«الشرق الأوسط»".into(),
            }),
            archive: true,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_library_and_edit_pages_render_in_both_languages() {
        let agencies = default_agencies();
        let offset = FixedOffset::east_opt(3 * 3600).unwrap();
        let card = MediaCard::of(&media(), &agencies, offset);
        let failure = super::grid::FormFailure {
            code: "upload.not_an_image",
            message: "الملف ليس صورة".into(),
            field: "file",
        };
        for lang in [Lang::Ar, Lang::En] {
            let html = render(
                "newsroom/library.html",
                lang,
                context! {
                    frame => frame(lang, Nav::Library), q => "<b>", items => vec![card.clone()],
                    older_url => "/newsroom/media?q=&before=7", newest_url => "/newsroom/media?q=",
                    searched => true, form => MediaInput::default(), agencies => agency_options(&agencies, lang),
                    other => OTHER, failure => failure.clone(), upload_hint => "JPEG",
                },
            );
            assert!(html.contains(r#"enctype="multipart/form-data""#));
            assert!(html.contains(r#"name="csrf" value="csrf-token-value""#));
            assert!(
                html.contains(r#"aria-invalid="true""#),
                "the file field is marked"
            );
            let html = render(
                "newsroom/library_edit.html",
                lang,
                context! {
                    frame => frame(lang, Nav::Library), media => card.clone(),
                    preview_url => "/newsroom/media/7/960", form => MediaInput::of(&media(), &agencies),
                    agencies => agency_options(&agencies, lang), other => OTHER,
                    notices => context! { uploaded => true, read_caption => true, read_credit => false, saved => false },
                    failure => (),
                },
            );
            assert!(html.contains(r#"<option value="other" selected>"#));
            assert!(html.contains(r#"name="archive" type="checkbox" value="on" aria-describedby="edit-archive-hint" checked"#));
        }
    }
}
