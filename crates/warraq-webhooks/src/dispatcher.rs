//! The dispatcher: one task per node that waits for the dispatching lease and, while it
//! holds it, turns change-log entries into deliveries and sends them. Nodes without the
//! lease only try to take it now and then, so each event is enqueued and sent by one node
//! even with several; when the holder dies (its PostgreSQL session ends) another takes
//! over from the position the store keeps. Nothing here is on a request's path: a slow or
//! dead endpoint never holds up publishing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use warraq_store::{DynStore, StoreError, WebhookLease};

use crate::enqueue::collect;
use crate::sender;
use crate::settings::DispatchSettings;

/// Why the dispatcher could not start.
#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error("cannot build the HTTP client for webhooks: {0}")]
    Client(#[from] reqwest::Error),
}

pub struct Dispatcher {
    store: DynStore,
    settings: Arc<DispatchSettings>,
    client: reqwest::Client,
    leading: Arc<AtomicBool>,
}

/// Whether a dispatcher holds the lease now (for health reports and tests).
#[derive(Debug, Clone)]
pub struct Leading(Arc<AtomicBool>);

impl Leading {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

impl Dispatcher {
    pub fn new(store: DynStore, settings: DispatchSettings) -> Result<Self, DispatchError> {
        let client = sender::client(&settings)?;
        Ok(Dispatcher {
            store,
            settings: Arc::new(settings),
            client,
            leading: Arc::new(AtomicBool::new(false)),
        })
    }

    pub fn leading(&self) -> Leading {
        Leading(self.leading.clone())
    }

    pub fn spawn(self, shutdown: CancellationToken) -> JoinHandle<()> {
        tokio::spawn(self.run(shutdown))
    }

    /// Runs in a task of its own until [`Running::stop`] (or the handle is dropped).
    pub fn start(self) -> Running {
        let shutdown = CancellationToken::new();
        let leading = self.leading();
        let task = self.spawn(shutdown.clone());
        Running {
            shutdown,
            task: Some(task),
            leading,
        }
    }

    /// Takes the lease whenever it is free and dispatches while holding it, until
    /// `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            let lease = tokio::select! {
                () = shutdown.cancelled() => break,
                lease = self.store.try_webhook_lease() => lease,
            };
            match lease {
                Ok(Some(lease)) => self.lead(lease, &shutdown).await,
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cannot ask for the webhook lease"),
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(self.settings.lease_retry_every) => {}
            }
        }
    }

    async fn lead(&self, mut lease: Box<dyn WebhookLease>, shutdown: &CancellationToken) {
        tracing::info!("this node now sends webhooks");
        self.leading.store(true, Ordering::Release);
        let stop = shutdown.child_token();
        // Dropped with this future too (the task aborted): the enqueuer and the sender must
        // not outlive the lease.
        let _stop_on_drop = stop.clone().drop_guard();
        let wake = Arc::new(Notify::new());
        let mut enqueue = tokio::spawn(enqueue_loop(
            self.store.clone(),
            self.settings.clone(),
            wake.clone(),
            stop.clone(),
        ));
        let send = tokio::spawn(sender::run(
            self.store.clone(),
            self.client.clone(),
            self.settings.clone(),
            wake,
            stop.clone(),
        ));
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = &mut enqueue => break,
                () = tokio::time::sleep(self.settings.lease_renew_every) => {
                    match lease.renew().await {
                        Ok(true) => {}
                        held => {
                            tracing::warn!(?held, "the webhook lease was lost");
                            break;
                        }
                    }
                }
            }
        }
        stop.cancel();
        let _ = enqueue.await;
        let _ = send.await;
        self.leading.store(false, Ordering::Release);
        lease.release().await;
        tracing::info!("this node no longer sends webhooks");
    }
}

/// A dispatcher started with [`Dispatcher::start`].
pub struct Running {
    shutdown: CancellationToken,
    task: Option<JoinHandle<()>>,
    leading: Leading,
}

impl Running {
    pub fn leading(&self) -> &Leading {
        &self.leading
    }

    /// Stops dispatching (attempts under way are abandoned and sent again later) and
    /// gives the lease up, so that another node takes over at once.
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
        {
            tracing::warn!(%error, "the webhook dispatcher ended badly");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Reads the log after the stored position and records each batch; ends when another
/// dispatcher moved the position (the lease was lost without this node noticing yet).
async fn enqueue_loop(
    store: DynStore,
    settings: Arc<DispatchSettings>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let mut position = None;
    let mut wait = Duration::ZERO;
    let mut failing = false;
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(wait) => {}
        }
        let step = async {
            let at = match position {
                Some(at) => at,
                None => store.webhook_position().await?,
            };
            let Some(collected) = collect(&*store, &settings, at, Utc::now()).await? else {
                return Ok((at, false));
            };
            store.record_webhook_batch(&collected.batch).await?;
            if !collected.batch.deliveries.is_empty() {
                wake.notify_one();
            }
            Ok::<_, StoreError>((collected.batch.up_to, collected.full))
        };
        let stepped = tokio::select! {
            () = stop.cancelled() => return,
            stepped = step => stepped,
        };
        wait = match stepped {
            Ok((at, more)) => {
                position = Some(at);
                if more {
                    Duration::ZERO
                } else {
                    settings.poll_every
                }
            }
            Err(StoreError::Conflict { found, .. }) => {
                tracing::warn!(
                    found,
                    "another node moved the webhook position: it sends now, this one stops"
                );
                return;
            }
            Err(error) => {
                // Read the position again: the write may have been committed after all.
                position = None;
                if !failing {
                    tracing::warn!(%error, "cannot read the change log for webhooks; trying on");
                }
                failing = true;
                settings.poll_every.max(Duration::from_secs(1))
            }
        };
        if failing && position.is_some() {
            failing = false;
            tracing::info!("webhooks follow the change log again");
        }
    }
}
