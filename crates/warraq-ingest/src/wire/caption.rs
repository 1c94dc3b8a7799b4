//! A photo caption and its credit: `... في موسكو 30 أكتوبر 2024 (إ.ب.أ)` is a caption and
//! the EPA credit; `(أرشيفية - رويترز)` flags an archive photo credited to Reuters.

use warraq_domain::agency::{Agency, find_agency};
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::media::Credit;

/// A caption line taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaptionParts {
    /// The caption without its credit group.
    pub caption: String,
    pub credit: Option<Credit>,
    pub archive: bool,
}

/// Words that mark an archive photo inside a credit group (compared folded).
const ARCHIVE_MARKERS: [&str; 3] = ["أرشيفية", "أرشيف", "صورة أرشيفية"];

/// Splits the final parenthesised group off a caption line and reads it as the credit.
/// A line without a final group is all caption.
pub fn split_caption(line: &str, agencies: &[Agency]) -> CaptionParts {
    let line = line.trim();
    let Some((caption, group)) = final_group(line) else {
        return CaptionParts {
            caption: line.to_string(),
            ..CaptionParts::default()
        };
    };
    let mut archive = false;
    let mut names = Vec::new();
    for part in group
        .split(['-', '–', '—', '/', '،', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if ARCHIVE_MARKERS
            .iter()
            .any(|m| fold_for_matching(m) == fold_for_matching(part))
        {
            archive = true;
        } else {
            names.push(part);
        }
    }
    let credit = credit_from_names(&names, agencies);
    CaptionParts {
        caption: caption.to_string(),
        credit,
        archive,
    }
}

/// The caption before a final `( ... )` group and the group's inside, when the line ends
/// with one. Nested brackets are matched so `(صورة (أرشيفية))` is one group.
pub fn final_group(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_suffix(')')?;
    let mut depth = 0usize;
    for (pos, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((body[..pos].trim_end(), body[pos + 1..].trim())),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn credit_from_names(names: &[&str], agencies: &[Agency]) -> Option<Credit> {
    if names.is_empty() {
        return None;
    }
    let whole = names.join(" - ");
    // Several agencies (`رويترز - أ.ف.ب`) cannot be one credit: the first one named wins,
    // since captions list the photo's own agency first.
    let agency = find_agency(agencies, &whole)
        .or_else(|| names.iter().find_map(|n| find_agency(agencies, n)));
    Some(match agency {
        Some(a) => Credit::Agency {
            code: a.code.clone(),
        },
        None => Credit::Other { name: whole },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use warraq_domain::default_agencies;

    fn agency(code: &str) -> Option<Credit> {
        Some(Credit::Agency { code: code.into() })
    }

    #[test]
    fn agency_credits_become_codes_and_the_caption_loses_the_group() {
        let agencies = default_agencies();
        let parts = split_caption("لقطة لمرفأ بيروت 4 آب 2021 (أ.ف.ب)", &agencies);
        assert_eq!(parts.caption, "لقطة لمرفأ بيروت 4 آب 2021");
        assert_eq!(parts.credit, agency("AFP"));
        assert!(!parts.archive);
        assert_eq!(
            split_caption("حشود في ساحة (إ.ب.أ)", &agencies).credit,
            agency("EPA")
        );
    }

    #[test]
    fn archive_photos_are_flagged_and_other_credits_kept_as_written() {
        let agencies = default_agencies();
        let parts = split_caption("وزير يتحدث (أرشيفية - رويترز)", &agencies);
        assert_eq!(
            (parts.caption.as_str(), parts.credit, parts.archive),
            ("وزير يتحدث", agency("Reuters"), true)
        );
        let other = split_caption("سوق شعبية في جدة («الشرق الأوسط»)", &agencies);
        assert_eq!(
            other.credit,
            Some(Credit::Other {
                name: "«الشرق الأوسط»".into()
            })
        );
        let archive_only = split_caption("مبنى قديم (أرشيفية)", &agencies);
        assert_eq!((archive_only.credit, archive_only.archive), (None, true));
    }

    #[test]
    fn a_line_without_a_final_group_is_all_caption() {
        let agencies = default_agencies();
        assert_eq!(
            split_caption("صورة بلا مصدر", &agencies).caption,
            "صورة بلا مصدر"
        );
        assert_eq!(split_caption("قوس غير مغلق)", &agencies).credit, None);
        assert_eq!(final_group("أ (ب (ج))"), Some(("أ", "ب (ج)")));
    }
}
