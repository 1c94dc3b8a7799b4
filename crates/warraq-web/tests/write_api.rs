//! The write API through the router, on SQLite and PostgreSQL: bearer tokens, ninjs 3
//! documents in and out, versions (`ETag`/`If-Match`), the newsroom's roles and workflow,
//! corrections, revisions, picture uploads, and what readers see meanwhile.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, SecondsFormat, Utc};
use image::ImageFormat;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use support::{Backend, Reply, TestSite, photo_bytes};
use warraq_domain::{ArticleId, Role, Status};

/// A site with a writer and an editor, each with an API token.
struct Desk {
    site: TestSite,
    writer: String,
    editor: String,
}

impl Desk {
    async fn on(backend: Backend) -> Desk {
        let site = TestSite::on(backend).await;
        let writer = token(&site, "writer@news.test", Role::Writer, "ليلى حداد").await;
        let editor = token(&site, "editor@news.test", Role::Editor, "سامر خليل").await;
        Desk {
            site,
            writer,
            editor,
        }
    }

    /// Ends a test. A transaction the newsroom refused is rolled back when its connection
    /// returns to the pool, by a task of this runtime; the scratch schema's drop (at the
    /// end of the test) waits for the locks such a transaction holds while blocking the
    /// runtime, so that task must have run first.
    async fn settle(self) {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    /// One request: `token` as a bearer token, extra headers, a body.
    async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.site
            .request(request.body(body).expect("request"))
            .await
    }

    async fn send_json(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Reply {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        self.call(method, uri, token, &all, Body::from(body.to_string()))
            .await
    }

    /// Creates an article as `token`'s account; its id and version.
    async fn create(&self, token: &str, doc: &Value) -> (ArticleId, Reply) {
        let reply = self
            .send_json(Method::POST, "/api/v1/articles", Some(token), &[], doc)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let location = reply.header("location").expect("Location").to_string();
        let id = location
            .strip_prefix("/api/v1/articles/")
            .and_then(|id| id.parse().ok())
            .map(ArticleId)
            .unwrap_or_else(|| panic!("Location {location}"));
        (id, reply)
    }

    async fn move_to(&self, token: &str, id: ArticleId, body: Value) -> Reply {
        self.send_json(
            Method::POST,
            &format!("/api/v1/articles/{id}/transitions"),
            Some(token),
            &[],
            &body,
        )
        .await
    }

    async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        self.call(Method::GET, uri, token, &[], Body::empty()).await
    }

    /// The article's headline as stored.
    async fn stored_headline(&self, id: ArticleId) -> String {
        self.site
            .store
            .article(id)
            .await
            .expect("article")
            .headline
            .clone()
    }
}

/// A new account and an API token acting as it.
async fn token(site: &TestSite, email: &str, role: Role, name: &str) -> String {
    let newsroom = site.node.state().newsroom();
    newsroom
        .add_user(None, email, name, role, Some("كلمة سر طويلة للاختبار"))
        .await
        .expect("account");
    let (_, secret) = newsroom
        .create_token(None, email, "اختبار الواجهة")
        .await
        .expect("token");
    secret
}

/// A small Arabic story as a partner's system would send it, claiming to be published.
fn story(headline: &str) -> Value {
    json!({
        "uri": "urn:newsml:partner.test:2024:amman-water",
        "standard": {
            "name": "ninjs",
            "version": "3.1",
            "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
        },
        "type": "text",
        "language": "ar",
        "pubStatus": "usable",
        "firstCreated": "2024-05-01T08:00:00Z",
        "headlines": [
            {"role": "main", "value": headline},
            {"role": "sub", "value": "خطة لخفض الفاقد في الشبكات خلال عامين"}
        ],
        "descriptions": [{"role": "summary", "value": "أعلنت الوزارة خطة جديدة لتوزيع المياه صيفاً"}],
        "bodies": [{
            "role": "main",
            "contentType": "text/html",
            "value": "<p>أعلنت وزارة المياه، الأربعاء، خطة لتوزيع المياه على الأحياء.</p><p>وقال الناطق باسم الوزارة إن الخطة تبدأ الشهر المقبل.</p>"
        }],
        "subjects": [
            {"name": "آسيا", "rel": "section"},
            {"name": "مياه", "rel": "tag"}
        ],
        "by": "ليلى حداد",
        "located": "عمّان",
        "infoSources": [{"name": "وكالة الصحافة الفرنسية", "literal": "AFP", "role": "source"}]
    })
}

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn error_code(reply: &Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code: {}", reply.text()))
        .to_string()
}

fn uris(list: &Reply) -> Vec<String> {
    list.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["uri"].as_str().map(str::to_string))
        .collect()
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

on_both_backends!(every_write_needs_a_valid_bearer_token);
async fn every_write_needs_a_valid_bearer_token(backend: Backend) {
    let desk = Desk::on(backend).await;
    let draft = desk.site.draft.id;
    let before = desk.site.store.count_articles().await.unwrap();
    let writes = [
        (Method::POST, "/api/v1/articles".to_string()),
        (Method::PUT, format!("/api/v1/articles/{draft}")),
        (
            Method::POST,
            format!("/api/v1/articles/{draft}/transitions"),
        ),
        (Method::GET, format!("/api/v1/articles/{draft}/revisions")),
        (Method::GET, format!("/api/v1/articles/{draft}/revisions/1")),
        (
            Method::POST,
            format!("/api/v1/articles/{draft}/revisions/1/restore"),
        ),
        (Method::POST, "/api/v1/media".to_string()),
    ];
    for (method, uri) in writes {
        for token in [None, Some("wq_not-a-token-anyone-holds")] {
            let reply = desk
                .send_json(method.clone(), &uri, token, &[], &story("خبر"))
                .await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri} {token:?}: {}",
                reply.text()
            );
            assert!(
                reply
                    .header("www-authenticate")
                    .is_some_and(|v| v.starts_with("Bearer")),
                "{method} {uri}"
            );
            assert_eq!(error_code(&reply), "unauthenticated");
        }
    }
    let basic = desk
        .call(
            Method::POST,
            "/api/v1/articles",
            None,
            &[("authorization", "Basic d3JpdGVyOnB3")],
            Body::from(story("خبر").to_string()),
        )
        .await;
    assert_eq!(basic.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        desk.site.store.count_articles().await.unwrap(),
        before,
        "nothing was written"
    );
    assert_eq!(
        desk.site.store.article(draft).await.unwrap().version,
        desk.site.draft.version
    );

    // Reading without a token is the read API as before; a bad token is refused.
    let public = desk
        .get(&format!("/api/v1/articles/{}", desk.site.main.id), None)
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("warraq-status"), None);
    let draft_public = desk.get(&format!("/api/v1/articles/{draft}"), None).await;
    assert_eq!(draft_public.status, StatusCode::NOT_FOUND);
    let bad = desk
        .get(&format!("/api/v1/articles/{draft}"), Some("wq_nope"))
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    desk.settle().await;
}

on_both_backends!(a_writer_creates_a_draft_and_saves_only_over_the_current_version);
async fn a_writer_creates_a_draft_and_saves_only_over_the_current_version(backend: Backend) {
    let desk = Desk::on(backend).await;
    let (id, created) = desk
        .create(&desk.writer, &story("عمّان تعلن خطة لتوزيع المياه"))
        .await;
    assert_eq!(created.header("etag"), Some(etag(1).as_str()));
    assert_eq!(
        created.header("warraq-status"),
        Some("draft"),
        "pubStatus usable is not publishing"
    );
    assert_eq!(created.header("cache-control"), Some("no-store"));
    let doc = created.json();
    assert_eq!(doc["headlines"][0]["value"], "عمّان تعلن خطة لتوزيع المياه");
    assert_eq!(doc["pubStatus"], "withheld");
    assert_eq!(doc["located"], "عمّان");
    assert_eq!(doc["subjects"][0]["name"], desk.site.asia.name.as_str());
    assert_eq!(doc["people"][0]["name"], "ليلى حداد");
    if let Err(violations) = warraq_ninjs::validate(&doc, warraq_ninjs::NinjsVersion::V3_1) {
        panic!("the answer is not valid ninjs 3.1: {violations:?}");
    }
    let stored = desk.site.store.article(id).await.unwrap();
    assert_eq!(stored.status, Status::Draft);
    assert_eq!(stored.published_at, None);

    // Readers do not see it; the token holder does, with its version.
    let uri = format!("/api/v1/articles/{id}");
    assert_eq!(desk.get(&uri, None).await.status, StatusCode::NOT_FOUND);
    let mine = desk.get(&uri, Some(&desk.writer)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    assert_eq!(mine.header("etag"), Some(etag(1).as_str()));
    assert_eq!(mine.json(), doc);

    // The document as the API gave it, edited, goes back over version 1.
    let mut edited = mine.json();
    edited["headlines"][0]["value"] = json!("عمّان تعلن خطة جديدة لتوزيع المياه");
    let saved = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.writer),
            &[("if-match", &etag(1))],
            &edited,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.header("etag"), Some(etag(2).as_str()));
    assert_eq!(saved.json()["uri"], doc["uri"], "the address is kept");

    // Someone still holding version 1 is refused and told the current one.
    let mut late = mine.json();
    late["headlines"][0]["value"] = json!("عنوان قديم يمحو التعديل");
    let stale = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.writer),
            &[("if-match", &etag(1))],
            &late,
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.text()
    );
    assert_eq!(stale.header("etag"), Some(etag(2).as_str()));
    assert_eq!(error_code(&stale), "version_mismatch");
    assert_eq!(stale.json()["error"]["current_version"], 2);
    assert_eq!(
        desk.stored_headline(id).await,
        "عمّان تعلن خطة جديدة لتوزيع المياه"
    );

    let unconditional = desk
        .send_json(Method::PUT, &uri, Some(&desk.writer), &[], &late)
        .await;
    assert_eq!(unconditional.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(error_code(&unconditional), "if_match_required");
    for unusable in ["W/\"2\"", "*", "2"] {
        let reply = desk
            .send_json(
                Method::PUT,
                &uri,
                Some(&desk.writer),
                &[("if-match", unusable)],
                &late,
            )
            .await;
        assert_eq!(reply.status, StatusCode::PRECONDITION_FAILED, "{unusable}");
        assert_eq!(reply.header("etag"), Some(etag(2).as_str()));
    }
    assert_eq!(
        desk.stored_headline(id).await,
        "عمّان تعلن خطة جديدة لتوزيع المياه"
    );

    // Another writer may not edit it.
    let other = token(&desk.site, "writer2@news.test", Role::Writer, "كاتب آخر").await;
    let refused = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&other),
            &[("if-match", &etag(2))],
            &late,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(
        desk.stored_headline(id).await,
        "عمّان تعلن خطة جديدة لتوزيع المياه"
    );
    desk.settle().await;
}

on_both_backends!(roles_and_the_workflow_decide_every_move);
async fn roles_and_the_workflow_decide_every_move(backend: Backend) {
    let desk = Desk::on(backend).await;
    let (id, _) = desk
        .create(&desk.writer, &story("مجلس النواب يقر الموازنة"))
        .await;

    let refused = desk
        .move_to(&desk.writer, id, json!({"to": "published"}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(error_code(&refused), "forbidden");
    assert!(
        refused.json()["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("writer"),
        "{}",
        refused.text()
    );

    let submitted = desk
        .move_to(&desk.writer, id, json!({"to": "in_review"}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text());
    assert_eq!(submitted.header("warraq-status"), Some("in_review"));
    assert_eq!(submitted.header("etag"), Some(etag(2).as_str()));

    // A stale If-Match is checked when given.
    let stale = desk
        .send_json(
            Method::POST,
            &format!("/api/v1/articles/{id}/transitions"),
            Some(&desk.editor),
            &[("if-match", &etag(1))],
            &json!({"to": "published"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    let published = desk
        .send_json(
            Method::POST,
            &format!("/api/v1/articles/{id}/transitions"),
            Some(&desk.editor),
            &[("if-match", &etag(2))],
            &json!({"to": "published"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    assert_eq!(published.header("warraq-status"), Some("published"));
    let uri = published.json()["uri"].as_str().unwrap().to_string();

    desk.site.caught_up().await;
    let list = desk.get("/api/v1/articles", None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(uris(&list)[0], uri, "newest first, for readers");
    assert_eq!(
        desk.get(&format!("/api/v1/articles/{id}"), None)
            .await
            .status,
        StatusCode::OK
    );

    // Moves outside the workflow, and states that do not exist, are named.
    let (draft, _) = desk.create(&desk.editor, &story("مسودة للمحرر")).await;
    let outside = desk
        .move_to(&desk.editor, draft, json!({"to": "unpublished"}))
        .await;
    assert_eq!(outside.status, StatusCode::CONFLICT, "{}", outside.text());
    assert_eq!(error_code(&outside), "transition_not_allowed");
    let unknown = desk
        .move_to(&desk.editor, draft, json!({"to": "publish"}))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["error"]["field"], "to");
    let missing = desk
        .move_to(&desk.editor, draft, json!({"at": "2030-01-01T00:00:00Z"}))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("to"), "{}", missing.text());
    assert_eq!(
        desk.move_to(&desk.editor, ArticleId(999_999), json!({"to": "in_review"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    desk.settle().await;
}

on_both_backends!(an_embargoed_story_is_the_newsroom_s_until_its_time);
async fn an_embargoed_story_is_the_newsroom_s_until_its_time(backend: Backend) {
    let desk = Desk::on(backend).await;
    let (id, _) = desk
        .create(&desk.writer, &story("نتائج الانتخابات البلدية"))
        .await;
    let until = (Utc::now() + Duration::hours(2)).to_rfc3339_opts(SecondsFormat::Secs, true);

    let past = (Utc::now() - Duration::minutes(5)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let too_late = desk
        .move_to(&desk.editor, id, json!({"to": "embargoed", "at": past}))
        .await;
    assert_eq!(
        too_late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_late.text()
    );
    assert_eq!(too_late.json()["error"]["field"], "at");
    assert!(
        too_late.json()["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("not in the future")
    );
    let no_time = desk
        .move_to(&desk.editor, id, json!({"to": "scheduled"}))
        .await;
    assert_eq!(no_time.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_time.json()["error"]["field"], "at");

    let embargoed = desk
        .move_to(&desk.editor, id, json!({"to": "embargoed", "at": until}))
        .await;
    assert_eq!(embargoed.status, StatusCode::OK, "{}", embargoed.text());
    assert_eq!(embargoed.header("warraq-status"), Some("embargoed"));
    assert_eq!(embargoed.json()["embargoedUntil"], until.as_str());
    let uri = embargoed.json()["uri"].as_str().unwrap().to_string();

    desk.site.caught_up().await;
    let public_list = desk.get("/api/v1/articles?limit=100", None).await;
    assert!(!uris(&public_list).contains(&uri), "not listed for readers");
    let item = format!("/api/v1/articles/{id}");
    assert_eq!(desk.get(&item, None).await.status, StatusCode::NOT_FOUND);
    let newsroom = desk.get(&item, Some(&desk.writer)).await;
    assert_eq!(newsroom.status, StatusCode::OK);
    assert_eq!(newsroom.json()["uri"], uri.as_str());
    assert_eq!(newsroom.header("warraq-status"), Some("embargoed"));
    assert_eq!(newsroom.header("cache-control"), Some("no-store"));
    // The reader's answer was not replaced by the newsroom's in the page cache.
    assert_eq!(desk.get(&item, None).await.status, StatusCode::NOT_FOUND);
    desk.settle().await;
}

on_both_backends!(bodies_that_are_not_ninjs_3_are_refused_by_name);
async fn bodies_that_are_not_ninjs_3_are_refused_by_name(backend: Backend) {
    let desk = Desk::on(backend).await;
    let before = desk.site.store.count_articles().await.unwrap();
    let post = |body: Body, content_type: &'static str| {
        let desk = &desk;
        async move {
            desk.call(
                Method::POST,
                "/api/v1/articles",
                Some(&desk.writer),
                &[("content-type", content_type)],
                body,
            )
            .await
        }
    };

    let broken = post(Body::from("{\"headlines\": ["), "application/json").await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&broken), "invalid_json");
    assert!(
        broken.json()["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );

    let mut wrong_type = story("خبر");
    wrong_type["urgency"] = json!("عاجل");
    let reply = post(Body::from(wrong_type.to_string()), "application/json").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(error_code(&reply), "invalid_ninjs");
    assert_eq!(reply.json()["error"]["field"], "/urgency");
    assert!(
        reply.json()["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("integer"),
        "{}",
        reply.text()
    );

    let mut bad_headline = story("خبر");
    bad_headline["headlines"][0]["value"] = json!(42);
    let reply = post(Body::from(bad_headline.to_string()), "application/json").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["field"], "/headlines/0/value");

    let mut nowhere = story("خبر");
    nowhere["subjects"] = json!([{"name": "قسم لا وجود له", "rel": "section"}]);
    let reply = post(Body::from(nowhere.to_string()), "application/json").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["field"], "/subjects");
    assert!(reply.text().contains("قسم لا وجود له"), "{}", reply.text());

    let mut elsewhere = story("خبر");
    elsewhere["associations"] = json!([{
        "name": "hero", "type": "picture", "uri": "https://images.partner.test/1.jpg"
    }]);
    let reply = post(Body::from(elsewhere.to_string()), "application/json").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["field"], "/associations/0");
    assert!(reply.text().contains("/api/v1/media"), "{}", reply.text());

    let v2 = json!({"uri": "urn:a", "type": "text", "versioncreated": "2024-01-01T00:00:00Z",
                    "headlines": [{"role": "main", "value": "خبر"}]});
    let reply = post(Body::from(v2.to_string()), "application/json").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text().contains("ninjs 3"), "{}", reply.text());

    let form = post(
        Body::from("headline=x"),
        "application/x-www-form-urlencoded",
    )
    .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    assert_eq!(
        desk.site.store.count_articles().await.unwrap(),
        before,
        "nothing was stored"
    );
    desk.settle().await;
}

on_both_backends!(a_published_story_changes_only_by_a_correction);
async fn a_published_story_changes_only_by_a_correction(backend: Backend) {
    let desk = Desk::on(backend).await;
    let (id, _) = desk
        .create(&desk.writer, &story("وزير المالية يستقيل"))
        .await;
    let published = desk
        .move_to(&desk.editor, id, json!({"to": "published"}))
        .await;
    assert_eq!(published.status, StatusCode::OK);
    let version = published.header("etag").unwrap().to_string();
    let uri = format!("/api/v1/articles/{id}");
    let mut fixed = published.json();
    fixed["headlines"][0]["value"] = json!("وزير المالية يقدم استقالته");

    let writer = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.writer),
            &[("if-match", &version)],
            &fixed,
        )
        .await;
    assert_eq!(writer.status, StatusCode::FORBIDDEN, "{}", writer.text());

    let without_note = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.editor),
            &[("if-match", &version)],
            &fixed,
        )
        .await;
    assert_eq!(without_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&without_note), "correction_required");
    assert_eq!(desk.stored_headline(id).await, "وزير المالية يستقيل");

    let note = "صُحّح العنوان: قدّم الوزير استقالته ولم تُقبل بعد";
    let corrected = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.editor),
            &[("if-match", &version), ("warraq-correction", &encode(note))],
            &fixed,
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text());
    assert_eq!(corrected.header("warraq-status"), Some("published"));
    let stored = desk.site.store.article(id).await.unwrap();
    assert_eq!(stored.headline, "وزير المالية يقدم استقالته");
    assert_eq!(stored.status, Status::Published);
    assert_eq!(stored.corrections.len(), 1);
    assert_eq!(stored.corrections[0].note, note);

    // A note on an article that is not published is refused, naming why.
    let (draft, created) = desk.create(&desk.editor, &story("مسودة")).await;
    let reply = desk
        .send_json(
            Method::PUT,
            &format!("/api/v1/articles/{draft}"),
            Some(&desk.editor),
            &[
                ("if-match", &etag(1)),
                ("warraq-correction", &encode("تصحيح")),
            ],
            &created.json(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["field"], "status");
    desk.settle().await;
}

on_both_backends!(revisions_are_listed_shown_and_restored);
async fn revisions_are_listed_shown_and_restored(backend: Backend) {
    let desk = Desk::on(backend).await;
    let (id, created) = desk.create(&desk.writer, &story("العنوان الأول")).await;
    let uri = format!("/api/v1/articles/{id}");
    let mut second = created.json();
    second["headlines"][0]["value"] = json!("العنوان الثاني");
    let saved = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.writer),
            &[("if-match", &etag(1))],
            &second,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());

    let list = desk
        .get(&format!("{uri}/revisions"), Some(&desk.writer))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let items = list.json()["items"].as_array().unwrap().clone();
    let versions: Vec<i64> = items
        .iter()
        .map(|i| i["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, vec![1, 2]);
    assert!(items[0]["actor"].as_str().unwrap().starts_with("user:"));
    assert!(items[0]["at"].as_str().is_some());

    let first = desk
        .get(&format!("{uri}/revisions/1"), Some(&desk.editor))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.json()["item"]["headlines"][0]["value"],
        "العنوان الأول"
    );
    assert_eq!(first.json()["version"], 1);
    assert_eq!(
        desk.get(&format!("{uri}/revisions/9"), Some(&desk.editor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let restore = format!("{uri}/revisions/1/restore");
    let unconditional = desk
        .call(
            Method::POST,
            &restore,
            Some(&desk.writer),
            &[],
            Body::empty(),
        )
        .await;
    assert_eq!(unconditional.status, StatusCode::PRECONDITION_REQUIRED);
    let restored = desk
        .call(
            Method::POST,
            &restore,
            Some(&desk.writer),
            &[("if-match", &etag(2))],
            Body::empty(),
        )
        .await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text());
    assert_eq!(restored.header("etag"), Some(etag(3).as_str()));
    assert_eq!(desk.stored_headline(id).await, "العنوان الأول");
    desk.settle().await;
}

on_both_backends!(an_uploaded_picture_becomes_a_hero);
async fn an_uploaded_picture_becomes_a_hero(backend: Backend) {
    let desk = Desk::on(backend).await;
    let caption = "محطة ضخ المياه شرق عمّان";
    let uploaded = desk
        .call(
            Method::POST,
            &format!("/api/v1/media?caption={}&credit=Reuters", encode(caption)),
            Some(&desk.writer),
            &[("content-type", "image/jpeg")],
            Body::from(photo_bytes(800, 450, ImageFormat::Jpeg)),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.text());
    let media = uploaded.json();
    assert_eq!(media["caption"], caption);
    assert_eq!(media["width"], 800);
    let media_uri = media["uri"].as_str().unwrap().to_string();
    assert_eq!(
        uploaded.header("location"),
        Some(format!("/media/{}", media["id"]).as_str())
    );

    let mut doc = story("محطة جديدة لضخ المياه");
    doc["associations"] = json!([{"name": "hero", "type": "picture", "uri": media_uri}]);
    let (id, created) = desk.create(&desk.writer, &doc).await;
    let stored = desk.site.store.article(id).await.unwrap();
    assert_eq!(stored.hero_id.map(|m| m.0), media["id"].as_i64());
    let hero = &created.json()["associations"][0];
    assert_eq!(hero["uri"], media_uri.as_str());

    let not_a_picture = desk
        .call(
            Method::POST,
            "/api/v1/media",
            Some(&desk.writer),
            &[("content-type", "image/png")],
            Body::from("GIF89a not really"),
        )
        .await;
    assert_eq!(not_a_picture.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(error_code(&not_a_picture).starts_with("upload."));
    let text = desk
        .call(
            Method::POST,
            "/api/v1/media",
            Some(&desk.writer),
            &[("content-type", "text/plain")],
            Body::from("hello"),
        )
        .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let damaged = desk
        .call(
            Method::POST,
            "/api/v1/media",
            Some(&desk.writer),
            &[("content-type", "image/jpeg")],
            Body::from(photo_bytes(800, 450, ImageFormat::Jpeg)[..600].to_vec()),
        )
        .await;
    assert_eq!(
        damaged.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        damaged.text()
    );
    desk.settle().await;
}

on_both_backends!(reading_a_story_back_and_saving_it_keeps_its_body_pictures);
async fn reading_a_story_back_and_saving_it_keeps_its_body_pictures(backend: Backend) {
    let desk = Desk::on(backend).await;
    let site = &desk.site;
    let mut draft = warraq_domain::ArticleDraft::new("صور من الميدان", site.asia.id);
    draft.body = vec![
        warraq_domain::Block::paragraph("قبل الصورة"),
        warraq_domain::Block::Image {
            media_id: site.body_photo.id,
            caption: Some("الوفد لدى وصوله إلى المطار".into()),
            credit: None,
        },
        warraq_domain::Block::paragraph("بعد الصورة"),
    ];
    let stored = warraq_store::StoreWrites::create_article(
        site.store.as_ref(),
        warraq_domain::Actor::System,
        &draft,
    )
    .await
    .expect("draft");
    let uri = format!("/api/v1/articles/{}", stored.id);
    let doc = desk.get(&uri, Some(&desk.editor)).await.json();
    let saved = desk
        .send_json(
            Method::PUT,
            &uri,
            Some(&desk.editor),
            &[("if-match", etag(stored.version).as_str())],
            &doc,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let after = site.store.article(stored.id).await.unwrap();
    assert_eq!(after.version, stored.version + 1);
    assert_eq!(after.body, draft.body, "the picture is kept where it stood");
    desk.settle().await;
}
