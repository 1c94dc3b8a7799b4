//! The ninjs JSON Schemas shipped inside the binary, and validation against them.
//!
//! Validation never touches the network: the only external reference (the 3.x schemas'
//! `https://geojson.org/schema/GeoJSON.json`) is answered from the shipped copy, and any
//! other remote reference is refused.

use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use crate::version::NinjsVersion;

const SCHEMA_2_0: &str = include_str!("../schemas/ninjs-schema_2.0.json");
const SCHEMA_2_1: &str = include_str!("../schemas/ninjs-schema_2.1.json");
const SCHEMA_2_2: &str = include_str!("../schemas/ninjs-schema_2.2.json");
const SCHEMA_3_0: &str = include_str!("../schemas/ninjs-schema_3.0.json");
const SCHEMA_3_1: &str = include_str!("../schemas/ninjs-schema_3.1.json");
const GEOJSON_SCHEMA: &str = include_str!("../schemas/GeoJSON-schema.json");
const GEOJSON_URL: &str = "https://geojson.org/schema/GeoJSON.json";

/// One way a document breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// JSON pointer of the offending value in the document, e.g. `/associations/0/type`;
    /// empty for the document itself.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// The text of the shipped schema for `version`.
pub fn schema_text(version: NinjsVersion) -> &'static str {
    match version {
        NinjsVersion::V2_0 => SCHEMA_2_0,
        NinjsVersion::V2_1 => SCHEMA_2_1,
        NinjsVersion::V2_2 => SCHEMA_2_2,
        NinjsVersion::V3_0 => SCHEMA_3_0,
        NinjsVersion::V3_1 => SCHEMA_3_1,
    }
}

/// Checks `doc` against the official schema of `version`; on failure, every violation.
pub fn validate(doc: &Value, version: NinjsVersion) -> Result<(), Vec<SchemaViolation>> {
    let validator = match compiled(version) {
        Ok(validator) => validator,
        Err(reason) => {
            return Err(vec![SchemaViolation {
                path: String::new(),
                message: format!("the shipped ninjs {version} schema cannot be used: {reason}"),
            }]);
        }
    };
    let violations: Vec<SchemaViolation> = validator
        .iter_errors(doc)
        .map(|error| SchemaViolation {
            path: error.instance_path().as_str().to_string(),
            message: error.to_string(),
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

type Compiled = Result<Validator, String>;

/// Each validator is compiled once, on first use, and shared by all threads.
fn compiled(version: NinjsVersion) -> &'static Compiled {
    static CELLS: [OnceLock<Compiled>; 5] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let index = NinjsVersion::ALL
        .iter()
        .position(|v| *v == version)
        .unwrap_or(0);
    CELLS[index].get_or_init(|| compile(version))
}

/// Whether `format` keywords (`uri`, `date-time`) are checked, or only annotate, as the
/// IPTC's own test suite of each version expects.
///
/// - 2.0 declares JSON Schema draft-04, where checking `format` is left to the
///   implementation; the 2.0 suite passes `"uri": "002-schema"`, not an absolute URI, so
///   the standard does not check it (a validator that does would refuse it).
/// - 2.1 to 3.1 declare draft 2020-12, where `format` is an annotation unless a schema opts
///   into the format-assertion vocabulary, which none of them does. Their suites make
///   their point with patterns instead (a truncated date that is not one fails its
///   `pattern`).
///
/// Dates warraq reads are checked where it reads them: an import refuses a `firstCreated`
/// or `embargoedUntil` it cannot parse, naming the JSON path.
fn asserts_formats(version: NinjsVersion) -> bool {
    match version {
        NinjsVersion::V2_0 | NinjsVersion::V2_1 | NinjsVersion::V2_2 => false,
        NinjsVersion::V3_0 | NinjsVersion::V3_1 => false,
    }
}

fn compile(version: NinjsVersion) -> Compiled {
    let schema: Value =
        serde_json::from_str(schema_text(version)).map_err(|e| format!("not JSON: {e}"))?;
    jsonschema::options()
        .with_retriever(ShippedSchemas)
        .should_validate_formats(asserts_formats(version))
        .build(&schema)
        .map_err(|e| e.to_string())
}

/// Answers schema references from the copies shipped with warraq, never from the network.
struct ShippedSchemas;

impl Retrieve for ShippedSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let wanted = uri.as_str().trim_end_matches('#');
        if wanted == GEOJSON_URL {
            return Ok(serde_json::from_str(GEOJSON_SCHEMA)?);
        }
        Err(format!(
            "`{wanted}` is not a schema shipped with warraq, and schemas are never fetched"
        )
        .into())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_shipped_schema_compiles_offline() {
        for version in NinjsVersion::ALL {
            assert!(
                compiled(version).is_ok(),
                "{version}: {:?}",
                compiled(version).as_ref().err()
            );
        }
    }

    #[test]
    fn violations_name_the_json_pointer_of_the_bad_value() {
        let doc = json!({"uri": "urn:x", "urgency": 12, "headlines": [{"role": "main"}]});
        let violations = validate(&doc, NinjsVersion::V3_1).unwrap_err();
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert!(paths.contains(&"/urgency"), "{violations:?}");
        assert!(paths.contains(&"/headlines/0"), "{violations:?}");
    }

    #[test]
    fn geojson_places_are_checked_against_the_shipped_geojson_schema() {
        let good = json!({"uri": "urn:x", "places": [{"name": "Gotland", "geoJSON": {"type": "Point", "coordinates": [18.3, 57.6]}}]});
        assert_eq!(validate(&good, NinjsVersion::V3_1), Ok(()));
        let bad =
            json!({"uri": "urn:x", "places": [{"name": "Gotland", "geoJSON": {"type": "Point"}}]});
        let violations = validate(&bad, NinjsVersion::V3_1).unwrap_err();
        assert!(
            violations
                .iter()
                .any(|v| v.path.starts_with("/places/0/geoJSON")),
            "{violations:?}"
        );
    }

    #[test]
    fn lower_case_names_belong_to_2x_and_camel_case_to_3x() {
        let lower = json!({"uri": "urn:x", "versioncreated": "2024-01-01T00:00:00Z"});
        assert_eq!(validate(&lower, NinjsVersion::V2_2), Ok(()));
        assert!(validate(&lower, NinjsVersion::V3_1).is_err());
    }
}
