//! A database written before migration 0005 opens with its articles found by tag (the tag
//! slugs are Rust code, filled in as the store opens) and its people's slugs made unique
//! (each `/author/{slug}` page is one person's). On both databases, starting from a schema
//! migrated with every migration before 0005.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::AssertSqlSafe;
use sqlx::migrate::Migrator;
use warraq_domain::ArticleId;
use warraq_store::{ArticleQuery, ArticleStore, CatalogStore, Scope, StoreWrites};
use warraq_store_sql::SqlStore;

/// A migrator that knows only the migrations before 0005 of `dialect`, from a copy of
/// them in `folder`.
async fn before_0005(dialect: &str, folder: &Path) -> Migrator {
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
        if name.as_str() < "0005" {
            std::fs::copy(&path, folder.join(&name)).expect("copy migration");
        }
    }
    Migrator::new(folder).await.expect("old migrator")
}

/// Rows as warraq wrote them before 0005: two people whose names slug alike (a shadda),
/// one whose name slugged to nothing, and an article with two tags. `at` is a time
/// literal of the database.
fn old_rows(at: &str) -> Vec<String> {
    vec![
        "INSERT INTO sections (name, slug, position) VALUES ('آسيا', 'asia', 0)".into(),
        "INSERT INTO people (name, slug) VALUES ('سلمى الراوي', 'سلمى-الراوي')".into(),
        "INSERT INTO people (name, slug) VALUES ('سلمى الراوّي', 'سلمى-الراوي')".into(),
        "INSERT INTO people (name, slug) VALUES ('؟؟', '')".into(),
        format!(
            "INSERT INTO articles (headline, headline_folded, slug, lede, body, section_id, \
             tags, author_ids, wire_sources, related, status, published_at, extra, sort_at, \
             version, created_at, updated_at, visible_from) \
             VALUES ('خبر قديم', 'خبر قديم', 'old', 'موجز', '[]', 1, \
             '[\"كوريا الشماليّة\", \"روسيا\"]', '[1]', '[]', '[]', 'published', {at}, '{{}}', \
             {at}, 1, {at}, {at}, {at})"
        ),
    ]
}

async fn by_tag(store: &SqlStore, slug: &str) -> Vec<ArticleId> {
    let query = ArticleQuery {
        tag: Some(slug.to_string()),
        scope: Scope::All,
        ..ArticleQuery::default()
    };
    let page = store.list_articles(&query).await.expect("by tag");
    page.items.iter().map(|a| a.id).collect()
}

async fn check_upgraded(store: &SqlStore) {
    assert_eq!(by_tag(store, "كوريا-الشمالية").await, vec![ArticleId(1)]);
    assert_eq!(by_tag(store, "روسيا").await, vec![ArticleId(1)]);
    let people = store.list_people().await.expect("people");
    let slugs: Vec<&str> = people.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, vec!["سلمى-الراوي", "سلمى-الراوي--2", "person--3"]);
    for person in &people {
        assert_eq!(
            &store.person_by_slug(&person.slug).await.expect("by slug"),
            person
        );
    }
}

async fn check_and_write(store: &SqlStore) {
    check_upgraded(store).await;
    // A new name that slugs alike takes the next free plain slug.
    let newcomer = store
        .find_or_create_person(warraq_domain::Actor::System, "سلمى (الراوي)", None)
        .await
        .expect("newcomer");
    assert_eq!(newcomer.slug, "سلمى-الراوي-2");
}

#[tokio::test]
async fn sqlite_data_from_before_0005_is_upgraded_as_the_store_opens() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let migrations = tempfile::tempdir().expect("migrations folder");
    let path = folder.path().join("warraq.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect directly");
    before_0005("sqlite", migrations.path())
        .await
        .run(&pool)
        .await
        .expect("migrate to 0004");
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
    check_and_write(&reopened).await;
    reopened.close().await;
}

#[tokio::test]
async fn postgres_data_from_before_0005_is_upgraded_as_the_store_opens() {
    let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Made of `warraq_t_` and hex digits only: safe to splice.
    let schema = format!(
        "warraq_t_{:016x}",
        nanos as u64 ^ u64::from(std::process::id()) ^ 0x0005
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
        before_0005("postgres", migrations.path())
            .await
            .run(&pool)
            .await
            .expect("migrate to 0004");
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
        check_and_write(&again).await;
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
