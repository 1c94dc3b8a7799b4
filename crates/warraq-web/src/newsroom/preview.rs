//! `GET /newsroom/articles/{id}/preview`: the article as readers will see it, through the
//! readers' own view and template (`article.html`) with the stored draft, rendered for
//! this request only, with a banner saying it is a preview and in which state.
//!
//! Two things differ from the public page, on purpose: pictures come from the newsroom's
//! renditions (`/newsroom/media/{id}/{width}`; readers' `/media/…` serves only pictures of
//! visible articles, so a draft's new photo would be blank), and the page asks not to be
//! indexed. Related articles are those readers would see now; "next article" is left out
//! (it depends on when the article goes out).

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;
use warraq_store::resolve_article;

use super::editor::parse_id;
use super::error::PageError;
use super::i18n::{Lang, status_label, tr};
use super::session::NewsroomUser;
use crate::state::{AppState, HTML, uncached_page};
use crate::views::article::ArticleView;
use crate::views::meta::{LOGO_ASSET, news_article_json_ld, open_graph, script_safe_json};

pub async fn preview(
    State(state): State<AppState>,
    lang: Lang,
    _who: NewsroomUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let article = state.store().article(parse_id(&id)?).await?;
    let status = article.status;
    let id = article.id;
    let resolved = resolve_article(state.store().as_ref(), article, Some(Utc::now())).await?;
    let snapshot = state.snapshot();
    let ctx = state.render_context(&snapshot);
    let view = ArticleView::of(&resolved, None, &ctx);
    let logo = state.site().absolute(&state.assets().url(LOGO_ASSET));
    let json_ld = minijinja::Value::from_safe_string(script_safe_json(&news_article_json_ld(
        &resolved, &ctx, &logo,
    )));
    let meta = open_graph(&resolved, &ctx);
    let preload_image = view.hero.clone();
    let layout = state.layout(
        &snapshot,
        &view.path,
        Some(resolved.section.id),
        &view.headline,
        &resolved.article.summary(),
    );
    let html = state.render(
        "article.html",
        minijinja::context! { layout, article => view, json_ld, meta, preload_image, heading_level => 1, site_name => state.site().site_name },
    )?;
    let banner = tr(lang, "preview_banner").replace("{status}", status_label(lang, status));
    let html = with_banner(
        &newsroom_pictures(&html),
        &state.assets().url("newsroom/newsroom.css"),
        &banner,
        &format!("/newsroom/articles/{}", id.0),
        tr(lang, "back_to_editor"),
        lang,
    );
    Ok(uncached_page(html, HTML))
}

/// Points the page's pictures (`/media/{id}/{width}[.webp]`, `/media/{id}`) at the
/// newsroom's renditions, which serve drafts' pictures too (JPEG: browsers read the bytes,
/// whatever the `<source type>` said).
fn newsroom_pictures(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(pos) = rest.find("/media/") {
        let before = rest[..pos].chars().last();
        out.push_str(&rest[..pos]);
        let tail = &rest[pos + "/media/".len()..];
        // Only addresses that start an attribute value or a srcset entry.
        if !matches!(before, Some('"' | ' ' | ',')) {
            out.push_str("/media/");
            rest = tail;
            continue;
        }
        let id_len = tail.chars().take_while(char::is_ascii_digit).count();
        if id_len == 0 {
            out.push_str("/media/");
            rest = tail;
            continue;
        }
        let id = &tail[..id_len];
        let after_id = &tail[id_len..];
        let (width, consumed) = match after_id.strip_prefix('/') {
            Some(w) => {
                let w_len = w.chars().take_while(char::is_ascii_digit).count();
                let mut used = 1 + w_len;
                if w[w_len..].starts_with(".webp") {
                    used += ".webp".len();
                }
                (&w[..w_len], used)
            }
            None => ("1600", 0),
        };
        let width = if width.is_empty() { "1600" } else { width };
        out.push_str(&format!("/newsroom/media/{id}/{width}"));
        rest = &after_id[consumed..];
    }
    out.push_str(rest);
    out
}

/// The reader's page with the newsroom's stylesheet, `noindex` and the preview banner as
/// the first thing in `<main>` (the reader template stays the readers').
fn with_banner(
    html: &str,
    css: &str,
    banner: &str,
    editor_url: &str,
    back: &str,
    lang: Lang,
) -> String {
    let escape = warraq_domain::html::escape;
    let head = format!(
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n<link rel=\"stylesheet\" href=\"{}\">\n</head>",
        escape(css)
    );
    let banner = format!(
        "<div class=\"nr-preview-banner\" role=\"note\" lang=\"{}\" dir=\"{}\"><p>{}</p><p><a href=\"{}\">{}</a></p></div>\n",
        lang.code(),
        lang.dir(),
        escape(banner),
        escape(editor_url),
        escape(back)
    );
    let mut page = html.replacen("</head>", &head, 1);
    if let Some(main) = page.find("<main")
        && let Some(end) = page[main..].find('>')
    {
        page.insert_str(main + end + 1, &format!("\n{banner}"));
    } else {
        page.insert_str(0, &banner);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_pointed_at_the_newsroom_renditions() {
        let html = r#"<source srcset="/media/3/320.webp 320w, /media/3/640.webp 640w" type="image/webp"><img src="/media/3/960" srcset="/media/3/320 320w"><a href="/media/7">x</a> <p>/media/ في النص</p>"#;
        let out = newsroom_pictures(html);
        assert_eq!(
            out,
            r#"<source srcset="/newsroom/media/3/320 320w, /newsroom/media/3/640 640w" type="image/webp"><img src="/newsroom/media/3/960" srcset="/newsroom/media/3/320 320w"><a href="/newsroom/media/7/1600">x</a> <p>/media/ في النص</p>"#
        );
    }

    #[test]
    fn the_banner_opens_main() {
        let page = with_banner(
            "<html><head></head><body><main id=\"main\" class=\"wrap\"><h1>x</h1></main></body></html>",
            "/static/n.css",
            "معاينة <b>",
            "/newsroom/articles/1",
            "عودة",
            Lang::Ar,
        );
        assert!(
            page.contains("<main id=\"main\" class=\"wrap\">\n<div class=\"nr-preview-banner\"")
        );
        assert!(page.contains("معاينة &lt;b&gt;"));
        assert!(page.contains("noindex"));
    }
}
