use warraq_import::ImportArgs;
use warraq_ninjs::{NinjsVersion, validate};

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, shared, store, write};

both_backends!(a_dry_run_writes_nothing_and_prints_one_json_array_of_valid_ninjs_3_1_documents);

async fn a_dry_run_writes_nothing_and_prints_one_json_array_of_valid_ninjs_3_1_documents(
    backend: Backend,
) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = serde_json::json!([
        ninjs_text(
            "urn:test:warraq:dry-1",
            "اجتماع وزراء الطاقة في أبوظبي",
            "يناقش الوزراء أسعار النفط."
        ),
        ninjs_text(
            "urn:test:warraq:dry-2",
            "إطلاق قمر صناعي عربي",
            "أطلق القمر من قاعدة فضائية."
        ),
    ]);
    let mut paths = vec![write(dir.path(), "docs.json", &docs.to_string())];
    let wire = shared("samples/aawsat-article-page.txt");
    paths.extend(wire.clone());
    let mut args = ImportArgs::for_paths(paths);
    args.dry_run = true;
    args.json = true;
    let sections_before = ts.get().list_sections().await.expect("sections").len();
    let seq_before = ts.get().last_change_seq().await.expect("seq");

    // Even with a store at hand, a dry run never writes to it.
    let run = import(Some(ts.get()), &args).await;

    assert_eq!(ts.get().count_articles().await.expect("count"), 0);
    assert_eq!(
        ts.get().list_sections().await.expect("sections").len(),
        sections_before
    );
    assert_eq!(ts.get().last_change_seq().await.expect("seq"), seq_before);

    let printed: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    let items = printed.as_array().expect("stdout is a JSON array");
    let expected = 2 + if wire.is_some() { 2 } else { 0 };
    assert_eq!(items.len(), expected, "{}", run.stderr);
    for item in items {
        assert_eq!(validate(item, NinjsVersion::V3_1), Ok(()), "{item:#}");
    }
    let headlines: Vec<&str> = items
        .iter()
        .filter_map(|d| d["headlines"][0]["value"].as_str())
        .collect();
    assert!(headlines.contains(&"إطلاق قمر صناعي عربي"), "{headlines:?}");

    let report: serde_json::Value =
        serde_json::from_str(&run.stderr).expect("report on stderr is JSON");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["counts"]["parsed"], expected);
    assert_eq!(report["counts"]["refused"], 0);
}
