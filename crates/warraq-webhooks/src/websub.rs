//! WebSub: after a publication, correction or unpublication, the hub is told which feeds
//! changed (`hub.mode=publish&hub.url=<feed>`, one ping per feed: hubs differ on whether
//! they take several `hub.url` at once), so that subscribers fetch them at once instead
//! of polling.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use warraq_domain::{Section, urls};

/// The event type of a ping in the delivery log.
pub const PING: &str = "websub.publish";

/// The site's feeds and those of `section`, absolute on `base_url`.
pub fn feeds_of(base_url: &str, section: &Section) -> Vec<String> {
    let section = urls::section_path(section);
    vec![
        format!("{base_url}/feed/rss.xml"),
        format!("{base_url}/feed/atom.xml"),
        format!("{base_url}{section}/feed/rss.xml"),
        format!("{base_url}{section}/feed/atom.xml"),
    ]
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
    use super::*;

    #[test]
    fn a_ping_names_the_feed_url_encoded() {
        assert_eq!(
            ping_body("https://news.example/section/%D8%A3/feed/rss.xml"),
            "hub.mode=publish&hub.url=https%3A%2F%2Fnews%2Eexample%2Fsection%2F%25D8%25A3%2Ffeed%2Frss%2Exml"
        );
    }
}
