//! Post bodies (Gutenberg block markup or classic HTML) to plain-text blocks.
//!
//! The HTML is first sanitised by ammonia down to the structural tags we read (block
//! comments, scripts, styles and attributes other than image `src`/`alt` go), then walked
//! as an HTML5 tree: `p` → paragraph, `h1`–`h6` → subheading, `blockquote` → quote (its
//! `cite` as attribution), `ul`/`ol` → list, images → their caption as a paragraph (an
//! image without a caption is skipped with a warning) and recorded as pictures. Text
//! outside any block (classic editor posts) is split into paragraphs at blank lines, as
//! WordPress itself does when it renders them.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeRef;
use scraper::{Html, Node};
use warraq_domain::arabic::normalize_text;
use warraq_domain::{Block, IncomingMedia};

/// Tags kept by the sanitiser: the ones that carry structure. Others are unwrapped
/// (their text stays), and scripts/styles lose their content.
const STRUCTURAL_TAGS: [&str; 25] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "cite",
    "ul",
    "ol",
    "li",
    "figure",
    "figcaption",
    "img",
    "br",
    "div",
    "section",
    "article",
    "pre",
    "hr",
    "table",
    "tr",
    "td",
    "th",
];

/// Stands for `<br>` while text is collected, until whitespace has been tidied (a
/// private-use character, so whitespace collapsing leaves it alone).
const LINE_BREAK: char = '\u{E000}';

#[derive(Debug, Default)]
pub struct HtmlBody {
    pub blocks: Vec<Block>,
    /// Pictures met in the body, with the caption and alt they had.
    pub images: Vec<IncomingMedia>,
    pub warnings: Vec<String>,
}

pub fn html_to_blocks(html: &str) -> HtmlBody {
    let sanitised = sanitise(html);
    let fragment = Html::parse_fragment(&sanitised);
    let mut converter = Converter::default();
    converter.walk_children(*fragment.root_element());
    converter.flush();
    HtmlBody {
        blocks: converter.blocks,
        images: converter.images,
        warnings: converter.warnings,
    }
}

/// The text of an HTML snippet (an excerpt, a title with entities), blocks joined by a space.
pub fn html_to_text(html: &str) -> String {
    let body = html_to_blocks(html);
    normalize_text(
        &body
            .blocks
            .iter()
            .map(Block::plain_text)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn sanitise(html: &str) -> String {
    let mut attributes = HashMap::new();
    attributes.insert("img", HashSet::from(["src", "alt"]));
    ammonia::Builder::empty()
        .tags(HashSet::from(STRUCTURAL_TAGS))
        .tag_attributes(attributes)
        .strip_comments(true)
        .clean(html)
        .to_string()
}

#[derive(Default)]
struct Converter {
    blocks: Vec<Block>,
    images: Vec<IncomingMedia>,
    warnings: Vec<String>,
    /// Text not yet placed in a block.
    text: String,
    /// Depth of explicit block elements around the current text: outside any (0), source
    /// newlines are paragraph structure; inside one, they are just spaces.
    block_depth: usize,
    /// Set while inside a `blockquote`: the `cite` text.
    cite: Option<String>,
}

impl Converter {
    fn walk_children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.walk(child);
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) if self.block_depth == 0 => self.text.push_str(text),
            Node::Text(text) => self
                .text
                .extend(text.chars().map(|c| if c == '\n' { ' ' } else { c })),
            Node::Element(element) => match element.name() {
                "br" => self.text.push(LINE_BREAK),
                "hr" => self.flush(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let text = self.collect_text(node);
                    if !text.is_empty() {
                        self.blocks.push(Block::Subheading { text });
                    }
                }
                "blockquote" => self.quote(node),
                "cite" if self.cite.is_some() => {
                    let text = self.collect_text(node);
                    self.cite = Some(text);
                }
                "ul" | "ol" => self.list(node, element.name() == "ol"),
                "figure" if has_image(node) => self.figure(node),
                "img" => {
                    self.flush();
                    self.image(element.attr("src"), element.attr("alt"), String::new());
                }
                "td" | "th" => {
                    self.walk_children(node);
                    self.text.push(' ');
                }
                "p" | "div" | "section" | "article" | "pre" | "table" | "tr" | "li" | "figure"
                | "figcaption" => {
                    self.flush();
                    self.block_depth += 1;
                    self.walk_children(node);
                    self.block_depth -= 1;
                    self.flush();
                }
                _ => self.walk_children(node),
            },
            _ => {}
        }
    }

    /// Places pending text as paragraphs: blank lines separate paragraphs; single line
    /// breaks stay inside one.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.text);
        let mut paragraph = String::new();
        for line in pending.split('\n').chain(std::iter::once("")) {
            if line.trim().is_empty() {
                let text = tidy(&paragraph);
                if !text.is_empty() {
                    self.blocks.push(Block::paragraph(text));
                }
                paragraph.clear();
            } else {
                if !paragraph.is_empty() {
                    paragraph.push(LINE_BREAK);
                }
                paragraph.push_str(line);
            }
        }
    }

    /// The text of a subtree as one string (its own blocks joined by line breaks).
    fn collect_text(&mut self, node: NodeRef<'_, Node>) -> String {
        self.flush();
        let mut inner = Converter {
            block_depth: 1,
            ..Converter::default()
        };
        inner.walk_children(node);
        inner.flush();
        self.images.append(&mut inner.images);
        self.warnings.append(&mut inner.warnings);
        let text = inner
            .blocks
            .iter()
            .map(Block::plain_text)
            .collect::<Vec<_>>()
            .join("\n");
        normalize_text(&text)
    }

    fn quote(&mut self, node: NodeRef<'_, Node>) {
        self.flush();
        let mut inner = Converter {
            block_depth: 1,
            cite: Some(String::new()),
            ..Converter::default()
        };
        inner.walk_children(node);
        inner.flush();
        self.images.append(&mut inner.images);
        self.warnings.append(&mut inner.warnings);
        let text = normalize_text(
            &inner
                .blocks
                .iter()
                .map(Block::plain_text)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let attribution = inner.cite.filter(|c| !c.is_empty());
        if !text.is_empty() {
            self.blocks.push(Block::Quote {
                text,
                attribution,
                marks: Vec::new(),
            });
        }
    }

    fn list(&mut self, node: NodeRef<'_, Node>, ordered: bool) {
        self.flush();
        let items: Vec<String> = node
            .children()
            .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "li"))
            .map(|li| self.collect_text(li).replace('\n', " "))
            .filter(|t| !t.is_empty())
            .collect();
        if !items.is_empty() {
            self.blocks.push(Block::List {
                ordered,
                items,
                item_marks: Vec::new(),
            });
        }
    }

    fn figure(&mut self, node: NodeRef<'_, Node>) {
        self.flush();
        let caption = node
            .descendants()
            .find(|d| {
                d.value()
                    .as_element()
                    .is_some_and(|e| e.name() == "figcaption")
            })
            .map(|c| self.collect_text(c))
            .unwrap_or_default();
        let images: Vec<_> = node
            .descendants()
            .filter_map(|d| d.value().as_element().filter(|e| e.name() == "img"))
            .map(|img| {
                (
                    img.attr("src").map(str::to_string),
                    img.attr("alt").map(str::to_string),
                )
            })
            .collect();
        for (src, alt) in images {
            self.image(src.as_deref(), alt.as_deref(), caption.clone());
        }
    }

    fn image(&mut self, src: Option<&str>, alt: Option<&str>, caption: String) {
        let alt = alt.map(normalize_text).filter(|a| !a.is_empty());
        if caption.is_empty() {
            self.warnings.push(format!(
                "an image without a caption ({}) was left out of the text",
                src.unwrap_or("no source")
            ));
        } else if !matches!(self.blocks.last(), Some(Block::Paragraph { text, .. }) if *text == caption)
        {
            // A gallery repeats one caption under each picture: the text gets it once.
            self.blocks.push(Block::paragraph(caption.clone()));
        }
        self.images.push(IncomingMedia {
            source_url: src.map(str::to_string).filter(|s| !s.is_empty()),
            caption,
            alt,
            ..IncomingMedia::default()
        });
    }
}

fn has_image(node: NodeRef<'_, Node>) -> bool {
    node.descendants()
        .any(|d| d.value().as_element().is_some_and(|e| e.name() == "img"))
}

/// Collapses whitespace, then turns line-break markers into newlines.
fn tidy(text: &str) -> String {
    let collapsed = normalize_text(&text.replace('\n', " "));
    normalize_text(&collapsed.replace(LINE_BREAK, "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::paragraph(text)
    }

    #[test]
    fn gutenberg_blocks_become_paragraphs_subheadings_quotes_and_lists() {
        let html = "<!-- wp:paragraph -->\n<p>فقرة <strong>أولى</strong>\nتكمل</p>\n<!-- /wp:paragraph -->\n\n\
            <!-- wp:heading --><h2>عنوان فرعي</h2><!-- /wp:heading -->\n\
            <!-- wp:quote --><blockquote class=\"wp-block-quote\"><!-- wp:paragraph --><p>«قول مأثور»</p><!-- /wp:paragraph --><cite>قائل</cite></blockquote><!-- /wp:quote -->\n\
            <!-- wp:list --><ol><li>أول</li><li>ثان <em>مهم</em></li></ol><!-- /wp:list -->";
        let body = html_to_blocks(html);
        assert_eq!(
            body.blocks,
            [
                paragraph("فقرة أولى تكمل"),
                Block::Subheading {
                    text: "عنوان فرعي".into()
                },
                Block::Quote {
                    text: "«قول مأثور»".into(),
                    attribution: Some("قائل".into()),
                    marks: Vec::new(),
                },
                Block::List {
                    ordered: true,
                    items: vec!["أول".into(), "ثان مهم".into()],
                    item_marks: Vec::new(),
                },
            ]
        );
        assert!(body.warnings.is_empty());
    }

    #[test]
    fn classic_posts_split_at_blank_lines_and_keep_single_line_breaks() {
        let body =
            html_to_blocks("سطر أول\nسطر ثان\n\nفقرة ثانية &amp; أخيرة<script>alert(1)</script>");
        assert_eq!(
            body.blocks,
            [
                paragraph("سطر أول\nسطر ثان"),
                paragraph("فقرة ثانية & أخيرة")
            ]
        );
    }

    #[test]
    fn images_give_their_caption_or_are_skipped_with_a_warning_and_are_recorded() {
        let html = "<figure class=\"wp-block-image\"><img src=\"https://x.test/a.jpg\" alt=\"وصف\" onerror=\"x()\"/><figcaption>تعليق الصورة</figcaption></figure>\
            <p><img src=\"https://x.test/b.jpg\"></p>";
        let body = html_to_blocks(html);
        assert_eq!(body.blocks, [paragraph("تعليق الصورة")]);
        assert_eq!(body.images.len(), 2);
        assert_eq!(
            body.images[0].source_url.as_deref(),
            Some("https://x.test/a.jpg")
        );
        assert_eq!(body.images[0].alt.as_deref(), Some("وصف"));
        assert_eq!(body.warnings.len(), 1);
        assert!(body.warnings[0].contains("b.jpg"));
    }

    #[test]
    fn text_of_a_snippet_decodes_entities_and_drops_tags() {
        assert_eq!(
            html_to_text("علوم &amp; تقنية &#8211; <b>جديد</b>"),
            "علوم & تقنية – جديد"
        );
    }
}
