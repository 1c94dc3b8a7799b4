//! Article body blocks as HTML for the ninjs `bodies` entry. Every text is escaped: block
//! text is plain by contract, and an export must never turn it into markup.

use warraq_domain::{Block, Media, urls};

pub use warraq_domain::html::escape;

/// Escaped text whose line breaks (kept by `normalize_text`) become `<br>`.
fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The body as HTML. `media` holds the pictures `Block::Image` refers to; an image whose
/// record is missing is left out rather than shown without a picture.
pub fn blocks_to_html(
    blocks: &[Block],
    media: &[Media],
    base_url: &str,
    agencies: &[warraq_domain::Agency],
) -> String {
    let mut html = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { text } => push_element(&mut html, "p", &escape_lines(text)),
            Block::Subheading { text } => push_element(&mut html, "h2", &escape_lines(text)),
            Block::Quote { text, attribution } => {
                html.push_str("<blockquote>");
                for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
                    push_element(&mut html, "p", &escape(line));
                }
                if let Some(who) = attribution.as_deref().filter(|w| !w.trim().is_empty()) {
                    push_element(&mut html, "footer", &escape(who));
                }
                html.push_str("</blockquote>");
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                html.push_str(&format!("<{tag}>"));
                for item in items {
                    push_element(&mut html, "li", &escape_lines(item));
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
            Block::Paragraph {
                text: "<script>alert('x')</script> & «نص»".into(),
            },
            Block::Quote {
                text: "قال \"لا\"".into(),
                attribution: Some("<b>مصدر</b>".into()),
            },
            Block::List {
                ordered: true,
                items: vec!["<i>أول</i>".into()],
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
        let html = blocks_to_html(
            &[Block::Paragraph {
                text: "سطر\nسطر آخر".into(),
            }],
            &[],
            "",
            &[],
        );
        assert_eq!(html, "<p>سطر<br>سطر آخر</p>");
    }
}
