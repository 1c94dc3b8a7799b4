//! The IPTC ninjs test suite through the import command: with `--ninjs-version` set to a
//! folder's version, every `should_pass` document is accepted and every `should_fail` one
//! refused, each named in the report.

mod support;

use std::path::PathBuf;

use support::{path_str, run, stderr_of};

fn suite() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/standards/ninjs/test_suite"
    ));
    if path.exists() {
        Some(path)
    } else {
        println!(
            "skipped: ../shared/standards/ninjs/test_suite is absent (a clone outside the workplace)"
        );
        None
    }
}

fn json_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("suite folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count()
}

/// Runs a dry import of one folder and returns (exit code, JSON report).
fn dry_import(version: &str, dir: &std::path::Path) -> (Option<i32>, serde_json::Value) {
    let out = run(&[
        "import",
        "--dry-run",
        "--json",
        "--ninjs-version",
        version,
        path_str(dir),
    ]);
    let report = serde_json::from_str(&stderr_of(&out))
        .unwrap_or_else(|e| panic!("the report is JSON ({e}): {}", stderr_of(&out)));
    (out.status.code(), report)
}

#[test]
fn every_version_folder_passes_and_fails_as_the_standard_says() {
    let Some(suite) = suite() else { return };
    let mut versions = 0;
    for entry in std::fs::read_dir(&suite)
        .expect("suite")
        .filter_map(Result::ok)
    {
        let version = entry.file_name().to_string_lossy().into_owned();
        versions += 1;

        let pass = entry.path().join("should_pass");
        if pass.exists() {
            let (code, report) = dry_import(&version, &pass);
            assert_eq!(code, Some(0), "{version}/should_pass: {report:#}");
            assert_eq!(
                report["counts"]["refused"], 0,
                "{version}/should_pass: {report:#}"
            );
            let accepted = report["counts"]["parsed"].as_u64().unwrap_or(0)
                + report["counts"]["skipped"].as_u64().unwrap_or(0);
            assert_eq!(
                accepted as usize,
                json_files(&pass),
                "{version}/should_pass: every file accounted for"
            );
        }

        let fail = entry.path().join("should_fail");
        if fail.exists() {
            let (code, report) = dry_import(&version, &fail);
            assert_eq!(code, Some(2), "{version}/should_fail exits non-zero");
            let files = json_files(&fail);
            assert_eq!(
                report["counts"]["refused"].as_u64(),
                Some(files as u64),
                "{version}/should_fail: {report:#}"
            );
            for item in report["items"].as_array().expect("items") {
                assert_eq!(item["outcome"], "refused");
                assert!(
                    item["file"].as_str().is_some_and(|f| f.ends_with(".json")),
                    "the file is named"
                );
                assert!(
                    item["reason"].as_str().is_some_and(|r| r.contains('$')),
                    "the JSON path is named: {item}"
                );
            }
        }
    }
    assert!(versions >= 2, "3.0 and 3.1 suites were found");
}
