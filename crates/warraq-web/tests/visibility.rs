//! The one visibility rule everywhere readers look: a scheduled and an embargoed story,
//! and their pictures, are absent before their moment and present after it with nobody
//! acting, on each backend and across a restart of the node.

#[macro_use]
mod support;

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use support::{
    BASE_URL, Backend, TestSite, TestStore, all_text, eventually, send, site_config, stored_photo,
};
use warraq_domain::urls::{article_path, section_path};
use warraq_domain::{Actor, Article, ArticleDraft, Media, RelatedLink, Status};
use warraq_store::{Entity, StoreWrites};
use warraq_web::{Node, NodeSettings};

/// Far enough ahead for every "before" check to finish first, even on a busy machine.
const AHEAD: i64 = 4;

struct Upcoming {
    moment: DateTime<Utc>,
    scheduled: Article,
    embargoed: Article,
    scheduled_hero: Media,
    embargoed_hero: Media,
}

/// A story scheduled for `moment` and one published earlier but embargoed until then,
/// each with a picture of its own, both linked from the main story's related module.
async fn add_upcoming(site: &TestSite, moment: DateTime<Utc>) -> Upcoming {
    let s = site.store.as_ref();
    let scheduled_hero =
        stored_photo(s, "scheduled.jpg", "قاعة القمة قبل افتتاحها", "AFP", false).await;
    let embargoed_hero = stored_photo(s, "embargoed.jpg", "غلاف التقرير", "Reuters", false).await;

    let mut d = ArticleDraft::new("قمة إقليمية تنطلق في موعدها المحدد", site.asia.id);
    d.lede = "خبر مجدول للنشر".into();
    d.hero_id = Some(scheduled_hero.id);
    d.status = Status::Scheduled;
    d.published_at = Some(moment);
    let scheduled = s
        .create_article(Actor::System, &d)
        .await
        .expect("scheduled");

    let mut d = ArticleDraft::new("تقرير النمو الآسيوي تحت الحظر حتى موعده", site.asia.id);
    d.lede = "خبر محظور النشر حتى موعد محدد".into();
    d.hero_id = Some(embargoed_hero.id);
    d.status = Status::Embargoed;
    d.published_at = Some(moment - Duration::hours(2));
    d.embargo_until = Some(moment);
    let embargoed = s
        .create_article(Actor::System, &d)
        .await
        .expect("embargoed");

    let mut main = site.main.content.clone();
    main.related.push(RelatedLink::Article { id: scheduled.id });
    main.related.push(RelatedLink::Article { id: embargoed.id });
    s.update_article(Actor::System, site.main.id, &main, None)
        .await
        .expect("related links");
    Upcoming {
        moment,
        scheduled,
        embargoed,
        scheduled_hero,
        embargoed_hero,
    }
}

/// Where readers might meet `article` (and `hero`), and whether they do.
async fn seen_by_readers(site: &TestSite, article: &Article, hero: &Media) -> Vec<(String, bool)> {
    let headline = article.headline.clone();
    let path = article_path(article);
    let home = site.get("/").await.html();
    let section = site.get(&section_path(&site.asia)).await.html();
    let main = site.get(&article_path(&site.main)).await.html();
    let api_list = site.get("/api/v1/articles?limit=100").await.json();
    let uri = format!("{BASE_URL}{path}");
    let listed = api_list["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|item| item["uri"] == uri.as_str());
    let ok = |status: StatusCode| status == StatusCode::OK;
    vec![
        (
            "home page".into(),
            all_text(&home, ".teaser-title").contains(&headline),
        ),
        (
            "section page".into(),
            all_text(&section, ".teaser-title").contains(&headline),
        ),
        (
            "related module".into(),
            all_text(&main, ".related-title").contains(&headline),
        ),
        (path.clone(), ok(site.get(&path).await.status)),
        (
            format!("/article/{}", article.id),
            site.get(&format!("/article/{}", article.id)).await.status
                == StatusCode::MOVED_PERMANENTLY,
        ),
        (
            format!("/fragment/article/{}", article.id),
            ok(site
                .get(&format!("/fragment/article/{}", article.id))
                .await
                .status),
        ),
        ("API list".into(), listed),
        (
            format!("/api/v1/articles/{}", article.id),
            ok(site
                .get(&format!("/api/v1/articles/{}", article.id))
                .await
                .status),
        ),
        (
            format!("/media/{}", hero.id),
            ok(site.get(&format!("/media/{}", hero.id)).await.status),
        ),
        (
            format!("/media/{}/640", hero.id),
            ok(site.get(&format!("/media/{}/640", hero.id)).await.status),
        ),
    ]
}

fn everywhere(seen: &[(String, bool)], present: bool) -> Result<(), String> {
    let wrong: Vec<&str> = seen
        .iter()
        .filter(|(_, is)| *is != present)
        .map(|(place, _)| place.as_str())
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} at: {}",
            if present { "missing" } else { "shown" },
            wrong.join(", ")
        ))
    }
}

on_both_backends!(scheduled_and_embargoed_stories_appear_at_their_moment_everywhere);
async fn scheduled_and_embargoed_stories_appear_at_their_moment_everywhere(backend: Backend) {
    let site = TestSite::on(backend).await;
    let moment = Utc::now() + Duration::seconds(AHEAD);
    let up = add_upcoming(&site, moment).await;
    site.caught_up().await;

    // Before the moment: nowhere (and every page asked is now in the cache).
    for (article, hero) in [
        (&up.scheduled, &up.scheduled_hero),
        (&up.embargoed, &up.embargoed_hero),
    ] {
        let seen = seen_by_readers(&site, article, hero).await;
        if let Err(problem) = everywhere(&seen, false) {
            panic!("{} before its moment: {problem}", article.headline);
        }
    }
    assert!(
        Utc::now() < up.moment,
        "the checks before the moment took longer than {AHEAD} s; the test proves nothing"
    );

    // After it: everywhere, with nobody acting (the node's scheduler records the go-live
    // and its follower retires the cached pages).
    for (article, hero) in [
        (&up.scheduled, &up.scheduled_hero),
        (&up.embargoed, &up.embargoed_hero),
    ] {
        let (_, _) = eventually(
            &format!("{} everywhere after its moment", article.headline),
            (up.moment - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_secs(5),
            || async {
                let seen = seen_by_readers(&site, article, hero).await;
                everywhere(&seen, true).ok()
            },
        )
        .await;
    }
    let latency = Utc::now() - up.moment;
    println!("{backend:?}: both stories everywhere {latency} after their moment");

    for article in [&up.scheduled, &up.embargoed] {
        let stored = site.store.article(article.id).await.unwrap();
        assert_eq!(stored.status, Status::Published, "the go-live was recorded");
    }
    let go_lives: Vec<_> = site
        .store
        .changes_since(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.entity == Entity::Article && c.actor == Actor::System && c.at >= up.moment)
        .map(|c| c.entity_id)
        .collect();
    for article in [&up.scheduled, &up.embargoed] {
        assert!(
            go_lives.contains(&article.id.to_string()),
            "the change log holds the go-live of {} by `system`: {go_lives:?}",
            article.id
        );
    }
}

on_both_backends!(a_go_live_due_while_no_node_runs_is_recorded_when_one_starts);
async fn a_go_live_due_while_no_node_runs_is_recorded_when_one_starts(backend: Backend) {
    let db = TestStore::open(backend).await;
    let store = db.store.clone();
    store.seed_defaults().await.unwrap();
    let section = store.list_sections().await.unwrap()[0].clone();
    let moment = Utc::now() + Duration::seconds(2);
    let mut d = ArticleDraft::new("خبر مجدول أثناء توقف الخادم", section.id);
    d.status = Status::Scheduled;
    d.published_at = Some(moment);
    let article = store.create_article(Actor::System, &d).await.unwrap();

    let first = Node::start(store.clone(), site_config(), NodeSettings::default())
        .await
        .unwrap();
    let home = send(&first.site(), get("/")).await;
    assert!(!home.text().contains(&article.headline));
    first.stop().await;

    // The moment passes while no node runs: nobody records it.
    tokio::time::sleep(
        (moment - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_millis(1500),
    )
    .await;
    assert_eq!(
        store.article(article.id).await.unwrap().status,
        Status::Scheduled,
        "no scheduler ran"
    );

    let second = Node::start(store.clone(), site_config(), NodeSettings::default())
        .await
        .unwrap();
    let (_, took) = eventually(
        "the restarted node records the go-live",
        StdDuration::from_secs(5),
        || async {
            (store.article(article.id).await.unwrap().status == Status::Published).then_some(())
        },
    )
    .await;
    println!("{backend:?}: go-live recorded {took:?} after the node started");
    let home = send(&second.site(), get("/")).await;
    assert!(home.text().contains(&article.headline));
    second.stop().await;
}

fn get(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap()
}
