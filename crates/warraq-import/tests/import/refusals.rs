use warraq_import::{ImportArgs, ItemOutcome};

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

both_backends!(
    a_bad_document_in_a_batch_is_refused_with_file_and_json_path_while_the_others_are_kept
);

async fn a_bad_document_in_a_batch_is_refused_with_file_and_json_path_while_the_others_are_kept(
    backend: Backend,
) {
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bad = ninjs_text("urn:test:warraq:bad", "خبر بأولوية غير صالحة", "نص.");
    bad["urgency"] = "عاجل".into();
    let batch = serde_json::json!([
        ninjs_text(
            "urn:test:warraq:batch-1",
            "أمطار غزيرة على جدة",
            "توقعت الأرصاد هطول أمطار."
        ),
        bad,
        ninjs_text(
            "urn:test:warraq:batch-2",
            "ارتفاع أسعار الذهب",
            "سجل الذهب مستوى قياسيا."
        ),
    ]);
    let batch_file = write(dir.path(), "batch.json", &batch.to_string());
    let broken_file = write(dir.path(), "broken.json", "{\"uri\": \"urn:x\", ");
    std::fs::create_dir(dir.path().join("more")).expect("mkdir");
    write(
        &dir.path().join("more"),
        "single.json",
        &ninjs_text("urn:test:warraq:single", "فوز المنتخب", "فاز المنتخب.").to_string(),
    );

    let mut args =
        ImportArgs::for_paths([dir.path().to_path_buf(), dir.path().join("missing.json")]);
    args.json = true;
    let run = import(Some(ts.get()), &args).await;
    let report = &run.report;

    assert!(report.has_refusals());
    assert_eq!(report.counts.created, 3, "{}", run.stdout);
    assert_eq!(ts.get().count_articles().await.expect("count"), 3);

    let refused: Vec<_> = report.with_outcome(ItemOutcome::Refused).collect();
    assert_eq!(refused.len(), 3, "{}", run.stdout);
    let schema = refused
        .iter()
        .find(|e| e.file == batch_file.display().to_string())
        .expect("batch refusal");
    assert_eq!(schema.json_path.as_deref(), Some("$[1].urgency"));
    assert!(
        schema
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("ninjs 3.1"),
        "{:?}",
        schema.reason
    );
    let syntax = refused
        .iter()
        .find(|e| e.file == broken_file.display().to_string())
        .expect("broken refusal");
    assert!(
        syntax
            .reason
            .as_deref()
            .unwrap_or_default()
            .starts_with("not valid JSON"),
        "{:?}",
        syntax.reason
    );
    let missing = refused
        .iter()
        .find(|e| e.file.ends_with("missing.json"))
        .expect("missing file refusal");
    assert!(
        missing
            .reason
            .as_deref()
            .unwrap_or_default()
            .starts_with("cannot read the file")
    );

    // --json prints the same report on standard output.
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("report is JSON");
    assert_eq!(json["counts"]["refused"], 3);
    assert!(
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["json_path"] == "$[1].urgency")
    );
}
