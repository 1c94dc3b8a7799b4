//! The parsers take anything: arbitrary text and bytes, and samples that are cut,
//! shuffled or interspersed with junk, must give a result or an error, never a panic.

use proptest::prelude::*;
use warraq_domain::default_sections;
use warraq_ingest::{detect_format, parse_wire_text, parse_wxr};

const PAGE: &str = include_str!("samples/small-page.txt");
const EXPORT: &str = include_str!("samples/small-export.xml");

fn sections() -> Vec<String> {
    default_sections().into_iter().map(|s| s.name).collect()
}

/// Characters that matter to the parsers, so random text hits their branches often.
fn interesting_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "TT",
        "\n",
        "\n\n",
        "(",
        ")",
        "«",
        "»",
        "مقالات ذات صلة",
        "«الشرق» (واشنطن)",
        "الولايات المتحدة ",
        "(أرشيفية - رويترز)",
        "30 أكتوبر 2024",
        "٣٠ تشرين الأول ٢٠٢٤",
        "الأربعاء",
        "وفق «وكالة الصحافة الفرنسية»",
        "<",
        ">",
        "</",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&#x;",
        "&#99999999;",
        "&",
        "<!-- wp:paragraph -->",
        "<p>",
        "</p>",
        "<wp:post_type>",
        "post",
        "attachment",
        "<item>",
        "</item>",
        "\u{0301}",
        "\u{200F}",
        "\r",
        "ـ",
        " ",
        "x",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_any_parser(text in any::<String>()) {
        let _ = detect_format(text.as_bytes());
        let _ = parse_wire_text(&text, &sections());
        let _ = parse_wxr(text.as_bytes());
    }

    #[test]
    fn text_made_of_format_markers_never_panics(text in interesting_text()) {
        let _ = detect_format(text.as_bytes());
        let _ = parse_wire_text(&text, &sections());
        let _ = parse_wxr(text.as_bytes());
        let wrapped = format!("<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item>{text}</item></channel></rss>");
        let _ = parse_wxr(wrapped.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = detect_format(&bytes);
        let _ = parse_wxr(&bytes);
    }

    #[test]
    fn truncated_samples_never_panic(cut in 0usize..10_000) {
        let page_cuts = char_boundaries(PAGE);
        let page_cut = page_cuts[cut % page_cuts.len()];
        let parsed = parse_wire_text(&PAGE[..page_cut], &sections());
        prop_assert!(parsed.is_ok());
        let export = EXPORT.as_bytes();
        let _ = parse_wxr(&export[..cut % (export.len() + 1)]);
    }

    #[test]
    fn shuffled_sample_lines_never_panic(
        page_lines in Just(PAGE.lines().map(str::to_string).collect::<Vec<_>>()).prop_shuffle(),
        export_lines in Just(EXPORT.lines().map(str::to_string).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let _ = parse_wire_text(&page_lines.join("\n"), &sections());
        let _ = parse_wxr(export_lines.join("\n").as_bytes());
    }

    #[test]
    fn insertions_into_samples_never_panic(at in 0usize..10_000, junk in interesting_text(), bytes in prop::collection::vec(any::<u8>(), 0..16)) {
        let page_cuts = char_boundaries(PAGE);
        let page_at = page_cuts[at % page_cuts.len()];
        let page = format!("{}{junk}{}", &PAGE[..page_at], &PAGE[page_at..]);
        let _ = parse_wire_text(&page, &sections());

        let export_cuts = char_boundaries(EXPORT);
        let export_at = export_cuts[at % export_cuts.len()];
        let export = format!("{}{junk}{}", &EXPORT[..export_at], &EXPORT[export_at..]);
        let _ = parse_wxr(export.as_bytes());
        let mut raw = EXPORT.as_bytes().to_vec();
        let raw_at = at % (raw.len() + 1);
        raw.splice(raw_at..raw_at, bytes);
        let _ = parse_wxr(&raw);
    }
}

#[test]
fn the_own_sample_page_parses_into_two_articles_without_warnings() {
    // Guards the mutation tests: they start from a sample the parser fully understands.
    let parsed = parse_wire_text(PAGE, &sections()).unwrap_or_default();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let articles: Vec<_> = parsed.articles().collect();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0].related.len(), 2);
    assert_eq!(
        articles[0].related[1].section.as_deref(),
        Some("الولايات المتحدة")
    );
    assert_eq!(articles[0].wire_sources, ["Reuters"]);
    assert_eq!(
        articles[0]
            .proposed_published_at
            .map(|t| t.date_naive().to_string())
            .as_deref(),
        Some("2024-03-14")
    );
    let second_hero = articles[1]
        .hero
        .as_ref()
        .map(|h| (h.archive, h.credit.clone()));
    assert_eq!(second_hero, Some((true, None)));
}
