//! A site that existed before webhooks (migration 0004) does not replay its history: the
//! dispatcher starts at the end of the change log, and the articles readers already see
//! count as announced, so a correction to one of them is an `article.updated`. On both
//! databases, from a schema migrated up to 0003 with rows written directly.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::AssertSqlSafe;
use sqlx::migrate::Migrator;
use warraq_domain::ArticleId;
use warraq_store::{Announced, DynStore, EndpointKind, StoreWrites};
use warraq_store_sql::SqlStore;
use warraq_webhooks::new_secret;

use support::{ACTOR, Receiver, Running, eventually, quick_settings};

/// A migrator that knows only the migrations before 0004, from a copy of them.
async fn before_0004(dialect: &str, folder: &Path) -> Migrator {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../warraq-store-sql/migrations")
        .join(dialect);
    for entry in std::fs::read_dir(&source).expect("migrations folder") {
        let path = entry.expect("migration").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if ["0001", "0002", "0003"].iter().any(|n| name.starts_with(n)) {
            std::fs::copy(&path, folder.join(&name)).expect("copy migration");
        }
    }
    Migrator::new(folder).await.expect("old migrator")
}

/// A section, an article readers see (1) and one scheduled far ahead (2), each with its
/// change-log entry. `past` and `future` are time literals of the database.
fn old_rows(past: &str, future: &str) -> Vec<String> {
    let article = |headline: &str, status: &str, at: &str| {
        format!(
            "INSERT INTO articles (headline, headline_folded, slug, lede, body, section_id, \
             tags, author_ids, wire_sources, related, status, published_at, extra, sort_at, \
             version, created_at, updated_at, visible_from) \
             VALUES ('{headline}', '{headline}', 'a-{status}', 'موجز', '[]', 1, '[]', '[]', \
             '[]', '[]', '{status}', {at}, '{{}}', {at}, 1, {past}, {past}, {at})"
        )
    };
    let logged = |id: i64| {
        format!(
            "INSERT INTO change_log (entity, entity_id, kind, at, actor) \
             VALUES ('article', '{id}', 'created', {past}, 'import')"
        )
    };
    vec![
        "INSERT INTO sections (name, slug, position) VALUES ('أخبار', 'news', 0)".into(),
        article("خبر منشور قديم", "published", past),
        logged(1),
        article("خبر مجدول بعيد", "scheduled", future),
        logged(2),
    ]
}

async fn check(store: DynStore) {
    assert_eq!(
        store.webhook_position().await.expect("position"),
        store.last_change_seq().await.expect("last"),
        "history is not replayed"
    );
    assert_eq!(
        store
            .announced(&[ArticleId(1), ArticleId(2)])
            .await
            .expect("announced"),
        vec![Announced {
            article: ArticleId(1),
            visible: true,
            version: 1,
        }]
    );

    let receiver = Receiver::start().await;
    let secret = new_secret();
    receiver.expect("a", &secret, 0);
    store
        .add_webhook_endpoint(ACTOR, EndpointKind::Webhook, &receiver.url("a"), &secret)
        .await
        .expect("endpoint");
    let dispatcher = Running::start(store.clone(), quick_settings("https://news.example"));
    let old = store.article(ArticleId(1)).await.expect("old article");
    let mut corrected = old.content.clone();
    corrected.lede = "موجز مصحح".into();
    store
        .update_article(ACTOR, old.id, &corrected, Some(old.version))
        .await
        .expect("correct");
    eventually("the correction's event", Duration::from_secs(10), || {
        !receiver.accepted("a").is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let accepted = receiver.accepted("a");
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].event["type"], "article.updated");
    dispatcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sites_from_before_webhooks_announce_only_what_changes_next() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let migrations = tempfile::tempdir().expect("migrations folder");
    let path = folder.path().join("warraq.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect directly");
    before_0004("sqlite", migrations.path())
        .await
        .run(&pool)
        .await
        .expect("migrate to 0003");
    // 2025-01-01 and 2099-01-01 in unix microseconds.
    for sql in old_rows("1735689600000000", "4070908800000000") {
        sqlx::query(AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .expect("old row");
    }
    pool.close().await;

    let store = SqlStore::open_sqlite(&path).await.expect("open");
    check(std::sync::Arc::new(store.clone())).await;
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sites_from_before_webhooks_announce_only_what_changes_next() {
    let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Made of `warraq_t_` and hex digits only: safe to splice.
    let schema = format!(
        "warraq_t_{:016x}",
        (nanos as u64).rotate_left(17) ^ u64::from(std::process::id())
    );
    let admin = sqlx::PgPool::connect(&url).await.expect("connect");
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .expect("create the test schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options[search_path]={schema}");

    // In a task, so that the schema is dropped even when the checks fail.
    let outcome = tokio::spawn(async move {
        let migrations = tempfile::tempdir().expect("migrations folder");
        let pool = sqlx::PgPool::connect(&in_schema).await.expect("connect");
        before_0004("postgres", migrations.path())
            .await
            .run(&pool)
            .await
            .expect("migrate to 0003");
        for sql in old_rows(
            "TIMESTAMPTZ '2025-01-01T00:00:00Z'",
            "TIMESTAMPTZ '2099-01-01T00:00:00Z'",
        ) {
            sqlx::query(AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .expect("old row");
        }
        pool.close().await;
        let store = SqlStore::connect_postgres(&in_schema)
            .await
            .expect("connect the store");
        check(std::sync::Arc::new(store.clone())).await;
        store.close().await;
    })
    .await;
    sqlx::query(AssertSqlSafe(format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE"
    )))
    .execute(&admin)
    .await
    .expect("drop the test schema");
    admin.close().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}
