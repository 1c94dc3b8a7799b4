//! One warraq node: the app state and the background tasks that keep it right (the
//! change-log follower, the go-live scheduler, change-log retention). `warraq serve`
//! runs one; tests run one or several on the same store, as a cluster would.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use warraq_search::SearchIndex;
use warraq_store::DynStore;

use crate::config::SiteConfig;
use crate::fast_path::Site;
use crate::follower::{Backoff, ChangeSubscriber, FollowTiming};
use crate::related_ahead::{Pace, work_out_related_ahead};
use crate::scheduler::{prune_change_log, record_go_lives};
use crate::search_index::{SearchSubscriber, catch_up_in_background};
use crate::state::AppState;

/// The share of one core that related articles are worked out with ahead of readers, by
/// default: a quarter leaves the node's readers the rest.
pub const DEFAULT_RELATED_AHEAD_PERCENT: u8 = 25;

/// How the node's background tasks behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSettings {
    /// How long change-log entries are kept. A node whose follower is further behind
    /// (stopped, cut off) rebuilds its caches when it comes back.
    pub change_log_retention: chrono::Duration,
    pub follow: FollowTiming,
    /// Between two go-live checks.
    pub go_live_every: Duration,
    /// Between two prunings of the change log.
    pub prune_every: Duration,
    /// How much of a core working out related articles ahead of readers may take
    /// (`None`: readers work them out; see [`crate::related_ahead`]).
    pub related_ahead: Option<Pace>,
}

impl Default for NodeSettings {
    fn default() -> Self {
        NodeSettings {
            change_log_retention: chrono::Duration::hours(168),
            follow: FollowTiming::default(),
            go_live_every: Duration::from_secs(1),
            prune_every: Duration::from_secs(3600),
            related_ahead: Pace::of_one_core(DEFAULT_RELATED_AHEAD_PERCENT),
        }
    }
}

impl NodeSettings {
    fn backoff(&self) -> Backoff {
        self.follow.backoff
    }
}

/// A running node. Dropping it stops its tasks; [`Node::stop`] also waits for them.
pub struct Node {
    state: AppState,
    shutdown: CancellationToken,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
}

impl Node {
    /// Loads the state and starts the background tasks.
    pub async fn start(
        store: DynStore,
        site: SiteConfig,
        settings: NodeSettings,
    ) -> anyhow::Result<Node> {
        Node::start_with(store, site, settings, Vec::new()).await
    }

    /// Like [`Node::start`], with more subscribers to the change log after the node's own
    /// caches (a search index, feeds).
    pub async fn start_with(
        store: DynStore,
        site: SiteConfig,
        settings: NodeSettings,
        subscribers: Vec<Arc<dyn ChangeSubscriber>>,
    ) -> anyhow::Result<Node> {
        Node::start_node(store, site, settings, subscribers, None).await
    }

    /// Like [`Node::start`], with the node's own search index: it follows the change log
    /// after the caches, and catches up (or is built, the first time) in a task of its
    /// own, so that the site serves at once.
    pub async fn start_searching(
        store: DynStore,
        site: SiteConfig,
        settings: NodeSettings,
        index: SearchIndex,
    ) -> anyhow::Result<Node> {
        Node::start_node(store, site, settings, Vec::new(), Some(index)).await
    }

    async fn start_node(
        store: DynStore,
        site: SiteConfig,
        settings: NodeSettings,
        mut subscribers: Vec<Arc<dyn ChangeSubscriber>>,
        search: Option<SearchIndex>,
    ) -> anyhow::Result<Node> {
        let state = AppState::with_search(store.clone(), site, search.clone()).await?;
        let shutdown = CancellationToken::new();
        if let Some(index) = &search {
            subscribers.insert(
                0,
                Arc::new(SearchSubscriber::new(index.clone(), store.clone())),
            );
        }
        let follower = subscribers
            .into_iter()
            .fold(state.follower(), |f, s| f.subscribe(s))
            .with_timing(settings.follow);
        let mut tasks = vec![
            (
                "change-log follower",
                follower.spawn(shutdown.child_token()),
            ),
            (
                "go-live scheduler",
                tokio::spawn(record_go_lives(
                    store.clone(),
                    settings.go_live_every,
                    settings.backoff(),
                    shutdown.child_token(),
                )),
            ),
            (
                "change-log retention",
                tokio::spawn(prune_change_log(
                    store,
                    settings.change_log_retention,
                    settings.prune_every,
                    shutdown.child_token(),
                )),
            ),
        ];
        if let Some(index) = search {
            tasks.push((
                "related articles ahead of readers",
                tokio::spawn(work_out_related_ahead(
                    index.clone(),
                    state.store().clone(),
                    settings.related_ahead,
                    shutdown.child_token(),
                )),
            ));
            tasks.push((
                "search index catch-up",
                tokio::spawn(catch_up_in_background(
                    index,
                    state.store().clone(),
                    shutdown.child_token(),
                )),
            ));
        }
        Ok(Node {
            state,
            shutdown,
            tasks,
        })
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The site and API of this node, as served: kept pages answered before routing
    /// ([`Site`]).
    pub fn site(&self) -> Site {
        Site::new(self.state.clone())
    }

    /// Stops the background tasks and waits for them (a task in the middle of a query
    /// finishes it first).
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        for (name, task) in std::mem::take(&mut self.tasks) {
            if let Err(error) = task.await {
                tracing::warn!(task = name, %error, "a background task ended badly");
            }
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
