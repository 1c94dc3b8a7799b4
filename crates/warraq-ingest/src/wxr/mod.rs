//! WordPress eXtended RSS (Tools → Export): posts become articles, attachments pictures,
//! everything else is skipped with a reason.

mod attachment;
mod html;
mod post;
mod xml;

use std::collections::HashMap;

use crate::report::{ParseError, ParseWarning, Parsed, ParsedItem};
use crate::text::text_from_bytes;
use attachment::attachment_media;
use post::{PostContext, post_article};
use xml::{RawItem, read_export};

/// Statuses whose posts are not imported: WordPress's bin and never-edited placeholders.
const DISCARDED_STATUSES: [&str; 2] = ["trash", "auto-draft"];

/// Parses a WXR export. Fails only when the bytes are not UTF-8, not well-formed XML, or
/// not a WordPress export; a file cut off midway gives the complete items and a warning.
pub fn parse_wxr(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let text = text_from_bytes(bytes)?;
    let export = read_export(text)?;
    let mut parsed = Parsed::default();
    let attachments: HashMap<&str, &RawItem> = export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| (i.post_id.trim(), i))
        .collect();
    let context = PostContext {
        authors: &export.authors,
        attachments: &attachments,
    };

    let mut comments = 0;
    for item in &export.items {
        comments += item.comments;
        let index = parsed.items.len();
        let parsed_item = match item.post_type.as_str() {
            "attachment" => ParsedItem::Media(attachment_media(item)),
            "post" if DISCARDED_STATUSES.contains(&item.status.as_str()) => {
                skipped(item, format!("its status is `{}`", item.status))
            }
            "post" => match post_article(item, &context) {
                Ok((article, warnings)) => {
                    parsed.warnings.extend(
                        warnings
                            .into_iter()
                            .map(|w| ParseWarning::about_item(index, w)),
                    );
                    ParsedItem::Article(Box::new(article))
                }
                Err(reason) => skipped(item, reason),
            },
            "page" => skipped(item, "pages are not news articles".into()),
            "" => skipped(item, "it has no wp:post_type".into()),
            other => skipped(
                item,
                format!(
                    "post type `{other}` is WordPress site machinery or a plugin's content, not an article"
                ),
            ),
        };
        parsed.items.push(parsed_item);
    }
    if comments > 0 {
        parsed.warnings.push(ParseWarning::about_input(format!(
            "{comments} reader comments were ignored: warraq does not import comments"
        )));
    }
    if let Some(cut) = export.cut_off {
        let message = match cut.open_item_line {
            Some(line) => format!(
                "the export ends at line {} inside the item that starts at line {line} (the file is cut off); that item was dropped",
                cut.end_line
            ),
            None => format!(
                "the export ends at line {} before its closing tags (the file is cut off)",
                cut.end_line
            ),
        };
        parsed.warnings.push(ParseWarning::about_input(message));
    }
    Ok(parsed)
}

fn skipped(item: &RawItem, reason: String) -> ParsedItem {
    let kind = if item.post_type.is_empty() {
        "item"
    } else {
        item.post_type.as_str()
    };
    let title = html::html_to_text(&item.title);
    ParsedItem::Skipped {
        what: format!(
            "{kind} «{title}» (wp:post_id {}, line {})",
            item.post_id.trim(),
            item.line
        ),
        reason,
    }
}
