//! Dates as readers see them: in the site's time zone, in Gregorian and Hijri (Umm
//! al-Qura) form, with the machine-readable RFC 3339 value for `<time datetime>`.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::Serialize;
use warraq_domain::arabic::{format_gregorian, format_hijri};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    /// RFC 3339 in the site's offset (`2024-10-30T12:00:00+03:00`).
    pub iso: String,
    /// `الأربعاء 30 أكتوبر 2024`.
    pub gregorian: String,
    /// `27 ربيع الآخر 1446 هـ`; absent outside the calendar's range.
    pub hijri: Option<String>,
}

impl DateView {
    pub fn new(at: DateTime<Utc>, offset: FixedOffset) -> Self {
        let local = at.with_timezone(&offset);
        DateView {
            iso: rfc3339(at, offset),
            gregorian: format_gregorian(&local),
            hijri: format_hijri(&local),
        }
    }
}

pub fn rfc3339(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_evening_utc_time_is_the_next_day_in_riyadh() {
        let at = DateTime::parse_from_rfc3339("2024-10-29T22:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let view = DateView::new(at, FixedOffset::east_opt(3 * 3600).unwrap());
        assert_eq!(view.iso, "2024-10-30T01:30:00+03:00");
        assert_eq!(view.gregorian, "الأربعاء 30 أكتوبر 2024");
        assert_eq!(view.hijri.as_deref(), Some("27 ربيع الآخر 1446 هـ"));
    }
}
