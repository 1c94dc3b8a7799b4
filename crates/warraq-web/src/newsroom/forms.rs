//! What people type into the newsroom's forms, read the way they mean it: numbers and
//! times in Western, Arabic-Indic or Eastern Arabic-Indic digits, lists separated by
//! Latin or Arabic commas, times in the site's time zone.

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::Serialize;
use warraq_domain::arabic::to_western_digits;

use super::error::PageError;

/// The value of `name` among a form's fields (the first one).
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Every value of `name` (checkboxes, multiple selects).
pub fn fields<'a>(pairs: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A whole number in any digit system; `None` when empty.
pub fn number(name: &'static str, text: &str) -> Result<Option<i64>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    warraq_domain::arabic::parse_number(text)
        .and_then(|n| i64::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| PageError::bad_input(name, "a whole number"))
}

/// Items separated by `,`, `،`, `;`, `؛` or new lines, trimmed, empty ones left out.
pub fn list(text: &str) -> Vec<String> {
    text.split([',', '،', ';', '؛', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A local time of the site, `YYYY-MM-DD HH:MM` (or with `T`, as `datetime-local` sends
/// it; seconds optional), in any digit system; `None` when empty.
pub fn local_time(
    name: &'static str,
    text: &str,
    offset: FixedOffset,
) -> Result<Option<DateTime<Utc>>, PageError> {
    let text = to_western_digits(text.trim()).replace('T', " ");
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || PageError::bad_input(name, "a time written YYYY-MM-DD HH:MM");
    let naive = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
        .ok_or_else(bad)?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or_else(bad)
}

/// `at` as a form's value (`YYYY-MM-DDTHH:MM` in the site's time zone).
pub fn local_input(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// `UTC+03:00`, for hints next to time fields.
pub fn offset_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("UTC{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// A time for people (`2025-03-01 14:30` in the site's zone) and for `<time datetime>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Moment {
    pub iso: String,
    pub text: String,
}

impl Moment {
    pub fn new(at: DateTime<Utc>, offset: FixedOffset) -> Moment {
        let local = at.with_timezone(&offset);
        Moment {
            iso: local.to_rfc3339_opts(SecondsFormat::Secs, false),
            text: local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_the_site_zone_in_either_digit_system() {
        let riyadh = FixedOffset::east_opt(3 * 3600).unwrap();
        let expected = Utc.with_ymd_and_hms(2025, 3, 1, 11, 30, 0).unwrap();
        for text in [
            "2025-03-01T14:30",
            "2025-03-01 14:30",
            "٢٠٢٥-٠٣-٠١ ١٤:٣٠",
            "۲۰۲۵-۰۳-۰۱T۱۴:۳۰",
            " 2025-03-01T14:30:00 ",
        ] {
            assert_eq!(
                local_time("at", text, riyadh).unwrap(),
                Some(expected),
                "{text}"
            );
        }
        assert_eq!(local_time("at", "", riyadh).unwrap(), None);
        assert!(local_time("at", "غداً", riyadh).is_err());
        assert_eq!(local_input(expected, riyadh), "2025-03-01T14:30");
        assert_eq!(offset_label(riyadh), "UTC+03:00");
    }

    #[test]
    fn lists_split_on_latin_and_arabic_separators() {
        assert_eq!(list("AFP، رويترز, ; \nواس"), ["AFP", "رويترز", "واس"]);
        assert_eq!(number("n", "١٢").unwrap(), Some(12));
        assert_eq!(number("n", " ").unwrap(), None);
        assert!(number("n", "x").is_err());
    }
}
