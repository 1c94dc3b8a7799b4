//! Normalising marked text without losing the marks: the same text as
//! [`normalize_text`], with every mark moved to where its characters went.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{Mark, normalize_marks};
use crate::arabic::{is_invisible_control, normalize_text};

/// `text` normalised as [`normalize_text`] does, and `marks` moved onto the result, in
/// their canonical form ([`normalize_marks`]).
///
/// Normalisation changes character counts: NFC composes `e` + U+0301 into `é` and
/// `ا` + U+0653 into `آ`, invisible controls go, runs of spaces become one, the ends are
/// trimmed. Each mark boundary follows its character. A boundary that falls inside a
/// character and the combining marks NFC joins to it (between a letter and its accent)
/// moves outwards, so the mark covers the whole composed character. Marks past the end of
/// the text are cut to it; marks left empty (a bold run of spaces) are dropped.
pub fn normalize_marked_text(text: &str, marks: &[Mark]) -> (String, Vec<Mark>) {
    if marks.is_empty() {
        return (normalize_text(text), Vec::new());
    }
    let source: Vec<char> = text.chars().collect();
    let composed = Composed::of(&source);
    let tidied = Tidied::of(&composed.chars);
    let len = source.len();
    let moved: Vec<Mark> = marks
        .iter()
        .filter_map(|m| {
            let start = (m.start as usize).min(len);
            let end = (m.end as usize).min(len);
            let start = tidied.position(composed.start_at[start]);
            let end = tidied.position(composed.end_at[end]);
            (start < end).then(|| Mark::new(start as u32, end as u32, m.kind.clone()))
        })
        .collect();
    let normalised: String = tidied.chars.into_iter().collect();
    debug_assert_eq!(normalised, normalize_text(text));
    (normalised, normalize_marks(&moved))
}

/// The NFC form of the source, and where each source boundary lands in it.
struct Composed {
    chars: Vec<char>,
    /// For a mark starting at source boundary `k`: the boundary in `chars` (moved back to
    /// the start of the composed character when `k` falls inside one).
    start_at: Vec<usize>,
    /// For a mark ending at `k`: moved forward to the end of the composed character.
    end_at: Vec<usize>,
}

impl Composed {
    /// NFC, one cluster at a time: a cluster starts at a character that nothing before it
    /// can compose with or reorder around (canonical combining class 0 and NFC quick check
    /// `Yes`, Unicode's "boundary before"), so composing the clusters one by one gives the
    /// NFC of the whole and tells which source characters each composed one came from.
    fn of(source: &[char]) -> Self {
        let mut chars = Vec::with_capacity(source.len());
        let mut start_at = vec![0; source.len() + 1];
        let mut end_at = vec![0; source.len() + 1];
        let mut cluster_start = 0;
        for i in 1..=source.len() {
            if i < source.len() && !starts_cluster(source[i]) {
                continue;
            }
            let before = chars.len();
            chars.extend(source[cluster_start..i].iter().copied().nfc());
            let after = chars.len();
            start_at[cluster_start] = before;
            end_at[cluster_start] = before;
            for k in cluster_start + 1..i {
                start_at[k] = before;
                end_at[k] = after;
            }
            cluster_start = i;
        }
        start_at[source.len()] = chars.len();
        end_at[source.len()] = chars.len();
        Self {
            chars,
            start_at,
            end_at,
        }
    }
}

fn starts_cluster(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// The composed text tidied as [`normalize_text`] tidies it (invisible controls dropped,
/// whitespace runs as one space, line breaks kept, ends trimmed), each output character
/// remembering the composed character it comes from.
struct Tidied {
    chars: Vec<char>,
    /// For each output character, its index among the composed characters; a collapsed
    /// space counts as coming from the first whitespace of its run. Never decreasing.
    from: Vec<usize>,
    /// Output characters before the kept ones (leading line breaks, trimmed).
    trimmed_front: usize,
}

impl Tidied {
    fn of(composed: &[char]) -> Self {
        let mut out: Vec<(char, usize)> = Vec::with_capacity(composed.len());
        let mut pending_space: Option<usize> = None;
        for (j, &c) in composed.iter().enumerate() {
            if is_invisible_control(c) {
                continue;
            }
            if c == '\n' {
                while out.last().is_some_and(|(c, _)| *c == ' ') {
                    out.pop();
                }
                out.push(('\n', j));
                pending_space = None;
                continue;
            }
            if c.is_whitespace() {
                let may_space = out.last().is_some_and(|(c, _)| *c != '\n');
                pending_space = if may_space {
                    pending_space.or(Some(j))
                } else {
                    None
                };
                continue;
            }
            if let Some(space) = pending_space.take() {
                out.push((' ', space));
            }
            out.push((c, j));
        }
        let trimmed_front = out.iter().take_while(|(c, _)| c.is_whitespace()).count();
        let kept_end = out.len()
            - out
                .iter()
                .rev()
                .take_while(|(c, _)| c.is_whitespace())
                .count();
        let kept = &out[trimmed_front..kept_end.max(trimmed_front)];
        Self {
            chars: kept.iter().map(|(c, _)| *c).collect(),
            from: out.iter().map(|(_, j)| *j).collect(),
            trimmed_front,
        }
    }

    /// The output boundary for composed boundary `j`: how many kept characters come from
    /// composed characters before `j`.
    fn position(&self, j: usize) -> usize {
        let before = self.from.partition_point(|&from| from < j);
        before
            .saturating_sub(self.trimmed_front)
            .min(self.chars.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::MarkKind;

    fn marked(text: &str, marks: &[Mark]) -> (String, Vec<(String, MarkKind)>) {
        let (text, marks) = normalize_marked_text(text, marks);
        let chars: Vec<char> = text.chars().collect();
        let spans = marks
            .iter()
            .map(|m| {
                (
                    chars[m.start as usize..m.end as usize].iter().collect(),
                    m.kind.clone(),
                )
            })
            .collect();
        (text, spans)
    }

    #[test]
    fn collapsed_spaces_and_trimmed_ends_keep_marks_on_their_words() {
        // "  قال   الوزير  " with «الوزير» in bold.
        let text = "  قال   الوزير  ";
        let (normalised, spans) = marked(text, &[Mark::strong(8, 14)]);
        assert_eq!(normalised, "قال الوزير");
        assert_eq!(spans, vec![("الوزير".to_string(), MarkKind::Strong)]);
        // A mark that starts on the spaces keeps the one space left.
        let (_, spans) = marked(text, &[Mark::emphasis(5, 14)]);
        assert_eq!(spans, vec![(" الوزير".to_string(), MarkKind::Emphasis)]);
        // A mark over trimmed spaces only is gone.
        assert_eq!(marked(text, &[Mark::strong(14, 16)]).1, vec![]);
    }

    #[test]
    fn composed_characters_carry_their_marks() {
        // e + combining acute is one character after NFC: a mark after it moves back by one.
        let text = "cafe\u{301} noir";
        let (normalised, spans) = marked(text, &[Mark::strong(6, 10), Mark::emphasis(0, 5)]);
        assert_eq!(normalised, "caf\u{e9} noir");
        assert_eq!(
            spans,
            vec![
                ("caf\u{e9}".to_string(), MarkKind::Emphasis),
                ("noir".to_string(), MarkKind::Strong),
            ]
        );
        // A boundary between a letter and its accent widens the mark to the whole letter.
        let (_, spans) = marked(text, &[Mark::strong(4, 5)]);
        assert_eq!(spans, vec![("\u{e9}".to_string(), MarkKind::Strong)]);
        // Alef + madda above compose to آ.
        let (normalised, spans) = marked("ا\u{653}ذار شهر", &[Mark::link(0, 5, "/a")]);
        assert_eq!(normalised, "آذار شهر");
        assert_eq!(
            spans,
            vec![("آذار".to_string(), MarkKind::Link { href: "/a".into() })]
        );
    }

    #[test]
    fn invisible_controls_and_line_breaks_are_counted_like_the_text() {
        let text = "\u{200F}أ\u{200B}ب \n ج\r\nد";
        let (normalised, spans) = marked(text, &[Mark::strong(6, 11)]);
        assert_eq!(normalised, "أب\nج\nد");
        assert_eq!(spans, vec![("ج\nد".to_string(), MarkKind::Strong)]);
    }

    #[test]
    fn the_text_is_always_what_normalize_text_gives() {
        let samples = [
            "",
            "   ",
            "\n\n a \n",
            "x\u{200D}\u{301}y",
            "\u{1100}\u{1161}\u{11A8} 한",
            "\u{0B47}\u{0B3E} \u{0DD9}\u{0DCF}",
            "كتب\u{651}\u{64E} \u{640} «قال»\u{00A0}\u{2003}هنا\t\tو",
            "a\u{328}\u{301}\u{323} \u{1E0B}\u{323}",
            "\u{FEFF}\u{202B}نص\u{202C}\u{00AD}",
        ];
        for text in samples {
            let len = text.chars().count() as u32;
            let marks: Vec<Mark> = (0..=len)
                .flat_map(|s| (s..=len + 1).map(move |e| Mark::strong(s, e)))
                .collect();
            let (normalised, moved) = normalize_marked_text(text, &marks);
            assert_eq!(normalised, normalize_text(text), "{text:?}");
            let out_len = normalised.chars().count() as u32;
            assert!(
                moved.iter().all(|m| m.start < m.end && m.end <= out_len),
                "{text:?}: {moved:?}"
            );
        }
    }
}
