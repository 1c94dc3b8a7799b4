//! The article sitemaps' slices (see [`warraq_store::SitemapFile`]): each file is one id
//! range, read through `articles_for_sitemaps` (migration 0008), an index that holds what
//! a sitemap shows (id, visibility, last change, hero, slug) so that neither the count of
//! a file nor its URLs read an article's row (its text, kilobytes a row). The sitemap
//! indexes read each file's summary kept in `sitemap_file_summaries` (migration 0009).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use warraq_domain::{ArticleId, MediaId};
use warraq_store::{SitemapEntry, SitemapFile, StoreResult, sitemap_id_range};

use crate::codec::Time;
use crate::db::{Conn, Dialect, Pool, on_conn};
use crate::error::backend;

/// The two queries of a file, `$1..=$2` its ids and `$3` the moment of visibility. SQLite
/// names the index: by statistics alone it may walk the table's own id order instead and
/// read every row.
///
/// The summary: how many articles readers may see, the latest change among them, and the
/// earliest moment one of the others becomes visible (until then the summary holds).
pub(crate) fn file_summary_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "SELECT COUNT(CASE WHEN visible_from <= $3 THEN 1 END), \
             MAX(CASE WHEN visible_from <= $3 THEN updated_at END), \
             MIN(CASE WHEN visible_from > $3 THEN visible_from END) \
             FROM articles INDEXED BY articles_for_sitemaps WHERE id BETWEEN $1 AND $2"
        }
        Dialect::Postgres => {
            "SELECT COUNT(CASE WHEN visible_from <= $3 THEN 1 END), \
             MAX(CASE WHEN visible_from <= $3 THEN updated_at END), \
             MIN(CASE WHEN visible_from > $3 THEN visible_from END) \
             FROM articles WHERE id BETWEEN $1 AND $2"
        }
    }
}

pub(crate) fn file_entries_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "SELECT id, slug, updated_at, hero_id FROM articles INDEXED BY articles_for_sitemaps \
             WHERE id BETWEEN $1 AND $2 AND visible_from <= $3 ORDER BY id DESC"
        }
        Dialect::Postgres => {
            "SELECT id, slug, updated_at, hero_id FROM articles \
             WHERE id BETWEEN $1 AND $2 AND visible_from <= $3 ORDER BY id DESC"
        }
    }
}

/// Files summarised in one write transaction: the first index read of a store migrated
/// from before 0009 summarises every file (a thousand at a million articles), and writers
/// should not wait for all of them at once.
const SUMMARIES_PER_TRANSACTION: usize = 64;

/// One file's count and last change (`None`: nothing in it readers may see).
type Summary = (u64, Option<Time>);

/// The files numbered within `numbers` (up to the newest id's), from the summaries kept in
/// `sitemap_file_summaries` (migration 0009): one row a file, so a read costs what its
/// range's length does, not the store's. Files with no summary true at `now` (new, written
/// to since, or holding a story whose moment has come) are summarised again and kept, in
/// write transactions, which writers take one at a time: the triggers that drop a summary
/// run in writers' transactions, so a summary is never written back from before a write it
/// did not see.
pub(crate) async fn sitemap_files(
    pool: &Pool,
    now: Time,
    per_file: u32,
    numbers: RangeInclusive<u32>,
) -> StoreResult<Vec<SitemapFile>> {
    let (asked, mut summaries) = {
        let mut pooled = pool.acquire().await?;
        let conn = &mut pooled.conn();
        let last_number = last_sitemap_file(conn, per_file).await?;
        let asked = (*numbers.start()).max(1)..=(*numbers.end()).min(last_number);
        if asked.is_empty() {
            return Ok(Vec::new());
        }
        let kept = kept_summaries(conn, now, per_file, asked.clone()).await?;
        (asked, kept)
    };
    let missing: Vec<u32> = asked
        .filter(|number| !summaries.contains_key(number))
        .collect();
    for batch in missing.chunks(SUMMARIES_PER_TRANSACTION) {
        let mut tx = pool.begin_write().await?;
        for &number in batch {
            let summary = summarise_file(&mut tx.conn(), now, number, per_file).await?;
            summaries.insert(number, summary);
        }
        tx.commit().await?;
    }
    Ok(summaries
        .into_iter()
        .filter_map(|(number, (urls, lastmod))| {
            lastmod.map(|lastmod| SitemapFile {
                number,
                urls,
                lastmod: lastmod.0,
            })
        })
        .collect())
}

/// The number of the file the newest id falls in, 0 for an empty store.
pub(crate) async fn last_sitemap_file(conn: &mut Conn<'_>, per_file: u32) -> StoreResult<u32> {
    let max_id: Option<i64> =
        on_conn!(conn, |c| sqlx::query_scalar("SELECT MAX(id) FROM articles")
            .fetch_one(c)
            .await)
        .map_err(backend)?;
    let Some(max_id) = max_id.filter(|id| *id > 0 && per_file > 0) else {
        return Ok(0);
    };
    let number = (max_id - 1) / i64::from(per_file) + 1;
    Ok(u32::try_from(number).unwrap_or(u32::MAX))
}

/// The kept summaries of `per_file`-id files numbered within `numbers` that are true at
/// `now` (a walk of the table's primary key).
async fn kept_summaries(
    conn: &mut Conn<'_>,
    now: Time,
    per_file: u32,
    numbers: RangeInclusive<u32>,
) -> StoreResult<BTreeMap<u32, Summary>> {
    let rows: Vec<(i64, i64, Option<Time>)> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT number, urls, lastmod FROM sitemap_file_summaries \
         WHERE per_file = $1 AND number BETWEEN $3 AND $4 \
         AND computed_at <= $2 AND (recheck_at IS NULL OR recheck_at > $2) \
         ORDER BY number"
    )
    .bind(i64::from(per_file))
    .bind(now)
    .bind(i64::from(*numbers.start()))
    .bind(i64::from(*numbers.end()))
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, urls, lastmod)| {
            Some((u32::try_from(number).ok()?, (urls.unsigned_abs(), lastmod)))
        })
        .collect())
}

/// Summarises file `number` at `now` from the articles and keeps the summary. Runs in a
/// write transaction (see [`sitemap_files`]).
async fn summarise_file(
    conn: &mut Conn<'_>,
    now: Time,
    number: u32,
    per_file: u32,
) -> StoreResult<Summary> {
    let Some((first, last)) = sitemap_id_range(number, per_file) else {
        return Ok((0, None));
    };
    let dialect = conn.dialect();
    let (urls, lastmod, recheck_at): (i64, Option<Time>, Option<Time>) =
        on_conn!(conn, |c| sqlx::query_as(file_summary_sql(dialect))
            .bind(first)
            .bind(last)
            .bind(now)
            .fetch_one(c)
            .await)
        .map_err(backend)?;
    on_conn!(conn, |c| sqlx::query(
        "INSERT INTO sitemap_file_summaries \
         (per_file, number, first_id, last_id, urls, lastmod, computed_at, recheck_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (per_file, number) DO UPDATE SET urls = excluded.urls, \
         lastmod = excluded.lastmod, computed_at = excluded.computed_at, \
         recheck_at = excluded.recheck_at"
    )
    .bind(i64::from(per_file))
    .bind(i64::from(number))
    .bind(first)
    .bind(last)
    .bind(urls)
    .bind(lastmod)
    .bind(now)
    .bind(recheck_at)
    .execute(c)
    .await
    .map(|_| ()))
    .map_err(backend)?;
    Ok((urls.unsigned_abs(), lastmod))
}

pub(crate) async fn sitemap_entries(
    conn: &mut Conn<'_>,
    now: Time,
    number: u32,
    per_file: u32,
) -> StoreResult<Vec<SitemapEntry>> {
    let Some((first, last)) = sitemap_id_range(number, per_file) else {
        return Ok(Vec::new());
    };
    let dialect = conn.dialect();
    let rows: Vec<(i64, String, Time, Option<i64>)> =
        on_conn!(conn, |c| sqlx::query_as(file_entries_sql(dialect))
            .bind(first)
            .bind(last)
            .bind(now)
            .fetch_all(c)
            .await)
        .map_err(backend)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, updated_at, hero_id)| SitemapEntry {
            id: ArticleId(id),
            slug,
            updated_at: updated_at.0,
            hero_id: hero_id.map(MediaId),
        })
        .collect())
}
