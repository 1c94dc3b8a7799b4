//! The IPTC ninjs 3.0 examples, imported: text items become articles, the rest is skipped.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use warraq_domain::{Block, IncomingArticle};
use warraq_ninjs::{NinjsItem, NinjsVersion, detect_version, ninjs_to_incoming};

fn import_examples(test: &str) -> Option<BTreeMap<String, NinjsItem>> {
    let standard = common::standard_dir(test)?;
    let examples = common::json_files(&standard.join("examples-3.0"));
    Some(
        examples
            .into_iter()
            .map(|(name, doc): (String, Value)| {
                let version = detect_version(&doc, Some(NinjsVersion::V3_0));
                let item =
                    ninjs_to_incoming(&doc, version).unwrap_or_else(|e| panic!("{name}: {e}"));
                (name, item)
            })
            .collect(),
    )
}

fn article<'a>(items: &'a BTreeMap<String, NinjsItem>, name: &str) -> &'a IncomingArticle {
    match items.get(name) {
        Some(NinjsItem::Article(article)) => article,
        other => panic!("{name}: expected an article, got {other:?}"),
    }
}

#[test]
fn text_examples_become_articles_with_headline_and_body() {
    let Some(items) = import_examples("text_examples_become_articles_with_headline_and_body")
    else {
        return;
    };
    let texts = [
        "20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json",
        "businesswire-newsml-20130605006126.json",
        "businesswire-newsml-20130731006140.json",
        "dpa_text.json",
        "ninjsExSimpleText_3.json",
        "ntb_text.json",
        "tt_text_image_3.json",
    ];
    for name in texts {
        let article = article(&items, name);
        assert!(!article.headline.is_empty(), "{name}: no headline");
        assert!(!article.body.is_empty(), "{name}: no body");
        assert!(!article.source_key.is_empty(), "{name}: no source key");
        let markup = article.body.iter().any(|b| b.plain_text().contains('<'));
        assert!(
            !markup,
            "{name}: markup left in the body: {:?}",
            article.body
        );
    }
}

#[test]
fn the_tt_example_keeps_its_picture_quotes_and_metadata() {
    let Some(items) = import_examples("the_tt_example_keeps_its_picture_quotes_and_metadata")
    else {
        return;
    };
    let tt = article(&items, "tt_text_image_3.json");
    assert_eq!(tt.headline, "Militärövning i jätteformat hålls 2023");
    assert_eq!(
        tt.source_key,
        "http://tt.se/media/text/210526-militarovning-a0f2d045"
    );
    assert!(
        !tt.body
            .iter()
            .any(|b| matches!(b, Block::Subheading { text } if text == &tt.headline)),
        "h1 repeats the headline"
    );
    assert_eq!(
        tt.body
            .iter()
            .filter(|b| matches!(b, Block::Quote { .. }))
            .count(),
        2
    );
    assert!(tt.body.iter().any(
        |b| matches!(b, Block::Paragraph { text, .. } if text.ends_with("rapporterar Sydöstran."))
    ));
    let hero = tt
        .hero
        .as_ref()
        .expect("the picture association is the hero");
    assert!(
        hero.caption
            .starts_with("En stor internationell försvarsövning")
    );
    assert_eq!(
        hero.source_url.as_deref(),
        Some("https://beta.tt.se/media/text/210526-militarovning-a0f2d045/a001_NormalHires.jpg")
    );
    assert_eq!((hero.width, hero.height), (Some(4724), Some(3149)));
    assert_eq!(
        hero.credit,
        Some(warraq_domain::Credit::Other {
            name: "Karl Melander/TT".into()
        })
    );
    assert_eq!(
        tt.sections,
        vec!["Krig, konflikter och oroligheter".to_string()]
    );
    assert_eq!(tt.slug.as_deref(), Some("militärövning"));
    assert_eq!(tt.extra.get("urgency"), Some(&serde_json::json!(3)));
    assert!(tt.extra.contains_key("places") && tt.extra.contains_key("altIds"));
}

#[test]
fn html_nitf_and_plain_bodies_are_read() {
    let Some(items) = import_examples("html_nitf_and_plain_bodies_are_read") else {
        return;
    };
    let simple = article(&items, "ninjsExSimpleText_3.json");
    assert_eq!(
        simple.body.len(),
        4,
        "the xhtml body has four paragraphs: {:?}",
        simple.body
    );
    assert_eq!(
        simple.authors,
        vec![
            "Paulo Santalucia".to_string(),
            "Frances d'Emilio".to_string()
        ]
    );
    let nitf = article(
        &items,
        "20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json",
    );
    assert!(
        nitf.body
            .iter()
            .all(|b| !b.plain_text().contains("Anti-doping measures at the")),
        "NITF head leaked"
    );
    assert!(
        nitf.lede
            .as_deref()
            .is_some_and(|l| l.starts_with("The Australian Sports Anti-Doping Authority"))
    );
    assert_eq!(nitf.sections, vec!["Sport".to_string()]);
    assert_eq!(
        nitf.tags,
        vec!["drug abuse in sport".to_string(), "Cycling".to_string()]
    );
    let ntb = article(&items, "ntb_text.json");
    assert_eq!(
        ntb.body.len(),
        1,
        "a brief without body keeps its description as text"
    );
    assert_eq!(ntb.bureau, None);
    assert!(ntb.published_at.is_some());
}

#[test]
fn events_planning_and_media_items_are_skipped_with_their_kind() {
    let Some(items) =
        import_examples("events_planning_and_media_items_are_skipped_with_their_kind")
    else {
        return;
    };
    let expected = [
        ("20231004-UEFA-ChampionLeague.json", "event"),
        ("20231005-65-addb-event.json", "event"),
        ("20231016-addb-example-press-conference.json", "event"),
        ("simpleEvent.json", "event"),
        ("tt_event_pressconference_3.0.json", "event"),
        ("SIPA_image_3.json", "picture"),
        ("ap_image.json", "picture"),
        ("imageEncodedRights.json", "picture"),
        ("imageLinkedRights.json", "picture"),
        ("ap_audio.json", "audio"),
        ("ap_video.json", "video"),
    ];
    for (name, kind) in expected {
        match items.get(name) {
            Some(NinjsItem::Skipped { kind: got, reason }) => {
                assert_eq!(got, kind, "{name}");
                assert!(!reason.is_empty());
            }
            other => panic!("{name}: expected a skipped {kind}, got {other:?}"),
        }
    }
}
