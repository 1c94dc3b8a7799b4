//! Opening an SQLite database file: folder checks and connection settings (WAL, foreign
//! keys, a busy timeout for writers of other processes).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use warraq_store::{StoreError, StoreResult};

use crate::db::Pool;
use crate::error::backend;
use crate::migrate::migrate;
use crate::store::SqlStore;
use crate::{articles, media};

/// Readers share a few connections; SQLite writes one at a time anyway.
const POOL_SIZE: u32 = 4;
/// How long a writer waits for another one (in this or another process) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl SqlStore {
    /// Opens (creating when missing) the SQLite database at `path` and brings its schema
    /// up to date. Fails with `Unavailable` when the file or its folder cannot be written,
    /// and with `SchemaTooNew` when a newer warraq has migrated it.
    pub async fn open_sqlite(path: &Path) -> StoreResult<SqlStore> {
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
        SqlStore::migrated(Pool::Sqlite(pool), None).await
    }

    /// A private in-memory SQLite database, for tests and throw-away demos. One
    /// connection that is never recycled, since the data lives only as long as it does.
    pub async fn open_sqlite_in_memory() -> StoreResult<SqlStore> {
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
        SqlStore::migrated(Pool::Sqlite(pool), None).await
    }

    /// Brings the schema up to date, then fills what a migration could not compute in
    /// SQL (the folded words of pictures stored before migration 0003, the tag slugs of
    /// articles stored before 0005).
    pub(crate) async fn migrated(pool: Pool, schema: Option<String>) -> StoreResult<SqlStore> {
        migrate(&pool).await?;
        media::fold_unfolded(&pool).await?;
        articles::index_pending_tags(&pool).await?;
        Ok(SqlStore { pool, schema })
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
