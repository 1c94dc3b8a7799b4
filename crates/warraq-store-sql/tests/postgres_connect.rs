//! Connecting to PostgreSQL: refusals that must name their cause, and schema isolation.

use sqlx::postgres::PgPoolOptions;
use warraq_store::{CatalogStore, Store, StoreError};
use warraq_store_sql::SqlStore;

fn database_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The URL of the test database with `schema` first on the search path.
fn url_in_schema(schema: &str) -> String {
    let url = database_url();
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options[search_path]={schema}")
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable_naming_host_and_port() {
    // Port 1 on the loopback interface: nothing listens there, the refusal is immediate.
    let err = SqlStore::connect_postgres("postgres://postgres@127.0.0.1:1/test")
        .await
        .unwrap_err();
    let StoreError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}")
    };
    assert!(message.contains("127.0.0.1:1"), "{message}");
}

#[tokio::test]
async fn a_malformed_url_is_refused_without_echoing_it() {
    let err = SqlStore::connect_postgres("postgres://user:secret@[::1")
        .await
        .unwrap_err();
    let StoreError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}")
    };
    assert!(!message.contains("secret"), "{message}");
}

#[tokio::test]
async fn isolated_stores_do_not_see_each_other_and_their_schema_is_dropped() {
    let a = SqlStore::connect_postgres_isolated(&database_url())
        .await
        .expect("connect a");
    let b = SqlStore::connect_postgres_isolated(&database_url())
        .await
        .expect("connect b");
    assert_ne!(a.postgres_schema(), b.postgres_schema());
    a.seed_defaults().await.expect("seed a");
    assert_eq!(a.list_sections().await.expect("a").len(), 16);
    assert!(b.list_sections().await.expect("b").is_empty());
    assert_eq!(a.backend(), "postgres");

    let schema = a
        .postgres_schema()
        .map(str::to_owned)
        .expect("an isolated store has a schema");
    a.drop_postgres_schema().await.expect("drop a");
    let raw = PgPoolOptions::new()
        .max_connections(1)
        .connect(&database_url())
        .await
        .expect("connect directly");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
            .bind(&schema)
            .fetch_one(&raw)
            .await
            .expect("look the schema up");
    raw.close().await;
    assert!(!exists, "schema {schema} is gone");
    b.drop_postgres_schema().await.expect("drop b");
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_warraq_is_refused() {
    let store = SqlStore::connect_postgres_isolated(&database_url())
        .await
        .expect("connect");
    let schema = store.postgres_schema().map(str::to_owned).expect("schema");
    // Pretend a newer warraq applied a migration this build does not know.
    let raw = PgPoolOptions::new()
        .max_connections(1)
        .connect(&url_in_schema(&schema))
        .await
        .expect("connect directly");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', TRUE, '\\x00', 0)",
    )
    .execute(&raw)
    .await
    .expect("record a future migration");
    raw.close().await;

    let err = SqlStore::connect_postgres(&url_in_schema(&schema))
        .await
        .unwrap_err();
    store.drop_postgres_schema().await.expect("drop");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99_990_101_000_000, supported } if supported < 99_990_101_000_000),
        "{err:?}"
    );
}
