//! A ninjs body (HTML, NITF or plain text) as warraq blocks. HTML is parsed with a real
//! HTML5 parser (html5ever, through `scraper`); only text leaves it, so no markup from a
//! feed can reach a page: `p` → paragraph, `h1`–`h6` → subheading, `blockquote` → quote,
//! `ul`/`ol` → list, any other text → paragraphs. Pictures (`figure`, `img`) are skipped:
//! they arrive as picture associations, except a `figure` whose `img` the caller
//! recognises as one of its own pictures ([`OwnMedia`]: a document this site exported and
//! gets back through its write API), which stays a picture block where it stood.
//!
//! Inside paragraphs, quotes, list items and loose text, `strong`/`b`, `em`/`i` and
//! `a href` become marks on the text (what the export writes, so an export reads back
//! the same). Any other inline tag keeps its text and loses the tag; a link whose href is
//! not allowed (`javascript:`, `//host`, a relative `x.html`) keeps its text and is
//! reported.

use scraper::{ElementRef, Html, Node};
use warraq_domain::arabic::{fold_for_matching, normalize_text};
use warraq_domain::marks::{is_safe_href, normalize_marked_text};
use warraq_domain::{Block, Mark, MarkKind, MediaId};

/// Elements whose content is never article text.
const SKIPPED: [&str; 22] = [
    "head", "title", "script", "style", "template", "noscript", "figure", "img", "picture",
    "video", "audio", "iframe", "svg", "math", "object", "embed", "form", "button", "select",
    "textarea", "canvas", "media",
];
/// Elements that end a run of loose text: what is inside them stands apart.
const CONTAINERS: [&str; 27] = [
    "html",
    "body",
    "article",
    "section",
    "main",
    "div",
    "header",
    "footer",
    "aside",
    "nav",
    "center",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "pre",
    "address",
    "hgroup",
    "details",
    "fieldset",
    "body.content",
];

/// A body as blocks, and what was left out of it on the way.
#[derive(Debug, Default, PartialEq)]
pub struct HtmlBody {
    pub blocks: Vec<Block>,
    /// For the import report: links dropped (their text kept).
    pub warnings: Vec<String>,
}

/// Recognises this site's own pictures by an `img` address (`…/media/12`).
pub type OwnMedia<'a> = &'a dyn Fn(&str) -> Option<MediaId>;

/// Knows no picture: every figure is skipped.
pub fn no_own_media(_: &str) -> Option<MediaId> {
    None
}

/// HTML (a document or a fragment) as blocks. An `h1` repeating the headline is dropped.
#[cfg(test)]
pub fn html_to_body(html: &str, headline: &str) -> HtmlBody {
    html_to_body_with_media(html, headline, &no_own_media)
}

/// [`html_to_body`], keeping figures of the caller's own pictures as picture blocks.
pub fn html_to_body_with_media(html: &str, headline: &str, own_media: OwnMedia<'_>) -> HtmlBody {
    let document = Html::parse_document(html);
    let mut walker = Walker::new(headline, own_media);
    walker.walk(document.root_element());
    walker.finish()
}

/// NITF XML as blocks: the text of `body.content` (`hl2` → subheading, `bq` → quote).
pub fn nitf_to_body(nitf: &str, headline: &str) -> HtmlBody {
    let document = Html::parse_document(nitf);
    let content = document
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body.content");
    let mut walker = Walker::new(headline, &no_own_media);
    walker.walk(content.unwrap_or_else(|| document.root_element()));
    walker.finish()
}

/// Plain text as paragraphs: blank lines separate paragraphs; without any, every line is one.
pub fn text_to_blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n");
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    text.split(separator)
        .map(|chunk| normalize_text(&chunk.replace('\n', " ")))
        .filter(|t| !t.is_empty())
        .map(Block::paragraph)
        .collect()
}

/// The text of an HTML snippet (a headline or description with markup).
pub fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    normalize_text(&text_of(document.root_element(), &[]))
}

struct Walker<'a> {
    blocks: Vec<Block>,
    own_media: OwnMedia<'a>,
    /// Text met outside any paragraph, waiting for the end of its run.
    loose: Inline,
    /// How many runs of loose text have ended: a mark around a block element (`<b><p>…`)
    /// cannot be put on the loose text, which was flushed inside it.
    flushes: usize,
    /// The marking inline elements around the element being read: they cover the whole
    /// text of the blocks inside them (`<a href><p>…</p></a>`).
    around: Vec<Around>,
    headline: String,
    warnings: Vec<String>,
}

impl<'a> Walker<'a> {
    fn new(headline: &str, own_media: OwnMedia<'a>) -> Self {
        Self {
            blocks: Vec::new(),
            own_media,
            loose: Inline::default(),
            flushes: 0,
            around: Vec::new(),
            headline: fold_for_matching(headline),
            warnings: Vec::new(),
        }
    }

    fn finish(mut self) -> HtmlBody {
        self.flush();
        HtmlBody {
            blocks: self.blocks,
            warnings: self.warnings,
        }
    }

    /// A figure showing one of the caller's pictures, with its caption (the credit, in
    /// `small`, belongs to the picture record and is not repeated on the block).
    fn own_picture(&self, figure: ElementRef) -> Option<Block> {
        let src = figure
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "img")?
            .value()
            .attr("src")?;
        let media_id = (self.own_media)(src)?;
        let caption = figure
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "figcaption")
            .map(|c| normalize_text(&text_of(c, &["small"])))
            .filter(|c| !c.is_empty());
        Some(Block::Image {
            media_id,
            caption,
            credit: None,
        })
    }

    fn walk(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.loose.push_str(&collapse(text)),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, element: ElementRef) {
        let name = element.value().name();
        match name {
            "figure" => {
                if let Some(picture) = self.own_picture(element) {
                    self.flush();
                    self.blocks.push(picture);
                }
            }
            n if SKIPPED.contains(&n) => {}
            "br" => self.loose.push('\n'),
            "p" => {
                self.flush();
                let (text, marks) = self.marked_text(element, &[]);
                if !text.is_empty() {
                    self.blocks.push(Block::Paragraph { text, marks });
                }
            }
            "h1" => {
                self.flush();
                let text = normalize_text(&text_of(element, &[]));
                if !text.is_empty() && fold_for_matching(&text) != self.headline {
                    self.blocks.push(Block::Subheading { text });
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" | "hl2" => {
                self.flush();
                let text = normalize_text(&text_of(element, &[]));
                if !text.is_empty() {
                    self.blocks.push(Block::Subheading { text });
                }
            }
            "blockquote" | "bq" => {
                self.flush();
                let (text, marks) = self.quote_text(element);
                let attribution = ATTRIBUTION
                    .iter()
                    .find_map(|tag| first_descendant(element, tag))
                    .map(|who| normalize_text(&text_of(who, &[])))
                    .map(|who| who.trim_start_matches(['—', '–', '-', ' ']).to_string())
                    .filter(|who| !who.is_empty());
                if !text.is_empty() {
                    self.blocks.push(Block::Quote {
                        text,
                        attribution,
                        marks,
                    });
                }
            }
            "ul" | "ol" => {
                self.flush();
                let mut items = Vec::new();
                let mut item_marks = Vec::new();
                for li in element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|li| li.value().name() == "li")
                {
                    let (item, marks) = self.marked_text(li, &[]);
                    if !item.is_empty() {
                        items.push(item);
                        item_marks.push(marks);
                    }
                }
                while item_marks.last().is_some_and(Vec::is_empty) {
                    item_marks.pop();
                }
                if !items.is_empty() {
                    self.blocks.push(Block::List {
                        ordered: name == "ol",
                        items,
                        item_marks,
                    });
                }
            }
            n if CONTAINERS.contains(&n) => {
                self.flush();
                self.walk(element);
                self.flush();
            }
            // Inline markup (a, b, span, em...): its text joins the current run, marked
            // when it is a mark.
            _ => match mark_of(element, &mut self.warnings) {
                Some(kind) => {
                    self.around.push(Around {
                        kind,
                        start: self.loose.len,
                        flushes: self.flushes,
                    });
                    self.walk(element);
                    if let Some(around) = self.around.pop() {
                        let start = self.loose_start(&around);
                        self.loose.mark(start, around.kind);
                    }
                }
                None => self.walk(element),
            },
        }
    }

    /// The normalised text of `element` (without `except`) with its marks, and those of
    /// the inline elements around it.
    fn marked_text(&mut self, element: ElementRef, except: &[&str]) -> (String, Vec<Mark>) {
        let mut inline = Inline::default();
        collect_inline(element, except, &mut inline, &mut self.warnings);
        self.finish_inline(inline)
    }

    /// A block's text: the marks around the block cover all of it.
    fn finish_inline(&mut self, mut inline: Inline) -> (String, Vec<Mark>) {
        for around in &self.around {
            inline.mark(0, around.kind.clone());
        }
        normalize_marked_text(&inline.text, &inline.marks)
    }

    /// Where a mark around loose text starts in it: where its element began, or at the
    /// start when the run began inside the element (a block inside it ended the run).
    fn loose_start(&self, around: &Around) -> u32 {
        if around.flushes == self.flushes {
            around.start
        } else {
            0
        }
    }

    /// A quote's words with their marks, without its attribution, one line per paragraph
    /// inside it.
    fn quote_text(&mut self, quote: ElementRef) -> (String, Vec<Mark>) {
        let mut lines = Inline::default();
        for p in quote
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "p")
        {
            let (line, marks) = self.marked_text(p, &ATTRIBUTION);
            if line.is_empty() {
                continue;
            }
            if lines.len > 0 {
                lines.push('\n');
            }
            let start = lines.len;
            lines.push_str(&line);
            lines.marks.extend(
                marks
                    .into_iter()
                    .map(|m| Mark::new(m.start + start, m.end + start, m.kind)),
            );
        }
        if lines.len > 0 {
            return normalize_marked_text(&lines.text, &lines.marks);
        }
        self.marked_text(quote, &ATTRIBUTION)
    }

    fn flush(&mut self) {
        let mut loose = std::mem::take(&mut self.loose);
        for around in &self.around {
            loose.mark(self.loose_start(around), around.kind.clone());
        }
        self.flushes += 1;
        let (text, marks) = normalize_marked_text(&loose.text, &loose.marks);
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph { text, marks });
        }
    }
}

/// A marking inline element the walker is inside: its mark, and where the loose text
/// stood when it began.
struct Around {
    kind: MarkKind,
    start: u32,
    flushes: usize,
}

/// Text gathered from HTML, before normalisation, with the marks its inline elements put
/// on it (character offsets into `text`).
#[derive(Debug, Default)]
struct Inline {
    text: String,
    /// `text` in characters.
    len: u32,
    marks: Vec<Mark>,
}

impl Inline {
    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
        self.len += text.chars().count() as u32;
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
        self.len += 1;
    }

    /// Marks the text from `start` to the end so far. A link inside another cannot be
    /// drawn (links may not overlap): the inner one, read first, is kept.
    fn mark(&mut self, start: u32, kind: MarkKind) {
        let mark = Mark::new(start, self.len, kind);
        if mark.start >= mark.end {
            return;
        }
        let clashes = mark.is_link()
            && self
                .marks
                .iter()
                .any(|m| m.is_link() && m.start < mark.end && mark.start < m.end);
        if !clashes {
            self.marks.push(mark);
        }
    }
}

/// The mark an inline element stands for, if any. A link whose href is not allowed is
/// no mark, and is reported in `warnings`.
fn mark_of(element: ElementRef, warnings: &mut Vec<String>) -> Option<MarkKind> {
    match element.value().name() {
        "strong" | "b" => Some(MarkKind::Strong),
        "em" | "i" => Some(MarkKind::Emphasis),
        "a" => {
            // Browsers ignore the whitespace around an href; so do we.
            let href = element.value().attr("href")?.trim();
            if is_safe_href(href) {
                Some(MarkKind::Link {
                    href: href.to_string(),
                })
            } else {
                warnings.push(format!(
                    "body: the link to `{href}` was dropped, its text kept (only http, https, \
                     mailto and site paths starting with `/` are linked)"
                ));
                None
            }
        }
        _ => None,
    }
}

/// The text inside `element` with its marks, as [`text_of`] reads it.
fn collect_inline(
    element: ElementRef,
    except: &[&str],
    out: &mut Inline,
    warnings: &mut Vec<String>,
) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&collapse(text)),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            Node::Element(e) if SKIPPED.contains(&e.name()) || except.contains(&e.name()) => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    let kind = mark_of(child, warnings);
                    let start = out.len;
                    collect_inline(child, except, out, warnings);
                    if let Some(kind) = kind {
                        out.mark(start, kind);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whitespace of the HTML source is layout, not text: every run becomes one space.
fn collapse(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// The text inside `element`, `<br>` as a line break, skipping non-text elements and `except`.
fn text_of(element: ElementRef, except: &[&str]) -> String {
    let mut out = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&collapse(text)),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            Node::Element(e) if SKIPPED.contains(&e.name()) || except.contains(&e.name()) => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    out.push_str(&text_of(child, except));
                }
            }
            _ => {}
        }
    }
    out
}

/// Where a quote names who said it; not part of the quote's words.
const ATTRIBUTION: [&str; 3] = ["footer", "cite", "credit"];

fn first_descendant<'a>(element: ElementRef<'a>, tag: &str) -> Option<ElementRef<'a>> {
    element
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    use warraq_domain::Mark;

    fn html_to_blocks(html: &str, headline: &str) -> Vec<Block> {
        html_to_body(html, headline).blocks
    }

    fn nitf_to_blocks(nitf: &str, headline: &str) -> Vec<Block> {
        nitf_to_body(nitf, headline).blocks
    }

    fn paragraph(text: &str) -> Block {
        Block::paragraph(text)
    }

    #[test]
    fn html_elements_map_to_their_blocks() {
        let html = "<h1>العنوان</h1><p>فقرة <b>أولى</b>\n  هنا</p><h3>عنوان فرعي</h3>\
                    <blockquote><p>«سنرد»</p><footer>— المتحدث</footer></blockquote>\
                    <ol><li>واحد</li><li>اثنان</li></ol><div>نص <span>حر</span></div>";
        assert_eq!(
            html_to_blocks(html, "العنوان"),
            vec![
                Block::Paragraph {
                    text: "فقرة أولى هنا".into(),
                    marks: vec![Mark::strong(5, 9)],
                },
                Block::Subheading {
                    text: "عنوان فرعي".into()
                },
                Block::Quote {
                    text: "«سنرد»".into(),
                    attribution: Some("المتحدث".into()),
                    marks: Vec::new(),
                },
                Block::List {
                    ordered: true,
                    items: vec!["واحد".into(), "اثنان".into()],
                    item_marks: Vec::new(),
                },
                paragraph("نص حر"),
            ]
        );
    }

    #[test]
    fn inline_tags_become_marks_in_paragraphs_quotes_items_and_loose_text() {
        let html = "<p><b>عاجل:</b> قال <a href=\"https://example.org/a?x=1&amp;y=2\">الوزير <i>إن</i></a> \
                    <span>الخطة</span> <strong>جاهزة</strong></p>\
                    <blockquote><p>«نعم <em>للحوار</em>»</p><p><strong>لا</strong> للعنف</p><footer>المتحدث</footer></blockquote>\
                    <ul><li>أول</li><li><a href=\"/article/2/x\">ثان</a></li><li>ثالث</li></ul>\
                    <div>نص <em>حر</em></div>";
        let body = html_to_body(html, "");
        assert_eq!(body.warnings, Vec::<String>::new());
        assert_eq!(
            body.blocks,
            vec![
                Block::Paragraph {
                    text: "عاجل: قال الوزير إن الخطة جاهزة".into(),
                    marks: vec![
                        Mark::strong(0, 5),
                        Mark::link(10, 19, "https://example.org/a?x=1&y=2"),
                        Mark::emphasis(17, 19),
                        Mark::strong(26, 31),
                    ],
                },
                Block::Quote {
                    text: "«نعم للحوار»\nلا للعنف".into(),
                    attribution: Some("المتحدث".into()),
                    marks: vec![Mark::emphasis(5, 11), Mark::strong(13, 15)],
                },
                Block::List {
                    ordered: false,
                    items: vec!["أول".into(), "ثان".into(), "ثالث".into()],
                    item_marks: vec![vec![], vec![Mark::link(0, 3, "/article/2/x")]],
                },
                Block::Paragraph {
                    text: "نص حر".into(),
                    marks: vec![Mark::emphasis(3, 5)],
                },
            ]
        );
    }

    #[test]
    fn marks_follow_their_words_through_whitespace_and_nesting() {
        // Source whitespace collapses and trims; a strong run across a line break stays one.
        let blocks = html_to_blocks(
            "<p>  <b>كلمة\n  <i>أولى</i></b>   ثم<br><b>ثانية</b>  </p>",
            "",
        );
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: "كلمة أولى ثم\nثانية".into(),
                marks: vec![
                    Mark::strong(0, 9),
                    Mark::emphasis(5, 9),
                    Mark::strong(13, 18)
                ],
            }]
        );
        // Marks around a block element cover the block; loose text keeps its own run.
        let blocks = html_to_blocks(
            "<div>قبل <a href=\"/x\">رابط<p>فقرة</p>بعد</a> نهاية</div>",
            "",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "قبل رابط".into(),
                    marks: vec![Mark::link(4, 8, "/x")],
                },
                Block::Paragraph {
                    text: "فقرة".into(),
                    marks: vec![Mark::link(0, 4, "/x")],
                },
                Block::Paragraph {
                    text: "بعد نهاية".into(),
                    marks: vec![Mark::link(0, 3, "/x")],
                },
            ]
        );
    }

    #[test]
    fn unsafe_links_keep_their_text_and_are_reported() {
        let body = html_to_body(
            "<p><a href=\"javascript:alert(1)\">اضغط</a> و<a href=\"//evil.example\">هنا</a> \
             و<a href=\" https://example.org \">هناك</a> و<a name=\"x\">مرساة</a></p>",
            "",
        );
        assert_eq!(
            body.blocks,
            vec![Block::Paragraph {
                text: "اضغط وهنا وهناك ومرساة".into(),
                marks: vec![Mark::link(11, 15, "https://example.org")],
            }]
        );
        assert_eq!(body.warnings.len(), 2, "{:?}", body.warnings);
        assert!(
            body.warnings[0].contains("`javascript:alert(1)`"),
            "{:?}",
            body.warnings
        );
        assert!(
            body.warnings[1].contains("`//evil.example`"),
            "{:?}",
            body.warnings
        );
    }

    #[test]
    fn scripts_styles_and_pictures_leave_no_text() {
        let html = "<p>قبل<script>alert(1)</script></p><style>p{}</style>\
                    <figure><img src=x onerror=alert(1)><figcaption>تعليق</figcaption></figure><p>بعد</p>";
        assert_eq!(
            html_to_blocks(html, ""),
            vec![paragraph("قبل"), paragraph("بعد")]
        );
    }

    #[test]
    fn entities_are_decoded_and_text_is_nfc() {
        let blocks = html_to_blocks("<p>A &amp; B &lt;tag&gt; e\u{301}</p>", "");
        assert_eq!(blocks, vec![paragraph("A & B <tag> \u{e9}")]);
    }

    #[test]
    fn line_breaks_stay_inside_their_paragraph() {
        assert_eq!(
            html_to_blocks("<p>سطر<br>سطر آخر</p>", ""),
            vec![paragraph("سطر\nسطر آخر")]
        );
    }

    #[test]
    fn nitf_body_content_is_read_without_the_head() {
        let nitf = "<?xml version=\"1.0\"?><nitf><head><title>T</title></head><body><body.head><hedline><hl1>T</hl1></hedline></body.head>\
                    <body.content><p>One</p><hl2>Part</hl2><bq><p>Said</p><credit>Her</credit></bq></body.content></body></nitf>";
        assert_eq!(
            nitf_to_blocks(nitf, "T"),
            vec![
                paragraph("One"),
                Block::Subheading {
                    text: "Part".into()
                },
                Block::Quote {
                    text: "Said".into(),
                    attribution: Some("Her".into()),
                    marks: Vec::new(),
                },
            ]
        );
    }

    #[test]
    fn plain_text_splits_on_blank_lines_else_on_lines() {
        assert_eq!(
            text_to_blocks("a\nb\n\nc"),
            vec![paragraph("a b"), paragraph("c")]
        );
        assert_eq!(text_to_blocks("a\nb"), vec![paragraph("a"), paragraph("b")]);
    }

    #[test]
    fn figures_of_the_callers_own_pictures_stay_where_they_stood() {
        let html = "<p>قبل</p><figure><img src=\"https://news.example/media/12\" alt=\"\"><figcaption>الوفد لدى وصوله <small>رويترز</small></figcaption></figure>\
                    <figure><img src=\"https://other.example/media/13\"></figure><p>بعد</p>";
        let own = |src: &str| {
            src.strip_prefix("https://news.example/media/")
                .and_then(|id| id.parse().ok())
                .map(MediaId)
        };
        let body = html_to_body_with_media(html, "", &own);
        assert_eq!(
            body.blocks,
            vec![
                Block::paragraph("قبل".to_string()),
                Block::Image {
                    media_id: MediaId(12),
                    caption: Some("الوفد لدى وصوله".into()),
                    credit: None,
                },
                Block::paragraph("بعد".to_string()),
            ]
        );
        assert_eq!(
            html_to_body(html, "").blocks.len(),
            2,
            "no resolver: figures skipped"
        );
    }
}
