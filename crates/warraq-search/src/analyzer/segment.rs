//! Cutting text into words, with byte offsets into the text as given (snippets highlight
//! the original spelling, so offsets must never point into a normalised copy).

/// A word of the original text: its byte range and its raw spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawWord<'a> {
    pub from: usize,
    pub to: usize,
    pub text: &'a str,
}

/// Whether `c` is an Arabic (or general combining) diacritic: harakat, shadda, sukun,
/// dagger alef (U+0670), Quranic annotation marks, combining Latin accents.
pub fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}'
        | '\u{0300}'..='\u{036F}' | '\u{FE70}' | '\u{FE72}' | '\u{FE74}' | '\u{FE76}'
        | '\u{FE78}' | '\u{FE7A}' | '\u{FE7C}' | '\u{FE7E}')
}

/// Invisible characters that scraped and wire text carries inside or around words:
/// joiners, direction marks and embeddings, the byte-order mark, the soft hyphen. They
/// never separate words (a zero-width space does, see [`is_word_char`]).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{061C}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}')
}

/// Characters that belong to a word: letters (presentation forms included), digits of
/// every system, diacritics, tatweel and invisible marks. Everything else separates
/// words: spaces, the zero-width space, Latin and Arabic punctuation (، ؛ ؟ « » ٪).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c) || is_invisible(c) || c == '\u{0640}'
}

/// Separators that stay inside a number written with them: `3.5`, `1,200`, `٣٫٥`, `١٬٢٠٠`.
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// The words of `text`, in order. A number keeps its decimal and thousands separators
/// when they stand between two digits.
pub fn words(text: &str) -> Vec<RawWord<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let inside = is_word_char(c)
            || (is_number_separator(c)
                && previous.is_some_and(|p| p.is_numeric())
                && chars.peek().is_some_and(|(_, n)| n.is_numeric()));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(RawWord {
                    from: s,
                    to: i,
                    text: &text[s..i],
                });
                start = None;
            }
            _ => {}
        }
        previous = Some(c);
    }
    if let Some(s) = start {
        out.push(RawWord {
            from: s,
            to: text.len(),
            text: &text[s..],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn arabic_punctuation_separates_words() {
        assert_eq!(
            texts("قال،وأضاف؛ هل؟«الاتفاق»"),
            vec!["قال", "وأضاف", "هل", "الاتفاق"]
        );
    }

    #[test]
    fn diacritics_tatweel_and_joiners_stay_inside_the_word() {
        assert_eq!(texts("الحُكُومَة"), vec!["الحُكُومَة"]);
        assert_eq!(texts("الحـــكومة"), vec!["الحـــكومة"]);
        assert_eq!(
            texts("الحكو\u{200C}مة \u{200F}اليوم"),
            vec!["الحكو\u{200C}مة", "\u{200F}اليوم"]
        );
    }

    #[test]
    fn a_zero_width_space_separates_words() {
        assert_eq!(texts("مجلس\u{200B}الوزراء"), vec!["مجلس", "الوزراء"]);
    }

    #[test]
    fn numbers_keep_their_separators_between_digits() {
        assert_eq!(
            texts("نما ٣٫٥ في المئة، أي 1,200 وظيفة."),
            vec!["نما", "٣٫٥", "في", "المئة", "أي", "1,200", "وظيفة"]
        );
        assert_eq!(texts("عام 2024."), vec!["عام", "2024"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "«خبر» عاجل";
        let w = words(text);
        assert_eq!(&text[w[0].from..w[0].to], "خبر");
        assert_eq!(&text[w[1].from..w[1].to], "عاجل");
    }
}
