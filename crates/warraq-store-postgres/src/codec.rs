//! Conversions between domain values and PostgreSQL columns.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::types::Json;
use warraq_store::StoreError;

/// The current time as stored: whole microseconds, what TIMESTAMPTZ keeps.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub(crate) fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// A value to bind to a JSONB column.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Json<&T> {
    Json(value)
}

pub(crate) fn from_json<T: DeserializeOwned>(
    value: serde_json::Value,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Reads an unsigned size stored as BIGINT.
pub(crate) fn unsigned<T: TryFrom<i64>>(
    value: Option<i64>,
    what: &str,
) -> Result<Option<T>, StoreError> {
    value
        .map(|v| {
            T::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what}: {v} is out of range")))
        })
        .transpose()
}
