//! The analyzers warraq's is measured against: tantivy's default (no normalisation, no
//! stemming), a Lucene `ArabicAnalyzer`-like light10, and tantivy's Snowball Arabic.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};
use warraq_search::analyzer::segment::words;
use warraq_search::analyzer::stopwords::is_stop_word;

/// tantivy's `default` tokenizer: words of letters and digits, lower-cased. A diacritic
/// splits a word, nothing is folded.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Words as a Unicode word segmenter (Lucene's StandardTokenizer) sees them: diacritics
/// and invisible marks stay inside the word; lower-cased, nothing else.
#[derive(Clone, Default)]
pub struct RawWords {
    tokens: Vec<Token>,
    lucene: bool,
}

/// Snowball Arabic (tantivy's `Stemmer`, Language::Arabic) over Unicode words. tantivy
/// has no Arabic stop words.
pub fn snowball() -> TextAnalyzer {
    TextAnalyzer::builder(RawWords::default())
        .filter(Stemmer::new(Language::Arabic))
        .build()
}

/// Lucene's ArabicAnalyzer: Unicode words, lower case, decimal digits, stop words (ours,
/// on the word as written), ArabicNormalizer, ArabicStemmer (light10).
pub fn light10() -> TextAnalyzer {
    TextAnalyzer::builder(RawWords {
        tokens: Vec::new(),
        lucene: true,
    })
    .build()
}

/// Lucene's ArabicNormalizer: alef forms, dotless yeh, teh marbuta; tatweel and harakat
/// (fathatan to sukun) removed.
fn lucene_normalize(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            'آ' | 'أ' | 'إ' => Some('ا'),
            'ى' => Some('ي'),
            'ة' => Some('ه'),
            '\u{0640}' | '\u{064B}'..='\u{0652}' => None,
            _ => Some(c),
        })
        .collect()
}

/// Lucene's DecimalDigitFilter: every decimal digit as ASCII.
fn decimal_digits(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

const PREFIXES: &[&str] = &["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// Lucene's ArabicStemmer (light10): one prefix, then each suffix in turn.
pub fn light10_stem(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    for p in PREFIXES {
        let p: Vec<char> = p.chars().collect();
        let long_enough = if p.len() == 1 {
            chars.len() >= 4
        } else {
            chars.len() >= p.len() + 2
        };
        if long_enough && chars.starts_with(&p) {
            chars.drain(..p.len());
            break;
        }
    }
    for s in SUFFIXES {
        let s: Vec<char> = s.chars().collect();
        if chars.len() >= s.len() + 2 && chars.ends_with(&s) {
            chars.truncate(chars.len() - s.len());
        }
    }
    chars.into_iter().collect()
}

impl Tokenizer for RawWords {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        self.tokens.clear();
        for (position, word) in words(text).into_iter().enumerate() {
            let lower = word.text.to_lowercase();
            let text = if self.lucene {
                let digits = decimal_digits(&lower);
                if is_stop_word(&digits, &lucene_normalize(&digits)) {
                    continue;
                }
                light10_stem(&lucene_normalize(&digits))
            } else {
                lower
            };
            self.tokens.push(Token {
                offset_from: word.from,
                offset_to: word.to,
                position,
                text,
                position_length: 1,
            });
        }
        Tokens {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

pub struct Tokens<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[test]
fn light10_strips_one_prefix_then_each_suffix() {
    assert_eq!(light10_stem("والكتابه"), "كتاب");
    assert_eq!(light10_stem("وزير"), "زير");
    assert_eq!(light10_stem("الوزير"), "وزير");
}
