//! The IPTC ninjs test suite and examples, validated as `--ninjs-version <folder>` would.

mod common;

use std::path::PathBuf;

use serde_json::json;
use warraq_ninjs::{NinjsVersion, validate};

/// Where the suite's version folders (`3.0/should_pass`...) are: `WARRAQ_NINJS_TEST_SUITE`
/// when set (e.g. `validation/test_suite` of a checkout of the IPTC's repository, which also
/// holds the 2.x suites), else the shared copy of the standard.
fn suite_root(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("WARRAQ_NINJS_TEST_SUITE") {
        return Some(PathBuf::from(dir));
    }
    common::standard_dir(test).map(|standard| standard.join("test_suite"))
}

/// Checks one version's folder; `false` when the suite has no folder for that version.
fn check_suite_folder(root: &std::path::Path, version: NinjsVersion) -> bool {
    let suite = root.join(version.as_str());
    if !suite.is_dir() {
        println!("{}: no suite for ninjs {version}", root.display());
        return false;
    }
    let passing = common::json_files(&suite.join("should_pass"));
    let failing = common::json_files(&suite.join("should_fail"));
    assert!(
        !passing.is_empty() && !failing.is_empty(),
        "{} has no cases",
        suite.display()
    );
    for (name, doc) in &passing {
        if let Err(violations) = validate(doc, version) {
            panic!("{version}/should_pass/{name} was refused: {violations:#?}");
        }
    }
    for (name, doc) in &failing {
        assert!(
            validate(doc, version).is_err(),
            "{version}/should_fail/{name} was accepted"
        );
    }
    true
}

#[test]
fn the_official_suite_passes_and_fails_as_the_standard_says_for_every_shipped_version() {
    let test = "the_official_suite_passes_and_fails_as_the_standard_says_for_every_shipped_version";
    let Some(root) = suite_root(test) else {
        return;
    };
    let checked: Vec<NinjsVersion> = NinjsVersion::ALL
        .into_iter()
        .filter(|version| check_suite_folder(&root, *version))
        .collect();
    // The shared copy holds the 3.x suites; the IPTC's repository holds the 2.x ones too.
    assert!(
        checked.contains(&NinjsVersion::V3_0) && checked.contains(&NinjsVersion::V3_1),
        "{}: expected the 3.0 and 3.1 suites, checked {checked:?}",
        root.display()
    );
}

/// The IPTC's 2.0 suite, `should_pass/002_schema.json`: a document whose `uri` is not an
/// absolute URI. `format: uri` only annotates in the 2.0 schema, so the document is valid.
#[test]
fn the_2_0_suite_case_002_schema_passes_although_its_uri_is_not_absolute() {
    let doc = json!({
        "standard": {
            "name": "ninjs",
            "version": "2.0-dev",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"
        },
        "uri": "002-schema"
    });
    assert_eq!(validate(&doc, NinjsVersion::V2_0), Ok(()));
    // The same holds in 2.1 and 2.2, whose suites spell it `urn:002-schema`.
    for version in [NinjsVersion::V2_1, NinjsVersion::V2_2] {
        assert_eq!(validate(&json!({"uri": "002-schema"}), version), Ok(()));
    }
}

#[test]
fn formats_annotate_in_every_version_while_types_and_patterns_still_refuse() {
    for version in NinjsVersion::ALL {
        let created = if version.is_camel_case() {
            "versionCreated"
        } else {
            "versioncreated"
        };
        let relative = json!({"uri": "item-7", created: "yesterday"});
        assert_eq!(validate(&relative, version), Ok(()), "{version}");
        let not_a_string = json!({"uri": "item-7", created: 20240101});
        assert!(validate(&not_a_string, version).is_err(), "{version}");
        let extra = json!({"uri": "item-7", "random": "not a ninjs property"});
        assert!(validate(&extra, version).is_err(), "{version}");
    }
}

#[test]
fn every_3_0_example_validates_against_the_3_0_schema() {
    let Some(standard) = common::standard_dir("every_3_0_example_validates_against_the_3_0_schema")
    else {
        return;
    };
    let examples = common::json_files(&standard.join("examples-3.0"));
    assert!(
        examples.len() >= 10,
        "expected the IPTC examples, found {}",
        examples.len()
    );
    let refused: Vec<String> = examples
        .iter()
        .filter_map(|(name, doc)| {
            validate(doc, NinjsVersion::V3_0)
                .err()
                .map(|v| format!("{name}: {v:#?}"))
        })
        .collect();
    assert!(
        refused.is_empty(),
        "examples refused by the 3.0 schema:\n{}",
        refused.join("\n")
    );
}
