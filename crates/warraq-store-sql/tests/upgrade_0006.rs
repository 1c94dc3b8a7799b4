//! A database written before migration 0006 opens with its people as they were and no
//! photo, and a person can then be given one (and is found with it by id and slug). On
//! both databases, starting from a schema migrated with every migration before 0006.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::AssertSqlSafe;
use sqlx::migrate::Migrator;
use warraq_domain::{Actor, MediaId, PersonId};
use warraq_store::{CatalogStore, StoreWrites};
use warraq_store_sql::SqlStore;

/// A migrator that knows only the migrations before 0006 of `dialect`, from a copy of
/// them in `folder`.
async fn before_0006(dialect: &str, folder: &Path) -> Migrator {
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
        if name.as_str() < "0006" {
            std::fs::copy(&path, folder.join(&name)).expect("copy migration");
        }
    }
    Migrator::new(folder).await.expect("old migrator")
}

/// Rows as warraq wrote them before 0006: a person with a title and a picture.
fn old_rows(at: &str) -> Vec<String> {
    vec![
        "INSERT INTO people (name, slug, title) VALUES ('سلمى الراوي', 'سلمى-الراوي', 'مراسلة')"
            .into(),
        format!(
            "INSERT INTO media (file, alt, caption, archive, created_at) \
             VALUES ('people/salma.jpg', 'سلمى الراوي', 'سلمى الراوي', FALSE, {at})"
        ),
    ]
}

async fn check_upgraded(store: &SqlStore) {
    let salma = store.person(PersonId(1)).await.expect("old person");
    assert_eq!(salma.name, "سلمى الراوي");
    assert_eq!(salma.title.as_deref(), Some("مراسلة"));
    assert_eq!(salma.photo, None, "people from before 0006 have no photo");
    let given = store
        .set_person_photo(Actor::System, salma.id, Some(MediaId(1)))
        .await
        .expect("give a photo");
    assert_eq!(given.photo, Some(MediaId(1)));
    assert_eq!(
        store.person_by_slug("سلمى-الراوي").await.expect("by slug"),
        given
    );
}

#[tokio::test]
async fn sqlite_people_from_before_0006_open_without_a_photo_and_can_get_one() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let migrations = tempfile::tempdir().expect("migrations folder");
    let path = folder.path().join("warraq.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect directly");
    before_0006("sqlite", migrations.path())
        .await
        .run(&pool)
        .await
        .expect("migrate to 0005");
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
    let reopened = SqlStore::open_sqlite(&path).await.expect("reopen");
    assert_eq!(
        reopened.person(PersonId(1)).await.expect("person").photo,
        Some(MediaId(1)),
        "kept across opening"
    );
    reopened.close().await;
}

#[tokio::test]
async fn postgres_people_from_before_0006_open_without_a_photo_and_can_get_one() {
    let url = std::env::var("WARRAQ_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Made of `warraq_t_` and hex digits only: safe to splice.
    let schema = format!(
        "warraq_t_{:016x}",
        nanos as u64 ^ u64::from(std::process::id()) ^ 0x0006
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
        before_0006("postgres", migrations.path())
            .await
            .run(&pool)
            .await
            .expect("migrate to 0005");
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
        assert_eq!(
            again.person(PersonId(1)).await.expect("person").photo,
            Some(MediaId(1)),
            "kept across connecting"
        );
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
