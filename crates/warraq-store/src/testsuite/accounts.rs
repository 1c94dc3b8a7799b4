//! Newsroom accounts, browser sessions and API tokens, and the audit entries their changes
//! leave.

use chrono::Duration;
use serde_json::json;
use warraq_domain::{Actor, DomainError, NewUser, Role, Session, User, UserId, UserUpdate};

use super::fixtures::{ACTOR, at};
use crate::accounts::AuditQuery;
use crate::error::StoreError;
use crate::one_shot::StoreWrites;
use crate::store::Store;

/// An argon2id PHC string as the web layer would store it (the store never checks it).
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

pub(crate) fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: email.to_string(),
        display_name: format!("حساب {email}"),
        role,
        person_id: None,
        password_hash: HASH.to_string(),
    }
}

/// Creates an account in a transaction of its own, acting as the suite's actor.
pub(crate) async fn create_user(store: &dyn Store, email: &str, role: Role) -> User {
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let user = tx
        .create_user(&new_user(email, role))
        .await
        .expect("create user");
    tx.commit().await.expect("commit");
    user
}

async fn update_user(store: &dyn Store, id: UserId, update: &UserUpdate) -> User {
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let user = tx.update_user(id, update).await.expect("update user");
    tx.commit().await.expect("commit");
    user
}

/// The audit entries about `subject`, newest first, as (actor, action, detail).
pub(crate) async fn audited(
    store: &dyn Store,
    subject: &str,
) -> Vec<(Actor, String, serde_json::Value)> {
    let query = AuditQuery {
        subject: Some(subject.to_string()),
        ..AuditQuery::default()
    };
    store
        .audit_log(&query)
        .await
        .expect("audit log")
        .into_iter()
        .map(|e| {
            assert_eq!(e.subject, subject);
            (e.actor, e.action, e.detail)
        })
        .collect()
}

fn session(id_hash: &str, user: UserId, opened: &str, hours: i64) -> Session {
    let created_at = at(opened);
    Session {
        id_hash: id_hash.to_string(),
        user_id: user,
        csrf_token: format!("csrf-{id_hash}"),
        created_at,
        expires_at: created_at + Duration::hours(hours),
        last_seen_at: created_at,
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0".into()),
        address: Some("192.0.2.10".into()),
    }
}

pub async fn users_are_created_found_by_email_and_unique(store: &dyn Store) {
    let person = store
        .find_or_create_person(ACTOR, "هدى الكاتبة", None)
        .await
        .expect("person");
    let mut with_byline = new_user("huda@example.org", Role::Writer);
    with_byline.person_id = Some(person.id);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let huda = tx.create_user(&with_byline).await.expect("create");
    tx.commit().await.expect("commit");
    let chief = create_user(store, "chief@example.org", Role::Chief).await;

    assert_eq!(huda.email, "huda@example.org");
    assert_eq!(huda.role, Role::Writer);
    assert_eq!(huda.person_id, Some(person.id));
    assert!(!huda.disabled);
    assert_eq!(store.user(huda.id).await.expect("by id"), huda);
    assert_eq!(
        store
            .user_by_email("huda@example.org")
            .await
            .expect("by email"),
        Some((huda.clone(), HASH.to_string()))
    );
    assert_eq!(
        store
            .user_by_email("nobody@example.org")
            .await
            .expect("by email"),
        None
    );
    assert_eq!(
        store.list_users().await.expect("list"),
        vec![huda.clone(), chief.clone()],
        "ordered by id"
    );
    assert_eq!(store.count_users().await.expect("count"), 2);
    assert!(
        store
            .user(UserId(987_654))
            .await
            .unwrap_err()
            .is_not_found()
    );

    // One account per address.
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let err = tx
        .create_user(&new_user("huda@example.org", Role::Chief))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { entity: "user", .. }),
        "{err:?}"
    );
    drop(tx);
    assert_eq!(store.count_users().await.expect("count"), 2);

    // The store keeps addresses as the domain normalises them, and real references.
    for (user, field) in [
        (new_user("Huda@Example.org", Role::Writer), "user.email"),
        (new_user("not an address", Role::Writer), "user.email"),
        (
            NewUser {
                person_id: Some(warraq_domain::PersonId(987_654)),
                ..new_user("ghost@example.org", Role::Writer)
            },
            "user.person_id",
        ),
    ] {
        let mut tx = store.begin(ACTOR).await.expect("begin");
        let err = tx.create_user(&user).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(DomainError::Invalid { field: f, .. }) if *f == field),
            "{err:?}"
        );
    }
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let nameless = NewUser {
        display_name: " ".into(),
        ..new_user("nameless@example.org", Role::Writer)
    };
    assert!(matches!(
        tx.create_user(&nameless).await.unwrap_err(),
        StoreError::Invalid(DomainError::Empty {
            field: "user.display_name"
        })
    ));
    drop(tx);

    // Creation is audited as whoever created the account, without the password hash.
    assert_eq!(
        audited(store, &format!("user:{}", huda.id)).await,
        vec![(
            ACTOR,
            "user.created".to_string(),
            json!({
                "email": "huda@example.org",
                "display_name": "حساب huda@example.org",
                "role": "writer",
                "person_id": person.id.0,
            })
        )]
    );
    let all = store.audit_log(&AuditQuery::default()).await.expect("log");
    assert_eq!(all.len(), 2, "refused accounts leave no entry: {all:?}");
    assert!(
        all.iter().all(|e| !e.detail.to_string().contains("argon2")),
        "no password hash in the audit log"
    );
}

pub async fn user_changes_are_stored_and_audited_field_by_field(store: &dyn Store) {
    let user = create_user(store, "sami@example.org", Role::Writer).await;
    let subject = format!("user:{}", user.id);

    let promoted = update_user(
        store,
        user.id,
        &UserUpdate {
            role: Some(Role::Editor),
            display_name: Some("سامي المحرر".into()),
            disabled: Some(false),
        },
    )
    .await;
    assert_eq!(promoted.role, Role::Editor);
    assert_eq!(promoted.display_name, "سامي المحرر");
    assert!(!promoted.disabled);
    assert_eq!(promoted.created_at, user.created_at);
    assert_eq!(store.user(user.id).await.expect("get"), promoted);

    let disabled = update_user(
        store,
        user.id,
        &UserUpdate {
            disabled: Some(true),
            ..UserUpdate::default()
        },
    )
    .await;
    assert!(disabled.disabled);
    assert!(store.user(user.id).await.expect("get").disabled);

    // Setting what is already there changes nothing and writes nothing.
    let same = update_user(
        store,
        user.id,
        &UserUpdate {
            role: Some(Role::Editor),
            disabled: Some(true),
            ..UserUpdate::default()
        },
    )
    .await;
    assert_eq!(same, disabled);

    let mut tx = store.begin(Actor::User(UserId(1))).await.expect("begin");
    tx.set_password_hash(user.id, "$argon2id$v=19$new")
        .await
        .expect("password");
    tx.commit().await.expect("commit");
    assert_eq!(
        store
            .user_by_email("sami@example.org")
            .await
            .expect("by email")
            .map(|(_, hash)| hash),
        Some("$argon2id$v=19$new".to_string())
    );

    assert_eq!(
        audited(store, &subject).await,
        vec![
            (
                Actor::User(UserId(1)),
                "user.password".to_string(),
                json!({})
            ),
            (
                ACTOR,
                "user.updated".to_string(),
                json!({ "disabled": { "from": false, "to": true } })
            ),
            (
                ACTOR,
                "user.updated".to_string(),
                json!({
                    "role": { "from": "writer", "to": "editor" },
                    "display_name": { "from": "حساب sami@example.org", "to": "سامي المحرر" },
                })
            ),
            (
                ACTOR,
                "user.created".to_string(),
                json!({
                    "email": "sami@example.org",
                    "display_name": "حساب sami@example.org",
                    "role": "writer",
                    "person_id": null,
                })
            ),
        ]
    );

    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(
        tx.update_user(UserId(987_654), &UserUpdate::default())
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(
        tx.set_password_hash(UserId(987_654), HASH)
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(matches!(
        tx.set_password_hash(user.id, "").await.unwrap_err(),
        StoreError::Invalid(DomainError::Empty {
            field: "user.password_hash"
        })
    ));
}

pub async fn sessions_are_found_until_they_expire_and_slide_when_touched(store: &dyn Store) {
    let user = create_user(store, "mona@example.org", Role::Editor).await;
    let morning = session("a1b2c3d4e5", user.id, "2026-03-01T08:00:00Z", 12);
    let evening = session("f6e5d4c3b2", user.id, "2026-03-01T18:00:00Z", 12);
    store.create_session(&morning).await.expect("morning");
    store.create_session(&evening).await.expect("evening");

    assert_eq!(
        store
            .session("a1b2c3d4e5", at("2026-03-01T09:00:00Z"))
            .await
            .expect("lookup"),
        Some(morning.clone())
    );
    assert_eq!(
        store
            .session("0000000000", at("2026-03-01T09:00:00Z"))
            .await
            .expect("lookup"),
        None
    );
    // Expired at its expiry time, and after.
    for now in ["2026-03-01T20:00:00Z", "2026-03-02T09:00:00Z"] {
        assert_eq!(
            store.session("a1b2c3d4e5", at(now)).await.expect("lookup"),
            None,
            "{now}"
        );
    }

    // Activity slides the expiry.
    store
        .touch_session(
            "a1b2c3d4e5",
            at("2026-03-01T19:00:00Z"),
            at("2026-03-02T07:00:00Z"),
        )
        .await
        .expect("touch");
    let touched = store
        .session("a1b2c3d4e5", at("2026-03-01T20:00:00Z"))
        .await
        .expect("lookup")
        .expect("still open");
    assert_eq!(touched.last_seen_at, at("2026-03-01T19:00:00Z"));
    assert_eq!(touched.expires_at, at("2026-03-02T07:00:00Z"));
    assert_eq!(touched.created_at, morning.created_at);
    // A session logged out while a request was under way: touching it is no error, and
    // brings nothing back.
    store
        .touch_session(
            "0000000000",
            at("2026-03-01T19:00:00Z"),
            at("2026-03-02T07:00:00Z"),
        )
        .await
        .expect("touch a session that is gone");
    assert_eq!(
        store
            .session("0000000000", at("2026-03-01T20:00:00Z"))
            .await
            .expect("lookup"),
        None
    );

    assert_eq!(
        store.sessions_of(user.id).await.expect("sessions"),
        vec![evening.clone(), touched.clone()],
        "newest first"
    );

    // Pruning removes what expired before the moment given, and nothing else.
    assert_eq!(
        store
            .prune_sessions(at("2026-03-02T06:59:00Z"))
            .await
            .expect("prune"),
        1
    );
    assert_eq!(
        store.sessions_of(user.id).await.expect("sessions"),
        vec![touched.clone()]
    );

    store.delete_session("a1b2c3d4e5").await.expect("log out");
    store.delete_session("a1b2c3d4e5").await.expect("again");
    assert!(
        store
            .sessions_of(user.id)
            .await
            .expect("sessions")
            .is_empty()
    );

    // A session belongs to an account that exists, and its hash is unique.
    let err = store
        .create_session(&session("9999", UserId(987_654), "2026-03-01T08:00:00Z", 1))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    store.create_session(&morning).await.expect("again");
    let err = store.create_session(&morning).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Duplicate {
                entity: "session",
                ..
            }
        ),
        "{err:?}"
    );

    // Sessions are not content: neither logged nor audited.
    assert_eq!(
        audited(store, &format!("user:{}", user.id)).await.len(),
        1,
        "only the creation of the account"
    );
}

pub async fn logging_out_everywhere_and_disabling_an_account_end_its_sessions(store: &dyn Store) {
    let mona = create_user(store, "mona@example.org", Role::Editor).await;
    let omar = create_user(store, "omar@example.org", Role::Writer).await;
    let now = at("2026-03-01T09:00:00Z");
    for (hash, user) in [("m1", mona.id), ("m2", mona.id), ("o1", omar.id)] {
        store
            .create_session(&session(hash, user, "2026-03-01T08:00:00Z", 12))
            .await
            .expect("session");
    }

    // A disabled account is locked out at once; enabling it again lets its sessions back.
    update_user(
        store,
        omar.id,
        &UserUpdate {
            disabled: Some(true),
            ..UserUpdate::default()
        },
    )
    .await;
    assert_eq!(store.session("o1", now).await.expect("lookup"), None);
    update_user(
        store,
        omar.id,
        &UserUpdate {
            disabled: Some(false),
            ..UserUpdate::default()
        },
    )
    .await;
    assert!(store.session("o1", now).await.expect("lookup").is_some());

    let chief = Actor::User(UserId(1));
    let mut tx = store.begin(chief).await.expect("begin");
    assert_eq!(tx.revoke_sessions(mona.id).await.expect("revoke"), 2);
    tx.commit().await.expect("commit");
    for hash in ["m1", "m2"] {
        assert_eq!(store.session(hash, now).await.expect("lookup"), None);
    }
    assert!(
        store
            .sessions_of(mona.id)
            .await
            .expect("sessions")
            .is_empty()
    );
    assert!(
        store.session("o1", now).await.expect("lookup").is_some(),
        "other accounts stay logged in"
    );

    let mut tx = store.begin(chief).await.expect("begin");
    assert_eq!(tx.revoke_sessions(mona.id).await.expect("again"), 0);
    tx.commit().await.expect("commit");
    let entries = audited(store, &format!("user:{}", mona.id)).await;
    assert_eq!(
        entries[..2],
        [
            (chief, "sessions.revoked".to_string(), json!({ "count": 0 })),
            (chief, "sessions.revoked".to_string(), json!({ "count": 2 })),
        ]
    );

    let mut tx = store.begin(chief).await.expect("begin");
    assert!(
        tx.revoke_sessions(UserId(987_654))
            .await
            .unwrap_err()
            .is_not_found()
    );
}

pub async fn tokens_act_as_their_user_until_revoked(store: &dyn Store) {
    let robot = create_user(store, "feeds@example.org", Role::Writer).await;
    let other = create_user(store, "other@example.org", Role::Editor).await;
    let mut tx = store.begin(ACTOR).await.expect("begin");
    let feeds = tx
        .create_token(robot.id, "تغذية الشركاء", "sha256-feeds")
        .await
        .expect("token");
    let backup = tx
        .create_token(robot.id, "نسخ احتياطي", "sha256-backup")
        .await
        .expect("token");
    let others = tx
        .create_token(other.id, "سكربت", "sha256-other")
        .await
        .expect("token");
    tx.commit().await.expect("commit");
    assert_eq!(feeds.user_id, robot.id);
    assert_eq!(feeds.label, "تغذية الشركاء");
    assert_eq!((feeds.last_used_at, feeds.revoked), (None, false));

    assert_eq!(
        store.list_tokens(Some(robot.id)).await.expect("tokens"),
        vec![feeds.clone(), backup.clone()]
    );
    assert_eq!(
        store.list_tokens(None).await.expect("tokens"),
        vec![feeds.clone(), backup.clone(), others.clone()]
    );

    // Using a token finds its user and records when.
    let used = at("2026-03-01T10:00:00Z");
    assert_eq!(
        store
            .user_by_token("sha256-feeds", used)
            .await
            .expect("by token"),
        Some(robot.clone())
    );
    assert_eq!(
        store
            .user_by_token("sha256-unknown", used)
            .await
            .expect("by token"),
        None
    );
    let listed = store.list_tokens(Some(robot.id)).await.expect("tokens");
    assert_eq!(listed[0].last_used_at, Some(used));
    assert_eq!(listed[1].last_used_at, None);

    // A revoked token, or one whose account is disabled, acts as nobody.
    let mut tx = store.begin(ACTOR).await.expect("begin");
    tx.revoke_token(feeds.id).await.expect("revoke");
    tx.commit().await.expect("commit");
    assert_eq!(
        store
            .user_by_token("sha256-feeds", used)
            .await
            .expect("by token"),
        None
    );
    let listed = store.list_tokens(Some(robot.id)).await.expect("tokens");
    assert!(listed[0].revoked && !listed[1].revoked);
    update_user(
        store,
        robot.id,
        &UserUpdate {
            disabled: Some(true),
            ..UserUpdate::default()
        },
    )
    .await;
    assert_eq!(
        store
            .user_by_token("sha256-backup", used)
            .await
            .expect("by token"),
        None
    );

    // Revoking twice writes one entry.
    let mut tx = store.begin(ACTOR).await.expect("begin");
    tx.revoke_token(feeds.id).await.expect("again");
    tx.commit().await.expect("commit");
    assert_eq!(
        audited(store, &format!("token:{}", feeds.id)).await,
        vec![
            (
                ACTOR,
                "token.revoked".to_string(),
                json!({ "user": robot.id.0, "label": "تغذية الشركاء" })
            ),
            (
                ACTOR,
                "token.created".to_string(),
                json!({ "user": robot.id.0, "label": "تغذية الشركاء" })
            ),
        ]
    );

    let mut tx = store.begin(ACTOR).await.expect("begin");
    let err = tx
        .create_token(other.id, "نسخة", "sha256-other")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Duplicate {
                entity: "token",
                ..
            }
        ),
        "{err:?}"
    );
    drop(tx);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(
        tx.create_token(UserId(987_654), "شبح", "sha256-ghost")
            .await
            .unwrap_err()
            .is_not_found()
    );
    drop(tx);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(tx.revoke_token(987_654).await.unwrap_err().is_not_found());
    drop(tx);
    let mut tx = store.begin(ACTOR).await.expect("begin");
    assert!(matches!(
        tx.create_token(other.id, " ", "sha256-x")
            .await
            .unwrap_err(),
        StoreError::Invalid(DomainError::Empty {
            field: "token.label"
        })
    ));
}

pub async fn the_last_use_of_a_token_never_moves_back(store: &dyn Store) {
    let user = create_user(store, "api@example.org", Role::Writer).await;
    let mut tx = store.begin(ACTOR).await.expect("begin");
    tx.create_token(user.id, "واجهة", "sha256-api")
        .await
        .expect("token");
    tx.commit().await.expect("commit");
    for when in ["2026-03-01T10:00:00Z", "2026-03-01T09:00:00Z"] {
        assert!(
            store
                .user_by_token("sha256-api", at(when))
                .await
                .expect("use")
                .is_some()
        );
    }
    assert_eq!(
        store.list_tokens(Some(user.id)).await.expect("tokens")[0].last_used_at,
        Some(at("2026-03-01T10:00:00Z")),
        "a request finishing late does not hide a later use"
    );
    // Uses within a minute of the recorded one are not written; a later one is.
    let last_use = |when: &'static str| async move {
        store
            .user_by_token("sha256-api", at(when))
            .await
            .expect("use")
            .expect("the user");
        store.list_tokens(Some(user.id)).await.expect("tokens")[0].last_used_at
    };
    assert_eq!(
        last_use("2026-03-01T10:00:40Z").await,
        Some(at("2026-03-01T10:00:00Z"))
    );
    assert_eq!(
        last_use("2026-03-01T10:01:00Z").await,
        Some(at("2026-03-01T10:01:00Z"))
    );
}
