//! The reference page (/work/shared/samples/aawsat-article-page.txt) parsed as wire text.
//! Expected texts are taken from the page itself by line number at run time, so the page's
//! content is never copied into this repository.

use chrono::NaiveDate;
use warraq_domain::arabic::normalize_text;
use warraq_domain::media::Credit;
use warraq_domain::{Block, IncomingArticle, default_sections};
use warraq_ingest::{Parsed, parse_wire_text};

const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/samples/aawsat-article-page.txt"
);

fn read_page() -> Option<String> {
    match std::fs::read_to_string(PAGE) {
        Ok(text) => Some(text),
        Err(e) => {
            println!("skipped: the reference page {PAGE} is not readable ({e})");
            None
        }
    }
}

/// Line `n` (1-based) of the page, normalised as the parser stores text.
fn line(page: &str, n: usize) -> String {
    normalize_text(page.lines().nth(n - 1).unwrap_or_default())
}

fn without(text: String, suffix: &str) -> String {
    text.strip_suffix(suffix)
        .map(str::to_string)
        .unwrap_or(text)
}

fn sections() -> Vec<String> {
    default_sections().into_iter().map(|s| s.name).collect()
}

fn articles(parsed: &Parsed) -> Vec<&IncomingArticle> {
    parsed.articles().collect()
}

fn paragraphs(article: &IncomingArticle) -> Vec<&str> {
    article
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { text, .. } => text.as_str(),
            other => panic!("wire text gives paragraphs only, got {other:?}"),
        })
        .collect()
}

fn agency(code: &str) -> Option<Credit> {
    Some(Credit::Agency {
        code: code.to_string(),
    })
}

#[test]
fn the_reference_page_gives_two_articles_with_headlines_heroes_and_bodies() {
    let Some(page) = read_page() else { return };
    let parsed = parse_wire_text(&page, &sections()).expect("wire text parses");
    assert!(
        parsed.warnings.is_empty(),
        "unexpected warnings: {:?}",
        parsed.warnings
    );
    let found = articles(&parsed);
    assert_eq!(found.len(), 2);
    let (first, second) = (found[0], found[1]);

    assert_eq!(first.headline, line(&page, 1));
    let hero = first.hero.as_ref().expect("first article has a hero");
    assert_eq!(hero.caption, without(line(&page, 3), " (إ.ب.أ)"));
    assert!(!hero.caption.contains('('));
    assert_eq!(hero.credit, agency("EPA"));
    assert!(!hero.archive);
    let body = paragraphs(first);
    assert_eq!(body.len(), 8);
    assert_eq!(body[0], line(&page, 12));
    assert_eq!(body[7], line(&page, 26));
    assert_eq!(body[2], line(&page, 16));
    assert!(
        body[2].contains('«') && body[2].contains('»'),
        "guillemet quotes are kept"
    );

    assert_eq!(second.headline, line(&page, 69));
    let hero = second.hero.as_ref().expect("second article has a hero");
    assert_eq!(
        hero.caption,
        without(line(&page, 71), " (أرشيفية - رويترز)")
    );
    assert_eq!(hero.credit, agency("Reuters"));
    assert!(hero.archive);
    let body = paragraphs(second);
    assert_eq!(body.len(), 5);
    assert_eq!(body[0], line(&page, 80));
    assert_eq!(body[4], line(&page, 88));
    assert_eq!(body[1], line(&page, 82));
    assert_eq!(
        body[1].matches('"').count(),
        2,
        "straight double quotes are kept"
    );
}

#[test]
fn the_first_article_credits_afp_and_is_proposed_for_wednesday_30_october_2024() {
    let Some(page) = read_page() else { return };
    let parsed = parse_wire_text(&page, &sections()).expect("wire text parses");
    let found = articles(&parsed);
    assert_eq!(found[0].wire_sources, ["AFP"]);
    assert!(found[1].wire_sources.is_empty());
    let proposed = found[0].proposed_published_at.expect("a date is proposed");
    assert_eq!(
        proposed.date_naive(),
        NaiveDate::from_ymd_opt(2024, 10, 30).expect("valid date")
    );
    // The second article names a weekday but no full date: nothing to anchor it to.
    assert_eq!(found[1].proposed_published_at, None);
}

#[test]
fn the_first_article_has_five_related_items_and_the_second_none() {
    let Some(page) = read_page() else { return };
    let parsed = parse_wire_text(&page, &sections()).expect("wire text parses");
    let found = articles(&parsed);
    let related = &found[0].related;
    assert_eq!(related.len(), 5);
    assert!(found[1].related.is_empty());

    let sections: Vec<_> = related
        .iter()
        .map(|r| r.section.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        sections,
        [
            "آسيا",
            "الولايات المتحدة",
            "الولايات المتحدة",
            "أوروبا",
            "أوروبا"
        ]
    );
    let bureaus: Vec<_> = related
        .iter()
        .map(|r| r.bureau.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(bureaus, ["واشنطن", "واشنطن", "واشنطن", "موسكو", "موسكو"]);
    assert!(
        related
            .iter()
            .all(|r| r.outlet.as_deref() == Some("«الشرق الأوسط»") && r.url.is_none())
    );

    let titles: Vec<_> = related.iter().map(|r| r.title.clone()).collect();
    assert_eq!(titles, [31, 42, 49, 56, 63].map(|n| line(&page, n)));
    let ledes: Vec<_> = related
        .iter()
        .map(|r| r.lede.clone().unwrap_or_default())
        .collect();
    assert_eq!(ledes, [37, 44, 51, 58, 65].map(|n| line(&page, n)));

    let credits: Vec<_> = related
        .iter()
        .map(|r| (r.thumbnail_credit.clone(), r.thumbnail_archive))
        .collect();
    assert_eq!(
        credits,
        [
            (agency("Reuters"), true),
            (agency("AFP"), false),
            (agency("Reuters"), false),
            (agency("Reuters"), false),
            (agency("Reuters"), false)
        ]
    );
    let expected_captions = [
        (33, "آسيا ", " (أرشيفية - رويترز)"),
        (40, "الولايات المتحدة ", " (أ.ف.ب)"),
        (47, "الولايات المتحدة ", " (رويترز)"),
        (54, "أوروبا ", " (رويترز)"),
        (61, "أوروبا ", " (رويترز)"),
    ]
    .map(|(n, section, credit)| {
        let text = line(&page, n);
        without(
            text.strip_prefix(section).unwrap_or(&text).to_string(),
            credit,
        )
    });
    let captions: Vec<_> = related
        .iter()
        .map(|r| r.thumbnail_caption.clone().unwrap_or_default())
        .collect();
    assert_eq!(captions, expected_captions);
}

#[test]
fn the_source_key_is_a_content_hash_stable_across_imports() {
    let Some(page) = read_page() else { return };
    let once = parse_wire_text(&page, &sections()).expect("wire text parses");
    let again =
        parse_wire_text(&page.replace('\n', "\r\n"), &sections()).expect("wire text parses");
    let keys: Vec<_> = articles(&once)
        .iter()
        .map(|a| a.source_key.clone())
        .collect();
    let keys_again: Vec<_> = articles(&again)
        .iter()
        .map(|a| a.source_key.clone())
        .collect();
    assert_eq!(keys, keys_again);
    assert_ne!(keys[0], keys[1]);
    for key in &keys {
        let hex = key.strip_prefix("wire:").expect("wire: prefix");
        assert!(
            hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{key}"
        );
    }
}

#[test]
fn a_page_cut_inside_the_related_module_keeps_the_complete_items_and_warns() {
    let Some(page) = read_page() else { return };
    // Cut after the third related item's title (line 49), before its lede.
    let cut: String = page.lines().take(49).collect::<Vec<_>>().join("\n");
    let parsed = parse_wire_text(&cut, &sections()).expect("a cut page still parses");
    let found = articles(&parsed);
    assert_eq!(found.len(), 1);
    assert_eq!(paragraphs(found[0]).len(), 8);
    let related = &found[0].related;
    assert_eq!(related.len(), 3);
    assert_eq!(related[1].bureau.as_deref(), Some("واشنطن"));
    assert_eq!(related[2].title, line(&page, 49));
    assert_eq!(
        (related[2].lede.as_ref(), related[2].outlet.as_ref()),
        (None, None)
    );
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert_eq!(parsed.warnings[0].item, Some(0));
    assert!(
        parsed.warnings[0].message.contains("line 47"),
        "{}",
        parsed.warnings[0].message
    );
}

#[test]
fn a_page_cut_mid_article_keeps_what_it_holds_and_warns() {
    let Some(page) = read_page() else { return };
    // Cut in the middle of the second article's third paragraph (line 84).
    let keep = page
        .lines()
        .take(83)
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    let half: String = line(&page, 84).chars().take(40).collect();
    let parsed =
        parse_wire_text(&format!("{keep}{half}"), &sections()).expect("a cut page still parses");
    let found = articles(&parsed);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].related.len(), 5);
    let body = paragraphs(found[1]);
    assert_eq!(body.len(), 3);
    assert_eq!(body[2], normalize_text(&half));
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert_eq!(parsed.warnings[0].item, Some(1));
    assert!(parsed.warnings[0].message.contains("mid-sentence"));
}

#[test]
fn a_page_cut_inside_the_next_header_keeps_the_first_article_whole_and_warns() {
    let Some(page) = read_page() else { return };
    let cut: String = page.lines().take(72).collect::<Vec<_>>().join("\n");
    let parsed = parse_wire_text(&cut, &sections()).expect("a cut page still parses");
    let found = articles(&parsed);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].related.len(), 5);
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0].message.contains("line 69"),
        "{}",
        parsed.warnings[0].message
    );
}
