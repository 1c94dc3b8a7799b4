//! Connecting: refusals that must name their cause, and schema isolation.

use warraq_store::{Store, StoreError};
use warraq_store_postgres::PostgresStore;

fn database_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable_naming_host_and_port() {
    // Port 1 on the loopback interface: nothing listens there, the refusal is immediate.
    let started = std::time::Instant::now();
    let err = PostgresStore::connect("postgres://postgres@127.0.0.1:1/test")
        .await
        .unwrap_err();
    let StoreError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}")
    };
    assert!(message.contains("127.0.0.1:1"), "{message}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "gives up within the connect timeout"
    );
}

#[tokio::test]
async fn a_malformed_url_is_refused_without_echoing_it() {
    let err = PostgresStore::connect("postgres://user:secret@[::1")
        .await
        .unwrap_err();
    let StoreError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}")
    };
    assert!(!message.contains("secret"), "{message}");
}

#[tokio::test]
async fn isolated_stores_do_not_see_each_other_and_their_schema_is_dropped() {
    let a = PostgresStore::connect_isolated(&database_url())
        .await
        .expect("connect a");
    let b = PostgresStore::connect_isolated(&database_url())
        .await
        .expect("connect b");
    assert_ne!(a.schema(), b.schema());
    a.seed_defaults().await.expect("seed a");
    assert_eq!(a.list_sections().await.expect("a").len(), 16);
    assert!(b.list_sections().await.expect("b").is_empty());
    assert_eq!(a.backend(), "postgres");

    let schema = a
        .schema()
        .map(str::to_owned)
        .expect("an isolated store has a schema");
    a.drop_schema().await.expect("drop a");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
            .bind(&schema)
            .fetch_one(b.pool())
            .await
            .expect("look the schema up");
    assert!(!exists, "schema {schema} is gone");
    b.drop_schema().await.expect("drop b");
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_warraq_is_refused() {
    let store = PostgresStore::connect_isolated(&database_url())
        .await
        .expect("connect");
    let schema = store.schema().map(str::to_owned).expect("schema");
    // Pretend a newer warraq applied a migration this build does not know.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', TRUE, '\\x00', 0)",
    )
    .execute(store.pool())
    .await
    .expect("record a future migration");

    let url = database_url();
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options[search_path]={schema}");
    let err = PostgresStore::connect(&in_schema).await.unwrap_err();
    store.drop_schema().await.expect("drop");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99_990_101_000_000, supported } if supported < 99_990_101_000_000),
        "{err:?}"
    );
}
