//! Sections through the newsroom: a chief adds one and it is listed, in the readers'
//! navigation and at its own address once the node follows the change log; editors are
//! refused (403, nothing stored), a form without its CSRF token too, and a taken slug is
//! refused with the reason and nothing stored. Each on SQLite and PostgreSQL.

#[macro_use]
mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use support::{Backend, Reply, TestSite, all_text, attr, eventually, one};
use warraq_domain::Role;
use warraq_domain::urls::section_path;

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

async fn desk(site: &TestSite, role: Role) -> Desk {
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
    let reply = site
        .request(
            Request::post("/newsroom/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form_body(&[
                    ("email", &user.email),
                    ("password", PASSWORD),
                    ("next", "/newsroom/account"),
                ])))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "logged in");
    let cookie = reply
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    let page = get(site, &cookie, "/newsroom/account").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let csrf = attr(one(&page.html(), r#"meta[name="csrf-token"]"#), "content").to_string();
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

async fn post_form(site: &TestSite, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    site.request(
        Request::post("/newsroom/sections")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap(),
    )
    .await
}

async fn post(site: &TestSite, desk: &Desk, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("csrf", &desk.csrf));
    post_form(site, &desk.cookie, &fields).await
}

async fn a_chief_adds_a_section_readers_then_see(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    // The home page is in the cache before the change: the change log must refresh it.
    assert_eq!(site.get("/").await.status, StatusCode::OK);

    let page = get(&site, &chief.cookie, "/newsroom/sections").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let doc = page.html();
    assert!(all_text(&doc, "tbody th").iter().any(|n| n == "آسيا"));
    assert_eq!(
        attr(
            one(&doc, r#".nr-nav a[href="/newsroom/sections"]"#),
            "aria-current"
        ),
        "page"
    );

    let reply = post(
        &site,
        &chief,
        &[("name", "بيئة ومناخ"), ("slug", ""), ("parent", "")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(
        reply.header("location"),
        Some("/newsroom/sections?done=added")
    );
    let section = site
        .store
        .section_by_slug("بيئة-ومناخ")
        .await
        .expect("stored with the slug of its name");
    assert_eq!(section.name, "بيئة ومناخ");
    assert_eq!(section.parent_id, None);
    let url = section_path(&section);

    let list = get(&site, &chief.cookie, "/newsroom/sections?done=added").await;
    let doc = list.html();
    let link = one(&doc, &format!(r#"tbody a[href="{url}"]"#));
    assert_eq!(link.text().collect::<String>(), "بيئة ومناخ");

    // A sub-section, its slug typed.
    let reply = post(
        &site,
        &chief,
        &[
            ("name", "تغير المناخ"),
            ("slug", "climate"),
            ("parent", &section.id.0.to_string()),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let child = site.store.section_by_slug("climate").await.expect("child");
    assert_eq!(child.parent_id, Some(section.id));

    site.caught_up().await;
    eventually(
        "the home navigation shows the section",
        Duration::from_secs(5),
        || {
            let site = &site;
            let url = url.clone();
            async move {
                let home = site.get("/").await;
                let nav = all_text(&home.html(), ".site-nav a");
                (home.status == StatusCode::OK
                    && nav.iter().any(|n| n == "بيئة ومناخ")
                    && home.text().contains(&format!(r#"href="{url}""#)))
                .then_some(())
            }
        },
    )
    .await;
    let reader = site.get(&url).await;
    assert_eq!(reader.status, StatusCode::OK, "{}", reader.text());
    assert!(reader.text().contains("بيئة ومناخ"));
}
on_both_backends!(a_chief_adds_a_section_readers_then_see);

async fn editors_are_refused_and_nothing_is_stored(backend: Backend) {
    let site = TestSite::on(backend).await;
    let editor = desk(&site, Role::Editor).await;
    let before = site.store.list_sections().await.unwrap().len();
    let reply = get(&site, &editor.cookie, "/newsroom/sections").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let doc = reply.html();
    assert_eq!(
        attr(one(&doc, "[data-error-code]"), "data-error-code"),
        "forbidden"
    );
    assert!(
        doc.select(&support::sel(r#"a[href="/newsroom/sections"]"#))
            .next()
            .is_none()
    );
    let reply = post(&site, &editor, &[("name", "قسم متسلل")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(site.store.list_sections().await.unwrap().len(), before);
}
on_both_backends!(editors_are_refused_and_nothing_is_stored);

async fn a_form_without_csrf_or_with_a_taken_slug_stores_nothing(backend: Backend) {
    let site = TestSite::on(backend).await;
    let chief = desk(&site, Role::Chief).await;
    let before = site.store.list_sections().await.unwrap();

    let forged = post_form(&site, &chief.cookie, &[("name", "قسم مزور")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(site.store.list_sections().await.unwrap(), before);

    // Asia's slug, typed, and the name of Asia (its slug comes from it).
    for fields in [
        [("name", "قارة آسيا"), ("slug", "آسيا")],
        [("name", "آسيا"), ("slug", "")],
    ] {
        let reply = post(&site, &chief, &fields).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let doc = reply.html();
        assert!(
            one(&doc, "#sections-error")
                .text()
                .collect::<String>()
                .contains("مستخدم لقسم آخر")
        );
        assert_eq!(attr(one(&doc, "#new-section-name"), "value"), fields[0].1);
        assert_eq!(site.store.list_sections().await.unwrap(), before);
    }

    let reply = post(&site, &chief, &[("name", "   "), ("slug", "x")]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        one(&reply.html(), "#sections-error")
            .text()
            .collect::<String>()
            .contains("اكتب اسم القسم")
    );
    assert_eq!(site.store.list_sections().await.unwrap(), before);
}
on_both_backends!(a_form_without_csrf_or_with_a_taken_slug_stores_nothing);
