//! The demo newsroom as data: the Arabic articles live in `content/*.json` (one file per
//! section, plus the staff list), embedded at build time so the binary needs no files.
//! Articles refer to each other and to their writers by key and name; [`DemoContent::embedded`]
//! checks those references so seeding never stores a dangling one.

use std::collections::HashSet;

use serde::Deserialize;
use thiserror::Error;
use warraq_domain::Credit;

use crate::picture::Palette;

const PEOPLE_FILE: (&str, &str) = ("people.json", include_str!("../content/people.json"));

const SECTION_FILES: &[(&str, &str)] = &[
    (
        "articles/arab-world.json",
        include_str!("../content/articles/arab-world.json"),
    ),
    (
        "articles/gulf.json",
        include_str!("../content/articles/gulf.json"),
    ),
    (
        "articles/asia.json",
        include_str!("../content/articles/asia.json"),
    ),
    (
        "articles/europe.json",
        include_str!("../content/articles/europe.json"),
    ),
    (
        "articles/united-states.json",
        include_str!("../content/articles/united-states.json"),
    ),
    (
        "articles/economy.json",
        include_str!("../content/articles/economy.json"),
    ),
    (
        "articles/sport.json",
        include_str!("../content/articles/sport.json"),
    ),
    (
        "articles/science.json",
        include_str!("../content/articles/science.json"),
    ),
    (
        "articles/culture.json",
        include_str!("../content/articles/culture.json"),
    ),
    (
        "articles/technology.json",
        include_str!("../content/articles/technology.json"),
    ),
];

/// A content file that does not say what the demo needs.
#[derive(Debug, Error)]
pub enum ContentError {
    #[error("demo content file `{file}` is not valid: {source}")]
    Parse {
        file: &'static str,
        source: serde_json::Error,
    },
    #[error("demo content file `{file}`: `{value}` is not a colour written as #rrggbb")]
    Colour { file: &'static str, value: String },
    #[error("demo article `{article}` is listed twice")]
    DuplicateKey { article: String },
    #[error("demo article `{article}` names `{related}` as related, which is {problem}")]
    Related {
        article: String,
        related: String,
        problem: &'static str,
    },
    #[error("demo article `{article}` is written by `{name}`, who is not in people.json")]
    UnknownAuthor { article: String, name: String },
}

/// Everything the demo stores.
#[derive(Debug, Clone)]
pub struct DemoContent {
    pub people: Vec<DemoPerson>,
    pub sections: Vec<DemoSection>,
}

/// A member of the (fictional) staff.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPerson {
    pub name: String,
    pub title: String,
    /// Whether they have a photo (a portrait drawn by code, like every demo picture).
    #[serde(default)]
    pub photo: bool,
}

/// One section's articles and the colours its pictures are drawn in.
#[derive(Debug, Clone)]
pub struct DemoSection {
    /// The name of one of the default sections (`آسيا`).
    pub name: String,
    pub palette: Palette,
    pub articles: Vec<DemoArticle>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoArticle {
    /// Stable name used by `related` and for blob keys; never shown.
    pub key: String,
    pub headline: String,
    pub lede: String,
    pub body: Vec<DemoBlock>,
    pub tags: Vec<String>,
    /// Names from people.json.
    pub authors: Vec<String>,
    /// Dateline city.
    pub bureau: String,
    #[serde(default)]
    pub byline: Option<String>,
    /// Agency codes credited in the text.
    #[serde(default)]
    pub wire: Vec<String>,
    /// How long before seeding the article went live.
    pub hours_ago: u32,
    pub hero: DemoPicture,
    /// Keys of related demo articles.
    pub related: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DemoBlock {
    Paragraph(String),
    Subheading(String),
    Quote {
        text: String,
        attribution: Option<String>,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Image(DemoPicture),
}

/// A picture's words; the pixels are drawn by [`crate::picture`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPicture {
    pub alt: String,
    pub caption: String,
    pub credit: DemoCredit,
    #[serde(default)]
    pub archive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoCredit {
    /// An agency code from `default_agencies()`.
    Agency(String),
    /// Anyone else, written as shown (`«ورّاق»`).
    Other(String),
}

impl From<&DemoCredit> for Credit {
    fn from(credit: &DemoCredit) -> Self {
        match credit {
            DemoCredit::Agency(code) => Credit::Agency { code: code.clone() },
            DemoCredit::Other(name) => Credit::Other { name: name.clone() },
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    section: String,
    /// Base and accent colours, `#rrggbb`.
    palette: [String; 2],
    articles: Vec<DemoArticle>,
}

impl DemoContent {
    /// Parses the embedded files and checks that every reference resolves.
    pub fn embedded() -> Result<Self, ContentError> {
        let people = parse(PEOPLE_FILE)?;
        let sections = SECTION_FILES
            .iter()
            .map(|&file| {
                let parsed: SectionFile = parse(file)?;
                Ok(DemoSection {
                    name: parsed.section,
                    palette: Palette {
                        base: parse_colour(file.0, &parsed.palette[0])?,
                        accent: parse_colour(file.0, &parsed.palette[1])?,
                    },
                    articles: parsed.articles,
                })
            })
            .collect::<Result<_, ContentError>>()?;
        let content = DemoContent { people, sections };
        content.check_references()?;
        Ok(content)
    }

    /// Every article with its section.
    pub fn articles(&self) -> impl Iterator<Item = (&DemoSection, &DemoArticle)> {
        self.sections
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
    }

    pub fn person(&self, name: &str) -> Option<&DemoPerson> {
        self.people.iter().find(|p| p.name == name)
    }

    fn check_references(&self) -> Result<(), ContentError> {
        let mut keys = HashSet::new();
        for (_, article) in self.articles() {
            if !keys.insert(article.key.as_str()) {
                return Err(ContentError::DuplicateKey {
                    article: article.key.clone(),
                });
            }
        }
        for (_, article) in self.articles() {
            let related_error = |related: &String, problem| ContentError::Related {
                article: article.key.clone(),
                related: related.clone(),
                problem,
            };
            for related in &article.related {
                if related == &article.key {
                    return Err(related_error(related, "the article itself"));
                }
                if !keys.contains(related.as_str()) {
                    return Err(related_error(related, "not a demo article"));
                }
            }
            if let Some(name) = article
                .authors
                .iter()
                .find(|name| self.person(name).is_none())
            {
                return Err(ContentError::UnknownAuthor {
                    article: article.key.clone(),
                    name: name.clone(),
                });
            }
        }
        Ok(())
    }
}

fn parse<T: for<'de> Deserialize<'de>>(
    (file, text): (&'static str, &str),
) -> Result<T, ContentError> {
    serde_json::from_str(text).map_err(|source| ContentError::Parse { file, source })
}

fn parse_colour(file: &'static str, value: &str) -> Result<[u8; 3], ContentError> {
    let bad = || ContentError::Colour {
        file,
        value: value.to_string(),
    };
    let hex = value
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.is_ascii())
        .ok_or_else(bad)?;
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
    Ok([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_from_hex_and_reject_anything_else() {
        assert_eq!(
            parse_colour("f", "#0a80ff").expect("colour"),
            [10, 128, 255]
        );
        assert!(matches!(
            parse_colour("f", "0a80ff"),
            Err(ContentError::Colour { .. })
        ));
        assert!(matches!(
            parse_colour("f", "#0a80f"),
            Err(ContentError::Colour { .. })
        ));
        assert!(matches!(
            parse_colour("f", "#zz80ff"),
            Err(ContentError::Colour { .. })
        ));
    }
}
