//! Article body blocks as HTML for the ninjs `bodies` entry. Every text is escaped: block
//! text is plain by contract, and an export must never turn it into markup. Inline marks
//! become `<strong>`, `<em>` and `<a href>` (the tags the import reads back), with links
//! to site paths made absolute: the document is read on other systems.

use warraq_domain::marks::html::{MarkupOptions, write_marked_html};
use warraq_domain::marks::marks_within;
use warraq_domain::{Block, Mark, Media, urls};

pub use warraq_domain::html::escape;

/// Escaped text whose line breaks (kept by `normalize_text`) become `<br>`.
fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// `<tag>` + the text with its marks (line breaks as `<br>`) + `</tag>`.
fn push_marked(html: &mut String, tag: &str, text: &str, marks: &[Mark], markup: &MarkupOptions) {
    html.push_str(&format!("<{tag}>"));
    write_marked_html(text, marks, markup, html);
    html.push_str(&format!("</{tag}>"));
}

/// The body as HTML. `media` holds the pictures `Block::Image` refers to; an image whose
/// record is missing is left out rather than shown without a picture.
pub fn blocks_to_html(
    blocks: &[Block],
    media: &[Media],
    base_url: &str,
    agencies: &[warraq_domain::Agency],
) -> String {
    let markup = MarkupOptions {
        origin: base_url,
        absolute_paths: true,
        line_breaks: true,
    };
    let mut html = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { text, marks } => push_marked(&mut html, "p", text, marks, &markup),
            Block::Subheading { text } => push_element(&mut html, "h2", &escape_lines(text)),
            Block::Quote {
                text,
                attribution,
                marks,
            } => {
                html.push_str("<blockquote>");
                // One paragraph per line, each with the part of the marks that falls on it.
                let mut from = 0u32;
                for line in text.split('\n') {
                    let to = from + line.chars().count() as u32;
                    if !line.trim().is_empty() {
                        let line_marks = marks_within(marks, from, to);
                        push_marked(&mut html, "p", line, &line_marks, &markup);
                    }
                    from = to + 1;
                }
                if let Some(who) = attribution.as_deref().filter(|w| !w.trim().is_empty()) {
                    push_element(&mut html, "footer", &escape(who));
                }
                html.push_str("</blockquote>");
            }
            Block::List {
                ordered,
                items,
                item_marks,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                html.push_str(&format!("<{tag}>"));
                for (i, item) in items.iter().enumerate() {
                    let marks = item_marks.get(i).map_or(&[][..], Vec::as_slice);
                    push_marked(&mut html, "li", item, marks, &markup);
                }
                html.push_str(&format!("</{tag}>"));
            }
            Block::Image {
                media_id,
                caption,
                credit,
            } => {
                let Some(picture) = media.iter().find(|m| m.id == *media_id) else {
                    continue;
                };
                let src = format!("{base_url}{}", urls::media_path(picture.id, None));
                html.push_str(&format!(
                    "<figure><img src=\"{}\" alt=\"{}\"",
                    escape(&src),
                    escape(&picture.alt)
                ));
                if let Some((w, h)) = picture.aspect() {
                    html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                }
                html.push('>');
                let caption = caption.as_deref().unwrap_or(&picture.caption);
                let credit = credit
                    .as_ref()
                    .or(picture.credit.as_ref())
                    .map(|c| c.label(agencies));
                if !caption.trim().is_empty() || credit.is_some() {
                    html.push_str("<figcaption>");
                    html.push_str(&escape(caption));
                    if let Some(credit) = credit {
                        html.push_str(&format!(" <small>{}</small>", escape(&credit)));
                    }
                    html.push_str("</figcaption>");
                }
                html.push_str("</figure>");
            }
        }
    }
    html
}

fn push_element(html: &mut String, tag: &str, inner: &str) {
    html.push_str(&format!("<{tag}>{inner}</{tag}>"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_in_every_block() {
        let blocks = vec![
            Block::paragraph("<script>alert('x')</script> & «نص»"),
            Block::Quote {
                text: "قال \"لا\"".into(),
                attribution: Some("<b>مصدر</b>".into()),
                marks: Vec::new(),
            },
            Block::List {
                ordered: true,
                items: vec!["<i>أول</i>".into()],
                item_marks: Vec::new(),
            },
        ];
        let html = blocks_to_html(&blocks, &[], "https://example.org", &[]);
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; «نص»</p>\
             <blockquote><p>قال &quot;لا&quot;</p><footer>&lt;b&gt;مصدر&lt;/b&gt;</footer></blockquote>\
             <ol><li>&lt;i&gt;أول&lt;/i&gt;</li></ol>"
        );
    }

    #[test]
    fn line_breaks_inside_a_paragraph_become_br() {
        let html = blocks_to_html(&[Block::paragraph("سطر\nسطر آخر")], &[], "", &[]);
        assert_eq!(html, "<p>سطر<br>سطر آخر</p>");
    }

    #[test]
    fn marks_become_tags_with_site_links_made_absolute() {
        let blocks = vec![
            Block::Paragraph {
                text: "قال الوزير إن الخطة".into(),
                marks: vec![Mark::strong(0, 10), Mark::emphasis(4, 13)],
            },
            // Two lines, two paragraphs: each gets its part of the marks.
            Block::Quote {
                text: "«سطر أول»\n«سطر ثان»".into(),
                attribution: None,
                marks: vec![Mark::link(1, 8, "/article/3/x"), Mark::strong(5, 15)],
            },
            Block::List {
                ordered: false,
                items: vec!["أ".into(), "رابط".into(), "ب".into()],
                item_marks: vec![
                    vec![],
                    vec![Mark::link(0, 4, "https://other.example/?a=1&b=\"2\"")],
                ],
            },
        ];
        let html = blocks_to_html(&blocks, &[], "https://example.org", &[]);
        assert_eq!(
            html,
            "<p><strong>قال <em>الوزير</em></strong><em> إن</em> الخطة</p>\
             <blockquote><p>«<a href=\"https://example.org/article/3/x\">سطر <strong>أول</strong></a><strong>»</strong></p>\
             <p><strong>«سطر </strong>ثان»</p></blockquote>\
             <ul><li>أ</li><li><a href=\"https://other.example/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener\">رابط</a></li><li>ب</li></ul>"
        );
    }
}
