//! WXR cases the reference export does not show: drafts, classic bodies, pages and menu
//! items, missing attachments and authors, and input that cannot be read.

use warraq_domain::Block;
use warraq_ingest::{ParseError, Parsed, ParsedItem, parse_wxr};

const SMALL_EXPORT: &str = include_str!("samples/small-export.xml");

fn parse_small() -> Parsed {
    parse_wxr(SMALL_EXPORT.as_bytes()).unwrap_or_else(|e| panic!("the small export parses: {e}"))
}

#[test]
fn a_draft_has_no_publication_time_and_keeps_everything_else() {
    let parsed = parse_small();
    let articles: Vec<_> = parsed.articles().collect();
    assert_eq!(articles.len(), 1);
    let draft = articles[0];
    assert_eq!(draft.headline, "سوق الخضار & الفاكهة يعود إلى الميناء");
    assert_eq!(draft.published_at, None);
    assert_eq!(
        draft.updated_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-05-06T08:30:00+00:00")
    );
    assert_eq!(draft.slug.as_deref(), Some("سوق"));
    assert_eq!(draft.sections, ["محليات & مدن"]);
    assert_eq!(draft.tags, ["أسواق"]);
    assert_eq!(draft.authors, ["سلمى الكاتبة"]);
    assert_eq!(draft.lede.as_deref(), Some("عودة السوق"));
    assert_eq!(draft.source_key, "wxr:https://old.example/?p=7");
    assert_eq!(draft.old_paths, ["/2023/05/سوق/"]);
}

#[test]
fn a_classic_body_becomes_blocks_and_its_uncaptioned_image_is_recorded_with_a_warning() {
    let parsed = parse_small();
    let draft = parsed.articles().next().expect("one article");
    assert_eq!(
        draft.body,
        [
            Block::paragraph(
                "عاد السوق الأسبوعي إلى ساحة الميناء صباح السبت.\nوقال أحد الباعة إن الإقبال فاق التوقعات."
            ),
            Block::Subheading {
                text: "أسعار مستقرة".into()
            },
            Block::List {
                ordered: false,
                items: vec!["الطماطم".into(), "البرتقال".into()],
                item_marks: Vec::new()
            },
        ]
    );
    assert_eq!(draft.other_media.len(), 1);
    assert_eq!(draft.other_media[0].alt.as_deref(), Some("السوق"));
    let about_draft: Vec<_> = parsed
        .warnings
        .iter()
        .filter(|w| w.item == Some(0))
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        about_draft.iter().any(|w| w.contains("sooq.png")),
        "{about_draft:?}"
    );
    assert!(
        about_draft.iter().any(|w| w.contains("attachment 99")),
        "{about_draft:?}"
    );
    assert!(draft.hero.is_none());
}

#[test]
fn pages_menu_items_and_trashed_posts_are_skipped_with_reasons_and_attachments_are_media() {
    let parsed = parse_small();
    let skipped: Vec<_> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            ParsedItem::Skipped { what, reason } => Some((what.as_str(), reason.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(skipped.len(), 3);
    assert!(
        skipped[0].0.starts_with("page «من نحن»") && skipped[0].1.contains("pages"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].0.starts_with("nav_menu_item") && skipped[1].1.contains("nav_menu_item"),
        "{skipped:?}"
    );
    assert!(skipped[2].1.contains("trash"), "{skipped:?}");
    let media: Vec<_> = parsed.media().collect();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].caption, "غلاف العدد الأول");
    assert_eq!(media[0].mime.as_deref(), Some("image/webp"));
}

#[test]
fn unreadable_input_names_what_and_where() {
    assert_eq!(
        parse_wxr(b"<rss>\xFF</rss>"),
        Err(ParseError::NotUtf8 { offset: 5 })
    );
    let broken = "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n  <wp:author></wp:autor>\n</channel></rss>";
    match parse_wxr(broken.as_bytes()) {
        Err(ParseError::Xml { line, column, .. }) => {
            assert_eq!((line, column), (3, 14), "at the mismatched end tag")
        }
        other => panic!("expected an XML error, got {other:?}"),
    }
    assert!(matches!(
        parse_wxr(b"<feed><entry/></feed>"),
        Err(ParseError::NotWxr { .. })
    ));
    assert!(matches!(
        parse_wxr(b"<rss><channel><item><title>t</title></item></channel></rss>"),
        Err(ParseError::NotWxr { .. })
    ));
    assert!(matches!(parse_wxr(b""), Err(ParseError::NotWxr { .. })));
}
