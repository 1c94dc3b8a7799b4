//! Column codecs that read and write the same Rust value on both databases.
//!
//! Times: SQLite keeps unix microseconds in an INTEGER, PostgreSQL a TIMESTAMPTZ (which
//! keeps microseconds too); [`Time`] is either. Documents: `sqlx::types::Json` is TEXT on
//! SQLite and JSONB on PostgreSQL already.

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use warraq_store::StoreError;

pub(crate) use sqlx::types::Json;

/// A point in time as a column of either database, to the microsecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Time(pub DateTime<Utc>);

impl Time {
    /// The current time as stored: whole microseconds.
    pub(crate) fn now() -> Time {
        Time(Utc::now().trunc_subsecs(6))
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(at: DateTime<Utc>) -> Self {
        Time(at)
    }
}

impl Type<Sqlite> for Time {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <i64 as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Time {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <i64 as Encode<Sqlite>>::encode(self.0.timestamp_micros(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Time {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let micros = <i64 as Decode<Sqlite>>::decode(value)?;
        DateTime::from_timestamp_micros(micros)
            .map(Time)
            .ok_or_else(|| format!("{micros} is not a valid time").into())
    }
}

impl Type<Postgres> for Time {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <DateTime<Utc> as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Time {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Time {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <DateTime<Utc> as Decode<Postgres>>::decode(value).map(Time)
    }
}

pub(crate) fn opt_time(at: Option<DateTime<Utc>>) -> Option<Time> {
    at.map(Time)
}

/// Reads an unsigned size stored as a signed integer; `what` names the column.
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
