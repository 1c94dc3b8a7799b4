//! Webhook endpoints, the dispatcher's position and announcements, the delivery log and
//! the dispatching lease.

use chrono::{Duration, SubsecRound, Utc};
use warraq_domain::{Actor, ArticleId};

use super::accounts::audited;
use super::fixtures::{ACTOR, published, section};
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::store::Store;
use crate::webhooks::{
    Announced, AttemptOutcome, DeliveryAttempt, DeliveryQuery, EndpointKind, NewDelivery,
    WebhookBatch,
};

const SECRET: &str = "whsec_0123456789abcdef";

fn delivery(endpoint_id: i64, event_id: &str, article: ArticleId) -> NewDelivery {
    NewDelivery {
        endpoint_id,
        event_id: event_id.to_string(),
        event_type: "article.published".into(),
        article_id: Some(article),
        body: format!(r#"{{"id":"{event_id}","type":"article.published"}}"#),
    }
}

async fn one_article(store: &dyn Store) -> ArticleId {
    let news = section(store, "أخبار", 0).await;
    store
        .create_article(
            ACTOR,
            &published("خبر للإشعار", news.id, "2026-01-05T08:00:00Z"),
        )
        .await
        .expect("article")
        .id
}

pub async fn webhook_endpoints_are_added_listed_and_removed_with_audit_entries(store: &dyn Store) {
    let kind = EndpointKind::Webhook;
    let first = store
        .add_webhook_endpoint(ACTOR, kind, "https://hooks.example.org/a", SECRET)
        .await
        .expect("add");
    let second = store
        .add_webhook_endpoint(ACTOR, kind, "https://hooks.example.org/b", "whsec_other")
        .await
        .expect("add another");
    assert_eq!(first.kind, kind);
    assert_eq!(first.url, "https://hooks.example.org/a");
    assert_eq!(first.secret, SECRET, "the secret is kept as given");
    assert!(first.active);
    assert_eq!(
        store.webhook_endpoint(first.id).await.expect("by id"),
        first
    );
    assert_eq!(
        store.webhook_endpoints(false).await.expect("list"),
        vec![first.clone(), second.clone()]
    );
    assert!(matches!(
        store
            .add_webhook_endpoint(ACTOR, kind, "https://hooks.example.org/a", "whsec_x")
            .await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(
        store
            .add_webhook_endpoint(ACTOR, kind, " ", SECRET)
            .await
            .is_err(),
        "an endpoint needs a URL"
    );

    store
        .remove_webhook_endpoint(ACTOR, first.id)
        .await
        .expect("remove");
    store
        .remove_webhook_endpoint(Actor::System, first.id)
        .await
        .expect("removing twice is no error");
    assert_eq!(
        store.webhook_endpoints(false).await.expect("list"),
        vec![second.clone()]
    );
    let all = store.webhook_endpoints(true).await.expect("all");
    assert_eq!(all.len(), 2);
    assert!(!all[0].active, "a removed endpoint stays, inactive");
    assert!(
        store
            .webhook_endpoint(987_654)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    assert!(
        store
            .remove_webhook_endpoint(ACTOR, 987_654)
            .await
            .is_err_and(|e| e.is_not_found())
    );
    // The URL of a removed endpoint may be registered again.
    store
        .add_webhook_endpoint(ACTOR, kind, "https://hooks.example.org/a", SECRET)
        .await
        .expect("added again");

    let trail = audited(store, &format!("webhook:{}", first.id)).await;
    let actions: Vec<(Actor, &str)> = trail.iter().map(|(a, x, _)| (*a, x.as_str())).collect();
    assert_eq!(
        actions,
        vec![(ACTOR, "webhook.removed"), (ACTOR, "webhook.created")],
        "removing a removed endpoint writes nothing"
    );
    for (_, _, detail) in &trail {
        assert_eq!(detail["url"], "https://hooks.example.org/a");
        assert!(
            !detail.to_string().contains("whsec_"),
            "the audit never holds a secret"
        );
    }
}

pub async fn the_websub_hub_is_at_most_one_active_endpoint(store: &dyn Store) {
    let hub = store
        .set_websub_hub(Actor::System, Some("https://hub.example.org/"))
        .await
        .expect("set")
        .expect("active");
    assert_eq!(hub.kind, EndpointKind::WebSub);
    assert_eq!(hub.url, "https://hub.example.org/");
    let again = store
        .set_websub_hub(Actor::System, Some("https://hub.example.org/"))
        .await
        .expect("set again");
    assert_eq!(
        again,
        Some(hub.clone()),
        "the same hub is kept, not added twice"
    );

    let other = store
        .set_websub_hub(Actor::System, Some("https://other-hub.example.org/"))
        .await
        .expect("replace")
        .expect("active");
    let active = store.webhook_endpoints(false).await.expect("list");
    assert_eq!(active, vec![other], "the former hub is removed");

    assert_eq!(
        store
            .set_websub_hub(Actor::System, None)
            .await
            .expect("none"),
        None
    );
    assert!(
        store
            .webhook_endpoints(false)
            .await
            .expect("list")
            .is_empty()
    );
}

pub async fn a_webhook_batch_enqueues_announces_and_moves_the_position_together(store: &dyn Store) {
    assert_eq!(
        store.webhook_position().await.expect("position"),
        0,
        "a new store's dispatcher starts at the end of its (empty) log"
    );
    let article = one_article(store).await;
    let up_to = store.last_change_seq().await.expect("seq");
    let live = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            "https://a.example.org/",
            SECRET,
        )
        .await
        .expect("add");
    let removed = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            "https://b.example.org/",
            SECRET,
        )
        .await
        .expect("add");
    store
        .remove_webhook_endpoint(ACTOR, removed.id)
        .await
        .expect("remove");

    let announced = Announced {
        article,
        visible: true,
        version: 1,
    };
    let batch = WebhookBatch {
        after: 0,
        up_to,
        deliveries: vec![
            delivery(live.id, "evt_1", article),
            delivery(live.id, "evt_1", article),
            delivery(removed.id, "evt_1", article),
        ],
        announced: vec![announced],
    };
    store.record_webhook_batch(&batch).await.expect("record");
    assert_eq!(store.webhook_position().await.expect("position"), up_to);
    assert_eq!(
        store
            .announced(&[article, ArticleId(987_654)])
            .await
            .expect("announced"),
        vec![announced]
    );
    let log = store
        .deliveries(&DeliveryQuery::default())
        .await
        .expect("log");
    assert_eq!(
        log.len(),
        1,
        "once per endpoint, none for a removed one: {log:?}"
    );
    let entry = &log[0];
    assert_eq!(entry.endpoint_id, live.id);
    assert_eq!(entry.event_id, "evt_1");
    assert_eq!(entry.event_type, "article.published");
    assert_eq!(entry.article_id, Some(article));
    assert_eq!(
        entry.body, batch.deliveries[0].body,
        "the body is kept byte for byte"
    );
    assert_eq!(entry.attempts, 0);
    assert_eq!(entry.next_attempt_at, Some(entry.created_at), "due at once");
    assert!(!entry.has_failed());

    // A second dispatcher that read from the same position writes nothing at all.
    let stale = WebhookBatch {
        after: 0,
        up_to: up_to + 5,
        deliveries: vec![delivery(live.id, "evt_2", article)],
        announced: vec![Announced {
            visible: false,
            version: 2,
            ..announced
        }],
    };
    assert!(matches!(
        store.record_webhook_batch(&stale).await,
        Err(StoreError::Conflict { expected: 0, found, .. }) if found == up_to
    ));
    assert_eq!(store.webhook_position().await.expect("position"), up_to);
    assert_eq!(
        store.announced(&[article]).await.expect("announced"),
        vec![announced]
    );
    assert_eq!(
        store
            .deliveries(&DeliveryQuery::default())
            .await
            .expect("log")
            .len(),
        1
    );

    // Announcements are replaced; an empty batch only moves the position.
    let next = WebhookBatch {
        after: up_to,
        up_to: up_to + 1,
        deliveries: Vec::new(),
        announced: vec![Announced {
            visible: false,
            version: 2,
            ..announced
        }],
    };
    store.record_webhook_batch(&next).await.expect("record");
    assert!(!store.announced(&[article]).await.expect("announced")[0].visible);
}

pub async fn due_deliveries_are_claimed_once_and_every_attempt_is_recorded(store: &dyn Store) {
    let article = one_article(store).await;
    let hook = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            "https://a.example.org/",
            SECRET,
        )
        .await
        .expect("add");
    let other = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            "https://b.example.org/",
            SECRET,
        )
        .await
        .expect("add");
    let batch = WebhookBatch {
        after: 0,
        up_to: 1,
        deliveries: vec![
            delivery(hook.id, "evt_1", article),
            delivery(hook.id, "evt_2", article),
            delivery(other.id, "evt_1", article),
        ],
        announced: Vec::new(),
    };
    store.record_webhook_batch(&batch).await.expect("record");

    let now = Utc::now().trunc_subsecs(6) + Duration::seconds(1);
    let until = now + Duration::seconds(20);
    let claimed = store
        .claim_due_deliveries(hook.id, now, until, 1)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1, "at most the limit");
    assert_eq!(claimed[0].delivery.event_id, "evt_1", "oldest first");
    assert_eq!(claimed[0].endpoint, hook);
    let rest = store
        .claim_due_deliveries(hook.id, now, until, 10)
        .await
        .expect("claim");
    assert_eq!(
        rest.iter()
            .map(|d| d.delivery.event_id.as_str())
            .collect::<Vec<_>>(),
        vec!["evt_2"],
        "a claimed delivery is not handed out again, nor another endpoint's"
    );
    assert!(
        store
            .claim_due_deliveries(hook.id, now, until, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    // An attempt cut short (the sender died) comes back when its claim runs out.
    let again = store
        .claim_due_deliveries(hook.id, until, until + Duration::seconds(20), 10)
        .await
        .expect("claim");
    assert_eq!(again.len(), 2);

    let first = claimed[0].delivery.id;
    let retry_at = now + Duration::seconds(30);
    store
        .record_delivery_attempt(
            first,
            &DeliveryAttempt {
                at: now,
                status: Some(500),
                error: Some("HTTP 500".into()),
                outcome: AttemptOutcome::RetryAt(retry_at),
            },
        )
        .await
        .expect("attempt");
    let failed = store
        .deliveries(&DeliveryQuery {
            failed_only: true,
            ..DeliveryQuery::default()
        })
        .await
        .expect("failed");
    assert_eq!(failed.len(), 1);
    let entry = &failed[0];
    assert_eq!(entry.id, first);
    assert_eq!(entry.attempts, 1);
    assert_eq!(entry.last_status, Some(500));
    assert_eq!(entry.last_error.as_deref(), Some("HTTP 500"));
    assert_eq!(entry.last_attempt_at, Some(now));
    assert_eq!(entry.next_attempt_at, Some(retry_at));
    assert!(entry.has_failed());

    store
        .record_delivery_attempt(
            first,
            &DeliveryAttempt {
                at: retry_at,
                status: Some(204),
                error: None,
                outcome: AttemptOutcome::Delivered,
            },
        )
        .await
        .expect("attempt");
    let second = again[1].delivery.id;
    store
        .record_delivery_attempt(
            second,
            &DeliveryAttempt {
                at: retry_at,
                status: None,
                error: Some("connection refused".into()),
                outcome: AttemptOutcome::GaveUp,
            },
        )
        .await
        .expect("attempt");
    let mine = store
        .deliveries(&DeliveryQuery {
            endpoint: Some(hook.id),
            ..DeliveryQuery::default()
        })
        .await
        .expect("log");
    assert_eq!(
        mine.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![second, first],
        "newest first, one endpoint's"
    );
    let (gave_up, delivered) = (&mine[0], &mine[1]);
    assert_eq!(delivered.delivered_at, Some(retry_at));
    assert_eq!(delivered.attempts, 2);
    assert_eq!(delivered.next_attempt_at, None);
    assert!(!delivered.has_failed());
    assert_eq!(gave_up.given_up_at, Some(retry_at));
    assert_eq!(gave_up.next_attempt_at, None);
    assert_eq!(gave_up.last_status, None);
    assert!(gave_up.has_failed());
    assert!(
        store
            .claim_due_deliveries(hook.id, retry_at + Duration::days(2), retry_at, 10)
            .await
            .expect("claim")
            .is_empty(),
        "nothing delivered or given up is due again"
    );
    assert!(
        store
            .record_delivery_attempt(
                987_654,
                &DeliveryAttempt {
                    at: now,
                    status: None,
                    error: None,
                    outcome: AttemptOutcome::GaveUp,
                }
            )
            .await
            .is_err_and(|e| e.is_not_found())
    );
    let page = store
        .deliveries(&DeliveryQuery {
            before: Some(second),
            limit: 1,
            ..DeliveryQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(page.len(), 1);
    assert!(page[0].id < second);
}

pub async fn removing_an_endpoint_gives_up_what_waits_for_it(store: &dyn Store) {
    let article = one_article(store).await;
    let hook = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            "https://a.example.org/",
            SECRET,
        )
        .await
        .expect("add");
    let batch = WebhookBatch {
        after: 0,
        up_to: 1,
        deliveries: vec![delivery(hook.id, "evt_1", article)],
        announced: Vec::new(),
    };
    store.record_webhook_batch(&batch).await.expect("record");
    store
        .remove_webhook_endpoint(ACTOR, hook.id)
        .await
        .expect("remove");
    let far = Utc::now() + Duration::days(1);
    assert!(
        store
            .claim_due_deliveries(hook.id, far, far, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    let log = store
        .deliveries(&DeliveryQuery::default())
        .await
        .expect("log");
    assert!(log[0].given_up_at.is_some());
    assert_eq!(log[0].last_error.as_deref(), Some("endpoint removed"));
}

pub async fn one_dispatcher_at_a_time_holds_the_webhook_lease(store: &dyn Store) {
    let mut lease = store
        .try_webhook_lease()
        .await
        .expect("try")
        .expect("a free lease is taken");
    assert!(
        store.try_webhook_lease().await.expect("try").is_none(),
        "a held lease is not given to another"
    );
    assert!(lease.renew().await.expect("renew"), "still held");
    lease.release().await;
    let next = store
        .try_webhook_lease()
        .await
        .expect("try")
        .expect("released, it is taken again");
    next.release().await;
}
