//! The dispatcher end to end, on SQLite and PostgreSQL: events decided by the visibility
//! rule reach a receiver signed, with a valid ninjs 3.1 document, once each, retried
//! after failures; a dead endpoint delays nobody; WebSub hubs are pinged for the feeds;
//! on PostgreSQL, two dispatchers send each event once and one takes over from the other.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use warraq_domain::Status;
use warraq_ninjs::{NinjsVersion, validate};
use warraq_store::{DeliveryQuery, DynStore, EndpointKind, StoreWrites};
use warraq_webhooks::new_secret;

use support::{
    ACTOR, Receiver, Running, black_hole, eventually, quick_settings, run_scheduler, section, story,
};

const SOON: Duration = Duration::from_secs(10);

async fn add_hook(store: &DynStore, receiver: &Receiver, name: &str, failing_first: usize) -> i64 {
    let secret = new_secret();
    receiver.expect(name, &secret, failing_first);
    store
        .add_webhook_endpoint(ACTOR, EndpointKind::Webhook, &receiver.url(name), &secret)
        .await
        .expect("add endpoint")
        .id
}

fn types(received: &[support::Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.event["type"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn publishing_sends_one_signed_event_with_a_valid_document_retrying_failures(
    store: DynStore,
) {
    let receiver = Receiver::start().await;
    let endpoint = add_hook(&store, &receiver, "a", 2).await;
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let news = section(&store).await;
    let article = store
        .create_article(
            ACTOR,
            &story("وزير الطاقة يفتتح محطة", &news, Status::Published),
        )
        .await
        .expect("publish");

    eventually("the event is accepted", SOON, || {
        !receiver.accepted("a").is_empty()
    })
    .await;
    let all: Vec<_> = receiver
        .received()
        .into_iter()
        .filter(|r| r.hook == "a")
        .collect();
    assert_eq!(
        all.iter().map(|r| r.answered).collect::<Vec<_>>(),
        vec![500, 500, 200],
        "two failures, then the retry that succeeds"
    );
    let ids: HashSet<&str> = all
        .iter()
        .map(|r| r.event["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1, "every attempt carries the same event id");
    assert!(
        all[1].at - all[0].at >= chrono::Duration::milliseconds(150),
        "backed off"
    );

    let event = &all[2].event;
    assert_eq!(event["type"], "article.published");
    assert_eq!(event["article_id"], article.id.0);
    assert_eq!(all[2].headers["warraq-event"], "article.published");
    assert_eq!(
        all[2].headers["warraq-delivery"],
        event["id"].as_str().unwrap()
    );
    assert_eq!(all[2].headers["content-type"], "application/json");
    let ninjs = &event["ninjs"];
    if let Err(violations) = validate(ninjs, NinjsVersion::V3_1) {
        panic!("the document is not valid ninjs 3.1: {violations:?}");
    }
    assert_eq!(ninjs["headlines"][0]["value"], "وزير الطاقة يفتتح محطة");
    assert!(
        ninjs["uri"]
            .as_str()
            .unwrap()
            .starts_with("https://news.example/article/"),
        "{}",
        ninjs["uri"]
    );

    let log = store
        .deliveries(&DeliveryQuery {
            endpoint: Some(endpoint),
            ..DeliveryQuery::default()
        })
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].attempts, 3);
    assert_eq!(log[0].last_status, Some(200));
    assert!(log[0].delivered_at.is_some());
    assert_eq!(log[0].next_attempt_at, None);

    // Nothing more comes: the go-live and the change read again make no second event.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.accepted("a").len(), 1);
    dispatcher.stop().await;
}

async fn corrections_and_unpublications_follow_as_updated_and_unpublished(store: DynStore) {
    let receiver = Receiver::start().await;
    add_hook(&store, &receiver, "a", 0).await;
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let news = section(&store).await;

    let draft = store
        .create_article(ACTOR, &story("مسودة لم تنشر", &news, Status::Draft))
        .await
        .expect("draft");
    let mut content = story("خبر للتصحيح", &news, Status::Published);
    let article = store
        .create_article(ACTOR, &content)
        .await
        .expect("publish");
    eventually("published", SOON, || receiver.accepted("a").len() == 1).await;

    content.lede = "موجز مصحح".into();
    store
        .update_article(ACTOR, article.id, &content, Some(article.version))
        .await
        .expect("correct");
    eventually("updated", SOON, || receiver.accepted("a").len() == 2).await;

    content.status = Status::Unpublished;
    let withdrawn = store
        .update_article(ACTOR, article.id, &content, None)
        .await
        .expect("unpublish");
    eventually("unpublished", SOON, || receiver.accepted("a").len() == 3).await;

    // Edits nobody may see make no event.
    content.lede = "تعديل بعد السحب".into();
    store
        .update_article(ACTOR, article.id, &content, Some(withdrawn.version))
        .await
        .expect("edit");
    let mut edited = draft.content.clone();
    edited.lede = "تعديل المسودة".into();
    store
        .update_article(ACTOR, draft.id, &edited, None)
        .await
        .expect("edit the draft");
    tokio::time::sleep(Duration::from_millis(600)).await;

    let accepted = receiver.accepted("a");
    assert_eq!(
        types(&accepted),
        vec![
            "article.published",
            "article.updated",
            "article.unpublished"
        ]
    );
    assert!(
        accepted
            .iter()
            .all(|r| r.event["article_id"] == article.id.0)
    );
    assert_eq!(
        accepted[1].event["ninjs"]["descriptions"][0]["value"],
        "موجز مصحح"
    );
    assert_eq!(accepted[2].event["ninjs"]["pubStatus"], "canceled");
    dispatcher.stop().await;
}

async fn scheduled_and_embargoed_articles_are_announced_at_their_time_with_nobody_acting(
    store: DynStore,
) {
    let receiver = Receiver::start().await;
    add_hook(&store, &receiver, "a", 0).await;
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let scheduler = run_scheduler(store.clone());
    let news = section(&store).await;

    let moment = Utc::now() + chrono::Duration::milliseconds(1500);
    let mut scheduled = story("خبر مجدول", &news, Status::Scheduled);
    scheduled.published_at = Some(moment);
    let scheduled = store
        .create_article(ACTOR, &scheduled)
        .await
        .expect("schedule");
    let mut embargoed = story("خبر تحت الحظر", &news, Status::Embargoed);
    embargoed.embargo_until = Some(moment);
    let embargoed = store
        .create_article(ACTOR, &embargoed)
        .await
        .expect("embargo");

    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(receiver.received().is_empty(), "nothing before the moment");
    eventually("both go live", SOON, || receiver.accepted("a").len() == 2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let accepted = receiver.accepted("a");
    assert_eq!(
        types(&accepted),
        vec!["article.published", "article.published"]
    );
    let announced: HashSet<i64> = accepted
        .iter()
        .map(|r| r.event["article_id"].as_i64().unwrap())
        .collect();
    assert_eq!(announced, HashSet::from([scheduled.id.0, embargoed.id.0]));
    assert!(
        accepted.iter().all(|r| r.at >= moment),
        "never before the moment"
    );
    scheduler.cancel();
    dispatcher.stop().await;
}

async fn a_dead_endpoint_delays_neither_a_live_one_nor_publishing(store: DynStore) {
    let receiver = Receiver::start().await;
    let dead = store
        .add_webhook_endpoint(
            ACTOR,
            EndpointKind::Webhook,
            &black_hole().await,
            &new_secret(),
        )
        .await
        .expect("dead endpoint")
        .id;
    add_hook(&store, &receiver, "live", 0).await;
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let news = section(&store).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    for n in 1..=4 {
        let begun = Instant::now();
        store
            .create_article(
                ACTOR,
                &story(&format!("خبر عاجل {n}"), &news, Status::Published),
            )
            .await
            .expect("publish");
        assert!(
            begun.elapsed() < Duration::from_secs(1),
            "publishing took {:?}",
            begun.elapsed()
        );
    }
    eventually("the live endpoint has all four", SOON, || {
        receiver.accepted("live").len() == 4
    })
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the live endpoint waited for the dead one ({:?}; its timeout is 5 s)",
        started.elapsed()
    );
    let waiting = store
        .deliveries(&DeliveryQuery {
            endpoint: Some(dead),
            ..DeliveryQuery::default()
        })
        .await
        .expect("log");
    assert_eq!(waiting.len(), 4);
    assert!(waiting.iter().all(|d| d.delivered_at.is_none()));
    dispatcher.stop().await;
}

async fn the_websub_hub_is_pinged_for_the_site_and_section_feeds(store: DynStore) {
    let receiver = Receiver::start().await;
    store
        .set_websub_hub(ACTOR, Some(&format!("{}/hub", receiver.base)))
        .await
        .expect("hub");
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let news = section(&store).await;
    store
        .create_article(ACTOR, &story("خبر للمشتركين", &news, Status::Published))
        .await
        .expect("publish");
    eventually("four pings", SOON, || receiver.received().len() == 4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let pings = receiver.received();
    assert_eq!(pings.len(), 4, "one per feed, once");
    assert!(
        pings
            .iter()
            .all(|p| p.headers["content-type"] == "application/x-www-form-urlencoded")
    );
    assert!(
        pings
            .iter()
            .all(|p| p.headers.get("warraq-signature").is_none())
    );
    // Form-decoded, then the feed's own path decoded (the section slug is Arabic).
    let mut feeds: Vec<String> = pings
        .iter()
        .map(|p| {
            let url = p
                .body
                .strip_prefix("hub.mode=publish&hub.url=")
                .unwrap_or_else(|| panic!("not a publish ping: {}", p.body));
            percent_decode(&percent_decode(url))
        })
        .collect();
    feeds.sort();
    let section_feed = format!("https://news.example/section/{}/feed", news.slug);
    let mut expected = [
        "https://news.example/feed/atom.xml".to_string(),
        "https://news.example/feed/rss.xml".to_string(),
        format!("{section_feed}/atom.xml"),
        format!("{section_feed}/rss.xml"),
    ];
    expected.sort();
    assert_eq!(feeds, expected);
    dispatcher.stop().await;
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

mod sqlite {
    use super::support::{TestStore, with_store};

    macro_rules! cases {
        ($($case:ident),*) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                with_store(TestStore::sqlite().await, super::$case).await;
            }
        )*};
    }

    cases!(
        publishing_sends_one_signed_event_with_a_valid_document_retrying_failures,
        corrections_and_unpublications_follow_as_updated_and_unpublished,
        scheduled_and_embargoed_articles_are_announced_at_their_time_with_nobody_acting,
        a_dead_endpoint_delays_neither_a_live_one_nor_publishing,
        the_websub_hub_is_pinged_for_the_site_and_section_feeds
    );
}

mod postgres {
    use super::support::{TestStore, with_store};

    macro_rules! cases {
        ($($case:ident),*) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                with_store(TestStore::postgres().await, super::$case).await;
            }
        )*};
    }

    cases!(
        publishing_sends_one_signed_event_with_a_valid_document_retrying_failures,
        corrections_and_unpublications_follow_as_updated_and_unpublished,
        scheduled_and_embargoed_articles_are_announced_at_their_time_with_nobody_acting,
        a_dead_endpoint_delays_neither_a_live_one_nor_publishing,
        the_websub_hub_is_pinged_for_the_site_and_section_feeds,
        two_dispatchers_send_each_event_once_and_one_takes_over_when_the_other_dies
    );
}

/// PostgreSQL only: SQLite is one process, and its lease is renewed rather than held by
/// a session, so a dead holder is replaced only after it expires.
async fn two_dispatchers_send_each_event_once_and_one_takes_over_when_the_other_dies(
    store: DynStore,
) {
    let receiver = Receiver::start().await;
    add_hook(&store, &receiver, "a", 0).await;
    let first = Running::start(store.clone(), quick_settings("https://news.example"));
    let second = Running::start(store.clone(), quick_settings("https://news.example"));
    let news = section(&store).await;
    eventually("one of them leads", SOON, || {
        first.leading.get() || second.leading.get()
    })
    .await;
    assert!(
        !(first.leading.get() && second.leading.get()),
        "never both at once"
    );

    for n in 1..=3 {
        store
            .create_article(ACTOR, &story(&format!("خبر {n}"), &news, Status::Published))
            .await
            .expect("publish");
    }
    eventually("three events", SOON, || receiver.accepted("a").len() >= 3).await;

    let (leader, survivor) = if first.leading.get() {
        (first, second)
    } else {
        (second, first)
    };
    // Killed, not stopped: the lease goes with its database session.
    leader.kill().await;
    eventually("the other takes over", SOON, || survivor.leading.get()).await;
    store
        .create_article(ACTOR, &story("خبر بعد التسليم", &news, Status::Published))
        .await
        .expect("publish");
    eventually("the fourth event", SOON, || {
        receiver.accepted("a").len() >= 4
    })
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;

    let accepted = receiver.accepted("a");
    let ids: HashSet<&str> = accepted
        .iter()
        .map(|r| r.event["id"].as_str().unwrap())
        .collect();
    assert_eq!(accepted.len(), 4, "each event once: {:?}", types(&accepted));
    assert_eq!(ids.len(), 4);
    survivor.stop().await;
}
