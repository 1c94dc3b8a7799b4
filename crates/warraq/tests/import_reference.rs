//! End to end: the reference page imported as wire text with `warraq import --as
//! published`, then served: both articles are article pages, the first with its five
//! related stories, kept as external references without a dead link.

mod support;

use std::path::PathBuf;

use support::{path_str, run, start_server, stderr_of, temp_dir};

fn reference_page() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/samples/aawsat-article-page.txt"
    ));
    if path.exists() {
        Some(path)
    } else {
        println!(
            "skipped: ../shared/samples/aawsat-article-page.txt is absent (a clone outside the workplace)"
        );
        None
    }
}

async fn get(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.expect("request");
    (resp.status().as_u16(), resp.text().await.expect("body"))
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_imported_reference_page_is_served_as_two_article_pages() {
    let Some(page) = reference_page() else { return };
    let data = temp_dir("import-reference");
    let out = run(&[
        "import",
        "--as",
        "published",
        "--data",
        path_str(&data),
        path_str(&page),
    ]);
    assert!(out.status.success(), "import succeeds: {}", stderr_of(&out));
    // A real import prints its report on standard output (a dry run prints documents there).
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("2 created"), "report: {report}");

    // Importing again changes nothing: the same text has the same content hash.
    let again = run(&[
        "import",
        "--as",
        "published",
        "--data",
        path_str(&data),
        path_str(&page),
    ]);
    assert!(again.status.success());
    let report = String::from_utf8_lossy(&again.stdout);
    assert!(
        report.contains("0 created") && report.contains("2 unchanged"),
        "second report: {report}"
    );

    let server = start_server(&["--data", path_str(&data)]).await;
    let (status, api) = get(&format!("{}/api/v1/articles", server.base_url)).await;
    assert_eq!(status, 200);
    let api: serde_json::Value = serde_json::from_str(&api).expect("json");
    let items = api["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "two articles, no duplicates");

    let headlines = [
        "موسكو تعلن عن محادثات «استراتيجية» مع كوريا الشمالية",
        "الولايات المتحدة ترحب بجهود الهند والصين لخفض التوترات الحدودية بينهما",
    ];
    for (index, headline) in headlines.iter().enumerate() {
        let item = items
            .iter()
            .find(|i| i["headlines"][0]["value"] == *headline)
            .unwrap_or_else(|| panic!("article {index} is listed"));
        let uri = item["uri"].as_str().expect("uri");
        let (status, html) = get(uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(
            html.contains(&format!(">{headline}</h1>")),
            "the headline is the page's h1"
        );
        let related = html.matches("class=\"related-item").count();
        if index == 0 {
            assert_eq!(related, 5, "the editors' related items of article {index}");
        } else {
            // No editors' picks: the search index may suggest the other article (once it
            // is built, which the server does in the background).
            assert!(related <= 1, "related items of article {index}: {related}");
            if related == 1 {
                assert!(html.contains(headlines[0]), "the suggestion is article 0");
            }
        }
        if index == 0 {
            for bureau in ["(واشنطن)", "(موسكو)"] {
                assert!(html.contains(bureau), "related bylines name {bureau}");
            }
            assert!(
                html.contains("«الشرق الأوسط»"),
                "the outlet is kept as written"
            );
            assert!(
                html.contains("أرشيفية - رويترز"),
                "the archive thumbnail keeps its mark"
            );
        }
        // No dead link: every address on the page answers.
        for href in hrefs(&html) {
            if href.starts_with('/') && !href.starts_with("//") {
                let (status, _) = get(&format!("{}{href}", server.base_url)).await;
                assert!(status < 400, "{href} answered {status}");
            }
        }
        // A wire photo has no file: its caption and credit are shown, but no broken image.
        assert!(
            !html.contains("<img src=\"/media/"),
            "no image without a file"
        );
        assert!(html.contains("class=\"credit"), "the hero credit is shown");
    }
}

#[tokio::test]
async fn the_desk_chooses_the_section_of_wire_copy_that_names_none() {
    let Some(page) = reference_page() else { return };
    let out = run(&[
        "import",
        "--dry-run",
        "--section",
        "أوروبا",
        path_str(&page),
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let docs = docs.as_array().expect("array");
    assert_eq!(docs.len(), 2);
    for doc in docs {
        let sections: Vec<&str> = doc["subjects"]
            .as_array()
            .expect("subjects")
            .iter()
            .filter(|s| s["rel"] == "section")
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert_eq!(sections, ["أوروبا"], "{}", doc["headlines"][0]["value"]);
    }
    assert!(
        !stderr_of(&out).contains("no section given"),
        "{}",
        stderr_of(&out)
    );
}
