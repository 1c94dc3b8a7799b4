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
            // Writers check their references first to name the field, so this only
            // happens on a race with a delete; PostgreSQL names the constraint.
            ErrorKind::ForeignKeyViolation => StoreError::Invalid(DomainError::Invalid {
                field: field_of_constraint(db.constraint()).unwrap_or(entity),
                reason: format!("`{key}` refers to a record that does not exist"),
            }),
            _ => StoreError::Backend(format!("{entity} `{key}`: {db}")),
        },
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            StoreError::Corrupt(format!("{entity} `{key}`: {err}"))
        }
        _ if is_unavailable(&err) => StoreError::Unavailable(format!("{entity} `{key}`: {err}")),
        _ => StoreError::Backend(format!("{entity} `{key}`: {err}")),
    }
}

/// Maps an error that concerns no single record (listing, counting, transactions).
pub(crate) fn backend(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            StoreError::Corrupt(err.to_string())
        }
        _ if is_unavailable(&err) => StoreError::Unavailable(err.to_string()),
        _ => StoreError::Backend(err.to_string()),
    }
}

fn is_unavailable(err: &sqlx::Error) -> bool {
    matches!(
        err,
        sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
    )
}

/// The field behind a foreign-key constraint (PostgreSQL's default `<table>_<column>_fkey`
/// names, as created by the migrations; SQLite names none).
fn field_of_constraint(constraint: Option<&str>) -> Option<&'static str> {
    Some(match constraint? {
        "articles_section_id_fkey" => "article.section_id",
        "articles_hero_id_fkey" => "article.hero_id",
        "articles_bureau_id_fkey" => "article.bureau_id",
        "sections_parent_id_fkey" => "section.parent_id",
        "redirects_article_id_fkey" => "redirect.target",
        "source_keys_article_id_fkey" => "article.source_key",
        "article_media_media_id_fkey" => "article.body",
        "users_person_id_fkey" => "user.person_id",
        _ => return None,
    })
}

/// A reference the database would reject, named by the field that holds it.
pub(crate) fn missing_reference(field: &'static str, id: i64) -> StoreError {
    StoreError::Invalid(DomainError::Invalid {
        field,
        reason: format!("no record with id {id}"),
    })
}
