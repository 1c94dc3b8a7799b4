//! Stores of both backends for the newsroom tests: a SQLite file in a temporary folder, or
//! an isolated PostgreSQL schema dropped when the test ends.

use std::sync::Arc;

use tempfile::TempDir;
use warraq_store::DynStore;
use warraq_store_sql::SqlStore;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestStore {
    pub store: DynStore,
    sql: SqlStore,
    _dir: Option<TempDir>,
}

impl TestStore {
    pub async fn new(backend: Backend) -> Self {
        let (sql, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let sql = SqlStore::open_sqlite(&dir.path().join("warraq.db"))
                    .await
                    .expect("open SQLite");
                (sql, Some(dir))
            }
            Backend::Postgres => {
                let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.into());
                let sql = SqlStore::connect_postgres_isolated(&url)
                    .await
                    .expect("connect to PostgreSQL");
                (sql, None)
            }
        };
        let store: DynStore = Arc::new(sql.clone());
        store.seed_defaults().await.expect("seed");
        TestStore {
            store,
            sql,
            _dir: dir,
        }
    }

    /// Drops the PostgreSQL schema (nothing to do on SQLite: the folder goes with `self`).
    pub async fn finish(self) {
        if let Err(e) = self.sql.drop_postgres_schema().await {
            eprintln!("warning: the test schema could not be dropped: {e}");
        }
    }
}

/// Runs `async fn name(store: &TestStore)` once per backend, tearing down even on failure.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                use $crate::support::{Backend, TestStore};

                async fn run(backend: Backend) {
                    let store = TestStore::new(backend).await;
                    let outcome = {
                        let store = std::sync::Arc::new(store);
                        let inner = store.clone();
                        let outcome = tokio::spawn(async move { super::$name(&inner).await }).await;
                        (outcome, std::sync::Arc::into_inner(store))
                    };
                    if let Some(store) = outcome.1 {
                        store.finish().await;
                    }
                    if let Err(failure) = outcome.0 {
                        std::panic::resume_unwind(failure.into_panic());
                    }
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run(Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run(Backend::Postgres).await
                }
            }
        )+
    };
}
