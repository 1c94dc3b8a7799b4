//! What a parser hands back: the items it read, and what it had to drop or guess.

use thiserror::Error;
use warraq_domain::{IncomingArticle, IncomingMedia};

/// Something the parser could not take as it was: a dropped line, a cut-off item, a guess.
/// `item` is the index in [`Parsed::items`] the warning is about (none when it concerns the
/// input as a whole); the message names what and where (line numbers are 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    pub item: Option<usize>,
    pub message: String,
}

impl ParseWarning {
    pub fn about_input(message: impl Into<String>) -> Self {
        Self {
            item: None,
            message: message.into(),
        }
    }

    pub fn about_item(item: usize, message: impl Into<String>) -> Self {
        Self {
            item: Some(item),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.item {
            Some(i) => write!(f, "item {}: {}", i + 1, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One thing read from the input, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedItem {
    Article(Box<IncomingArticle>),
    /// A picture that stands on its own (a WordPress attachment). Featured images are also
    /// set as their article's `hero`; the pipeline matches the two by `source_url`.
    Media(IncomingMedia),
    /// An item deliberately not imported (a WordPress page, a menu entry...).
    Skipped {
        what: String,
        reason: String,
    },
}

/// The result of parsing one input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub items: Vec<ParsedItem>,
    pub warnings: Vec<ParseWarning>,
}

impl Parsed {
    /// The articles, in input order.
    pub fn articles(&self) -> impl Iterator<Item = &IncomingArticle> {
        self.items.iter().filter_map(|item| match item {
            ParsedItem::Article(article) => Some(article.as_ref()),
            _ => None,
        })
    }

    /// The stand-alone pictures, in input order.
    pub fn media(&self) -> impl Iterator<Item = &IncomingMedia> {
        self.items.iter().filter_map(|item| match item {
            ParsedItem::Media(media) => Some(media),
            _ => None,
        })
    }
}

/// Input that cannot be read at all.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ParseError {
    #[error("the input is not UTF-8 text: invalid byte sequence at byte offset {offset}")]
    NotUtf8 { offset: usize },
    #[error("XML syntax error at line {line}, column {column}: {message}")]
    Xml {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a WordPress export (WXR): {reason}")]
    NotWxr { reason: String },
}
