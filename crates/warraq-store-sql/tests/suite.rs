//! The shared store suite on both databases: on SQLite each test has its own database
//! file in a temporary folder; on PostgreSQL its own schema, so that tests run in
//! parallel. The PostgreSQL server is `WARRAQ_TEST_DATABASE_URL`, or the local one.

use std::sync::Arc;

use warraq_store::DynStore;
use warraq_store::testsuite::StoreFixture;
use warraq_store_sql::SqlStore;

struct SqliteFixture {
    store: SqlStore,
    folder: tempfile::TempDir,
}

impl SqliteFixture {
    async fn new() -> Self {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let store = SqlStore::open_sqlite(&folder.path().join("warraq.db"))
            .await
            .expect("open the store");
        SqliteFixture { store, folder }
    }
}

impl StoreFixture for SqliteFixture {
    fn store(&self) -> DynStore {
        Arc::new(self.store.clone())
    }

    async fn teardown(self) {
        self.store.close().await;
        drop(self.folder);
    }
}

struct PostgresFixture {
    store: SqlStore,
}

impl PostgresFixture {
    async fn new() -> Self {
        let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let store = SqlStore::connect_postgres_isolated(&url)
            .await
            .expect("connect to the test database");
        PostgresFixture { store }
    }
}

impl StoreFixture for PostgresFixture {
    fn store(&self) -> DynStore {
        Arc::new(self.store.clone())
    }

    async fn teardown(self) {
        if let Err(e) = self.store.drop_postgres_schema().await {
            eprintln!("could not drop the test schema: {e}");
        }
    }
}

mod sqlite {
    use super::SqliteFixture;
    warraq_store::store_test_suite!(SqliteFixture::new());
}

mod postgres {
    use super::PostgresFixture;
    warraq_store::store_test_suite!(PostgresFixture::new());
}
