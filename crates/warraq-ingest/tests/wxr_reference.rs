//! The WordPress 6.1 export in /work/shared/samples parsed as WXR: every post comes across
//! with its categories, tags, author, dates, slug and featured image.

use chrono::{DateTime, Utc};
use warraq_domain::{Block, IncomingArticle};
use warraq_ingest::{Format, Parsed, ParsedItem, detect_format, parse_wxr};

const EXPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/samples/wordpress-6.1-export.xml"
);

fn read_export() -> Option<Vec<u8>> {
    match std::fs::read(EXPORT) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            println!("skipped: the WordPress export {EXPORT} is not readable ({e})");
            None
        }
    }
}

fn parse(bytes: &[u8]) -> Parsed {
    parse_wxr(bytes).unwrap_or_else(|e| panic!("the export parses: {e}"))
}

fn occurrences(bytes: &[u8], needle: &str) -> usize {
    String::from_utf8_lossy(bytes).matches(needle).count()
}

fn by_headline<'a>(parsed: &'a Parsed, headline: &str) -> &'a IncomingArticle {
    parsed
        .articles()
        .find(|a| a.headline == headline)
        .unwrap_or_else(|| panic!("no article «{headline}»"))
}

fn utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[test]
fn the_export_is_detected_as_wxr_and_gives_21_complete_articles() {
    let Some(bytes) = read_export() else { return };
    assert_eq!(detect_format(&bytes), Format::Wxr);
    let parsed = parse(&bytes);
    let articles: Vec<_> = parsed.articles().collect();
    assert_eq!(articles.len(), 21);
    for article in &articles {
        let name = &article.headline;
        assert!(!article.sections.is_empty(), "{name}: sections");
        assert_eq!(article.authors, ["admin"], "{name}: author display name");
        assert!(
            article.published_at.is_some() && article.updated_at.is_some(),
            "{name}: dates"
        );
        assert!(
            article
                .slug
                .as_deref()
                .is_some_and(|s| !s.is_empty() && !s.contains('%')),
            "{name}: decoded slug"
        );
        assert!(
            article.source_key.starts_with("wxr:http://"),
            "{name}: source key from the guid"
        );
        assert!(
            article
                .old_paths
                .iter()
                .all(|p| p.starts_with('/') && !p.contains('%')),
            "{name}: old paths"
        );
        assert_eq!(article.old_paths.len(), 1, "{name}: old path");
        let hero = article
            .hero
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: featured image"));
        let url = hero.source_url.as_deref().unwrap_or_default();
        assert!(
            url.starts_with("http://127.0.0.1:8080/wp-content/uploads/") && url.ends_with(".jpg"),
            "{name}: {url}"
        );
        assert_eq!(hero.mime.as_deref(), Some("image/jpeg"));
        assert_eq!((hero.width, hero.height), (Some(1200), Some(675)));
        assert!(!article.body.is_empty(), "{name}: body");
    }
    // Every tag the file assigns arrives as a tag (one post carries all four).
    let tags: usize = articles.iter().map(|a| a.tags.len()).sum();
    assert_eq!(tags, occurrences(&bytes, "domain=\"post_tag\""));
    assert_eq!(tags, 4);
}

#[test]
fn attachments_become_media_items_and_only_the_comments_are_reported() {
    let Some(bytes) = read_export() else { return };
    let parsed = parse(&bytes);
    let attachments = occurrences(
        &bytes,
        "<wp:post_type><![CDATA[attachment]]></wp:post_type>",
    );
    assert_eq!(parsed.media().count(), attachments);
    assert_eq!(attachments, 21);
    assert!(
        parsed
            .media()
            .all(|m| m.source_url.is_some() && !m.caption.is_empty())
    );
    assert!(
        !parsed
            .items
            .iter()
            .any(|i| matches!(i, ParsedItem::Skipped { .. }))
    );
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert_eq!(
        parsed.warnings[0].message,
        "3 reader comments were ignored: warraq does not import comments"
    );
}

#[test]
fn no_markup_or_block_comments_survive_in_block_text() {
    let Some(bytes) = read_export() else { return };
    let parsed = parse(&bytes);
    for article in parsed.articles() {
        for block in &article.body {
            let text = block.plain_text();
            assert!(!text.contains("<!--") && !text.contains("wp:"), "{text}");
            assert!(!text.contains('<') && !text.contains('>'), "{text}");
            assert!(
                !text.contains("&amp;") && !text.contains("&nbsp;"),
                "{text}"
            );
        }
    }
}

#[test]
fn the_desalination_post_comes_across_with_its_structure_tags_and_featured_image() {
    let Some(bytes) = read_export() else { return };
    let parsed = parse(&bytes);
    let article = by_headline(
        &parsed,
        "مدينة الريحان تفتتح أول محطة لتحلية مياه البحر تعمل بالطاقة الشمسية بالكامل",
    );
    assert_eq!(article.slug.as_deref(), Some("محطة-تحلية-بالطاقة-الشمسية"));
    assert_eq!(article.sections, ["بيئة"]);
    assert_eq!(article.tags, ["الريحان", "تحلية", "طاقة شمسية", "مياه"]);
    assert_eq!(article.published_at, utc("2024-03-01T09:30:00Z"));
    assert_eq!(
        article.old_paths,
        ["/2024/03/01/محطة-تحلية-بالطاقة-الشمسية/"]
    );
    assert!(
        article
            .lede
            .as_deref()
            .is_some_and(|l| l.starts_with("محطة جديدة بطاقة ستين ألف متر مكعب"))
    );
    let hero = article.hero.as_ref().expect("featured image");
    assert_eq!(
        hero.source_url.as_deref(),
        Some("http://127.0.0.1:8080/wp-content/uploads/2024/03/main-article.jpg")
    );
    assert_eq!(hero.alt.as_deref(), Some(article.headline.as_str()));

    let subheadings: Vec<_> = article
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Subheading { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        subheadings,
        [
            "كيف تعمل المحطة؟",
            "أثر بيئي واقتصادي",
            "ترحيب شعبي وأسئلة معلقة"
        ]
    );
    let quote = article.body.iter().find_map(|b| match b {
        Block::Quote {
            text, attribution, ..
        } => Some((text, attribution)),
        _ => None,
    });
    let (text, attribution) = quote.expect("the quote block");
    assert!(text.starts_with("صممنا النظام"));
    assert_eq!(
        attribution.as_deref(),
        Some("المهندسة المسؤولة عن تشغيل المحطة")
    );
    assert_eq!(article.body.len(), 15);
    assert!(
        matches!(&article.body[0], Block::Paragraph { text, .. } if text.starts_with("افتتحت بلدية مدينة الريحان"))
    );
}

#[test]
fn the_book_fair_post_has_its_decoded_slug_category_and_featured_image() {
    let Some(bytes) = read_export() else { return };
    let parsed = parse(&bytes);
    let article = by_headline(
        &parsed,
        "افتتاح معرض الكتاب السنوي بمشاركة أكثر من خمسمئة دار نشر",
    );
    assert_eq!(
        article.slug.as_deref(),
        Some("افتتاح-معرض-الكتاب-السنوي-بمشاركة-أكث")
    );
    assert_eq!(article.sections, ["ثقافة"]);
    assert!(article.tags.is_empty());
    assert_eq!(article.published_at, utc("2024-02-27T02:15:00Z"));
    let hero = article.hero.as_ref().expect("featured image");
    assert_eq!(
        hero.source_url.as_deref(),
        Some("http://127.0.0.1:8080/wp-content/uploads/2024/02/other-3.jpg")
    );
    assert_eq!(article.body.len(), 4);
    assert!(
        article
            .body
            .iter()
            .all(|b| matches!(b, Block::Paragraph { .. }))
    );
}

#[test]
fn a_cut_off_export_gives_its_complete_items_and_a_warning() {
    let Some(bytes) = read_export() else { return };
    let text = String::from_utf8_lossy(&bytes);
    // Cut inside the desalination post's body, after the first 21 attachments and some posts.
    let cut = text
        .find("<h2>كيف تعمل المحطة؟</h2>")
        .expect("marker in the export");
    let parsed = parse(text[..cut].as_bytes());
    let complete_posts = text[..cut]
        .matches("<wp:post_type><![CDATA[post]]></wp:post_type>")
        .count();
    assert_eq!(parsed.articles().count(), complete_posts);
    assert!(
        parsed
            .articles()
            .all(|a| !a.headline.starts_with("مدينة الريحان"))
    );
    let last = parsed.warnings.last().expect("a warning about the cut");
    assert!(
        last.message.contains("cut off") && last.message.contains("dropped"),
        "{}",
        last.message
    );
}
