//! Access to the IPTC ninjs standard in the shared folder (`../shared` beside the repository).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `shared/standards/ninjs`, or `None` (after saying so) when the shared folder is absent.
pub fn standard_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/standards/ninjs"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        println!("{test}: skipped, {} is absent", dir.display());
        None
    }
}

/// Every `.json` file of `dir`, sorted by name, parsed.
pub fn json_files(dir: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let doc = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, doc)
        })
        .collect()
}
