//! Normalising one word for search: every spelling a reader, a wire service or a scraper
//! may use for the same word comes out the same.

use unicode_normalization::UnicodeNormalization;

use super::segment::{is_invisible, is_mark};

/// Writes the search form of `raw` (one word from [`super::segment::words`]) into `out`:
///
/// - NFKC first, so presentation forms and ligatures (`ﻻ`, `ﷲ`) become letters;
/// - diacritics (harakat, shadda, sukun, dagger alef U+0670), tatweel and invisible
///   marks (joiners, direction marks) removed;
/// - `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`;
/// - hamza seats `ؤ ئ` → `ء`, so `مسؤول` and `مسئول` meet;
/// - Persian and Urdu forms → Arabic: `ی` → `ي`, `ک` → `ك`, `ہ ە ھ ۀ` → `ه`, and the
///   letters used for foreign names `ڤ` → `ف`, `گ` → `ك`, `پ` → `ب`, `چ` → `ج`;
/// - Arabic-Indic and Eastern Arabic-Indic digits → `0-9`, the Arabic decimal separator
///   `٫` → `.`, thousands separators (`٬` and `,`) dropped;
/// - Latin lower-cased.
///
/// NFKC may turn one ligature into several words (`ﷺ`); they come out separated by a
/// space.
pub fn normalize_word(raw: &str, out: &mut String) {
    out.clear();
    for c in raw.nfkc() {
        if is_mark(c) || is_invisible(c) || c == '\u{0640}' {
            continue;
        }
        let folded = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
            'ى' | 'ی' | 'ۍ' | 'ې' => 'ي',
            'ة' | 'ہ' | 'ە' | 'ھ' | 'ۀ' | 'ۃ' => 'ه',
            'ؤ' | 'ئ' => 'ء',
            'ک' | 'ڪ' | 'گ' => 'ك',
            'ڤ' => 'ف',
            'پ' => 'ب',
            'چ' => 'ج',
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' | ',' => continue,
            _ => c,
        };
        if folded.is_ascii() {
            out.push(folded.to_ascii_lowercase());
        } else if folded.is_whitespace() {
            out.push(' ');
        } else {
            out.extend(folded.to_lowercase());
        }
    }
}

/// The search form of one word, as a new string.
pub fn normalized(raw: &str) -> String {
    let mut out = String::new();
    normalize_word(raw, &mut out);
    out
}

/// Whether the word is written in Arabic letters (and so gets Arabic stemming).
pub fn is_arabic_word(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_forms_and_ligatures_become_letters() {
        // ﻻ (lam-alef ligature), isolated and final presentation forms.
        assert_eq!(normalized("\u{FEFB}"), "لا");
        assert_eq!(
            normalized("\u{FE8D}\u{FEDF}\u{FEA4}\u{FEDC}\u{FEEE}\u{FEE3}\u{FE94}"),
            "الحكومه"
        );
    }

    #[test]
    fn diacritics_dagger_alef_and_tatweel_are_removed() {
        assert_eq!(normalized("الحُكُومَةُ"), "الحكومه");
        assert_eq!(normalized("هٰذا"), "هذا");
        assert_eq!(normalized("الحـــكومة"), "الحكومه");
    }

    #[test]
    fn zero_width_and_direction_marks_are_removed() {
        assert_eq!(normalized("الحكو\u{200C}مة\u{200F}"), "الحكومه");
        assert_eq!(normalized("\u{FEFF}\u{202B}وزير\u{202C}"), "وزير");
    }

    #[test]
    fn alef_forms_fold_to_bare_alef() {
        assert_eq!(normalized("أحمد"), "احمد");
        assert_eq!(normalized("إعلان"), "اعلان");
        assert_eq!(normalized("آثار"), "اثار");
        assert_eq!(normalized("ٱلله"), "الله");
    }

    #[test]
    fn alef_maqsura_and_taa_marbuta_fold() {
        assert_eq!(normalized("مستشفى"), "مستشفي");
        assert_eq!(normalized("مدينة"), normalized("مدينه"));
    }

    #[test]
    fn hamza_seats_fold_so_spelling_variants_meet() {
        assert_eq!(normalized("مسؤول"), normalized("مسئول"));
        assert_eq!(normalized("شؤون"), normalized("شئون"));
        assert_eq!(normalized("رئيس"), "رءيس");
    }

    #[test]
    fn persian_and_urdu_letter_forms_fold_to_arabic() {
        assert_eq!(normalized("کرة"), "كره");
        assert_eq!(normalized("الرئیسی"), normalized("الرئيسي"));
        assert_eq!(normalized("مدینہ"), "مدينه");
        assert_eq!(normalized("مدينە"), "مدينه");
        assert_eq!(normalized("ڤيتنام"), "فيتنام");
        assert_eq!(normalized("گوگل"), "كوكل");
    }

    #[test]
    fn digits_of_every_system_read_as_western_numbers() {
        assert_eq!(normalized("٢٠٢٤"), "2024");
        assert_eq!(normalized("۲۰۲۴"), "2024");
        assert_eq!(normalized("٣٫٥"), "3.5");
        assert_eq!(normalized("١٬٢٠٠"), "1200");
        assert_eq!(normalized("1,200"), "1200");
    }

    #[test]
    fn latin_is_lower_cased() {
        assert_eq!(normalized("OPEC"), "opec");
    }

    #[test]
    fn arabic_words_are_told_from_others() {
        assert!(is_arabic_word("الحكومه"));
        assert!(!is_arabic_word("opec"));
        assert!(!is_arabic_word("2024"));
    }
}
