//! What the index's store tests share: the PostgreSQL test database, and the macro that
//! runs a scenario on both backends.

pub fn database_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Runs a scenario on a fresh SQLite store and on a fresh PostgreSQL schema; each gets a
/// temporary folder for its index.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let folder = tempfile::tempdir().expect("a temporary folder");
                    let store = warraq_store_sql::SqlStore::open_sqlite(&folder.path().join("warraq.db"))
                        .await
                        .expect("open SQLite");
                    super::$scenario(&store, &folder.path().join("search")).await;
                    store.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let folder = tempfile::tempdir().expect("a temporary folder");
                    let store = warraq_store_sql::SqlStore::connect_postgres_isolated(&$crate::common::database_url())
                        .await
                        .expect("connect to the test database");
                    super::$scenario(&store, &folder.path().join("search")).await;
                    if let Err(e) = store.drop_postgres_schema().await {
                        eprintln!("could not drop the test schema: {e}");
                    }
                }
            )*
        }
    };
}
