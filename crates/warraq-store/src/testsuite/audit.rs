//! The audit log: status changes of articles whoever makes them, entries callers write,
//! paging, and nothing left behind by a dropped transaction.

use chrono::{Duration, Utc};
use serde_json::json;
use warraq_domain::{Actor, DomainError, Role, Status, UserId};

use super::accounts::{audited, new_user};
use super::fixtures::{ACTOR, draft, published, section};
use crate::accounts::AuditQuery;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::query::UpsertOutcome;
use crate::store::Store;

fn status_change(actor: Actor, from: Option<&str>, to: &str) -> (Actor, String, serde_json::Value) {
    (
        actor,
        "article.status".to_string(),
        json!({ "from": from, "to": to }),
    )
}

pub async fn article_status_changes_are_audited_with_their_actor(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let writer = Actor::User(UserId(3));
    let editor = Actor::User(UserId(4));

    let article = store
        .create_article(writer, &draft("مسودة عن الانتخابات", news.id))
        .await
        .expect("create");
    let subject = format!("article:{}", article.id);

    // A save that keeps the status is not a status change.
    let mut content = article.content.clone();
    content.lede = "موجز منقح".into();
    store
        .update_article(writer, article.id, &content, None)
        .await
        .expect("edit");
    content.status = Status::InReview;
    store
        .update_article(writer, article.id, &content, None)
        .await
        .expect("submit");
    content.publish(Utc::now() - Duration::minutes(1));
    store
        .update_article(editor, article.id, &content, None)
        .await
        .expect("publish");
    content.status = Status::Unpublished;
    store
        .update_article(editor, article.id, &content, None)
        .await
        .expect("unpublish");

    assert_eq!(
        audited(store, &subject).await,
        vec![
            status_change(editor, Some("published"), "unpublished"),
            status_change(editor, Some("in_review"), "published"),
            status_change(writer, Some("draft"), "in_review"),
            status_change(writer, None, "draft"),
        ]
    );

    // Imports: a creation, an unchanged item (nothing written), a status change.
    let wire = published("خبر من الوكالة", news.id, "2026-03-01T10:00:00Z");
    let (imported, outcome) = store
        .upsert_article_by_key(Actor::Import, "urn:wire:1", &wire)
        .await
        .expect("import");
    assert_eq!(outcome, UpsertOutcome::Created);
    let (_, outcome) = store
        .upsert_article_by_key(Actor::Import, "urn:wire:1", &wire)
        .await
        .expect("import again");
    assert_eq!(outcome, UpsertOutcome::Unchanged);
    let mut withdrawn = wire.clone();
    withdrawn.status = Status::Unpublished;
    store
        .upsert_article_by_key(Actor::Import, "urn:wire:1", &withdrawn)
        .await
        .expect("withdrawn");
    assert_eq!(
        audited(store, &format!("article:{}", imported.id)).await,
        vec![
            status_change(Actor::Import, Some("published"), "unpublished"),
            status_change(Actor::Import, None, "published"),
        ]
    );

    // The scheduler's go-live is a status change made by nobody but warraq: `system`.
    // A published article dated ahead is audited as what it is stored as: scheduled.
    let mut due = draft("خبر مجدول حان وقته", news.id);
    due.status = Status::Scheduled;
    due.published_at = Some(Utc::now() - Duration::seconds(1));
    let due = store.create_article(editor, &due).await.expect("due");
    let mut ahead = draft("خبر ينشر غدا", news.id);
    ahead.publish(Utc::now() + Duration::days(1));
    let ahead = store.create_article(editor, &ahead).await.expect("ahead");
    assert_eq!(
        store.record_go_live(Utc::now()).await.expect("go live"),
        vec![due.id]
    );
    assert_eq!(
        audited(store, &format!("article:{}", due.id)).await,
        vec![
            status_change(Actor::System, Some("scheduled"), "published"),
            status_change(editor, None, "scheduled"),
        ]
    );
    assert_eq!(
        audited(store, &format!("article:{}", ahead.id)).await,
        vec![status_change(editor, None, "scheduled")]
    );

    // Every entry is dated when it was written.
    let all = store
        .audit_log(&AuditQuery {
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .expect("log");
    assert_eq!(all.len(), 9, "{all:?}");
    let now = Utc::now();
    assert!(
        all.iter()
            .all(|e| e.at <= now && e.at > now - Duration::minutes(5)),
        "{all:?}"
    );
}

pub async fn the_audit_log_pages_newest_first_and_filters_by_subject(store: &dyn Store) {
    let actors = [ACTOR, Actor::User(UserId(2)), Actor::Import];
    for i in 0..7 {
        let mut tx = store.begin(actors[i % 3]).await.expect("begin");
        let subject = format!("article:{}", i % 2 + 1);
        tx.audit("article.restored", &subject, &json!({ "version": i }))
            .await
            .expect("audit");
        tx.commit().await.expect("commit");
    }

    let mut query = AuditQuery {
        limit: 3,
        ..AuditQuery::default()
    };
    let mut pages = Vec::new();
    loop {
        let page = store.audit_log(&query).await.expect("page");
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        query.before = Some(last.seq);
        pages.push(page);
        assert!(pages.len() < 10, "paging does not end");
    }
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 3, 1]
    );
    let entries: Vec<_> = pages.into_iter().flatten().collect();
    assert!(
        entries.windows(2).all(|pair| pair[0].seq > pair[1].seq),
        "newest first"
    );
    let versions: Vec<_> = entries
        .iter()
        .map(|e| e.detail["version"].clone())
        .collect();
    assert_eq!(versions, (0..7).rev().map(|i| json!(i)).collect::<Vec<_>>());
    for entry in &entries {
        let i = entry.detail["version"].as_u64().expect("version") as usize;
        assert_eq!(entry.actor, actors[i % 3]);
        assert_eq!(entry.action, "article.restored");
    }

    let second = store
        .audit_log(&AuditQuery {
            subject: Some("article:2".into()),
            ..AuditQuery::default()
        })
        .await
        .expect("subject");
    assert_eq!(
        second
            .iter()
            .map(|e| e.detail["version"].clone())
            .collect::<Vec<_>>(),
        vec![json!(5), json!(3), json!(1)]
    );
    let older = store
        .audit_log(&AuditQuery {
            subject: Some("article:2".into()),
            before: Some(second[0].seq),
            limit: 1,
        })
        .await
        .expect("subject, next page");
    assert_eq!(older, vec![second[1].clone()]);
    assert!(
        store
            .audit_log(&AuditQuery {
                subject: Some("article:3".into()),
                ..AuditQuery::default()
            })
            .await
            .expect("none")
            .is_empty()
    );

    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(matches!(
        tx.audit("", "article:1", &json!({})).await.unwrap_err(),
        StoreError::Invalid(DomainError::Empty {
            field: "audit.action"
        })
    ));
}

pub async fn a_dropped_transaction_leaves_no_account_and_no_audit_entry(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    {
        let mut tx = store.begin(ACTOR).await.expect("begin");
        let user = tx
            .create_user(&new_user("gone@example.org", Role::Chief))
            .await
            .expect("user");
        tx.create_token(user.id, "عابر", "sha256-gone")
            .await
            .expect("token");
        let article = tx
            .create_article(&draft("خبر لن يبقى", news.id))
            .await
            .expect("article");
        tx.audit(
            "article.restored",
            &format!("article:{}", article.id),
            &json!({}),
        )
        .await
        .expect("audit");
        // Inside the transaction its own writes are seen.
        assert_eq!(
            tx.article(article.id).await.expect("article").id,
            article.id
        );
    }
    assert_eq!(store.count_users().await.expect("count"), 0);
    assert_eq!(
        store
            .user_by_email("gone@example.org")
            .await
            .expect("by email"),
        None
    );
    assert!(store.list_tokens(None).await.expect("tokens").is_empty());
    assert_eq!(store.count_articles().await.expect("articles"), 0);
    assert!(
        store
            .audit_log(&AuditQuery::default())
            .await
            .expect("log")
            .is_empty()
    );
}
