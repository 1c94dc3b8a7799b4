//! Property names of ninjs 3.1, read from the shipped schema, so that fields kept from a
//! 2.x document (`copyrightholder`, `contactinfo`) are written back in 3.x spelling.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::schema::schema_text;
use crate::version::NinjsVersion;

struct Names {
    /// Lower-cased name → 3.1 spelling, for every property anywhere in the schema.
    camel_by_lower: HashMap<String, String>,
    /// Properties allowed at the top level of a 3.1 document.
    top_level: HashSet<String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let schema: Value =
        serde_json::from_str(schema_text(NinjsVersion::V3_1)).unwrap_or(Value::Null);
    let mut camel_by_lower = HashMap::new();
    collect_property_names(&schema, &mut camel_by_lower);
    // The one 2.x name that is not simply the lower-cased 3.x name.
    camel_by_lower.insert("embargoed".to_string(), "embargoedUntil".to_string());
    let top_level = schema
        .pointer("/$defs/ninjsType/properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    Names {
        camel_by_lower,
        top_level,
    }
});

fn collect_property_names(schema: &Value, out: &mut HashMap<String, String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for name in properties.keys() {
                    out.insert(name.to_lowercase(), name.clone());
                }
            }
            map.values().for_each(|v| collect_property_names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_property_names(v, out)),
        _ => {}
    }
}

/// Whether `name` may stand at the top level of a ninjs 3.1 document.
pub fn is_top_level_3_1(name: &str) -> bool {
    NAMES.top_level.contains(name)
}

/// The 3.1 spelling of a 2.x property name; unknown names are returned unchanged.
pub fn to_3x_name(name: &str) -> String {
    NAMES
        .camel_by_lower
        .get(&name.to_lowercase())
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// `value` with every object key, at any depth, in 3.1 spelling. ninjs objects allow no
/// free-form keys, so every key is a property name.
pub fn to_3x_names(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let renamed: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (to_3x_name(k), to_3x_names(v)))
                .collect();
            Value::Object(renamed)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_3x_names).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn two_x_names_are_respelled_at_any_depth() {
        let v2 = json!({"copyrightholder": "NTB", "people": [{"name": "x", "contactinfo": [{"value": "1", "address": {"postalcode": "0150"}}]}], "embargoed": "2024-01-01T00:00:00Z"});
        assert_eq!(
            to_3x_names(&v2),
            json!({"copyrightHolder": "NTB", "people": [{"name": "x", "contactInfo": [{"value": "1", "address": {"postalCode": "0150"}}]}], "embargoedUntil": "2024-01-01T00:00:00Z"})
        );
    }

    #[test]
    fn top_level_names_come_from_the_3_1_schema() {
        assert!(is_top_level_3_1("digitalSourceType"));
        assert!(is_top_level_3_1("urgency"));
        assert!(!is_top_level_3_1("random"));
        assert!(!is_top_level_3_1("copyrightholder"));
    }
}
