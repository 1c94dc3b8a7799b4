//! Rendering the hot pages a change touched again, while the follower applies it, so
//! that the next reader gets a warm page and no reader gets an old one once the node
//! reports the change applied.
//!
//! A page is rendered by its own route: the key (path and the query the route uses) is
//! sent through the node's router as a `GET`, in a task-local scope that tells
//! [`crate::state::AppState::cached`] to render and keep it whatever it holds, as of the
//! batch's position. So any cached route is refreshed, whoever wrote it, with nothing to
//! register. A key that does not lead back to its page (a route keying pages otherwise)
//! is simply not refreshed: the follower then drops it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Uri};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tower::Service;

use super::PageCache;

tokio::task_local! {
    /// Set while the follower refreshes pages: the change-log position they are rendered at.
    static REFRESHING: i64;
}

/// The position a refresh renders at, when the current task is one.
pub fn refreshing() -> Option<i64> {
    REFRESHING.try_with(|seq| *seq).ok()
}

/// Makes the node's router (`None` once the node is gone).
pub type RouterHook = Arc<dyn Fn() -> Option<Router> + Send + Sync>;

/// A batch's refresh ends after this, whatever is left (then dropped): the follower must
/// move on, and a page that slow is better rendered by its next reader.
const BUDGET: Duration = Duration::from_secs(3);
/// One page at most.
const PER_PAGE: Duration = Duration::from_secs(2);

/// What is not ASCII (slugs are Arabic), spaces, quotes and angle brackets are escaped in a
/// key; `%` is not, so keys already percent-encoded stay as they are.
const TARGET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A key as a request target.
fn request_target(key: &str) -> Option<Uri> {
    utf8_percent_encode(key, TARGET).to_string().parse().ok()
}

impl PageCache {
    /// Renders `keys` again (in order, one at a time: the follower's task does it, and
    /// readers share the cores), as of change-log position `up_to`. Returns how many
    /// came back successfully.
    pub async fn refresh(&self, keys: Vec<String>, up_to: i64) -> usize {
        if keys.is_empty() {
            return 0;
        }
        let Some(router) = self.router() else {
            return 0;
        };
        let started = Instant::now();
        let mut done = 0;
        for key in keys {
            let left = BUDGET.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            let Some(request) =
                request_target(&key).and_then(|uri| Request::get(uri).body(Body::empty()).ok())
            else {
                continue;
            };
            let mut service = router.clone();
            let call = async move {
                std::future::poll_fn(|cx| {
                    <Router as Service<Request<Body>>>::poll_ready(&mut service, cx)
                })
                .await?;
                service.call(request).await
            };
            let answered = tokio::time::timeout(left.min(PER_PAGE), REFRESHING.scope(up_to, call));
            if let Ok(Ok(response)) = answered.await
                && response.status().is_success()
            {
                done += 1;
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_request_targets() {
        assert_eq!(
            request_target("/section/آسيا?after=1.2")
                .unwrap()
                .to_string(),
            "/section/%D8%A2%D8%B3%D9%8A%D8%A7?after=1.2"
        );
        assert_eq!(
            request_target("/article/1/%D8%AE").unwrap().to_string(),
            "/article/1/%D8%AE"
        );
    }
}
