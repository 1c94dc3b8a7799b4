use chrono::{DateTime, Datelike, FixedOffset, Weekday};
use icu_calendar::Date;
use icu_calendar::cal::Hijri;

/// Gregorian month names as written in Saudi and Gulf newsrooms (يناير ... ديسمبر).
const GREGORIAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

const HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// The Arabic name of a Gregorian month, 1-based (`10` → `أكتوبر`).
pub fn gregorian_month_name(month: u32) -> Option<&'static str> {
    GREGORIAN_MONTHS
        .get(month.checked_sub(1)? as usize)
        .copied()
}

/// The Arabic name of a Hijri month, 1-based (`9` → `رمضان`).
pub fn hijri_month_name(month: u8) -> Option<&'static str> {
    HIJRI_MONTHS.get(month.checked_sub(1)? as usize).copied()
}

/// The Arabic name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Sat => "السبت",
        Weekday::Sun => "الأحد",
        Weekday::Mon => "الاثنين",
        Weekday::Tue => "الثلاثاء",
        Weekday::Wed => "الأربعاء",
        Weekday::Thu => "الخميس",
        Weekday::Fri => "الجمعة",
    }
}

/// A date in the Umm al-Qura calendar, the official Hijri calendar of Saudi Arabia.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HijriDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Converts a Gregorian calendar day to Umm al-Qura. `None` outside the calendar's range.
pub fn to_hijri(year: i32, month: u32, day: u32) -> Option<HijriDate> {
    let iso = Date::try_new_iso(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()?;
    let hijri = iso.to_calendar(Hijri::new_umm_al_qura());
    Some(HijriDate {
        year: hijri.era_year().year,
        month: hijri.month().ordinal,
        day: hijri.day_of_month().0,
    })
}

/// `الأربعاء 30 أكتوبر 2024` for a time in the reader's (the site's) time zone.
pub fn format_gregorian(at: &DateTime<FixedOffset>) -> String {
    format!(
        "{} {} {} {}",
        weekday_name(at.weekday()),
        at.day(),
        gregorian_month_name(at.month()).unwrap_or(""),
        at.year()
    )
}

/// `27 ربيع الآخر 1446 هـ` for the same day in Umm al-Qura.
pub fn format_hijri(at: &DateTime<FixedOffset>) -> Option<String> {
    let h = to_hijri(at.year(), at.month(), at.day())?;
    Some(format!(
        "{} {} {} هـ",
        h.day,
        hijri_month_name(h.month)?,
        h.year
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umm_al_qura_conversion_matches_published_tables() {
        // 30 October 2024 was 27 Rabi' al-Akhir 1446 in Umm al-Qura.
        assert_eq!(
            to_hijri(2024, 10, 30),
            Some(HijriDate {
                year: 1446,
                month: 4,
                day: 27
            })
        );
        // 1 Shawwal 1445 (Eid al-Fitr) fell on 10 April 2024.
        assert_eq!(
            to_hijri(2024, 4, 10),
            Some(HijriDate {
                year: 1445,
                month: 10,
                day: 1
            })
        );
        assert_eq!(to_hijri(2024, 13, 1), None);
    }

    #[test]
    fn dates_are_written_in_arabic() {
        let at = DateTime::parse_from_rfc3339("2024-10-30T12:00:00+03:00").unwrap();
        assert_eq!(format_gregorian(&at), "الأربعاء 30 أكتوبر 2024");
        assert_eq!(format_hijri(&at).unwrap(), "27 ربيع الآخر 1446 هـ");
    }
}
