//! `warraq generate` end to end, with the real binary on SQLite and on PostgreSQL: a small
//! generated store is valid (every article counted, pages render, what is hidden stays
//! hidden), and on a store large enough for the planners to choose as in production every
//! reader list is an index walk (no whole-table scan, no sort of every matching row).

mod support;

use std::time::Duration;

use chrono::Utc;
use support::{ScratchDatabase, path_str, run, start_server, stderr_of, temp_dir};
use warraq_domain::arabic::slugify;
use warraq_domain::urls::{article_path, section_path};
use warraq_store::{
    ArticleQuery, ArticleStore, CatalogStore, ChangeLogStore, Cursor, Scope, WebhookStore,
};
use warraq_store_sql::{SqlStore, plan_problems};

/// Where the generated store lives: its data folder and, for PostgreSQL, the database.
struct Target {
    args: Vec<String>,
    store: SqlStore,
    _db: Option<ScratchDatabase>,
    _data: support::TempFolder,
}

async fn generated(tag: &str, postgres: bool, articles: u64, extra: &[&str]) -> Target {
    let data = temp_dir(tag);
    let (db, url) = if postgres {
        let (db, url) = ScratchDatabase::create(tag).await;
        (Some(db), Some(url))
    } else {
        (None, None)
    };
    let mut args = vec!["--data".to_string(), path_str(&data).to_string()];
    if let Some(url) = &url {
        args.extend(["--database-url".to_string(), url.clone()]);
    }
    let count = articles.to_string();
    let mut command = vec!["generate", "--articles", &count, "--pictures", "2"];
    command.extend(args.iter().map(String::as_str));
    command.extend(extra);
    let output = run(&command);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("generated {articles} articles")),
        "{stdout}"
    );
    let store = match &url {
        Some(url) => SqlStore::connect_postgres(url).await.expect("PostgreSQL"),
        None => SqlStore::open_sqlite(&data.join("warraq.db"))
            .await
            .expect("SQLite"),
    };
    Target {
        args,
        store,
        _db: db,
        _data: data,
    }
}

/// Every article the store holds, newest first.
async fn all_articles(store: &SqlStore, scope: Scope) -> Vec<warraq_domain::Article> {
    let mut query = ArticleQuery {
        scope,
        limit: 200,
        ..ArticleQuery::default()
    };
    let mut all = Vec::new();
    loop {
        let page = store.list_articles(&query).await.expect("list");
        all.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => return all,
        }
    }
}

async fn small_store_is_valid(postgres: bool) {
    let target = generated(
        if postgres { "genpg" } else { "gensqlite" },
        postgres,
        300,
        &[],
    )
    .await;
    let store = &target.store;
    let now = Utc::now();
    assert_eq!(store.count_articles().await.unwrap(), 300);
    let everything = all_articles(store, Scope::All).await;
    assert_eq!(everything.len(), 300);
    let visible = all_articles(store, Scope::VisibleAt(now)).await;
    // 1 % each of drafts, scheduled and embargoed stories.
    assert_eq!(visible.len(), 291);
    let hidden: Vec<_> = everything
        .iter()
        .filter(|a| !a.is_visible_at(now))
        .collect();
    assert_eq!(hidden.len(), 9);
    for status in ["draft", "scheduled", "embargoed"] {
        assert_eq!(
            hidden
                .iter()
                .filter(|a| a.status.as_str() == status)
                .count(),
            3,
            "{status}"
        );
    }
    // The generated history is not news: the webhook dispatcher starts after it, the
    // visible articles count as announced, the hidden ones wait for their moment.
    assert_eq!(
        store.webhook_position().await.unwrap(),
        store.last_change_seq().await.unwrap()
    );
    let probe = [visible[0].id, visible[290].id, hidden[0].id];
    let mut announced = store.announced(&probe).await.unwrap();
    announced.sort_by_key(|a| a.article);
    let mut expected: Vec<_> = [&visible[0], &visible[290]]
        .into_iter()
        .map(|a| warraq_store::Announced {
            article: a.id,
            visible: true,
            version: a.version,
        })
        .collect();
    expected.sort_by_key(|a| a.article);
    assert_eq!(announced, expected);
    // Realistic: tags, authors, pictures, sections, dates spread back in time.
    assert!(
        visible
            .iter()
            .all(|a| !a.tags.is_empty() && !a.author_ids.is_empty())
    );
    assert!(visible.iter().all(|a| a.body.len() >= 4));
    assert!(visible.iter().any(|a| a.hero_id.is_some()));
    let oldest = visible.last().unwrap().sort_at();
    assert!(now - oldest > chrono::Duration::hours(20), "{oldest}");

    let mut serve = vec!["--base-url", "http://generated.test"];
    serve.extend(target.args.iter().map(String::as_str));
    let server = start_server(&serve).await;
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{}{path}", server.base_url);
        async move {
            let resp = client.get(&url).send().await.expect("GET");
            let status = resp.status().as_u16();
            (status, resp.text().await.unwrap_or_default())
        }
    };
    let (status, home) = get("/".into()).await;
    assert_eq!(status, 200);
    assert!(
        home.contains(&visible[0].headline),
        "newest on the home page"
    );
    for article in [&visible[0], &visible[150], visible.last().unwrap()] {
        let (status, page) = get(article_path(article)).await;
        assert_eq!(status, 200, "{}", article_path(article));
        assert!(page.contains(&article.headline));
        let tag = slugify(&article.tags[0]);
        let (status, _) = get(format!("/tag/{}", urlencode(&tag))).await;
        assert_eq!(status, 200, "tag {tag}");
    }
    let section = store.section(visible[0].section_id).await.unwrap();
    let (status, page) = get(section_path(&section)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&visible[0].headline));
    for path in [
        "/sitemap.xml",
        "/sitemaps/articles-1.xml",
        "/sitemaps/news.xml",
        "/feed/rss.xml",
    ] {
        assert_eq!(get(path.into()).await.0, 200, "{path}");
    }
    // The article sitemap lists every visible article, and nothing else.
    let (_, sitemap) = get("/sitemaps/articles-1.xml".into()).await;
    assert_eq!(sitemap.matches("<url>").count(), visible.len());
    // The API lists exactly the visible articles, newest first.
    let mut listed = Vec::new();
    let mut next = Some("/api/v1/articles?limit=100".to_string());
    while let Some(path) = next.take() {
        let (status, body) = get(path).await;
        assert_eq!(status, 200);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        for item in body["items"].as_array().unwrap() {
            // The ninjs `uri` is the article's address: `/article/{id}/{slug}`.
            let uri = item["uri"].as_str().unwrap();
            let id = uri
                .split("/article/")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap();
            listed.push(id.parse::<i64>().unwrap());
        }
        next = body["next"]
            .as_str()
            .map(|cursor| format!("/api/v1/articles?limit=100&cursor={cursor}"));
    }
    let expected: Vec<i64> = visible.iter().map(|a| a.id.0).collect();
    assert_eq!(listed, expected);
    // The hidden ones stay hidden everywhere.
    for article in &hidden {
        assert_eq!(
            get(article_path(article)).await.0,
            404,
            "{}",
            article.status.as_str()
        );
        assert_eq!(get(format!("/api/v1/articles/{}", article.id)).await.0, 404);
        assert!(!home.contains(&article.headline));
    }
    server
        .terminate(Duration::from_secs(10))
        .expect("the server stops");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_small_generated_store_is_valid_on_sqlite() {
    small_store_is_valid(false).await;
}

#[tokio::test]
async fn a_small_generated_store_is_valid_on_postgres() {
    small_store_is_valid(true).await;
}

/// Every list the reader pages, feeds, sitemaps and the API ask for.
async fn reader_lists(store: &SqlStore) -> Vec<(String, ArticleQuery)> {
    let now = Utc::now();
    let visible = ArticleQuery::visible_at(now);
    let newest = store
        .list_articles(&ArticleQuery {
            limit: 200,
            ..visible.clone()
        })
        .await
        .unwrap();
    let deep = Cursor::of(newest.items.last().unwrap());
    let article = &newest.items[10];
    let sections = store.list_sections().await.unwrap();
    let people = store.list_people().await.unwrap();
    let mut lists = vec![
        (
            "home latest".to_string(),
            ArticleQuery {
                limit: 13,
                ..visible.clone()
            },
        ),
        (
            "feed".into(),
            ArticleQuery {
                limit: 20,
                ..visible.clone()
            },
        ),
        (
            "API list".into(),
            ArticleQuery {
                limit: 20,
                ..visible.clone()
            },
        ),
        (
            "API list after a cursor".into(),
            ArticleQuery {
                limit: 20,
                after: Some(deep),
                ..visible.clone()
            },
        ),
        (
            "next article".into(),
            ArticleQuery {
                limit: 1,
                after: Some(Cursor::of(article)),
                ..visible.clone()
            },
        ),
        (
            "news sitemap".into(),
            ArticleQuery {
                limit: 1_000,
                ..visible.clone()
            },
        ),
    ];
    // The busiest and the quietest sections, people and tags.
    for section in [sections.first().unwrap(), sections.last().unwrap()] {
        let query = ArticleQuery {
            section: Some(section.id),
            limit: 13,
            ..visible.clone()
        };
        lists.push((format!("section {}", section.slug), query.clone()));
        lists.push((
            format!("section {} after a cursor", section.slug),
            ArticleQuery {
                after: Some(deep),
                ..query
            },
        ));
    }
    for person in [people.first().unwrap(), people.last().unwrap()] {
        let query = ArticleQuery {
            author: Some(person.id),
            limit: 13,
            ..visible.clone()
        };
        lists.push((format!("author {}", person.slug), query.clone()));
        lists.push((
            format!("author {} after a cursor", person.slug),
            ArticleQuery {
                after: Some(deep),
                ..query
            },
        ));
    }
    for tag in [
        slugify("اقتصاد"),
        slugify(&article.tags[article.tags.len() - 1]),
    ] {
        let query = ArticleQuery {
            tag: Some(tag.clone()),
            limit: 13,
            ..visible.clone()
        };
        lists.push((format!("tag {tag}"), query.clone()));
        lists.push((
            format!("tag {tag} after a cursor"),
            ArticleQuery {
                after: Some(deep),
                ..query
            },
        ));
    }
    lists
}

async fn lists_are_index_walks(postgres: bool) {
    let target = generated(
        if postgres { "planspg" } else { "planssqlite" },
        postgres,
        20_000,
        &["--no-index"],
    )
    .await;
    let store = &target.store;
    // SQLite as a site runs it (no statistics), then as after ANALYZE; PostgreSQL after
    // ANALYZE, as autovacuum leaves it.
    let rounds: &[bool] = if postgres { &[true] } else { &[false, true] };
    let mut failures = Vec::new();
    for &analyzed in rounds {
        if analyzed {
            store.analyze().await.expect("ANALYZE");
        }
        let mut plans = Vec::new();
        for (name, query) in reader_lists(store).await {
            plans.push((name, store.explain_list(&query).await.expect("EXPLAIN")));
        }
        // Article sitemap files, first, middle and last, at the site's 1,000 ids a file.
        for number in [1, 10, 20] {
            let plan = store
                .explain_sitemap(Utc::now(), number, 1_000)
                .await
                .expect("EXPLAIN sitemap");
            plans.push((format!("sitemap file {number}"), plan));
        }
        for (name, plan) in plans {
            let problems = plan_problems(&plan);
            if !problems.is_empty() {
                failures.push(format!(
                    "{name} (analyzed: {analyzed}): {problems:?}\n  {}",
                    plan.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_reader_list_is_an_index_walk_on_sqlite() {
    lists_are_index_walks(false).await;
}

#[tokio::test]
async fn every_reader_list_is_an_index_walk_on_postgres() {
    lists_are_index_walks(true).await;
}
