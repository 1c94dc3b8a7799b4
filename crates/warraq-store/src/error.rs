use thiserror::Error;
use warraq_domain::DomainError;

pub type StoreResult<T> = Result<T, StoreError>;

/// Why a store operation failed. Backends map their driver errors onto these so callers
/// can tell "not there" and "someone else changed it" from "the database is down".
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{entity} `{key}` not found")]
    NotFound { entity: &'static str, key: String },
    #[error(
        "{entity} `{key}` was changed by someone else (expected version {expected}, found {found})"
    )]
    Conflict {
        entity: &'static str,
        key: String,
        expected: i64,
        found: i64,
    },
    #[error("{entity} `{key}` already exists")]
    Duplicate { entity: &'static str, key: String },
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error(
        "the database has schema version {found}, newer than the {supported} this warraq supports; upgrade warraq"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("cannot reach the database: {0}")]
    Unavailable(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(String),
}

impl StoreError {
    pub fn not_found(entity: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            entity,
            key: key.to_string(),
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound { .. })
    }
}
