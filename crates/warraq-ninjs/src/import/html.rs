//! A ninjs body (HTML, NITF or plain text) as warraq blocks. HTML is parsed with a real
//! HTML5 parser (html5ever, through `scraper`); only text leaves it, so no markup from a
//! feed can reach a page: `p` → paragraph, `h1`–`h6` → subheading, `blockquote` → quote,
//! `ul`/`ol` → list, any other text → paragraphs. Pictures (`figure`, `img`) are skipped:
//! they arrive as picture associations.

use scraper::{ElementRef, Html, Node};
use warraq_domain::Block;
use warraq_domain::arabic::{fold_for_matching, normalize_text};

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

/// HTML (a document or a fragment) as blocks. An `h1` repeating the headline is dropped.
pub fn html_to_blocks(html: &str, headline: &str) -> Vec<Block> {
    let document = Html::parse_document(html);
    let mut walker = Walker {
        blocks: Vec::new(),
        loose: String::new(),
        headline: fold_for_matching(headline),
    };
    walker.walk(document.root_element());
    walker.flush();
    walker.blocks
}

/// NITF XML as blocks: the text of `body.content` (`hl2` → subheading, `bq` → quote).
pub fn nitf_to_blocks(nitf: &str, headline: &str) -> Vec<Block> {
    let document = Html::parse_document(nitf);
    let content = document
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body.content");
    let mut walker = Walker {
        blocks: Vec::new(),
        loose: String::new(),
        headline: fold_for_matching(headline),
    };
    walker.walk(content.unwrap_or_else(|| document.root_element()));
    walker.flush();
    walker.blocks
}

/// Plain text as paragraphs: blank lines separate paragraphs; without any, every line is one.
pub fn text_to_blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n");
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    text.split(separator)
        .map(|chunk| normalize_text(&chunk.replace('\n', " ")))
        .filter(|t| !t.is_empty())
        .map(|text| Block::Paragraph { text })
        .collect()
}

/// The text of an HTML snippet (a headline or description with markup).
pub fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    normalize_text(&text_of(document.root_element(), &[]))
}

struct Walker {
    blocks: Vec<Block>,
    /// Text met outside any paragraph, waiting for the end of its run.
    loose: String,
    headline: String,
}

impl Walker {
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
            n if SKIPPED.contains(&n) => {}
            "br" => self.loose.push('\n'),
            "p" => self.push_text(element, |text| Block::Paragraph { text }),
            "h1" => {
                self.flush();
                let text = normalize_text(&text_of(element, &[]));
                if !text.is_empty() && fold_for_matching(&text) != self.headline {
                    self.blocks.push(Block::Subheading { text });
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" | "hl2" => {
                self.push_text(element, |text| Block::Subheading { text })
            }
            "blockquote" | "bq" => {
                self.flush();
                let text = normalize_text(&paragraph_lines(element));
                let attribution = ["footer", "cite", "credit"]
                    .iter()
                    .find_map(|tag| first_descendant(element, tag))
                    .map(|who| normalize_text(&text_of(who, &[])))
                    .map(|who| who.trim_start_matches(['—', '–', '-', ' ']).to_string())
                    .filter(|who| !who.is_empty());
                if !text.is_empty() {
                    self.blocks.push(Block::Quote { text, attribution });
                }
            }
            "ul" | "ol" => {
                self.flush();
                let items: Vec<String> = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|li| li.value().name() == "li")
                    .map(|li| normalize_text(&text_of(li, &[])))
                    .filter(|item| !item.is_empty())
                    .collect();
                if !items.is_empty() {
                    self.blocks.push(Block::List {
                        ordered: name == "ol",
                        items,
                    });
                }
            }
            n if CONTAINERS.contains(&n) => {
                self.flush();
                self.walk(element);
                self.flush();
            }
            // Inline markup (a, b, span, em...): its text joins the current run.
            _ => self.walk(element),
        }
    }

    fn push_text(&mut self, element: ElementRef, make: impl Fn(String) -> Block) {
        self.flush();
        let text = normalize_text(&text_of(element, &[]));
        if !text.is_empty() {
            self.blocks.push(make(text));
        }
    }

    fn flush(&mut self) {
        let text = normalize_text(&std::mem::take(&mut self.loose));
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph { text });
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

/// A quote's words without its attribution, one line per paragraph inside it.
fn paragraph_lines(quote: ElementRef) -> String {
    const ATTRIBUTION: [&str; 3] = ["footer", "cite", "credit"];
    let paragraphs: Vec<String> = quote
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "p")
        .map(|p| normalize_text(&text_of(p, &ATTRIBUTION)))
        .filter(|t| !t.is_empty())
        .collect();
    if paragraphs.is_empty() {
        text_of(quote, &ATTRIBUTION)
    } else {
        paragraphs.join("\n")
    }
}

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

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    #[test]
    fn html_elements_map_to_their_blocks() {
        let html = "<h1>العنوان</h1><p>فقرة <b>أولى</b>\n  هنا</p><h3>عنوان فرعي</h3>\
                    <blockquote><p>«سنرد»</p><footer>— المتحدث</footer></blockquote>\
                    <ol><li>واحد</li><li>اثنان</li></ol><div>نص <span>حر</span></div>";
        assert_eq!(
            html_to_blocks(html, "العنوان"),
            vec![
                paragraph("فقرة أولى هنا"),
                Block::Subheading {
                    text: "عنوان فرعي".into()
                },
                Block::Quote {
                    text: "«سنرد»".into(),
                    attribution: Some("المتحدث".into())
                },
                Block::List {
                    ordered: true,
                    items: vec!["واحد".into(), "اثنان".into()]
                },
                paragraph("نص حر"),
            ]
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
                    attribution: Some("Her".into())
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
}
