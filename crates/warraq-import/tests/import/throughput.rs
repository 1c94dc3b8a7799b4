//! Import throughput: generates ninjs files and imports them, printing items per second.
//!
//! `cargo test -p warraq-import --release --test import -- --ignored import_throughput --nocapture`
//! (`WARRAQ_BENCH_ITEMS` sets the number of files, 10,000 by default).

use std::time::Instant;

use warraq_import::ImportArgs;

use crate::support::{Backend, import, ninjs_text, store, write};

const DEFAULT_ITEMS: usize = 10_000;

mod import_throughput {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "benchmark: run with --release --ignored --nocapture"]
    async fn sqlite() {
        super::import_throughput(crate::support::Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "benchmark: run with --release --ignored --nocapture"]
    async fn postgres() {
        super::import_throughput(crate::support::Backend::Postgres).await
    }
}

async fn import_throughput(backend: Backend) {
    let items = std::env::var("WARRAQ_BENCH_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_ITEMS);
    let ts = store(backend).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let sections = ["اقتصاد", "رياضة", "ثقافة وفنون", "الخليج", "أوروبا"];
    let cities = ["الرياض", "دبي", "القاهرة", "بيروت", "الرباط"];
    for n in 0..items {
        let mut doc = ninjs_text(
            &format!("urn:bench:warraq:{n}"),
            &format!("خبر رقم {n}: الأسواق تترقب قرار الفائدة"),
            &format!(
                "الفقرة الأولى من الخبر {n}.\nالفقرة الثانية تشرح التفاصيل.\nالفقرة الثالثة تنقل ردود الفعل."
            ),
        );
        doc["subjects"] = serde_json::json!([{"name": sections[n % sections.len()], "uri": format!("urn:section:{}", n % 5)}]);
        doc["located"] = cities[n % cities.len()].into();
        doc["by"] = "محرر الاقتصاد".into();
        write(dir.path(), &format!("{n}.json"), &doc.to_string());
    }

    let started = Instant::now();
    let run = import(Some(ts.get()), &ImportArgs::for_paths([dir.path()])).await;
    let elapsed = started.elapsed();
    assert_eq!(
        run.report.counts.created,
        items,
        "{}",
        run.stdout.lines().last().unwrap_or_default()
    );
    let rate = items as f64 / elapsed.as_secs_f64();
    println!(
        "import throughput ({backend:?}): {items} ninjs files in {:.2} s = {rate:.0} items/s",
        elapsed.as_secs_f64()
    );

    let started = Instant::now();
    let again = import(Some(ts.get()), &ImportArgs::for_paths([dir.path()])).await;
    let elapsed = started.elapsed();
    assert_eq!(again.report.counts.unchanged, items);
    let rate = items as f64 / elapsed.as_secs_f64();
    println!(
        "re-import, all unchanged ({backend:?}): {:.2} s = {rate:.0} items/s",
        elapsed.as_secs_f64()
    );
}
