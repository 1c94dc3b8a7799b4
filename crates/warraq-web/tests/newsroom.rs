//! The newsroom's pages through HTTP: logging in and out (the cookie's attributes, wrong
//! passwords, throttling, logging out everywhere), CSRF and same-origin checks on every
//! write, saving with the stale check (409 with what is stored), the workflow's
//! permissions (a writer's forced publish is refused), revisions (compare, restore), the
//! preview, the language toggle, and `Cache-Control: no-store` on everything. Each on
//! SQLite and PostgreSQL.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use support::{Backend, Reply, TestSite, all_text, attr, one};
use warraq_domain::{Role, Status, User};

const PASSWORD: &str = "كلمة سر طويلة للاختبار";

struct Desk {
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

async fn add_account(site: &TestSite, role: Role, email: &str) -> User {
    site.node
        .state()
        .newsroom()
        .add_user(
            None,
            email,
            &format!("حساب {}", role.as_str()),
            role,
            Some(PASSWORD),
        )
        .await
        .expect("account")
        .0
}

async fn login(site: &TestSite, email: &str, password: &str) -> Reply {
    site.request(
        Request::post("/newsroom/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&[
                ("email", email),
                ("password", password),
                ("next", "/newsroom"),
            ])))
            .unwrap(),
    )
    .await
}

/// Logs in through the form and reads the CSRF token from the article list.
async fn session_of(site: &TestSite, email: &str) -> (String, String) {
    let reply = login(site, email, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let cookie = reply
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    let page = get(site, &cookie, "/newsroom").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let csrf = attr(one(&page.html(), r#"meta[name="csrf-token"]"#), "content").to_string();
    (cookie, csrf)
}

async fn desk(site: &TestSite, role: Role) -> Desk {
    let email = format!("{}@news.test", role.as_str());
    add_account(site, role, &email).await;
    let (cookie, csrf) = session_of(site, &email).await;
    Desk { cookie, csrf }
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

async fn post_form(site: &TestSite, cookie: &str, uri: &str, fields: &[(&str, &str)]) -> Reply {
    site.request(
        Request::post(uri)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap(),
    )
    .await
}

/// A form post with the desk's CSRF token.
async fn post(site: &TestSite, desk: &Desk, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("csrf", &desk.csrf));
    post_form(site, &desk.cookie, uri, &fields).await
}

async fn send_json(
    site: &TestSite,
    desk: &Desk,
    method: &str,
    uri: &str,
    csrf: Option<&str>,
    body: &Value,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, &desk.cookie)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    site.request(request.body(Body::from(body.to_string())).unwrap())
        .await
}

fn content(site: &TestSite, headline: &str, text: &str) -> Value {
    json!({
        "headline": headline,
        "lede": "مقدمة الخبر",
        "body": [{"type": "paragraph", "text": text}],
        "section_id": site.asia.id.0,
        "tags": ["سياسة"],
        "hero_id": site.hero.id.0,
    })
}

/// A draft written by `desk` through the editor's JSON call; returns (id, version).
async fn create(site: &TestSite, desk: &Desk, headline: &str) -> (i64, i64) {
    let reply = send_json(
        site,
        desk,
        "POST",
        "/newsroom/api/articles",
        Some(&desk.csrf),
        &json!({ "content": content(site, headline, "الفقرة الأولى من الخبر") }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let json = reply.json();
    (
        json["id"].as_i64().unwrap(),
        json["version"].as_i64().unwrap(),
    )
}

/// Closes the store before the test's PostgreSQL schema is dropped. A refused write drops
/// its transaction; sqlx sends the rollback from a task of the pool, which the blocking
/// schema drop at the end of a test would never let run, and the drop would wait forever
/// for that transaction's locks.
async fn finish(site: TestSite) {
    site.db.sql.close().await;
}

async fn logging_in_sets_a_strict_session_cookie(backend: Backend) {
    let site = TestSite::on(backend).await;
    add_account(&site, Role::Writer, "writer@news.test").await;

    let form = site.get("/newsroom/login").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.header("cache-control"), Some("no-store"));
    let doc = form.html();
    assert_eq!(attr(one(&doc, "html"), "lang"), "ar");
    assert_eq!(attr(one(&doc, "html"), "dir"), "rtl");
    assert_eq!(attr(one(&doc, r#"label[for="email"]"#), "for"), "email");

    let reply = login(&site, "Writer@News.test", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), Some("/newsroom"));
    let cookie = reply.header("set-cookie").expect("a cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/newsroom"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(cookie.starts_with("warraq_session="), "{cookie}");
    assert!(
        cookie.len() > "warraq_session=".len() + 40,
        "a random token"
    );

    // Wrong password: the form again, no session.
    let wrong = login(&site, "writer@news.test", "not the password at all").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .headers
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().contains("warraq_session=")),
        "no session cookie on failure"
    );
    let message = all_text(&wrong.html(), "[role=alert]").join(" ");
    assert!(message.contains("غير صحيحة"), "{message}");

    // Without a session, pages lead to the login form and come back.
    let page = site.get("/newsroom/articles/new").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.header("location"),
        Some("/newsroom/login?next=%2Fnewsroom%2Farticles%2Fnew")
    );
    let api = site.get("/newsroom/api/articles/search?q=x").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.json()["error"]["code"], "logged_out");
    let forged = get(&site, "warraq_session=forged", "/newsroom").await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    finish(site).await;
}

async fn repeated_failures_are_throttled_with_the_wait_in_arabic(backend: Backend) {
    let site = TestSite::on(backend).await;
    add_account(&site, Role::Writer, "writer@news.test").await;
    for _ in 0..5 {
        let reply = login(&site, "writer@news.test", "wrong password here").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let reply = login(&site, "writer@news.test", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.header("retry-after").is_some());
    let message = all_text(&reply.html(), "[role=alert]").join(" ");
    assert!(message.contains("حاول مجدداً بعد"), "{message}");
    assert!(message.contains("دقيقة"), "{message}");
    finish(site).await;
}

async fn writes_need_the_csrf_token_and_this_origin(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (id, version) = create(&site, &writer, "خبر للتجربة").await;
    let body = json!({ "version": version, "content": content(&site, "عنوان آخر", "نص") });
    let uri = format!("/newsroom/api/articles/{id}");

    let missing = send_json(&site, &writer, "PUT", &uri, None, &body).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.json()["error"]["code"], "csrf");
    let wrong = send_json(&site, &writer, "PUT", &uri, Some("not-the-token"), &body).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // The right token from another site is refused too.
    let cross = site
        .request(
            Request::put(&uri)
                .header(header::COOKIE, &writer.cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::HOST, "news.test")
                .header(header::ORIGIN, "https://evil.example")
                .header("x-csrf-token", &writer.csrf)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let fetched = site
        .request(
            Request::put(&uri)
                .header(header::COOKIE, &writer.cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .header("sec-fetch-site", "cross-site")
                .header("x-csrf-token", &writer.csrf)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(fetched.status, StatusCode::FORBIDDEN);
    let stored = site
        .store
        .article(warraq_domain::ArticleId(id))
        .await
        .unwrap();
    assert_eq!(stored.headline, "خبر للتجربة", "nothing was written");

    // Forms: no token, no logout; the refusal is a newsroom page in Arabic.
    let logout = post_form(&site, &writer.cookie, "/newsroom/logout", &[]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    assert_eq!(logout.header("cache-control"), Some("no-store"));
    let doc = logout.html();
    assert_eq!(
        attr(one(&doc, "[data-error-code]"), "data-error-code"),
        "csrf"
    );
    assert_eq!(
        get(&site, &writer.cookie, "/newsroom").await.status,
        StatusCode::OK
    );

    // Same host as Origin: accepted.
    let same = site
        .request(
            Request::put(&uri)
                .header(header::COOKIE, &writer.cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::HOST, "news.test")
                .header(header::ORIGIN, "http://news.test")
                .header("sec-fetch-site", "same-origin")
                .header("x-csrf-token", &writer.csrf)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.text());
    finish(site).await;
}

async fn a_stale_save_is_refused_with_what_is_stored(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let editor = desk(&site, Role::Editor).await;
    let (id, version) = create(&site, &writer, "خبر يحرره اثنان").await;
    let uri = format!("/newsroom/api/articles/{id}");

    // The editor saves first…
    let first = send_json(
        &site,
        &editor,
        "PUT",
        &uri,
        Some(&editor.csrf),
        &json!({ "version": version, "content": content(&site, "عنوان المحرر", "نص المحرر") }),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let saved = first.json()["version"].as_i64().unwrap();
    assert!(saved > version);

    // …then the writer's autosave over the version they opened.
    let stale = send_json(
        &site,
        &writer,
        "PUT",
        &uri,
        Some(&writer.csrf),
        &json!({ "version": version, "content": content(&site, "عنوان الكاتب", "نص الكاتب") }),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let json = stale.json();
    assert_eq!(json["error"]["code"], "stale");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("شخص آخر")
    );
    assert_eq!(json["current"]["version"], saved);
    assert_eq!(json["current"]["content"]["headline"], "عنوان المحرر");
    assert_eq!(json["current"]["content"]["body"][0]["text"], "نص المحرر");
    let stored = site
        .store
        .article(warraq_domain::ArticleId(id))
        .await
        .unwrap();
    assert_eq!(stored.version, saved, "nothing was overwritten");
    assert_eq!(stored.headline, "عنوان المحرر");

    // Overwriting deliberately: over the version now stored.
    let again = send_json(
        &site,
        &writer,
        "PUT",
        &uri,
        Some(&writer.csrf),
        &json!({ "version": saved, "content": content(&site, "عنوان الكاتب", "نص الكاتب") }),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());

    // The form path refuses a stale version the same way.
    let form = post(
        &site,
        &writer,
        &format!("/newsroom/articles/{id}"),
        &[
            ("version", &version.to_string()),
            ("headline", "من النموذج"),
            ("section_id", &site.asia.id.0.to_string()),
        ],
    )
    .await;
    assert_eq!(form.status, StatusCode::CONFLICT);
    assert_eq!(
        attr(one(&form.html(), "[data-error-code]"), "data-error-code"),
        "stale"
    );
    finish(site).await;
}

async fn a_writer_submits_and_only_an_editor_publishes(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let editor = desk(&site, Role::Editor).await;
    let (id, version) = create(&site, &writer, "خبر الكاتب للنشر").await;
    let editor_page = format!("/newsroom/articles/{id}");
    let workflow = format!("/newsroom/articles/{id}/workflow");

    let page = get(&site, &writer.cookie, &editor_page).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let doc = page.html();
    let offered: Vec<&str> = doc
        .select(&support::sel("[data-transition]"))
        .map(|b| attr(b, "data-transition"))
        .collect();
    assert_eq!(offered, ["in_review"], "a writer may only submit");

    // A forced publish is refused and changes nothing.
    let forced = post(
        &site,
        &writer,
        &workflow,
        &[("version", &version.to_string()), ("to", "published")],
    )
    .await;
    assert_eq!(forced.status, StatusCode::FORBIDDEN);
    assert_eq!(
        site.store
            .article(warraq_domain::ArticleId(id))
            .await
            .unwrap()
            .status,
        Status::Draft
    );

    let submitted = post(
        &site,
        &writer,
        &workflow,
        &[("version", &version.to_string()), ("to", "in_review")],
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.text()
    );
    assert_eq!(
        submitted.header("location"),
        Some(format!("/newsroom/articles/{id}?moved=in_review").as_str())
    );
    let stored = site
        .store
        .article(warraq_domain::ArticleId(id))
        .await
        .unwrap();
    assert_eq!(stored.status, Status::InReview);

    let page = get(&site, &editor.cookie, &editor_page).await;
    let doc = page.html();
    let offered: Vec<&str> = doc
        .select(&support::sel("[data-transition]"))
        .map(|b| attr(b, "data-transition"))
        .collect();
    for to in ["published", "scheduled", "embargoed", "draft"] {
        assert!(offered.contains(&to), "an editor may {to}: {offered:?}");
    }
    let published = post(
        &site,
        &editor,
        &workflow,
        &[
            ("version", &stored.version.to_string()),
            ("to", "published"),
        ],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.text()
    );
    site.caught_up().await;
    let api = site.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(api.status, StatusCode::OK, "readers see it now");
    let list = get(&site, &editor.cookie, "/newsroom?status=published").await;
    let rows = all_text(&list.html(), "tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("خبر الكاتب للنشر") && r.contains("منشور")),
        "{rows:?}"
    );

    // Published: the page offers a correction note; the writer may no longer edit.
    let page = get(&site, &editor.cookie, &editor_page).await;
    one(&page.html(), "textarea#correction");
    let page = get(&site, &writer.cookie, &editor_page).await;
    assert!(
        page.html()
            .select(&support::sel("fieldset[disabled]"))
            .next()
            .is_some()
    );
    finish(site).await;
}

async fn scheduling_reads_arabic_indic_digits_in_the_site_zone(backend: Backend) {
    let site = TestSite::on(backend).await;
    let editor = desk(&site, Role::Editor).await;
    let (id, version) = create(&site, &editor, "خبر مجدول").await;
    let reply = post(
        &site,
        &editor,
        &format!("/newsroom/articles/{id}/workflow"),
        &[
            ("version", &version.to_string()),
            ("to", "scheduled"),
            ("scheduled_at", "٢٠٤٠-٠١-٠٢ ١٠:٣٠"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let stored = site
        .store
        .article(warraq_domain::ArticleId(id))
        .await
        .unwrap();
    assert_eq!(stored.status, Status::Scheduled);
    // 10:30 at UTC+3 is 07:30 UTC.
    assert_eq!(
        stored.published_at,
        Some(support::at("2040-01-02T07:30:00Z"))
    );
    let bad = post(
        &site,
        &editor,
        &format!("/newsroom/articles/{id}/workflow"),
        &[
            ("version", &stored.version.to_string()),
            ("to", "embargoed"),
            ("embargo_until", "بعد الظهر"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    finish(site).await;
}

async fn logging_out_everywhere_ends_the_other_sessions(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (other_cookie, _) = session_of(&site, "writer@news.test").await;
    assert_eq!(
        get(&site, &other_cookie, "/newsroom").await.status,
        StatusCode::OK
    );

    let out = post(&site, &writer, "/newsroom/logout-everywhere", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        out.header("location"),
        Some("/newsroom/login?done=everywhere")
    );
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    for cookie in [&writer.cookie, &other_cookie] {
        let page = get(&site, cookie, "/newsroom").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "that session ended");
    }

    // Logging out ends only this browser's session.
    let first = desk(&site, Role::Editor).await;
    let (second, _) = session_of(&site, "editor@news.test").await;
    let out = post(&site, &first, "/newsroom/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&site, &first.cookie, "/newsroom").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get(&site, &second, "/newsroom").await.status,
        StatusCode::OK
    );
    finish(site).await;
}

async fn revisions_compare_and_restore(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (id, version) = create(&site, &writer, "وزير الخارجية يزور القاهرة").await;
    let saved = send_json(
        &site,
        &writer,
        "PUT",
        &format!("/newsroom/api/articles/{id}"),
        Some(&writer.csrf),
        &json!({ "version": version, "content": content(&site, "وزير الخارجية يزور الرياض", "الفقرة الأولى من الخبر") }),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK);
    let current = saved.json()["version"].as_i64().unwrap();

    let list = get(
        &site,
        &writer.cookie,
        &format!("/newsroom/articles/{id}/revisions"),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let rows = all_text(&list.html(), "tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("حساب writer"), "who: {rows:?}");

    let view = get(
        &site,
        &writer.cookie,
        &format!("/newsroom/articles/{id}/revisions/{version}"),
    )
    .await;
    assert!(view.text().contains("يزور القاهرة"));

    let compare = get(
        &site,
        &writer.cookie,
        &format!("/newsroom/articles/{id}/revisions/{version}/compare"),
    )
    .await;
    assert_eq!(compare.status, StatusCode::OK);
    let doc = compare.html();
    assert!(all_text(&doc, "del").join(" ").contains("القاهرة"));
    assert!(all_text(&doc, "ins").join(" ").contains("الرياض"));

    let restored = post(
        &site,
        &writer,
        &format!("/newsroom/articles/{id}/revisions/{version}/restore"),
        &[("version", &current.to_string())],
    )
    .await;
    assert_eq!(
        restored.status,
        StatusCode::SEE_OTHER,
        "{}",
        restored.text()
    );
    let stored = site
        .store
        .article(warraq_domain::ArticleId(id))
        .await
        .unwrap();
    assert_eq!(stored.headline, "وزير الخارجية يزور القاهرة");
    assert_eq!(stored.version, current + 1);
    // Restoring with the version the page showed before: stale, refused.
    let again = post(
        &site,
        &writer,
        &format!("/newsroom/articles/{id}/revisions/{version}/restore"),
        &[("version", &current.to_string())],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    finish(site).await;
}

async fn the_preview_is_the_reader_page_with_a_banner(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (id, _) = create(&site, &writer, "خبر لم يُنشر بعد").await;
    let reply = get(
        &site,
        &writer.cookie,
        &format!("/newsroom/articles/{id}/preview"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(
        reply.header("x-warraq-cache").is_none(),
        "not from the page cache"
    );
    let doc = reply.html();
    let banner = one(&doc, ".nr-preview-banner").text().collect::<String>();
    assert!(
        banner.contains("معاينة") && banner.contains("مسودة"),
        "{banner}"
    );
    assert_eq!(all_text(&doc, "h1"), ["خبر لم يُنشر بعد"]);
    let html = reply.text();
    assert!(html.contains(&format!("/newsroom/media/{}/", site.hero.id.0)));
    assert!(!html.contains(&format!("\"/media/{}/", site.hero.id.0)));
    // Readers still do not see it.
    assert_eq!(
        site.get(&format!("/api/v1/articles/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    finish(site).await;
}

async fn every_newsroom_answer_is_no_store_and_english_is_remembered(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (id, _) = create(&site, &writer, "خبر").await;
    for uri in [
        "/newsroom".to_string(),
        "/newsroom?status=draft".to_string(),
        "/newsroom/articles/new".to_string(),
        format!("/newsroom/articles/{id}"),
        format!("/newsroom/articles/{id}/revisions"),
        format!("/newsroom/articles/{id}/revisions/1"),
        format!("/newsroom/articles/{id}/preview"),
        format!("/newsroom/api/articles/{id}"),
        "/newsroom/api/articles/search?q=x".to_string(),
        "/newsroom/articles/999999".to_string(),
    ] {
        let reply = get(&site, &writer.cookie, &uri).await;
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{uri}");
    }
    let missing = get(&site, &writer.cookie, "/newsroom/articles/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let english = get(&site, &writer.cookie, "/newsroom?lang=en").await;
    let remembered = english.header("set-cookie").unwrap();
    assert!(remembered.starts_with("warraq_lang=en"), "{remembered}");
    let doc = english.html();
    assert_eq!(attr(one(&doc, "html"), "lang"), "en");
    assert_eq!(attr(one(&doc, "html"), "dir"), "ltr");
    let cookie = format!("{}; warraq_lang=en", writer.cookie);
    let page = get(&site, &cookie, &format!("/newsroom/articles/{id}")).await;
    assert!(page.text().contains("Submit for review"));
    finish(site).await;
}

async fn related_articles_are_found_and_kept_in_order(backend: Backend) {
    let site = TestSite::on(backend).await;
    let writer = desk(&site, Role::Writer).await;
    let (id, version) = create(&site, &writer, "خبر له صلات").await;
    let found = get(
        &site,
        &writer.cookie,
        &format!(
            "/newsroom/api/articles/search?q={}",
            encode(&site.main.headline)
        ),
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    let items = found.json()["items"].as_array().unwrap().clone();
    assert_eq!(items[0]["id"], site.main.id.0, "{items:?}");
    let by_number = get(
        &site,
        &writer.cookie,
        &format!(
            "/newsroom/api/articles/search?q=%23{}",
            site.related_asia.id.0
        ),
    )
    .await;
    assert_eq!(by_number.json()["items"][0]["id"], site.related_asia.id.0);

    let mut body = content(&site, "خبر له صلات", "نص");
    body["related"] = json!([
        {"kind": "article", "id": site.related_asia.id.0},
        {"kind": "article", "id": site.main.id.0},
    ]);
    let saved = send_json(
        &site,
        &writer,
        "PUT",
        &format!("/newsroom/api/articles/{id}"),
        Some(&writer.csrf),
        &json!({ "version": version, "content": body }),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let page = get(&site, &writer.cookie, &format!("/newsroom/articles/{id}")).await;
    let titles = all_text(&page.html(), "#related-list .nr-related-title");
    assert_eq!(
        titles,
        [
            site.related_asia.headline.clone(),
            site.main.headline.clone()
        ]
    );
    finish(site).await;
}

on_both_backends!(logging_in_sets_a_strict_session_cookie);
on_both_backends!(repeated_failures_are_throttled_with_the_wait_in_arabic);
on_both_backends!(writes_need_the_csrf_token_and_this_origin);
on_both_backends!(a_stale_save_is_refused_with_what_is_stored);
on_both_backends!(a_writer_submits_and_only_an_editor_publishes);
on_both_backends!(scheduling_reads_arabic_indic_digits_in_the_site_zone);
on_both_backends!(logging_out_everywhere_ends_the_other_sessions);
on_both_backends!(revisions_compare_and_restore);
on_both_backends!(the_preview_is_the_reader_page_with_a_banner);
on_both_backends!(every_newsroom_answer_is_no_store_and_english_is_remembered);
on_both_backends!(related_articles_are_found_and_kept_in_order);
