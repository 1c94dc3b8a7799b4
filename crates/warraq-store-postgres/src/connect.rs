//! Connecting: a pool with a short connect timeout, migrations with a guard against a
//! schema written by a newer warraq, and isolated schemas for tests.

use std::hash::{BuildHasher, RandomState};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};
use warraq_store::{StoreError, StoreResult};

use crate::error::backend;

static MIGRATOR: Migrator = sqlx::migrate!();

const POOL_SIZE: u32 = 8;
/// How long connecting (or waiting for a free connection) may take before the database
/// counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// warraq's store in PostgreSQL.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pub(crate) pool: PgPool,
    /// The private schema of a store made by [`PostgresStore::connect_isolated`].
    schema: Option<String>,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/database`) and brings the schema up
    /// to date. Fails with `Unavailable` naming host and port when the server cannot be
    /// reached within a few seconds, and with `SchemaTooNew` when a newer warraq has
    /// migrated the database.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        let options = parse(url)?;
        let pool = pool_options()
            .connect_with(options.clone())
            .await
            .map_err(|e| unreachable(&options, e))?;
        migrate(&pool).await?;
        Ok(PostgresStore { pool, schema: None })
    }

    /// Connects like [`connect`](Self::connect), but into a new, empty schema
    /// `warraq_t_<random hex>` that every pooled connection uses, so tests can run in
    /// parallel against one database. Remove it with [`drop_schema`](Self::drop_schema).
    pub async fn connect_isolated(url: &str) -> StoreResult<PostgresStore> {
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
        let store = PostgresStore {
            pool,
            schema: Some(schema),
        };
        if let Err(e) = migrate(&store.pool).await {
            // Best effort: the schema is useless without its tables.
            let _ = store.clone().drop_schema().await;
            return Err(e);
        }
        Ok(store)
    }

    /// The private schema of an isolated store, `None` for a store made by `connect`.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Drops the schema made by [`connect_isolated`](Self::connect_isolated) with
    /// everything in it, then closes the pool. A store made by `connect` has no schema of
    /// its own: nothing is dropped, the pool is only closed.
    pub async fn drop_schema(self) -> StoreResult<()> {
        let result = match &self.schema {
            Some(schema) => sqlx::query(AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(backend),
            None => Ok(()),
        };
        self.pool.close().await;
        result
    }

    /// The connection pool, for maintenance tasks and tests that must look under the
    /// store (an isolated store's connections all use its schema).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection, waiting for running queries to finish.
    pub async fn close(&self) {
        self.pool.close().await;
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

/// The newest schema version this build knows.
pub(crate) fn supported_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

async fn migrate(pool: &PgPool) -> StoreResult<()> {
    let has_table: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    if has_table {
        // sqlx would refuse with "migration N was previously applied but is missing";
        // say what it means instead.
        let found: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(pool)
            .await
            .map_err(backend)?;
        let supported = supported_version();
        if let Some(found) = found.filter(|f| *f > supported) {
            return Err(StoreError::SchemaTooNew { found, supported });
        }
    }
    MIGRATOR
        .run(pool)
        .await
        .map_err(|e| StoreError::Backend(format!("migrating the PostgreSQL schema: {e}")))
}
