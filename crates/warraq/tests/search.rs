//! `warraq search` and `warraq reindex` end to end, with the real binary on a SQLite data
//! folder: the running server holds the index (and the commands say so), the commands
//! work once it stopped.

mod support;

use std::time::{Duration, Instant};

use support::{path_str, run, start_server, stderr_of, temp_dir};

/// The demo's «مترو الرياض يتجاوز عتبة مليون راكب في أسبوع واحد», asked without `ال`.
const QUERY: &str = "مترو رياض";
const HEADLINE: &str = "مترو الرياض يتجاوز عتبة مليون راكب في أسبوع واحد";

#[tokio::test]
async fn search_and_reindex_use_the_data_folder_index_once_the_server_stopped() {
    let data = temp_dir("search");
    let server = start_server(&["--demo", "--data", path_str(&data)]).await;

    // The server builds its index in the background; its API finds the article.
    let url = format!(
        "{}/api/v1/search?q=%D9%85%D8%AA%D8%B1%D9%88%20%D8%B1%D9%8A%D8%A7%D8%B6",
        server.base_url
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = reqwest::get(&url).await.unwrap().text().await.unwrap();
        let body: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if body["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i["headline"] == HEADLINE))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the API never found the article: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // While it runs, the commands refuse in one line naming the folder.
    for args in [
        vec!["search", "--data", path_str(&data), QUERY],
        vec!["reindex", "--data", path_str(&data)],
    ] {
        let output = run(&args);
        assert!(!output.status.success(), "{args:?}");
        let err = stderr_of(&output);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(path_str(&data.join("search"))), "{err}");
        assert!(err.contains("stop the server"), "{err}");
    }
    server
        .terminate(Duration::from_secs(10))
        .expect("the server stops on SIGTERM");

    let output = run(&["search", "--data", path_str(&data), "--json", QUERY]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(body["total"].as_u64().unwrap() >= 1, "{body}");
    let item = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["headline"] == HEADLINE)
        .unwrap_or_else(|| panic!("{body}"));
    for field in ["id", "uri", "headline", "snippet", "published"] {
        assert!(!item[field].is_null(), "{field} in {item}");
    }
    assert!(
        item["uri"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/article/")
    );

    let output = run(&["search", "--data", path_str(&data), QUERY]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains(HEADLINE), "{text}");
    assert!(!text.contains("<mark>"), "plain snippets: {text}");

    let output = run(&["search", "--data", path_str(&data), "قطارمغناطيسي"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("لا نتائج لـ «قطارمغناطيسي»"));

    let output = run(&["reindex", "--data", path_str(&data)]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("search index rebuilt: 38 articles"), "{text}");
    let output = run(&["search", "--data", path_str(&data), "--json", QUERY]);
    assert!(String::from_utf8_lossy(&output.stdout).contains(HEADLINE));
}
