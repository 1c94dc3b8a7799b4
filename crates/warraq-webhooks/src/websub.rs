//! WebSub: after a publication, correction or unpublication, the hub is told which feeds
//! changed (`hub.mode=publish&hub.url=<feed>`, one ping per feed: hubs differ on whether
//! they take several `hub.url` at once), so that subscribers fetch them at once instead
//! of polling.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use warraq_domain::arabic::slugify;
use warraq_domain::{Person, Section, urls};

/// The event type of a ping in the delivery log.
pub const PING: &str = "websub.publish";

/// The feeds an article appears in, absolute on `base_url`: the site's, its section's,
/// its tags' and its authors' (RSS and Atom each). Tag and author addresses are made as
/// the web layer makes them: a tag by its slug (a tag that makes none has no page), a
/// person by their stored slug.
pub fn feeds_of(
    base_url: &str,
    section: &Section,
    tags: &[String],
    authors: &[Person],
) -> Vec<String> {
    let mut pages = vec![String::new(), urls::section_path(section)];
    pages.extend(
        tags.iter()
            .map(|tag| slugify(tag))
            .filter(|slug| !slug.is_empty())
            .map(|slug| format!("/tag/{}", urls::encode_segment(&slug))),
    );
    pages.extend(
        authors
            .iter()
            .map(|person| format!("/author/{}", urls::encode_segment(&person.slug))),
    );
    pages
        .iter()
        .flat_map(|page| {
            ["rss.xml", "atom.xml"].map(|file| format!("{base_url}{page}/feed/{file}"))
        })
        .collect()
}

/// The form body of a ping for one feed.
pub fn ping_body(feed: &str) -> String {
    format!(
        "hub.mode=publish&hub.url={}",
        utf8_percent_encode(feed, NON_ALPHANUMERIC)
    )
}

#[cfg(test)]
mod tests {
    use warraq_domain::{PersonId, SectionId};

    use super::*;

    #[test]
    fn an_article_is_in_the_site_section_tag_and_author_feeds() {
        let section = Section {
            id: SectionId(4),
            name: "اقتصاد".into(),
            slug: "economy".into(),
            parent_id: None,
            position: 0,
        };
        let author = Person {
            id: PersonId(2),
            name: "سلمى".into(),
            slug: "salma".into(),
            title: None,
            photo: None,
        };
        let feeds = feeds_of(
            "https://news.example",
            &section,
            &["oil".to_string(), "؟".to_string()],
            &[author],
        );
        assert_eq!(
            feeds,
            [
                "https://news.example/feed/rss.xml",
                "https://news.example/feed/atom.xml",
                "https://news.example/section/economy/feed/rss.xml",
                "https://news.example/section/economy/feed/atom.xml",
                "https://news.example/tag/oil/feed/rss.xml",
                "https://news.example/tag/oil/feed/atom.xml",
                "https://news.example/author/salma/feed/rss.xml",
                "https://news.example/author/salma/feed/atom.xml",
            ]
        );
    }

    #[test]
    fn a_ping_names_the_feed_url_encoded() {
        assert_eq!(
            ping_body("https://news.example/section/%D8%A3/feed/rss.xml"),
            "hub.mode=publish&hub.url=https%3A%2F%2Fnews%2Eexample%2Fsection%2F%25D8%25A3%2Ffeed%2Frss%2Exml"
        );
    }
}
