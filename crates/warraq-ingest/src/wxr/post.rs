//! A WordPress post as an incoming article.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use percent_encoding::percent_decode_str;
use warraq_domain::IncomingArticle;
use warraq_domain::arabic::normalize_text;

use super::attachment::attachment_media;
use super::html::{html_to_blocks, html_to_text};
use super::xml::RawItem;

/// What a post refers to elsewhere in the export.
pub struct PostContext<'a> {
    /// Author login → display name (`wp:author`).
    pub authors: &'a HashMap<String, String>,
    /// Attachment `wp:post_id` → attachment item.
    pub attachments: &'a HashMap<&'a str, &'a RawItem>,
}

/// The article and the warnings about it, or why the post cannot be an article.
pub fn post_article(
    item: &RawItem,
    context: &PostContext<'_>,
) -> Result<(IncomingArticle, Vec<String>), String> {
    let mut warnings = Vec::new();
    let headline = html_to_text(&item.title);
    if headline.is_empty() {
        return Err("it has no title".into());
    }
    let at = format!("post {} (line {})", item.post_id.trim(), item.line);

    let guid = item.guid.trim();
    let source_key = if !guid.is_empty() {
        format!("wxr:{guid}")
    } else if !item.post_id.trim().is_empty() {
        warnings.push(format!("{at} has no guid; its source key uses the post id, which another site's export may reuse"));
        format!("wxr:post:{}", item.post_id.trim())
    } else {
        return Err("it has neither a guid nor a post id to recognise it by on re-import".into());
    };

    let body = html_to_blocks(&item.content);
    warnings.extend(body.warnings.into_iter().map(|w| format!("{at}: {w}")));

    let published = item.status == "publish";
    let published_at = if published {
        post_time(
            &item.post_date_gmt,
            &item.post_date,
            &at,
            "post_date",
            &mut warnings,
        )
    } else {
        None
    };
    if published && published_at.is_none() {
        warnings.push(format!(
            "{at} is published but has no readable publication date"
        ));
    }
    let updated_at = post_time(
        &item.post_modified_gmt,
        &item.post_modified,
        &at,
        "post_modified",
        &mut warnings,
    );

    let article = IncomingArticle {
        source_key,
        headline,
        slug: Some(percent_decoded(item.post_name.trim())).filter(|s| !s.is_empty()),
        lede: Some(html_to_text(&item.excerpt)).filter(|l| !l.is_empty()),
        body: body.blocks,
        sections: terms(item, "category"),
        tags: terms(item, "post_tag"),
        authors: author(item, context, &at, &mut warnings)
            .into_iter()
            .collect(),
        hero: hero(item, context, &at, &mut warnings),
        other_media: body.images,
        published_at,
        updated_at,
        old_paths: link_path(&item.link).into_iter().collect(),
        ..IncomingArticle::default()
    };
    Ok((article, warnings))
}

/// Term names of one taxonomy, entities decoded, each once, in file order.
fn terms(item: &RawItem, domain: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for term in item.terms.iter().filter(|t| t.domain == domain) {
        let name = html_to_text(&term.name);
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn author(
    item: &RawItem,
    context: &PostContext<'_>,
    at: &str,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let login = item.creator.trim();
    if login.is_empty() {
        return None;
    }
    match context
        .authors
        .get(login)
        .map(|d| normalize_text(d))
        .filter(|d| !d.is_empty())
    {
        Some(display) => Some(display),
        None => {
            warnings.push(format!("{at}: author `{login}` is not among the export's wp:author entries; the login is used as the name"));
            Some(normalize_text(login))
        }
    }
}

fn hero(
    item: &RawItem,
    context: &PostContext<'_>,
    at: &str,
    warnings: &mut Vec<String>,
) -> Option<warraq_domain::IncomingMedia> {
    let id = item.meta("_thumbnail_id")?.trim();
    match context.attachments.get(id) {
        Some(attachment) => Some(attachment_media(attachment)),
        None => {
            warnings.push(format!(
                "{at}: its featured image (attachment {id}) is not in the export"
            ));
            None
        }
    }
}

/// A WordPress time: the GMT column, or the site-local one (read as UTC, with a warning)
/// when the GMT one is empty or zero, as in drafts.
fn post_time(
    gmt: &str,
    local: &str,
    at: &str,
    field: &str,
    warnings: &mut Vec<String>,
) -> Option<DateTime<Utc>> {
    if let Some(time) = wordpress_time(gmt) {
        return Some(time);
    }
    let time = wordpress_time(local)?;
    warnings.push(format!(
        "{at}: wp:{field}_gmt is missing; the site-local wp:{field} was read as UTC"
    ));
    Some(time)
}

fn wordpress_time(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

/// The path of a post's old address, percent-decoded (so `/2024/03/01/محطة/`), for the
/// redirect table: redirect lookups compare decoded paths, whatever case or encoding the
/// requesting browser used.
fn link_path(link: &str) -> Option<String> {
    let link = link.trim();
    let path = match link.find("://") {
        Some(scheme_end) => {
            let after_host = &link[scheme_end + 3..];
            &after_host[after_host.find('/')?..]
        }
        None if link.starts_with('/') => link,
        None => return None,
    };
    let path = path.split('#').next().unwrap_or(path);
    Some(percent_decoded(path)).filter(|p| !p.is_empty())
}

fn percent_decoded(text: &str) -> String {
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded) => normalize_text(&decoded),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_are_decoded_paths_without_host() {
        assert_eq!(
            link_path("http://old.test/2024/03/%d9%85%d8%ad%d8%b7%d8%a9/#top").as_deref(),
            Some("/2024/03/محطة/")
        );
        assert_eq!(
            link_path("https://old.test/?p=12").as_deref(),
            Some("/?p=12")
        );
        assert_eq!(link_path("https://old.test").as_deref(), None);
        assert_eq!(link_path("").as_deref(), None);
    }

    #[test]
    fn zero_dates_fall_back_to_local_time_with_a_warning() {
        let mut warnings = Vec::new();
        let time = post_time(
            "0000-00-00 00:00:00",
            "2024-02-29 10:00:00",
            "post 1",
            "post_date",
            &mut warnings,
        );
        assert_eq!(
            time.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-02-29T10:00:00+00:00")
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            post_time("", "", "post 1", "post_date", &mut warnings),
            None
        );
    }
}
