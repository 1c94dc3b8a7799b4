//! Light stemming: attached prefixes (conjunctions, prepositions, the article) and common
//! suffixes (plural, dual, feminine, relative adjectives, attached pronouns), with
//! minimum stem lengths so that short words are left alone.
//!
//! A single-letter prefix (`و ف ب ك ل`) is often a root letter (`وزير`, `لبنان`,
//! `فيلم`), so instead of guessing, both readings are kept as variants at the same
//! position: `ولبنان` gives `لبنان` and `بنان`; the query `لبنان` gives the same two.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lexicon::{BROKEN_PLURALS, VARIANTS};
use super::normalize::{is_arabic_word, normalized};

/// Which rules run; the default is what warraq uses. The evaluation switches them off one
/// at a time to measure what each is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StemRules {
    /// Prefix and suffix stripping at all.
    pub light_stemming: bool,
    /// Keep both readings of a single-letter prefix (otherwise strip it, as light10 does).
    pub prefix_variants: bool,
    /// Map common broken plurals to their singular.
    pub broken_plurals: bool,
    /// Map spelling variants of foreign names and a few synonyms to one form.
    pub name_variants: bool,
}

impl Default for StemRules {
    fn default() -> Self {
        StemRules {
            light_stemming: true,
            prefix_variants: true,
            broken_plurals: true,
            name_variants: true,
        }
    }
}

/// The article with the particles that may precede it, longest first.
const ARTICLE_PREFIXES: &[&str] = &[
    "وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
];

/// Attached pronouns, longest first.
const PRONOUN_SUFFIXES: &[&str] = &["هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا"];

/// Plural, dual, feminine and relative-adjective endings (normalised: `ة` is `ه`),
/// longest first, each with the shortest stem it may leave.
const ENDINGS: &[(&str, usize)] = &[
    ("يين", 3),
    ("يون", 3),
    ("يات", 3),
    ("يان", 3),
    ("ات", 3),
    ("ون", 4),
    ("ين", 4),
    ("ان", 4),
    ("يه", 3),
    ("ه", 3),
    ("ي", 3),
];

fn len(word: &str) -> usize {
    word.chars().count()
}

/// Strips one attached pronoun, then one ending. `حكومتها` → `حكوم`, `انتخاباتها` →
/// `انتخاب`, `الاقتصادية` (without its article) → `اقتصاد`.
pub fn strip_suffixes(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(s) = PRONOUN_SUFFIXES
        .iter()
        .find(|s| w.ends_with(*s) && len(&w) - len(s) >= 3)
    {
        w.truncate(w.len() - s.len());
        // A taa marbuta is written ت before a pronoun: حكومتها is حكومة + ها.
        if len(&w) >= 4 && w.ends_with('ت') && !w.ends_with("ات") {
            w.truncate(w.len() - 'ت'.len_utf8());
            w.push('ه');
        }
    }
    if let Some((s, _)) = ENDINGS
        .iter()
        .find(|(s, min)| w.ends_with(*s) && len(&w) - len(s) >= *min)
    {
        w.truncate(w.len() - s.len());
        // The feminine dual: حكومتان, حكومتين.
        if (*s == "ان" || *s == "ين") && len(&w) >= 4 && w.ends_with('ت') {
            w.truncate(w.len() - 'ت'.len_utf8());
        }
    }
    w
}

/// The readings of a word once its prefixes are considered, most likely first.
fn prefix_readings(word: &str, rules: StemRules) -> Vec<String> {
    if let Some(p) = ARTICLE_PREFIXES.iter().find(|p| word.starts_with(*p)) {
        let rest = &word[p.len()..];
        return match len(rest) {
            // `الحج`: the article, or a word that begins with alef-lam.
            2 => vec![rest.to_string(), word.to_string()],
            n if n >= 3 => vec![rest.to_string()],
            _ => vec![word.to_string()],
        };
    }
    let mut readings = vec![word.to_string()];
    let mut rest = word;
    for (allowed, min_left) in [(&['و', 'ف'][..], 3), (&['ب', 'ك', 'ل'][..], 3)] {
        let Some(first) = rest.chars().next() else {
            break;
        };
        if allowed.contains(&first) && len(rest) > min_left {
            rest = &rest[first.len_utf8()..];
            readings.push(rest.to_string());
        }
    }
    if !rules.prefix_variants {
        // light10 strips only `و`, from words of four letters or more.
        return match word.strip_prefix('و') {
            Some(rest) if len(word) >= 4 => vec![rest.to_string()],
            _ => vec![word.to_string()],
        };
    }
    // The stripped readings first: a prefix is more often a particle than a root letter.
    readings.reverse();
    readings
}

static PLURALS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    BROKEN_PLURALS
        .iter()
        .map(|(plural, singular)| (normalized(plural), strip_suffixes(&normalized(singular))))
        .collect()
});

static CANONICAL: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    VARIANTS
        .iter()
        .map(|(variant, canonical)| (normalized(variant), normalized(canonical)))
        .collect()
});

fn is_canonical_name(word: &str) -> bool {
    CANONICAL.values().any(|c| c == word)
}

fn is_listed(reading: &str, rules: StemRules) -> bool {
    (rules.name_variants && (CANONICAL.contains_key(reading) || is_canonical_name(reading)))
        || (rules.broken_plurals && PLURALS.contains_key(reading))
}

/// The stem of one reading.
fn stem_reading(reading: &str, rules: StemRules) -> String {
    if rules.name_variants {
        if let Some(canonical) = CANONICAL.get(reading) {
            return canonical.clone();
        }
        if is_canonical_name(reading) {
            return reading.to_string();
        }
    }
    if rules.broken_plurals
        && let Some(singular) = PLURALS.get(reading)
    {
        return singular.clone();
    }
    let stem = strip_suffixes(reading);
    if rules.broken_plurals
        && let Some(singular) = PLURALS.get(&stem)
    {
        return singular.clone();
    }
    stem
}

/// The stems of a normalised word: one, or up to three when a leading letter may be a
/// particle or a root letter. Words that are not Arabic come back as they are.
pub fn stems(word: &str, rules: StemRules) -> Vec<String> {
    if !is_arabic_word(word) {
        return vec![word.to_string()];
    }
    if !rules.light_stemming {
        if rules.name_variants
            && let Some(canonical) = CANONICAL.get(word)
        {
            return vec![canonical.clone()];
        }
        return vec![word.to_string()];
    }
    let readings = prefix_readings(word, rules);
    // A reading the word lists know (a name, a broken plural) is the word: `فيسبوك` is not
    // `ف` + `يسبوك`.
    if let Some(known) = readings.iter().find(|r| is_listed(r, rules)) {
        return vec![stem_reading(known, rules)];
    }
    let mut out: Vec<String> = Vec::with_capacity(3);
    for reading in readings {
        let stem = stem_reading(&reading, rules);
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> Vec<String> {
        stems(&normalized(word), StemRules::default())
    }

    fn first(word: &str) -> String {
        stem(word).remove(0)
    }

    /// Whether two words share a stem (and so find each other).
    fn meet(a: &str, b: &str) -> bool {
        let b = stem(b);
        stem(a).iter().any(|s| b.contains(s))
    }

    #[test]
    fn the_article_and_its_particles_are_stripped() {
        for w in [
            "الحكومة",
            "والحكومة",
            "بالحكومة",
            "للحكومة",
            "فالحكومة",
            "وبالحكومة",
            "كالحكومة",
        ] {
            assert_eq!(stem(w), vec!["حكوم".to_string()], "{w}");
        }
    }

    #[test]
    fn a_single_letter_prefix_keeps_both_readings() {
        assert!(stem("ولبنان").contains(&"لبنان".to_string()));
        assert_eq!(stem("لبنان"), vec!["بنان", "لبنان"]);
        assert!(stem("وزير").contains(&"وزير".to_string()));
        assert!(stem("الوزير").contains(&"وزير".to_string()));
        assert!(stem("بمدينة").contains(&"مدين".to_string()));
    }

    #[test]
    fn short_words_are_not_over_stemmed() {
        // Too short for a prefix to leave a word behind.
        assert_eq!(stem("وطن"), vec!["وطن"]);
        assert_eq!(stem("بيت"), vec!["بيت"]);
        // A country name is not a dual: لبنان, إيران and السودان keep their ending.
        assert!(stem("إيران").contains(&"ايران".to_string()));
        assert_eq!(stem("السودان"), vec!["سودان"]);
        assert_eq!(stem("البحرين"), vec!["بحرين"]);
        // Alef-lam that may be the article on a two-letter word: both readings.
        assert_eq!(stem("الحج"), vec!["حج", "الحج"]);
    }

    #[test]
    fn plural_dual_and_feminine_endings_are_stripped() {
        assert_eq!(first("الانتخابات"), "انتخاب");
        assert_eq!(first("المفاوضات"), first("المفاوضة"));
        assert_eq!(first("المعلمون"), "معلم");
        assert_eq!(first("المعلمين"), "معلم");
        assert_eq!(first("الجانبان"), "جانب");
        assert_eq!(first("الحكومتين"), "حكوم");
    }

    #[test]
    fn relative_adjectives_meet_their_noun() {
        assert_eq!(first("الاقتصادية"), "اقتصاد");
        assert_eq!(first("الاقتصادي"), "اقتصاد");
        assert_eq!(first("الاقتصاديين"), "اقتصاد");
        assert_eq!(first("الاقتصاد"), "اقتصاد");
    }

    #[test]
    fn attached_pronouns_are_stripped_and_taa_marbuta_restored() {
        assert_eq!(first("حكومتها"), first("الحكومة"));
        assert_eq!(first("انتخاباتها"), "انتخاب");
        assert!(meet("بيتها", "البيت"));
    }

    #[test]
    fn broken_plurals_meet_their_singular() {
        assert_eq!(first("الوزراء"), first("الوزير"));
        assert_eq!(first("الأسعار"), first("السعر"));
        assert_eq!(first("المدن"), first("المدينة"));
        assert_eq!(first("المشاريع"), first("مشروع"));
        assert_eq!(first("أسعارها"), first("سعر"));
    }

    #[test]
    fn foreign_name_spellings_and_synonyms_meet() {
        assert!(meet("جوجل", "غوغل"));
        assert!(meet("ترمب", "ترامب"));
        assert!(meet("البترول", "النفط"));
        assert_eq!(stem("فايروس"), stem("الفيروس"));
        assert_eq!(stem("فيسبوك"), vec!["فيسبوك"]);
    }

    #[test]
    fn words_in_other_scripts_and_numbers_are_left_alone() {
        assert_eq!(stem("opec"), vec!["opec"]);
        assert_eq!(stem("2024"), vec!["2024"]);
    }

    #[test]
    fn switching_rules_off_changes_only_their_part() {
        let plain = StemRules {
            light_stemming: false,
            ..StemRules::default()
        };
        assert_eq!(stems(&normalized("الحكومة"), plain), vec!["الحكومه"]);
        let light10 = StemRules {
            prefix_variants: false,
            ..StemRules::default()
        };
        assert_eq!(stems(&normalized("وزير"), light10), vec!["زير"]);
        let no_plurals = StemRules {
            broken_plurals: false,
            ..StemRules::default()
        };
        assert_ne!(
            stems(&normalized("الوزراء"), no_plurals),
            stems(&normalized("الوزير"), no_plurals)
        );
    }
}
