//! The related-articles module after `مقالات ذات صلة`.
//!
//! Each item is shown as: the section label glued to the thumbnail caption and its credit
//! (`آسيا فلاديمير بوتين ... (أرشيفية - رويترز)`), the title, a one-line lede, and the
//! byline `«الشرق الأوسط» (واشنطن)`. The first item's title is also printed once before
//! its caption line (page layout); that copy is dropped. Items are delimited by their
//! byline lines, so a module cut off mid-item leaves an incomplete last group.

use warraq_domain::agency::Agency;
use warraq_domain::article::ExternalRelated;

use super::caption::{final_group, split_caption};
use super::lines::Line;
use super::words::{skip_words, starts_with_phrase};

/// The related items read from a module's lines, and what had to be dropped or guessed.
#[derive(Debug, Default)]
pub struct RelatedModule {
    pub items: Vec<ExternalRelated>,
    pub warnings: Vec<String>,
}

pub fn parse_related(
    lines: &[Line],
    known_sections: &[String],
    agencies: &[Agency],
) -> RelatedModule {
    let sections = sections_longest_first(known_sections);
    let mut module = RelatedModule::default();
    let mut group: Vec<&Line> = Vec::new();
    for line in lines {
        match byline(&line.text) {
            Some((outlet, bureau)) => {
                let mut item = read_item(&group, &sections, agencies, &mut module.warnings);
                if let Some(item) = item.as_mut() {
                    item.outlet = Some(outlet.to_string());
                    item.bureau = bureau.map(str::to_string);
                } else {
                    module.warnings.push(format!(
                        "line {}: a related-article byline with no title before it was dropped",
                        line.number
                    ));
                }
                module.items.extend(item);
                group.clear();
            }
            None => group.push(line),
        }
    }
    if let Some(first) = group.first() {
        let kept = read_item(&group, &sections, agencies, &mut module.warnings);
        let what = if kept.is_some() {
            "kept without its byline"
        } else {
            "dropped"
        };
        module.warnings.push(format!(
            "line {}: the related-articles module ends inside an item (the page is cut off?); the incomplete item was {what}",
            first.number
        ));
        module.items.extend(kept);
    }
    module
}

/// Section names, longest (in words, then characters) first, so `الولايات المتحدة` is
/// tried before a shorter name it starts with.
fn sections_longest_first(known: &[String]) -> Vec<&str> {
    let mut sections: Vec<&str> = known
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    sections.sort_by_key(|s| std::cmp::Reverse((s.split_whitespace().count(), s.chars().count())));
    sections
}

/// `«الشرق الأوسط» (واشنطن)` → outlet and bureau city; `«الشرق الأوسط»` alone → outlet.
fn byline(text: &str) -> Option<(&str, Option<&str>)> {
    let close = text.find('»')?;
    if !text.starts_with('«') {
        return None;
    }
    let outlet = &text[..close + '»'.len_utf8()];
    let rest = text[outlet.len()..].trim();
    if rest.is_empty() {
        return Some((outlet, None));
    }
    let (before, city) = final_group(rest)?;
    (before.is_empty() && !city.is_empty() && !city.contains(['(', ')']))
        .then_some((outlet, Some(city)))
}

/// One item from the lines before its byline: `[title] caption title lede...`.
fn read_item(
    group: &[&Line],
    sections: &[&str],
    agencies: &[Agency],
    warnings: &mut Vec<String>,
) -> Option<ExternalRelated> {
    let caption_at = group
        .iter()
        .position(|l| is_thumbnail_line(&l.text, sections, agencies));
    let (before, caption, after) = match caption_at {
        Some(i) => (&group[..i], Some(group[i]), &group[i + 1..]),
        None => (group, None, &group[group.len()..]),
    };
    let (title, lede_lines): (&Line, &[&Line]) = match (after.split_first(), before.split_first()) {
        (Some((title, lede)), _) => (title, lede),
        (None, Some((title, lede))) => (title, lede),
        (None, None) => return None,
    };
    if !after.is_empty() {
        for line in before.iter().filter(|l| l.text != title.text) {
            warnings.push(format!(
                "line {}: unexpected line in a related item dropped",
                line.number
            ));
        }
    }
    let lede = lede_lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut item = ExternalRelated {
        title: title.text.clone(),
        lede: (!lede.is_empty()).then_some(lede),
        ..ExternalRelated::default()
    };
    if let Some(caption) = caption {
        let (section, rest) = split_section(&caption.text, sections);
        if section.is_none() {
            warnings.push(format!(
                "line {}: no known section name starts the related thumbnail caption",
                caption.number
            ));
        }
        let parts = split_caption(rest, agencies);
        item.section = section;
        item.thumbnail_caption = (!parts.caption.is_empty()).then_some(parts.caption);
        item.thumbnail_credit = parts.credit;
        item.thumbnail_archive = parts.archive;
    }
    Some(item)
}

/// Whether a line is a section label glued to a thumbnail caption with its credit.
fn is_thumbnail_line(text: &str, sections: &[&str], agencies: &[Agency]) -> bool {
    let Some((_, group)) = final_group(text) else {
        return false;
    };
    let credited = split_caption(text, agencies);
    let names_a_credit =
        credited.archive || warraq_domain::agency::find_agency(agencies, group).is_some();
    split_section(text, sections).0.is_some() || names_a_credit
}

/// The known section the line starts with (as written in the line) and the rest.
fn split_section<'a>(text: &'a str, sections: &[&str]) -> (Option<String>, &'a str) {
    for section in sections {
        if let Some(n) = starts_with_phrase(text, section) {
            let rest = skip_words(text, n);
            if !rest.is_empty() {
                let label = text
                    .split_whitespace()
                    .take(n)
                    .collect::<Vec<_>>()
                    .join(" ");
                return (Some(label), rest);
            }
        }
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_domain::default_agencies;
    use warraq_domain::media::Credit;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                number: i + 1,
                text: t.to_string(),
            })
            .collect()
    }

    fn sections() -> Vec<String> {
        ["الولايات", "الولايات المتحدة", "رياضة"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn items_split_at_bylines_with_the_longest_section_name_and_the_layout_copy_dropped() {
        let module = parse_related(
            &lines(&[
                "عنوان أول",
                "الولايات المتحدة لقطة لمبنى الكابيتول (أرشيفية - رويترز)",
                "عنوان أول",
                "موجز أول.",
                "«صحيفتنا» (واشنطن)",
                "رياضة لاعب يحتفل (أ.ف.ب)",
                "عنوان ثان",
                "موجز ثان.",
                "«صحيفتنا» (الرياض)",
            ]),
            &sections(),
            &default_agencies(),
        );
        assert!(module.warnings.is_empty(), "{:?}", module.warnings);
        let first = &module.items[0];
        assert_eq!(first.title, "عنوان أول");
        assert_eq!(first.section.as_deref(), Some("الولايات المتحدة"));
        assert_eq!(
            first.thumbnail_caption.as_deref(),
            Some("لقطة لمبنى الكابيتول")
        );
        assert_eq!(
            first.thumbnail_credit,
            Some(Credit::Agency {
                code: "Reuters".into()
            })
        );
        assert!(first.thumbnail_archive);
        assert_eq!(
            (first.outlet.as_deref(), first.bureau.as_deref()),
            (Some("«صحيفتنا»"), Some("واشنطن"))
        );
        let second = &module.items[1];
        assert_eq!(
            (second.title.as_str(), second.lede.as_deref()),
            ("عنوان ثان", Some("موجز ثان."))
        );
        assert_eq!(second.section.as_deref(), Some("رياضة"));
        assert!(!second.thumbnail_archive);
    }

    #[test]
    fn a_module_cut_inside_an_item_keeps_what_it_can_and_says_so() {
        let module = parse_related(
            &lines(&[
                "رياضة لاعب يحتفل (أ.ف.ب)",
                "عنوان",
                "موجز.",
                "«صحيفتنا» (جدة)",
                "رياضة ملعب (رويترز)",
                "عنوان مبتور",
            ]),
            &sections(),
            &default_agencies(),
        );
        assert_eq!(module.items.len(), 2);
        assert_eq!(module.items[1].title, "عنوان مبتور");
        assert_eq!(module.items[1].outlet, None);
        assert_eq!(module.warnings.len(), 1);
        assert!(
            module.warnings[0].contains("line 5"),
            "{}",
            module.warnings[0]
        );
    }

    #[test]
    fn bylines_need_guillemets_and_a_bare_city() {
        assert_eq!(
            byline("«الشرق الأوسط» (واشنطن)"),
            Some(("«الشرق الأوسط»", Some("واشنطن")))
        );
        assert_eq!(byline("«الشرق الأوسط»"), Some(("«الشرق الأوسط»", None)));
        assert_eq!(byline("قال «إنه» اليوم (الأربعاء)"), None);
        assert_eq!(byline("«أ» ب (ج)"), None);
    }
}
