//! Opening the database file: folder checks, connection settings, and migrations with a
//! guard against a schema written by a newer warraq.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use warraq_store::{StoreError, StoreResult};

use crate::error::backend;

static MIGRATOR: Migrator = sqlx::migrate!();

/// Readers share a few connections; SQLite writes one at a time anyway.
const POOL_SIZE: u32 = 4;
/// How long a writer waits for another one (in this or another process) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// warraq's store in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating when missing) the database at `path` and brings its schema up to
    /// date. Fails with `Unavailable` when the file or its folder cannot be written, and
    /// with `SchemaTooNew` when a newer warraq has migrated it.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        ensure_writable(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
        migrate(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// A private in-memory database, for tests and throw-away demos. One connection that
    /// is never recycled, since the data lives only as long as it does.
    pub async fn open_in_memory() -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(backend)?
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(backend)?;
        migrate(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for maintenance tasks and tests that must look under the
    /// store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection, waiting for running queries to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates the folder and the file when missing and checks they can be written, so the
/// error names the path and the operating system's reason instead of SQLite's
/// "unable to open database file".
fn ensure_writable(path: &Path) -> StoreResult<()> {
    let unavailable = |what: &str, at: &Path, err: std::io::Error| {
        StoreError::Unavailable(format!("cannot {what} {}: {err}", at.display()))
    };
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| unavailable("create the folder", folder, e))?;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| unavailable("write the database file", path, e))?;
    Ok(())
}

/// The newest schema version this build knows.
pub(crate) fn supported_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

async fn migrate(pool: &SqlitePool) -> StoreResult<()> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
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
        .map_err(|e| StoreError::Backend(format!("migrating the SQLite schema: {e}")))
}
