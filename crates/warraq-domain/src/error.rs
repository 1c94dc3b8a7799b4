use thiserror::Error;

/// A value that breaks a domain rule. The message names the field and the rule.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DomainError {
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is too long ({len} characters, at most {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} is invalid: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// A rule broken at one place inside a field: `path` names it (`article.body[3].marks[1]`)
    /// so that an editor can point at the block and the mark.
    #[error("{path} is invalid: {reason}")]
    InvalidAt { path: String, reason: String },
}

impl DomainError {
    /// The field or the place inside it that breaks the rule.
    pub fn field(&self) -> &str {
        match self {
            DomainError::Empty { field }
            | DomainError::TooLong { field, .. }
            | DomainError::Invalid { field, .. } => field,
            DomainError::InvalidAt { path, .. } => path,
        }
    }
}
