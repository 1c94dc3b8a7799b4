//! Conversions between domain values and SQLite columns: times as unix microseconds,
//! documents as JSON text.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use warraq_store::StoreError;

/// The current time as stored: whole microseconds.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// Reads a stored time; `what` names the column for the error.
pub(crate) fn time(value: i64, what: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(value)
        .ok_or_else(|| StoreError::Corrupt(format!("{what}: {value} is not a valid time")))
}

pub(crate) fn opt_time(
    value: Option<i64>,
    what: &str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    value.map(|v| time(v, what)).transpose()
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Backend(format!("cannot encode {what} as JSON: {e}")))
}

pub(crate) fn from_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Reads an unsigned size stored as INTEGER.
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
