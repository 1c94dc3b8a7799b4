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
            // Writers check their references first to name the field; this catches a race
            // with a future delete, named by the constraint PostgreSQL reports.
            ErrorKind::ForeignKeyViolation => StoreError::Invalid(DomainError::Invalid {
                field: field_of_constraint(db.constraint()).unwrap_or(entity),
                reason: format!("`{key}` refers to a record that does not exist"),
            }),
            _ => StoreError::Backend(format!("{entity} `{key}`: {db}")),
        },
        _ => backend(err),
    }
}

/// Maps an error that concerns no single record (listing, counting, transactions).
pub(crate) fn backend(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed => StoreError::Unavailable(format!("PostgreSQL: {err}")),
        _ => StoreError::Backend(format!("PostgreSQL: {err}")),
    }
}

/// The field behind a foreign-key constraint (PostgreSQL's default `<table>_<column>_fkey`
/// names, as created by the migrations).
fn field_of_constraint(constraint: Option<&str>) -> Option<&'static str> {
    Some(match constraint? {
        "articles_section_id_fkey" => "article.section_id",
        "articles_hero_id_fkey" => "article.hero_id",
        "articles_bureau_id_fkey" => "article.bureau_id",
        "sections_parent_id_fkey" => "section.parent_id",
        "redirects_article_id_fkey" => "redirect.target",
        "source_keys_article_id_fkey" => "article.source_key",
        _ => return None,
    })
}
