/// Replaces Arabic-Indic (`٠-٩`) and Eastern Arabic-Indic (`۰-۹`) digits by Western digits,
/// and the Arabic decimal and thousands separators by `.` and `,`.
pub fn to_western_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            _ => c,
        })
        .collect()
}

/// Writes Western digits as Arabic-Indic digits (`2024` → `٢٠٢٤`).
pub fn to_arabic_indic_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Parses a non-negative integer written in Western, Arabic-Indic or Eastern Arabic-Indic
/// digits (thousands separators `,` `٬` allowed). `None` for anything else or on overflow.
pub fn parse_number(text: &str) -> Option<u64> {
    let western = to_western_digits(text.trim());
    let digits: String = western.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_digit_systems_parse_to_the_same_number() {
        assert_eq!(parse_number("2024"), Some(2024));
        assert_eq!(parse_number("٢٠٢٤"), Some(2024));
        assert_eq!(parse_number("۲۰۲۴"), Some(2024));
        assert_eq!(parse_number("3,500"), Some(3500));
        assert_eq!(parse_number("٣٬٥٠٠"), Some(3500));
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("99999999999999999999999"), None);
    }

    #[test]
    fn western_digits_write_as_arabic_indic() {
        assert_eq!(to_arabic_indic_digits("30 أكتوبر 2024"), "٣٠ أكتوبر ٢٠٢٤");
    }
}
