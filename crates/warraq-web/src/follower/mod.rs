//! The change-log follower: one task per node that reads the store's change log from the
//! position it has applied and hands each batch to its subscribers (this node's caches
//! first; the search index and feeds subscribe the same way), then publishes the new
//! position. Everything derived on a node follows the log, so several nodes on one
//! database stay correct with nobody purging anything.
//!
//! Delivery is at least once and in log order: a batch that a subscriber could not apply
//! (the database went away while it reloaded something) comes again, possibly longer, and
//! the position does not move until every subscriber applied it.

mod outage;

use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;
use warraq_store::{Change, ChangeKind, DynStore, Entity, StoreError};

pub use outage::{Backoff, Outage};

/// How many log entries one poll reads at most; a longer backlog is read in several
/// batches, one right after the other.
const BATCH_LIMIT: u32 = 500;

/// The log position a node has applied: every entry up to it is reflected in its caches.
/// Read on every request (the page cache is keyed on it), so it is a plain atomic.
#[derive(Debug, Default)]
pub struct AppliedPosition(AtomicI64);

impl AppliedPosition {
    pub fn new(seq: i64) -> Self {
        AppliedPosition(AtomicI64::new(seq))
    }

    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Acquire)
    }

    fn publish(&self, seq: i64) {
        self.0.fetch_max(seq, Ordering::AcqRel);
    }

    /// After a rebuild the position is whatever the log's newest entry is, even lower
    /// (a database restored from a backup).
    fn reset(&self, seq: i64) {
        self.0.store(seq, Ordering::Release);
    }
}

/// Log entries in order, and the position reached once they are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBatch {
    pub changes: Vec<Change>,
    /// The position after this batch (the last entry's sequence number).
    pub up_to: i64,
}

impl ChangeBatch {
    /// Whether any entry touched a record of this kind.
    pub fn touches(&self, entity: Entity) -> bool {
        self.changes.iter().any(|c| c.entity == entity)
    }

    /// The ids (as the log writes them) of the records of this kind that changed, each
    /// once.
    pub fn ids_of(&self, entity: Entity) -> HashSet<&str> {
        self.changes
            .iter()
            .filter(|c| c.entity == entity)
            .map(|c| c.entity_id.as_str())
            .collect()
    }

    /// Whether a record of this kind was deleted.
    pub fn deletes(&self, entity: Entity) -> bool {
        self.changes
            .iter()
            .any(|c| c.entity == entity && c.kind == ChangeKind::Deleted)
    }
}

/// Something derived from the store that follows the change log: a node's caches, a
/// search index, feeds.
#[async_trait]
pub trait ChangeSubscriber: Send + Sync + 'static {
    /// For logs.
    fn name(&self) -> &'static str;

    /// Brings what the subscriber holds up to date with `batch`. May be called again with
    /// entries already applied (after a failure), so applying must be idempotent.
    async fn apply(&self, batch: &ChangeBatch) -> anyhow::Result<()>;

    /// The follower missed entries the log no longer keeps: drop everything derived and
    /// load it again from the store, which is at least at `position`.
    async fn rebuild(&self, position: i64) -> anyhow::Result<()>;
}

/// What one poll did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing new in the log.
    Idle,
    /// Entries applied; `more` when the batch was full and more may be waiting.
    Applied { changes: usize, more: bool },
    /// The log no longer held the position (pruned past it, or it ends before it after a
    /// restore): everything derived was rebuilt.
    Rebuilt { position: i64 },
}

/// Why a poll did not advance.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error("reading the change log failed: {0}")]
    Store(#[from] StoreError),
    #[error("subscriber `{name}` failed: {source:#}")]
    Subscriber {
        name: &'static str,
        source: anyhow::Error,
    },
}

/// When the follower polls and how it waits out an unreachable database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowTiming {
    /// Between polls that found nothing (a change shows on every node within about this).
    pub poll_every: Duration,
    /// How often an idle follower checks that the log did not go back behind its position
    /// (a database restored from a backup), which no new entry would reveal.
    pub check_log_every: Duration,
    /// While the database does not answer.
    pub backoff: Backoff,
}

impl Default for FollowTiming {
    fn default() -> Self {
        FollowTiming {
            poll_every: Duration::from_millis(200),
            check_log_every: Duration::from_secs(10),
            backoff: Backoff {
                first: Duration::from_millis(200),
                cap: Duration::from_secs(5),
            },
        }
    }
}

pub struct Follower {
    store: DynStore,
    position: Arc<AppliedPosition>,
    subscribers: Vec<Arc<dyn ChangeSubscriber>>,
    timing: FollowTiming,
    log_checked: Mutex<Instant>,
}

impl Follower {
    /// A follower that starts at `position` (what the subscribers already reflect).
    pub fn new(store: DynStore, position: Arc<AppliedPosition>) -> Self {
        Follower {
            store,
            position,
            subscribers: Vec::new(),
            timing: FollowTiming::default(),
            log_checked: Mutex::new(Instant::now()),
        }
    }

    /// Adds a subscriber; batches reach subscribers in the order they were added.
    pub fn subscribe(mut self, subscriber: Arc<dyn ChangeSubscriber>) -> Self {
        self.subscribers.push(subscriber);
        self
    }

    pub fn with_timing(mut self, timing: FollowTiming) -> Self {
        self.timing = timing;
        self
    }

    pub fn position(&self) -> i64 {
        self.position.get()
    }

    /// Reads what the log holds after the position, applies it and publishes the new
    /// position; rebuilds when the log no longer holds what comes right after it, or (when
    /// idle, now and then) when the log ends before the position.
    pub async fn poll_once(&self) -> Result<Progress, FollowError> {
        let position = self.position.get();
        let changes = self.store.changes_since(position, BATCH_LIMIT).await?;
        let Some(first) = changes.first() else {
            if self.time_to_check_the_log() && self.store.last_change_seq().await? < position {
                return self.rebuild().await;
            }
            return Ok(Progress::Idle);
        };
        // Sequence numbers may skip (a rolled-back write on PostgreSQL); only the log's
        // retention tells whether entries were pruned before we read them.
        if first.seq > position + 1 && position < self.store.oldest_change_seq().await? - 1 {
            return self.rebuild().await;
        }
        let count = changes.len();
        let more = count >= BATCH_LIMIT as usize;
        let up_to = changes.last().map_or(position, |c| c.seq);
        let batch = ChangeBatch { changes, up_to };
        for subscriber in &self.subscribers {
            subscriber
                .apply(&batch)
                .await
                .map_err(|source| FollowError::Subscriber {
                    name: subscriber.name(),
                    source,
                })?;
        }
        self.position.publish(up_to);
        Ok(Progress::Applied {
            changes: count,
            more,
        })
    }

    fn time_to_check_the_log(&self) -> bool {
        let mut checked = self.log_checked.lock().unwrap_or_else(|p| p.into_inner());
        if checked.elapsed() < self.timing.check_log_every {
            return false;
        }
        *checked = Instant::now();
        true
    }

    async fn rebuild(&self) -> Result<Progress, FollowError> {
        let from = self.position.get();
        // Read first: whatever the subscribers load next is at least this new.
        let newest = self.store.last_change_seq().await?;
        for subscriber in &self.subscribers {
            subscriber
                .rebuild(newest)
                .await
                .map_err(|source| FollowError::Subscriber {
                    name: subscriber.name(),
                    source,
                })?;
        }
        self.position.reset(newest);
        tracing::warn!(
            from,
            to = newest,
            "the change log no longer holds this node's position (pruned past it, or the \
             database went back): caches rebuilt"
        );
        Ok(Progress::Rebuilt { position: newest })
    }

    /// Follows the log until `shutdown` is cancelled (a poll under way is abandoned: its
    /// batch was not applied everywhere, so the position did not move).
    pub async fn run(self, shutdown: CancellationToken) {
        let mut outage = Outage::new("change-log follower", self.timing.backoff);
        let mut wait = Duration::ZERO;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(wait) => {}
            }
            let polled = tokio::select! {
                () = shutdown.cancelled() => break,
                polled = self.poll_once() => polled,
            };
            wait = match polled {
                Ok(progress) => {
                    outage.succeeded();
                    match progress {
                        Progress::Applied { more: true, .. } => Duration::ZERO,
                        _ => self.timing.poll_every,
                    }
                }
                Err(error) => outage.failed(&error),
            };
        }
        tracing::debug!(
            position = self.position.get(),
            "change-log follower stopped"
        );
    }

    pub fn spawn(self, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.run(shutdown))
    }
}
