//! Command-line arguments of `warraq import` and `warraq export`. The binary flattens these
//! into its own commands (with the store options `--data` / `--database-url` beside them).

use std::path::PathBuf;

use clap::ValueEnum;
use warraq_ninjs::NinjsVersion;

/// The format of the input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ImportFormat {
    /// Plain text as copied from a wire service or a news page.
    WireText,
    /// IPTC ninjs 2.x or 3.x: one document, an array of documents, or one per file.
    Ninjs,
    /// A WordPress export (WXR).
    Wxr,
    /// Recognise each file by its content.
    #[default]
    Auto,
}

/// What status the imported articles get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ImportAs {
    /// Drafts for an editor to review. An article already in the store keeps its state:
    /// one that is live (published, scheduled, embargoed) stays live at its own time.
    #[default]
    Draft,
    /// Live at the item's publication time (else the proposed time, else now): embargoed
    /// while its embargo (ninjs `embargoedUntil`) is ahead, scheduled while its
    /// publication time is, else published.
    Published,
    /// The status the source gives (ninjs `pubStatus`): `usable` as `published`, `withheld`
    /// a draft, `canceled` unpublished; restores a warraq export as it was. Items whose
    /// source says nothing are imported as `draft`.
    Source,
}

/// `warraq import [--format F] [--as S] [--ninjs-version X.Y] [--dry-run] [--json] [--fetch-media] PATH...`
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Format of the inputs; `auto` recognises each file by its content.
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// Status of the imported articles.
    #[arg(long = "as", value_enum, default_value_t = ImportAs::Draft)]
    pub as_status: ImportAs,
    /// Validate ninjs documents against this version (2.0, 2.1, 2.2, 3.0, 3.1) instead of
    /// the version each document declares.
    #[arg(long, value_parser = parse_ninjs_version)]
    pub ninjs_version: Option<NinjsVersion>,
    /// Write nothing: print the items as a JSON array of ninjs 3.1 documents on standard
    /// output and the report on standard error.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Download pictures known only by URL and store them, so the site serves them itself
    /// (without it they are recorded by URL). A picture that cannot be fetched keeps its URL
    /// and the report says why.
    #[arg(long)]
    pub fetch_media: bool,
    /// Section for items that name none (wire copy usually does not), matched against the
    /// site's sections by name; created when missing. Without it such items go to «منوعات».
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// Files or folders (read recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl ImportArgs {
    /// Arguments for importing `paths` with every option at its default.
    pub fn for_paths(paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        Self {
            format: ImportFormat::Auto,
            as_status: ImportAs::Draft,
            ninjs_version: None,
            dry_run: false,
            json: false,
            fetch_media: false,
            section: None,
            paths: paths.into_iter().map(Into::into).collect(),
        }
    }
}

/// Formats an export can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    /// One ninjs 3.1 document per article, `<id>.json`.
    #[default]
    Ninjs,
}

/// `warraq export --format ninjs DIR`
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Ninjs)]
    pub format: ExportFormat,
    /// Folder to write into (created when missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

fn parse_ninjs_version(text: &str) -> Result<NinjsVersion, String> {
    text.parse::<NinjsVersion>().map_err(|e| e.to_string())
}
