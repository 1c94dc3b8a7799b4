//! Reading ninjs properties in either spelling (3.x `versionCreated`, 2.x `versioncreated`),
//! with every type error naming the JSON pointer of the value.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use warraq_domain::arabic::normalize_text;

use super::html::html_to_text;
use crate::error::NinjsError;

/// One JSON object of the document and where it is.
#[derive(Clone, Copy)]
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub path: &'a str,
}

/// A headline, description or body entry.
pub struct TextEntry {
    pub role: String,
    pub content_type: String,
    pub value: String,
}

impl TextEntry {
    pub fn is_html(&self) -> bool {
        self.content_type.contains("html")
            || (self.content_type.is_empty() && looks_like_html(&self.value))
    }

    /// The entry as plain text, markup removed, NFC.
    pub fn text(&self) -> String {
        if self.is_html() {
            html_to_text(&self.value)
        } else {
            normalize_text(&self.value)
        }
    }
}

fn looks_like_html(value: &str) -> bool {
    value.contains("</") || value.contains("<p>") || value.contains("<br")
}

impl<'a> Obj<'a> {
    /// `name` in its 3.x spelling, else its 2.x (lower-case) spelling: (actual key, value).
    pub fn get(&self, name: &str) -> Option<(&'a str, &'a Value)> {
        if let Some((key, value)) = self.map.get_key_value(name) {
            return Some((key.as_str(), value));
        }
        let lower = name.to_lowercase();
        self.map.get_key_value(&lower).map(|(k, v)| (k.as_str(), v))
    }

    pub fn pointer(&self, key: &str) -> String {
        format!(
            "{}/{}",
            self.path,
            key.replace('~', "~0").replace('/', "~1")
        )
    }

    /// A string property, NFC; `None` when absent, null or blank.
    pub fn string(&self, name: &str) -> Result<Option<String>, NinjsError> {
        match self.get(name) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::String(s))) => Ok(Some(normalize_text(s)).filter(|s| !s.is_empty())),
            Some((key, _)) => Err(NinjsError::WrongType {
                path: self.pointer(key),
                expected: "a string",
            }),
        }
    }

    /// An array property: its items with their pointers; empty when absent.
    pub fn array(&self, name: &str) -> Result<Vec<(String, &'a Value)>, NinjsError> {
        match self.get(name) {
            None | Some((_, Value::Null)) => Ok(Vec::new()),
            Some((key, Value::Array(items))) => {
                let base = self.pointer(key);
                Ok(items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{base}/{i}"), v))
                    .collect())
            }
            Some((key, _)) => Err(NinjsError::WrongType {
                path: self.pointer(key),
                expected: "an array",
            }),
        }
    }

    /// Headline, description or body entries (`[{role, contentType, value}]`). Entries
    /// without a string `value` are refused.
    pub fn text_entries(&self, name: &str) -> Result<Vec<TextEntry>, NinjsError> {
        let mut entries = Vec::new();
        for (path, item) in self.array(name)? {
            let Some(map) = item.as_object() else {
                return Err(NinjsError::WrongType {
                    path,
                    expected: "an object with a `value`",
                });
            };
            let entry = Obj { map, path: &path };
            let Some(value) = map.get("value").and_then(Value::as_str) else {
                return Err(NinjsError::Missing {
                    path: entry.pointer("value"),
                    what: "the text value",
                });
            };
            entries.push(TextEntry {
                role: entry.string("role")?.unwrap_or_default().to_lowercase(),
                content_type: entry
                    .string("contentType")?
                    .unwrap_or_default()
                    .to_lowercase(),
                value: value.to_string(),
            });
        }
        Ok(entries)
    }

    /// An RFC 3339 date-time property.
    pub fn date(&self, name: &str) -> Result<Option<DateTime<Utc>>, NinjsError> {
        let Some((key, value)) = self.get(name) else {
            return Ok(None);
        };
        let Some(text) = value.as_str() else {
            return Err(NinjsError::WrongType {
                path: self.pointer(key),
                expected: "a date-time string",
            });
        };
        DateTime::parse_from_rfc3339(text.trim())
            .map(|at| Some(at.with_timezone(&Utc)))
            .map_err(|_| NinjsError::InvalidDate {
                path: self.pointer(key),
                value: text.to_string(),
            })
    }
}

/// The entry whose role is one of `roles` (in that order of preference).
pub fn with_role<'e>(entries: &'e [TextEntry], roles: &[&str]) -> Option<&'e TextEntry> {
    roles
        .iter()
        .find_map(|role| entries.iter().find(|e| e.role == *role))
}
