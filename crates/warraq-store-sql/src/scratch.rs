//! Dropping a scratch schema (made by
//! [`SqlStore::connect_postgres_isolated`](crate::SqlStore::connect_postgres_isolated)) from
//! anywhere, including a `Drop` in a test that cannot await.
//!
//! A transaction dropped without commit is rolled back when its connection goes back to
//! the pool, by a task of the runtime that owned it. A `Drop` that blocks that runtime while
//! waiting for `DROP SCHEMA` would wait forever for locks only that task would release. So
//! the backends still holding locks in the schema are ended first: they belong to the store
//! being thrown away.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// Drops `schema` with everything in it, on a thread and runtime of its own; blocks until
/// done. Only names of scratch schemas (`warraq_t_` and hex digits) are accepted.
pub fn drop_scratch_schema(url: &str, schema: &str) -> Result<(), String> {
    let valid = schema
        .strip_prefix("warraq_t_")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit()));
    if !valid {
        return Err(format!("`{schema}` is not a scratch schema"));
    }
    let (url, schema) = (url.to_string(), schema.to_string());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async move {
            let mut admin = PgConnection::connect(&url)
                .await
                .map_err(|e| e.to_string())?;
            sqlx::query(
                "SELECT pg_terminate_backend(l.pid) FROM pg_locks l \
                 JOIN pg_class c ON c.oid = l.relation \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND l.pid <> pg_backend_pid()",
            )
            .bind(&schema)
            .execute(&mut admin)
            .await
            .map_err(|e| e.to_string())?;
            // The name was checked above: safe to splice.
            sqlx::query(AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(&mut admin)
            .await
            .map_err(|e| e.to_string())?;
            admin.close().await.map_err(|e| e.to_string())
        })
    })
    .join()
    .map_err(|_| "the schema-dropping thread panicked".to_string())?
}
