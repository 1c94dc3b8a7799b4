//! The article sitemaps' slices (see [`warraq_store::SitemapFile`]): each file is one id
//! range, read through `articles_for_sitemaps` (migration 0008), an index that holds what
//! a sitemap shows (id, visibility, last change, hero, slug) so that neither the count of
//! a file nor its URLs read an article's row (its text, kilobytes a row).

use warraq_domain::{ArticleId, MediaId};
use warraq_store::{SitemapEntry, SitemapFile, StoreResult, sitemap_id_range};

use crate::codec::Time;
use crate::db::{Conn, Dialect, on_conn};
use crate::error::backend;

/// The two queries of a file, `$1..=$2` its ids and `$3` the moment of visibility. SQLite
/// names the index: by statistics alone it may walk the table's own id order instead and
/// read every row.
pub(crate) fn file_summary_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "SELECT COUNT(*), MAX(updated_at) FROM articles INDEXED BY articles_for_sitemaps \
             WHERE id BETWEEN $1 AND $2 AND visible_from <= $3"
        }
        Dialect::Postgres => {
            "SELECT COUNT(*), MAX(updated_at) FROM articles \
             WHERE id BETWEEN $1 AND $2 AND visible_from <= $3"
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

pub(crate) async fn sitemap_files(
    conn: &mut Conn<'_>,
    now: Time,
    per_file: u32,
) -> StoreResult<Vec<SitemapFile>> {
    let max_id: Option<i64> =
        on_conn!(conn, |c| sqlx::query_scalar("SELECT MAX(id) FROM articles")
            .fetch_one(c)
            .await)
        .map_err(backend)?;
    let Some(max_id) = max_id else {
        return Ok(Vec::new());
    };
    let dialect = conn.dialect();
    let mut files = Vec::new();
    let mut number = 1u32;
    // One indexed range count per file (a million-article store has a thousand files of
    // a thousand ids): a GROUP BY of the file number would be one statement, but SQLite
    // sorts every visible article for it, where these walk the index once in order.
    while let Some((first, last)) = sitemap_id_range(number, per_file) {
        if first > max_id {
            break;
        }
        let (urls, lastmod): (i64, Option<Time>) =
            on_conn!(conn, |c| sqlx::query_as(file_summary_sql(dialect))
                .bind(first)
                .bind(last)
                .bind(now)
                .fetch_one(c)
                .await)
            .map_err(backend)?;
        if let Some(lastmod) = lastmod {
            files.push(SitemapFile {
                number,
                urls: urls.unsigned_abs(),
                lastmod: lastmod.0,
            });
        }
        let Some(next) = number.checked_add(1) else {
            break;
        };
        number = next;
    }
    Ok(files)
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
