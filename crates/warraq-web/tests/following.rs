//! A node follows the change log: what any writer (another node, an import) changes in the
//! store shows within a deadline, a picture with new bytes is never served stale, a cached
//! page costs no query, and a node that fell behind the log's retention rebuilds.

#[macro_use]
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use image::ImageFormat;
use support::{
    Backend, TestSite, TestStore, eventually, one, photo_bytes, send, site_config, text_of,
};
use warraq_domain::urls::{article_path, section_path};
use warraq_domain::{Actor, ArticleDraft, Status};
use warraq_store::StoreWrites;
use warraq_web::follower::{ChangeBatch, ChangeSubscriber, FollowTiming, Progress};
use warraq_web::{AppState, Node, NodeSettings};

const DEADLINE: StdDuration = StdDuration::from_secs(3);

on_both_backends!(a_change_written_by_another_node_shows_within_a_deadline);
async fn a_change_written_by_another_node_shows_within_a_deadline(backend: Backend) {
    let site = TestSite::on(backend).await;
    let path = article_path(&site.main);
    let api = format!("/api/v1/articles/{}", site.main.id);
    for uri in ["/", path.as_str(), api.as_str()] {
        site.get(uri).await;
        assert_eq!(site.get(uri).await.header("x-warraq-cache"), Some("hit"));
    }

    // Written straight into the store, as another node or an import would: this node
    // learns of it only through the change log.
    let mut draft = site.main.content.clone();
    draft.subheadline = Some("تحديث من غرفة أخبار أخرى".into());
    draft.lede = "موجز محدّث من عقدة أخرى".into();
    site.store
        .update_article(Actor::Import, site.main.id, &draft, None)
        .await
        .unwrap();

    let (_, home) = eventually("the home page shows the change", DEADLINE, || async {
        site.get("/")
            .await
            .text()
            .contains("موجز محدّث من عقدة أخرى")
            .then_some(())
    })
    .await;
    let (_, page) = eventually("the article page shows the change", DEADLINE, || async {
        let reply = site.get(&path).await;
        (text_of(one(&reply.html(), ".subheadline")) == "تحديث من غرفة أخبار أخرى").then_some(())
    })
    .await;
    let (_, item) = eventually("the API item shows the change", DEADLINE, || async {
        site.get(&api)
            .await
            .text()
            .contains("موجز محدّث من عقدة أخرى")
            .then_some(())
    })
    .await;
    println!("{backend:?}: home {home:?}, article {page:?}, API item {item:?} after the write");
    assert_eq!(
        site.node.state().applied_seq(),
        site.store.last_change_seq().await.unwrap(),
        "the node's caches reflect the whole log"
    );
}

on_both_backends!(a_picture_whose_bytes_change_is_served_fresh);
async fn a_picture_whose_bytes_change_is_served_fresh(backend: Backend) {
    let site = TestSite::on(backend).await;
    let rendition = format!("/media/{}/640", site.hero.id);
    let original = format!("/media/{}", site.hero.id);
    let old = site.get(&rendition).await;
    assert_eq!(old.status, StatusCode::OK);
    let old_etag = old.header("etag").unwrap().to_string();
    assert_eq!(
        site.get(&rendition).await.header("etag"),
        Some(old_etag.as_str())
    );

    let new_bytes = photo_bytes(800, 450, ImageFormat::Png);
    site.store
        .put_blob(Actor::Import, "hero.jpg", "image/png", &new_bytes)
        .await
        .unwrap();

    let reply = site.get(&original).await;
    assert_eq!(reply.body, new_bytes, "the original is read from the store");
    let (fresh, took) = eventually("a rendition of the new bytes", DEADLINE, || async {
        let reply = site.get(&rendition).await;
        (reply.header("etag") != Some(old_etag.as_str())).then_some(reply)
    })
    .await;
    println!("{backend:?}: fresh rendition after {took:?}");
    let picture = image::load_from_memory(&fresh.body).unwrap();
    assert_eq!((picture.width(), picture.height()), (640, 360));
    // Never the old one again.
    for _ in 0..5 {
        assert_ne!(
            site.get(&rendition).await.header("etag"),
            Some(old_etag.as_str())
        );
    }
}

on_both_backends!(a_picture_is_no_longer_served_once_its_article_goes_offline);
async fn a_picture_is_no_longer_served_once_its_article_goes_offline(backend: Backend) {
    let site = TestSite::on(backend).await;
    // The archive photo is the hero of one story only.
    let path = format!("/media/{}/320", site.archive_photo.id);
    assert_eq!(site.get(&path).await.status, StatusCode::OK);
    let mut draft = site.related_asia.content.clone();
    draft.status = Status::Unpublished;
    site.store
        .update_article(Actor::System, site.related_asia.id, &draft, None)
        .await
        .unwrap();
    let (_, took) = eventually("the picture is gone", DEADLINE, || async {
        (site.get(&path).await.status == StatusCode::NOT_FOUND).then_some(())
    })
    .await;
    println!("{backend:?}: picture gone after {took:?}");
    assert_eq!(
        site.get(&format!("/media/{}", site.archive_photo.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

on_both_backends!(cached_pages_are_served_without_asking_the_store);
/// The honest way to count a path's queries: cut the node off its database. Cached pages,
/// API answers and renditions still answer; anything that needs the store does not.
async fn cached_pages_are_served_without_asking_the_store(backend: Backend) {
    let site = TestSite::on(backend).await;
    let cached = [
        "/".to_string(),
        article_path(&site.main),
        section_path(&site.asia),
        "/api/v1/articles".to_string(),
        format!("/api/v1/articles/{}", site.main.id),
        format!("/media/{}/640", site.hero.id),
    ];
    for path in &cached {
        assert_eq!(site.get(path).await.status, StatusCode::OK, "{path}");
    }
    site.db.sql.close().await;
    for path in &cached {
        let reply = site.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path} with the store closed");
        if !path.starts_with("/media/") {
            assert_eq!(reply.header("x-warraq-cache"), Some("hit"), "{path}");
        }
    }
    let uncached = site.get(&article_path(&site.related_europe)).await;
    assert!(
        uncached.status.is_server_error(),
        "a page not in the cache needs the store, which is closed: {}",
        uncached.status
    );
    assert_eq!(
        site.get("/healthz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

on_both_backends!(a_follower_behind_the_log_retention_rebuilds_its_caches);
async fn a_follower_behind_the_log_retention_rebuilds_its_caches(backend: Backend) {
    let db = TestStore::open(backend).await;
    let store = db.store.clone();
    store.seed_defaults().await.unwrap();
    let section = store.list_sections().await.unwrap()[0].clone();
    let state = AppState::new(store.clone(), site_config()).await.unwrap();
    // Not spawned: the test moves it one poll at a time.
    let follower = state.follower();
    let app = warraq_web::Site::new(state.clone());
    assert!(
        !send(&app, get("/"))
            .await
            .text()
            .contains("خبر فاته المتابع")
    );
    assert_eq!(
        send(&app, get("/")).await.header("x-warraq-cache"),
        Some("hit")
    );

    let mut d = ArticleDraft::new("خبر فاته المتابع", section.id);
    d.publish(Utc::now() - Duration::minutes(1));
    store.create_article(Actor::System, &d).await.unwrap();
    store
        .create_article(Actor::System, &ArticleDraft::new("مسودة", section.id))
        .await
        .unwrap();
    // The retention passes: every entry but the newest goes.
    let pruned = store
        .prune_changes(Utc::now() + Duration::seconds(1))
        .await
        .unwrap();
    assert!(pruned > 0);
    assert!(follower.position() < store.oldest_change_seq().await.unwrap() - 1);

    let progress = follower.poll_once().await.unwrap();
    let last = store.last_change_seq().await.unwrap();
    assert_eq!(progress, Progress::Rebuilt { position: last });
    assert_eq!(state.applied_seq(), last);
    let home = send(&app, get("/")).await;
    assert_eq!(home.header("x-warraq-cache"), Some("miss"));
    assert!(home.text().contains("خبر فاته المتابع"));
    assert_eq!(follower.poll_once().await.unwrap(), Progress::Idle);
}

#[tokio::test]
async fn a_follower_ahead_of_the_log_rebuilds_its_caches() {
    let db = TestStore::open(Backend::Sqlite).await;
    let store = db.store.clone();
    store.seed_defaults().await.unwrap();
    let section = store.list_sections().await.unwrap()[0].clone();
    let kept = store.last_change_seq().await.unwrap();
    let state = AppState::new(store.clone(), site_config()).await.unwrap();
    let follower = state.follower().with_timing(FollowTiming {
        check_log_every: StdDuration::ZERO,
        ..FollowTiming::default()
    });
    for i in 0..3 {
        let d = ArticleDraft::new(&format!("مسودة رقم {i}"), section.id);
        store.create_article(Actor::System, &d).await.unwrap();
    }
    assert!(matches!(
        follower.poll_once().await.unwrap(),
        Progress::Applied { changes: 3, .. }
    ));
    // The database goes back to an older copy: its log ends before the node's position.
    let raw = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        db.dir.path().join("warraq.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("DELETE FROM change_log WHERE seq > $1")
        .bind(kept)
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;

    assert_eq!(
        follower.poll_once().await.unwrap(),
        Progress::Rebuilt { position: kept }
    );
    assert_eq!(state.applied_seq(), kept);
}

/// What a search index or a feed would be: it records the batches it is given.
#[derive(Default)]
struct Recorder {
    seqs: Mutex<Vec<i64>>,
}

#[async_trait]
impl ChangeSubscriber for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }

    async fn apply(&self, batch: &ChangeBatch) -> anyhow::Result<()> {
        let mut seqs = self.seqs.lock().unwrap();
        seqs.extend(batch.changes.iter().map(|c| c.seq));
        assert_eq!(batch.changes.last().map(|c| c.seq), Some(batch.up_to));
        Ok(())
    }

    async fn rebuild(&self, _position: i64) -> anyhow::Result<()> {
        self.seqs.lock().unwrap().clear();
        Ok(())
    }
}

#[tokio::test]
async fn other_subscribers_receive_every_change_in_log_order() {
    let db = TestStore::open(Backend::Sqlite).await;
    let store = db.store.clone();
    store.seed_defaults().await.unwrap();
    let section = store.list_sections().await.unwrap()[0].clone();
    let recorder = Arc::new(Recorder::default());
    let node = Node::start_with(
        store.clone(),
        site_config(),
        NodeSettings::default(),
        vec![recorder.clone()],
    )
    .await
    .unwrap();
    let from = node.state().applied_seq();
    for i in 0..5 {
        let d = ArticleDraft::new(&format!("مسودة رقم {i}"), section.id);
        store.create_article(Actor::System, &d).await.unwrap();
    }
    let last = store.last_change_seq().await.unwrap();
    eventually("the recorder has everything", DEADLINE, || async {
        (recorder.seqs.lock().unwrap().last() == Some(&last)).then_some(())
    })
    .await;
    let expected: Vec<i64> = store
        .changes_since(from, 1000)
        .await
        .unwrap()
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(*recorder.seqs.lock().unwrap(), expected);
    node.stop().await;
}

fn get(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap()
}
