use unicode_normalization::UnicodeNormalization;

use super::digits::to_western_digits;

const TATWEEL: char = '\u{0640}';

/// Normalises text for storage: NFC, no zero-width or bidi control characters except the
/// zero-width non-joiner that Persian and Urdu names need, runs of spaces collapsed, trimmed.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc() {
        if is_invisible_control(c) {
            continue;
        }
        if c == '\n' {
            // Keep line structure: a paragraph split is meaningful in wire copy.
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            pending_space = false;
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty() && !out.ends_with('\n');
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out.trim().to_string()
}

pub(crate) fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\r')
}

/// Whether `c` is an Arabic-script letter (not a digit, mark or punctuation).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FC}')
}

/// Whether `c` is an Arabic diacritic (harakat, shadda, sukun, dagger alef, Quranic marks).
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Folds text for comparison and search: NFKC (presentation forms become letters),
/// diacritics and tatweel removed, `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`, `ؤ` → `و`,
/// `ئ` → `ي`, Arabic-Indic digits → Western digits, Latin lower-cased, whitespace collapsed.
pub fn fold_for_matching(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc() {
        if is_arabic_mark(c) || c == TATWEEL || is_invisible_control(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let folded = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            _ => c,
        };
        for l in folded.to_lowercase() {
            out.push(l);
        }
    }
    to_western_digits(out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_normalisation_composes_and_tidies_without_respelling() {
        // alef + combining hamza above (decomposed) becomes the precomposed letter.
        assert_eq!(normalize_text("\u{0627}\u{0654}حمد"), "أحمد");
        assert_eq!(normalize_text("  موسكو \u{200F}  تعلن\r\n"), "موسكو تعلن");
        assert_eq!(normalize_text("سطر  أول \nسطر ثان"), "سطر أول\nسطر ثان");
        assert_eq!(normalize_text("إستراتيجية"), "إستراتيجية");
    }

    #[test]
    fn matching_folds_hamza_taa_marbuta_diacritics_and_digits() {
        assert_eq!(
            fold_for_matching("إستراتيجيّة"),
            fold_for_matching("استراتيجيه")
        );
        assert_eq!(fold_for_matching("مُوسـكو"), "موسكو");
        assert_eq!(fold_for_matching("مصطفى"), "مصطفي");
        assert_eq!(fold_for_matching("عام ٢٠٢٤"), "عام 2024");
        assert_eq!(fold_for_matching("Reuters  News"), "reuters news");
        // Presentation forms (as pasted from old PDFs) fold to letters.
        assert_eq!(fold_for_matching("\u{FEDF}\u{FEE0}\u{FEEA}"), "لله");
    }
}
