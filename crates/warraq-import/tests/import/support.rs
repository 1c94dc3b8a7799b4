//! Shared test helpers: stores of both backends, running an import with captured output,
//! and the shared reference inputs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;
use warraq_import::{ImportArgs, ImportReport, run_import_to};
use warraq_store::Store;
use warraq_store_sql::SqlStore;

pub const BASE_URL: &str = "https://news.example";
pub const SITE_NAME: &str = "وراق";
/// `WARRAQ_TEST_DATABASE_URL` (as `scripts/test` sets it), else the local test database.
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A seeded store and what keeps it alive (the SQLite file's folder), or the PostgreSQL
/// schema it lives in, dropped when the test ends (passed or failed).
pub struct TestStore {
    pub store: Arc<dyn Store>,
    _dir: Option<TempDir>,
    pg_schema: Option<String>,
}

impl Drop for TestStore {
    fn drop(&mut self) {
        let Some(schema) = self.pg_schema.take() else {
            return;
        };
        if let Err(e) = warraq_store_sql::drop_scratch_schema(&postgres_url(), &schema) {
            eprintln!("warning: the test schema {schema} could not be dropped: {e}");
        }
    }
}

impl TestStore {
    pub fn get(&self) -> &dyn Store {
        self.store.as_ref()
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub async fn store(backend: Backend) -> TestStore {
    let ts = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = SqlStore::open_sqlite(&dir.path().join("warraq.db"))
                .await
                .expect("open sqlite");
            TestStore {
                store: Arc::new(store),
                _dir: Some(dir),
                pg_schema: None,
            }
        }
        Backend::Postgres => {
            let store = SqlStore::connect_postgres_isolated(&postgres_url())
                .await
                .expect("connect postgres");
            TestStore {
                pg_schema: store.postgres_schema().map(str::to_string),
                store: Arc::new(store),
                _dir: None,
            }
        }
    };
    ts.store.seed_defaults().await.expect("seed defaults");
    ts
}

fn postgres_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string())
}

/// Instantiates `async fn name(backend: Backend)` once per backend.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )+
    };
}

/// What an import printed.
pub struct Run {
    pub report: ImportReport,
    pub stdout: String,
    pub stderr: String,
}

pub async fn import(store: Option<&dyn Store>, args: &ImportArgs) -> Run {
    let mut out: Vec<u8> = Vec::new();
    let mut err: Vec<u8> = Vec::new();
    let report = run_import_to(store, args, BASE_URL, SITE_NAME, &mut out, &mut err, false)
        .await
        .expect("import runs");
    Run {
        report,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// The shared inputs (`../shared` beside the repository), or `None` with a printed line.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {} is absent", path.display());
        None
    }
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test input");
    path
}

/// A small ninjs 3.1 text document of our own.
pub fn ninjs_text(uri: &str, headline: &str, body: &str) -> serde_json::Value {
    serde_json::json!({
        "uri": uri,
        "type": "text",
        "pubStatus": "usable",
        "language": "ar",
        "versionCreated": "2024-11-02T08:30:00Z",
        "firstCreated": "2024-11-02T08:00:00Z",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": body}],
    })
}
