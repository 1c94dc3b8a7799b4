//! Links to this site inside imported text. Our exports write them absolute (an export is
//! read elsewhere, where a bare path would point at another site); reading one back, they
//! become site paths again, as the newsroom writes them, so they keep working if the site
//! changes its address.

use warraq_domain::{Block, Mark, MarkKind};

/// Turns every body link to `base_url` (`https://news.example/article/1/x`) into its path
/// (`/article/1/x`). Links elsewhere are left alone.
pub fn make_own_links_relative(body: &mut [Block], base_url: &str) {
    let origin = base_url.trim_end_matches('/');
    if origin.is_empty() {
        return;
    }
    for block in body {
        match block {
            Block::Paragraph { marks, .. } | Block::Quote { marks, .. } => {
                relative(marks, origin);
            }
            Block::List { item_marks, .. } => {
                for marks in item_marks {
                    relative(marks, origin);
                }
            }
            Block::Subheading { .. } | Block::Image { .. } => {}
        }
    }
}

fn relative(marks: &mut [Mark], origin: &str) {
    for mark in marks {
        if let MarkKind::Link { href } = &mut mark.kind
            && let Some(path) = site_path(href, origin)
        {
            *href = path;
        }
    }
}

/// The path of `href` on `origin`, if it is a link there.
fn site_path(href: &str, origin: &str) -> Option<String> {
    let ours = href
        .get(..origin.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(origin));
    if !ours {
        return None;
    }
    let rest = &href[origin.len()..];
    match rest.chars().next() {
        None => Some("/".into()),
        // `https://news.example//evil.example` is no path here: as a path it would leave.
        Some('/') if !rest.starts_with("//") => Some(rest.into()),
        Some('?' | '#') => Some(format!("/{rest}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_this_site_become_paths_and_others_stay() {
        let mut body = vec![
            Block::Paragraph {
                text: "رابط ورابط آخر".into(),
                marks: vec![
                    Mark::link(0, 4, "https://news.example/article/1/خبر?a=1"),
                    Mark::link(5, 9, "https://news.example.evil/x"),
                    Mark::strong(0, 9),
                ],
            },
            Block::List {
                ordered: false,
                items: vec!["أ".into(), "ب".into(), "ج".into(), "د".into()],
                item_marks: vec![
                    vec![Mark::link(0, 1, "HTTPS://NEWS.EXAMPLE")],
                    vec![Mark::link(0, 1, "https://news.example//evil.example")],
                    vec![Mark::link(0, 1, "https://other.example/article/1")],
                    vec![Mark::link(0, 1, "https://news.example#top")],
                ],
            },
        ];
        make_own_links_relative(&mut body, "https://news.example/");
        let Block::Paragraph { marks, .. } = &body[0] else {
            unreachable!()
        };
        assert_eq!(
            marks,
            &vec![
                Mark::link(0, 4, "/article/1/خبر?a=1"),
                Mark::link(5, 9, "https://news.example.evil/x"),
                Mark::strong(0, 9),
            ]
        );
        let Block::List { item_marks, .. } = &body[1] else {
            unreachable!()
        };
        let hrefs: Vec<&str> = item_marks
            .iter()
            .map(|m| match &m[0].kind {
                MarkKind::Link { href } => href.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(
            hrefs,
            [
                "/",
                "https://news.example//evil.example",
                "https://other.example/article/1",
                "/#top"
            ]
        );
    }
}
