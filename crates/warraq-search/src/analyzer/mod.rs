//! The Arabic analyzer: one tantivy tokenizer that cuts, normalises, drops stop words and
//! stems, used for indexing and for queries alike so that both sides always agree.
//!
//! Each rule lives in its own module with its tests: [`segment`] (words and their
//! offsets), [`normalize`] (one spelling per word), [`stopwords`], [`stem`] (light
//! stemming, broken plurals, name variants).

pub mod lexicon;
pub mod normalize;
pub mod segment;
pub mod stem;
pub mod stopwords;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

pub use normalize::{normalize_word, normalized};
pub use stem::{StemRules, stems};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "warraq_ar";

/// Bumped whenever a rule changes what a word indexes as: an index written by another
/// version is rebuilt (queries and documents must be analysed alike).
pub const ANALYZER_VERSION: u32 = 1;

/// Longest token kept, in bytes (a URL or a run of letters is not a word anyone types).
const MAX_TOKEN_BYTES: usize = 80;

/// What the analyzer does; [`AnalyzerConfig::default`] is warraq's analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzerConfig {
    pub stop_words: bool,
    pub rules: StemRules,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            stop_words: true,
            rules: StemRules::default(),
        }
    }
}

/// The tokenizer: words of the original text (offsets for highlighting), each normalised,
/// stop words dropped, then stemmed. A word with several readings gives several tokens at
/// the same position.
#[derive(Debug, Clone, Default)]
pub struct ArabicTokenizer {
    config: AnalyzerConfig,
    tokens: Vec<Token>,
}

impl ArabicTokenizer {
    pub fn new(config: AnalyzerConfig) -> Self {
        ArabicTokenizer {
            config,
            tokens: Vec::new(),
        }
    }
}

/// warraq's analyzer, ready to register.
pub fn arabic_analyzer() -> TextAnalyzer {
    analyzer_with(AnalyzerConfig::default())
}

/// An analyzer with some rules switched off (for the evaluation).
pub fn analyzer_with(config: AnalyzerConfig) -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::new(config)).build()
}

/// The stems of `text` as the index sees them, one inner list per word position.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Vec<String>> {
    let mut positions: Vec<Vec<String>> = Vec::new();
    let mut last = usize::MAX;
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.position != last || positions.is_empty() {
            positions.push(Vec::new());
            last = token.position;
        }
        if let Some(p) = positions.last_mut() {
            p.push(token.text.clone());
        }
    }
    positions
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        let mut word = String::new();
        let mut position = 0usize;
        for raw in segment::words(text) {
            normalize_word(raw.text, &mut word);
            // A ligature may have unfolded into several words.
            for part in word.split(' ').filter(|p| !p.is_empty()) {
                if part.len() > MAX_TOKEN_BYTES {
                    continue;
                }
                if self.config.stop_words && stopwords::is_stop_word(raw.text, part) {
                    // Keep the gap: positions still count the word.
                    position += 1;
                    continue;
                }
                for stem in stems(part, self.config.rules) {
                    self.tokens.push(Token {
                        offset_from: raw.from,
                        offset_to: raw.to,
                        position,
                        text: stem,
                        position_length: 1,
                    });
                }
                position += 1;
            }
        }
        VecTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// The tokens of one text, computed up front.
pub struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.saturating_sub(1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<Vec<String>> {
        analyze(&mut arabic_analyzer(), text)
    }

    fn flat(text: &str) -> Vec<String> {
        terms(text).into_iter().flatten().collect()
    }

    #[test]
    fn scraped_spelling_and_clean_spelling_index_alike() {
        // Presentation forms, a Persian yeh, a zero-width non-joiner, tatweel and harakat.
        let scraped =
            "\u{FE8D}\u{FEDF}\u{FEA4}\u{FEDC}\u{FEEE}\u{FEE3}\u{FE94} تعلن الموازنة‌ الســنویة";
        let clean = "الحكومة تعلن الموازنة السنوية";
        assert_eq!(terms(scraped), terms(clean));
    }

    #[test]
    fn stop_words_are_dropped_but_keep_their_position() {
        let t = terms("وصل الوزير إلى القاهرة");
        assert_eq!(t.len(), 3);
        let stream: Vec<usize> = {
            let mut a = arabic_analyzer();
            let mut s = a.token_stream("وصل الوزير إلى القاهرة");
            let mut v = Vec::new();
            while let Some(tok) = s.next() {
                v.push(tok.position);
            }
            v
        };
        assert_eq!(stream.last(), Some(&3));
    }

    #[test]
    fn a_stop_word_only_text_gives_no_token() {
        assert!(terms("في من إلى على التي").is_empty());
        assert!(terms("").is_empty());
        assert!(terms("، ؛ ؟ «»").is_empty());
    }

    #[test]
    fn numbers_in_every_digit_system_index_alike() {
        assert_eq!(flat("٢٠٢٤"), flat("2024"));
        assert_eq!(flat("۲۰۲۴"), vec!["2024"]);
        assert_eq!(flat("٣٫٥"), vec!["3.5"]);
        assert_eq!(flat("١٬٢٠٠"), flat("1,200"));
    }

    #[test]
    fn highlighting_offsets_cover_the_original_word() {
        let text = "«الحُكومة» تعلن";
        let mut a = arabic_analyzer();
        let mut s = a.token_stream(text);
        let first = s.next().cloned().expect("a token");
        assert_eq!(&text[first.offset_from..first.offset_to], "الحُكومة");
    }

    #[test]
    fn a_ligature_of_several_words_gives_several_tokens() {
        // ﷺ is four words in one code point (one of them a stop word).
        assert!(terms("\u{FDFA}").len() >= 3);
    }
}
