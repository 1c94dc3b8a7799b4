//! `save_upload` on both backends: the cleaned file and its record in one transaction,
//! the form prefilled from the picture's IPTC, nothing stored for a refused file.

mod common;

use std::sync::Arc;

use common::*;
use warraq_domain::{Actor, Credit};
use warraq_media::{MediaForm, UploadErrorKind, save_upload};
use warraq_store::Store;
use warraq_store_sql::SqlStore;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn postgres_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string())
}

#[derive(Debug, Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

/// A seeded store of the test's own: a SQLite file in a temporary folder, or a
/// PostgreSQL schema dropped when the test ends, passed or failed.
struct TestStore {
    store: Arc<dyn Store>,
    _dir: Option<tempfile::TempDir>,
    pg_schema: Option<String>,
}

impl TestStore {
    async fn open(backend: Backend) -> Self {
        let test_store = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = SqlStore::open_sqlite(&dir.path().join("warraq.db"))
                    .await
                    .expect("open sqlite");
                TestStore {
                    store: Arc::new(store),
                    _dir: Some(dir),
                    pg_schema: None,
                }
            }
            Backend::Postgres => {
                let store = SqlStore::connect_postgres_isolated(&postgres_url())
                    .await
                    .expect("PostgreSQL at 127.0.0.1:5432 (WARRAQ_TEST_DATABASE_URL)");
                TestStore {
                    pg_schema: store.postgres_schema().map(str::to_string),
                    store: Arc::new(store),
                    _dir: None,
                }
            }
        };
        test_store.store.seed_defaults().await.expect("seed");
        test_store
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        let Some(schema) = self.pg_schema.take() else {
            return;
        };
        if let Err(e) = warraq_store_sql::drop_scratch_schema(&postgres_url(), &schema) {
            eprintln!("warning: the test schema {schema} could not be dropped: {e}");
        }
    }
}

macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn on_sqlite() {
                    super::$name(super::Backend::Sqlite).await
                }

                #[tokio::test]
                async fn on_postgres() {
                    super::$name(super::Backend::Postgres).await
                }
            }
        )+
    };
}

on_both_backends!(
    the_file_and_its_record_are_stored_together,
    iptc_prefills_an_empty_caption_and_credit,
    what_the_editor_typed_wins_over_iptc,
    a_refused_file_stores_nothing,
);

fn tagged_jpeg() -> Vec<u8> {
    let jpeg = with_segment(&jpeg_of(&quarters(80, 40)), 0xe1, &exif_payload(6));
    with_segment(
        &jpeg,
        0xed,
        &iptc_payload(&[
            (1, 90, b"\x1b%G"),
            (2, 120, "أطفال يلعبون قرب الميناء".as_bytes()),
            (2, 110, "رويترز".as_bytes()),
            (2, 80, "سامر أحمد".as_bytes()),
        ]),
    )
}

async fn the_file_and_its_record_are_stored_together(backend: Backend) {
    let test = TestStore::open(backend).await;
    let store = test.store.as_ref();
    let form = MediaForm {
        alt: "أطفال على الرصيف".into(),
        caption: String::new(),
        credit: String::new(),
        archive: true,
    };
    let media = save_upload(store, Actor::Import, tagged_jpeg(), form)
        .await
        .unwrap();

    assert_eq!(store.media(media.id).await.unwrap(), media);
    assert_eq!((media.width, media.height), (Some(40), Some(80)), "upright");
    assert_eq!(media.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(media.alt, "أطفال على الرصيف");
    assert!(media.archive);
    let key = media.file.clone().expect("a stored file");
    assert!(key.starts_with("upload/") && key.ends_with(".jpg"), "{key}");
    let (mime, bytes) = store.blob(&key).await.unwrap();
    assert_eq!(mime, "image/jpeg");
    assert_eq!(media.byte_size, Some(bytes.len() as u64));
    assert!(
        !contains(&bytes, EXIF_SECRET),
        "the stored file is the cleaned one"
    );
    let picture = image::load_from_memory(&bytes).unwrap();
    assert_eq!((picture.width(), picture.height()), (40, 80));
}

async fn iptc_prefills_an_empty_caption_and_credit(backend: Backend) {
    let test = TestStore::open(backend).await;
    let media = save_upload(
        test.store.as_ref(),
        Actor::Import,
        tagged_jpeg(),
        MediaForm::default(),
    )
    .await
    .unwrap();
    assert_eq!(media.caption, "أطفال يلعبون قرب الميناء");
    assert_eq!(
        media.credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        }),
        "a known agency's name becomes the agency"
    );

    // Without a credit line, the photographer is credited as written.
    let byline_only = with_segment(
        &jpeg_of(&quarters(16, 16)),
        0xed,
        &iptc_payload(&[(1, 90, b"\x1b%G"), (2, 80, "سامر أحمد".as_bytes())]),
    );
    let media = save_upload(
        test.store.as_ref(),
        Actor::Import,
        byline_only,
        MediaForm::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        media.credit,
        Some(Credit::Other {
            name: "سامر أحمد".into()
        })
    );
    assert_eq!(media.caption, "");
}

async fn what_the_editor_typed_wins_over_iptc(backend: Backend) {
    let test = TestStore::open(backend).await;
    let form = MediaForm {
        alt: String::new(),
        caption: "أطفال قرب ميناء بيروت".into(),
        credit: "EPA".into(),
        archive: false,
    };
    let media = save_upload(test.store.as_ref(), Actor::Import, tagged_jpeg(), form)
        .await
        .unwrap();
    assert_eq!(media.caption, "أطفال قرب ميناء بيروت");
    assert_eq!(media.credit, Some(Credit::Agency { code: "EPA".into() }));
}

async fn a_refused_file_stores_nothing(backend: Backend) {
    let test = TestStore::open(backend).await;
    let store = test.store.as_ref();
    let before = store.last_change_seq().await.unwrap();
    let whole = tagged_jpeg();
    for (bytes, kind) in [
        (whole[..whole.len() / 2].to_vec(), UploadErrorKind::BadImage),
        (GIF.to_vec(), UploadErrorKind::NotAnImage),
        (png_declaring(100_000, 100_000), UploadErrorKind::TooLarge),
    ] {
        let error = save_upload(store, Actor::Import, bytes, MediaForm::default())
            .await
            .unwrap_err();
        assert_eq!(error.kind(), kind, "{error}");
    }
    assert!(store.search_media(None, None, 10).await.unwrap().is_empty());
    assert_eq!(
        store.last_change_seq().await.unwrap(),
        before,
        "no blob, no record, no change-log entry"
    );
}
