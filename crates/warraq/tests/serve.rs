//! The first command of the README, for real: `warraq serve --demo` on each backend, and
//! the one-line errors an operator gets when something is in the way.

mod support;

use support::{ScratchDatabase, path_str, run, start_server, stderr_of, temp_dir};

async fn fetch(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.expect("request");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// Home page and the first article it links to.
async fn assert_site_serves_demo_articles(base_url: &str) {
    let (status, home) = fetch(&format!("{base_url}/")).await;
    assert_eq!(status, 200);
    assert!(
        home.contains(r#"lang="ar""#) && home.contains(r#"dir="rtl""#),
        "home is Arabic RTL"
    );
    let link = home
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/article/"))
        .expect("home links to an article");
    let (status, article) = fetch(&format!("{base_url}{link}")).await;
    assert_eq!(status, 200);
    assert!(
        article.contains("مقالات ذات صلة"),
        "article page has the related module"
    );
    // Every address the home page and the article page link to answers (sections,
    // articles, media renditions, static assets), on this backend.
    let mut links: Vec<String> = [&home, &article]
        .iter()
        .flat_map(|html| {
            html.split("href=\"")
                .skip(1)
                .chain(html.split("src=\"").skip(1))
        })
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(str::to_string)
        .collect();
    links.sort();
    links.dedup();
    assert!(
        links.len() > 20,
        "the pages link to sections, articles and pictures"
    );
    for link in links {
        let (status, _) = fetch(&format!("{base_url}{link}")).await;
        assert!(status < 400, "{link} answered {status}");
    }
    let (status, api) = fetch(&format!("{base_url}/api/v1/articles?limit=50")).await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&api).expect("API answers JSON");
    assert!(
        json["items"].as_array().map(|a| a.len()).unwrap_or(0) >= 36,
        "36+ demo articles listed"
    );
}

#[tokio::test]
async fn serve_demo_on_sqlite_serves_the_demo_site() {
    let data = temp_dir("sqlite-demo");
    let server = start_server(&["--demo", "--data", path_str(&data)]).await;
    let (_, health) = fetch(&format!("{}/healthz", server.base_url)).await;
    assert!(
        health.contains("sqlite"),
        "health names the backend: {health}"
    );
    assert_site_serves_demo_articles(&server.base_url).await;
    assert!(
        data.join("warraq.db").exists(),
        "the database lives in the data folder"
    );
}

#[tokio::test]
async fn serve_demo_on_postgres_serves_the_demo_site() {
    let (_database, url) = ScratchDatabase::create("demo").await;
    // With PostgreSQL the data folder still holds the node's search index.
    let data = temp_dir("demo-postgres");
    let server = start_server(&["--demo", "--database-url", &url, "--data", path_str(&data)]).await;
    let (_, health) = fetch(&format!("{}/healthz", server.base_url)).await;
    assert!(
        health.contains("postgres"),
        "health names the backend: {health}"
    );
    assert_site_serves_demo_articles(&server.base_url).await;
}

#[tokio::test]
async fn sigterm_stops_the_server_and_its_background_tasks_cleanly() {
    let data = temp_dir("sigterm");
    let server = start_server(&[
        "--data",
        path_str(&data),
        "--change-log-retention-hours",
        "24",
    ])
    .await;
    let (status, _) = fetch(&format!("{}/", server.base_url)).await;
    assert_eq!(status, 200);
    let exit = server
        .terminate(std::time::Duration::from_secs(10))
        .expect("the server exits within 10 s of SIGTERM");
    assert!(exit.success(), "exit status {exit}");
}

#[tokio::test]
async fn a_change_log_retention_under_one_hour_is_refused() {
    let data = temp_dir("retention");
    let out = run(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--data",
        path_str(&data),
        "--change-log-retention-hours",
        "0",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("--change-log-retention-hours"),
        "{}",
        stderr_of(&out)
    );
}

#[tokio::test]
async fn a_busy_port_is_reported_in_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let data = temp_dir("busy");
    let out = run(&["serve", "--addr", &addr, "--data", path_str(&data)]);
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(
        err.contains(&addr) && err.contains("already in use"),
        "{err}"
    );
    assert_eq!(
        err.trim()
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{err}"
    );
}

#[tokio::test]
async fn an_unreachable_database_is_reported_in_one_line() {
    let out = run(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        "postgres://warraq:secret@127.0.0.1:1/news",
    ]);
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(err.contains("cannot open the PostgreSQL database"), "{err}");
    assert!(err.contains("127.0.0.1:1"), "names the server: {err}");
    assert!(!err.contains("secret"), "never prints the password: {err}");
}

#[tokio::test]
async fn an_unwritable_data_folder_is_reported_in_one_line() {
    // A folder cannot be made under a regular file, whoever runs the test (even root).
    let dir = temp_dir("unwritable");
    let file = dir.join("not-a-folder");
    std::fs::write(&file, b"x").expect("write");
    let data = file.join("data");
    let out = run(&["serve", "--addr", "127.0.0.1:0", "--data", path_str(&data)]);
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(
        err.contains("cannot create the data folder") && err.contains(path_str(&data)),
        "{err}"
    );
}

#[tokio::test]
async fn a_database_of_a_newer_schema_is_refused() {
    let data = temp_dir("newer");
    let db = data.join("warraq.db");
    // Create the database as this warraq would, then pretend a newer warraq migrated it.
    drop(
        warraq_store_sql::SqlStore::open_sqlite(&db)
            .await
            .expect("create the database"),
    );
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path_str(&db)))
        .await
        .expect("open");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .expect("insert");
    pool.close().await;
    let out = run(&["serve", "--addr", "127.0.0.1:0", "--data", path_str(&data)]);
    assert!(!out.status.success());
    let err = stderr_of(&out);
    assert!(
        err.contains("newer") && err.contains("99990101000000"),
        "{err}"
    );
}
