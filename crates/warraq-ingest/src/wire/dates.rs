//! Publication-date hints in wire text.
//!
//! The rule: the latest full date (`30 أكتوبر 2024`, `٣٠ تشرين الأول ٢٠٢٤`) written in the
//! hero caption is the base — a photo is dated on or before the story it illustrates; when
//! the caption has none, the latest full date in the body is used. When the first
//! paragraph names a weekday (`أعلنت السلطات، الأربعاء، ...`), the proposal moves to the
//! first day on or after the base that falls on that weekday (0 to 6 days later): the lead
//! names the story's own day, which is in the week following the photo. A weekday alone,
//! with no full date, proposes nothing: it cannot say which week.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use warraq_domain::arabic::fold_for_matching;

use super::words::folded_words;

/// Month names, with the numbers they stand for: Gulf and Egyptian (يناير), Levantine and
/// Iraqi (كانون الثاني), Maghrebi (جانفي, شتنبر) spellings.
const MONTHS: [(&str, u32); 38] = [
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
    ("جانفي", 1),
    ("فيفري", 2),
    ("أفريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("يوليوز", 7),
    ("أوت", 8),
    ("غشت", 8),
    ("شتنبر", 9),
    ("دجنبر", 12),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("السبت", Weekday::Sat),
    ("الأحد", Weekday::Sun),
    ("الاثنين", Weekday::Mon),
    ("الثلاثاء", Weekday::Tue),
    ("الأربعاء", Weekday::Wed),
    ("الخميس", Weekday::Thu),
    ("الجمعة", Weekday::Fri),
];

/// Month names split into folded words, two-word names first so `تشرين الأول` is not read
/// as a lone `تشرين`.
static FOLDED_MONTHS: LazyLock<Vec<(Vec<String>, u32)>> = LazyLock::new(|| {
    let mut months: Vec<(Vec<String>, u32)> = MONTHS
        .iter()
        .map(|(name, n)| {
            (
                fold_for_matching(name)
                    .split(' ')
                    .map(str::to_string)
                    .collect(),
                *n,
            )
        })
        .collect();
    months.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    months
});

static FOLDED_WEEKDAYS: LazyLock<Vec<(String, Weekday)>> = LazyLock::new(|| {
    WEEKDAYS
        .iter()
        .map(|(name, day)| (fold_for_matching(name), *day))
        .collect()
});

/// The proposed publication day, following the rule in the module documentation.
pub fn proposed_day(caption: &str, body: &[String]) -> Option<NaiveDate> {
    let base = full_dates(caption)
        .into_iter()
        .max()
        .or_else(|| body.iter().flat_map(|p| full_dates(p)).max())?;
    let Some(weekday) = body.first().and_then(|p| first_weekday(p)) else {
        return Some(base);
    };
    (0..7u64)
        .filter_map(|d| base.checked_add_days(Days::new(d)))
        .find(|day| day.weekday() == weekday)
}

/// Every `day month year` date written in `text`, in either digit system. A second month
/// name right after the first (`تشرين الأول (أكتوبر)`) is allowed when it names the same month.
pub fn full_dates(text: &str) -> Vec<NaiveDate> {
    let words = folded_words(text);
    let mut dates = Vec::new();
    for start in 0..words.len() {
        let Some(day) = number_in(&words[start], 1, 31) else {
            continue;
        };
        let Some((month, mut next)) = month_at(&words, start + 1) else {
            continue;
        };
        if let Some((same, after)) = month_at(&words, next)
            && same == month
        {
            next = after;
        }
        let year = words.get(next).and_then(|w| number_in(w, 1000, 9999));
        if let Some(date) = year.and_then(|y| NaiveDate::from_ymd_opt(y as i32, month, day)) {
            dates.push(date);
        }
    }
    dates
}

/// The first weekday word (`الأربعاء`, `الإثنين`) in `text`.
pub fn first_weekday(text: &str) -> Option<Weekday> {
    folded_words(text).iter().find_map(|w| {
        FOLDED_WEEKDAYS
            .iter()
            .find(|(name, _)| name == w)
            .map(|(_, day)| *day)
    })
}

fn month_at(words: &[String], at: usize) -> Option<(u32, usize)> {
    FOLDED_MONTHS.iter().find_map(|(name, n)| {
        let end = at.checked_add(name.len())?;
        (words.get(at..end)? == name.as_slice()).then_some((*n, end))
    })
}

fn number_in(word: &str, min: u32, max: u32) -> Option<u32> {
    if word.len() > 4 || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|n| (min..=max).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dates_are_read_in_gulf_levantine_and_maghrebi_spellings_and_both_digit_systems() {
        assert_eq!(
            full_dates("لقطة في 30 أكتوبر 2024 (إ.ب.أ)"),
            [day(2024, 10, 30)]
        );
        assert_eq!(full_dates("في ٣ تشرين الثاني ٢٠٢٣"), [day(2023, 11, 3)]);
        assert_eq!(
            full_dates("يوم 12 تشرين الأول (أكتوبر) 2022"),
            [day(2022, 10, 12)]
        );
        assert_eq!(
            full_dates("الرباط 5 شتنبر 2021 و7 ابريل 2020"),
            [day(2021, 9, 5), day(2020, 4, 7)]
        );
        assert!(full_dates("في 31 فبراير 2024 و30 أكتوبر فقط وعام 2020").is_empty());
    }

    #[test]
    fn a_weekday_in_the_lead_moves_the_caption_date_forward_within_the_week() {
        // 28 October 2024 was a Monday; the lead says Wednesday.
        let body = vec!["أعلنت الوزارة، الأربعاء، عن خطة".to_string()];
        assert_eq!(
            proposed_day("صورة من 28 أكتوبر 2024", &body),
            Some(day(2024, 10, 30))
        );
        // Same weekday: the caption day itself.
        assert_eq!(
            proposed_day("صورة من 30 أكتوبر 2024", &body),
            Some(day(2024, 10, 30))
        );
    }

    #[test]
    fn the_caption_date_wins_over_body_dates_and_a_weekday_alone_proposes_nothing() {
        let body = vec!["قال الإثنين إن الانتخابات في 5 نوفمبر 2024".to_string()];
        assert_eq!(
            proposed_day("صورة 1 أكتوبر 2024", &body),
            Some(day(2024, 10, 7))
        );
        assert_eq!(
            proposed_day("صورة بلا تاريخ", &body),
            Some(day(2024, 11, 11))
        );
        let weekday_only = vec!["أعلن الثلاثاء عن خطة".to_string()];
        assert_eq!(proposed_day("صورة", &weekday_only), None);
    }
}
