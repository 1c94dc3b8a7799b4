//! The page templates, compiled into the binary and loaded into one minijinja
//! `Environment` at start-up, so a broken template stops the server from starting instead
//! of failing a reader's request.

use std::sync::Arc;

use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior, Value};
use rust_embed::RustEmbed;
use thiserror::Error;

use crate::assets::AssetManifest;

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("template `{name}` is not valid UTF-8")]
    NotUtf8 { name: String },
    #[error("template `{name}` does not compile: {source}")]
    Compile {
        name: String,
        source: minijinja::Error,
    },
}

/// Every embedded template's name (`article.html`, `partials/picture.html`, ...).
pub fn template_names() -> Vec<String> {
    let mut names: Vec<String> = TemplateFiles::iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

/// Builds the environment: every template, HTML auto-escaping (by file extension), strict
/// about undefined values except in tests (`{% if x %}`), and `asset()` for static URLs.
pub fn build_environment(
    assets: Arc<AssetManifest>,
) -> Result<Environment<'static>, TemplateError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_function("asset", move |name: &str| assets.url(name));
    env.set_formatter(html_formatter);
    // Marked safe: script text is not HTML, entities would break it (it is our constant).
    env.add_global(
        "early_script",
        Value::from_safe_string(crate::security::EARLY_TEXT_SIZE_SCRIPT.to_string()),
    );
    for name in template_names() {
        let Some(file) = TemplateFiles::get(&name) else {
            continue;
        };
        let source = String::from_utf8(file.data.into_owned())
            .map_err(|_| TemplateError::NotUtf8 { name: name.clone() })?;
        env.add_template_owned(name.clone(), source)
            .map_err(|source| TemplateError::Compile { name, source })?;
    }
    Ok(env)
}

/// HTML escaping of `& < > " '` only. minijinja's default also escapes `/` (as `&#x2f;`),
/// which is safe but makes every URL in a page longer and unreadable in the source.
fn html_formatter(out: &mut Output, state: &State, value: &Value) -> Result<(), minijinja::Error> {
    if state.auto_escape() != AutoEscape::Html
        || value.is_safe()
        || value.is_undefined()
        || value.is_none()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut rest = text.as_str();
    let write_failed =
        |_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write template output");
    while let Some(pos) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..pos]).map_err(write_failed)?;
        let entity = match rest.as_bytes()[pos] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.write_str(entity).map_err(write_failed)?;
        rest = &rest[pos + 1..];
    }
    out.write_str(rest).map_err(write_failed)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use minijinja::context;
    use warraq_domain::{
        Article, ArticleDraft, ArticleId, Block, Bureau, BureauId, Credit, ExternalRelated, Mark,
        Media, MediaId, Person, PersonId, RelatedLink, ResolvedArticle, ResolvedRelated, Section,
        SectionId, default_agencies,
    };

    use super::*;
    use crate::config::SiteConfig;
    use crate::error::AppError;
    use crate::state::{LayoutView, NavItem};
    use crate::views::RenderContext;
    use crate::views::article::ArticleView;
    use crate::views::meta::{news_article_json_ld, open_graph, script_safe_json};
    use crate::views::teaser::TeaserView;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn section() -> Section {
        Section {
            id: SectionId(1),
            name: "آسيا".into(),
            slug: "آسيا".into(),
            parent_id: None,
            position: 0,
        }
    }

    fn photo(id: i64) -> Media {
        Media {
            id: MediaId(id),
            file: Some(format!("blob-{id}")),
            source_url: None,
            mime: Some("image/jpeg".into()),
            width: Some(1600),
            height: Some(900),
            byte_size: None,
            alt: "<صورة>".into(),
            caption: "سفارة في موسكو".into(),
            credit: Some(Credit::Agency { code: "EPA".into() }),
            archive: id % 2 == 0,
            created_at: at("2024-10-30T08:00:00Z"),
        }
    }

    fn article(id: i64, headline: &str) -> Article {
        let mut draft = ArticleDraft::new(headline, SectionId(1));
        draft.lede = "موجز <b>الخبر</b>".into();
        draft.body = vec![
            Block::paragraph("فقرة <script>alert(1)</script>"),
            Block::Subheading {
                text: "عنوان فرعي".into(),
            },
            Block::Quote {
                text: "«اقتباس»".into(),
                attribution: Some("متحدث".into()),
                marks: Vec::new(),
            },
            Block::List {
                ordered: true,
                items: vec!["أ".into(), "ب".into()],
                item_marks: Vec::new(),
            },
            Block::Image {
                media_id: MediaId(2),
                caption: None,
                credit: None,
            },
        ];
        draft.wire_sources = vec!["AFP".into()];
        draft.hero_id = Some(MediaId(1));
        draft.publish(at("2024-10-30T09:00:00Z"));
        Article {
            id: ArticleId(id),
            content: draft,
            created_at: at("2024-10-30T08:00:00Z"),
            updated_at: at("2024-10-30T10:00:00Z"),
            version: 1,
        }
    }

    fn resolved() -> ResolvedArticle {
        let related = article(2, "خبر ذو صلة");
        ResolvedArticle {
            article: Article {
                content: ArticleDraft {
                    related: vec![RelatedLink::Article { id: ArticleId(2) }],
                    ..article(1, "عنوان </script> الخبر").content
                },
                ..article(1, "x")
            },
            section: section(),
            hero: Some(photo(1)),
            bureau: Some(Bureau {
                id: BureauId(1),
                city: "موسكو".into(),
                slug: "موسكو".into(),
            }),
            authors: vec![Person {
                id: PersonId(1),
                name: "كاتب".into(),
                slug: "كاتب".into(),
                title: None,
                photo: None,
            }],
            related: vec![
                ResolvedRelated::Article {
                    article: Box::new(related),
                    section: section(),
                    thumbnail: Some(photo(4)),
                    bureau: None,
                },
                ResolvedRelated::External(ExternalRelated {
                    title: "خبر خارجي".into(),
                    outlet: Some("«صحيفة»".into()),
                    ..Default::default()
                }),
            ],
            body_media: vec![photo(2)],
            author_photos: Vec::new(),
        }
    }

    fn layout() -> LayoutView {
        LayoutView {
            site_name: "ورّاق".into(),
            canonical: "http://example.org/".into(),
            nav: vec![NavItem {
                label: "آسيا".into(),
                url: "/section/x".into(),
                current: true,
            }],
            title: "عنوان".into(),
            description: "وصف".into(),
        }
    }

    #[test]
    fn every_template_compiles_and_every_page_template_renders() {
        let env = build_environment(Arc::new(AssetManifest::build())).unwrap();
        let site = SiteConfig::default();
        let agencies = default_agencies();
        let sections = vec![section()];
        let ctx = RenderContext {
            site: &site,
            agencies: &agencies,
            sections: &sections,
        };
        let resolved = resolved();
        let view = ArticleView::of(&resolved, Some(&article(9, "التالي")), &ctx);
        let json_ld = minijinja::Value::from_safe_string(script_safe_json(&news_article_json_ld(
            &resolved,
            &ctx,
            "http://x/logo.svg",
        )));
        let meta = open_graph(&resolved, &ctx);
        let pictures = [(MediaId(1), photo(1))].into_iter().collect();
        let teaser = TeaserView::of(&resolved.article, &pictures, &ctx, true);

        let pages = [
            (
                "article.html",
                context! { layout => layout(), article => view.clone(), json_ld, meta, preload_image => view.hero.clone(), heading_level => 1, site_name => "ورّاق" },
            ),
            (
                "fragment.html",
                context! { article => view.clone(), heading_level => 2, site_name => "ورّاق" },
            ),
            (
                "home.html",
                context! { layout => layout(), lead => teaser.clone(), latest => vec![teaser.clone()], blocks => vec![context! { section => context! { label => "آسيا", url => "/section/x" }, items => vec![teaser.clone()] }] },
            ),
            (
                "section.html",
                context! { layout => layout(), section_name => "آسيا", items => vec![teaser.clone()], next => "/section/x?after=1.2", first_page => false, first_url => "/section/x" },
            ),
            (
                "tag.html",
                context! { layout => layout(), subject => context! { name => "روسيا" }, items => vec![teaser.clone()], next => "/tag/x?after=1.2", first_page => false, first_url => "/tag/x", feeds => context! { rss => "/tag/x/feed/rss.xml", atom => "/tag/x/feed/atom.xml" }, meta => vec![context! { attr => "property", key => "og:type", value => "website" }], json_ld_docs => vec![minijinja::Value::from_safe_string("{}".into())] },
            ),
            (
                "author.html",
                context! { layout => layout(), subject => context! { name => "سلمى", title => "مراسلة" }, items => vec![teaser.clone()], next => (), first_page => true, first_url => "/author/x", feeds => context! { rss => "/author/x/feed/rss.xml", atom => "/author/x/feed/atom.xml" } },
            ),
            (
                "search.html",
                context! {
                    layout => layout(), title => "نتائج البحث", q => "<b>x</b>", searched => true, total => 11,
                    hits => vec![context! {
                        url => "/article/1/x", headline_html => "&lt;b&gt; <mark>موسكو</mark>",
                        snippet_html => "في <mark>موسكو</mark>", section => context! { label => "آسيا", url => "/section/x" },
                        published => context! { iso => "2024-10-30T12:00:00+03:00", gregorian => "الأربعاء 30 أكتوبر 2024" },
                    }],
                    previous => (), next => "/search?q=x&page=2",
                    sections => vec![context! { slug => "x", label => "آسيا", selected => true }],
                    from => "2024-10-01", to => "", newest => false, page => 1,
                },
            ),
            (
                "error.html",
                context! { layout => layout(), title => "غير موجود", message => AppError::not_found("x").message_ar(), code => "not_found", status => 404 },
            ),
        ];
        let page_names: Vec<&str> = pages.iter().map(|(n, _)| *n).collect();
        for name in template_names() {
            // Newsroom templates are rendered, in both languages, by the tests of the
            // newsroom module that owns them (`src/newsroom/`).
            assert!(
                name.starts_with("partials/")
                    || name.starts_with("newsroom/")
                    || name == "base.html"
                    || page_names.contains(&name.as_str()),
                "template {name} is not rendered by this test"
            );
        }
        for (name, ctx) in pages {
            let html = env
                .get_template(name)
                .unwrap()
                .render(ctx)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert!(!html.contains("<script>alert"), "{name} must escape text");
            assert!(!html.contains("<b>"), "{name} must escape text");
            if name != "fragment.html" {
                assert!(
                    html.contains(r#"<html lang="ar" dir="rtl">"#),
                    "{name} is a right-to-left Arabic page"
                );
            }
        }
    }

    #[test]
    fn body_marks_render_as_nested_tags_around_escaped_text() {
        let env = build_environment(Arc::new(AssetManifest::build())).unwrap();
        let site = SiteConfig {
            base_url: "https://news.example".into(),
            ..SiteConfig::default()
        };
        let agencies = default_agencies();
        let sections = vec![section()];
        let ctx = RenderContext {
            site: &site,
            agencies: &agencies,
            sections: &sections,
        };
        let mut resolved = resolved();
        resolved.article.content.body = vec![
            // Strong on «قال الوزير», emphasis on «الوزير إن»: overlapping, strong from the
            // first character, emphasis to the last.
            Block::Paragraph {
                text: "قال الوزير إن".into(),
                marks: vec![Mark::strong(0, 10), Mark::emphasis(4, 13)],
            },
            Block::Quote {
                text: "«راجع المصدر والموقع»".into(),
                attribution: None,
                marks: vec![
                    Mark::link(1, 12, "https://other.example/q?a=1&b=\"2\"'"),
                    Mark::link(13, 20, "/article/3/خبر"),
                    Mark::strong(6, 16),
                ],
            },
            Block::List {
                ordered: false,
                items: vec![
                    "<b>أول</b>".into(),
                    "<script>alert(1)</script>".into(),
                    "ثالث".into(),
                ],
                item_marks: vec![
                    vec![Mark::emphasis(3, 6)],
                    vec![
                        Mark::link(0, 8, "javascript:alert(2)"),
                        Mark::link(8, 16, "/x\"onclick=\"alert(3)"),
                    ],
                ],
            },
        ];
        let view = ArticleView::of(&resolved, None, &ctx);
        let html = env
            .get_template("fragment.html")
            .unwrap()
            .render(context! { article => view, heading_level => 2, site_name => "ورّاق" })
            .unwrap();
        assert!(
            html.contains("<p><strong>قال <em>الوزير</em></strong><em> إن</em></p>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<blockquote><p>«<a href=\"https://other.example/q?a=1&amp;b=&quot;2&quot;&#39;\" rel=\"noopener\">\
                 راجع <strong>المصدر</strong></a><strong> </strong>\
                 <a href=\"/article/3/خبر\"><strong>وال</strong>موقع</a>»</p></blockquote>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<li>&lt;b&gt;<em>أول</em>&lt;/b&gt;</li>\
                 <li>&lt;script&gt;<a href=\"/x&quot;onclick=&quot;alert(3)\">alert(1)</a>&lt;/script&gt;</li>\
                 <li>ثالث</li>"
            ),
            "{html}"
        );
        assert!(!html.contains("<script>alert") && !html.contains("javascript:"));
    }

    #[test]
    fn html_escaping_covers_markup_characters_but_leaves_slashes_readable() {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        // Marked safe: script text is not HTML, entities would break it (it is our constant).
        env.add_global(
            "early_script",
            Value::from_safe_string(crate::security::EARLY_TEXT_SIZE_SCRIPT.to_string()),
        );
        env.add_template("t.html", "<a href=\"{{ url }}\">{{ text }}</a>{{ n }}")
            .unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(context! { url => "/article/1/خبر?a=1&b=2", text => "<script>'x\"</script>", n => 3 })
            .unwrap();
        assert_eq!(
            html,
            "<a href=\"/article/1/خبر?a=1&amp;b=2\">&lt;script&gt;&#39;x&quot;&lt;/script&gt;</a>3"
        );
    }
}
