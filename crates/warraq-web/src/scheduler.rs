//! The node's clockwork: recording go-lives and pruning the change log.
//!
//! Readers see a scheduled or embargoed article from its moment on because visibility
//! asks the clock; the go-live entry this task writes (as `system`) is what makes every
//! node's caches follow. Every node runs it: the store makes concurrent calls safe, and a
//! node that restarts catches up on its first call.

use std::time::Duration;

use chrono::Utc;
use tokio_util::sync::CancellationToken;
use warraq_store::DynStore;

use crate::follower::{Backoff, Outage};

/// Records go-lives every `every` (and once right away) until `shutdown`.
pub async fn record_go_lives(
    store: DynStore,
    every: Duration,
    backoff: Backoff,
    shutdown: CancellationToken,
) {
    let mut outage = Outage::new("go-live scheduler", backoff);
    let mut wait = Duration::ZERO;
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(wait) => {}
        }
        // Abandoning the call rolls its transaction back: nothing is half recorded.
        let recorded = tokio::select! {
            () = shutdown.cancelled() => break,
            recorded = store.record_go_live(Utc::now()) => recorded,
        };
        wait = match recorded {
            Ok(moved) => {
                outage.succeeded();
                if !moved.is_empty() {
                    let ids: Vec<i64> = moved.iter().map(|id| id.0).collect();
                    tracing::info!(articles = ?ids, "articles went live");
                }
                every
            }
            Err(error) => outage.failed(&error).max(every),
        };
    }
}

/// Prunes change-log entries older than `retention` every `every` (and once right away)
/// until `shutdown`. A node whose follower falls that far behind rebuilds its caches.
pub async fn prune_change_log(
    store: DynStore,
    retention: chrono::Duration,
    every: Duration,
    shutdown: CancellationToken,
) {
    let mut wait = Duration::ZERO;
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(wait) => {}
        }
        let pruned = tokio::select! {
            () = shutdown.cancelled() => break,
            pruned = store.prune_changes(Utc::now() - retention) => pruned,
        };
        match pruned {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "change log pruned"),
            // Hourly: each failure is worth a line.
            Err(error) => tracing::warn!(%error, "pruning the change log failed"),
        }
        wait = every;
    }
}
