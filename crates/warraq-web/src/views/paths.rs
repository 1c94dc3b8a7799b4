//! The addresses of tag and author pages and their feeds. A tag's address is its slug
//! ([`slugify`]), so spellings that differ only in diacritics, tatweel or digit system
//! lead to one page; a person's is their stored slug, unique among people.

use warraq_domain::Person;
use warraq_domain::arabic::slugify;
use warraq_domain::urls::encode_segment;

use super::LinkView;

/// `/tag/{slug}` for a tag slug.
pub fn tag_path(slug: &str) -> String {
    format!("/tag/{}", encode_segment(slug))
}

/// `/author/{slug}`.
pub fn author_path(person: &Person) -> String {
    author_slug_path(&person.slug)
}

/// `/author/{slug}` for a person's slug.
pub fn author_slug_path(slug: &str) -> String {
    format!("/author/{}", encode_segment(slug))
}

/// A tag as a link to its page; `None` for a tag that makes no slug (punctuation
/// alone), which has no page.
pub fn tag_link(tag: &str) -> Option<LinkView> {
    let slug = slugify(tag);
    (!slug.is_empty()).then(|| LinkView {
        label: tag.trim().to_string(),
        url: Some(tag_path(&slug)),
    })
}

/// The tags of an article as links, one per page: two spellings of one tag on the same
/// article are one link (the first spelling).
pub fn tag_links(tags: &[String]) -> Vec<LinkView> {
    let mut links: Vec<LinkView> = Vec::new();
    for link in tags.iter().filter_map(|t| tag_link(t)) {
        if !links.iter().any(|l| l.url == link.url) {
            links.push(link);
        }
    }
    links
}

/// A person as a link to their page.
pub fn author_link(person: &Person) -> LinkView {
    LinkView {
        label: person.name.clone(),
        url: Some(author_path(person)),
    }
}

#[cfg(test)]
mod tests {
    use warraq_domain::PersonId;

    use super::*;

    #[test]
    fn spellings_of_one_tag_share_a_page_and_punctuation_has_none() {
        let tags = vec![
            "كوريا الشمالية".to_string(),
            "كوريا الشماليّـة".to_string(),
            "قمة ٢٠٢٦".to_string(),
            "؟!".to_string(),
        ];
        let links = tag_links(&tags);
        let urls: Vec<&str> = links.iter().filter_map(|l| l.url.as_deref()).collect();
        assert_eq!(
            urls,
            vec![
                tag_path("كوريا-الشمالية").as_str(),
                "/tag/%D9%82%D9%85%D8%A9-2026"
            ]
        );
        assert_eq!(links[0].label, "كوريا الشمالية");
    }

    #[test]
    fn authors_are_addressed_by_their_slug() {
        let person = Person {
            id: PersonId(3),
            name: "سلمى الراوي".into(),
            slug: "سلمى-الراوي-2".into(),
            title: None,
            photo: None,
        };
        assert_eq!(
            author_path(&person),
            format!("/author/{}", encode_segment("سلمى-الراوي-2"))
        );
        assert_eq!(author_link(&person).label, "سلمى الراوي");
    }
}
