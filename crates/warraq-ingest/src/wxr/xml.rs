//! Streaming read of a WXR document into raw items: strings as written, no interpretation
//! beyond XML (CDATA, entities, namespaces).

use std::collections::HashMap;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::report::ParseError;
use crate::text::line_and_column;

/// The namespaces a WXR file uses, whatever prefixes it binds them to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Wp,
    Excerpt,
    Content,
    Dc,
    Other,
}

/// A `<category>` of an item: its taxonomy (`category`, `post_tag`) and name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTerm {
    pub domain: String,
    pub name: String,
}

/// One `<item>`, fields as written.
#[derive(Debug, Clone, Default)]
pub struct RawItem {
    pub line: usize,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub guid: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified: String,
    pub post_modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_type: String,
    pub attachment_url: String,
    pub terms: Vec<RawTerm>,
    pub meta: Vec<(String, String)>,
    pub comments: usize,
}

impl RawItem {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The export: author logins with display names, and the items in document order.
#[derive(Debug, Default)]
pub struct RawExport {
    pub authors: HashMap<String, String>,
    pub items: Vec<RawItem>,
    /// Where the document ended while elements were still open (a cut-off file): the
    /// line of the innermost open `<item>`, if one was open, else of the end.
    pub cut_off: Option<CutOff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CutOff {
    pub open_item_line: Option<usize>,
    pub end_line: usize,
}

/// Counts lines up to increasing byte offsets without rescanning from the start.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset > self.offset {
            self.line += self.text.as_bytes()[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.offset = offset;
        }
        self.line
    }
}

#[derive(Default)]
struct State {
    export: RawExport,
    item: Option<RawItem>,
    author: (String, String),
    meta: (String, String),
    category_domain: String,
    saw_wordpress: bool,
}

pub fn read_export(text: &str) -> Result<RawExport, ParseError> {
    let mut reader = NsReader::from_str(text);
    let mut lines = LineCounter {
        text,
        offset: 0,
        line: 1,
    };
    let mut stack: Vec<(Ns, String)> = Vec::new();
    let mut buffer = String::new();
    let mut state = State::default();
    loop {
        let event = match reader.read_resolved_event() {
            Ok((ns, event)) => (classify(&ns), event),
            // The input ends inside a tag, CDATA section or comment: a cut-off file, reported
            // like one that ends between tags.
            Err(e) if ends_inside_markup(&e) => break,
            Err(e) => {
                return Err(xml_error(
                    text,
                    reader.error_position() as usize,
                    &e.to_string(),
                ));
            }
        };
        match event {
            (ns, Event::Start(start)) => {
                let name = element_name(ns, &start);
                let line = lines.line_at(reader.buffer_position() as usize);
                start_element(&mut state, &stack, &name, &start, line)?;
                buffer.clear();
                stack.push(name);
            }
            (ns, Event::Empty(start)) => {
                let name = element_name(ns, &start);
                let line = lines.line_at(reader.buffer_position() as usize);
                start_element(&mut state, &stack, &name, &start, line)?;
                end_element(&mut state, &stack, name, String::new());
            }
            (_, Event::End(_)) => {
                if let Some(name) = stack.pop() {
                    end_element(&mut state, &stack, name, std::mem::take(&mut buffer));
                }
            }
            (_, Event::Text(t)) => {
                buffer.push_str(&t.decode().map_err(|e| {
                    xml_error(text, reader.buffer_position() as usize, &e.to_string())
                })?)
            }
            (_, Event::CData(c)) => {
                buffer.push_str(&c.decode().map_err(|e| {
                    xml_error(text, reader.buffer_position() as usize, &e.to_string())
                })?)
            }
            (_, Event::GeneralRef(r)) => push_reference(&mut buffer, &r),
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    if stack.is_empty() && !state.saw_wordpress {
        return Err(ParseError::NotWxr {
            reason: "no WordPress export (wp:) elements".into(),
        });
    }
    if !stack.is_empty() {
        state.export.cut_off = Some(CutOff {
            open_item_line: state.item.as_ref().map(|i| i.line),
            end_line: lines.line_at(text.len()),
        });
    }
    Ok(state.export)
}

fn element_name(ns: Ns, start: &BytesStart<'_>) -> (Ns, String) {
    (
        ns,
        String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
    )
}

fn is(name: &(Ns, String), ns: Ns, local: &str) -> bool {
    name.0 == ns && name.1 == local
}

fn start_element(
    state: &mut State,
    stack: &[(Ns, String)],
    name: &(Ns, String),
    start: &BytesStart<'_>,
    line: usize,
) -> Result<(), ParseError> {
    if stack.is_empty() && !is(name, Ns::None, "rss") {
        return Err(ParseError::NotWxr {
            reason: format!("the root element is <{}>, not <rss>", name.1),
        });
    }
    state.saw_wordpress |= name.0 == Ns::Wp;
    if is(name, Ns::None, "item") {
        state.item = Some(RawItem {
            line,
            ..RawItem::default()
        });
    } else if is(name, Ns::None, "category") {
        state.category_domain = start
            .try_get_attribute("domain")
            .ok()
            .flatten()
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
            .unwrap_or_default();
    } else if is(name, Ns::Wp, "comment")
        && let Some(item) = state.item.as_mut()
    {
        item.comments += 1;
    }
    Ok(())
}

/// Stores the text of an element that just closed, by where it sits.
fn end_element(state: &mut State, stack: &[(Ns, String)], name: (Ns, String), text: String) {
    let parent = stack.last();
    let parent_is = |ns: Ns, local: &str| parent.is_some_and(|p| is(p, ns, local));
    if parent_is(Ns::Wp, "postmeta") {
        match name.1.as_str() {
            "meta_key" => state.meta.0 = text,
            "meta_value" => state.meta.1 = text,
            _ => {}
        }
        return;
    }
    if parent_is(Ns::Wp, "author") {
        match name.1.as_str() {
            "author_login" => state.author.0 = text,
            "author_display_name" => state.author.1 = text,
            _ => {}
        }
        return;
    }
    if is(&name, Ns::Wp, "author") && parent_is(Ns::None, "channel") {
        let (login, display) = std::mem::take(&mut state.author);
        if !login.is_empty() {
            state.export.authors.insert(login, display);
        }
        return;
    }
    if is(&name, Ns::None, "item") {
        if let Some(item) = state.item.take() {
            state.export.items.push(item);
        }
        return;
    }
    let Some(item) = state.item.as_mut() else {
        return;
    };
    if is(&name, Ns::Wp, "postmeta") {
        item.meta.push(std::mem::take(&mut state.meta));
        return;
    }
    if !parent_is(Ns::None, "item") {
        return;
    }
    let field = match (name.0, name.1.as_str()) {
        (Ns::None, "title") => &mut item.title,
        (Ns::None, "link") => &mut item.link,
        (Ns::None, "guid") => &mut item.guid,
        (Ns::Dc, "creator") => &mut item.creator,
        (Ns::Content, "encoded") => &mut item.content,
        (Ns::Excerpt, "encoded") => &mut item.excerpt,
        (Ns::Wp, "post_id") => &mut item.post_id,
        (Ns::Wp, "post_date") => &mut item.post_date,
        (Ns::Wp, "post_date_gmt") => &mut item.post_date_gmt,
        (Ns::Wp, "post_modified") => &mut item.post_modified,
        (Ns::Wp, "post_modified_gmt") => &mut item.post_modified_gmt,
        (Ns::Wp, "post_name") => &mut item.post_name,
        (Ns::Wp, "status") => &mut item.status,
        (Ns::Wp, "post_type") => &mut item.post_type,
        (Ns::Wp, "attachment_url") => &mut item.attachment_url,
        (Ns::None, "category") => {
            let domain = std::mem::take(&mut state.category_domain);
            item.terms.push(RawTerm { domain, name: text });
            return;
        }
        _ => return,
    };
    *field = text;
}

/// Entity and character references: XML's five, numeric ones, and anything else kept as
/// written (WordPress titles sometimes carry HTML entities; they are decoded later as HTML).
fn push_reference(buffer: &mut String, reference: &BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        buffer.push(c);
        return;
    }
    let name = String::from_utf8_lossy(reference.as_ref());
    match name.as_ref() {
        "amp" => buffer.push('&'),
        "lt" => buffer.push('<'),
        "gt" => buffer.push('>'),
        "quot" => buffer.push('"'),
        "apos" => buffer.push('\''),
        other => {
            buffer.push('&');
            buffer.push_str(other);
            buffer.push(';');
        }
    }
}

/// Which WXR namespace a resolved name is in. Undeclared prefixes (hand-made or cut
/// files) fall back to WordPress's usual prefixes.
fn classify(ns: &ResolveResult<'_>) -> Ns {
    match ns {
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Bound(uri) => classify_uri(uri.as_ref()),
        ResolveResult::Unknown(prefix) => match prefix.as_slice() {
            b"wp" => Ns::Wp,
            b"excerpt" => Ns::Excerpt,
            b"content" => Ns::Content,
            b"dc" => Ns::Dc,
            _ => Ns::Other,
        },
    }
}

fn classify_uri(uri: &[u8]) -> Ns {
    if uri == b"http://purl.org/rss/1.0/modules/content/" {
        Ns::Content
    } else if uri == b"http://purl.org/dc/elements/1.1/" {
        Ns::Dc
    } else if let Some(rest) = uri.strip_prefix(b"http://wordpress.org/export/") {
        // `1.2/`, `1.1/`, `1.0/` for wp:, `1.2/excerpt/` for excerpt:.
        if rest.ends_with(b"/excerpt/") {
            Ns::Excerpt
        } else {
            Ns::Wp
        }
    } else {
        Ns::Other
    }
}

fn ends_inside_markup(error: &quick_xml::Error) -> bool {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    match error {
        quick_xml::Error::Syntax(syntax) => *syntax != SyntaxError::InvalidBangMarkup,
        quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => true,
        _ => false,
    }
}

fn xml_error(text: &str, offset: usize, message: &str) -> ParseError {
    let (line, column) = line_and_column(text, offset);
    ParseError::Xml {
        line,
        column,
        message: message.to_string(),
    }
}
