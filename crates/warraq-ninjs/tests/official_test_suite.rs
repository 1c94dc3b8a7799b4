//! The IPTC ninjs test suite and examples, validated as `--ninjs-version <folder>` would.

mod common;

use warraq_ninjs::{NinjsVersion, validate};

fn check_suite_folder(test: &str, version: NinjsVersion) {
    let Some(standard) = common::standard_dir(test) else {
        return;
    };
    let suite = standard.join("test_suite").join(version.as_str());
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
}

#[test]
fn the_3_0_test_suite_passes_and_fails_as_the_standard_says() {
    check_suite_folder(
        "the_3_0_test_suite_passes_and_fails_as_the_standard_says",
        NinjsVersion::V3_0,
    );
}

#[test]
fn the_3_1_test_suite_passes_and_fails_as_the_standard_says() {
    check_suite_folder(
        "the_3_1_test_suite_passes_and_fails_as_the_standard_says",
        NinjsVersion::V3_1,
    );
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
