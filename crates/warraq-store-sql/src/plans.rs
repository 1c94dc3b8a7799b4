//! The query plans of the reader lists, for checking that every list is an index walk
//! (issue 10: a page costs the same at a thousand articles as at a million). The lists
//! are built by the same code as [`SqlStore::list_articles`](warraq_store::ArticleStore),
//! prefixed with `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN` (PostgreSQL).

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row};
use warraq_store::{ArticleQuery, StoreResult, sitemap_id_range};

use crate::articles::{article_select, file_entries_sql, file_summary_sql, list_limit, list_sql};
use crate::codec::Time;
use crate::db::{Conn, Dialect};
use crate::error::backend;
use crate::store::SqlStore;

impl SqlStore {
    /// The plan the database chooses for the list `query` (one line per step, SQLite's
    /// `detail` column or PostgreSQL's text plan), as `list_articles` would run it.
    pub async fn explain_list(&self, query: &ArticleQuery) -> StoreResult<Vec<String>> {
        let limit = list_limit(query) + 1;
        let mut pooled = self.pool.acquire().await?;
        match pooled.conn() {
            Conn::Sqlite(c) => {
                let rows = list_sql!(
                    concat!("EXPLAIN QUERY PLAN ", article_select!("")),
                    Dialect::Sqlite,
                    query,
                    limit
                )
                .build()
                .fetch_all(&mut *c)
                .await
                .map_err(backend)?;
                rows.iter()
                    .map(|r| r.try_get::<String, _>("detail").map_err(backend))
                    .collect()
            }
            Conn::Postgres(c) => {
                let rows = list_sql!(
                    concat!("EXPLAIN ", article_select!("")),
                    Dialect::Postgres,
                    query,
                    limit
                )
                .build()
                .fetch_all(&mut *c)
                .await
                .map_err(backend)?;
                rows.iter()
                    .map(|r| r.try_get::<String, _>(0).map_err(backend))
                    .collect()
            }
        }
    }

    /// The plans of the two queries of article sitemap file `number` (its count and last
    /// change, then its URLs), as `sitemap_files` and `sitemap_entries` run them.
    pub async fn explain_sitemap(
        &self,
        now: DateTime<Utc>,
        number: u32,
        per_file: u32,
    ) -> StoreResult<Vec<String>> {
        let (first, last) = sitemap_id_range(number, per_file).unwrap_or((1, 0));
        let dialect = self.dialect();
        let mut plan = Vec::new();
        let mut pooled = self.pool.acquire().await?;
        for query in [file_summary_sql(dialect), file_entries_sql(dialect)] {
            // Built from two static strings only: no value is in the text.
            let sql = AssertSqlSafe(match dialect {
                Dialect::Sqlite => format!("EXPLAIN QUERY PLAN {query}"),
                Dialect::Postgres => format!("EXPLAIN {query}"),
            });
            let lines: Vec<String> = match pooled.conn() {
                Conn::Sqlite(c) => sqlx::query(sql)
                    .bind(first)
                    .bind(last)
                    .bind(Time(now))
                    .fetch_all(&mut *c)
                    .await
                    .map_err(backend)?
                    .iter()
                    .map(|r| r.try_get::<String, _>("detail").map_err(backend))
                    .collect::<StoreResult<_>>()?,
                Conn::Postgres(c) => sqlx::query(sql)
                    .bind(first)
                    .bind(last)
                    .bind(Time(now))
                    .fetch_all(&mut *c)
                    .await
                    .map_err(backend)?
                    .iter()
                    .map(|r| r.try_get::<String, _>(0).map_err(backend))
                    .collect::<StoreResult<_>>()?,
            };
            plan.extend(lines);
        }
        Ok(plan)
    }

    /// Gathers the planner's statistics (`ANALYZE`), as PostgreSQL's autovacuum does on
    /// its own and `PRAGMA optimize` does for SQLite.
    pub async fn analyze(&self) -> StoreResult<()> {
        let mut pooled = self.pool.acquire().await?;
        match pooled.conn() {
            Conn::Sqlite(c) => sqlx::query("ANALYZE").execute(&mut *c).await.map(drop),
            Conn::Postgres(c) => sqlx::query("ANALYZE").execute(&mut *c).await.map(drop),
        }
        .map_err(backend)?;
        Ok(())
    }
}

/// What in `plan` (from [`SqlStore::explain_list`]) reads more than a page's worth of
/// rows: a scan of a whole table or a sort of every matching row. Empty when the list is
/// an index walk in its order, stopping after the page.
pub fn plan_problems(plan: &[String]) -> Vec<String> {
    plan.iter()
        .filter(|line| {
            let line = line.trim_start().trim_start_matches("->").trim_start();
            // SQLite: a scan without an index reads the whole table; a temporary B-tree
            // for ORDER BY sorts every matching row; an IN list is read whole.
            let sqlite_scan = line.starts_with("SCAN ")
                && !line.contains("USING INDEX")
                && !line.contains("USING COVERING INDEX");
            let sqlite_sort = line.contains("USE TEMP B-TREE");
            let sqlite_list = line.contains("LIST SUBQUERY");
            // PostgreSQL: a sequential scan, a sort, a hash or a bitmap scan all read every
            // matching row before the first is returned.
            let pg = ["Seq Scan", "Sort ", "Sort  ", "Hash ", "Bitmap Heap Scan"]
                .iter()
                .any(|bad| line.starts_with(bad));
            sqlite_scan || sqlite_sort || sqlite_list || pg
        })
        .cloned()
        .collect()
}
