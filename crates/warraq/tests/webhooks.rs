//! `warraq webhook` with the real binary on a SQLite data folder: endpoints are added
//! (the secret printed once), listed and removed; a running `serve` sends a signed
//! `article.published` for an import, and for a scheduled item only at its time, pings the
//! WebSub hub of `--websub-hub`, and `webhook deliveries` shows the log.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use support::{path_str, run, start_server, stderr_of, temp_dir};

/// What the receiver got: (path, time, headers, body).
type Log = Arc<Mutex<Vec<(String, DateTime<Utc>, HeaderMap, String)>>>;

async fn receiver() -> (String, Log) {
    let log: Log = Arc::default();
    let record = |path: &'static str, log: Log| {
        post(move |headers: HeaderMap, body: Bytes| async move {
            let body = String::from_utf8_lossy(&body).into_owned();
            log.lock()
                .unwrap()
                .push((path.to_string(), Utc::now(), headers, body));
            StatusCode::OK
        })
    };
    let app = Router::new()
        .route("/hook", record("/hook", log.clone()))
        .route("/hub", record("/hub", log.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, log)
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

fn ninjs(uri: &str, headline: &str, first_created: DateTime<Utc>) -> Value {
    json!({
        "uri": uri,
        "type": "text",
        "pubStatus": "usable",
        "language": "ar",
        "firstCreated": first_created.to_rfc3339_opts(SecondsFormat::Millis, true),
        "versionCreated": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": format!("{headline}: النص الكامل.")}],
    })
}

fn import(dir: &str, file: &std::path::Path, doc: &Value) {
    std::fs::write(file, doc.to_string()).expect("write the item");
    ok(&[
        "import",
        "--as",
        "source",
        "--section",
        "آسيا",
        "--data",
        dir,
        path_str(file),
    ]);
}

/// The webhook events received so far, as (time, headers, body).
fn events(log: &Log) -> Vec<(DateTime<Utc>, HeaderMap, String)> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|(path, ..)| path == "/hook")
        .map(|(_, at, headers, body)| (*at, headers.clone(), body.clone()))
        .collect()
}

async fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_are_managed_and_a_running_server_sends_signed_events() {
    let data = temp_dir("webhooks");
    let dir = path_str(&data);
    let (base, log) = receiver().await;
    let hook = format!("{base}/hook");

    // Added: the secret alone on standard output, once.
    let secret = ok(&["webhook", "add", &hook, "--data", dir])
        .trim()
        .to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(secret.len(), "whsec_".len() + 64);
    let refused = run(&["webhook", "add", "hooks.example.org", "--data", dir]);
    assert!(!refused.status.success());
    assert!(
        stderr_of(&refused).contains("not an http:// or https:// address"),
        "{}",
        stderr_of(&refused)
    );
    let twice = run(&["webhook", "add", &hook, "--data", dir]);
    assert!(!twice.status.success(), "the same URL twice is refused");
    let listed = ok(&["webhook", "list", "--data", dir]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.starts_with(&format!("1\twebhook\t{hook}\tadded ")),
        "{listed}"
    );
    assert!(!listed.contains(&secret), "the secret is shown once only");

    let server = start_server(&["--data", dir, "--websub-hub", &format!("{base}/hub")]).await;
    let items = temp_dir("webhook-items");
    import(
        dir,
        &items.join("now.json"),
        &ninjs("urn:test:webhooks:now", "خبر يصل المشتركين", Utc::now()),
    );
    until("the published event", || events(&log).len() == 1).await;
    let (_, headers, body) = &events(&log)[0];
    let signature = headers["warraq-signature"].to_str().expect("ascii");
    warraq_webhooks::verify(
        &secret,
        signature,
        body.as_bytes(),
        Utc::now().timestamp(),
        300,
    )
    .expect("signed with the printed secret");
    let event: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(event["type"], "article.published");
    assert_eq!(event["ninjs"]["headlines"][0]["value"], "خبر يصل المشتركين");
    until("hub pings", || {
        log.lock().unwrap().iter().any(|(path, _, _, body)| {
            path == "/hub" && body.starts_with("hub.mode=publish&hub.url=")
        })
    })
    .await;

    // Scheduled: nothing until its time, then the event with nobody acting.
    let moment = Utc::now() + chrono::Duration::seconds(3);
    import(
        dir,
        &items.join("later.json"),
        &ninjs("urn:test:webhooks:later", "خبر مجدول للمشتركين", moment),
    );
    until("the scheduled event", || events(&log).len() == 2).await;
    let (at, _, body) = &events(&log)[1];
    assert!(*at >= moment, "sent at {at}, before its time {moment}");
    assert!(body.contains("خبر مجدول للمشتركين"));

    let deliveries = ok(&["webhook", "deliveries", "--endpoint", "1", "--data", dir]);
    let lines: Vec<&str> = deliveries.lines().collect();
    assert_eq!(lines.len(), 2, "{deliveries}");
    for line in &lines {
        assert!(line.contains("article.published"), "{line}");
        assert!(line.contains("attempts 1\t200\tdelivered"), "{line}");
    }
    assert_eq!(
        ok(&["webhook", "deliveries", "--failed", "--data", dir]),
        ""
    );
    let json = ok(&[
        "webhook",
        "deliveries",
        "--json",
        "--limit",
        "1",
        "--data",
        dir,
    ]);
    let entry: Value = serde_json::from_str(json.trim()).expect("one JSON line");
    assert!(entry["delivered_at"].is_string(), "{entry}");
    assert!(entry.get("body").is_none(), "{entry}");

    assert_eq!(
        ok(&["webhook", "remove", "1", "--data", dir]).trim(),
        "webhook 1 removed"
    );
    let listed = ok(&["webhook", "list", "--data", dir]);
    assert!(!listed.contains("\twebhook\t"), "{listed}");
    assert!(
        listed.contains(&format!("\twebsub\t{base}/hub\t")),
        "{listed}"
    );
    assert!(ok(&["webhook", "list", "--all", "--data", dir]).contains("(removed)"));
    let unknown = run(&["webhook", "remove", "99", "--data", dir]);
    assert!(!unknown.status.success());
    assert!(
        stderr_of(&unknown).contains("webhook 99"),
        "{}",
        stderr_of(&unknown)
    );

    server
        .terminate(Duration::from_secs(10))
        .expect("stops on SIGTERM");
}
