//! The ninjs versions warraq knows, and how the version of a document is found.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::NinjsError;

/// A published version of the ninjs schema. 2.x spells property names in lower case
/// (`versioncreated`), 3.x in camelCase (`versionCreated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NinjsVersion {
    V2_0,
    V2_1,
    V2_2,
    V3_0,
    V3_1,
}

impl NinjsVersion {
    pub const ALL: [NinjsVersion; 5] = [Self::V2_0, Self::V2_1, Self::V2_2, Self::V3_0, Self::V3_1];
    /// The version warraq writes.
    pub const LATEST: NinjsVersion = Self::V3_1;

    /// Parses `3.1`; a patch suffix (`3.0.1`) and a leading `v` are accepted.
    pub fn parse(text: &str) -> Result<Self, NinjsError> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let mut parts = bare.split('.');
        let major_minor = (parts.next(), parts.next(), parts.next(), parts.next());
        let version = match major_minor {
            (Some(major), Some(minor), patch, None) if patch.is_none_or(is_number) => {
                match (major, minor) {
                    ("2", "0") => Some(Self::V2_0),
                    ("2", "1") => Some(Self::V2_1),
                    ("2", "2") => Some(Self::V2_2),
                    ("3", "0") => Some(Self::V3_0),
                    ("3", "1") => Some(Self::V3_1),
                    _ => None,
                }
            }
            _ => None,
        };
        version.ok_or_else(|| NinjsError::UnknownVersion {
            version: text.to_string(),
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2_0 => "2.0",
            Self::V2_1 => "2.1",
            Self::V2_2 => "2.2",
            Self::V3_0 => "3.0",
            Self::V3_1 => "3.1",
        }
    }

    /// Whether property names are camelCase (3.x) rather than lower case (2.x).
    pub fn is_camel_case(self) -> bool {
        matches!(self, Self::V3_0 | Self::V3_1)
    }

    /// The schema's canonical address, as written in `standard.schema`.
    pub fn schema_url(self) -> String {
        format!(
            "http://www.iptc.org/std/ninjs/ninjs-schema_{}.json",
            self.as_str()
        )
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Display for NinjsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NinjsVersion {
    type Err = NinjsError;
    fn from_str(text: &str) -> Result<Self, NinjsError> {
        Self::parse(text)
    }
}

/// Version to validate against: `forced` if given, else the document's declared version
/// (`standard.version`, `standard.schema` or a top-level `$schema` naming a ninjs schema
/// file), else the newest of the major version its property names show (camelCase like
/// `versionCreated`/`bodies` => 3.x, lower-case like `versioncreated`/`body_text` => 2.x).
pub fn detect_version(doc: &Value, forced: Option<NinjsVersion>) -> NinjsVersion {
    if let Some(version) = forced {
        return version;
    }
    if let Some(version) = declared_version(doc) {
        return version;
    }
    match naming_votes(doc) {
        (camel, lower) if lower > camel => NinjsVersion::V2_2,
        _ => NinjsVersion::LATEST,
    }
}

fn declared_version(doc: &Value) -> Option<NinjsVersion> {
    let standard = doc.get("standard");
    // A derived standard (TT's `TTNINJS`) numbers its versions its own way.
    let is_ninjs = standard
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .is_none_or(|name| name.trim().eq_ignore_ascii_case("ninjs"));
    if is_ninjs {
        let from_standard = standard
            .and_then(|s| s.get("version"))
            .and_then(Value::as_str)
            .and_then(|v| NinjsVersion::parse(v).ok());
        if from_standard.is_some() {
            return from_standard;
        }
    }
    let schema_urls = [standard.and_then(|s| s.get("schema")), doc.get("$schema")];
    schema_urls
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(version_in_schema_url)
}

/// `…/ninjs-schema_3.0.json#` → 3.0. Only the file name counts, so `ttninjs-schema_3.0.json`
/// (a derived standard) is not taken for ninjs.
fn version_in_schema_url(url: &str) -> Option<NinjsVersion> {
    let file = url.trim_end_matches('#').rsplit('/').next()?;
    let version = file.strip_prefix("ninjs-schema_")?.strip_suffix(".json")?;
    NinjsVersion::parse(version).ok()
}

/// Property names only one spelling uses. `uri`, `type`, `by`, `located` are the same in
/// both and say nothing.
const CAMEL_NAMES: [&str; 17] = [
    "versionCreated",
    "firstCreated",
    "contentCreated",
    "embargoedUntil",
    "pubStatus",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "representationType",
    "infoSources",
    "altIds",
    "trustIndicators",
    "rightsInfo",
    "digitalSourceType",
    "eventDetails",
    "plannedCoverage",
];
const LOWER_NAMES: [&str; 24] = [
    "versioncreated",
    "firstcreated",
    "contentcreated",
    "embargoed",
    "pubstatus",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "ednote",
    "representationtype",
    "infosources",
    "altids",
    "trustindicators",
    "rightsinfo",
    "digitalsourcetype",
    // ninjs 1.x names, still met in 2.x-era feeds.
    "headline",
    "body_text",
    "body_html",
    "body_xhtml",
    "description_text",
    "description_html",
    "byline",
    "subject",
    "keywords",
];

/// How many distinctive camelCase and lower-case names the document uses, at its top level
/// and one level down (bodies, headlines, associations...), where `contentType` and
/// `contenttype` tell the two apart.
fn naming_votes(doc: &Value) -> (usize, usize) {
    let mut camel = 0;
    let mut lower = 0;
    let mut count = |object: &serde_json::Map<String, Value>| {
        for key in object.keys() {
            if CAMEL_NAMES.contains(&key.as_str()) || key == "contentType" {
                camel += 1;
            } else if LOWER_NAMES.contains(&key.as_str()) || key == "contenttype" {
                lower += 1;
            }
        }
    };
    let Some(top) = doc.as_object() else {
        return (0, 0);
    };
    count(top);
    for value in top.values() {
        let children: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) => map.values().collect(),
            _ => Vec::new(),
        };
        for child in children {
            if let Some(object) = child.as_object() {
                count(object);
            }
        }
    }
    (camel, lower)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parse_accepts_major_minor_with_optional_patch_and_prefix() {
        assert_eq!(NinjsVersion::parse("3.1"), Ok(NinjsVersion::V3_1));
        assert_eq!(NinjsVersion::parse("3.0.1"), Ok(NinjsVersion::V3_0));
        assert_eq!(NinjsVersion::parse("v2.2"), Ok(NinjsVersion::V2_2));
        assert!(NinjsVersion::parse("1.3").is_err());
        assert!(NinjsVersion::parse("3").is_err());
        assert!(NinjsVersion::parse("3.1.x").is_err());
        for version in NinjsVersion::ALL {
            assert_eq!(version.to_string().parse::<NinjsVersion>(), Ok(version));
        }
    }

    #[test]
    fn forced_version_wins_over_everything() {
        let doc = json!({"uri": "urn:x", "standard": {"version": "3.0"}});
        assert_eq!(
            detect_version(&doc, Some(NinjsVersion::V2_1)),
            NinjsVersion::V2_1
        );
    }

    #[test]
    fn declared_version_comes_from_standard_or_schema_url() {
        let by_version = json!({"uri": "urn:x", "standard": {"name": "ninjs", "version": "3.0"}});
        assert_eq!(detect_version(&by_version, None), NinjsVersion::V3_0);
        let by_schema = json!({"uri": "urn:x", "standard": {"schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"}});
        assert_eq!(detect_version(&by_schema, None), NinjsVersion::V2_1);
        let by_dollar_schema = json!({"uri": "urn:x", "$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"});
        assert_eq!(detect_version(&by_dollar_schema, None), NinjsVersion::V2_0);
    }

    #[test]
    fn a_derived_standard_does_not_declare_a_ninjs_version() {
        let doc = json!({
            "uri": "urn:x", "versioncreated": "2024-01-01T00:00:00Z",
            "standard": {"name": "TTNINJS", "version": "3.0", "schema": "https://tt.se/spec/ttninjs/ttninjs-schema_3.0.json"}
        });
        assert_eq!(detect_version(&doc, None), NinjsVersion::V2_2);
    }

    #[test]
    fn property_spelling_picks_the_newest_of_its_major_version() {
        let camel = json!({"uri": "urn:x", "versionCreated": "2024-01-01T00:00:00Z", "bodies": [{"contentType": "text/html", "value": "<p>x</p>"}]});
        assert_eq!(detect_version(&camel, None), NinjsVersion::V3_1);
        let lower = json!({"uri": "urn:x", "versioncreated": "2024-01-01T00:00:00Z", "bodies": [{"contenttype": "text/html", "value": "x"}]});
        assert_eq!(detect_version(&lower, None), NinjsVersion::V2_2);
        let legacy = json!({"uri": "urn:x", "headline": "h", "body_text": "b"});
        assert_eq!(detect_version(&legacy, None), NinjsVersion::V2_2);
        let undecided = json!({"uri": "urn:x", "headlines": [{"value": "h"}]});
        assert_eq!(detect_version(&undecided, None), NinjsVersion::V3_1);
    }
}
