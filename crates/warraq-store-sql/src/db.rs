//! The one place that knows there are two databases: a pool, a connection and a write
//! transaction of either, and [`on_conn!`], which runs the same query code on whichever it
//! is. Queries are written once, with `$1`-style parameters (which SQLite accepts too)
//! and the column codecs of [`crate::codec`]; what really differs (locking, a list of ids
//! as a parameter) is a [`Dialect`] decision.

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use warraq_store::StoreResult;

use crate::error::backend;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// The display name used in error messages.
    pub(crate) fn product(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        }
    }
}

/// Runs `$body` with `$c` bound to the concrete connection (`&mut SqliteConnection` or
/// `&mut PgConnection`) behind a [`Conn`]. The body is compiled once per database, so
/// every value it binds or decodes must have a codec for both.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Sqlite($c) => {
                let $c = &mut **$c;
                $body
            }
            $crate::db::Conn::Postgres($c) => {
                let $c = &mut **$c;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

/// A connection of either database, borrowed from the pool or a transaction.
pub(crate) enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Conn<'_> {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }
}

/// The connection pool of either database.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection taken from a [`Pool`] for a few reads; returned when dropped.
pub(crate) enum Pooled {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Pooled {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Sqlite(c) => Conn::Sqlite(&mut *c),
            Pooled::Postgres(c) => Conn::Postgres(&mut *c),
        }
    }
}

/// A write transaction of either database; dropping it rolls back.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx) => Conn::Sqlite(&mut *tx),
            Tx::Postgres(tx) => Conn::Postgres(&mut *tx),
        }
    }

    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
        .map_err(backend)
    }
}

/// Every PostgreSQL writer takes this transaction-scoped advisory lock (the bytes spell
/// "warraqCL").
const CHANGE_LOG_LOCK: i64 = 0x7761_7272_6171_434C;

impl Pool {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    pub(crate) async fn acquire(&self) -> StoreResult<Pooled> {
        Ok(match self {
            Pool::Sqlite(pool) => Pooled::Sqlite(pool.acquire().await.map_err(backend)?),
            Pool::Postgres(pool) => Pooled::Postgres(pool.acquire().await.map_err(backend)?),
        })
    }

    /// Starts a transaction that writers take one at a time, so that change-log sequence
    /// numbers become visible in commit order.
    ///
    /// SQLite: `BEGIN IMMEDIATE` takes the write lock at once. A deferred transaction that
    /// reads first and writes later can fail with SQLITE_BUSY when another writer
    /// committed in between (the busy timeout does not help there); this one waits.
    ///
    /// PostgreSQL: change-log numbers come from an identity column, handed out when a row
    /// is inserted, not when its transaction commits. Two overlapping writers could take 7
    /// and 8 and commit 8 first; a follower that has read 8 asks for `seq > 8` and never
    /// sees 7. One advisory lock held from the start of every write transaction to its end
    /// makes writers take numbers and commit in the same order. Taken at the start, so that
    /// no writer waits for it while holding row locks another needs (no deadlocks) and
    /// reads inside the transaction see every earlier write. A newsroom's write rate is far
    /// below what one writer at a time allows, as SQLite shows.
    pub(crate) async fn begin_write(&self) -> StoreResult<Tx> {
        match self {
            Pool::Sqlite(pool) => Ok(Tx::Sqlite(
                pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?,
            )),
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(backend)?;
                // One lock per schema: stores in other schemas of the same database (other
                // sites, parallel tests) have change logs of their own and need not wait.
                sqlx::query(
                    "SELECT pg_advisory_xact_lock($1 # hashtextextended(current_schema(), 0))",
                )
                .bind(CHANGE_LOG_LOCK)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                Ok(Tx::Postgres(tx))
            }
        }
    }

    pub(crate) async fn close(&self) {
        match self {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}
