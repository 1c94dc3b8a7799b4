//! Maps sqlx errors onto [`StoreError`], naming the record involved.

use std::fmt::Display;

use sqlx::error::ErrorKind;
use warraq_domain::DomainError;
use warraq_store::StoreError;

/// Maps a driver error met while reading or writing `entity` `key`.
pub(crate) fn db_error(err: sqlx::Error, entity: &'static str, key: impl Display) -> StoreError {
    match &err {
        sqlx::Error::RowNotFound => StoreError::not_found(entity, key),
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Duplicate {
                entity,
                key: key.to_string(),
            },
            // SQLite does not say which reference failed; writers check their references
            // first so this only happens on a race with a future delete.
            ErrorKind::ForeignKeyViolation => StoreError::Invalid(DomainError::Invalid {
                field: entity,
                reason: format!("`{key}` refers to a record that does not exist"),
            }),
            _ => StoreError::Backend(format!("{entity} `{key}`: {db}")),
        },
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            StoreError::Unavailable(format!("SQLite ({entity} `{key}`): {err}"))
        }
        _ => StoreError::Backend(format!("{entity} `{key}`: {err}")),
    }
}

/// Maps an error that concerns no single record (listing, counting, transactions).
pub(crate) fn backend(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
            StoreError::Unavailable(format!("SQLite: {err}"))
        }
        _ => StoreError::Backend(format!("SQLite: {err}")),
    }
}
