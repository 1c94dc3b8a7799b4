//! Word-level views of Arabic text for matching: folded (hamza, taa marbuta, diacritics,
//! digit systems) so `الإثنين` and `الاثنين`, `٣٠` and `30` compare equal.

use warraq_domain::arabic::fold_for_matching;

/// The folded words of `text`, split at anything that is neither a letter nor a digit
/// (punctuation, guillemets, brackets), so `الأربعاء،` gives `الاربعاء`, and between
/// letters and digits, so the conjunction in `و7 أبريل` stands apart from the number.
pub fn folded_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in fold_for_matching(text).chars() {
        let switches_kind = word
            .chars()
            .last()
            .is_some_and(|last| last.is_numeric() != c.is_numeric());
        if (!c.is_alphanumeric() || switches_kind) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The words of `text` split at whitespace only, each stripped of surrounding punctuation
/// but keeping inner dots (`أ.ف.ب`), for matching agency names and credits.
pub fn credit_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `text` starts with the words of `phrase`, compared folded; gives the number of
/// whitespace-separated words of `text` the phrase covers.
pub fn starts_with_phrase(text: &str, phrase: &str) -> Option<usize> {
    let phrase_words: Vec<&str> = phrase.split_whitespace().collect();
    let text_words: Vec<&str> = text.split_whitespace().collect();
    if phrase_words.is_empty() || text_words.len() < phrase_words.len() {
        return None;
    }
    let head = text_words[..phrase_words.len()].join(" ");
    (fold_for_matching(&head) == fold_for_matching(phrase)).then_some(phrase_words.len())
}

/// `text` without its first `n` whitespace-separated words, trimmed.
pub fn skip_words(text: &str, n: usize) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_words_drop_punctuation_and_unify_digits() {
        assert_eq!(
            folded_words("أعلنت، الأربعاء، في ٣٠ أكتوبر"),
            ["اعلنت", "الاربعاء", "في", "30", "اكتوبر"]
        );
        assert_eq!(folded_words("و7 أبريل"), ["و", "7", "ابريل"]);
    }

    #[test]
    fn phrases_match_folded_and_skip_by_whole_words() {
        assert_eq!(
            starts_with_phrase("الولايات المتحدة جنود", "الولايات المتحده"),
            Some(2)
        );
        assert_eq!(starts_with_phrase("الولايات", "الولايات المتحدة"), None);
        assert_eq!(skip_words("الولايات  المتحدة جنود روس", 2), "جنود روس");
        assert_eq!(
            credit_words("وفق «وكالة الصحافة الفرنسية»."),
            ["وفق", "وكالة", "الصحافة", "الفرنسية"]
        );
        assert_eq!(credit_words("(أ.ف.ب)"), ["أ.ف.ب"]);
    }
}
