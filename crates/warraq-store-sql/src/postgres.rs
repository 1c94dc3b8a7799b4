//! Connecting to PostgreSQL: a pool with a short connect timeout, and isolated schemas
//! for tests.

use std::hash::{BuildHasher, RandomState};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use warraq_store::{StoreError, StoreResult};

use crate::db::Pool;
use crate::error::backend;
use crate::store::SqlStore;

const POOL_SIZE: u32 = 8;
/// How long connecting (or waiting for a free connection) may take before the database
/// counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl SqlStore {
    /// Connects to `url` (`postgres://user@host:port/database`) and brings the schema up
    /// to date. Fails with `Unavailable` naming host and port when the server cannot be
    /// reached within a few seconds, and with `SchemaTooNew` when a newer warraq has
    /// migrated the database.
    pub async fn connect_postgres(url: &str) -> StoreResult<SqlStore> {
        let options = parse(url)?;
        let pool = pool_options()
            .connect_with(options.clone())
            .await
            .map_err(|e| unreachable(&options, e))?;
        SqlStore::migrated(Pool::Postgres(pool), None).await
    }

    /// Connects like [`connect_postgres`](Self::connect_postgres), but into a new, empty
    /// schema `warraq_t_<random hex>` that every pooled connection uses, so tests can run
    /// in parallel against one database. Remove it with
    /// [`drop_postgres_schema`](Self::drop_postgres_schema).
    pub async fn connect_postgres_isolated(url: &str) -> StoreResult<SqlStore> {
        let options = parse(url)?;
        let schema = fresh_schema_name();
        let setup = pool_options()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(|e| unreachable(&options, e))?;
        // The name is made here of `warraq_t_` and hex digits only: safe to splice, and
        // identifiers cannot be bound as parameters.
        let created = sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&setup)
            .await;
        setup.close().await;
        created.map_err(backend)?;

        let search_path = schema.clone();
        let pool = pool_options()
            .after_connect(move |conn, _| {
                let search_path = search_path.clone();
                Box::pin(async move {
                    sqlx::query("SELECT set_config('search_path', $1, false)")
                        .bind(search_path)
                        .execute(conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await
            .map_err(|e| unreachable(&options, e))?;
        let pool = Pool::Postgres(pool);
        match SqlStore::migrated(pool.clone(), Some(schema.clone())).await {
            Ok(store) => Ok(store),
            Err(e) => {
                // Best effort: the schema is useless without its tables.
                let _ = (SqlStore {
                    pool,
                    schema: Some(schema),
                })
                .drop_postgres_schema()
                .await;
                Err(e)
            }
        }
    }

    /// The private schema of an isolated store, `None` otherwise.
    pub fn postgres_schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Drops the schema made by
    /// [`connect_postgres_isolated`](Self::connect_postgres_isolated) with everything in
    /// it, then closes the pool. Any other store has no schema of its own: nothing is
    /// dropped, the pool is only closed.
    pub async fn drop_postgres_schema(self) -> StoreResult<()> {
        let result = match (&self.pool, &self.schema) {
            (Pool::Postgres(pool), Some(schema)) => sqlx::query(AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(backend),
            _ => Ok(()),
        };
        self.pool.close().await;
        result
    }
}

fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(POOL_SIZE)
        .acquire_timeout(CONNECT_TIMEOUT)
}

fn parse(url: &str) -> StoreResult<PgConnectOptions> {
    // The URL may hold a password: the message gives only the parser's reason.
    PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Unavailable(format!("invalid PostgreSQL URL: {e}")))
}

fn unreachable(options: &PgConnectOptions, err: sqlx::Error) -> StoreError {
    StoreError::Unavailable(format!(
        "PostgreSQL at {}:{} (database `{}`): {err}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("default"),
    ))
}

/// `warraq_t_` and 16 hex digits, unique among concurrent tests: randomly keyed hashing
/// of the time and a process-wide counter.
fn fresh_schema_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = RandomState::new().hash_one((nanos, count, std::process::id()));
    format!("warraq_t_{random:016x}")
}
