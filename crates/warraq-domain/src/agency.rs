//! News agencies as data. A credit such as `(إ.ب.أ)` or an attribution such as
//! `وفق «وكالة الصحافة الفرنسية»` is matched against these records, so the photo credit and
//! the wire source are structured, not strings glued to the text.

use serde::{Deserialize, Serialize};

use crate::arabic::fold_for_matching;

/// A news agency: its stable code (`AFP`), the short credit form used in captions
/// (`أ.ف.ب`), its full Arabic and English names and further spellings met in copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub short_ar: String,
    pub name_ar: String,
    pub name_en: String,
    /// Other spellings (Arabic or Latin) that name this agency in captions or attributions.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Agency {
    /// Every spelling by which this agency may be credited.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        [
            self.code.as_str(),
            self.short_ar.as_str(),
            self.name_ar.as_str(),
            self.name_en.as_str(),
        ]
        .into_iter()
        .chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether `text` (a credit or the name inside an attribution) names this agency.
    /// Comparison ignores hamza forms, diacritics, dots spacing and Latin case.
    pub fn is_named_by(&self, text: &str) -> bool {
        let wanted = fold_credit(text);
        !wanted.is_empty() && self.spellings().any(|s| fold_credit(s) == wanted)
    }
}

/// Finds the agency that `text` names, if any.
pub fn find_agency<'a>(agencies: &'a [Agency], text: &str) -> Option<&'a Agency> {
    agencies.iter().find(|a| a.is_named_by(text))
}

fn fold_credit(text: &str) -> String {
    fold_for_matching(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '«' && *c != '»' && *c != '"')
        .collect::<String>()
        .to_lowercase()
}

/// The agencies a new site knows. Operators may add more in the store.
pub fn default_agencies() -> Vec<Agency> {
    let a = |code: &str, short: &str, ar: &str, en: &str, aliases: &[&str]| Agency {
        code: code.into(),
        short_ar: short.into(),
        name_ar: ar.into(),
        name_en: en.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        a(
            "EPA",
            "إ.ب.أ",
            "وكالة الصحافة الأوروبية",
            "European Pressphoto Agency",
            &["إي بي إيه", "EPA-EFE"],
        ),
        a(
            "AFP",
            "أ.ف.ب",
            "وكالة الصحافة الفرنسية",
            "Agence France-Presse",
            &["فرانس برس", "أ ف ب", "ا ف ب"],
        ),
        a(
            "Reuters",
            "رويترز",
            "وكالة رويترز",
            "Reuters",
            &["رويترز للأنباء"],
        ),
        a(
            "AP",
            "أ.ب",
            "وكالة أسوشييتد برس",
            "Associated Press",
            &["أسوشييتد برس", "ا ب"],
        ),
        a(
            "SPA",
            "واس",
            "وكالة الأنباء السعودية",
            "Saudi Press Agency",
            &[],
        ),
        a(
            "dpa",
            "د.ب.أ",
            "وكالة الأنباء الألمانية",
            "Deutsche Presse-Agentur",
            &["د ب أ"],
        ),
        a(
            "WAM",
            "وام",
            "وكالة أنباء الإمارات",
            "Emirates News Agency",
            &[],
        ),
        a(
            "MENA",
            "أ.ش.أ",
            "وكالة أنباء الشرق الأوسط",
            "Middle East News Agency",
            &[],
        ),
        a(
            "QNA",
            "قنا",
            "وكالة الأنباء القطرية",
            "Qatar News Agency",
            &[],
        ),
        a(
            "KUNA",
            "كونا",
            "وكالة الأنباء الكويتية",
            "Kuwait News Agency",
            &[],
        ),
        a("Anadolu", "الأناضول", "وكالة الأناضول", "Anadolu Agency", &[]),
        a(
            "Getty",
            "غيتي",
            "غيتي إيمجز",
            "Getty Images",
            &["Getty Images"],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_in_captions_name_their_agency() {
        let agencies = default_agencies();
        assert_eq!(find_agency(&agencies, "إ.ب.أ").unwrap().code, "EPA");
        assert_eq!(find_agency(&agencies, "أ.ف.ب").unwrap().code, "AFP");
        assert_eq!(find_agency(&agencies, "ا.ف.ب").unwrap().code, "AFP");
        assert_eq!(find_agency(&agencies, "رويترز").unwrap().code, "Reuters");
        assert_eq!(
            find_agency(&agencies, "«وكالة الصحافة الفرنسية»")
                .unwrap()
                .code,
            "AFP"
        );
        assert_eq!(find_agency(&agencies, "reuters").unwrap().code, "Reuters");
        assert!(find_agency(&agencies, "«الشرق الأوسط»").is_none());
        assert!(find_agency(&agencies, "").is_none());
    }
}
