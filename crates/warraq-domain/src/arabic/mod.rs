//! Arabic text handling shared by every part of warraq.
//!
//! Two kinds of normalisation are kept apart on purpose:
//! - [`normalize_text`] is what we *store*: Unicode NFC, stray control characters removed,
//!   whitespace tidied. It never changes how a word is spelled.
//! - [`fold_for_matching`] is what we *compare*: hamza forms, alef maqsura, taa marbuta,
//!   diacritics, tatweel and digit systems folded, so `إستراتيجية` finds `استراتيجيه`.

mod dates;
mod digits;
mod normalize;
mod slug;

pub use dates::{
    HijriDate, format_gregorian, format_hijri, gregorian_month_name, hijri_month_name, to_hijri,
    weekday_name,
};
pub use digits::{parse_number, to_arabic_indic_digits, to_western_digits};
pub(crate) use normalize::is_invisible_control;
pub use normalize::{fold_for_matching, is_arabic_letter, normalize_text};
pub use slug::slugify;
