//! What reading one input file yields: importable units, in file order, plus warnings.

use warraq_domain::{IncomingArticle, IncomingMedia, Status};

use crate::report::Warning;

/// Where a unit came from: the file (or `-` for standard input) and, inside a JSON file,
/// the path of the document (`$[3]`), or, in a wire-text or WXR file, the item's position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub json_path: Option<String>,
    /// 1-based position of the item among those the parser read from the file.
    pub item: Option<usize>,
}

impl Origin {
    pub fn file(file: &str) -> Self {
        Self {
            file: file.to_string(),
            json_path: None,
            item: None,
        }
    }

    pub fn at(file: &str, json_path: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            json_path: Some(json_path.into()),
            item: None,
        }
    }

    pub fn item(file: &str, index: usize) -> Self {
        Self {
            file: file.to_string(),
            json_path: None,
            item: Some(index + 1),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ArticleUnit {
    pub origin: Origin,
    pub incoming: IncomingArticle,
    /// The status the source gives (ninjs `pubStatus`), used by `--as source`.
    pub source_status: Option<Status>,
}

#[derive(Debug, Clone)]
pub enum Unit {
    Article(Box<ArticleUnit>),
    /// A picture that is not attached to an article in the source (a WXR attachment).
    Media {
        origin: Origin,
        media: IncomingMedia,
    },
    /// Understood but not an article (events, planning items, pages).
    Skipped {
        origin: Origin,
        kind: String,
        reason: String,
    },
    /// Cannot be imported; the reason names what is wrong.
    Refused {
        origin: Origin,
        reason: String,
    },
}

/// The units of one file and the warnings its parser gave.
#[derive(Debug, Default)]
pub struct FileUnits {
    pub units: Vec<Unit>,
    pub warnings: Vec<Warning>,
}

impl FileUnits {
    pub fn refused(origin: Origin, reason: impl Into<String>) -> Self {
        Self {
            units: vec![Unit::Refused {
                origin,
                reason: reason.into(),
            }],
            warnings: Vec::new(),
        }
    }
}
