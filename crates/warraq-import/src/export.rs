//! `warraq export --format ninjs DIR`: every article, whatever its status, as one pretty
//! UTF-8 ninjs 3.1 file named `<id>.json`. Importing the folder into an empty store with
//! `--as source` gives the same articles back: published, scheduled and embargoed ones are
//! `usable` with their publication time (`firstCreated`, ahead for a scheduled one) and
//! embargo (`embargoedUntil`), so the import finds the same state from the times.
//! Articles in review come back as drafts (ninjs has no such state).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use warraq_ninjs::{ExportContext, NinjsVersion, article_to_ninjs, validate};
use warraq_store::{ArticleQuery, Scope, Store, resolve_articles};

use crate::args::{ExportArgs, ExportFormat};
use crate::error::ImportError;

/// Articles fetched per page while exporting.
const PAGE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub written: usize,
    /// Articles written whose document does not validate against ninjs 3.1 (kept anyway:
    /// an export is also a backup), with the first problems.
    pub invalid: Vec<InvalidExport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidExport {
    pub article_id: i64,
    pub problems: Vec<String>,
}

/// Runs `warraq export` as the command line does, with a summary line on standard output.
pub async fn run_export(
    store: &dyn Store,
    args: &ExportArgs,
    base_url: &str,
    site_name: &str,
) -> anyhow::Result<ExportReport> {
    let mut stdout = std::io::stdout();
    run_export_to(store, args, base_url, site_name, &mut stdout).await
}

/// [`run_export`] writing its summary to `out`.
pub async fn run_export_to(
    store: &dyn Store,
    args: &ExportArgs,
    base_url: &str,
    site_name: &str,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<ExportReport> {
    let ExportFormat::Ninjs = args.format;
    let report = export_ninjs(store, &args.dir, base_url, site_name).await?;
    let mut text = format!(
        "exported {} articles to {}\n",
        report.written,
        report.dir.display()
    );
    for invalid in &report.invalid {
        text.push_str(&format!(
            "warning: article {} is not valid ninjs 3.1: {}\n",
            invalid.article_id,
            invalid.problems.join("; ")
        ));
    }
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| ImportError::Output {
            what: "export summary",
            source,
        })?;
    Ok(report)
}

async fn export_ninjs(
    store: &dyn Store,
    dir: &Path,
    base_url: &str,
    site_name: &str,
) -> Result<ExportReport, ImportError> {
    std::fs::create_dir_all(dir).map_err(|source| ImportError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let agencies = store.list_agencies().await?;
    let context = ExportContext {
        base_url,
        site_name,
        agencies: &agencies,
    };
    let mut report = ExportReport {
        dir: dir.to_path_buf(),
        written: 0,
        invalid: Vec::new(),
    };
    // Every article whatever its state or times, with every related link kept.
    let mut query = ArticleQuery {
        section: None,
        scope: Scope::All,
        limit: PAGE,
        after: None,
        author: None,
        tag: None,
    };
    loop {
        let page = store.list_articles(&query).await?;
        for resolved in resolve_articles(store, page.items, None).await? {
            let id = resolved.article.id.0;
            let doc = article_to_ninjs(&resolved, &context);
            if let Err(violations) = validate(&doc, NinjsVersion::V3_1) {
                let problems = violations.iter().take(5).map(ToString::to_string).collect();
                report.invalid.push(InvalidExport {
                    article_id: id,
                    problems,
                });
            }
            let mut json =
                serde_json::to_string_pretty(&doc).map_err(|source| ImportError::Encode {
                    what: format!("article {id}"),
                    source,
                })?;
            json.push('\n');
            write_atomically(&dir.join(format!("{id}.json")), json.as_bytes())?;
            report.written += 1;
        }
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    Ok(report)
}

/// Writes through a temporary file renamed into place, so an interrupted export never
/// leaves a half-written document that a later import would refuse.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let tmp = path.with_extension("json.partial");
    let fail = |source| ImportError::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}
