//! Sending due deliveries: a bounded number of attempts at once (and a few per endpoint,
//! so that a dead endpoint holds its own slots only), each with a timeout, each recorded
//! with its answer and when to try again.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use warraq_store::{
    AttemptOutcome, DeliveryAttempt, DueDelivery, DynStore, EndpointKind, StoreError,
};

use crate::settings::{DispatchSettings, RetryPolicy};
use crate::signature::{SIGNATURE_HEADER, sign};

/// The client every attempt goes through: no redirects (an endpoint answers itself or
/// fails), the attempt's timeout.
pub fn client(settings: &DispatchSettings) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
}

/// Sends what is due until `stop`, waking early when `wake` is notified (new events).
pub async fn run(
    store: DynStore,
    client: reqwest::Client,
    settings: Arc<DispatchSettings>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let mut in_flight: HashMap<i64, usize> = HashMap::new();
    let mut attempts: JoinSet<i64> = JoinSet::new();
    // One line when the database stops answering and one when it is back, not one a poll.
    let mut failing = false;
    loop {
        match take_due(&store, &client, &settings, &mut in_flight, &mut attempts).await {
            Ok(()) if failing => {
                failing = false;
                tracing::info!("webhook deliveries can be read again");
            }
            Ok(()) => {}
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(%error, "cannot read due webhook deliveries; trying on");
            }
            Err(_) => {}
        }
        tokio::select! {
            () = stop.cancelled() => break,
            () = wake.notified() => {}
            () = tokio::time::sleep(settings.send_poll_every) => {}
            Some(done) = attempts.join_next() => release(&mut in_flight, done),
        }
        while let Some(done) = attempts.try_join_next() {
            release(&mut in_flight, done);
        }
    }
    // Attempts under way are abandoned: their claims run out and they are sent again.
    attempts.abort_all();
}

fn release(in_flight: &mut HashMap<i64, usize>, done: Result<i64, tokio::task::JoinError>) {
    if let Ok(endpoint) = done
        && let Some(count) = in_flight.get_mut(&endpoint)
    {
        *count = count.saturating_sub(1);
    }
}

async fn take_due(
    store: &DynStore,
    client: &reqwest::Client,
    settings: &Arc<DispatchSettings>,
    in_flight: &mut HashMap<i64, usize>,
    attempts: &mut JoinSet<i64>,
) -> Result<(), StoreError> {
    let endpoints = store.webhook_endpoints(false).await?;
    for endpoint in endpoints {
        let free_overall = settings.concurrency.saturating_sub(attempts.len());
        let busy = in_flight.get(&endpoint.id).copied().unwrap_or(0);
        let free = settings.per_endpoint.saturating_sub(busy).min(free_overall);
        if free == 0 {
            continue;
        }
        let now = Utc::now();
        // Claimed past the attempt's timeout: nobody takes it while it is under way, and
        // it comes back by itself if this process dies in the middle.
        let until = now + chrono::Duration::from_std(settings.timeout * 2).unwrap_or_default();
        let due = store
            .claim_due_deliveries(endpoint.id, now, until, free as u32)
            .await?;
        for delivery in due {
            *in_flight.entry(endpoint.id).or_default() += 1;
            let (store, client, settings) = (store.clone(), client.clone(), settings.clone());
            attempts.spawn(async move {
                let endpoint = delivery.endpoint.id;
                attempt(&*store, &client, &settings.retry, delivery).await;
                endpoint
            });
        }
    }
    Ok(())
}

/// One attempt, recorded.
async fn attempt(
    store: &dyn warraq_store::Store,
    client: &reqwest::Client,
    retry: &RetryPolicy,
    due: DueDelivery,
) {
    let DueDelivery { delivery, endpoint } = due;
    let sent_at = Utc::now();
    let mut headers = HeaderMap::new();
    headers.insert(
        USER_AGENT,
        HeaderValue::from_static(concat!("warraq-webhooks/", env!("CARGO_PKG_VERSION"))),
    );
    match endpoint.kind {
        EndpointKind::Webhook => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            let signature = sign(
                &endpoint.secret,
                sent_at.timestamp(),
                delivery.body.as_bytes(),
            );
            for (name, value) in [
                (SIGNATURE_HEADER, signature.as_str()),
                ("Warraq-Event", delivery.event_type.as_str()),
                ("Warraq-Delivery", delivery.event_id.as_str()),
            ] {
                if let Ok(value) = HeaderValue::from_str(value) {
                    headers.insert(name, value);
                }
            }
        }
        EndpointKind::WebSub => {
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
        }
    }
    let answer = client
        .post(&endpoint.url)
        .headers(headers)
        .body(delivery.body.clone())
        .send()
        .await;
    let (status, error) = match answer {
        Ok(response) if response.status().is_success() => (Some(response.status().as_u16()), None),
        Ok(response) => (
            Some(response.status().as_u16()),
            Some(format!("HTTP {}", response.status())),
        ),
        Err(e) => (None, Some(describe(&e))),
    };
    let failures = delivery.attempts + 1;
    let at = Utc::now();
    let outcome = if error.is_none() {
        AttemptOutcome::Delivered
    } else {
        next_try(retry, delivery.created_at, at, failures)
    };
    match outcome {
        AttemptOutcome::Delivered => {}
        AttemptOutcome::RetryAt(next) => tracing::debug!(
            delivery = delivery.id, url = %endpoint.url, error = ?error, %next,
            "webhook delivery failed; will retry"
        ),
        AttemptOutcome::GaveUp => tracing::warn!(
            delivery = delivery.id, url = %endpoint.url, error = ?error, attempts = failures,
            "webhook delivery given up"
        ),
    }
    let record = DeliveryAttempt {
        at,
        status,
        error,
        outcome,
    };
    if let Err(e) = store.record_delivery_attempt(delivery.id, &record).await {
        // The claim runs out and the delivery is sent again: at least once.
        tracing::warn!(delivery = delivery.id, error = %e, "cannot record a webhook attempt");
    }
}

/// After the `failures`-th failure at `at`: the next try, capped at the deadline (one last
/// try then), or giving up once the deadline has passed.
pub fn next_try(
    retry: &RetryPolicy,
    created_at: DateTime<Utc>,
    at: DateTime<Utc>,
    failures: u32,
) -> AttemptOutcome {
    let span =
        |d: std::time::Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    let deadline = created_at + span(retry.give_up_after);
    if at >= deadline {
        return AttemptOutcome::GaveUp;
    }
    AttemptOutcome::RetryAt((at + span(retry.delay(failures))).min(deadline))
}

/// The reason of a failure without an answer, short enough for the delivery log.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "connection failed".to_string()
    } else {
        let mut text = error.to_string();
        text.truncate(200);
        text
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn failures_are_retried_for_a_day_then_given_up() {
        let retry = RetryPolicy::default();
        let created = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let secs = |n| chrono::Duration::seconds(n);
        assert_eq!(
            next_try(&retry, created, created, 1),
            AttemptOutcome::RetryAt(created + secs(30))
        );
        assert_eq!(
            next_try(&retry, created, created + secs(30), 2),
            AttemptOutcome::RetryAt(created + secs(90))
        );
        let late = created + secs(24 * 3600 - 60);
        assert_eq!(
            next_try(&retry, created, late, 30),
            AttemptOutcome::RetryAt(created + secs(24 * 3600)),
            "one last try at the deadline"
        );
        assert_eq!(
            next_try(&retry, created, created + secs(24 * 3600), 31),
            AttemptOutcome::GaveUp
        );
        let quick = RetryPolicy {
            first: Duration::from_millis(100),
            cap: Duration::from_millis(100),
            give_up_after: Duration::from_secs(1),
        };
        assert_eq!(
            next_try(&quick, created, created, 1),
            AttemptOutcome::RetryAt(created + chrono::Duration::milliseconds(100))
        );
    }
}
