//! Which files an import reads: the paths given, folders walked recursively (hidden
//! entries such as `.git` or `.DS_Store` left out), `-` for standard input.

use std::cmp::Ordering;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A path that could not be listed; becomes a refused entry.
    Unreadable {
        name: String,
        reason: String,
    },
}

impl Input {
    /// How the report names this input.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(path) => path.display().to_string(),
            Input::Unreadable { name, .. } => name.clone(),
        }
    }

    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                Ok(bytes)
            }
            Input::File(path) => {
                std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))
            }
            Input::Unreadable { reason, .. } => Err(reason.clone()),
        }
    }
}

/// Expands the command-line paths into the files to read, in a stable order: each
/// argument in turn, a folder's files sorted by name with numbers compared by value
/// (`2.json` before `10.json`, so an export is read back in id order).
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs);
        } else {
            // A missing file is reported when it is read, naming it.
            inputs.push(Input::File(path.clone()));
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::Unreadable {
                name: dir.display().to_string(),
                reason: format!("cannot list the folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden {
                    paths.push(entry.path());
                }
            }
            Err(e) => inputs.push(Input::Unreadable {
                name: dir.display().to_string(),
                reason: format!("cannot list the folder: {e}"),
            }),
        }
    }
    paths.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs);
        } else {
            inputs.push(Input::File(path));
        }
    }
}

/// Compares names with runs of ASCII digits compared as numbers.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = take_digits(&mut a);
                let nb = take_digits(&mut b);
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(&nb));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a.next();
                b.next();
            }
        }
    }
}

fn take_digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut digits = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        digits.push(c);
        chars.next();
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() && !digits.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_recursively_in_natural_order_without_hidden_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in ["10.json", "2.json", ".hidden.json"] {
            std::fs::write(root.join(name), "{}").expect("write");
        }
        std::fs::create_dir(root.join("sub")).expect("mkdir");
        std::fs::write(root.join("sub").join("1.json"), "{}").expect("write");
        std::fs::create_dir(root.join(".git")).expect("mkdir");
        std::fs::write(root.join(".git").join("x"), "{}").expect("write");

        let names: Vec<String> = collect_inputs(&[root.to_path_buf(), PathBuf::from("-")])
            .iter()
            .map(|i| {
                i.name()
                    .trim_start_matches(&root.display().to_string())
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["/2.json", "/10.json", "/sub/1.json", "-"]);
    }

    #[test]
    fn a_missing_file_is_named_when_read() {
        let inputs = collect_inputs(&[PathBuf::from("/nonexistent/warraq/x.json")]);
        let err = inputs[0].read().expect_err("missing file");
        assert!(err.starts_with("cannot read the file"), "{err}");
        assert_eq!(inputs[0].name(), "/nonexistent/warraq/x.json");
    }
}
