//! `warraq search` and `warraq reindex`, and the one place that opens a node's search
//! index (`<data>/search`, also with PostgreSQL: each node keeps its own).

use std::io::Write;

use anyhow::Context;
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use warraq_domain::arabic::to_arabic_indic_digits;
use warraq_search::{IndexOptions, SearchError, SearchIndex, SearchQuery};
use warraq_web::{SiteConfig, plain_snippet, search_hits_with_articles, search_json};

use crate::cli::{ReindexCommand, SearchCommand};
use crate::store_options::StoreOptions;

/// The index folder inside the data folder.
const INDEX_FOLDER: &str = "search";

/// Opens the index; a running `warraq serve` on the same data folder holds its lock, and
/// the error then says so in one line.
pub fn open_index(store: &StoreOptions) -> anyhow::Result<SearchIndex> {
    let folder = store.data.join(INDEX_FOLDER);
    SearchIndex::open(&folder, IndexOptions::default()).map_err(|e| match e {
        SearchError::Locked(path) => anyhow::anyhow!(
            "the search index {} is in use by another warraq (a running `warraq serve`?): stop the server, or search through the running site's API (/api/v1/search?q=)",
            path.display()
        ),
        e => anyhow::anyhow!("cannot open the search index in {}: {e}", folder.display()),
    })
}

pub async fn search(args: SearchCommand) -> anyhow::Result<()> {
    let index = open_index(&args.store)?;
    let store = args.store.open().await?;
    index
        .catch_up(&*store)
        .await
        .context("cannot bring the search index up to date")?;
    let mut query = SearchQuery::new(&args.query);
    query.limit = args.limit;
    let results = index.search(&query).context("search failed")?;
    let found = search_hits_with_articles(store.as_ref(), &results.hits, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("cannot load the articles found: {e}"))?;
    let site = SiteConfig {
        site_name: args.site.site_name.clone(),
        base_url: args.site.base_url.clone(),
        utc_offset_minutes: args.utc_offset_minutes,
        websub_hub: None,
        ..SiteConfig::default()
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", search_json(&site, results.total, &found))?;
        return Ok(());
    }
    if found.is_empty() {
        writeln!(out, "لا نتائج لـ «{}»", args.query.trim())?;
        return Ok(());
    }
    writeln!(
        out,
        "{} نتيجة",
        to_arabic_indic_digits(&results.total.to_string())
    )?;
    let json = search_json(&site, results.total, &found);
    for ((hit, _), item) in found
        .iter()
        .zip(json["items"].as_array().into_iter().flatten())
    {
        let date = hit
            .published
            .with_timezone(&site.offset())
            .format("%Y-%m-%d");
        writeln!(out)?;
        writeln!(out, "{}", hit.headline)?;
        writeln!(out, "{date}  {}", item["uri"].as_str().unwrap_or_default())?;
        writeln!(out, "{}", plain_snippet(&hit.snippet_html))?;
    }
    Ok(())
}

pub async fn reindex(args: ReindexCommand) -> anyhow::Result<()> {
    let index = open_index(&args.store)?;
    let store = args.store.open().await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let position = index
        .rebuild(&*store, |p| {
            bar.set_length(p.total);
            bar.set_position(p.indexed);
        })
        .await
        .context("cannot rebuild the search index")?;
    bar.finish_and_clear();
    println!(
        "search index rebuilt: {} articles readers may see, at change {position}",
        index.len()
    );
    Ok(())
}
