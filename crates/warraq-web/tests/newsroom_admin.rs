//! Accounts, API tokens, the audit log and one's own account through HTTP: chiefs only
//! where the newsroom's rules say so (403 with a clear page for the others, nothing
//! changed), a new account logging in with the password shown once, tokens that act as
//! their account until revoked, and a password changed only with the current one. Each on
//! SQLite and PostgreSQL.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use support::{Backend, Reply, TestSite, all_text, attr, one};
use warraq_domain::{Role, User};

const PASSWORD: &str = "كلمة سر طويلة للاختبار";

struct Desk {
    user: User,
    cookie: String,
    csrf: String,
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn add_account(site: &TestSite, role: Role) -> User {
    let (user, _) = site
        .node
        .state()
        .newsroom()
        .add_user(
            None,
            &format!("{}@news.test", role.as_str()),
            &format!("حساب {}", role.as_str()),
            role,
            Some(PASSWORD),
        )
        .await
        .expect("account");
    user
}

/// Logs in through the login form; `None` when refused.
async fn log_in_as(site: &TestSite, email: &str, password: &str) -> Option<(String, String)> {
    let reply = site
        .request(
            Request::post("/newsroom/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form_body(&[
                    ("email", email),
                    ("password", password),
                    ("next", "/newsroom/account"),
                ])))
                .unwrap(),
        )
        .await;
    if reply.status != StatusCode::SEE_OTHER {
        return None;
    }
    let cookie = reply.header("set-cookie")?.split(';').next()?.to_string();
    let page = get(site, &cookie, "/newsroom/account").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let csrf = attr(one(&page.html(), r#"meta[name="csrf-token"]"#), "content").to_string();
    Some((cookie, csrf))
}

async fn desk(site: &TestSite, role: Role) -> Desk {
    let user = add_account(site, role).await;
    let (cookie, csrf) = log_in_as(site, &user.email, PASSWORD)
        .await
        .expect("logged in");
    Desk { user, cookie, csrf }
}

async fn get(site: &TestSite, cookie: &str, uri: &str) -> Reply {
    site.request(
        Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn post(site: &TestSite, desk: &Desk, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("csrf", &desk.csrf));
    site.request(
        Request::post(uri)
            .header(header::COOKIE, &desk.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&fields)))
            .unwrap(),
    )
    .await
}

async fn writers_and_editors_are_refused_the_chiefs_pages(backend: Backend) {
    let site = TestSite::on(backend).await;
    for role in [Role::Writer, Role::Editor] {
        let desk = desk(&site, role).await;
        for page in ["/newsroom/users", "/newsroom/tokens", "/newsroom/audit"] {
            let reply = get(&site, &desk.cookie, page).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?} on {page}");
            let doc = reply.html();
            assert_eq!(
                attr(one(&doc, "[data-error-code]"), "data-error-code"),
                "forbidden"
            );
            let message = one(&doc, ".nr-error-page p:first-of-type")
                .text()
                .collect::<String>();
            assert!(message.contains("رئيس التحرير"), "{message}");
        }
        let before = site.store.count_users().await.unwrap();
        let add = post(
            &site,
            &desk,
            "/newsroom/users",
            &[
                ("email", "sneaky@news.test"),
                ("display_name", "متسلل"),
                ("role", "chief"),
            ],
        )
        .await;
        assert_eq!(add.status, StatusCode::FORBIDDEN);
        assert_eq!(site.store.count_users().await.unwrap(), before);
        let promote = post(
            &site,
            &desk,
            &format!("/newsroom/users/{}/role", desk.user.id.0),
            &[("role", "chief")],
        )
        .await;
        assert_eq!(promote.status, StatusCode::FORBIDDEN);
        assert_eq!(site.store.user(desk.user.id).await.unwrap().role, role);
        // Their own account page is theirs to see.
        assert_eq!(
            get(&site, &desk.cookie, "/newsroom/account").await.status,
            StatusCode::OK
        );
    }
    // Logged out: to the login form.
    let reply = site.get("/newsroom/users").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(
        reply
            .header("location")
            .unwrap()
            .starts_with("/newsroom/login")
    );
}
on_both_backends!(writers_and_editors_are_refused_the_chiefs_pages);

async fn a_chief_adds_an_account_that_logs_in_with_the_password_shown_once(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    let reply = post(
        &site,
        &chief,
        "/newsroom/users",
        &[
            ("email", " Huda@News.test "),
            ("display_name", "هدى الكاتبة"),
            ("role", "writer"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let doc = reply.html();
    let password = one(&doc, r#"[data-secret="password"]"#)
        .text()
        .collect::<String>();
    assert_eq!(password.len(), 16);
    assert!(
        all_text(&doc, "tbody th")
            .iter()
            .any(|n| n == "هدى الكاتبة")
    );

    let (cookie, _) = log_in_as(&site, "huda@news.test", &password)
        .await
        .expect("the new account logs in with the shown password");
    let account = get(&site, &cookie, "/newsroom/account").await.text();
    assert!(account.contains("هدى الكاتبة") && account.contains("huda@news.test"));
    // The list never shows it again.
    let list = get(&site, &chief.cookie, "/newsroom/users").await;
    assert!(!list.text().contains(&password));

    // The same address again: refused with the reason, the form kept.
    let again = post(
        &site,
        &chief,
        "/newsroom/users",
        &[
            ("email", "huda@news.test"),
            ("display_name", "أخرى"),
            ("role", "editor"),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let doc = again.html();
    assert!(
        one(&doc, "#users-error")
            .text()
            .collect::<String>()
            .contains("مستخدم لحساب آخر")
    );
    assert_eq!(attr(one(&doc, "#new-name"), "value"), "أخرى");
}
on_both_backends!(a_chief_adds_an_account_that_logs_in_with_the_password_shown_once);

async fn a_chief_changes_roles_and_disables_and_enables_accounts(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    let writer = add_account(&site, Role::Writer).await;
    let (writer_cookie, _) = log_in_as(&site, &writer.email, PASSWORD).await.unwrap();

    let uri = format!("/newsroom/users/{}/role", writer.id.0);
    let reply = post(&site, &chief, &uri, &[("role", "editor")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(site.store.user(writer.id).await.unwrap().role, Role::Editor);

    let reply = post(
        &site,
        &chief,
        &format!("/newsroom/users/{}/disable", writer.id.0),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(site.store.user(writer.id).await.unwrap().disabled);
    assert!(log_in_as(&site, &writer.email, PASSWORD).await.is_none());
    // Disabling ended the session that was open.
    assert_eq!(
        get(&site, &writer_cookie, "/newsroom/account").await.status,
        StatusCode::SEE_OTHER
    );
    let list = get(&site, &chief.cookie, "/newsroom/users").await.html();
    assert!(
        one(&list, &format!("#user-{}", writer.id.0))
            .text()
            .collect::<String>()
            .contains("معطّل")
    );

    let reply = post(
        &site,
        &chief,
        &format!("/newsroom/users/{}/enable", writer.id.0),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(log_in_as(&site, &writer.email, PASSWORD).await.is_some());

    // A chief cannot lock themselves out.
    let reply = post(
        &site,
        &chief,
        &format!("/newsroom/users/{}/disable", chief.user.id.0),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!site.store.user(chief.user.id).await.unwrap().disabled);
    // Without the CSRF token, nothing happens.
    let forged = site
        .request(
            Request::post(format!("/newsroom/users/{}/disable", writer.id.0))
                .header(header::COOKIE, &chief.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!site.store.user(writer.id).await.unwrap().disabled);
}
on_both_backends!(a_chief_changes_roles_and_disables_and_enables_accounts);

async fn tokens_made_on_the_page_act_as_their_account_until_revoked(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    let editor = add_account(&site, Role::Editor).await;
    let reply = post(
        &site,
        &chief,
        "/newsroom/tokens",
        &[("email", &editor.email), ("label", "مستورد الوكالات")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let doc = reply.html();
    let token = one(&doc, r#"[data-secret="token"]"#)
        .text()
        .collect::<String>();
    assert!(token.starts_with("wq_"), "{token}");
    let newsroom = site.node.state().newsroom();
    assert_eq!(
        newsroom.token_user(&token).await.unwrap().map(|u| u.id),
        Some(editor.id)
    );

    let list = get(&site, &chief.cookie, "/newsroom/tokens").await;
    assert!(!list.text().contains(&token), "shown once");
    let doc = list.html();
    let row = one(&doc, "tr[data-token-id]");
    assert!(row.text().collect::<String>().contains("مستورد الوكالات"));
    let id = attr(row, "data-token-id").to_string();

    let reply = post(&site, &chief, &format!("/newsroom/tokens/{id}/revoke"), &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(newsroom.token_user(&token).await.unwrap(), None);
    let doc = get(&site, &chief.cookie, "/newsroom/tokens").await.html();
    assert!(
        one(&doc, "tr[data-token-id]")
            .text()
            .collect::<String>()
            .contains("ملغى")
    );

    // A token needs a purpose and an existing account.
    let reply = post(
        &site,
        &chief,
        "/newsroom/tokens",
        &[("email", &editor.email), ("label", " ")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = post(
        &site,
        &chief,
        "/newsroom/tokens",
        &[("email", "nobody@news.test"), ("label", "x")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}
on_both_backends!(tokens_made_on_the_page_act_as_their_account_until_revoked);

async fn the_audit_log_lists_who_did_what_filtered_by_subject(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    let writer = add_account(&site, Role::Writer).await;
    post(
        &site,
        &chief,
        &format!("/newsroom/users/{}/role", writer.id.0),
        &[("role", "editor")],
    )
    .await;

    let reply = get(&site, &chief.cookie, "/newsroom/audit").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.html();
    let rows = all_text(&doc, "tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains(&chief.user.display_name) && r.contains("تعديل حساب")),
        "{rows:#?}"
    );
    let subject = format!("user:{}", writer.id.0);
    let filtered = get(
        &site,
        &chief.cookie,
        &format!("/newsroom/audit?subject={}", encode(&subject)),
    )
    .await;
    let doc = filtered.html();
    let rows = all_text(&doc, "tbody tr");
    assert_eq!(rows.len(), 2, "created and updated: {rows:#?}");
    assert!(rows.iter().all(|r| r.contains(&subject)));
    let link = one(&doc, "tbody tr:first-child a[dir=ltr]");
    assert_eq!(
        attr(link, "href"),
        format!("/newsroom/users#user-{}", writer.id.0)
    );

    // Article changes link to the article.
    let state = site.node.state();
    state
        .newsroom()
        .transition(
            &chief.user,
            site.draft.id,
            warraq_newsroom::Transition {
                to: warraq_domain::Status::InReview,
                at: None,
            },
            None,
        )
        .await
        .expect("submit the draft");
    let doc = get(
        &site,
        &chief.cookie,
        &format!(
            "/newsroom/audit?subject={}",
            encode(&format!("article:{}", site.draft.id.0))
        ),
    )
    .await
    .html();
    let link = one(&doc, "tbody tr:first-child a[dir=ltr]");
    assert_eq!(
        attr(link, "href"),
        format!("/newsroom/articles/{}", site.draft.id.0)
    );
}
on_both_backends!(the_audit_log_lists_who_did_what_filtered_by_subject);

async fn everyone_changes_their_own_password_knowing_the_current_one(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let page = get(&site, &writer.cookie, "/newsroom/account").await;
    let doc = page.html();
    assert_eq!(
        doc.select(&support::sel("tbody tr")).count(),
        1,
        "one browser logged in"
    );
    assert!(
        one(
            &doc,
            r#".adm-panel form[action="/newsroom/logout-everywhere"]"#
        )
        .html()
        .contains(&writer.csrf)
    );

    let wrong = post(
        &site,
        &writer,
        "/newsroom/account/password",
        &[
            ("current", "not my password"),
            ("password", "جديدة وطويلة جدا"),
            ("confirm", "جديدة وطويلة جدا"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("كلمة المرور الحالية غير صحيحة"));
    let short = post(
        &site,
        &writer,
        "/newsroom/account/password",
        &[
            ("current", PASSWORD),
            ("password", "قصيرة"),
            ("confirm", "قصيرة"),
        ],
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = post(
        &site,
        &writer,
        "/newsroom/account/password",
        &[
            ("current", PASSWORD),
            ("password", "جديدة وطويلة جدا"),
            ("confirm", "جديدة وطويلة جدا"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert!(
        log_in_as(&site, &writer.user.email, PASSWORD)
            .await
            .is_none()
    );
    assert!(
        log_in_as(&site, &writer.user.email, "جديدة وطويلة جدا")
            .await
            .is_some()
    );
}
on_both_backends!(everyone_changes_their_own_password_knowing_the_current_one);
