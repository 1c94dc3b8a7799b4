//! Search on a running node: Arabic spelled differently from the article finds it, on the
//! page and in the API; what readers may not see is never found; publishing and
//! unpublishing show within a deadline; and articles without editors' picks get related
//! suggestions from the index.

#[macro_use]
mod support;

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use support::{Backend, TestSite, all_text, eventually, one, text_of};
use warraq_domain::urls::article_path;
use warraq_domain::{Actor, ArticleDraft, Block, Status};
use warraq_store::StoreWrites;

const DEADLINE: StdDuration = StdDuration::from_secs(3);

fn enc(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

async fn site(backend: Backend) -> TestSite {
    let site = TestSite::searching(backend).await;
    site.search_caught_up().await;
    site
}

/// The ids the API finds for `q`.
async fn api_ids(site: &TestSite, q: &str) -> Vec<i64> {
    let reply = site.get(&format!("/api/v1/search?q={}", enc(q))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect()
}

/// The headlines the search page shows for `q`.
async fn page_headlines(site: &TestSite, q: &str) -> Vec<String> {
    let reply = site.get(&format!("/search?q={}", enc(q))).await;
    assert_eq!(reply.status, StatusCode::OK);
    all_text(&reply.html(), ".search-hit-title")
}

on_both_backends!(other_spellings_find_a_published_article_on_the_page_and_in_the_api);
async fn other_spellings_find_a_published_article_on_the_page_and_in_the_api(backend: Backend) {
    let site = site(backend).await;
    // The headline writes «استراتيجية» and «موسكو»: another hamza form, the article, a
    // final haa for taa marbuta.
    for q in ["الإستراتيجيه", "محادثات إستراتيجية في موسكو"] {
        assert!(
            api_ids(&site, q).await.contains(&site.main.id.0),
            "API: {q}"
        );
        assert!(
            page_headlines(&site, q)
                .await
                .contains(&site.main.headline.clone()),
            "page: {q}"
        );
    }
    // Arabic-Indic digits find Western ones («خبر اقتصادي رقم 12»).
    let twelve = &site.fillers[11];
    assert!(
        api_ids(&site, "اقتصادي رقم ١٢")
            .await
            .contains(&twelve.id.0)
    );

    let reply = site
        .get(&format!("/api/v1/search?q={}&limit=1", enc("إستراتيجية")))
        .await;
    let body = reply.json();
    let item = &body["items"][0];
    assert_eq!(
        item["uri"],
        format!("{}{}", support::BASE_URL, article_path(&site.main))
    );
    assert!(item["published"].as_str().is_some());
    assert!(body["total"].as_u64().unwrap() >= 1);

    // The page marks the matched words, escaped text around them.
    let reply = site
        .get(&format!("/search?q={}", enc("الإستراتيجيه موسكو")))
        .await;
    let html = reply.text();
    assert!(html.contains("<mark>"), "highlighted");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}

on_both_backends!(drafts_scheduled_embargoed_and_unpublished_articles_are_never_found);
async fn drafts_scheduled_embargoed_and_unpublished_articles_are_never_found(backend: Backend) {
    let site = site(backend).await;
    let s = site.store.as_ref();
    let mut d = ArticleDraft::new("زلزال مجدول لم يحن موعده", site.asia.id);
    d.status = Status::Scheduled;
    d.published_at = Some(Utc::now() + Duration::hours(2));
    s.create_article(Actor::System, &d).await.unwrap();
    let mut d = ArticleDraft::new("إعصار تحت الحظر حتى المساء", site.asia.id);
    d.status = Status::Embargoed;
    d.published_at = Some(Utc::now() - Duration::hours(1));
    d.embargo_until = Some(Utc::now() + Duration::hours(2));
    s.create_article(Actor::System, &d).await.unwrap();
    let mut d = ArticleDraft::new("بركان سحب من النشر", site.asia.id);
    d.publish(Utc::now() - Duration::hours(1));
    let gone = s.create_article(Actor::System, &d).await.unwrap();
    let mut content = gone.content.clone();
    content.status = Status::Unpublished;
    s.update_article(Actor::System, gone.id, &content, None)
        .await
        .unwrap();
    site.caught_up().await;
    site.search_caught_up().await;

    for q in [
        "مسودة لم تنشر",
        "زلزال مجدول",
        "إعصار تحت الحظر",
        "بركان سحب",
    ] {
        assert!(api_ids(&site, q).await.is_empty(), "API found {q}");
        assert!(page_headlines(&site, q).await.is_empty(), "page found {q}");
    }
}

on_both_backends!(publishing_and_unpublishing_show_in_search_within_a_deadline);
async fn publishing_and_unpublishing_show_in_search_within_a_deadline(backend: Backend) {
    let site = site(backend).await;
    let s = site.store.as_ref();
    let mut d = ArticleDraft::new("افتتاح مرصد فلكي في الصحراء", site.asia.id);
    d.body = vec![Block::paragraph("يرصد المرصد الجديد النجوم البعيدة.")];
    let draft = s.create_article(Actor::System, &d).await.unwrap();
    site.caught_up().await;
    assert!(api_ids(&site, "مرصد فلكي").await.is_empty());

    let mut content = draft.content.clone();
    content.publish(Utc::now());
    s.update_article(Actor::System, draft.id, &content, None)
        .await
        .unwrap();
    let (_, found_in) = eventually("the published article is found", DEADLINE, || async {
        api_ids(&site, "المرصد الفلكي")
            .await
            .contains(&draft.id.0)
            .then_some(())
    })
    .await;
    println!("publish → searchable: {found_in:?}");

    content.status = Status::Unpublished;
    s.update_article(Actor::System, draft.id, &content, None)
        .await
        .unwrap();
    let (_, gone_in) = eventually("the unpublished article is gone", DEADLINE, || async {
        (!api_ids(&site, "المرصد الفلكي").await.contains(&draft.id.0)).then_some(())
    })
    .await;
    println!("unpublish → gone from search: {gone_in:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_found_says_so_in_arabic() {
    let site = site(Backend::Sqlite).await;
    let reply = site
        .get(&format!("/search?q={}", enc("قطارمغناطيسي")))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        text_of(one(&reply.html(), ".search-empty")),
        "لا نتائج لـ «قطارمغناطيسي»."
    );
    let body = site
        .get(&format!("/api/v1/search?q={}", enc("قطارمغناطيسي")))
        .await
        .json();
    assert_eq!(body["total"], 0);
    assert_eq!(body["items"].as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_are_a_400_naming_them() {
    let site = site(Backend::Sqlite).await;
    for (uri, name) in [
        ("/api/v1/search?q=x&limit=0", "limit"),
        ("/api/v1/search?q=x&limit=101", "limit"),
        ("/api/v1/search?q=x&limit=abc", "limit"),
        ("/api/v1/search?q=x&section=nowhere", "section"),
    ] {
        let reply = site.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(reply.json()["error"]["parameter"], name, "{uri}");
    }
    for uri in [
        "/search?q=x&from=30-10-2024",
        "/search?q=x&sort=oldest",
        "/search?q=x&page=0",
    ] {
        let reply = site.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(reply.text().contains("قيمة غير صالحة"), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_by_section_and_date_with_arabic_indic_digits() {
    let site = site(Backend::Sqlite).await;
    let q = enc("موسكو");
    let in_asia = site
        .get(&format!(
            "/api/v1/search?q={q}&section={}",
            enc(&site.asia.slug)
        ))
        .await
        .json();
    assert!(
        in_asia["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == site.main.id.0)
    );
    let in_economy = site
        .get(&format!(
            "/search?q={q}&section={}",
            enc(&site.economy.slug)
        ))
        .await;
    assert!(
        !all_text(&in_economy.html(), ".search-hit-title").contains(&site.main.headline.clone())
    );
    // The main article was published on 2024-10-30.
    let before = site
        .get(&format!("/search?q={q}&to={}", enc("٢٠٢٤-١٠-٢٩")))
        .await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!all_text(&before.html(), ".search-hit-title").contains(&site.main.headline.clone()));
    let that_day = site
        .get(&format!(
            "/search?q={q}&from=2024-10-30&to={}&sort=newest",
            enc("٢٠٢٤-١٠-٣٠")
        ))
        .await;
    assert!(all_text(&that_day.html(), ".search-hit-title").contains(&site.main.headline.clone()));
}

on_both_backends!(an_article_without_editors_picks_shows_suggestions);
async fn an_article_without_editors_picks_shows_suggestions(backend: Backend) {
    let site = site(backend).await;
    let s = site.store.as_ref();
    let mut stories = Vec::new();
    for (headline, body) in [
        (
            "افتتاح مرصد فلكي جديد بتلسكوب ضخم",
            "يرصد المرصد الفلكي الجديد المجرات البعيدة بتلسكوب ضخم في الصحراء.",
        ),
        (
            "علماء الفلك يرصدون مجرة بعيدة من المرصد",
            "رصد علماء الفلك في المرصد مجرة بعيدة بتلسكوب ضخم حديث في الصحراء.",
        ),
    ] {
        let mut d = ArticleDraft::new(headline, site.asia.id);
        d.body = vec![Block::paragraph(body)];
        d.publish(Utc::now() - Duration::minutes(5));
        stories.push(s.create_article(Actor::System, &d).await.unwrap());
    }
    site.caught_up().await;
    site.search_caught_up().await;

    // Neither has editors' picks: each is suggested on the other's page.
    let reply = site.get(&article_path(&stories[0])).await;
    let titles = all_text(&reply.html(), ".related-title");
    assert!(titles.contains(&stories[1].headline.clone()), "{titles:?}");
    // The same in the API, as a `related` association.
    let item = site
        .get(&format!("/api/v1/articles/{}", stories[0].id))
        .await
        .json();
    let associations: Vec<_> = item["associations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a["rel"] == "related")
        .collect();
    assert!(
        associations
            .iter()
            .any(|a| a["uri"] == format!("{}{}", support::BASE_URL, article_path(&stories[1]))),
        "{associations:?}"
    );
    // Editors' picks stay as they were: the main article shows its own three.
    let main = site.get(&article_path(&site.main)).await;
    assert_eq!(all_text(&main.html(), ".related-title").len(), 3);
}

/// How many visible articles have no editors' picks (those the index suggests for).
async fn suggested_for(site: &TestSite) -> u64 {
    let visible = site.visible_now().await;
    visible.iter().filter(|a| a.related.is_empty()).count() as u64
}

on_both_backends!(related_articles_are_worked_out_before_any_reader_asks);
async fn related_articles_are_worked_out_before_any_reader_asks(backend: Backend) {
    let site = site(backend).await;
    let index = site.node.state().search().cloned().expect("index");
    let kept = || async { index.kept_related_count().await.expect("count") };
    // No page is read in this test: every list kept was worked out by the node itself.
    let wanted = suggested_for(&site).await;
    assert!(wanted >= 3, "the test site has articles without picks");
    eventually(
        "every list is worked out after the start",
        DEADLINE,
        || async { (kept().await == wanted).then_some(()) },
    )
    .await;

    // A new article close to one already there: its own list, and those of its
    // neighbours (which the index dropped when it came in), are worked out again.
    let s = site.store.as_ref();
    let mut d = ArticleDraft::new("مرصد فلكي جديد يرصد مجرة بعيدة", site.asia.id);
    d.body = vec![Block::paragraph(
        "رصد المرصد الفلكي الجديد مجرة بعيدة بتلسكوب ضخم في الصحراء.",
    )];
    d.publish(Utc::now() - Duration::minutes(1));
    let first = s.create_article(Actor::System, &d).await.expect("first");
    eventually("the first one's list is worked out", DEADLINE, || async {
        (kept().await == wanted + 1).then_some(())
    })
    .await;
    let mut d = ArticleDraft::new("علماء الفلك يرصدون مجرة بعيدة من المرصد", site.asia.id);
    d.body = vec![Block::paragraph(
        "رصد علماء الفلك في المرصد مجرة بعيدة بتلسكوب ضخم حديث في الصحراء.",
    )];
    d.publish(Utc::now() - Duration::minutes(1));
    let second = s.create_article(Actor::System, &d).await.expect("second");
    site.search_caught_up().await;
    // The first one's list was dropped (the second is its nearest neighbour) and is back
    // without a reader: the count reaches every article again only once it is.
    eventually(
        "the lists a publish dropped are worked out again",
        DEADLINE,
        || async { (kept().await == wanted + 2).then_some(()) },
    )
    .await;
    let suggested = index
        .suggested(&[first.id], warraq_web::SUGGESTED_RELATED)
        .await
        .expect("suggested");
    assert_eq!(suggested[&first.id].first(), Some(&second.id));
}
