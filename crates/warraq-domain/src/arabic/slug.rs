use unicode_normalization::UnicodeNormalization;

use super::digits::to_western_digits;
use super::normalize::is_arabic_letter;

/// Longest slug we make, in characters; long Arabic headlines are cut at a word boundary.
const MAX_SLUG_CHARS: usize = 80;

/// Makes a readable URL slug from a headline. Arabic letters are kept as Arabic (browsers
/// show them as typed; they are percent-encoded on the wire), diacritics and tatweel are
/// dropped, Arabic-Indic digits become Western digits, Latin is lower-cased, and every run
/// of other characters becomes one `-`. Returns an empty string when nothing is left.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in to_western_digits(text).nfkc() {
        let keep = if c == '\u{0640}' {
            None
        } else if is_arabic_letter(c) || c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase())
        } else if c.is_alphanumeric() && !is_mark(c) {
            // Letters of other scripts (a Latin name with accents, say) are kept too.
            c.to_lowercase().next()
        } else {
            None
        };
        match keep {
            Some(k) => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(k);
            }
            None if is_mark(c) || c == '\u{0640}' => {}
            None => pending_dash = true,
        }
    }
    truncate_at_word(&slug, MAX_SLUG_CHARS)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}')
}

fn truncate_at_word(slug: &str, max: usize) -> String {
    if slug.chars().count() <= max {
        return slug.to_string();
    }
    let cut: String = slug.chars().take(max).collect();
    match cut.rfind('-') {
        Some(pos) if pos > 0 => cut[..pos].to_string(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_headline_becomes_readable_slug() {
        assert_eq!(
            slugify("موسكو تعلن عن محادثات «استراتيجية» مع كوريا الشمالية"),
            "موسكو-تعلن-عن-محادثات-استراتيجية-مع-كوريا-الشمالية"
        );
    }

    #[test]
    fn diacritics_tatweel_and_digits_are_normalised() {
        assert_eq!(
            slugify("رحّبت الولايـات بـ ٣ خطوات"),
            "رحبت-الولايات-ب-3-خطوات"
        );
        assert_eq!(slugify("Breaking: UN Vote 2024!"), "breaking-un-vote-2024");
    }

    #[test]
    fn long_headlines_are_cut_at_a_word_boundary_and_empty_stays_empty() {
        let long = "كلمة ".repeat(40);
        let slug = slugify(&long);
        assert!(slug.chars().count() <= MAX_SLUG_CHARS);
        assert!(!slug.ends_with('-'));
        assert!(slug.ends_with("كلمة"));
        assert_eq!(slugify("«»!؟"), "");
    }
}
