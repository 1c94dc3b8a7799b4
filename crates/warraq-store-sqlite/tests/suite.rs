//! The shared store suite, each test on its own database file in a temporary folder.

use std::sync::Arc;

use warraq_store::DynStore;
use warraq_store::testsuite::StoreFixture;
use warraq_store_sqlite::SqliteStore;

struct SqliteFixture {
    store: SqliteStore,
    folder: tempfile::TempDir,
}

impl SqliteFixture {
    async fn new() -> Self {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let store = SqliteStore::open(&folder.path().join("warraq.db"))
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

warraq_store::store_test_suite!(SqliteFixture::new());
