//! Migrations, one folder per database, with a guard against a schema written by a newer
//! warraq.

use sqlx::migrate::Migrator;
use warraq_store::{StoreError, StoreResult};

use crate::db::{Dialect, Pool, on_conn};
use crate::error::backend;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

fn migrator(dialect: Dialect) -> &'static Migrator {
    match dialect {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
    }
}

/// The newest schema version this build knows for `dialect`.
pub(crate) fn supported_version(dialect: Dialect) -> i64 {
    migrator(dialect)
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Brings the schema up to date; refuses one migrated by a newer warraq.
pub(crate) async fn migrate(pool: &Pool) -> StoreResult<()> {
    let dialect = pool.dialect();
    let has_table_sql = match dialect {
        Dialect::Sqlite => {
            "SELECT EXISTS (SELECT 1 FROM sqlite_master \
             WHERE type = 'table' AND name = '_sqlx_migrations')"
        }
        Dialect::Postgres => "SELECT to_regclass('_sqlx_migrations') IS NOT NULL",
    };
    {
        let mut pooled = pool.acquire().await?;
        let conn = &mut pooled.conn();
        let has_table: bool = on_conn!(conn, |c| sqlx::query_scalar(has_table_sql)
            .fetch_one(c)
            .await)
        .map_err(backend)?;
        if has_table {
            // sqlx would refuse with "migration N was previously applied but is missing";
            // say what it means instead.
            let found: Option<i64> = on_conn!(conn, |c| sqlx::query_scalar(
                "SELECT MAX(version) FROM _sqlx_migrations"
            )
            .fetch_one(c)
            .await)
            .map_err(backend)?;
            let supported = supported_version(dialect);
            if let Some(found) = found.filter(|f| *f > supported) {
                return Err(StoreError::SchemaTooNew { found, supported });
            }
        }
    }
    let migrated = match pool {
        Pool::Sqlite(pool) => SQLITE.run(pool).await,
        Pool::Postgres(pool) => POSTGRES.run(pool).await,
    };
    migrated.map_err(|e| {
        StoreError::Backend(format!("migrating the {} schema: {e}", dialect.product()))
    })
}
