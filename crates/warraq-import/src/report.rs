//! The report of an import: one entry per item with what happened to it, the warnings,
//! and totals; printed as text for people or as JSON for scripts.

use std::fmt::Write as _;

use serde::Serialize;

use crate::unit::Origin;

/// What happened to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    /// A new article was stored.
    Created,
    /// The article imported earlier under the same key was replaced.
    Updated,
    /// The article imported earlier under the same key already had this content.
    Unchanged,
    /// Dry run: the item was understood and printed, nothing was written.
    Parsed,
    /// Understood but not an article (an event, a planning item, a page).
    Skipped,
    /// Could not be imported; `reason` says why.
    Refused,
}

impl ItemOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemOutcome::Created => "created",
            ItemOutcome::Updated => "updated",
            ItemOutcome::Unchanged => "unchanged",
            ItemOutcome::Parsed => "parsed",
            ItemOutcome::Skipped => "skipped",
            ItemOutcome::Refused => "refused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemEntry {
    pub outcome: ItemOutcome,
    pub file: String,
    /// Inside a JSON file, where the document is (`$[3]`) or, for a refused document,
    /// where the first problem is (`$[3].headlines[0].value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
    /// In a wire-text or WXR file, the item's 1-based position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_id: Option<i64>,
    /// What a skipped item is (`event`, `planning`, `page`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ItemEntry {
    pub fn new(outcome: ItemOutcome, origin: &Origin) -> Self {
        Self {
            outcome,
            file: origin.file.clone(),
            json_path: origin.json_path.clone(),
            item: origin.item,
            headline: None,
            article_id: None,
            kind: None,
            reason: None,
        }
    }

    pub fn refused(origin: &Origin, reason: impl Into<String>) -> Self {
        Self {
            reason: Some(reason.into()),
            ..Self::new(ItemOutcome::Refused, origin)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn new(origin: &Origin, message: impl Into<String>) -> Self {
        Self {
            file: origin.file.clone(),
            json_path: origin.json_path.clone(),
            item: origin.item,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub parsed: usize,
    pub skipped: usize,
    pub refused: usize,
    pub warnings: usize,
}

/// Media records an import made or reused (heroes, other pictures, WXR attachments).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MediaCounts {
    pub created: usize,
    pub updated: usize,
    pub reused: usize,
    /// Files downloaded by `--fetch-media`.
    pub fetched: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub counts: Counts,
    pub media: MediaCounts,
    /// Sections the import created (names it met that the store did not have).
    pub sections_created: Vec<String>,
    pub items: Vec<ItemEntry>,
    pub warnings: Vec<Warning>,
}

impl ImportReport {
    pub fn new(dry_run: bool) -> Self {
        Self {
            dry_run,
            ..Self::default()
        }
    }

    /// Whether any item was refused: the command then exits with a non-zero status.
    pub fn has_refusals(&self) -> bool {
        self.counts.refused > 0
    }

    pub fn push(&mut self, entry: ItemEntry) {
        let counter = match entry.outcome {
            ItemOutcome::Created => &mut self.counts.created,
            ItemOutcome::Updated => &mut self.counts.updated,
            ItemOutcome::Unchanged => &mut self.counts.unchanged,
            ItemOutcome::Parsed => &mut self.counts.parsed,
            ItemOutcome::Skipped => &mut self.counts.skipped,
            ItemOutcome::Refused => &mut self.counts.refused,
        };
        *counter += 1;
        self.items.push(entry);
    }

    pub fn warn(&mut self, warning: Warning) {
        self.counts.warnings += 1;
        self.warnings.push(warning);
    }

    /// The entries with the given outcome, in input order.
    pub fn with_outcome(&self, outcome: ItemOutcome) -> impl Iterator<Item = &ItemEntry> {
        self.items.iter().filter(move |e| e.outcome == outcome)
    }

    pub fn to_json(&self) -> serde_json::Value {
        // A report of plain strings and numbers always serialises.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The report for people: one line per item, then the warnings, then the totals.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for e in &self.items {
            let _ = write!(out, "{:<9} {}", e.outcome.as_str(), e.file);
            if let Some(path) = &e.json_path {
                let _ = write!(out, " {path}");
            }
            if let Some(n) = e.item {
                let _ = write!(out, " item {n}");
            }
            if let Some(id) = e.article_id {
                let _ = write!(out, " → article {id}");
            }
            if let Some(h) = &e.headline {
                let _ = write!(out, " «{h}»");
            }
            if let Some(kind) = &e.kind {
                let _ = write!(out, " [{kind}]");
            }
            if let Some(reason) = &e.reason {
                let _ = write!(out, ": {reason}");
            }
            out.push('\n');
        }
        for w in &self.warnings {
            let _ = write!(out, "warning   {}", w.file);
            if let Some(path) = &w.json_path {
                let _ = write!(out, " {path}");
            }
            if let Some(n) = w.item {
                let _ = write!(out, " item {n}");
            }
            let _ = writeln!(out, ": {}", w.message);
        }
        if !self.sections_created.is_empty() {
            let _ = writeln!(
                out,
                "sections created: {}",
                self.sections_created.join("، ")
            );
        }
        let c = &self.counts;
        let _ = write!(
            out,
            "{}: ",
            if self.dry_run {
                "dry run (nothing written)"
            } else {
                "import"
            }
        );
        if self.dry_run {
            let _ = write!(out, "{} parsed", c.parsed);
        } else {
            let _ = write!(
                out,
                "{} created, {} updated, {} unchanged",
                c.created, c.updated, c.unchanged
            );
        }
        let _ = write!(
            out,
            ", {} skipped, {} refused, {} warnings",
            c.skipped, c.refused, c.warnings
        );
        if !self.dry_run {
            let m = &self.media;
            let _ = write!(
                out,
                "; media: {} created, {} updated, {} reused, {} downloaded",
                m.created, m.updated, m.reused, m.fetched
            );
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_item_makes_the_report_fail_and_names_file_and_path() {
        let mut report = ImportReport::new(false);
        report.push(ItemEntry::new(
            ItemOutcome::Created,
            &Origin::file("a.json"),
        ));
        assert!(!report.has_refusals());
        report.push(ItemEntry::refused(
            &Origin::at("b.json", "$[2].headlines"),
            "must be an array",
        ));
        assert!(report.has_refusals());
        let text = report.to_text();
        assert!(
            text.contains("refused   b.json $[2].headlines: must be an array"),
            "{text}"
        );
        assert!(
            text.contains("1 created, 0 updated, 0 unchanged, 0 skipped, 1 refused"),
            "{text}"
        );
        let json = report.to_json();
        assert_eq!(json["counts"]["refused"], 1);
        assert_eq!(json["items"][1]["json_path"], "$[2].headlines");
    }
}
