//! A database written before migration 0003 opens with its data ready for what 0003
//! brought: articles read with no corrections and are found by author, and pictures are
//! found by the media search (their folded words are filled in Rust as the store opens).
//! On both databases, starting from a schema migrated with 0001 and 0002 only.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::AssertSqlSafe;
use sqlx::migrate::Migrator;
use warraq_domain::{ArticleId, PersonId};
use warraq_store::{AccountStore, ArticleQuery, ArticleStore, AuditQuery, MediaStore, Scope};
use warraq_store_sql::SqlStore;

/// A migrator that knows only the migrations before 0003 of `dialect`, from a copy of
/// them in `folder`.
async fn before_0003(dialect: &str, folder: &Path) -> Migrator {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(dialect);
    for entry in std::fs::read_dir(&source).expect("migrations folder") {
        let path = entry.expect("migration").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name.starts_with("0001") || name.starts_with("0002") {
            std::fs::copy(&path, folder.join(&name)).expect("copy migration");
        }
    }
    Migrator::new(folder).await.expect("old migrator")
}

/// Rows as warraq wrote them before 0003: a section, a picture, an article signed by
/// people 5 and 9. `at` is a time literal of the database.
fn old_rows(at: &str) -> Vec<String> {
    vec![
        "INSERT INTO sections (name, slug, position) VALUES ('أخبار', 'news', 0)".into(),
        format!(
            "INSERT INTO media (file, alt, caption, credit, archive, created_at) \
             VALUES ('media/old.jpg', 'حشد من المتظاهرين', 'مظاهرة أمام سفارة إسرائيل', \
             '{{\"kind\": \"other\", \"name\": \"«الشرق الأوسط»\"}}', FALSE, {at})"
        ),
        format!(
            "INSERT INTO articles (headline, headline_folded, slug, lede, body, section_id, \
             tags, author_ids, wire_sources, related, status, published_at, extra, sort_at, \
             version, created_at, updated_at, visible_from) \
             VALUES ('خبر قديم', 'خبر قديم', 'old', 'موجز', '[]', 1, '[]', '[5, 9]', '[]', \
             '[]', 'published', {at}, '{{}}', {at}, 1, {at}, {at}, {at})"
        ),
    ]
}

async fn check_upgraded(store: &SqlStore) {
    let article = store.article(ArticleId(1)).await.expect("old article");
    assert!(article.corrections.is_empty());
    assert_eq!(article.author_ids, vec![PersonId(5), PersonId(9)]);
    for author in [5, 9] {
        let query = ArticleQuery {
            author: Some(PersonId(author)),
            scope: Scope::All,
            ..ArticleQuery::default()
        };
        let listed = store.list_articles(&query).await.expect("by author");
        assert_eq!(
            listed.items.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![ArticleId(1)]
        );
    }
    for text in ["اسرائيل", "الشرق الاوسط", "المتظاهرين"] {
        let found = store
            .search_media(Some(text), None, 10)
            .await
            .expect("search");
        assert_eq!(found.len(), 1, "{text}");
    }
    assert_eq!(store.count_users().await.expect("users"), 0);
    assert!(
        store
            .audit_log(&AuditQuery::default())
            .await
            .expect("audit")
            .is_empty()
    );
}

#[tokio::test]
async fn sqlite_data_from_before_0003_is_upgraded_as_the_store_opens() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let migrations = tempfile::tempdir().expect("migrations folder");
    let path = folder.path().join("warraq.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect directly");
    before_0003("sqlite", migrations.path())
        .await
        .run(&pool)
        .await
        .expect("migrate to 0002");
    // 2026-03-01T10:00:00Z in unix microseconds.
    for sql in old_rows("1772359200000000") {
        sqlx::query(AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .expect("old row");
    }
    pool.close().await;

    let store = SqlStore::open_sqlite(&path).await.expect("open");
    check_upgraded(&store).await;
    store.close().await;
    // Filling in is done once; opening again changes nothing.
    let reopened = SqlStore::open_sqlite(&path).await.expect("reopen");
    check_upgraded(&reopened).await;
    reopened.close().await;
}

#[tokio::test]
async fn postgres_data_from_before_0003_is_upgraded_as_the_store_opens() {
    let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Made of `warraq_t_` and hex digits only: safe to splice.
    let schema = format!(
        "warraq_t_{:016x}",
        nanos as u64 ^ u64::from(std::process::id())
    );
    let admin = sqlx::PgPool::connect(&url).await.expect("connect");
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .expect("create the test schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{separator}options[search_path]={schema}");

    // Run in a task so that the schema is dropped even when the checks fail.
    let outcome = tokio::spawn(async move {
        let migrations = tempfile::tempdir().expect("migrations folder");
        let pool = sqlx::PgPool::connect(&in_schema).await.expect("connect");
        before_0003("postgres", migrations.path())
            .await
            .run(&pool)
            .await
            .expect("migrate to 0002");
        for sql in old_rows("TIMESTAMPTZ '2026-03-01T10:00:00Z'") {
            sqlx::query(AssertSqlSafe(sql))
                .execute(&pool)
                .await
                .expect("old row");
        }
        pool.close().await;

        let store = SqlStore::connect_postgres(&in_schema)
            .await
            .expect("connect the store");
        check_upgraded(&store).await;
        store.close().await;
        let again = SqlStore::connect_postgres(&in_schema)
            .await
            .expect("connect again");
        check_upgraded(&again).await;
        again.close().await;
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
