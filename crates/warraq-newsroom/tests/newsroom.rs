//! The newsroom's rules on both databases: roles, the workflow, stale saves, revisions,
//! corrections, logins, sessions, tokens and the audit log.

mod support;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use warraq_domain::{ArticleDraft, Role, Status, User, UserUpdate};
use warraq_newsroom::{Newsroom, NewsroomError, Transition};
use warraq_store::{ArticleQuery, AuditQuery, Scope};

use support::TestStore;

const PASSWORD: &str = "كلمة-سر-طويلة-2026";

/// A newsroom whose clock the test moves, with a writer, an editor and a chief.
struct Desk {
    newsroom: Newsroom,
    clock: Arc<Mutex<DateTime<Utc>>>,
    writer: User,
    other_writer: User,
    editor: User,
    chief: User,
}

impl Desk {
    async fn new(t: &TestStore) -> Desk {
        let clock = Arc::new(Mutex::new(Utc::now().trunc_subsecs(0)));
        let reading = clock.clone();
        let newsroom =
            Newsroom::new(t.store.clone()).with_clock(Arc::new(move || *reading.lock().unwrap()));
        let add = |email: &'static str, name: &'static str, role| {
            let newsroom = newsroom.clone();
            async move {
                newsroom
                    .add_user(None, email, name, role, Some(PASSWORD))
                    .await
                    .expect("add user")
                    .0
            }
        };
        Desk {
            writer: add("huda@news.example", "هدى الكاتبة", Role::Writer).await,
            other_writer: add("omar@news.example", "عمر", Role::Writer).await,
            editor: add("salem@news.example", "سالم المحرر", Role::Editor).await,
            chief: add("layla@news.example", "ليلى", Role::Chief).await,
            newsroom: newsroom.clone(),
            clock,
        }
    }

    fn advance(&self, by: Duration) {
        *self.clock.lock().unwrap() += by;
    }

    fn now(&self) -> DateTime<Utc> {
        *self.clock.lock().unwrap()
    }

    async fn draft_by(&self, user: &User, headline: &str) -> warraq_domain::Article {
        let section = self.newsroom.store().list_sections().await.unwrap()[0].id;
        let mut draft = ArticleDraft::new(headline, section);
        draft.lede = "مقدمة الخبر".into();
        self.newsroom
            .create_article(user, draft)
            .await
            .expect("create")
    }
}

fn to(status: Status) -> Transition {
    Transition {
        to: status,
        at: None,
    }
}

async fn a_writer_writes_and_submits_but_cannot_publish(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk
        .draft_by(&desk.writer, "وزير الخارجية يصل إلى الرياض")
        .await;
    assert_eq!(article.status, Status::Draft);
    assert_eq!(
        article.author_ids,
        vec![desk.writer.person_id.unwrap()],
        "signed by the writer"
    );

    let err = nr
        .transition(&desk.writer, article.id, to(Status::Published), None)
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Forbidden { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "a writer may not make an article published"
    );

    let other = nr
        .transition(&desk.other_writer, article.id, to(Status::InReview), None)
        .await
        .unwrap_err();
    assert!(
        matches!(other, NewsroomError::Forbidden { .. }),
        "not their article"
    );

    let submitted = nr
        .transition(
            &desk.writer,
            article.id,
            to(Status::InReview),
            Some(article.version),
        )
        .await
        .unwrap();
    assert_eq!(submitted.status, Status::InReview);

    let published = nr
        .transition(
            &desk.editor,
            article.id,
            to(Status::Published),
            Some(submitted.version),
        )
        .await
        .unwrap();
    assert!(published.is_visible_at(desk.now()));
    let err = nr
        .save_article(
            &desk.writer,
            article.id,
            published.content.clone(),
            published.version,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, NewsroomError::Forbidden { .. }),
        "published: only editors edit"
    );
}

async fn a_stale_save_is_refused_and_nothing_is_overwritten(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "خبر أول").await;
    let opened = article.version;

    let mut mine = article.content.clone();
    mine.lede = "نص المحرر".into();
    let saved = nr
        .save_article(&desk.editor, article.id, mine, opened)
        .await
        .unwrap();
    assert_eq!(saved.version, opened + 1);

    let mut theirs = article.content.clone();
    theirs.lede = "نص الكاتبة".into();
    let err = nr
        .save_article(&desk.writer, article.id, theirs, opened)
        .await
        .unwrap_err();
    match err {
        NewsroomError::Stale {
            expected, found, ..
        } => {
            assert_eq!((expected, found), (opened, opened + 1))
        }
        other => panic!("expected a stale-version refusal, got {other}"),
    }
    let stored = nr.store().article(article.id).await.unwrap();
    assert_eq!(stored.lede, "نص المحرر");
    assert_eq!(stored.version, opened + 1);
}

async fn saving_cannot_change_the_workflow(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "خبر").await;
    let mut sneaky = article.content.clone();
    sneaky.status = Status::Published;
    sneaky.published_at = Some(desk.now());
    let saved = nr
        .save_article(&desk.writer, article.id, sneaky, article.version)
        .await
        .unwrap();
    assert_eq!(saved.status, Status::Draft);
    assert_eq!(saved.published_at, None);
}

async fn an_embargoed_article_is_invisible_until_its_time(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "نتائج الانتخابات").await;
    let ends = desk.now() + Duration::hours(1);
    let err = nr
        .transition(
            &desk.editor,
            article.id,
            Transition {
                to: Status::Embargoed,
                at: Some(desk.now() - Duration::minutes(1)),
            },
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, NewsroomError::Invalid { field: "at", .. }),
        "{err}"
    );
    let embargoed = nr
        .transition(
            &desk.editor,
            article.id,
            Transition {
                to: Status::Embargoed,
                at: Some(ends),
            },
            None,
        )
        .await
        .unwrap();
    let visible = |at| {
        let store = nr.store().clone();
        async move {
            store
                .list_articles(&ArticleQuery::visible_at(at))
                .await
                .unwrap()
                .items
                .iter()
                .any(|a| a.id == embargoed.id)
        }
    };
    assert!(!visible(ends - Duration::seconds(1)).await);
    assert!(visible(ends).await);
    assert!(
        nr.store()
            .record_go_live(ends - Duration::seconds(1))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        nr.store().record_go_live(ends).await.unwrap(),
        vec![embargoed.id]
    );
}

async fn scheduling_and_unpublishing_follow_the_workflow(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "مباراة الليلة").await;
    let at = desk.now() + Duration::minutes(30);
    let scheduled = nr
        .transition(
            &desk.editor,
            article.id,
            Transition {
                to: Status::Scheduled,
                at: Some(at),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (scheduled.status, scheduled.published_at),
        (Status::Scheduled, Some(at))
    );
    let listed = nr
        .store()
        .list_articles(&ArticleQuery {
            scope: Scope::Status(Status::Scheduled),
            ..ArticleQuery::visible_at(desk.now())
        })
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);

    let err = nr
        .transition(&desk.editor, article.id, to(Status::InReview), None)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "an article cannot go from scheduled to in_review"
    );

    let published = nr
        .transition(&desk.editor, article.id, to(Status::Published), None)
        .await
        .unwrap();
    assert_eq!(
        published.published_at,
        Some(desk.now()),
        "publishing now overrides the schedule"
    );
    let withdrawn = nr
        .transition(&desk.chief, article.id, to(Status::Unpublished), None)
        .await
        .unwrap();
    assert!(!withdrawn.is_visible_at(desk.now()));
}

async fn revisions_are_compared_and_restored_as_a_new_revision(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk
        .draft_by(&desk.writer, "وزير الخارجية يزور القاهرة")
        .await;
    let mut edited = article.content.clone();
    edited.headline = "وزير الخارجية يزور الرياض".into();
    let v2 = nr
        .save_article(&desk.writer, article.id, edited, article.version)
        .await
        .unwrap();

    let changes = nr.compare_revisions(article.id, 1, None).await.unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].field, "headline");

    nr.transition(&desk.writer, article.id, to(Status::InReview), None)
        .await
        .unwrap();
    let current = nr.store().article(article.id).await.unwrap();
    let restored = nr
        .restore_revision(&desk.writer, article.id, 1, current.version)
        .await
        .unwrap();
    assert_eq!(restored.headline, "وزير الخارجية يزور القاهرة");
    assert_eq!(
        restored.status,
        Status::InReview,
        "restoring words keeps the state"
    );
    assert_eq!(restored.version, current.version + 1);
    let revisions = nr.store().revisions(article.id).await.unwrap();
    assert_eq!(revisions.len() as i64, restored.version);
    assert!(v2.version < restored.version);
    let audit = nr
        .audit_log(
            &desk.chief,
            &AuditQuery {
                subject: Some(format!("article:{}", article.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        audit.iter().any(|e| e.action == "article.restored"),
        "{audit:?}"
    );
}

async fn a_correction_is_dated_and_only_editors_make_it(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "حصيلة الزلزال").await;
    let published = nr
        .transition(&desk.editor, article.id, to(Status::Published), None)
        .await
        .unwrap();
    let first_published = published.published_at;
    desk.advance(Duration::hours(2));

    let mut fixed = published.content.clone();
    fixed.lede = "ارتفعت الحصيلة إلى 120".into();
    let err = nr
        .correct_article(
            &desk.writer,
            article.id,
            fixed.clone(),
            "صُحّح الرقم",
            published.version,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Forbidden { .. }));
    let corrected = nr
        .correct_article(
            &desk.editor,
            article.id,
            fixed,
            "صُحّح عدد الضحايا",
            published.version,
        )
        .await
        .unwrap();
    assert_eq!(corrected.status, Status::Published);
    assert_eq!(corrected.published_at, first_published);
    assert_eq!(corrected.corrections.len(), 1);
    assert_eq!(corrected.corrections[0].at, desk.now());
    assert_eq!(corrected.corrections[0].note, "صُحّح عدد الضحايا");
}

async fn logins_sessions_and_log_out_everywhere(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let err = nr
        .login(
            "HUDA@news.example",
            "wrong password!",
            Some("10.0.0.1"),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Unauthenticated(_)));
    let one = nr
        .login(
            " Huda@News.Example ",
            PASSWORD,
            Some("10.0.0.1"),
            Some("test"),
        )
        .await
        .unwrap();
    assert_eq!(one.user.id, desk.writer.id);
    let two = nr
        .login("huda@news.example", PASSWORD, Some("10.0.0.2"), None)
        .await
        .unwrap();
    let (user, session) = nr
        .session_user(&one.session_token)
        .await
        .unwrap()
        .expect("a session");
    assert_eq!(user.id, desk.writer.id);
    assert_eq!(session.csrf_token, one.session.csrf_token);
    assert!(nr.session_user("not a token").await.unwrap().is_none());

    nr.logout(&one.session_token).await.unwrap();
    assert!(nr.session_user(&one.session_token).await.unwrap().is_none());
    assert!(nr.session_user(&two.session_token).await.unwrap().is_some());
    let three = nr
        .login("huda@news.example", PASSWORD, None, None)
        .await
        .unwrap();
    assert_eq!(nr.logout_everywhere(&desk.writer).await.unwrap(), 2);
    for token in [&two.session_token, &three.session_token] {
        assert!(nr.session_user(token).await.unwrap().is_none());
    }

    // Idle sessions end.
    let four = nr
        .login("huda@news.example", PASSWORD, None, None)
        .await
        .unwrap();
    desk.advance(Duration::hours(13));
    assert!(
        nr.session_user(&four.session_token)
            .await
            .unwrap()
            .is_none()
    );
}

async fn logins_are_throttled_per_account_even_with_the_right_password(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    for _ in 0..5 {
        assert!(matches!(
            nr.login(
                "salem@news.example",
                "guess-guess-guess",
                Some("10.0.0.9"),
                None
            )
            .await,
            Err(NewsroomError::Unauthenticated(_))
        ));
    }
    let err = nr
        .login("salem@news.example", PASSWORD, Some("10.0.0.8"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, NewsroomError::Throttled { .. }), "{err}");
    desk.advance(Duration::minutes(16));
    nr.login("salem@news.example", PASSWORD, Some("10.0.0.8"), None)
        .await
        .unwrap();
}

async fn disabled_accounts_and_revoked_tokens_stop_working(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let (token, secret) = nr
        .create_token(None, "omar@news.example", "وكالة")
        .await
        .unwrap();
    assert_eq!(
        nr.token_user(&secret).await.unwrap().map(|u| u.id),
        Some(desk.other_writer.id)
    );
    assert!(nr.token_user("wq_unknown").await.unwrap().is_none());
    let session = nr
        .login("omar@news.example", PASSWORD, None, None)
        .await
        .unwrap();

    let err = nr
        .update_user(
            &desk.editor,
            desk.other_writer.id,
            &UserUpdate {
                disabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, NewsroomError::Forbidden { .. }),
        "only chiefs manage accounts"
    );
    nr.update_user(
        &desk.chief,
        desk.other_writer.id,
        &UserUpdate {
            disabled: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(
        nr.session_user(&session.session_token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(nr.token_user(&secret).await.unwrap().is_none());
    assert!(
        nr.login("omar@news.example", PASSWORD, None, None)
            .await
            .is_err()
    );

    nr.update_user(
        &desk.chief,
        desk.other_writer.id,
        &UserUpdate {
            disabled: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(nr.token_user(&secret).await.unwrap().is_some());
    nr.revoke_token(Some(&desk.chief), token.id).await.unwrap();
    assert!(nr.token_user(&secret).await.unwrap().is_none());
    assert!(
        nr.update_user(
            &desk.chief,
            desk.chief.id,
            &UserUpdate {
                role: Some(Role::Writer),
                ..Default::default()
            }
        )
        .await
        .is_err(),
        "a chief cannot demote themselves"
    );
}

async fn the_audit_log_says_who_moved_what_and_only_chiefs_read_it(t: &TestStore) {
    let desk = Desk::new(t).await;
    let nr = &desk.newsroom;
    let article = desk.draft_by(&desk.writer, "خبر").await;
    nr.transition(&desk.writer, article.id, to(Status::InReview), None)
        .await
        .unwrap();
    nr.transition(&desk.editor, article.id, to(Status::Published), None)
        .await
        .unwrap();
    assert!(matches!(
        nr.audit_log(&desk.editor, &AuditQuery::default()).await,
        Err(NewsroomError::Forbidden { .. })
    ));
    let entries = nr
        .audit_log(
            &desk.chief,
            &AuditQuery {
                subject: Some(format!("article:{}", article.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let moves: Vec<(String, String)> = entries
        .iter()
        .filter(|e| e.action == "article.status")
        .map(|e| {
            (
                e.actor.to_string(),
                e.detail["to"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        vec![
            (format!("user:{}", desk.editor.id), "published".to_string()),
            (format!("user:{}", desk.writer.id), "in_review".to_string()),
            (format!("user:{}", desk.writer.id), "draft".to_string()),
        ],
        "newest first"
    );
    let users = nr
        .audit_log(
            &desk.chief,
            &AuditQuery {
                subject: Some(format!("user:{}", desk.writer.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        users.iter().any(|e| e.action == "user.created"),
        "{users:?}"
    );
}

async fn body_text_is_normalised_and_its_marks_follow_their_words(t: &TestStore) {
    let desk = Desk::new(t).await;
    let section = desk.newsroom.store().list_sections().await.unwrap()[0].id;
    let mut draft = ArticleDraft::new("خبر", section);
    let strong = |start, end| warraq_domain::Mark {
        start,
        end,
        kind: warraq_domain::MarkKind::Strong,
    };
    draft.body = vec![
        warraq_domain::Block::Paragraph {
            text: "  قال   الوزير  ".into(),
            marks: vec![strong(8, 14)],
        },
        warraq_domain::Block::Paragraph {
            text: "   ".into(),
            marks: vec![],
        },
    ];
    let article = desk
        .newsroom
        .create_article(&desk.writer, draft)
        .await
        .unwrap();
    assert_eq!(
        article.body,
        vec![warraq_domain::Block::Paragraph {
            text: "قال الوزير".into(),
            marks: vec![strong(4, 10)],
        }],
        "spaces collapsed, the empty paragraph dropped, the mark still on «الوزير»"
    );
}

both_backends!(
    body_text_is_normalised_and_its_marks_follow_their_words,
    a_writer_writes_and_submits_but_cannot_publish,
    a_stale_save_is_refused_and_nothing_is_overwritten,
    saving_cannot_change_the_workflow,
    an_embargoed_article_is_invisible_until_its_time,
    scheduling_and_unpublishing_follow_the_workflow,
    revisions_are_compared_and_restored_as_a_new_revision,
    a_correction_is_dated_and_only_editors_make_it,
    logins_sessions_and_log_out_everywhere,
    logins_are_throttled_per_account_even_with_the_right_password,
    disabled_accounts_and_revoked_tokens_stop_working,
    the_audit_log_says_who_moved_what_and_only_chiefs_read_it,
);
