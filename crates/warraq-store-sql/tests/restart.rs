//! A scheduled article goes live at its time even when no warraq ran at that moment: the
//! store is closed before it and opened again after, on both databases.

use chrono::{Duration, Utc};
use warraq_domain::{Actor, ArticleDraft, Status};
use warraq_store::{ArticleQuery, ArticleStore, CatalogStore, Store, StoreWrites};
use warraq_store_sql::SqlStore;

/// Schedules an article 1.5 s ahead in `store` and closes it; returns the article's id.
async fn schedule_and_close(store: SqlStore) -> warraq_domain::ArticleId {
    store.seed_defaults().await.expect("seed");
    let section = store.list_sections().await.expect("sections")[0].id;
    let mut draft = ArticleDraft::new("خبر يصدر والخادم متوقف", section);
    draft.status = Status::Scheduled;
    draft.published_at = Some(Utc::now() + Duration::milliseconds(1500));
    let article = store
        .create_article(Actor::User(warraq_domain::UserId(1)), &draft)
        .await
        .expect("schedule");
    assert!(
        store
            .list_articles(&ArticleQuery::visible_at(Utc::now()))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    store.close().await;
    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    article.id
}

/// After the restart: visible with nobody having acted, then recorded once.
async fn check_live_after_restart(store: &SqlStore, id: warraq_domain::ArticleId) {
    let visible = store
        .list_articles(&ArticleQuery::visible_at(Utc::now()))
        .await
        .expect("list");
    assert_eq!(
        visible.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![id]
    );
    assert_eq!(
        store.record_go_live(Utc::now()).await.expect("go live"),
        vec![id]
    );
    assert_eq!(
        store.article(id).await.expect("article").status,
        Status::Published
    );
}

#[tokio::test]
async fn sqlite_scheduled_article_goes_live_across_a_restart() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("warraq.db");
    let id = schedule_and_close(SqlStore::open_sqlite(&path).await.expect("open")).await;
    let reopened = SqlStore::open_sqlite(&path).await.expect("reopen");
    check_live_after_restart(&reopened, id).await;
    reopened.close().await;
}

#[tokio::test]
async fn postgres_scheduled_article_goes_live_across_a_restart() {
    let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let store = SqlStore::connect_postgres_isolated(&url)
        .await
        .expect("connect");
    let schema = store.postgres_schema().expect("schema").to_owned();
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options[search_path]={schema}");
    // Run in a task so that the schema is dropped even when the checks fail.
    let outcome = tokio::spawn(async move {
        let id = schedule_and_close(store).await;
        let reconnected = SqlStore::connect_postgres(&in_schema)
            .await
            .expect("reconnect");
        check_live_after_restart(&reconnected, id).await;
        reconnected.close().await;
    })
    .await;
    PgCleanup { url, schema }.run().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Drops a test schema by name.
struct PgCleanup {
    url: String,
    schema: String,
}

impl PgCleanup {
    async fn run(self) {
        let pool = sqlx::PgPool::connect(&self.url).await.expect("connect");
        // The name was made by warraq from `warraq_t_` and hex digits only.
        assert!(
            self.schema.starts_with("warraq_t_")
                && self.schema[9..].chars().all(|c| c.is_ascii_hexdigit())
        );
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {} CASCADE",
            self.schema
        )))
        .execute(&pool)
        .await
        .expect("drop the test schema");
        pool.close().await;
    }
}
