//! Reading ninjs files: one document or an array of documents per file. Each document is
//! validated against its schema version first; one that fails is refused with the JSON path
//! of the problem, and the other documents of the file go on.

use serde_json::Value;
use warraq_domain::Status;
use warraq_ninjs::{
    NinjsItem, NinjsVersion, SchemaViolation, detect_version, ninjs_to_incoming_with_warnings,
    validate,
};

use crate::report::Warning;
use crate::unit::{ArticleUnit, FileUnits, Origin, Unit};

/// How many schema violations a refusal lists; the first one is the JSON path reported.
const VIOLATIONS_SHOWN: usize = 5;

pub fn ninjs_units(file: &str, text: &str, forced: Option<NinjsVersion>) -> FileUnits {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return FileUnits::refused(
                Origin::at(file, "$"),
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    let mut out = FileUnits::default();
    match value {
        Value::Array(docs) => {
            for (i, doc) in docs.iter().enumerate() {
                let at = format!("$[{i}]");
                let mut notes = Vec::new();
                out.units
                    .push(document_unit(file, &at, doc, forced, &mut notes));
                let origin = Origin::at(file, at);
                out.warnings
                    .extend(notes.into_iter().map(|n| Warning::new(&origin, n)));
            }
        }
        doc => {
            // A file of one document: the file names it; only a path inside it is shown.
            let mut notes = Vec::new();
            let mut unit = document_unit(file, "$", &doc, forced, &mut notes);
            if let Unit::Article(a) = &mut unit {
                a.origin.json_path = None;
            }
            if let Unit::Skipped { origin, .. } = &mut unit {
                origin.json_path = None;
            }
            out.units.push(unit);
            let origin = Origin::file(file);
            out.warnings
                .extend(notes.into_iter().map(|n| Warning::new(&origin, n)));
        }
    }
    out
}

/// One document as a unit; what its mapping left out (dropped links) goes to `notes`.
fn document_unit(
    file: &str,
    at: &str,
    doc: &Value,
    forced: Option<NinjsVersion>,
    notes: &mut Vec<String>,
) -> Unit {
    if !doc.is_object() {
        return Unit::Refused {
            origin: Origin::at(file, at),
            reason: "a ninjs document must be a JSON object".to_string(),
        };
    }
    let version = detect_version(doc, forced);
    if let Err(violations) = validate(doc, version) {
        let first = violations.first().map(|v| v.path.as_str()).unwrap_or("");
        return Unit::Refused {
            origin: Origin::at(file, join_path(at, first)),
            reason: describe_violations(version, at, &violations),
        };
    }
    match ninjs_to_incoming_with_warnings(doc, version) {
        Ok((NinjsItem::Article(incoming), warnings)) => {
            notes.extend(warnings);
            Unit::Article(Box::new(ArticleUnit {
                origin: Origin::at(file, at),
                incoming: *incoming,
                source_status: pub_status(doc),
            }))
        }
        Ok((NinjsItem::Skipped { kind, reason }, _)) => Unit::Skipped {
            origin: Origin::at(file, at),
            kind: kind.to_string(),
            reason: reason.to_string(),
        },
        Err(e) => Unit::Refused {
            origin: Origin::at(file, at),
            reason: format!("ninjs {version}: {e}"),
        },
    }
}

fn describe_violations(version: NinjsVersion, at: &str, violations: &[SchemaViolation]) -> String {
    let shown: Vec<String> = violations
        .iter()
        .take(VIOLATIONS_SHOWN)
        .map(|v| format!("{}: {}", join_path(at, &v.path), v.message))
        .collect();
    let more = violations.len().saturating_sub(VIOLATIONS_SHOWN);
    let mut text = format!("not valid ninjs {version}: {}", shown.join("; "));
    if more > 0 {
        text.push_str(&format!(" (and {more} more)"));
    }
    text
}

/// The status a ninjs document states (2.x spells the property `pubstatus`): `usable` is
/// meant for readers (published, or scheduled or embargoed as `firstCreated` and
/// `embargoedUntil` say, see `publication`), `withheld` a draft and `canceled` withdrawn.
fn pub_status(doc: &Value) -> Option<Status> {
    let text = doc
        .get("pubStatus")
        .or_else(|| doc.get("pubstatus"))?
        .as_str()?;
    match text {
        "usable" => Some(Status::Published),
        "withheld" => Some(Status::Draft),
        "canceled" | "cancelled" => Some(Status::Unpublished),
        _ => None,
    }
}

/// `$[2]` + JSON pointer `/headlines/0/value` → `$[2].headlines[0].value`.
pub fn join_path(base: &str, pointer: &str) -> String {
    let mut path = base.to_string();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push_str(&format!("[{segment}]"));
        } else if !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            path.push('.');
            path.push_str(&segment);
        } else {
            path.push_str(&format!("[{}]", Value::String(segment)));
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointers_become_json_paths_under_the_document() {
        assert_eq!(
            join_path("$[2]", "/headlines/0/value"),
            "$[2].headlines[0].value"
        );
        assert_eq!(join_path("$", ""), "$");
        assert_eq!(join_path("$", "/a~1b/x y"), "$[\"a/b\"][\"x y\"]");
    }

    #[test]
    fn dropped_body_links_are_warnings_at_their_document() {
        let text = r#"[{"uri": "urn:a", "type": "text", "headlines": [{"role": "main", "value": "خبر"}],
                        "bodies": [{"role": "main", "contentType": "text/html",
                                    "value": "<p><a href='javascript:alert(1)'>اضغط</a> <b>هنا</b></p>"}]}]"#;
        let units = ninjs_units("batch.json", text, Some(NinjsVersion::V3_1));
        let [Unit::Article(article)] = &units.units[..] else {
            panic!("expected one article, got {:?}", units.units);
        };
        assert_eq!(
            article.incoming.body,
            vec![warraq_domain::Block::Paragraph {
                text: "اضغط هنا".into(),
                marks: vec![warraq_domain::Mark::strong(5, 8)],
            }]
        );
        assert_eq!(units.warnings.len(), 1, "{:?}", units.warnings);
        let warning = &units.warnings[0];
        assert_eq!(warning.json_path.as_deref(), Some("$[0]"));
        assert!(
            warning.message.contains("`javascript:alert(1)`"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn a_file_that_is_not_json_is_refused_with_its_position() {
        let units = ninjs_units("bad.json", "{\"uri\": ", None);
        match &units.units[..] {
            [Unit::Refused { origin, reason }] => {
                assert_eq!(origin.json_path.as_deref(), Some("$"));
                assert!(reason.starts_with("not valid JSON (line 1"), "{reason}");
            }
            other => panic!("expected one refusal, got {other:?}"),
        }
    }

    #[test]
    fn an_invalid_document_is_refused_at_its_path_and_the_others_go_on() {
        let text = r#"[{"uri": "urn:a", "type": "text", "headlines": [{"role": "main", "value": "خبر"}]},
                       {"uri": "urn:b", "urgency": 42}]"#;
        let units = ninjs_units("batch.json", text, Some(NinjsVersion::V3_1));
        assert_eq!(units.units.len(), 2);
        assert!(
            !matches!(units.units[0], Unit::Refused { .. }),
            "{:?}",
            units.units[0]
        );
        match &units.units[1] {
            Unit::Refused { origin, reason } => {
                assert_eq!(origin.json_path.as_deref(), Some("$[1].urgency"));
                assert!(reason.contains("$[1].urgency"), "{reason}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
