//! The embedded demo content is complete and consistent, before any store is involved.

use std::collections::HashSet;

use warraq_demo::content::{DemoArticle, DemoBlock, DemoContent, DemoCredit, DemoSection};
use warraq_domain::agency::find_agency;
use warraq_domain::arabic::{fold_for_matching, normalize_text, slugify};
use warraq_domain::{default_agencies, default_sections};

fn content() -> DemoContent {
    DemoContent::embedded().expect("the embedded demo content parses and its references resolve")
}

fn articles(content: &DemoContent) -> Vec<(&DemoSection, &DemoArticle)> {
    content.articles().collect()
}

fn paragraphs(article: &DemoArticle) -> Vec<&str> {
    article
        .body
        .iter()
        .filter_map(|b| match b {
            DemoBlock::Paragraph(text) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The words of every text block, for checks that look inside the body.
fn body_text(article: &DemoArticle) -> String {
    let mut text = String::new();
    for block in &article.body {
        match block {
            DemoBlock::Paragraph(t) | DemoBlock::Subheading(t) => text.push_str(t),
            DemoBlock::Quote { text: t, .. } => text.push_str(t),
            DemoBlock::List { items, .. } => text.push_str(&items.join("\n")),
            DemoBlock::Image(picture) => text.push_str(&picture.caption),
        }
        text.push('\n');
    }
    text
}

/// The texts between «guillemets».
fn guillemet_spans(text: &str) -> Vec<&str> {
    text.split('«')
        .skip(1)
        .filter_map(|rest| rest.split_once('»').map(|(inside, _)| inside))
        .collect()
}

#[test]
fn there_are_at_least_36_articles() {
    assert!(
        articles(&content()).len() >= 36,
        "only {} demo articles",
        articles(&content()).len()
    );
}

#[test]
fn articles_cover_at_least_eight_default_sections_including_asia_europe_and_the_united_states() {
    let content = content();
    let defaults: HashSet<String> = default_sections().into_iter().map(|s| s.name).collect();
    let used: HashSet<&str> = content
        .sections
        .iter()
        .filter(|s| !s.articles.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    for section in &used {
        assert!(
            defaults.contains(*section),
            "`{section}` is not a default section"
        );
    }
    assert!(
        used.len() >= 8,
        "only {} sections have articles",
        used.len()
    );
    for required in ["آسيا", "أوروبا", "الولايات المتحدة"] {
        assert!(used.contains(required), "no article in `{required}`");
    }
}

#[test]
fn every_article_has_a_headline_a_one_sentence_lede_and_four_to_seven_paragraphs() {
    for (_, article) in articles(&content()) {
        assert!(
            !article.headline.trim().is_empty(),
            "{}: empty headline",
            article.key
        );
        let lede = article.lede.trim();
        assert!(
            lede.ends_with('.') && lede.matches('.').count() == 1,
            "{}: the lede is not one sentence",
            article.key
        );
        let count = paragraphs(article).len();
        assert!(
            (4..=7).contains(&count),
            "{}: {count} paragraphs",
            article.key
        );
    }
}

#[test]
fn every_article_has_tags_one_or_two_authors_a_bureau_and_a_described_hero() {
    for (_, article) in articles(&content()) {
        assert!(!article.tags.is_empty(), "{}: no tags", article.key);
        assert!(
            (1..=2).contains(&article.authors.len()),
            "{}: {} authors",
            article.key,
            article.authors.len()
        );
        assert!(
            !article.bureau.trim().is_empty(),
            "{}: no bureau",
            article.key
        );
        assert!(
            !article.hero.alt.trim().is_empty(),
            "{}: hero without alt text",
            article.key
        );
        assert!(
            !article.hero.caption.trim().is_empty(),
            "{}: hero without caption",
            article.key
        );
    }
}

#[test]
fn headlines_and_their_slugs_are_unique() {
    let content = content();
    let mut headlines = HashSet::new();
    let mut slugs = HashSet::new();
    for (_, article) in articles(&content) {
        assert!(
            headlines.insert(fold_for_matching(&article.headline)),
            "headline repeated: {}",
            article.headline
        );
        assert!(
            slugs.insert(slugify(&article.headline)),
            "slug repeated: {}",
            article.headline
        );
    }
}

#[test]
fn related_links_name_three_to_five_distinct_other_demo_articles() {
    let content = content();
    let keys: HashSet<&str> = articles(&content)
        .iter()
        .map(|(_, a)| a.key.as_str())
        .collect();
    for (_, article) in articles(&content) {
        let related: HashSet<&str> = article.related.iter().map(String::as_str).collect();
        assert_eq!(
            related.len(),
            article.related.len(),
            "{}: a related article is repeated",
            article.key
        );
        assert!(
            (3..=5).contains(&related.len()),
            "{}: {} related",
            article.key,
            related.len()
        );
        assert!(
            !related.contains(article.key.as_str()),
            "{}: related to itself",
            article.key
        );
        assert!(
            related.is_subset(&keys),
            "{}: related to an unknown article",
            article.key
        );
    }
}

#[test]
fn wire_sources_are_known_agencies_attributed_in_the_text() {
    let agencies = default_agencies();
    let content = content();
    let wired: Vec<_> = articles(&content)
        .into_iter()
        .filter(|(_, a)| !a.wire.is_empty())
        .collect();
    assert!(
        wired.len() >= 10,
        "only {} articles credit a wire service",
        wired.len()
    );
    for (_, article) in wired {
        let text = body_text(article);
        for code in &article.wire {
            let agency = agencies.iter().find(|a| &a.code == code);
            let agency =
                agency.unwrap_or_else(|| panic!("{}: unknown agency code {code}", article.key));
            let attributed = guillemet_spans(&text).into_iter().any(|name| {
                find_agency(&agencies, name).is_some_and(|found| found.code == agency.code)
            });
            assert!(
                attributed,
                "{}: the text never attributes {code} in «»",
                article.key
            );
        }
    }
}

#[test]
fn picture_credits_are_agencies_or_the_staff_and_some_heroes_are_archive_photos() {
    let agencies = default_agencies();
    let content = content();
    let heroes: Vec<_> = articles(&content)
        .into_iter()
        .map(|(_, a)| &a.hero)
        .collect();
    for hero in &heroes {
        match &hero.credit {
            DemoCredit::Agency(code) => assert!(
                agencies.iter().any(|a| &a.code == code),
                "unknown agency {code}"
            ),
            DemoCredit::Other(name) => assert_eq!(name, "«ورّاق»"),
        }
    }
    let by_agency = heroes
        .iter()
        .filter(|h| matches!(h.credit, DemoCredit::Agency(_)))
        .count();
    assert!(
        by_agency * 2 > heroes.len(),
        "most heroes should be agency photos, {by_agency} are"
    );
    assert!(
        heroes.iter().filter(|h| h.archive).count() >= 4,
        "fewer than 4 archive photos"
    );
}

#[test]
fn bodies_use_subheadings_attributed_quotes_lists_and_inline_pictures() {
    let content = content();
    let blocks: Vec<&DemoBlock> = articles(&content)
        .into_iter()
        .flat_map(|(_, a)| &a.body)
        .collect();
    assert!(blocks.iter().any(|b| matches!(b, DemoBlock::Subheading(_))));
    assert!(blocks.iter().any(|b| matches!(
        b,
        DemoBlock::Quote {
            attribution: Some(_),
            ..
        }
    )));
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, DemoBlock::List { ordered: true, .. }))
    );
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, DemoBlock::List { ordered: false, .. }))
    );
    assert!(
        blocks
            .iter()
            .filter(|b| matches!(b, DemoBlock::Image(_)))
            .count()
            >= 3
    );
}

#[test]
fn publication_times_are_distinct_and_within_the_last_three_weeks() {
    let content = content();
    let mut hours = HashSet::new();
    for (_, article) in articles(&content) {
        assert!(
            article.hours_ago < 21 * 24,
            "{}: published too long ago",
            article.key
        );
        assert!(
            hours.insert(article.hours_ago),
            "{}: shares its publication hour",
            article.key
        );
    }
}

#[test]
fn datelines_include_the_main_bureaus() {
    let content = content();
    let bureaus: HashSet<&str> = articles(&content)
        .iter()
        .map(|(_, a)| a.bureau.as_str())
        .collect();
    for city in [
        "الرياض",
        "واشنطن",
        "موسكو",
        "لندن",
        "القاهرة",
        "بيروت",
        "دبي",
        "طوكيو",
        "باريس",
        "نيودلهي",
    ] {
        assert!(bureaus.contains(city), "no story filed from {city}");
    }
}

#[test]
fn every_text_is_already_in_stored_form() {
    let content = content();
    for (_, article) in articles(&content) {
        for text in [&article.headline, &article.lede]
            .into_iter()
            .chain(article.tags.iter())
        {
            assert_eq!(
                &normalize_text(text),
                text,
                "{}: `{text}` is not normalised",
                article.key
            );
        }
        for paragraph in paragraphs(article) {
            assert_eq!(
                normalize_text(paragraph),
                paragraph,
                "{}: a paragraph is not normalised",
                article.key
            );
        }
    }
}
