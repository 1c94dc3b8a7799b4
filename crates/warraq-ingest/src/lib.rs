//! Parsers for what desks import: pure functions from bytes to [`IncomingArticle`] values
//! and pictures, plus warnings that say what was dropped or guessed and where.
//!
//! - [`parse_wire_text`]: the visible text of a news page or wire copy (the reference page
//!   format: headline, caption pair, `TT`, body, `مقالات ذات صلة` module).
//! - [`parse_wxr`]: a WordPress eXtended RSS export.
//! - ninjs documents are mapped by `warraq_ninjs::ninjs_to_incoming`; [`detect_format`]
//!   only recognises them.
//!
//! Nothing here reads files or touches a store: the import pipeline resolves the items
//! against the store. Bad input never panics; it gives a [`ParseError`] when nothing can be
//! read at all, and otherwise what could be read plus [`ParseWarning`]s.

mod detect;
mod report;
mod text;
mod wire;
mod wxr;

pub use detect::{Format, detect_format};
pub use report::{ParseError, ParseWarning, Parsed, ParsedItem};
pub use text::text_from_bytes;
pub use wire::parse_wire_text;
pub use wxr::parse_wxr;

pub use warraq_domain::{IncomingArticle, IncomingMedia};
