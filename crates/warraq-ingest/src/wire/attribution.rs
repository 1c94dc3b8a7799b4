//! Wire attributions in body text: `وفق «وكالة الصحافة الفرنسية»`, `بحسب رويترز`,
//! `نقلاً عن أ.ف.ب`, `ذكرت وكالة الأنباء الألمانية` → agency codes.

use std::sync::LazyLock;

use warraq_domain::agency::{Agency, find_agency};
use warraq_domain::arabic::fold_for_matching;

use super::words::credit_words;

/// Words that introduce a source, folded. `نقلا عن` is two words: `عن` is skipped after it.
const TRIGGERS: [&str; 12] = [
    "وفق",
    "وفقاً",
    "بحسب",
    "حسب",
    "نقلاً",
    "ذكرت",
    "أفادت",
    "أوردت",
    "قالت",
    "نقلت",
    "أعلنت",
    "أكدت",
];

/// Words allowed between a trigger and the agency name (`نقلاً عن`, `وفقاً لـ`).
const LINKS: [&str; 2] = ["عن", "ل"];

/// Longest agency name in words (`وكالة الأنباء السعودية` is three, plus a prefix).
const MAX_NAME_WORDS: usize = 5;

static FOLDED_TRIGGERS: LazyLock<Vec<String>> =
    LazyLock::new(|| TRIGGERS.iter().map(|t| fold_for_matching(t)).collect());
static FOLDED_LINKS: LazyLock<Vec<String>> =
    LazyLock::new(|| LINKS.iter().map(|t| fold_for_matching(t)).collect());

/// The codes of the agencies the paragraphs attribute information to, in order of first
/// mention, each once.
pub fn wire_sources(paragraphs: &[String], agencies: &[Agency]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let words = credit_words(paragraph);
        for (i, word) in words.iter().enumerate() {
            if !FOLDED_TRIGGERS.contains(&fold_for_matching(word)) {
                continue;
            }
            if let Some(agency) = agency_after(&words[i + 1..], agencies)
                && !codes.contains(&agency.code)
            {
                codes.push(agency.code.clone());
            }
        }
    }
    codes
}

/// The agency named by the words right after a trigger, longest name first.
fn agency_after<'a>(words: &[String], agencies: &'a [Agency]) -> Option<&'a Agency> {
    let mut words: Vec<String> = words.iter().take(MAX_NAME_WORDS + 1).cloned().collect();
    if words
        .first()
        .is_some_and(|w| FOLDED_LINKS.contains(&fold_for_matching(w)))
    {
        words.remove(0);
    }
    // `لوكالة` / `لـرويترز`: the preposition is glued to the name.
    if let Some(first) = words.first_mut()
        && let Some(rest) = first.strip_prefix("لـ").or_else(|| first.strip_prefix('ل'))
        && (rest.starts_with("وكال") || find_agency(agencies, rest).is_some())
    {
        *first = rest.to_string();
    }
    (1..=words.len().min(MAX_NAME_WORDS))
        .rev()
        .find_map(|n| find_agency(agencies, &words[..n].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_domain::default_agencies;

    fn sources(text: &str) -> Vec<String> {
        wire_sources(&[text.to_string()], &default_agencies())
    }

    #[test]
    fn attributions_name_their_agencies_in_order_once_each() {
        assert_eq!(
            sources("وأضاف: «سنرد»، وفق «وكالة الصحافة الفرنسية»."),
            ["AFP"]
        );
        assert_eq!(
            sources("بحسب رويترز، ثم نقلاً عن أ.ف.ب، ثم بحسب رويترز"),
            ["Reuters", "AFP"]
        );
        assert_eq!(sources("ذكرت وكالة الأنباء الألمانية أن"), ["dpa"]);
        assert_eq!(sources("قال وفقاً لوكالة الأنباء السعودية"), ["SPA"]);
    }

    #[test]
    fn names_that_are_not_agencies_after_a_trigger_are_ignored() {
        assert!(sources("وقالت المتحدثة باسم الخارجية إن الوفد وصل").is_empty());
        assert!(sources("بحسب مصادر مطلعة").is_empty());
        // An agency named without a trigger is a mention, not an attribution.
        assert!(sources("انتقد الوزير تغطية رويترز").is_empty());
    }
}
