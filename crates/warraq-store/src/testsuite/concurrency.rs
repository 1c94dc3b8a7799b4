//! Writers racing each other.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use super::fixtures::{ACTOR, draft, section};
use crate::one_shot::StoreWrites;
use crate::store::Store;

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Polls every future until all are done (the suite gets `&dyn Store`, so it cannot
/// spawn tasks; interleaving them on one task still races their transactions).
async fn join_all<T>(futures: Vec<Boxed<'_, T>>) -> Vec<T> {
    let mut pending: Vec<Option<Boxed<'_, T>>> = futures.into_iter().map(Some).collect();
    let mut done: Vec<Option<T>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (slot, out) in pending.iter_mut().zip(done.iter_mut()) {
            if let Some(future) = slot
                && let Poll::Ready(value) = future.as_mut().poll(cx)
            {
                *out = Some(value);
                *slot = None;
            }
        }
        if pending.iter().all(Option::is_none) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    done.into_iter().flatten().collect()
}

pub async fn concurrent_writers_all_succeed_and_each_logs_once(store: &dyn Store) {
    let news = section(store, "العالم العربي", 0).await;
    let before = store.last_change_seq().await.expect("seq");

    let mut writes: Vec<Boxed<'_, Result<(), String>>> = Vec::new();
    for i in 0..12 {
        let draft = draft(&format!("خبر متزامن {i}"), news.id);
        writes.push(Box::pin(async move {
            store
                .create_article(ACTOR, &draft)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }));
        writes.push(Box::pin(async move {
            store
                .find_or_create_person(ACTOR, "كاتب مشترك", None)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }));
    }
    for outcome in join_all(writes).await {
        assert_eq!(outcome, Ok(()));
    }

    assert_eq!(store.count_articles().await.expect("count"), 12);
    assert_eq!(
        store.list_people().await.expect("people").len(),
        1,
        "one person, however many raced"
    );
    let log = store.changes_since(before, 1000).await.expect("log");
    assert_eq!(log.len(), 13, "12 articles and one person");
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
}
