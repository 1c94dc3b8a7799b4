//! What the dispatcher tests share: a store on either database, a receiver that checks
//! signatures and can be told to fail, an endpoint that never answers, and waiting for a
//! condition without fixed sleeps.

#![allow(dead_code)]

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use warraq_domain::{Actor, ArticleDraft, Section, SectionDraft, Status, UserId};
use warraq_store::{DynStore, StoreWrites};
use warraq_store_sql::SqlStore;
use warraq_webhooks::{DispatchSettings, Dispatcher, RetryPolicy, SIGNATURE_HEADER, verify};

pub const ACTOR: Actor = Actor::User(UserId(3));

/// A store on SQLite (a file in a temporary folder) or PostgreSQL (a schema of its own).
pub struct TestStore {
    pub store: DynStore,
    sql: SqlStore,
    _folder: Option<tempfile::TempDir>,
}

impl TestStore {
    pub async fn sqlite() -> TestStore {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let sql = SqlStore::open_sqlite(&folder.path().join("warraq.db"))
            .await
            .expect("open the store");
        TestStore {
            store: Arc::new(sql.clone()),
            sql,
            _folder: Some(folder),
        }
    }

    pub async fn postgres() -> TestStore {
        let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let sql = SqlStore::connect_postgres_isolated(&url)
            .await
            .expect("connect to the test database");
        TestStore {
            store: Arc::new(sql.clone()),
            sql,
            _folder: None,
        }
    }

    pub async fn teardown(self) {
        if self.sql.postgres_schema().is_some() {
            let _ = self.sql.drop_postgres_schema().await;
        } else {
            self.sql.close().await;
        }
    }
}

/// Runs `case` on a fresh store, then disposes of the store whatever happened.
pub async fn with_store<F, Fut>(store: TestStore, case: F)
where
    F: FnOnce(DynStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(case(store.store.clone())).await;
    store.teardown().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Quick settings: short polls and back-off, so that retries show within a second.
pub fn quick_settings(base_url: &str) -> DispatchSettings {
    DispatchSettings {
        poll_every: Duration::from_millis(50),
        send_poll_every: Duration::from_millis(50),
        lease_retry_every: Duration::from_millis(100),
        lease_renew_every: Duration::from_millis(200),
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            first: Duration::from_millis(200),
            cap: Duration::from_millis(400),
            give_up_after: Duration::from_secs(60),
        },
        ..DispatchSettings::new(base_url, "ورّاق")
    }
}

/// A dispatcher running until [`Running::stop`] (or dropped).
pub struct Running {
    pub leading: warraq_webhooks::Leading,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn start(store: DynStore, settings: DispatchSettings) -> Running {
        let dispatcher = Dispatcher::new(store, settings).expect("dispatcher");
        let leading = dispatcher.leading();
        let shutdown = CancellationToken::new();
        let task = dispatcher.spawn(shutdown.clone());
        Running {
            leading,
            shutdown,
            task,
        }
    }

    pub async fn stop(mut self) {
        self.shutdown.cancel();
        let _ = (&mut self.task).await;
    }

    /// Ends the task as a dying process would: no release, nothing finished.
    pub async fn kill(self) {
        self.task.abort();
    }
}

/// A case that fails leaves no dispatcher running against a store being torn down.
impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.cancel();
        self.task.abort();
    }
}

/// The node's go-live scheduler, as `warraq serve` runs it: records the moment of
/// scheduled and embargoed articles every 100 ms.
pub fn run_scheduler(store: DynStore) -> CancellationToken {
    let stop = CancellationToken::new();
    let token = stop.clone();
    tokio::spawn(async move {
        while !token.is_cancelled() {
            let _ = store.record_go_live(Utc::now()).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    stop
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub hook: String,
    pub at: DateTime<Utc>,
    pub answered: u16,
    pub headers: HeaderMap,
    pub body: String,
    /// The JSON of a webhook event (`Value::Null` for a WebSub ping).
    pub event: Value,
}

#[derive(Default)]
struct ReceiverState {
    secrets: HashMap<String, String>,
    /// How many requests each hook still fails with 500.
    failures: HashMap<String, usize>,
    received: Vec<Received>,
}

/// An HTTP server standing for the endpoints: `POST /hook/{name}` checks the signature
/// with that hook's secret (a bad one is answered 401 and the test fails), `POST /hub`
/// takes WebSub pings.
#[derive(Clone)]
pub struct Receiver {
    pub base: String,
    state: Arc<Mutex<ReceiverState>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let state = Arc::new(Mutex::new(ReceiverState::default()));
        let app = Router::new()
            .route("/hook/{name}", post(hook))
            .route("/hub", post(hub))
            .with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { base, state }
    }

    pub fn url(&self, hook: &str) -> String {
        format!("{}/hook/{hook}", self.base)
    }

    /// The hook's secret, and how many of its first requests fail.
    pub fn expect(&self, hook: &str, secret: &str, failing_first: usize) {
        let mut state = self.state.lock().unwrap();
        state.secrets.insert(hook.into(), secret.into());
        state.failures.insert(hook.into(), failing_first);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// The events a hook accepted (answered 200), in order.
    pub fn accepted(&self, hook: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.hook == hook && r.answered == 200)
            .collect()
    }
}

async fn hook(
    State(state): State<Arc<Mutex<ReceiverState>>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut state = state.lock().unwrap();
    let secret = state.secrets.get(&name).cloned().unwrap_or_default();
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let answered = if verify(&secret, signature, &body, Utc::now().timestamp(), 300).is_err() {
        StatusCode::UNAUTHORIZED
    } else {
        match state.failures.get_mut(&name) {
            Some(left) if *left > 0 => {
                *left -= 1;
                StatusCode::INTERNAL_SERVER_ERROR
            }
            _ => StatusCode::OK,
        }
    };
    let text = String::from_utf8_lossy(&body).into_owned();
    state.received.push(Received {
        hook: name,
        at: Utc::now(),
        answered: answered.as_u16(),
        headers,
        event: serde_json::from_str(&text).unwrap_or(Value::Null),
        body: text,
    });
    answered
}

async fn hub(
    State(state): State<Arc<Mutex<ReceiverState>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    state.lock().unwrap().received.push(Received {
        hook: "hub".into(),
        at: Utc::now(),
        answered: 204,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        event: Value::Null,
    });
    StatusCode::NO_CONTENT
}

/// An endpoint that accepts connections and never answers: every attempt to it runs
/// into the timeout.
pub async fn black_hole() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/never", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    url
}

/// Waits until `check` holds, at most `within`; fails naming `what`.
pub async fn eventually<F: FnMut() -> bool>(what: &str, within: Duration, mut check: F) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn section(store: &DynStore) -> Section {
    store
        .create_section(ACTOR, &SectionDraft::new("أخبار", 0))
        .await
        .expect("section")
}

pub fn story(headline: &str, section: &Section, status: Status) -> ArticleDraft {
    let mut draft = ArticleDraft::new(headline, section.id);
    draft.lede = format!("موجز: {headline}");
    draft.status = status;
    draft.published_at = Some(Utc::now() - chrono::Duration::minutes(1));
    draft
}
