//! Arabic function words that carry no topic: prepositions, conjunctions, pronouns,
//! demonstratives, relatives, auxiliaries and the reporting verbs every news story uses.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::normalize::normalized;

/// As written; compared in their normalised form.
const STOP_WORDS: &[&str] = &[
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "مع",
    "إن",
    "أن",
    "أنه",
    "أنها",
    "إنه",
    "إنها",
    "لأن",
    "كان",
    "كانت",
    "كانوا",
    "يكون",
    "تكون",
    "ليس",
    "ليست",
    "قد",
    "لقد",
    "لم",
    "لن",
    "لا",
    "ما",
    "ماذا",
    "متى",
    "أين",
    "كيف",
    "هل",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "أولئك",
    "هنا",
    "هناك",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
    "هو",
    "هي",
    "هم",
    "هن",
    "هما",
    "نحن",
    "أنا",
    "أنت",
    "أنتم",
    "له",
    "لها",
    "لهم",
    "لهما",
    "به",
    "بها",
    "بهم",
    "فيه",
    "فيها",
    "فيهم",
    "منه",
    "منها",
    "منهم",
    "عليه",
    "عليها",
    "عليهم",
    "إليه",
    "إليها",
    "إليهم",
    "عنه",
    "عنها",
    "عنهم",
    "معه",
    "معها",
    "معهم",
    "لدى",
    "لدي",
    "عند",
    "عندما",
    "حين",
    "حيث",
    "بين",
    "بعد",
    "قبل",
    "منذ",
    "حتى",
    "خلال",
    "ضد",
    "نحو",
    "حول",
    "دون",
    "غير",
    "سوى",
    "أي",
    "أو",
    "أم",
    "ثم",
    "بل",
    "لكن",
    "لكنه",
    "لكنها",
    "إذا",
    "إذ",
    "لو",
    "كل",
    "كما",
    "أيضا",
    "أيضاً",
    "كذلك",
    "إلا",
    "لما",
    "مما",
    "عما",
    "بما",
    "فيما",
    "بينما",
    "وفق",
    "وفقا",
    "تم",
    "يتم",
    "قال",
    "قالت",
    "أضاف",
    "أضافت",
    "أكد",
    "أكدت",
    "أوضح",
    "أوضحت",
    "وأضاف",
    "وأضافت",
    "وقال",
    "وقالت",
    "يا",
    "ها",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
];

/// Normalised stop words that are also common names once folded: `على` (on) folds to
/// `علي` (Ali); only the spelling with alef maqsura is a stop word.
const NAME_COLLISIONS: &[&str] = &["علي"];

static NORMALISED: LazyLock<HashSet<String>> = LazyLock::new(|| {
    STOP_WORDS
        .iter()
        .map(|w| normalized(w))
        .filter(|w| !NAME_COLLISIONS.contains(&w.as_str()))
        .collect()
});

/// Whether the word (`raw` as written, `word` normalised) is a stop word, alone or after
/// the conjunction `و` or `ف` (`وفي`, `فإن`).
pub fn is_stop_word(raw: &str, word: &str) -> bool {
    if NAME_COLLISIONS.contains(&word) {
        return raw.contains('ى');
    }
    if NORMALISED.contains(word) {
        return true;
    }
    let rest = word.strip_prefix('و').or_else(|| word.strip_prefix('ف'));
    rest.is_some_and(|r| r.chars().count() >= 2 && NORMALISED.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(raw: &str) -> bool {
        is_stop_word(raw, &normalized(raw))
    }

    #[test]
    fn function_words_are_stop_words_in_any_spelling() {
        for w in [
            "في", "إلى", "الى", "التى", "هذه", "هذة", "وفي", "فإن", "ومنذ",
        ] {
            assert!(stop(w), "{w}");
        }
    }

    #[test]
    fn topic_words_are_not_stop_words() {
        for w in ["وزير", "فيضانات", "النفط", "مباراة"] {
            assert!(!stop(w), "{w}");
        }
    }

    #[test]
    fn ala_is_a_stop_word_but_the_name_ali_is_not() {
        assert!(stop("على"));
        assert!(!stop("علي"));
    }
}
