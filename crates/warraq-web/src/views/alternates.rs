//! `hreflang` alternates of an article: its translations, when it has any.
//!
//! warraq has no translation model; a translation is known only from the interchange
//! fields an import kept in the article's `extra`:
//!
//! - a ninjs association related as a translation, `{"rel": "translation", "language":
//!   "en", "uri": "https://…"}`; its address is its `uri` when that is a web address, else
//!   the `href` of its first web rendition (an HTML one preferred);
//! - a web link, as several feeds write them, `{"rel": "alternate" | "translation",
//!   "hreflang": "en", "href": "https://…"}` in a `links` list.
//!
//! With at least one translation the page lists itself as `ar`, each translation, and
//! itself again as `x-default` (the Arabic original is what readers of any other language
//! are sent to). Without one it lists nothing: a page alone in its cluster tells search
//! engines nothing, and they ignore annotations that are not returned by the other pages.

use serde::Serialize;
use serde_json::{Map, Value};

/// At most this many translations are listed, whatever an import kept.
const MAX_TRANSLATIONS: usize = 20;

/// One `<link rel="alternate" hreflang href>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alternate {
    pub lang: String,
    pub href: String,
}

/// The alternates of the article at `url` (absolute), from its `extra` fields.
pub fn alternates(url: &str, extra: &Map<String, Value>) -> Vec<Alternate> {
    let translations = translations(extra);
    if translations.is_empty() {
        return Vec::new();
    }
    let own = |lang: &str| Alternate {
        lang: lang.to_string(),
        href: url.to_string(),
    };
    let mut all = vec![own("ar")];
    all.extend(translations);
    all.push(own("x-default"));
    all
}

/// The translations found in `extra`, one per language (the first given), never Arabic.
fn translations(extra: &Map<String, Value>) -> Vec<Alternate> {
    let from_associations = list(extra, "associations")
        .filter(|item| rel_is(item, &["translation"]))
        .filter_map(|item| Some((text(item, "language")?, association_href(item)?)));
    let from_links = list(extra, "links")
        .filter(|item| rel_is(item, &["translation", "alternate"]))
        .filter_map(|item| {
            let lang = text(item, "hreflang").or_else(|| text(item, "language"))?;
            Some((lang, web_address(text(item, "href")?)?))
        });
    let mut found: Vec<Alternate> = Vec::new();
    for (lang, href) in from_associations.chain(from_links) {
        let Some(lang) = language_tag(lang) else {
            continue;
        };
        if lang.eq_ignore_ascii_case("ar") || found.iter().any(|a| a.lang == lang) {
            continue;
        }
        found.push(Alternate {
            lang,
            href: href.to_string(),
        });
        if found.len() == MAX_TRANSLATIONS {
            break;
        }
    }
    found
}

fn list<'a>(extra: &'a Map<String, Value>, key: &str) -> impl Iterator<Item = &'a Value> {
    extra
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn text<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether the item's `rel` is one of `wanted`, also when written as a URI or a prefixed
/// name whose last part it is (`…/rel/translation`, `irel:translation`), as the ninjs
/// import reads it.
fn rel_is(item: &Value, wanted: &[&str]) -> bool {
    text(item, "rel")
        .and_then(|rel| rel.rsplit(['/', ':', '#']).next())
        .is_some_and(|rel| wanted.iter().any(|w| rel.eq_ignore_ascii_case(w)))
}

/// The association's `uri` when it is a web address, else its first web rendition's
/// `href`, an HTML one first.
fn association_href(item: &Value) -> Option<&str> {
    if let Some(uri) = text(item, "uri").and_then(web_address) {
        return Some(uri);
    }
    let renditions: Vec<&Value> = item
        .get("renditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let html = renditions
        .iter()
        .find(|r| text(r, "mimetype").is_some_and(|m| m.starts_with("text/html")));
    html.into_iter()
        .chain(renditions.iter())
        .find_map(|r| text(r, "href").and_then(web_address))
}

/// Only web addresses become links (never `javascript:` or an identifier like `urn:`).
fn web_address(href: &str) -> Option<&str> {
    (href.starts_with("https://") || href.starts_with("http://")).then_some(href)
}

/// A BCP 47 tag as `hreflang` takes it (`en`, `en-GB`, `zh-Hant`), lower-cased language;
/// anything else is refused.
fn language_tag(tag: &str) -> Option<String> {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next()?;
    if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = language.to_ascii_lowercase();
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        out.push_str(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const URL: &str = "https://news.example/article/1/x";

    fn extra(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn no_translation_means_no_alternates() {
        assert!(alternates(URL, &Map::new()).is_empty());
        let only_related = extra(json!({"associations": [
            {"rel": "related", "language": "en", "uri": "https://en.example/1"}
        ]}));
        assert!(alternates(URL, &only_related).is_empty());
    }

    #[test]
    fn translations_come_from_associations_and_links_with_self_and_default() {
        let extra = extra(json!({
            "associations": [
                {"rel": "translation", "language": "en", "uri": "https://en.example/story"},
                {"rel": "Translation", "language": "fr", "uri": "urn:x:1",
                 "renditions": [
                     {"href": "https://fr.example/story.json", "mimetype": "application/json"},
                     {"href": "https://fr.example/story", "mimetype": "text/html"}
                 ]},
                {"rel": "translation", "language": "ar", "uri": "https://ar.example/copy"},
                {"rel": "irel:translation", "language": "de", "uri": "https://de.example/story"},
                {"rel": "translation", "language": "not a tag", "uri": "https://x.example"}
            ],
            "links": [
                {"rel": "alternate", "hreflang": "en", "href": "https://en2.example/story"},
                {"rel": "alternate", "hreflang": "zh_Hant", "href": "https://zh.example/story"},
                {"rel": "alternate", "hreflang": "de", "href": "javascript:alert(1)"}
            ]
        }));
        let langs: Vec<(String, String)> = alternates(URL, &extra)
            .into_iter()
            .map(|a| (a.lang, a.href))
            .collect();
        assert_eq!(
            langs,
            vec![
                ("ar".into(), URL.into()),
                ("en".into(), "https://en.example/story".into()),
                ("fr".into(), "https://fr.example/story".into()),
                ("de".into(), "https://de.example/story".into()),
                ("zh-Hant".into(), "https://zh.example/story".into()),
                ("x-default".into(), URL.into()),
            ]
        );
    }
}
