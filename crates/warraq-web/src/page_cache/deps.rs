//! What a kept page shows, recorded once when it is stored: the kind of page its address
//! names (home, a section's list, an article, a site-wide list) and the articles and
//! pictures it links to.
//!
//! Every article a page shows is linked from it (teasers, related articles, the next
//! article, feed items, sitemap entries and ninjs `uri`s all carry `/article/{id}/…`),
//! and every picture it shows as `/media/{id}…`; so the links are an honest record of
//! what a page depends on, whichever handler rendered it, found by one scan of the page
//! (microseconds for a 20 KB page, on a miss only).

use std::collections::BTreeSet;

use axum::http::HeaderValue;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use warraq_domain::Section;
use warraq_domain::arabic::parse_number;

/// A page naming more articles (or pictures) than this is recorded as [`Dep::Many`]:
/// sitemaps list a thousand, and a `Surrogate-Key` header has to stay small.
const MAX_NAMED: usize = 128;

/// One thing a page depends on; also its surrogate key (see [`Dep::key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// The home page.
    Home,
    /// A site-wide list (feeds, sitemaps, the content API's list) or a page whose kind
    /// the cache does not know: any change to a visible article may change it.
    Lists,
    /// A page showing more articles or pictures than are named one by one.
    Many,
    /// The lists of one section (its pages, feeds, the API list filtered by it).
    Section(i64),
    /// The lists of one tag (by slug).
    Tag(String),
    /// The lists of one author (by the person's slug).
    Author(String),
    Article(i64),
    Media(i64),
}

impl Dep {
    /// The surrogate key a CDN purges by: `home`, `lists`, `many`, `section-3`,
    /// `tag-<slug>`, `author-<slug>`, `article-12`, `media-7` (slugs percent-encoded:
    /// keys are ASCII).
    pub fn key(&self) -> String {
        let slug = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
        match self {
            Dep::Home => "home".into(),
            Dep::Lists => "lists".into(),
            Dep::Many => "many".into(),
            Dep::Section(id) => format!("section-{id}"),
            Dep::Tag(s) => format!("tag-{}", slug(s)),
            Dep::Author(s) => format!("author-{}", slug(s)),
            Dep::Article(id) => format!("article-{id}"),
            Dep::Media(id) => format!("media-{id}"),
        }
    }

    /// Whether this names a list of one section, tag or author.
    pub fn is_scoped_list(&self) -> bool {
        matches!(self, Dep::Section(_) | Dep::Tag(_) | Dep::Author(_))
    }
}

/// Every page's surrogate keys end with this one, so that everything can be purged at once
/// (a navigation change).
pub const ALL_KEY: &str = "all";

/// What one kept page depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDeps {
    /// The article the page is about (its page, its fragment, its API item).
    pub subject: Option<i64>,
    /// Sorted, each once.
    pub deps: Vec<Dep>,
}

impl PageDeps {
    /// The dependencies of the page kept under `key` (the path and the query the route
    /// uses) whose body is `body`; `sections` names the sections by slug.
    pub fn of(key: &str, body: &str, sections: &[Section]) -> PageDeps {
        let (subject, kind) = classify(key, sections);
        let mut deps: BTreeSet<Dep> = BTreeSet::new();
        deps.insert(kind);
        for (marker, dep) in [
            ("/article/", Dep::Article as fn(i64) -> Dep),
            ("/media/", Dep::Media),
        ] {
            let ids = linked_ids(body, marker);
            if ids.len() > MAX_NAMED {
                deps.insert(Dep::Many);
            } else {
                deps.extend(ids.into_iter().map(dep));
            }
        }
        if let Some(id) = subject {
            deps.insert(Dep::Article(id));
        }
        PageDeps {
            subject,
            deps: deps.into_iter().collect(),
        }
    }

    pub fn contains(&self, dep: &Dep) -> bool {
        self.deps.binary_search(dep).is_ok()
    }

    /// The `Surrogate-Key` header: every key, then [`ALL_KEY`].
    pub fn surrogate_key(&self) -> HeaderValue {
        let mut text: Vec<String> = self.deps.iter().map(Dep::key).collect();
        text.push(ALL_KEY.into());
        HeaderValue::from_str(&text.join(" ")).unwrap_or(HeaderValue::from_static(ALL_KEY))
    }

    /// Roughly the bytes this takes in memory.
    pub fn weight(&self) -> usize {
        std::mem::size_of::<Self>()
            + self
                .deps
                .iter()
                .map(|d| {
                    std::mem::size_of::<Dep>()
                        + match d {
                            Dep::Tag(s) | Dep::Author(s) => s.len(),
                            _ => 0,
                        }
                })
                .sum::<usize>()
    }
}

/// The article a key is about, and the kind of list it is (or [`Dep::Article`] of
/// that article). Unknown addresses are [`Dep::Lists`]: any article change touches
/// them, which is always correct.
fn classify(key: &str, sections: &[Section]) -> (Option<i64>, Dep) {
    let (path, query) = key.split_once('?').unwrap_or((key, ""));
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let section = |slug: &str| {
        sections
            .iter()
            .find(|s| s.slug == slug)
            .map_or(Dep::Lists, |s| Dep::Section(s.id.0))
    };
    let article = |id: &str| match parse_number(id).and_then(|n| i64::try_from(n).ok()) {
        Some(id) => (Some(id), Dep::Article(id)),
        None => (None, Dep::Lists),
    };
    match segments.as_slice() {
        [""] => (None, Dep::Home),
        ["article", id, ..] | ["fragment", "article", id] | ["api", "v1", "articles", id] => {
            article(id)
        }
        ["api", "v1", "articles"] => {
            let slug = query_value(query, "section");
            (None, slug.as_deref().map_or(Dep::Lists, section))
        }
        ["section", slug] | ["section", slug, "feed", _] => (None, section(slug)),
        ["tag", slug] | ["tag", slug, "feed", _] => (None, Dep::Tag(slug.to_string())),
        ["author", slug] | ["author", slug, "feed", _] => (None, Dep::Author(slug.to_string())),
        _ => (None, Dep::Lists),
    }
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name && !v.is_empty()).then(|| {
            percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .trim()
                .to_string()
        })
    })
}

/// The ids that follow `marker` in `body` as a whole path segment (`/article/12/…`,
/// `/media/7"`, `/media/7/640.webp`).
fn linked_ids(body: &str, marker: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for (at, _) in body.match_indices(marker) {
        let rest = &body.as_bytes()[at + marker.len()..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 18 {
            continue;
        }
        if rest
            .get(digits)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            continue;
        }
        if let Ok(id) = std::str::from_utf8(&rest[..digits])
            .unwrap_or_default()
            .parse()
        {
            ids.insert(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use warraq_domain::SectionId;

    use super::*;

    fn sections() -> Vec<Section> {
        vec![Section {
            id: SectionId(3),
            name: "آسيا".into(),
            slug: "آسيا".into(),
            parent_id: None,
            position: 1,
        }]
    }

    #[test]
    fn the_address_names_the_kind_of_page() {
        let s = sections();
        let asia = "/section/%D8%A2%D8%B3%D9%8A%D8%A7";
        assert_eq!(classify("/", &s), (None, Dep::Home));
        assert_eq!(classify(asia, &s), (None, Dep::Section(3)));
        assert_eq!(classify("/section/آسيا?after=1.2", &s).1, Dep::Section(3));
        assert_eq!(
            classify("/section/آسيا/feed/rss.xml", &s).1,
            Dep::Section(3)
        );
        assert_eq!(classify("/section/nowhere", &s).1, Dep::Lists);
        assert_eq!(
            classify("/article/12/%D8%AE%D8%A8%D8%B1", &s),
            (Some(12), Dep::Article(12))
        );
        assert_eq!(classify("/article/١٢/slug", &s).0, Some(12));
        assert_eq!(classify("/fragment/article/12", &s).0, Some(12));
        assert_eq!(classify("/api/v1/articles/12", &s).0, Some(12));
        assert_eq!(classify("/api/v1/articles", &s).1, Dep::Lists);
        let by_section = "/api/v1/articles?limit=5&section=%D8%A2%D8%B3%D9%8A%D8%A7";
        assert_eq!(classify(by_section, &s).1, Dep::Section(3));
        assert_eq!(
            classify("/tag/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7", &s).1,
            Dep::Tag("روسيا".into())
        );
        assert_eq!(classify("/author/salma", &s).1, Dep::Author("salma".into()));
        assert_eq!(classify("/feed/rss.xml", &s).1, Dep::Lists);
        assert_eq!(classify("/sitemaps/articles-1.xml", &s).1, Dep::Lists);
    }

    #[test]
    fn links_to_articles_and_pictures_are_recorded() {
        let body = r#"<a href="/article/12/خبر">x</a><a href="/article/5">y</a>
            <img src="/media/7/640" srcset="/media/7/320 320w, /media/8/640.webp 640w">
            <link rel="canonical" href="http://news.test/article/12/خبر">
            <a href="/articles/99">no</a><a href="/article/3x">no</a>"#;
        let deps = PageDeps::of("/", body, &[]);
        assert_eq!(
            deps.deps,
            vec![
                Dep::Home,
                Dep::Article(5),
                Dep::Article(12),
                Dep::Media(7),
                Dep::Media(8)
            ]
        );
        assert_eq!(deps.subject, None);
        assert_eq!(
            deps.surrogate_key(),
            "home article-5 article-12 media-7 media-8 all"
        );
    }

    #[test]
    fn a_page_of_too_many_articles_is_recorded_as_many() {
        let body: String = (0..=MAX_NAMED as i64)
            .map(|i| format!("<loc>http://x/article/{i}/a</loc>"))
            .collect();
        let deps = PageDeps::of("/sitemaps/articles-1.xml", &body, &[]);
        assert_eq!(deps.deps, vec![Dep::Lists, Dep::Many]);
    }

    #[test]
    fn an_article_page_depends_on_its_article() {
        let deps = PageDeps::of("/api/v1/articles/4", "{}", &[]);
        assert_eq!(deps.subject, Some(4));
        assert!(deps.contains(&Dep::Article(4)));
    }
}
