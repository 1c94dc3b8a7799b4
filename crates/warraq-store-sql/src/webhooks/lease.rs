//! The dispatching lease: one dispatcher at a time over every process on the database.
//!
//! PostgreSQL: a session advisory lock taken on a connection of its own, held while
//! dispatching. The server releases it when the session ends, so a node that dies (or
//! loses its connection) hands over to another at once, with nothing to expire.
//! SQLite has no session locks: the lease is a row with a holder and an expiry that the
//! holder renews; a holder that stops renewing loses it after [`SQLITE_LEASE`].

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use sqlx::{Connection, PgConnection, SqlitePool};
use warraq_store::{StoreResult, WebhookLease};

use crate::codec::Time;
use crate::db::Pool;
use crate::error::backend;

/// The advisory lock of the dispatcher (the bytes spell "warraqWH"), one per schema like
/// the writers' lock: stores in other schemas (other sites, parallel tests) dispatch on
/// their own.
const DISPATCH_LOCK: i64 = 0x7761_7272_6171_5748;
const LOCK_SQL: &str = "SELECT pg_try_advisory_lock($1 # hashtextextended(current_schema(), 0))";
const UNLOCK_SQL: &str = "SELECT pg_advisory_unlock($1 # hashtextextended(current_schema(), 0))";

/// How long an SQLite lease lasts unless renewed; dispatchers renew every few seconds.
const SQLITE_LEASE: chrono::Duration = chrono::Duration::seconds(30);

pub(super) async fn try_lease(pool: &Pool) -> StoreResult<Option<Box<dyn WebhookLease>>> {
    match pool {
        Pool::Postgres(pool) => {
            let mut conn = pool.acquire().await.map_err(backend)?;
            let locked: bool = sqlx::query_scalar(LOCK_SQL)
                .bind(DISPATCH_LOCK)
                .fetch_one(&mut *conn)
                .await
                .map_err(backend)?;
            // Not locked: the connection goes back to the pool holding nothing (nodes
            // without the lease ask every few seconds; no new connection each time).
            // Locked: detached, since a connection holding the lock must never go back
            // to the pool, where another task would hold it unknowingly; dropped, it
            // closes and the server releases the lock.
            Ok(locked.then(|| {
                Box::new(PgLease {
                    conn: conn.detach(),
                }) as _
            }))
        }
        Pool::Sqlite(pool) => {
            let mut lease = SqliteLease {
                pool: pool.clone(),
                holder: holder_name(),
            };
            Ok(lease.take(true).await?.then(|| Box::new(lease) as _))
        }
    }
}

struct PgLease {
    conn: PgConnection,
}

#[async_trait]
impl WebhookLease for PgLease {
    async fn renew(&mut self) -> StoreResult<bool> {
        // The lock lives as long as the session: a session that still answers holds it.
        Ok(sqlx::query("SELECT 1")
            .execute(&mut self.conn)
            .await
            .is_ok())
    }

    async fn release(mut self: Box<Self>) {
        let _ = sqlx::query(UNLOCK_SQL)
            .bind(DISPATCH_LOCK)
            .execute(&mut self.conn)
            .await;
        let _ = self.conn.close().await;
    }
}

struct SqliteLease {
    pool: SqlitePool,
    holder: String,
}

impl SqliteLease {
    /// Takes (`fresh`: when free or expired) or extends (held by us) the lease.
    async fn take(&mut self, fresh: bool) -> StoreResult<bool> {
        let now = Time::now();
        let until = Time(now.0 + SQLITE_LEASE);
        let taken = if fresh {
            sqlx::query(
                "UPDATE webhook_dispatch SET lease_holder = $1, lease_until = $2 WHERE id = 1 \
                 AND (lease_holder IS NULL OR lease_until < $3 OR lease_holder = $1)",
            )
            .bind(&self.holder)
            .bind(until)
            .bind(now)
            .execute(&self.pool)
            .await
        } else {
            sqlx::query(
                "UPDATE webhook_dispatch SET lease_until = $2 WHERE id = 1 AND lease_holder = $1",
            )
            .bind(&self.holder)
            .bind(until)
            .execute(&self.pool)
            .await
        };
        Ok(taken.map_err(backend)?.rows_affected() == 1)
    }
}

#[async_trait]
impl WebhookLease for SqliteLease {
    async fn renew(&mut self) -> StoreResult<bool> {
        self.take(false).await
    }

    async fn release(self: Box<Self>) {
        let _ = sqlx::query(
            "UPDATE webhook_dispatch SET lease_holder = NULL, lease_until = NULL \
             WHERE id = 1 AND lease_holder = $1",
        )
        .bind(&self.holder)
        .execute(&self.pool)
        .await;
    }
}

/// Unique among the processes and leases on one machine (and practically beyond).
fn holder_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = RandomState::new().hash_one((std::process::id(), count, Time::now().0));
    format!("{}-{count}-{random:016x}", std::process::id())
}
