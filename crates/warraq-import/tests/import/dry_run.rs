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
    let standard = standard_3_1_validator();
    for item in items {
        assert_eq!(validate(item, NinjsVersion::V3_1), Ok(()), "{item:#}");
        if let Some(standard) = &standard {
            let errors: Vec<String> = standard.iter_errors(item).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}\n{item:#}");
        }
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

/// The schema file of the IPTC standard itself (not the copy warraq ships), with its
/// GeoJSON reference answered from the standard's folder: an independent check.
fn standard_3_1_validator() -> Option<jsonschema::Validator> {
    let dir = shared("standards/ninjs/schema")?;
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("read schema");
        serde_json::from_str(&text).expect("schema is JSON")
    };
    let schema = read("ninjs-schema_3.1.json");
    let geojson = read("GeoJSON-schema.json");
    let validator = jsonschema::options()
        .with_retriever(LocalGeoJson(geojson))
        .build(&schema)
        .expect("the standard's schema compiles");
    Some(validator)
}

struct LocalGeoJson(serde_json::Value);

impl jsonschema::Retrieve for LocalGeoJson {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str().trim_end_matches('#') == "https://geojson.org/schema/GeoJSON.json" {
            Ok(self.0.clone())
        } else {
            Err(format!("{} is not available offline", uri.as_str()).into())
        }
    }
}
