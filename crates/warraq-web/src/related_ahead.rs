//! Related articles worked out ahead of readers. An article page without editors' picks
//! shows the search index's suggestions, kept once worked out; a list nobody has worked
//! out yet costs its first reader a search that grows with the store. So the node works
//! them out in the background, at a bounded share of one core:
//!
//! - the lists a change dropped (the changed articles, their neighbours, the lists that
//!   showed them; see `warraq_search::suggestions`) right after the follower applied it,
//!   a batch at a time, so that readers after a publish or an edit find them kept (a
//!   reader within that moment searches, as before);
//! - every article's, newest first, when the node starts and whenever every list was
//!   dropped (a rebuild of the index, a large import): the articles readers open most are
//!   the first ones done, and the sweep works out only the lists it finds missing.
//!
//! Readers never wait for this task: a page whose list is still missing searches on its
//! own, as before.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;
use warraq_domain::ArticleId;
use warraq_search::SearchIndex;
use warraq_store::{ArticleQuery, Cursor, DynStore, StoreResult};

use crate::search_index::SUGGESTED_RELATED;

/// Articles asked of the store, and lists of the index, at a time.
const BATCH: usize = 64;
/// The longest rest between two batches, whatever the last one cost.
const MAX_REST: Duration = Duration::from_secs(5);
/// Before trying again after the store or the index failed.
const RETRY_AFTER: Duration = Duration::from_secs(5);
/// Between two looks at an index that is not built yet.
const WAIT_FOR_INDEX: Duration = Duration::from_secs(1);

/// How much of one core the task may use, as rests between batches: a batch that took
/// `t` is followed by a rest of `t × (100 − percent) / percent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    percent: u8,
}

impl Pace {
    /// `percent` of one core, 1 to 100; `None` for 0 (the task does not run).
    pub fn of_one_core(percent: u8) -> Option<Pace> {
        (percent > 0).then(|| Pace {
            percent: percent.min(100),
        })
    }

    fn rest_after(self, work: Duration) -> Duration {
        let percent = u32::from(self.percent);
        (work * (100 - percent) / percent).min(MAX_REST)
    }
}

/// Where a sweep over every visible article has got to.
struct Sweep {
    /// What "visible" means for the whole sweep: articles that become visible later are
    /// changes, and their lists are worked out as dropped ones.
    now: DateTime<Utc>,
    after: Option<Cursor>,
    started: Instant,
    batches: u64,
}

impl Sweep {
    fn new() -> Sweep {
        Sweep {
            now: Utc::now(),
            after: None,
            started: Instant::now(),
            batches: 0,
        }
    }
}

/// Runs until `shutdown`. Does nothing at all without a `pace`.
pub async fn work_out_related_ahead(
    index: SearchIndex,
    store: DynStore,
    pace: Option<Pace>,
    shutdown: CancellationToken,
) {
    let Some(pace) = pace else { return };
    let ahead = Ahead { index, store, pace };
    // What the file holds from before is unknown: one sweep finds what is missing.
    let mut sweep = Some(Sweep::new());
    // Dropped lists to work out, a batch at a time (newest ids first), ahead of the sweep.
    let mut pending: BTreeSet<ArticleId> = BTreeSet::new();
    loop {
        let dropped = ahead.index.take_dropped();
        if dropped.all {
            // The sweep goes over every article, those pending too.
            pending.clear();
            sweep = Some(Sweep::new());
        }
        pending.extend(dropped.ids);
        let rest = if !pending.is_empty() {
            let batch: Vec<ArticleId> = std::iter::from_fn(|| pending.pop_last())
                .take(BATCH)
                .collect();
            match ahead.dropped(&batch).await {
                Ok(work) => pace.rest_after(work),
                Err(error) => {
                    pending.extend(batch);
                    failed(error)
                }
            }
        } else if let Some(current) = sweep.as_mut() {
            match ahead.sweep_batch(current).await {
                Ok(Step::More(work)) => pace.rest_after(work),
                Ok(Step::Done) => {
                    tracing::info!(
                        seconds = current.started.elapsed().as_secs(),
                        batches = current.batches,
                        "related articles worked out for every visible article"
                    );
                    sweep = None;
                    Duration::ZERO
                }
                Ok(Step::NotYet) => WAIT_FOR_INDEX,
                Err(error) => failed(error),
            }
        } else {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = ahead.index.lists_dropped() => continue,
            }
        };
        if shutdown
            .run_until_cancelled(tokio::time::sleep(rest))
            .await
            .is_none()
        {
            return;
        }
    }
}

/// Logs a failed batch; returns the rest before trying again.
fn failed(error: warraq_store::StoreError) -> Duration {
    tracing::warn!(%error, "related articles not worked out ahead: trying again");
    RETRY_AFTER
}

enum Step {
    /// A batch was done in this long.
    More(Duration),
    Done,
    /// The index is not built yet, or keeps nothing.
    NotYet,
}

struct Ahead {
    index: SearchIndex,
    store: DynStore,
    pace: Pace,
}

impl Ahead {
    /// Works out the dropped lists of `ids` (at most a batch) that readers may need:
    /// visible articles without editors' picks. Returns the time it took.
    async fn dropped(&self, ids: &[ArticleId]) -> StoreResult<Duration> {
        let started = Instant::now();
        let now = Utc::now();
        let wanted: Vec<ArticleId> = self
            .store
            .articles_by_ids(ids)
            .await?
            .iter()
            .filter(|a| a.related.is_empty() && a.is_visible_at(now))
            .map(|a| a.id)
            .collect();
        self.work_out(&wanted).await;
        tracing::debug!(
            articles = ids.len(),
            worked_out = wanted.len(),
            ms = started.elapsed().as_millis(),
            pace = self.pace.percent,
            "dropped related lists worked out again"
        );
        Ok(started.elapsed())
    }

    /// The next page of the sweep (newest first), its missing lists worked out.
    async fn sweep_batch(&self, sweep: &mut Sweep) -> StoreResult<Step> {
        if self.index.position().is_none() || !self.index.keeps_lists().await {
            return Ok(Step::NotYet);
        }
        let started = Instant::now();
        let page = self
            .store
            .list_articles(&ArticleQuery {
                limit: BATCH as u32,
                after: sweep.after,
                ..ArticleQuery::visible_at(sweep.now)
            })
            .await?;
        let wanted: Vec<ArticleId> = page
            .items
            .iter()
            .filter(|a| a.related.is_empty())
            .map(|a| a.id)
            .collect();
        self.work_out(&wanted).await;
        sweep.batches += 1;
        Ok(match page.next {
            Some(next) => {
                sweep.after = Some(next);
                Step::More(started.elapsed())
            }
            None => Step::Done,
        })
    }

    /// Asks the index for the lists of `ids`: those kept are read, the others worked out
    /// and kept. A failure is only logged: the pages work the list out themselves.
    async fn work_out(&self, ids: &[ArticleId]) {
        if ids.is_empty() {
            return;
        }
        if let Err(error) = self.index.suggested(ids, SUGGESTED_RELATED).await {
            tracing::warn!(%error, "related articles not worked out ahead");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_keeps_the_task_to_its_share_of_a_core() {
        let quarter = Pace::of_one_core(25).expect("runs");
        assert_eq!(
            quarter.rest_after(Duration::from_millis(100)),
            Duration::from_millis(300)
        );
        let all = Pace::of_one_core(100).expect("runs");
        assert_eq!(all.rest_after(Duration::from_millis(100)), Duration::ZERO);
        assert_eq!(
            Pace::of_one_core(1)
                .expect("runs")
                .rest_after(Duration::from_secs(1)),
            MAX_REST
        );
        assert_eq!(Pace::of_one_core(0), None);
        assert_eq!(Pace::of_one_core(200), Pace::of_one_core(100));
    }
}
