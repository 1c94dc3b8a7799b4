//! The kept lists on disk: a SQLite file in the index's folder (it goes with the index
//! when the folder is started anew), one row per article and one per link, so that the
//! lists showing a changed article are found by an index walk.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::error::{SearchError, SearchResult};

/// The file's name inside the index folder.
const FILE_NAME: &str = "related.sqlite";
/// Bumped when the tables change (and in `prepare`'s pragma): a file of another version
/// is emptied.
const VERSION: i64 = 1;
/// Ids per `IN (...)` list, well under SQLite's limit on bound values.
const CHUNK: usize = 500;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS lists (
    article_id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    related TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
    related_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (related_id, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

fn kept_error(e: sqlx::Error) -> SearchError {
    SearchError::Kept(e.to_string())
}

/// A kept list: how many were asked for, and the related articles, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeptList {
    pub(crate) size: usize,
    pub(crate) related: Vec<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct ListFile {
    pool: SqlitePool,
}

impl ListFile {
    /// The file in `folder` (created when missing), or a private one in memory, with its
    /// tables ready (see [`ListFile::prepare`]).
    pub(crate) async fn open(folder: Option<&Path>) -> SearchResult<ListFile> {
        let (options, pool) = match folder {
            Some(folder) => (
                SqliteConnectOptions::new()
                    .filename(folder.join(FILE_NAME))
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(5)),
                SqlitePoolOptions::new().max_connections(4),
            ),
            // One connection that is never recycled: the data lives as long as it does.
            None => (
                SqliteConnectOptions::from_str("sqlite::memory:").map_err(kept_error)?,
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None),
            ),
        };
        let file = ListFile {
            pool: pool.connect_with(options).await.map_err(kept_error)?,
        };
        file.prepare().await?;
        Ok(file)
    }

    /// Creates the tables; empties a file of another version, or one left marked as
    /// being changed (a node stopped between an index commit and the forget after it).
    async fn prepare(&self) -> SearchResult<()> {
        let mut conn = self.pool.acquire().await.map_err(kept_error)?;
        let version: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut *conn)
            .await
            .map_err(kept_error)?;
        if version != VERSION {
            sqlx::raw_sql("DROP TABLE IF EXISTS lists; DROP TABLE IF EXISTS links; DROP TABLE IF EXISTS state;")
                .execute(&mut *conn)
                .await
                .map_err(kept_error)?;
        }
        sqlx::raw_sql(SCHEMA)
            .execute(&mut *conn)
            .await
            .map_err(kept_error)?;
        sqlx::raw_sql("PRAGMA user_version = 1")
            .execute(&mut *conn)
            .await
            .map_err(kept_error)?;
        drop(conn);
        if self.is_marked_changing().await? {
            tracing::info!("kept related articles left unfinished by a stop: starting anew");
            self.clear().await?;
        }
        Ok(())
    }

    /// The kept lists of `ids` (those that have one).
    pub(crate) async fn read(&self, ids: &[i64]) -> SearchResult<HashMap<i64, KeptList>> {
        let mut found = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let mut query = in_list(
                "SELECT article_id, size, related FROM lists WHERE article_id IN (",
                chunk,
            );
            for row in query
                .build()
                .fetch_all(&self.pool)
                .await
                .map_err(kept_error)?
            {
                let id: i64 = row.get(0);
                let size: i64 = row.get(1);
                let related: String = row.get(2);
                found.insert(
                    id,
                    KeptList {
                        size: usize::try_from(size).unwrap_or_default(),
                        related: parse_ids(&related),
                    },
                );
            }
        }
        Ok(found)
    }

    /// Keeps the list of `article`, replacing any.
    pub(crate) async fn write(&self, article: i64, list: &KeptList) -> SearchResult<()> {
        let mut tx = self.pool.begin().await.map_err(kept_error)?;
        remove_lists(&mut tx, &[article]).await?;
        let joined = list
            .related
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        sqlx::query("INSERT INTO lists (article_id, size, related) VALUES (?, ?, ?)")
            .bind(article)
            .bind(list.size as i64)
            .bind(joined)
            .execute(&mut *tx)
            .await
            .map_err(kept_error)?;
        for related in &list.related {
            sqlx::query("INSERT OR IGNORE INTO links (related_id, article_id) VALUES (?, ?)")
                .bind(related)
                .bind(article)
                .execute(&mut *tx)
                .await
                .map_err(kept_error)?;
        }
        tx.commit().await.map_err(kept_error)
    }

    /// The articles whose kept lists show one of `ids`.
    pub(crate) async fn holders(&self, ids: &[i64]) -> SearchResult<HashSet<i64>> {
        let mut holders = HashSet::new();
        for chunk in ids.chunks(CHUNK) {
            let mut query = in_list("SELECT article_id FROM links WHERE related_id IN (", chunk);
            let rows: Vec<i64> = query
                .build_query_scalar()
                .fetch_all(&self.pool)
                .await
                .map_err(kept_error)?;
            holders.extend(rows);
        }
        Ok(holders)
    }

    /// Drops the lists of `ids` and clears the mark [`ListFile::mark_changing`] set.
    pub(crate) async fn remove(&self, ids: &[i64]) -> SearchResult<()> {
        let mut tx = self.pool.begin().await.map_err(kept_error)?;
        for chunk in ids.chunks(CHUNK) {
            remove_lists(&mut tx, chunk).await?;
        }
        sqlx::query("DELETE FROM state WHERE key = 'changing'")
            .execute(&mut *tx)
            .await
            .map_err(kept_error)?;
        tx.commit().await.map_err(kept_error)
    }

    /// Drops every list and clears the mark.
    pub(crate) async fn clear(&self) -> SearchResult<()> {
        sqlx::raw_sql("BEGIN; DELETE FROM lists; DELETE FROM links; DELETE FROM state WHERE key = 'changing'; COMMIT;")
            .execute(&self.pool)
            .await
            .map_err(kept_error)?;
        Ok(())
    }

    /// Marks the lists as being changed: until the mark is cleared (by `remove` or
    /// `clear`), a file opened anew is emptied.
    pub(crate) async fn mark_changing(&self) -> SearchResult<()> {
        sqlx::query("INSERT OR REPLACE INTO state (key, value) VALUES ('changing', '1')")
            .execute(&self.pool)
            .await
            .map_err(kept_error)?;
        Ok(())
    }

    async fn is_marked_changing(&self) -> SearchResult<bool> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT value FROM state WHERE key = 'changing'")
                .fetch_optional(&self.pool)
                .await
                .map_err(kept_error)?;
        Ok(found.is_some())
    }

    /// How many lists are kept.
    pub(crate) async fn len(&self) -> SearchResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lists")
            .fetch_one(&self.pool)
            .await
            .map_err(kept_error)?;
        Ok(n as u64)
    }
}

async fn remove_lists(tx: &mut sqlx::SqliteConnection, ids: &[i64]) -> SearchResult<()> {
    for id in ids {
        let related: Option<String> =
            sqlx::query_scalar("DELETE FROM lists WHERE article_id = ? RETURNING related")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(kept_error)?;
        for shown in parse_ids(related.as_deref().unwrap_or("")) {
            sqlx::query("DELETE FROM links WHERE related_id = ? AND article_id = ?")
                .bind(shown)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(kept_error)?;
        }
    }
    Ok(())
}

/// `head` (ending in `IN (`) with `ids` bound, one placeholder each, and the closing
/// parenthesis.
fn in_list(head: &'static str, ids: &[i64]) -> QueryBuilder<Sqlite> {
    let mut query = QueryBuilder::<Sqlite>::new(head);
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    query.push(")");
    query
}

fn parse_ids(joined: &str) -> Vec<i64> {
    joined
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(related: &[i64]) -> KeptList {
        KeptList {
            size: 4,
            related: related.to_vec(),
        }
    }

    #[tokio::test]
    async fn lists_are_kept_with_their_links_and_dropped_with_them() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let file = ListFile::open(Some(folder.path())).await.expect("open");
        file.write(1, &list(&[2, 3])).await.expect("write");
        file.write(4, &list(&[3])).await.expect("write");
        file.write(5, &list(&[])).await.expect("an empty list");
        assert_eq!(file.read(&[1, 5, 9]).await.expect("read").len(), 2);
        assert_eq!(
            file.holders(&[3]).await.expect("holders"),
            HashSet::from([1, 4])
        );
        // A list written again replaces the old one and its links.
        file.write(1, &list(&[7])).await.expect("rewrite");
        assert_eq!(
            file.holders(&[3]).await.expect("holders"),
            HashSet::from([4])
        );
        assert_eq!(file.read(&[1]).await.expect("read")[&1], list(&[7]));
        file.remove(&[4]).await.expect("remove");
        assert!(file.holders(&[3]).await.expect("holders").is_empty());
        assert_eq!(file.len().await.expect("len"), 2);
    }

    #[tokio::test]
    async fn a_file_left_marked_as_changing_is_emptied_when_opened() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let file = ListFile::open(Some(folder.path())).await.expect("open");
        file.write(1, &list(&[2])).await.expect("write");
        file.pool.close().await;
        let file = ListFile::open(Some(folder.path())).await.expect("reopen");
        assert_eq!(file.len().await.expect("len"), 1, "kept across a restart");

        file.mark_changing().await.expect("mark");
        file.pool.close().await;
        let file = ListFile::open(Some(folder.path())).await.expect("reopen");
        assert_eq!(
            file.len().await.expect("len"),
            0,
            "a stop mid-change empties it"
        );
        assert!(file.holders(&[2]).await.expect("holders").is_empty());
    }
}
