//! The shared store suite, each test in a schema of its own so they run in parallel.
//! The server is `WARRAQ_TEST_DATABASE_URL`, or a local one.

use std::sync::Arc;

use warraq_store::DynStore;
use warraq_store::testsuite::StoreFixture;
use warraq_store_postgres::PostgresStore;

fn database_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

struct PostgresFixture {
    store: PostgresStore,
}

impl PostgresFixture {
    async fn new() -> Self {
        let store = PostgresStore::connect_isolated(&database_url())
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
        if let Err(e) = self.store.drop_schema().await {
            eprintln!("could not drop the test schema: {e}");
        }
    }
}

warraq_store::store_test_suite!(PostgresFixture::new());
