use warraq_domain::ArticleId;
use warraq_import::{ImportArgs, ImportReport, ItemEntry, ItemOutcome};

use crate::both_backends;
use crate::support::{Backend, import, shared, store};

both_backends!(the_iptc_examples_import_text_items_with_their_pictures_and_skip_events);

fn entry<'a>(report: &'a ImportReport, file_name: &str) -> &'a ItemEntry {
    report
        .items
        .iter()
        .find(|e| e.file.ends_with(file_name))
        .unwrap_or_else(|| panic!("no entry for {file_name}: {:#?}", report.items))
}

async fn the_iptc_examples_import_text_items_with_their_pictures_and_skip_events(backend: Backend) {
    let Some(examples) = shared("standards/ninjs/examples-3.0") else {
        return;
    };
    let ts = store(backend).await;
    let store = ts.get();
    let run = import(Some(store), &ImportArgs::for_paths([&examples])).await;
    let report = &run.report;
    assert_eq!(report.counts.refused, 0, "{}", run.stdout);

    for text in [
        "tt_text_image_3.json",
        "ntb_text.json",
        "dpa_text.json",
        "ninjsExSimpleText_3.json",
    ] {
        assert_eq!(
            entry(report, text).outcome,
            ItemOutcome::Created,
            "{text}: {}",
            run.stdout
        );
    }
    for event in [
        "simpleEvent.json",
        "tt_event_pressconference_3.0.json",
        "20231005-65-addb-event.json",
    ] {
        let e = entry(report, event);
        assert_eq!(e.outcome, ItemOutcome::Skipped, "{event}: {}", run.stdout);
        assert!(
            e.reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{event} is skipped without a reason"
        );
    }
    assert_eq!(
        store.count_articles().await.expect("count") as usize,
        report.counts.created,
        "one article per created item"
    );

    // The TT item's picture association is a media record on the article.
    let tt = entry(report, "tt_text_image_3.json");
    let article = store
        .article(ArticleId(tt.article_id.expect("id")))
        .await
        .expect("article");
    let hero = store
        .media(article.hero_id.expect("the picture is the hero"))
        .await
        .expect("media");
    assert!(
        hero.source_url
            .as_deref()
            .is_some_and(|u| u.starts_with("http")),
        "{hero:?}"
    );
    assert!(report.media.created >= 1);

    let text = report.to_text();
    assert!(text.contains("skipped"), "{text}");
}
