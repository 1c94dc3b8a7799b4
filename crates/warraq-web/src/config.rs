//! What the operator tells the web layer about the site.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, Offset, Utc};

/// The site's identity and clock, as given by the binary's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// Shown in the header, titles, bylines of related items and as the JSON-LD publisher.
    pub site_name: String,
    /// Absolute origin used for canonical links, Open Graph, JSON-LD and ninjs URIs,
    /// e.g. `http://127.0.0.1:8080` (no trailing slash).
    pub base_url: String,
    /// The site's time zone as minutes east of UTC; dates are shown in it (Riyadh: 180).
    pub utc_offset_minutes: i32,
    /// The WebSub hub the site pings on every change (`serve --websub-hub`); feeds name it
    /// (`rel="hub"`) so that subscribers find it.
    pub websub_hub: Option<String>,
    /// What feed entries carry as their content (RSS `content:encoded`, Atom `content`):
    /// the whole story or only its lede (`serve --feed-content`).
    pub feed_content: FeedContent,
    /// How many article ids one article sitemap file covers (so at most that many URLs;
    /// sitemaps.org allows 50,000): 1,000 ([`IDS_PER_SITEMAP`](crate::feeds::sitemap)).
    /// Smaller in tests, to see several files.
    pub sitemap_ids_per_file: u32,
    /// How many article sitemap files one sitemap index lists: 100
    /// ([`FILES_PER_INDEX`](crate::feeds::sitemap)), so that no index grows with the store.
    /// Smaller in tests, to see several indexes.
    pub sitemap_files_per_index: u32,
}

/// How much of a story feeds give away: the operator chooses between readers who read in
/// their feed reader and visits to the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeedContent {
    /// The whole body (the default): what most feed readers expect.
    #[default]
    Full,
    /// The lede only (or the opening of the body for a story without one), so that
    /// readers come to the page for the rest.
    Excerpt,
}

/// A feed content setting that is neither `full` nor `excerpt`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("feed content must be `full` or `excerpt`, not `{0}`")]
pub struct UnknownFeedContent(pub String);

impl FromStr for FeedContent {
    type Err = UnknownFeedContent;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(FeedContent::Full),
            "excerpt" => Ok(FeedContent::Excerpt),
            _ => Err(UnknownFeedContent(text.to_string())),
        }
    }
}

impl fmt::Display for FeedContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FeedContent::Full => "full",
            FeedContent::Excerpt => "excerpt",
        })
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            site_name: "ورّاق".to_string(),
            base_url: "http://127.0.0.1:8080".to_string(),
            utc_offset_minutes: 180,
            websub_hub: None,
            feed_content: FeedContent::Full,
            sitemap_ids_per_file: crate::feeds::sitemap::IDS_PER_SITEMAP,
            sitemap_files_per_index: crate::feeds::sitemap::FILES_PER_INDEX,
        }
    }
}

impl SiteConfig {
    /// The base URL without a trailing slash, whatever the operator typed.
    pub fn origin(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// `path` (starting with `/`) made absolute on this site.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.origin(), path)
    }

    /// The site's time zone; an out-of-range offset falls back to UTC rather than failing
    /// every page.
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_minutes.saturating_mul(60))
            .unwrap_or_else(|| Utc.fix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_never_double_the_slash() {
        let site = SiteConfig {
            base_url: "https://example.org/".into(),
            ..SiteConfig::default()
        };
        assert_eq!(
            site.absolute("/article/1/x"),
            "https://example.org/article/1/x"
        );
    }

    #[test]
    fn feed_content_is_read_from_its_two_names_only() {
        assert_eq!("full".parse(), Ok(FeedContent::Full));
        assert_eq!(" Excerpt ".parse(), Ok(FeedContent::Excerpt));
        assert_eq!(
            "summary".parse::<FeedContent>(),
            Err(UnknownFeedContent("summary".into()))
        );
        for setting in [FeedContent::Full, FeedContent::Excerpt] {
            assert_eq!(setting.to_string().parse(), Ok(setting));
        }
        assert_eq!(SiteConfig::default().feed_content, FeedContent::Full);
    }

    #[test]
    fn an_impossible_offset_falls_back_to_utc() {
        let site = SiteConfig {
            utc_offset_minutes: 100_000,
            ..SiteConfig::default()
        };
        assert_eq!(site.offset().local_minus_utc(), 0);
        assert_eq!(SiteConfig::default().offset().local_minus_utc(), 3 * 3600);
    }
}
