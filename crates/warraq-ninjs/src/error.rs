use thiserror::Error;

/// Why a ninjs document could not be turned into an article. Every variant names the JSON
/// pointer of the offending value, so an import report can point at it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum NinjsError {
    #[error("{path}: expected {expected}")]
    WrongType {
        path: String,
        expected: &'static str,
    },
    #[error("{path}: {what} is missing")]
    Missing { path: String, what: &'static str },
    #[error("{path}: `{value}` is not an RFC 3339 date-time")]
    InvalidDate { path: String, value: String },
    #[error("unknown ninjs version `{version}` (known: 2.0, 2.1, 2.2, 3.0, 3.1)")]
    UnknownVersion { version: String },
}
