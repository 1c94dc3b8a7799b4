//! Subjects (section and tags), people (authors and byline) and info sources (wire
//! agencies) of an imported item.

use serde_json::{Map, Value};
use warraq_domain::arabic::{fold_for_matching, normalize_text};
use warraq_domain::{Agency, IncomingArticle, agency::find_agency, default_agencies};

use super::fields::Obj;
use crate::error::NinjsError;
use crate::names::to_3x_names;

const AUTHOR_RELS: [&str; 4] = ["author", "creator", "writer", "byline"];

/// The first subject (the one marked `section`, when any) is the section; the others,
/// and 1.x `keywords`, are tags.
pub fn read_subjects(top: Obj, article: &mut IncomingArticle) -> Result<(), NinjsError> {
    let mut named = Vec::new();
    let mut subjects = top.array("subjects")?;
    subjects.extend(top.array("subject")?);
    for (path, subject) in subjects {
        let Some(map) = subject.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "a subject object",
            });
        };
        let subject = Obj { map, path: &path };
        if let Some(name) = subject.string("name")? {
            named.push((name, subject.string("rel")?.unwrap_or_default()));
        }
    }
    let section_index = named
        .iter()
        .position(|(_, rel)| rel == "section")
        .unwrap_or(0);
    if section_index < named.len() {
        let (section, _) = named.remove(section_index);
        article.sections.push(section);
    }
    let mut tags: Vec<String> = named.into_iter().map(|(name, _)| name).collect();
    for (path, keyword) in top.array("keywords")? {
        match keyword.as_str() {
            Some(k) => tags.push(normalize_text(k)),
            None => {
                return Err(NinjsError::WrongType {
                    path,
                    expected: "a keyword string",
                });
            }
        }
    }
    for tag in tags {
        let folded = fold_for_matching(&tag);
        let known = |t: &String| fold_for_matching(t) == folded;
        if !tag.is_empty() && !article.tags.iter().any(known) && !article.sections.iter().any(known)
        {
            article.tags.push(tag);
        }
    }
    Ok(())
}

/// Authors are the people marked as authors; without any, the names in `by`. A `by` that
/// is an outlet (`«الشرق الأوسط»`) or an agency, or that differs from the author names, is
/// kept as the byline. People mentioned in the story are kept for export.
pub fn read_people(
    top: Obj,
    article: &mut IncomingArticle,
    extra: &mut Map<String, Value>,
) -> Result<(), NinjsError> {
    let mut mentioned = Vec::new();
    for (path, person) in top.array("people")? {
        let Some(map) = person.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "a person object",
            });
        };
        let person_obj = Obj { map, path: &path };
        let rel = person_obj.string("rel")?.unwrap_or_default().to_lowercase();
        match person_obj.string("name")? {
            Some(name) if AUTHOR_RELS.contains(&rel.as_str()) => article.authors.push(name),
            _ => mentioned.push(person.clone()),
        }
    }
    if !mentioned.is_empty() {
        extra.insert("people".into(), Value::Array(mentioned));
    }
    let by = match top.string("by")? {
        Some(by) => Some(by),
        None => top.string("byline")?,
    };
    let Some(by) = by else { return Ok(()) };
    if !article.authors.is_empty() {
        if by != article.authors.join("، ") {
            article.byline = Some(by);
        }
        return Ok(());
    }
    let is_outlet = by.starts_with('«') && by.ends_with('»');
    if is_outlet || find_agency(&default_agencies(), &by).is_some() {
        article.byline = Some(by);
    } else {
        article.authors = split_names(&by);
    }
    Ok(())
}

/// `أحمد علي، سارة محمد` / `Paulo Santalucia and Frances d'Emilio` → the names. The Arabic
/// `و` is not split on: it is also the first letter of names such as `وليد`.
fn split_names(by: &str) -> Vec<String> {
    by.split(['،', ',', ';', '؛'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_start_matches("By ").trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Info sources naming a known agency are wire sources; others are kept for export.
pub fn read_info_sources(
    top: Obj,
    agencies: &[Agency],
    article: &mut IncomingArticle,
    extra: &mut Map<String, Value>,
) -> Result<(), NinjsError> {
    let mut kept = Vec::new();
    for (path, source) in top.array("infoSources")? {
        let Some(map) = source.as_object() else {
            return Err(NinjsError::WrongType {
                path,
                expected: "an info source object",
            });
        };
        let source_obj = Obj { map, path: &path };
        let mut agency = None;
        for name in ["literal", "name"] {
            if let Some(text) = source_obj.string(name)? {
                agency = agency.or(find_agency(agencies, &text));
            }
        }
        match agency {
            Some(agency) if !article.wire_sources.contains(&agency.code) => {
                article.wire_sources.push(agency.code.clone())
            }
            Some(_) => {}
            None => kept.push(to_3x_names(source)),
        }
    }
    if !kept.is_empty() {
        extra.insert("infoSources".into(), Value::Array(kept));
    }
    Ok(())
}
