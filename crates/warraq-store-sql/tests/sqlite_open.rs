//! Opening an SQLite database: refusals that must name their cause.

use warraq_store::{CatalogStore, Store, StoreError};
use warraq_store_sql::SqlStore;

#[tokio::test]
async fn opening_creates_missing_folders_and_reopening_keeps_the_data() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("data").join("nested").join("warraq.db");
    let store = SqlStore::open_sqlite(&path).await.expect("open");
    store.seed_defaults().await.expect("seed");
    store.close().await;

    let reopened = SqlStore::open_sqlite(&path).await.expect("reopen");
    assert_eq!(reopened.list_sections().await.expect("sections").len(), 16);
    assert_eq!(reopened.backend(), "sqlite");
}

#[tokio::test]
async fn a_folder_that_cannot_be_created_is_unavailable_naming_the_path() {
    let folder = tempfile::tempdir().expect("temporary folder");
    // A plain file where a folder should be: fails for every user, root included.
    let blocker = folder.path().join("not-a-folder");
    std::fs::write(&blocker, b"").expect("write the blocking file");
    let path = blocker.join("warraq.db");

    let err = SqlStore::open_sqlite(&path).await.unwrap_err();
    let StoreError::Unavailable(message) = &err else {
        panic!("expected Unavailable, got {err:?}")
    };
    assert!(
        message.contains(&blocker.display().to_string()),
        "{message}"
    );
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_warraq_is_refused() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("warraq.db");
    let store = SqlStore::open_sqlite(&path).await.expect("open");
    store.close().await;

    // Pretend a newer warraq applied a migration this build does not know.
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path))
            .await
            .expect("connect directly");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', TRUE, X'00', 0)",
    )
    .execute(&pool)
    .await
    .expect("record a future migration");
    pool.close().await;

    let err = SqlStore::open_sqlite(&path).await.unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99_990_101_000_000, supported } if supported < 99_990_101_000_000),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_in_memory_store_works_like_a_file() {
    let store = SqlStore::open_sqlite_in_memory().await.expect("open");
    store.seed_defaults().await.expect("seed");
    assert_eq!(store.list_sections().await.expect("sections").len(), 16);
}
