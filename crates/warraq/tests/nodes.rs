//! Several nodes on one PostgreSQL database, for real: two `warraq serve` processes, and
//! `warraq import` as the newsroom. Each publication, correction and withdrawal shows on
//! both nodes (home page and API) within a deadline, and a story scheduled a few seconds
//! ahead appears on both after its time with nobody acting, and not before.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};
use support::{ScratchDatabase, path_str, run, start_server, stderr_of, temp_dir};

/// How long a change may take to show on every node (the follower polls every 200 ms;
/// this leaves room for a busy machine).
const DEADLINE: Duration = Duration::from_secs(5);

struct Reader {
    client: reqwest::Client,
}

impl Reader {
    async fn text(&self, url: &str) -> (u16, String) {
        let resp = self.client.get(url).send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("body"))
    }

    /// Whether `headline` is on the node's home page and in its API list.
    async fn shows(&self, node: &str, headline: &str) -> (bool, bool) {
        let (_, home) = self.text(&format!("{node}/")).await;
        let (_, api) = self
            .text(&format!("{node}/api/v1/articles?limit=100"))
            .await;
        let api: Value = serde_json::from_str(&api).expect("API JSON");
        let listed = api["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|item| item.to_string().contains(headline));
        (home.contains(headline), listed)
    }

    /// Polls every node until each shows (`present`) or does not show `headline` on both
    /// its home page and its API; returns how long it took.
    async fn until(&self, nodes: &[&str], headline: &str, present: bool) -> Duration {
        let started = Instant::now();
        loop {
            let mut all = true;
            for node in nodes {
                all &= self.shows(node, headline).await == (present, present);
            }
            if all {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < DEADLINE,
                "`{headline}` {} on every node within {DEADLINE:?}",
                if present { "shown" } else { "gone" }
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

fn ninjs(uri: &str, headline: &str, status: &str, first_created: chrono::DateTime<Utc>) -> Value {
    json!({
        "uri": uri,
        "type": "text",
        "pubStatus": status,
        "language": "ar",
        "firstCreated": first_created.to_rfc3339_opts(SecondsFormat::Millis, true),
        "versionCreated": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": format!("{headline}: النص الكامل للخبر.")}],
    })
}

/// `warraq import --as source` of one ninjs document, as the newsroom would.
fn import(dir: &Path, url: &str, doc: &Value) {
    let file = dir.join("item.json");
    std::fs::write(&file, doc.to_string()).expect("write the item");
    let out = run(&[
        "import",
        "--as",
        "source",
        "--section",
        "آسيا",
        "--database-url",
        url,
        path_str(&file),
    ]);
    assert!(
        out.status.success(),
        "import: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
}

#[tokio::test]
async fn two_nodes_on_one_database_follow_every_import_and_every_go_live() {
    let (_database, url) = ScratchDatabase::create("nodes").await;
    // Each node keeps its own search index, in its own data folder.
    let (first_data, second_data) = (temp_dir("node-one"), temp_dir("node-two"));
    let first = start_server(&["--database-url", &url, "--data", path_str(&first_data)]).await;
    let second = start_server(&["--database-url", &url, "--data", path_str(&second_data)]).await;
    let nodes = [first.base_url.as_str(), second.base_url.as_str()];
    let reader = Reader {
        client: reqwest::Client::new(),
    };
    let dir = temp_dir("nodes");
    // Both nodes have their pages cached before anything happens.
    for node in nodes {
        reader.shows(node, "-").await;
    }

    let uri = "urn:test:warraq:nodes:1";
    let published = "الحكومة تعلن خطة لتوسيع شبكة النقل العام";
    import(
        &dir,
        &url,
        &ninjs(
            uri,
            published,
            "usable",
            Utc::now() - chrono::Duration::minutes(5),
        ),
    );
    let took = reader.until(&nodes, published, true).await;
    println!("published: on both nodes {took:?} after the import ended");

    let corrected = "الحكومة تعلن خطة موسعة لشبكة النقل العام";
    import(
        &dir,
        &url,
        &ninjs(
            uri,
            corrected,
            "usable",
            Utc::now() - chrono::Duration::minutes(5),
        ),
    );
    let took = reader.until(&nodes, corrected, true).await;
    reader.until(&nodes, published, false).await;
    println!("corrected: on both nodes {took:?} after the import ended");

    import(
        &dir,
        &url,
        &ninjs(
            uri,
            corrected,
            "canceled",
            Utc::now() - chrono::Duration::minutes(5),
        ),
    );
    let took = reader.until(&nodes, corrected, false).await;
    println!("withdrawn: gone from both nodes {took:?} after the import ended");

    // Scheduled a few seconds ahead: not before its time, then on both with nobody acting.
    let moment = Utc::now() + chrono::Duration::seconds(4);
    let scheduled = "افتتاح المعرض الدولي للكتاب في موعده";
    import(
        &dir,
        &url,
        &ninjs("urn:test:warraq:nodes:2", scheduled, "usable", moment),
    );
    let mut checks = 0;
    while Utc::now() + chrono::Duration::milliseconds(500) < moment {
        for node in nodes {
            assert_eq!(
                reader.shows(node, scheduled).await,
                (false, false),
                "{node} shows the scheduled story before its time"
            );
        }
        checks += 1;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        checks > 0,
        "the import took longer than the time ahead; the test proves nothing"
    );
    let wait = (moment - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait).await;
    let took = reader.until(&nodes, scheduled, true).await;
    println!("scheduled: on both nodes {took:?} after its time ({checks} checks before it)");
}
