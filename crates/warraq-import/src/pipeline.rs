//! `warraq import`: reads every input in turn, imports (or, on a dry run, renders) its
//! units, then prints the report.
//!
//! Output: a real import prints the report on standard output. A dry run prints the items
//! as one JSON array of ninjs 3.1 documents on standard output and the report on standard
//! error, so the documents can be piped on. `--json` prints the report as JSON.

use std::io::{IsTerminal, Write};

use chrono::Utc;
use serde_json::Value;
use warraq_domain::default_agencies;
use warraq_store::Store;

use crate::args::ImportArgs;
use crate::dry_run::DryRun;
use crate::error::ImportError;
use crate::fetch::MediaFetcher;
use crate::ingest_input::{ReadOptions, units_of_file};
use crate::inputs::{Input, collect_inputs};
use crate::own_links::make_own_links_relative;
use crate::progress::Progress;
use crate::report::{ImportReport, ItemEntry, ItemOutcome};
use crate::store_import::StoreImporter;
use crate::unit::{FileUnits, Origin, Unit};

/// Runs `warraq import` as the command line does: progress bar on a terminal, report and
/// documents printed. `store` is `None` on a dry run.
pub async fn run_import(
    store: Option<&dyn Store>,
    args: &ImportArgs,
    base_url: &str,
    site_name: &str,
) -> anyhow::Result<ImportReport> {
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let show_progress = std::io::stderr().is_terminal();
    run_import_to(
        store,
        args,
        base_url,
        site_name,
        &mut stdout,
        &mut stderr,
        show_progress,
    )
    .await
}

/// [`run_import`] writing to the given streams (standard output and standard error), with
/// the progress bar on standard error shown or not.
pub async fn run_import_to(
    store: Option<&dyn Store>,
    args: &ImportArgs,
    base_url: &str,
    site_name: &str,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
    show_progress: bool,
) -> anyhow::Result<ImportReport> {
    let inputs = collect_inputs(&args.paths);
    let progress = if show_progress {
        Progress::visible(inputs.len())
    } else {
        Progress::hidden()
    };
    let report = import(store, args, &inputs, base_url, site_name, out, &progress).await;
    progress.finish();
    let report = report?;
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&report.to_json())?;
        json.push('\n');
        json
    } else {
        report.to_text()
    };
    let (stream, what): (&mut (dyn Write + Send), _) = if args.dry_run {
        (err, "report on standard error")
    } else {
        (out, "report on standard output")
    };
    stream
        .write_all(text.as_bytes())
        .map_err(|source| ImportError::Output { what, source })?;
    stream
        .flush()
        .map_err(|source| ImportError::Output { what, source })?;
    Ok(report)
}

async fn import(
    store: Option<&dyn Store>,
    args: &ImportArgs,
    inputs: &[Input],
    base_url: &str,
    site_name: &str,
    out: &mut (dyn Write + Send),
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let now = Utc::now();
    let mut report = ImportReport::new(args.dry_run);
    if args.dry_run {
        let dry = DryRun::new(base_url, site_name, default_agencies(), args.as_status, now);
        let known = dry.section_names();
        let mut docs: Vec<Value> = Vec::new();
        for input in inputs {
            let file_units = read_input(input, args, &known, base_url, site_name);
            absorb_warnings(&mut report, &file_units);
            for unit in file_units.units {
                match unit {
                    Unit::Article(article) => match dry.document(&article) {
                        Ok(doc) => {
                            let mut entry = ItemEntry::new(ItemOutcome::Parsed, &article.origin);
                            entry.headline = Some(article.incoming.headline.clone());
                            report.push(entry);
                            docs.push(doc);
                        }
                        Err(reason) => report.push(ItemEntry::refused(&article.origin, reason)),
                    },
                    // Stand-alone pictures are only stored by a real import.
                    Unit::Media { .. } => {}
                    other => push_unimported(&mut report, other),
                }
            }
            progress.file_done(&report.counts);
        }
        let mut json = serde_json::to_string_pretty(&Value::Array(docs)).map_err(|source| {
            ImportError::Encode {
                what: "the dry-run documents".into(),
                source,
            }
        })?;
        json.push('\n');
        out.write_all(json.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|source| ImportError::Output {
                what: "documents on standard output",
                source,
            })?;
        return Ok(report);
    }

    let store = store.ok_or(ImportError::NoStore)?;
    let mut importer = StoreImporter::new(store, args.as_status, now).await?;
    for input in inputs {
        let known = importer.section_names();
        let file_units = read_input(input, args, &known, base_url, site_name);
        absorb_warnings(&mut report, &file_units);
        for unit in file_units.units {
            match unit {
                Unit::Article(article) => importer.article(&article, &mut report).await?,
                Unit::Media { origin, media } => {
                    importer
                        .standalone_media(&origin, &media, &mut report)
                        .await?
                }
                other => push_unimported(&mut report, other),
            }
        }
        progress.file_done(&report.counts);
    }
    importer.link_within_batch(&mut report).await?;
    if args.fetch_media {
        MediaFetcher::new()?
            .fetch_missing(store, &importer.touched_media(), &mut report)
            .await?;
    }
    Ok(report)
}

fn read_input(
    input: &Input,
    args: &ImportArgs,
    known_sections: &[String],
    base_url: &str,
    site_name: &str,
) -> FileUnits {
    let name = input.name();
    let mut file_units = match input.read() {
        Ok(bytes) => units_of_file(
            &name,
            &bytes,
            &ReadOptions {
                format: args.format,
                ninjs_version: args.ninjs_version,
                known_sections,
            },
        ),
        Err(reason) => FileUnits::refused(Origin::file(&name), reason),
    };
    for unit in &mut file_units.units {
        if let Unit::Article(article) = unit {
            drop_own_copyright(&mut article.incoming.extra, site_name);
            make_own_links_relative(&mut article.incoming.body, base_url);
            // Wire copy rarely names its section; the desk says where it goes.
            if let Some(section) = args
                .section
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                && article.incoming.sections.is_empty()
            {
                article.incoming.sections.push(section.to_string());
            }
        }
    }
    file_units
}

/// Our exports name this site as `copyrightHolder`; reading one back, that is a site
/// setting, not a field of the article to keep (a partner's holder, `TT`, is kept).
fn drop_own_copyright(extra: &mut serde_json::Map<String, Value>, site_name: &str) {
    let ours = extra
        .get("copyrightHolder")
        .and_then(Value::as_str)
        .is_some_and(|h| h.trim() == site_name.trim());
    if ours {
        extra.remove("copyrightHolder");
    }
}

fn absorb_warnings(report: &mut ImportReport, file_units: &FileUnits) {
    for warning in &file_units.warnings {
        report.warn(warning.clone());
    }
}

fn push_unimported(report: &mut ImportReport, unit: Unit) {
    match unit {
        Unit::Skipped {
            origin,
            kind,
            reason,
        } => {
            let mut entry = ItemEntry::new(ItemOutcome::Skipped, &origin);
            entry.kind = Some(kind);
            entry.reason = Some(reason);
            report.push(entry);
        }
        Unit::Refused { origin, reason } => report.push(ItemEntry::refused(&origin, reason)),
        Unit::Article(_) | Unit::Media { .. } => {}
    }
}
